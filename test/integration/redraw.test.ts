// What a change sends to the workbench (issue 15: a keystroke at most 5 ms of extension time, a
// store change without per-corpus work): a keystroke that only moves highlights sends none, one
// that breaks a name sends that entity type only, one inside a claim sends that claim's layer
// only; a source re-read without changes sends no diagnostics; and a change to one source
// re-renders that source's row in the Sources view, not the others. What the user sees is
// checked beside each: the highlights and rows are what they were before these savings.
//
// Fixtures go under redraw-fixtures/ in the runner's temp copy of sample/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Decorations } from '../../src/extension/editor/decorations';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { FixtureFolder, UPDATE_MS } from './fixtureFolder';
import { waitUntil } from './wait';

const FIXTURES = 'redraw-fixtures';

let api: MarginaliaApi;
const fixtures = new FixtureFolder(() => api, FIXTURES);
const uriOf = (rel: string) => fixtures.uriOf(rel);
const write = (rel: string, text: string) => fixtures.write(rel, text);
const fixture = (rel: string, source: string, sidecar: string) => fixtures.fixture(rel, source, sidecar);

const codePoints = (s: string) => [...s].length;

suite('redraw: only what changed is sent', () => {
  fixtures.forSuite((a) => (api = a));

  test('a keystroke sends only the highlight layers it changed, and the highlights stay right', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `Line ${i}: the delegation of Veldonia flew to Kostrov.`);
    const quote = 'the delegation of Veldonia flew to Kostrov';
    const start = codePoints('Line 0: ');
    const rel = `${FIXTURES}/typing.txt`;
    const noteAt = codePoints(lines.slice(0, 3).join('\n')) + 1;
    await fixture(
      rel,
      `${lines.join('\n')}\n`,
      `marginalia: 1\nsource: typing.txt\nannotations:\n  - {id: c1, kind: claim, quote: ${quote}, start: ${start}, end: ${start + codePoints(quote)}, status: refuted}\n  - {id: n1, kind: note, quote: Line 3, start: ${noteAt}, end: ${noteAt + 6}, note: a note}\n`,
    );
    const doc = await vscode.workspace.openTextDocument(uriOf(rel));
    const editor = await vscode.window.showTextDocument(doc);
    const decorations = new Decorations(api.live);
    const words = (ranges: readonly vscode.Range[]) => ranges.map((r) => doc.getText(r));
    const drawn = () => decorations.drawnIn(editor)!;
    /** Applies an edit and returns the layers the redraw for it sent. */
    const type = async (at: vscode.Position, text: string): Promise<readonly string[]> => {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, at, text);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitUntil(() => decorations.sentIn(editor)?.version === doc.version, UPDATE_MS, 'the redraw for the edit');
      return decorations.sentIn(editor)!.layers;
    };
    try {
      await waitUntil(() => drawn() !== undefined && drawn().entities.place.length > 0, UPDATE_MS, 'highlights drawn');
      const places = () => drawn().entities.place.filter((r) => r.start.line === 5);

      // between the names, outside any annotation: the editor moves every range itself
      assert.deepEqual(await type(new vscode.Position(5, 'Line 5: the'.length), ' whole'), [], 'nothing sent');
      assert.deepEqual(words(places()), ['Veldonia', 'Kostrov'], 'the names are still highlighted where they are');

      // inside a name: that name's type only (both names are places)
      const k = doc.lineAt(5).text.indexOf('Kostrov');
      assert.deepEqual(await type(new vscode.Position(5, k + 3), 'x'), ['entity:place']);
      assert.deepEqual(words(places()), ['Veldonia'], 'the broken name is no longer highlighted');

      // inside the refuted claim: its layer (and the needs-review one its changed words join), no other
      const sent = await type(new vscode.Position(0, start + 4), 'x');
      assert.ok(sent.includes('claim:refuted'), sent.join());
      for (const other of ['claim:disputed', 'claim:unverified', 'claim:corroborated', 'note', 'conflict']) assert.ok(!sent.includes(other), `${other} not sent: ${sent.join()}`);
      assert.deepEqual(words(drawn().claims.refuted), ['the xdelegation of Veldonia flew to Kostrov']);
      assert.deepEqual(words(drawn().notes), ['Line 3']);
    } finally {
      decorations.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('a source the store re-read (as after a save) redraws its annotation layers, not its unchanged names', async () => {
    const rel = `${FIXTURES}/reread.txt`;
    const lines = Array.from({ length: 50 }, (_, i) => `Line ${i}: the delegation of Veldonia flew to Kostrov.`);
    const quote = 'the delegation of Veldonia flew to Kostrov';
    const start = codePoints('Line 0: ');
    const uri = await fixture(rel, `${lines.join('\n')}\n`, `marginalia: 1\nsource: reread.txt\nannotations:\n  - {id: c1, kind: claim, quote: ${quote}, start: ${start}, end: ${start + codePoints(quote)}, status: refuted}\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const decorations = new Decorations(api.live);
    try {
      await waitUntil(() => (decorations.drawnIn(editor)?.entities.place.length ?? 0) > 0, UPDATE_MS, 'highlights drawn');
      const before = decorations.sentIn(editor);
      await api.store.refresh(uri);
      await waitUntil(() => decorations.sentIn(editor) !== before, UPDATE_MS, 'the redraw after the re-read');
      const sent = decorations.sentIn(editor)!.layers;
      assert.ok(sent.includes('claim:refuted'), sent.join());
      assert.deepEqual(sent.filter((l) => l.startsWith('entity:')), [], 'no entity type sent again');
      const drawn = decorations.drawnIn(editor)!;
      assert.deepEqual(drawn.claims.refuted.map((r) => doc.getText(r)), [quote]);
      assert.deepEqual(drawn.entities.place.filter((r) => r.start.line === 7).map((r) => doc.getText(r)), ['Veldonia', 'Kostrov'], 'the names still highlighted');
    } finally {
      decorations.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('a source re-read without changes sends no diagnostics again', async () => {
    const rel = `${FIXTURES}/problems.txt`;
    const uri = await fixture(rel, 'Rain closed the pass.\n', 'marginalia: 1\nsource: problems.txt\nannotations:\n  - {id: p1, kind: claim, quote: Rain closed the pass, credibility: 9}\n');
    const sidecar = uriOf(`${rel}.annotations.yaml`);
    const ours = () => vscode.languages.getDiagnostics(sidecar).filter((d) => d.source === 'marginalia');
    // the sidecar is written first: until the source is read it is one whose source is gone
    await waitUntil(() => ours().length === 1 && /credibility/i.test(ours()[0].message), UPDATE_MS, 'the sidecar problem in Problems, and only it');
    const events: number[] = [];
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === sidecar.toString())) events.push(ours().length);
    });
    try {
      const before = ours().map((d) => d.message);
      await api.store.refresh(uri); // read again: the same source, the same sidecar
      // then a real change, whose event comes after any the re-read caused
      await write(`${rel}.annotations.yaml`, 'marginalia: 1\nsource: problems.txt\nannotations:\n  - {id: p1, kind: claim, quote: Rain closed the pass, credibility: 9}\n  - {id: p2, kind: claim, quote: the pass, credibility: 8}\n');
      await waitUntil(() => ours().length > before.length, UPDATE_MS, 'the new problem in Problems');
      await waitUntil(() => events.length > 0, UPDATE_MS, 'its event');
      assert.deepEqual(events, [ours().length], 'one event: the change; none for the re-read');
      // as many problems as before, one of them another: sent all the same
      await write(`${rel}.annotations.yaml`, 'marginalia: 1\nsource: problems.txt\nannotations:\n  - {id: p1, kind: claim, quote: Rain closed the pass, credibility: 9}\n  - {id: p3, kind: claim, quote: the pass, credibility: 8}\n');
      await waitUntil(() => ours().some((d) => d.message.includes('p3')), UPDATE_MS, 'the renamed annotation’s problem in Problems');
      assert.equal(ours().length, 2);
      assert.ok(!ours().some((d) => d.message.includes('p2')), 'the old one gone');
    } finally {
      sub.dispose();
    }
  });

  test('a change to one source re-renders its row only', async () => {
    const a = await fixture(`${FIXTURES}/rows/a.txt`, 'Snow fell in Aurel.\n', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a1, kind: claim, quote: Snow fell in Aurel, status: unverified}\n');
    const b = await fixture(`${FIXTURES}/rows/b.txt`, 'Rain fell in Kostrov.\n', 'marginalia: 1\nsource: b.txt\nannotations:\n  - {id: b1, kind: claim, quote: Rain fell in Kostrov, status: unverified}\n');
    const tree = api.trees.sources;
    await waitUntil(() => !!tree.fileNode(a) && !!tree.fileNode(b), UPDATE_MS, 'both rows');
    // The watcher may still report b.txt's own writes a moment later: an attempt during which the
    // store said b.txt changed cannot tell, and is made again.
    for (const status of ['disputed', 'refuted', 'corroborated']) {
      const fired: (TreeNode | TreeNode[] | undefined | null | void)[] = [];
      const sub = tree.onDidChangeTreeData((e) => fired.push(e));
      const reported = new Set<string>();
      const storeSub = api.store.onDidChange((c) => (c.all ? reported.add('*') : c.sources.forEach((u) => reported.add(u.toString()))));
      // b.txt's row is not even recounted: its counts are kept until its source or a link into it changes
      const other = tree.fileNode(b)!;
      let recounted = 0;
      const refresh = other.refresh.bind(other);
      other.refresh = (touched?: boolean) => (recounted++, refresh(touched));
      try {
        await write(`${FIXTURES}/rows/a.txt.annotations.yaml`, `marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a1, kind: claim, quote: Snow fell in Aurel, status: ${status}}\n`);
        await waitUntil(() => (tree.fileNode(a)?.getTreeItem().description as string | undefined)?.includes(`1 ${status}`) === true, UPDATE_MS, 'the row of a.txt shows the new status');
        if (reported.has(b.toString()) || reported.has('*')) continue;
        assert.ok(reported.has(a.toString()), 'the store reported a.txt');
        const nodes = fired.flatMap((e) => (Array.isArray(e) ? e : [e]));
        assert.ok(nodes.length > 0 && !nodes.includes(undefined), 'the rows that changed, never the whole tree');
        assert.deepEqual(nodes.map((n) => (n as { uri?: vscode.Uri }).uri?.toString()), [a.toString()], 'the row of a.txt, not the row of b.txt');
        assert.equal(recounted, 0, 'b.txt was not recounted');
        return;
      } finally {
        sub.dispose();
        storeSub.dispose();
        delete (other as { refresh?: unknown }).refresh;
      }
    }
    assert.fail('the store reported b.txt in every attempt');
  });
});
