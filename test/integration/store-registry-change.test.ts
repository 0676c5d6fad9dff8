// Issue 15 in the real extension host: a large registry changed by Marginalia itself (an entity
// added the way New entity… adds it, and its Undo) is parsed in a worker that also makes what the
// next session keeps of it; an open document is placed again with the new registry, and its
// editor finds the new entity's mentions, as a closed source read again does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { parseWorkspace } from '../../src/core/format';
import { indexedApi } from './fixtureFolder';
import { waitUntil } from './wait';
import { invented, INVENTED } from './invented';


/** Sources opened in this order, the last one active (the test of the order sources are placed again in). */
const ORDERED = ['behind-1.txt', 'behind-2.txt', 'looked-at.txt'];

suite('store: a large registry changed by a command', () => {
  let api: MarginaliaApi;
  let dir: string;
  let registry: string;
  let original: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await indexedApi();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    registry = path.join(folder, 'marginalia.yaml');
    original = fs.readFileSync(registry, 'utf8');
    dir = fs.mkdtempSync(path.join(folder, 'changed-'));
    // long enough for its read to carry its digest however it is read (node/indexRead.ts LARGE_TEXT):
    // once open, the editor's worker may read its file rather than be posted its text
    fs.writeFileSync(path.join(dir, 'open.txt'), `Changedson3 met the Quillmark Trust in Aurel.\nLater the Quillmark Trust said nothing.\n${'The river ran calm past the fields that spring.\n'.repeat(2800)}`);
    fs.writeFileSync(path.join(dir, 'closed.txt'), 'The Quillmark Trust wrote to Changed Person 7.\n');
    // written before the index, so that no watcher event for them comes during a test's registry change
    for (const name of ORDERED) fs.writeFileSync(path.join(dir, name), 'Changedson5 wrote to the Ordwell Guild.\n');
    fs.writeFileSync(registry, original.replace(/^entities:\n/m, `entities:\n${invented(INVENTED, 'changed')}`));
    await api.store.reindex();
    await api.store.whenIndexed();
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // the registry as it was, read back from the watcher's event before anything else: an event
    // still to come would read whatever registry the next suite writes, outside its index
    fs.writeFileSync(registry, original);
    const entities = parseWorkspace(original, 'marginalia.yaml').config!.entities.length;
    await waitUntil(() => api.store.allRoots()[0]?.corpus.registry?.entities.length === entities, 20_000, 'the registry as it was, read back');
    fs.rmSync(dir, { recursive: true, force: true });
    await api.store.reindex();
  });

  test('an entity added: the open document\'s editor and a closed source find it; Undo takes it back from both', async function () {
    this.timeout(120_000);
    assert.ok(fs.statSync(registry).size > 64 * 1024, 'large enough to be parsed by a worker');
    const atOpen = api.live.rehearsals;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'open.txt')));
    await vscode.window.showTextDocument(doc);
    const entities = () => new Set(api.live.get(doc)?.mentions.map((m) => m.entity));
    await waitUntil(() => entities().has('changed-person-3'), 10_000, 'the open document\'s mentions of the registry');
    assert.ok(!entities().has('quillmark-trust'));
    const root = api.store.allRoots()[0];
    const closed = () => api.store.sourceFor(vscode.Uri.file(path.join(dir, 'closed.txt')))!.entry!;
    const kept = api.store.counts.registryParsesKept;
    // the registry the suite wrote is new to the keystroke path: rehearsed with it once opened
    await waitUntil(() => api.live.rehearsals > atOpen, 10_000, 'the keystroke path rehearsed with the suite\'s registry');
    const rehearsed = api.live.rehearsals;
    const openEntry = () => api.store.sourceFor(doc.uri)!.entry!;
    const idsBefore = root.corpus.mentionedIds(openEntry()).sort();
    assert.ok(idsBefore.includes('changed-person-3'));

    // this document's requests to the editor's worker, and how its text went (other documents the suites before left open go their own ways)
    const work = (api.live as unknown as { work: { placeTexts: { whole: number; file: number; needed: number }; place(text: string, annotations: readonly unknown[], registry: unknown, file?: unknown): Promise<unknown> } }).work;
    const texts = { ...work.placeTexts };
    const realPlace = work.place;
    const files: unknown[] = [];
    work.place = function (this: unknown, text, annotations, registry, file) {
      if (text === doc.getText()) files.push(file);
      return realPlace.call(this, text, annotations, registry, file);
    };
    const builds = api.store.matchers.builds;
    const built = api.store.counts.matchersBuilt;
    try {
      await api.writer.change('New entity', (c) => c.registry(root, { id: 'quillmark-trust', name: 'Quillmark Trust', type: 'organization', aliases: [] }));
      await waitUntil(() => entities().has('quillmark-trust'), 10_000, 'the open document\'s mentions of the new entity');
    } finally {
      work.place = realPlace;
    }
    // the clean document placed again from its file, read by the worker: its text not posted
    // asked once: when the new registry was in place (newRegistries.ts), and not again at the
    // store's change after the closed source was read, which came while or after it was answered
    assert.equal(files.length, 1, `one request for the open document: ${files.length}`);
    assert.ok(files.every((f) => f !== undefined), 'placed from its file');
    assert.ok(work.placeTexts.file > texts.file, `the worker read it: ${JSON.stringify(work.placeTexts)} after ${JSON.stringify(texts)}`);
    assert.equal(api.live.get(doc)!.mentions.filter((m) => m.entity === 'quillmark-trust').length, 2, 'both of its mentions');
    assert.ok(entities().has('changed-person-3'), 'the others kept');
    // the open source's entry takes the mentions its editor's worker found (Corpus.takeMentions)
    await waitUntil(() => !openEntry().mentionsCarried && root.corpus.mentionedIds(openEntry()).includes('quillmark-trust'), 10_000, 'the open source\'s entry with the new entity');
    assert.deepEqual(root.corpus.mentionedIds(openEntry()).sort(), [...idsBefore, 'quillmark-trust', 'quillmark-trust'].sort());
    await waitUntil(() => root.corpus.mentionedIds(closed()).includes('quillmark-trust'), 10_000, 'the closed source read again with the new registry');
    assert.deepEqual(root.corpus.mentionedIds(closed()).sort(), ['changed-person-7', 'quillmark-trust']);
    // the new registry's matcher built once, off the host's thread: by the editor's worker that
    // wrote the registry, with its parse (WrittenParse.matcher); the open source and the closed
    // one found their mentions with it, and no index worker built it again
    assert.equal(api.store.matchers.builds, builds, 'no matcher built on the host\'s thread');
    assert.deepEqual(api.store.counts.matchersBuilt, { byIndexWorkers: built.byIndexWorkers, asWritten: built.asWritten + 1 }, 'built by the worker that wrote the registry, and by no index worker');
    // what the next session keeps of the new parse, made in the worker that parsed it
    await waitUntil(() => api.store.counts.registryParsesKept > kept, 10_000, 'the new parse kept for the next session');
    // the keystroke path rehearsed with the new registry a moment after it was installed: its
    // matcher is on the host before the first keystroke (which restored it, 16-65 ms, issue 15)
    await waitUntil(() => api.live.rehearsals > rehearsed, 10_000, 'the keystroke path rehearsed with the new registry');
    assert.equal(api.store.matchers.kept(root.uri.toString(), root.corpus.registry!.entities)?.restored, true, 'the new registry\'s matcher restored on the host');
    // and typing the new entity's name in the open source finds it there
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document, doc);
    assert.ok(await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length), 'The Quillmark Trust again.\n')));
    await waitUntil(() => api.live.get(doc)!.mentions.filter((m) => m.entity === 'quillmark-trust').length === 3, 10_000, 'the typed name found');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitUntil(() => api.live.get(doc)!.mentions.filter((m) => m.entity === 'quillmark-trust').length === 2, 10_000, 'the text as it was');

    await api.writer.undo();
    await waitUntil(() => !entities().has('quillmark-trust'), 10_000, 'the open document\'s mentions without it');
    assert.ok(entities().has('changed-person-3'));
    await waitUntil(() => !openEntry().mentionsCarried, 10_000, 'the open source\'s entry found again');
    assert.deepEqual(root.corpus.mentionedIds(openEntry()).sort(), idsBefore);
    await waitUntil(() => !root.corpus.mentionedIds(closed()).includes('quillmark-trust'), 10_000, 'the closed source without it');
    assert.deepEqual(root.corpus.mentionedIds(closed()), ['changed-person-7']);
  });

  test('a registry change reaches the open document before every closed source is read again (New entity…, and its Undo)', async function () {
    this.timeout(120_000);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'open.txt')));
    await vscode.window.showTextDocument(doc);
    const has = () => api.live.get(doc)?.mentions.some((m) => m.entity === 'quillmark-trust') === true;
    await waitUntil(() => api.live.get(doc)?.mentions.some((m) => m.entity === 'changed-person-3') === true, 10_000, 'the open document\'s mentions of the registry');
    assert.ok(!has());
    const root = api.store.allRoots()[0];
    const openEntry = () => api.store.sourceFor(doc.uri)!.entry!;
    const closed = () => api.store.sourceFor(vscode.Uri.file(path.join(dir, 'closed.txt')))!.entry!;
    // the store tells its listeners of a new registry once its closed sources are read again
    // (Reloads, loadMany): each read held here until the open document shows the change, or for
    // 10 s (whatever else is read meanwhile is held too: it is the first read that says)
    const loader = (api.store as unknown as { loader: { loadMany(...args: unknown[]): Promise<unknown> } }).loader;
    const realLoad = loader.loadMany;
    let want = true;
    const shownWhileHeld: boolean[] = [];
    loader.loadMany = async function (this: unknown, ...args: unknown[]) {
      const read = await realLoad.apply(this, args);
      shownWhileHeld.push(await waitUntil(() => has() === want, 10_000, 'the open document changed').then(() => true, () => false));
      return read;
    };
    const builds = api.store.matchers.builds;
    try {
      // the new registry's matcher comes with its parse, from the editor's worker that wrote it
      await api.writer.change('New entity', (c) => c.registry(root, { id: 'quillmark-trust', name: 'Quillmark Trust', type: 'organization', aliases: [] }));
      assert.equal(shownWhileHeld[0], true, 'the open document held the new entity\'s mentions before the closed sources were all read');
      assert.equal(api.live.get(doc)!.mentions.filter((m) => m.entity === 'quillmark-trust').length, 2, 'both of its mentions');
      // the open source's entry took them from its editor's worker, as after the whole change
      await waitUntil(() => !openEntry().mentionsCarried && root.corpus.mentionedIds(openEntry()).includes('quillmark-trust'), 10_000, 'the open source\'s entry with the new entity');
      assert.ok(root.corpus.mentionedIds(closed()).includes('quillmark-trust'), 'the closed source read again with it');
      // the registry before is kept with its matcher: the Undo reaches the open document at once
      want = false;
      shownWhileHeld.length = 0;
      await api.writer.undo();
      assert.equal(shownWhileHeld[0], true, 'the open document without the entity before the closed sources were all read');
    } finally {
      loader.loadMany = realLoad;
    }
    assert.equal(api.store.matchers.builds, builds, 'no matcher built on the host\'s thread');
    await waitUntil(() => !openEntry().mentionsCarried && !root.corpus.mentionedIds(openEntry()).includes('quillmark-trust'), 10_000, 'the open source\'s entry without it');
    assert.ok(!root.corpus.mentionedIds(closed()).includes('quillmark-trust'), 'the closed source without it');
  });

  test('a root whose sources are all open: the matcher its editor\'s worker built is kept, and typing after the change builds none on the host', async function () {
    this.timeout(120_000);
    const alone = path.join(dir, 'alone');
    fs.mkdirSync(alone);
    fs.writeFileSync(path.join(alone, 'marginalia.yaml'), 'marginalia: 1\nentities:\n  - id: vell-harbour\n    name: Vell Harbour\n    type: place\n');
    fs.writeFileSync(path.join(alone, 'only.txt'), 'Ships left Vell Harbour for Orrin Cove.\n');
    await api.store.reindex();
    await api.store.whenIndexed();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(alone, 'only.txt')));
    const editor = await vscode.window.showTextDocument(doc);
    const root = api.store.sourceFor(doc.uri)!.root;
    assert.equal(root.uri.fsPath, alone, 'the folder is a corpus root of its own');
    const cove = () => api.live.get(doc)?.mentions.filter((m) => m.entity === 'orrin-cove').length ?? 0;
    await waitUntil(() => api.live.get(doc)?.mentions.some((m) => m.entity === 'vell-harbour') === true, 10_000, 'the open source\'s mentions');
    await api.writer.change('New entity', (c) => c.registry(root, { id: 'orrin-cove', name: 'Orrin Cove', type: 'place', aliases: [] }));
    await waitUntil(() => cove() === 1, 10_000, 'the new entity found by the editor\'s worker');
    // no closed source to read again, so no index worker's matcher: the editor's worker's is kept,
    // and restored on the host in the idle moment after (the keystroke rehearsal)
    const key = root.uri.toString();
    await waitUntil(() => api.store.matchers.kept(key, root.corpus.registry!.entities)?.restored === true, 10_000, 'the worker\'s matcher kept and restored');
    const builds = api.store.matchers.builds;
    assert.ok(await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length), 'Orrin Cove again.\n')));
    await waitUntil(() => cove() === 2, 10_000, 'the typed name found');
    assert.equal(api.store.matchers.builds, builds, 'no matcher built on the host for the keystroke');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a corpus of a few sources under a large registry: the index worker that parsed the registry builds its matcher and reads them, the host builds none', async function () {
    this.timeout(120_000);
    const few = path.join(dir, 'few');
    fs.mkdirSync(few);
    fs.writeFileSync(path.join(few, 'marginalia.yaml'), `marginalia: 1\nentities:\n${invented(INVENTED, 'few')}`);
    fs.writeFileSync(path.join(few, 'report.txt'), 'Fewson4 met Few Person 9 in the port.\n');
    const builds = api.store.matchers.builds;
    await api.store.reindex();
    await api.store.whenIndexed();
    const ref = api.store.sourceFor(vscode.Uri.file(path.join(few, 'report.txt')));
    assert.ok(ref?.entry, 'the source indexed');
    assert.equal(ref.root.uri.fsPath, few, 'a corpus root of its own');
    assert.deepEqual(ref.root.corpus.mentionedIds(ref.entry).sort(), ['few-person-4', 'few-person-9'], 'its mentions found');
    // the matcher the host keeps for that registry came from the worker as its bytes, and none was built here
    // (restoring those bytes, as the watcher's event for the new registry may have the host do, is not building)
    const kept = api.store.matchers.kept(ref.root.uri.toString(), ref.root.corpus.registry!.entities);
    assert.ok(kept, 'a matcher kept for the registry');
    assert.ok(kept.bytesKept, 'as the bytes a worker packed');
    assert.equal(api.store.matchers.builds, builds, 'none built on the host\'s thread');
    fs.rmSync(few, { recursive: true, force: true });
    await api.store.reindex();
  });

  test('after a registry change the source in the active editor is placed again first, then the others', async function () {
    this.timeout(120_000);
    const uris = ORDERED.map((name) => vscode.Uri.file(path.join(dir, name)));
    // opened in turn, the last one active: the other two are tabs behind it
    for (const uri of uris) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const docs = uris.map((uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!);
    for (const doc of docs) await waitUntil(() => api.live.get(doc)?.mentions.some((m) => m.entity === 'changed-person-5') === true, 10_000, 'each source\'s mentions');
    const order: string[] = [];
    const guild = (doc: vscode.TextDocument) => api.live.get(doc)?.mentions.some((m) => m.entity === 'ordwell-guild') === true;
    const listening = api.live.onDidChange((d) => {
      if (docs.includes(d) && guild(d) && !order.includes(path.basename(d.uri.fsPath))) order.push(path.basename(d.uri.fsPath));
    });
    try {
      const root = api.store.allRoots()[0];
      const active = path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? 'none');
      await api.writer.change('New entity', (c) => c.registry(root, { id: 'ordwell-guild', name: 'Ordwell Guild', type: 'organization', aliases: [] }));
      await waitUntil(() => order.length === 3, 20_000, 'each source placed again with the new entity');
      assert.equal(order[0], 'looked-at.txt', `the active editor's (${active}) first: ${order.join(', ')}`);
      await api.writer.undo();
      await waitUntil(() => docs.every((d) => !guild(d)), 20_000, 'the new entity gone again');
    } finally {
      listening.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('an edited source keeps its annotations where the editor moved them, and only its mentions are found again', async function () {
    this.timeout(120_000);
    const file = path.join(dir, 'edited.txt');
    fs.writeFileSync(file, 'Changedson8 said the Tessel Board would sign in May.\n');
    fs.writeFileSync(`${file}.annotations.yaml`, 'marginalia: 1\nsource: edited.txt\nannotations:\n  - id: n1\n    kind: note\n    quote: the Tessel Board would sign\n    body: one source only\n');
    await api.store.whenIndexed();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    const note = () => api.live.get(doc)?.annotations.find((s) => s.annotation.id === 'n1');
    await waitUntil(() => note() !== undefined, 10_000, 'the note placed');
    // typed before it, unsaved: the editor moves the note with the text
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Late on Friday, ')));
    const moved = note()!;
    assert.equal(doc.getText().slice(moved.start, moved.end), 'the Tessel Board would sign');
    const work = (api.live as unknown as { work: { place(text: string, annotations: readonly unknown[], registry: unknown, file?: unknown): Promise<unknown> } }).work;
    const real = work.place;
    const placed: number[] = [];
    const files: unknown[] = [];
    work.place = function (this: unknown, text, annotations, registry, file) {
      placed.push(annotations.length);
      // the other sources still open from the tests before are clean: theirs go as their files
      if (text === doc.getText()) files.push(file);
      return real.call(this, text, annotations, registry, file);
    };
    try {
      const root = api.store.allRoots()[0];
      await api.writer.change('New entity', (c) => c.registry(root, { id: 'tessel-board', name: 'Tessel Board', type: 'organization', aliases: [] }));
      await waitUntil(() => api.live.get(doc)?.mentions.some((m) => m.entity === 'tessel-board') === true, 10_000, 'the new entity found in the edited text');
      assert.ok(placed.length > 0 && placed.every((n) => n === 0), `the worker asked for the mentions only, no annotation placed again: ${placed.join(', ')}`);
      assert.ok(files.length > 0 && files.every((f) => f === undefined), 'an edited document\'s text is sent, never its file (the file is not that text)');
      const after = note()!;
      assert.deepEqual([after.start, after.end], [moved.start, moved.end], 'the note where the editor kept it');
      assert.ok(doc.isDirty, 'the edit not saved');
      await api.writer.undo();
      await waitUntil(() => api.live.get(doc)?.mentions.some((m) => m.entity === 'tessel-board') === false, 10_000, 'the new entity gone again');
    } finally {
      work.place = real;
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
