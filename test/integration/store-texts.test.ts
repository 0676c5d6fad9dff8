// Issue 15 in the real extension host: the store keeps no text of a closed source. After an
// index (by the workers: over 100 sources) and after a re-index, no closed source's text or
// sidecar text is held; a closed source's text is read when asked (CorpusStore.textOf), the very
// text on disk; an editor opened on a source gives the store its text, which is kept while open,
// and a closed source whose annotation is set from a command (no editor) is still placed. Many
// closed sources' texts at once (the entity network, an export) are read in a worker: the very
// texts on disk, and the network counts their sentences.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SourceEntry } from '../../src/core/corpus';
import type { MarginaliaApi } from '../../src/extension';
import type { NetworkPanel } from '../../src/extension/analysis/networkPanel';
import { Commands, EXTENSION_ID, Webviews } from '../../src/extension/ids';
import { waitUntil } from './wait';

/** Over the store's threshold for index workers (100 sources). */
const COUNT = 120;
const TEXT = (n: number) => `Report ${n}: the ministry said the bridge at Halden reopened on Monday.\n`;
const SIDECAR = (n: number) => `marginalia: 1\nsource: t${n}.txt\nannotations:\n  - {id: c${n}, kind: claim, quote: the bridge at Halden reopened}\n`;

/** The words the entry's first placement stands on, in `text`. */
const placedWords = (e: SourceEntry, text: string) => {
  const r = e.placements[0]?.result;
  return r && r.state !== 'orphaned' && r.start !== null && r.end !== null ? [...text].slice(r.start, r.end).join('') : undefined;
};

suite('store: texts of closed sources', () => {
  let api: MarginaliaApi;
  let dir: string;
  const uri = (n: number) => vscode.Uri.file(path.join(dir, `t${n}.txt`));

  suiteSetup(async function () {
    this.timeout(120_000);
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'texts-'));
    for (let n = 0; n < COUNT; n++) {
      fs.writeFileSync(path.join(dir, `t${n}.txt`), TEXT(n));
      fs.writeFileSync(path.join(dir, `t${n}.txt.annotations.yaml`), SIDECAR(n));
    }
    await api.store.reindex();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    await api.store.reindex();
  });

  const closedWithText = () => {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const out: string[] = [];
    for (const root of api.store.allRoots()) {
      for (const e of root.corpus.all()) {
        if (open.has(api.store.uriOf(root, e.source).toString())) continue;
        if (e.text !== null || (e.sidecarText !== null && !e.parsed?.problems.length && !e.parsed?.conflictLines.length)) out.push(e.source);
      }
    }
    return out;
  };

  test('an index and a re-index keep no text of a closed source; its text is read when asked', async function () {
    this.timeout(120_000);
    assert.deepEqual(closedWithText(), [], 'no closed source keeps its text after the index');
    for (const n of [0, 57, COUNT - 1]) {
      const ref = api.store.sourceFor(uri(n))!;
      assert.ok(ref.entry?.readable, `t${n}.txt is read`);
      assert.equal(await api.store.textOf(ref), TEXT(n), 'the text on disk, read when asked');
      assert.equal(placedWords(ref.entry!, TEXT(n)), 'the bridge at Halden reopened', `t${n}.txt: its claim is placed`);
      assert.equal(await api.store.textOf(ref, 'sidecar'), SIDECAR(n), "and its sidecar's");
      assert.equal(ref.entry!.text, null, 'and still not kept');
    }
    await api.store.reindex();
    assert.deepEqual(closedWithText(), [], 'nor after a re-index');
  });

  test('an editor opened on a source gives the store its text while it is open', async function () {
    this.timeout(60_000);
    const doc = await vscode.workspace.openTextDocument(uri(3));
    await vscode.window.showTextDocument(doc);
    await waitUntil(() => api.store.sourceFor(uri(3))?.entry?.text === TEXT(3), 10_000, 'the open source is kept');
    assert.deepEqual(closedWithText(), [], 'only open sources keep their texts');
  });

  test("many sources' texts are read in a worker, the very texts on disk; an open source's is the store's", async function () {
    this.timeout(60_000);
    // t3.txt is open (the test before): its text is the one the corpus keeps, not read again
    assert.equal(api.store.sourceFor(uri(3))?.entry?.text, TEXT(3), 't3.txt is open and kept');
    const root = api.store.sourceFor(uri(0))!.root;
    const rels = Array.from({ length: COUNT }, (_, n) => api.store.sourceFor(uri(n))!.rel);
    const before = api.store.textsReadOffThread;
    const texts = await api.store.textsOf(root, rels);
    assert.equal(texts.size, COUNT, 'every text');
    for (let n = 0; n < COUNT; n++) assert.equal(texts.get(rels[n]), TEXT(n), `t${n}.txt`);
    // t0, t57 and t119 were read by the first test: the cache answers for them
    assert.equal(api.store.textsReadOffThread - before, COUNT - 1 - 3, `the other closed ones read in a worker (the worker's last failure: ${api.store.textsWorkerFailure ?? 'none'})`);
    const sidecars = await api.store.textsOf(root, rels, 'sidecar');
    for (let n = 0; n < COUNT; n++) assert.equal(sidecars.get(rels[n]), SIDECAR(n), `t${n}.txt's sidecar`);
    assert.deepEqual(closedWithText(), [], 'and no closed source keeps its text');
  });

  test('the entity network opened from the palette counts sentences of closed sources read in a worker', async function () {
    this.timeout(120_000);
    const link = (m: unknown) => (m as { model: { edges: { a: string; b: string; weight: number }[] } }).model.edges.find((e) => e.a === 'kareva-airfield' && e.b === 'tarvan-212th-brigade')?.weight ?? 0;
    await vscode.commands.executeCommand(Commands.openEntityNetwork);
    const net = api.analysis.panel<NetworkPanel>(Webviews.network)!;
    await net.loaded;
    await net.receive({ type: 'filter', unit: 'sentence', types: [], sources: [], minWeight: 1 });
    const weight = link(net.lastPosted);
    // sources naming both in one sentence, and each alone in the next (no link there)
    const meet = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'meet-'));
    try {
      for (let n = 0; n < COUNT; n++) fs.writeFileSync(path.join(meet, `m${n}.txt`), `Dispatch ${n}. The 212th brigade left Kareva at dawn. Kareva was quiet after. The 212th moved on.\n`);
      await api.store.reindex();
      const before = api.store.textsReadOffThread;
      const posted = net.posted;
      await net.receive({ type: 'filter', unit: 'sentence', types: [], sources: [], minWeight: 1 });
      await waitUntil(() => net.posted > posted, 60_000, 'the network posted its model');
      assert.equal(link(net.lastPosted), weight + COUNT, 'one link a source, from its one sentence naming both');
      assert.ok(api.store.textsReadOffThread - before >= COUNT, `their texts read in a worker: ${api.store.textsReadOffThread - before}, the worker's last failure: ${api.store.textsWorkerFailure ?? 'none'}`);
    } finally {
      fs.rmSync(meet, { recursive: true, force: true });
      await api.store.reindex();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('a claim set on a closed source from a command is placed in its text, which is not kept', async function () {
    this.timeout(60_000);
    const ref = api.store.sourceFor(uri(9))!;
    await api.writer.apply(ref.uri, [{ type: 'update', id: 'c9', set: { status: 'refuted' } }], 'set status');
    const entry = api.store.sourceFor(uri(9))!.entry!;
    assert.equal(entry.parsed?.sidecar?.annotations[0].status, 'refuted');
    assert.equal(placedWords(entry, TEXT(9)), 'the bridge at Halden reopened', 'still placed');
    assert.equal(entry.text, null, 'no text kept');
  });
});
