// The registry edits of the write path (core/format/registryEdits.ts): an import adds its
// new entities in one edit of marginalia.yaml (one at a time, each read of the registry after
// re-read the corpus: thousands of entities, thousands of re-indexes), and one Undo takes back
// exactly what was added, leaving what someone changed since with a note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addEntityToWorkspace, parseWorkspace } from '../../src/core/format';
import { addToRegistryText, isUnwritable, removeFromRegistryText } from '../../src/core/format/registryEdits';
import type { Entity } from '../../src/core/types';
import { Work } from '../../src/core/worker/work';

const F = 'marginalia.yaml';
const BASE = '# the team’s registry\nmarginalia: 1\nentities:\n  - id: ana\n    name: Ana\n    type: person\n    aliases: [Ani]\n';
const adds: Entity[] = [
  ...Array.from({ length: 200 }, (_, i) => ({ id: `e${i}`, name: `Entity ${i}`, type: 'organization', aliases: [] }) as Entity),
  { id: 'ana', name: 'Ana', type: 'person', aliases: [{ text: 'A. P.' }, { text: 'Ani' }] } as Entity,
  { id: 'e7', name: 'Entity 7', type: 'organization', aliases: [{ text: 'E7' }] } as Entity,
];
const config = (text: string) => parseWorkspace(text, F).config!;

test('entities added in one edit: the text adding them one by one gives; each new entity and each alias added is listed once', () => {
  const r = addToRegistryText(BASE, F, adds);
  assert.ok(!isUnwritable(r));
  let oneByOne = BASE;
  for (const e of adds) oneByOne = addEntityToWorkspace(parseWorkspace(oneByOne, F), e);
  assert.equal(r.text, oneByOne);
  assert.equal(r.added.filter((a) => a.kind === 'entity').length, 200);
  assert.deepEqual(r.added.filter((a) => a.kind === 'aliases'), [{ kind: 'aliases', id: 'ana', aliases: [{ text: 'A. P.' }] }]);
  // the new entity e7 is listed as written, its alias with it
  assert.deepEqual(r.added.find((a) => a.kind === 'entity' && a.entity.id === 'e7'), { kind: 'entity', entity: config(r.text).entities.find((e) => e.id === 'e7') });
});

test('Undo of the edit: everything it added goes, in one pass; what someone changed since stays, with a note', () => {
  const r = addToRegistryText(BASE, F, adds);
  assert.ok(!isUnwritable(r));
  const undone = removeFromRegistryText(r.text, F, r.added);
  assert.ok(!isUnwritable(undone) && undone.text);
  assert.deepEqual(config(undone.text), config(BASE));
  assert.deepEqual(undone.notes, []);
  // someone renamed e3 and took Ana's new alias meanwhile
  const meanwhile = r.text.replace('name: Entity 3\n', 'name: Entity Three\n').replace('[Ani, A. P.]', '[Ani]');
  const partly = removeFromRegistryText(meanwhile, F, r.added);
  assert.ok(!isUnwritable(partly) && partly.text);
  assert.deepEqual(config(partly.text).entities.map((e) => e.id), ['ana', 'e3']);
  assert.deepEqual(partly.notes.sort(), ['alias “A. P.” is no longer in the registry', 'entity “Entity 3” was changed since it was added, and was left in the registry']);
  assert.deepEqual(removeFromRegistryText(null, F, r.added), { notes: r.added.map((a) => (a.kind === 'entity' ? `entity “${a.entity.name}”` : 'alias “A. P.”') + ' was not removed: the registry is gone') });
});

test('in the worker (Work addToRegistry): the same text and additions; a registry with errors is refused at its place', () => {
  const work = new Work();
  const r = addToRegistryText(BASE, F, adds);
  assert.ok(!isUnwritable(r));
  assert.deepEqual(work.handle({ kind: 'addToRegistry', text: BASE, file: F, entities: adds }), { kind: 'addToRegistry', text: r.text, added: r.added });
  // no registry yet: one is started
  const fresh = work.handle({ kind: 'addToRegistry', text: null, file: F, entities: [adds[0]] });
  assert.equal(fresh.kind, 'addToRegistry');
  assert.deepEqual(config((fresh as { text: string }).text).entities.map((e) => e.id), ['e0']);
  const broken = 'marginalia: 1\nentities:\n  - {id: a, name: A, type: person}\n  - {id: a, name: B, type: person}\n';
  const refused = work.handle({ kind: 'addToRegistry', text: broken, file: F, entities: [adds[0]] });
  assert.equal(refused.kind, 'refused');
  assert.match((refused as { message: string }).message, /has errors and was left untouched \(line 4/);
  assert.equal((refused as { line?: number }).line, 4);
});

test('Undo in the worker (Work removeFromRegistry): the text and notes removeFromRegistryText gives', () => {
  const work = new Work();
  const r = addToRegistryText(BASE, F, adds);
  assert.ok(!isUnwritable(r));
  const direct = removeFromRegistryText(r.text, F, r.added);
  assert.ok(!isUnwritable(direct));
  assert.deepEqual(work.handle({ kind: 'removeFromRegistry', text: r.text, file: F, added: r.added }), { kind: 'removeFromRegistry', text: direct.text, notes: direct.notes });
  assert.equal(direct.text, BASE, 'back to the registry before the additions');
  const gone = work.handle({ kind: 'removeFromRegistry', text: null, file: F, added: r.added });
  assert.equal(gone.kind, 'removeFromRegistry');
  assert.equal((gone as { text?: string }).text, undefined);
  assert.ok((gone as { notes: string[] }).notes.every((n) => /the registry is gone/.test(n)));
});
