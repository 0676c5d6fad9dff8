// The ids module and package.json must agree: a command id typo would otherwise only show up
// as a silently dead menu item.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Colors, Commands, Settings, Views } from '../../src/extension/ids';
import { CLAIM_STATUSES, ENTITY_TYPES } from '../../src/core/types';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
const c = pkg.contributes;

test('every command id is contributed, and every contributed command is in the ids module', () => {
  const declared = new Set<string>(c.commands.map((x: { command: string }) => x.command));
  assert.deepEqual([...declared].sort(), Object.values(Commands).sort());
  for (const x of c.commands) assert.equal(x.category, 'Marginalia', `${x.command} has the Marginalia category`);
});

test('internal commands are hidden from the palette', () => {
  const hidden = new Set(c.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
  for (const id of Object.values(Commands)) assert.equal(hidden.has(id), id.startsWith('marginalia._'), id);
});

test('menus and keybindings name only declared commands', () => {
  const ids = new Set<string>(Object.values(Commands));
  for (const [menu, items] of Object.entries(c.menus) as [string, { command: string }[]][]) {
    for (const m of items) assert.ok(ids.has(m.command), `${menu}: ${m.command}`);
  }
  for (const k of c.keybindings) assert.ok(ids.has(k.command), k.command);
});

test('views and settings match the ids module', () => {
  assert.deepEqual(c.viewsContainers.activitybar.map((v: { id: string }) => v.id), [Views.container]);
  assert.deepEqual(c.views[Views.container].map((v: { id: string }) => v.id).sort(), [Views.sources, Views.entities, Views.claims, Views.review].sort());
  const props = c.configuration.properties;
  assert.deepEqual(Object.keys(props).sort(), Object.values(Settings).sort());
  for (const [k, v] of Object.entries(props) as [string, { markdownDescription?: string }][]) assert.ok(v.markdownDescription, `${k} has a markdownDescription`);
});

test('a theme colour exists for every entity type and claim status', () => {
  const colors = new Set(c.colors.map((x: { id: string }) => x.id));
  const expected = [...ENTITY_TYPES.map(Colors.entity), ...CLAIM_STATUSES.flatMap((s) => [Colors.claim(s), Colors.claimBorder(s)]), Colors.note, Colors.needsReview, Colors.conflict];
  assert.deepEqual([...colors].sort(), expected.sort());
  for (const x of c.colors) for (const theme of ['dark', 'light', 'highContrast']) assert.ok(x.defaults[theme], `${x.id} ${theme}`);
});

test('the JSON schemas registered for YAML validation ship with the extension', () => {
  for (const v of c.yamlValidation) assert.ok(fs.existsSync(path.join(__dirname, '../..', v.url)), v.url);
});

test('Restricted Mode is declared limited, and the command that writes git config is hidden there', () => {
  assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, 'limited');
  assert.match(pkg.capabilities.untrustedWorkspaces.description, /Restricted Mode/);
  const entry = c.menus.commandPalette.find((m: { command: string }) => m.command === Commands.setupGit);
  assert.match(entry?.when ?? '', /\bisWorkspaceTrusted\b/);
  for (const [menu, items] of Object.entries(c.menus) as [string, { command: string; when?: string }[]][]) {
    for (const m of items) if (m.command === Commands.setupGit) assert.match(m.when ?? '', /\bisWorkspaceTrusted\b/, `${menu} shows git-setup only when trusted`);
  }
});
