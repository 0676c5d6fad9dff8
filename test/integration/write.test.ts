// Issue 9 in the real extension host: every write goes through one guarded path that records
// who changed what, retries from the new version when someone wrote meanwhile, refuses (with a
// message) rather than recreate a file someone deleted, and puts everything one command wrote
// on one Undo entry — the registry entry "New entity…" added included.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar, parseWorkspace } from '../../src/core/format';
import type { Annotation } from '../../src/core/types';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID, Settings } from '../../src/extension/ids';
import { waitUntil } from './wait';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

const TEXT = [
  'Border talks stall',
  '',
  'The Aurel Border Service said the talks had stalled over the night convoys. Observers from the mission counted eleven lorries at the gate.',
  '',
].join('\n');

const SIDECAR = `marginalia: 1
source: border-talks.txt
annotations:
  - id: c-stalled
    kind: claim
    quote: the talks had stalled over the night convoys
    status: unverified
    author: Ana Analyst
    created: 2026-11-28T09:00:00Z
    updated: 2026-11-28T09:00:00Z
`;

suite('write path', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;
  let source: vscode.Uri;
  let sidecar: vscode.Uri;
  let registry: vscode.Uri;
  let registryText: string;
  const realPick = vscode.window.showQuickPick;
  const realInput = vscode.window.showInputBox;
  const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));
  const annotations = async (): Promise<Annotation[]> => parseSidecar(await read(sidecar), 'x').sidecar!.annotations;
  const entityIds = async () => parseWorkspace(await read(registry), 'marginalia.yaml').config!.entities.map((e) => e.id);

  async function select(text: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(source);
    const editor = await vscode.window.showTextDocument(doc);
    const start = doc.getText().indexOf(text);
    assert.ok(start >= 0, text);
    editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(start + text.length));
  }

  /** Answers the New entity… flow the way an analyst does: the "New entity" item, a name, a type. */
  function answerNewEntity(name: string, type: string): void {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly { label: string }[]) =>
      items.find((i) => i.label.includes('New entity')) ?? items.find((i) => i.label === type);
    (vscode.window as { showInputBox: unknown }).showInputBox = async () => name;
  }

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
    source = vscode.Uri.joinPath(folder, 'border-talks.txt');
    sidecar = vscode.Uri.joinPath(folder, 'border-talks.txt.annotations.yaml');
    registry = vscode.Uri.joinPath(folder, 'marginalia.yaml');
    registryText = await read(registry);
    await vscode.workspace.fs.writeFile(source, encoder.encode(TEXT));
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode(SIDECAR));
    await waitUntil(() => api.store.sourceFor(source)?.entry?.parsed?.sidecar?.annotations.length === 1, 10_000, 'the source is indexed');
  });

  teardown(async () => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = realPick;
    (vscode.window as { showInputBox: unknown }).showInputBox = realInput;
    api.writer.beforeWrite = undefined;
    await vscode.workspace.getConfiguration().update(Settings.author, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.writeFile(registry, encoder.encode(registryText));
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode(SIDECAR));
    await waitUntil(() => api.store.sourceFor(source)?.entry?.parsed?.sidecar?.annotations.length === 1, 5_000, 'the sidecar is re-read');
  });

  test('a status change by Ben Byrne on Ana Analyst’s claim keeps the author, sets updatedBy and appends one history entry', async () => {
    await vscode.workspace.getConfiguration().update(Settings.author, 'Ben Byrne', vscode.ConfigurationTarget.Workspace);
    // the hover link's arguments object
    await vscode.commands.executeCommand(Commands.changeStatus, { source: source.toString(), id: 'c-stalled', status: 'refuted' });
    const c = (await annotations()).find((a) => a.id === 'c-stalled')!;
    assert.equal(c.status, 'refuted');
    assert.equal(c.author, 'Ana Analyst', 'the creator stays the author');
    assert.equal(c.updatedBy, 'Ben Byrne');
    assert.notEqual(c.updated, '2026-11-28T09:00:00Z', 'updated is the time of the change');
    assert.equal(c.history?.length, 1);
    assert.deepEqual({ ...c.history![0], at: undefined }, { at: undefined, by: 'Ben Byrne', field: 'status', from: 'unverified', to: 'refuted' });
    assert.equal(c.history![0].at, c.updated);

    // Undo restores the previous assessment and its history exactly
    await vscode.commands.executeCommand(Commands.undo);
    assert.equal(await read(sidecar), SIDECAR);
  });

  test('a registry edit when marginalia.yaml changed between read and write keeps both', async () => {
    api.writer.beforeWrite = async (uri) => {
      if (uri.toString() !== registry.toString()) return;
      api.writer.beforeWrite = undefined; // once
      // a colleague's entity arrives (a git pull) between Marginalia's read and its write
      const text = await read(registry);
      await vscode.workspace.fs.writeFile(registry, encoder.encode(text.replace('entities:\n', 'entities:\n  - id: pulled-in\n    name: Pulled In\n    type: organization\n')));
    };
    await select('Aurel Border Service');
    const shownBefore = api.shown.length;
    await vscode.commands.executeCommand(Commands.markEntity, { name: 'Aurel Border Service', type: 'organization' });
    assert.deepEqual(api.shown.slice(shownBefore), [], 'no message');
    const ids = await entityIds();
    assert.ok(ids.includes('pulled-in'), 'the outside write survived');
    assert.ok(ids.includes('aurel-border-service'), 'and so did ours');
    assert.ok((await annotations()).some((a) => a.entity === 'aurel-border-service'));
  });

  test('marginalia.yaml deleted meanwhile is not recreated: the command says so and marks nothing', async () => {
    api.writer.beforeWrite = async (uri) => {
      if (uri.toString() !== registry.toString()) return;
      api.writer.beforeWrite = undefined;
      await vscode.workspace.fs.delete(registry);
    };
    const before = api.shown.length;
    await select('Observers from the mission');
    await vscode.commands.executeCommand(Commands.markEntity, { name: 'Observer mission', type: 'organization' });
    await assert.rejects(async () => vscode.workspace.fs.stat(registry), 'the registry was not recreated');
    const shown = api.shown.slice(before);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].severity, 'error');
    assert.match(shown[0].text, /marginalia\.yaml was deleted while Marginalia was writing it; it was not recreated/);
    assert.deepEqual((await annotations()).map((a) => a.id), ['c-stalled'], 'no annotation points at an entity that is not there');
  });

  test('Undo after Mark as Entity → New entity… removes the annotation and the registry entry it added', async () => {
    await select('Observers from the mission');
    answerNewEntity('Observer Mission', 'organization');
    await vscode.commands.executeCommand(Commands.markEntity);
    assert.ok((await entityIds()).includes('observer-mission'));
    assert.ok((await annotations()).some((a) => a.entity === 'observer-mission'));
    await vscode.commands.executeCommand(Commands.undo);
    assert.equal(await read(registry), registryText, 'the registry is back byte for byte');
    assert.equal(await read(sidecar), SIDECAR);
    await waitUntil(() => !api.store.sourceFor(source)!.root.registry?.config?.entities.some((e) => e.id === 'observer-mission'), 5_000, 'the store forgot the entity');
  });

  test('Undo leaves a New entity… registry entry someone changed since, and says so', async () => {
    await select('Observers from the mission');
    answerNewEntity('Observer Mission', 'organization');
    await vscode.commands.executeCommand(Commands.markEntity);
    // a colleague renames the entity before the Undo
    await vscode.workspace.fs.writeFile(registry, encoder.encode((await read(registry)).replace('name: Observer Mission', 'name: OSCE Observer Mission')));
    const before = api.shown.length;
    await vscode.commands.executeCommand(Commands.undo);
    assert.ok(!(await annotations()).some((a) => a.entity === 'observer-mission'), 'the annotation is gone');
    assert.ok((await entityIds()).includes('observer-mission'), 'the changed entry stays');
    const shown = api.shown.slice(before);
    assert.equal(shown.length, 1);
    assert.match(shown[0].text, /entity “Observer Mission” was changed since it was added, and was left in the registry/);
  });

  test('Resolve Conflict with a concurrent change retries on the new version, and Undo restores the conflict', async () => {
    const withConflict = SIDECAR.replace('    status: unverified\n', `    status: unverified
    conflicts:
      - field: status
        base: unverified
        values:
          - {value: corroborated, author: Ben Byrne, updated: 2026-11-29T08:00:00Z}
          - {value: disputed, author: Ana Analyst, updated: 2026-11-28T10:00:00Z}
`);
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode(withConflict));
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).some((d) => /merge conflict on `status`/.test(d.message)), 5_000, 'the conflict is in Problems');
    api.writer.beforeWrite = async (uri) => {
      api.writer.beforeWrite = undefined;
      // a note lands while the analyst was picking
      const text = await read(uri);
      await vscode.workspace.fs.writeFile(uri, encoder.encode(`${text}  - {id: n-meanwhile, kind: note, quote: eleven lorries, note: counted twice?}\n`));
    };
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly { label: string }[]) => items.find((i) => i.label === 'disputed');
    // from the editor context menu: the source's URI
    const shownBefore = api.shown.length;
    await vscode.commands.executeCommand(Commands.resolveConflict, source);
    let list = await annotations();
    const c = list.find((a) => a.id === 'c-stalled')!;
    assert.equal(c.status, 'disputed', JSON.stringify(api.shown.slice(shownBefore)));
    assert.equal(c.conflicts, undefined);
    assert.ok(list.some((a) => a.id === 'n-meanwhile'), 'the concurrent note is kept');

    await vscode.commands.executeCommand(Commands.undo);
    list = await annotations();
    const back = list.find((a) => a.id === 'c-stalled')!;
    assert.equal(back.status, 'unverified');
    assert.deepEqual(back.conflicts?.map((x) => x.values.map((v) => v.value)), [['corroborated', 'disputed']], 'the conflict is back');
    assert.ok(list.some((a) => a.id === 'n-meanwhile'), 'Undo keeps what was written since');
  });
});
