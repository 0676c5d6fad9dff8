// Issue 8 in the real extension host: shared files are hostile, and the store must survive any
// of them. A sidecar or registry nested thousands deep, a source linked outside the corpus, a
// sidecar linked to a FIFO, a file over the size cap, invalid UTF-8: each is refused or reported
// in Problems on that file, indexing finishes, the good sources stay listed, and fixing the file
// recovers it. Every test builds its own folder and removes it, so other suites see the sample.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID, Settings } from '../../src/extension/ids';
import { waitUntil } from './wait';

const GOOD = 'The ministry said the bridge at Halden reopened on Monday.\n';
const SIDECAR = (source: string) => `marginalia: 1\nsource: ${source}\nannotations:\n  - {id: c1, kind: claim, quote: the bridge at Halden reopened, status: disputed}\n`;
const DEEP = 'deep:\n' + '- '.repeat(3000) + 'x\n';

suite('store: hostile files', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;
  let dir: string;

  const problems = (file: string) => vscode.languages.getDiagnostics(vscode.Uri.file(file)).map((d) => d.message);
  const write = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  /** Resolves when the store's current index settles, or rejects after `ms`. */
  const settles = (p: Promise<void>, ms: number, what: string) =>
    Promise.race([p, new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms))]);

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  setup(() => {
    dir = fs.mkdtempSync(path.join(folder.fsPath, 'hostile-'));
  });

  teardown(async () => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = realPick;
    fs.rmSync(dir, { recursive: true, force: true });
    await settles(api.store.reindex(), 20_000, 'the clean-up index');
  });

  const realPick = vscode.window.showQuickPick;

  test('a sidecar and a registry nested 3,000 deep, a sidecar that is a folder: indexing finishes, good sources listed, Problems says where, fixing recovers', async () => {
    write('good.txt', GOOD);
    // git can check out a folder under a sidecar's name: reading it throws, and that alone used to end the index
    fs.mkdirSync(path.join(dir, 'folder.txt.annotations.yaml'));
    write('folder.txt', GOOD);
    write('good.txt.annotations.yaml', SIDECAR('good.txt'));
    write('deep.txt', GOOD);
    write('deep.txt.annotations.yaml', SIDECAR('deep.txt') + DEEP);
    write('marginalia.yaml', 'marginalia: 1\nentities:\n  - {id: halden, name: Halden, type: place}\n' + DEEP);
    await settles(api.store.reindex(), 20_000, 'indexing with the deep files');
    assert.ok(api.store.ready);
    const good = api.store.sourceFor(vscode.Uri.file(path.join(dir, 'good.txt')));
    assert.equal(good?.entry?.placements.length, 1, 'the good source is indexed with its claim');
    assert.ok(api.trees.sources.fileNode(good.uri), 'and listed in the Sources view');
    assert.equal(api.trees.sourcesView.message, undefined, 'the views are not stuck at "Indexing sources…"');
    await waitUntil(() => problems(path.join(dir, 'deep.txt.annotations.yaml')).length > 0, 5_000, 'the deep sidecar in Problems');
    await waitUntil(() => problems(path.join(dir, 'marginalia.yaml')).length > 0, 5_000, 'the deep registry in Problems');
    await waitUntil(() => problems(path.join(dir, 'folder.txt.annotations.yaml')).some((m) => /not a regular file/.test(m)), 5_000, 'the folder in Problems');
    // fixing the files is picked up from the watcher, without a reindex
    write('deep.txt.annotations.yaml', SIDECAR('deep.txt'));
    write('marginalia.yaml', 'marginalia: 1\nentities:\n  - {id: halden, name: Halden, type: place}\n');
    const deep = vscode.Uri.file(path.join(dir, 'deep.txt'));
    await waitUntil(() => api.store.sourceFor(deep)?.entry?.placements.length === 1, 10_000, 'the fixed sidecar is read');
    await waitUntil(() => problems(path.join(dir, 'deep.txt.annotations.yaml')).length === 0, 5_000, 'its problem is gone');
    await waitUntil(() => api.store.sourceFor(deep)?.root.corpus.entity('halden') !== undefined, 10_000, 'the fixed registry is read');
    await waitUntil(() => problems(path.join(dir, 'marginalia.yaml')).length === 0, 5_000, 'its problem is gone');
  });

  test('a source linked outside the corpus and a sidecar linked to a FIFO are refused in Problems, and indexing finishes', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.txt'), 'the password is hunter2\n');
      write('good.txt', GOOD);
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'leak.txt'));
      // a FIFO inside the corpus, so only "not a regular file" can refuse it
      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
      write('fifo.txt', GOOD);
      fs.symlinkSync(path.join(dir, 'pipe'), path.join(dir, 'fifo.txt.annotations.yaml'));
      write('zero.txt', GOOD);
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero.txt.annotations.yaml'));
      await settles(api.store.reindex(), 20_000, 'indexing with a FIFO sidecar');
      const leak = vscode.Uri.file(path.join(dir, 'leak.txt'));
      assert.equal(api.store.sourceFor(leak)?.entry, undefined, 'the outside file is not read as a source');
      assert.ok(!api.store.allRoots().some((r) => r.corpus.all().some((e) => e.text?.includes('hunter2'))));
      await waitUntil(() => problems(leak.fsPath).some((m) => /leak\.txt leads outside the corpus/.test(m)), 5_000, 'the link outside in Problems');
      await waitUntil(() => problems(path.join(dir, 'fifo.txt.annotations.yaml')).some((m) => /not a regular file/.test(m)), 5_000, 'the FIFO in Problems');
      await waitUntil(() => problems(path.join(dir, 'zero.txt.annotations.yaml')).some((m) => /leads outside the corpus \(to \/dev\/zero\)/.test(m)), 5_000, 'the link to /dev/zero in Problems');
      await waitUntil(() => !!api.store.sourceFor(vscode.Uri.file(path.join(dir, 'fifo.txt')))?.entry?.readable, 5_000, 'the FIFO sidecar’s source is still listed');
      assert.ok(api.store.sourceFor(vscode.Uri.file(path.join(dir, 'good.txt')))?.entry?.readable);
      // the writer refuses it too, instead of waiting on the pipe
      await assert.rejects(() => settles(api.writer.apply(vscode.Uri.file(path.join(dir, 'fifo.txt')), [], 'test'), 5_000, 'a write'), /not a regular file/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a folder git creates whole is read to its deepest source, and a link in it to / or to a folder inside is not followed', async () => {
    // built aside, then moved in at once: the watcher reports one folder, not its files
    const stage = path.join(dir, '.stage');
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(stage, rel)), { recursive: true });
      fs.writeFileSync(path.join(stage, rel), text);
    };
    put('top.txt', GOOD);
    put('top.txt.annotations.yaml', SIDECAR('top.txt'));
    put('sub/deeper/nested.txt', GOOD);
    fs.symlinkSync('/', path.join(stage, 'disk'));
    fs.symlinkSync(path.join(stage, 'sub'), path.join(stage, 'again'));
    fs.renameSync(stage, path.join(dir, 'incoming'));
    const nested = vscode.Uri.file(path.join(dir, 'incoming', 'sub', 'deeper', 'nested.txt'));
    await waitUntil(() => api.store.sourceFor(nested)?.entry?.readable === true, 10_000, 'the deepest source of the new folder is read');
    await waitUntil(() => api.store.sourceFor(vscode.Uri.file(path.join(dir, 'incoming', 'top.txt')))?.entry?.placements.length === 1, 10_000, 'its annotated source too');
    const linked = (p: string) => /\/incoming\/(disk|again)\//.test(p);
    const seen = api.store.allRoots().flatMap((r) => [...r.corpus.all().map((e) => e.source), ...r.refused.keys(), ...r.missing.keys()]);
    assert.ok(!seen.some((s) => linked('/' + s)), `nothing through a link to a folder: ${seen.filter((s) => linked('/' + s)).slice(0, 3).join(', ')}`);
    assert.ok(!vscode.languages.getDiagnostics().some(([uri]) => linked(uri.path)), 'nor in Problems');
    // and the same after a full index
    await settles(api.store.reindex(), 20_000, 'the index');
    assert.equal(api.store.sourceFor(nested)?.entry?.readable, true);
    assert.ok(!api.store.allRoots().some((r) => r.corpus.all().some((e) => linked('/' + e.source))));
  });

  test('a file over marginalia.files.maxSizeMB is refused, naming its size', async () => {
    write('big.txt', GOOD);
    write('big.txt.annotations.yaml', SIDECAR('big.txt') + `# ${'x'.repeat(4000)}\n`);
    const config = vscode.workspace.getConfiguration();
    await config.update(Settings.maxFileSize, 0.003, vscode.ConfigurationTarget.Workspace); // about 3 KB
    try {
      await waitUntil(() => problems(path.join(dir, 'big.txt.annotations.yaml')).some((m) => /is 4\.\d KB, over the 3\.\d KB limit/.test(m)), 15_000, 'the size in Problems');
    } finally {
      await config.update(Settings.maxFileSize, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a sidecar with invalid UTF-8 is reported at its line and column, and an annotation command leaves its bytes alone', async () => {
    write('latin.txt', GOOD);
    const before = '  - {id: n1, kind: note, quote: ministry, note: "caf';
    const bytes = Buffer.concat([Buffer.from(SIDECAR('latin.txt') + before), Buffer.from([0xe9]), Buffer.from('"}\n')]);
    write('latin.txt.annotations.yaml', bytes);
    const source = vscode.Uri.file(path.join(dir, 'latin.txt'));
    const sidecar = vscode.Uri.file(path.join(dir, 'latin.txt.annotations.yaml'));
    await waitUntil(() => api.store.sourceFor(source)?.entry !== undefined, 10_000, 'the source is indexed');
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).some((d) => /invalid UTF-8/.test(d.message)), 5_000, 'invalid UTF-8 in Problems');
    const d = vscode.languages.getDiagnostics(sidecar).find((x) => /invalid UTF-8/.test(x.message))!;
    assert.deepEqual([d.range.start.line, d.range.start.character], [4, before.length], 'at the bad byte');
    const doc = await vscode.workspace.openTextDocument(source);
    const editor = await vscode.window.showTextDocument(doc);
    const at = GOOD.indexOf('Halden');
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + 'Halden'.length));
    await vscode.commands.executeCommand(Commands.addNote, { note: 'where?' }).then(
      () => undefined,
      () => undefined,
    );
    assert.deepEqual(fs.readFileSync(sidecar.fsPath), bytes, 'the sidecar is byte for byte as it was');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
