// The editor's work off the extension host's thread (issue 15): when a sidecar changes under an
// unsaved document, its annotations are placed again in the worker; meanwhile the editor keeps
// its last good state, and an answer computed for a text the analyst has since edited is
// dropped and asked for again, never drawn on the wrong words.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import type { WorkClient } from '../../src/extension/worker/workClient';
import { waitUntil } from './wait';
import { readAs } from './storeRead';
import { indexedApi } from './fixtureFolder';

const FIXTURES = 'live-worker-fixtures';
const UPDATE_MS = 10_000;

suite('Live documents: work in the worker thread', () => {
  let api: MarginaliaApi;
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const uriOf = (rel: string) => vscode.Uri.joinPath(folder(), ...rel.split('/'));
  const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(uriOf(rel), new TextEncoder().encode(text));
  const codePoints = (s: string) => [...s].length;

  suiteSetup(async () => {
    api = await indexedApi();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uriOf(FIXTURES), { recursive: true, useTrash: false });
  });

  test('a placement computed for an older text is dropped; the last good highlights stay until the current one lands', async () => {
    const first = 'The dam was breached at dawn';
    const second = 'officials said nothing for hours';
    const source = `Overnight report.\n\n${first}, and ${second}.\n`;
    const one = `marginalia: 1\nsource: stale.txt\nannotations:\n  - id: s1\n    kind: claim\n    quote: ${first}\n    start: ${codePoints('Overnight report.\n\n')}\n    end: ${codePoints('Overnight report.\n\n' + first)}\n    status: disputed\n`;
    const two = `${one}  - id: s2\n    kind: note\n    quote: ${second}\n    body: check\n`;
    await vscode.workspace.fs.createDirectory(uriOf(FIXTURES));
    await write(`${FIXTURES}/stale.txt.annotations.yaml`, one);
    await write(`${FIXTURES}/stale.txt`, source);
    const uri = uriOf(`${FIXTURES}/stale.txt`);
    await waitUntil(() => readAs(api.store.sourceFor(uri)?.entry, undefined, one), UPDATE_MS, 'the store reads the fixture');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const spanOf = (id: string) => api.live.get(doc)?.annotations.find((s) => s.annotation.id === id);
    const covers = (id: string, quote: string) => {
      const s = spanOf(id);
      return !!s && doc.getText().slice(s.start, s.end) === quote;
    };
    assert.ok(covers('s1', first));
    // unsaved: the store's placements are for the file on disk, so a sidecar change goes to the worker
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'UPDATE: ')));

    // hold the worker's answers until released
    const work = (api.live as unknown as { work: WorkClient }).work;
    const place = work.place.bind(work);
    const held: (() => void)[] = [];
    const asked: number[] = [];
    work.place = async (...args) => {
      asked.push(doc.version);
      const answer = await place(...args);
      if (asked.length === 1) await new Promise<void>((release) => held.push(release));
      return answer;
    };
    try {
      await write(`${FIXTURES}/stale.txt.annotations.yaml`, two);
      await waitUntil(() => held.length === 1, UPDATE_MS, 'the worker has answered for the first text');
      assert.ok(work.threaded, 'the answer came from the worker thread, not the extension host');
      assert.equal(spanOf('s2'), undefined, 'nothing drawn before the answer');
      const shown = () => {
        const s = spanOf('s1');
        return s ? `s1 at ${s.start}–${s.end}: ${JSON.stringify(doc.getText().slice(s.start, s.end))}; asked at versions ${JSON.stringify(asked)}, now ${doc.version}` : `s1 not drawn (live: ${JSON.stringify(api.live.get(doc)?.annotations.map((x) => x.annotation.id))}, orphans: ${JSON.stringify(api.live.get(doc)?.orphans.map((a) => a.id))})`;
      };
      assert.ok(covers('s1', first), `the last good highlight stays while the answer is pending (${shown()})`);

      // the analyst types before the answer lands: it is for an older text now
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'LATE '), { undoStopBefore: false, undoStopAfter: false }));
      const changes: number[] = [];
      const sub = api.live.onDidChange((d) => d === doc && changes.push(doc.version));
      held[0]();
      await waitUntil(() => asked.length >= 2, UPDATE_MS, 'asked again for the current text');
      assert.ok(!spanOf('s2') || covers('s2', second), 'the stale answer was not drawn');
      await waitUntil(() => covers('s2', second), UPDATE_MS, 'the current answer lands');
      sub.dispose();
      assert.ok(covers('s1', first), 'the first claim still on its words');
      assert.deepEqual([...new Set(asked)], [asked[0], doc.version], 'one answer for the older text, then one for the current');
    } finally {
      delete (work as { place?: unknown }).place;
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
