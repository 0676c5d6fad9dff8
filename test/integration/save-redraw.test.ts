// Save → highlights redrawn (issue 15: within 200 ms of save()): once VS Code has written the
// file and says so (onDidSaveTextDocument), the highlights of the saved text are drawn in the
// same dispatch, not after every other listener of the store's change and of the save (views,
// Problems, the sidecar sync) has run. Drawn before the save ended they would not be: the text
// the store places is the one written. And a keystroke still waits for its text event's other
// listeners (tested in redraw.test.ts, which these changes leave as it was).
//
// Fixtures go under save-redraw-fixtures/ in the runner's temp copy of sample/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Decorations } from '../../src/extension/editor/decorations';
import { FixtureFolder, UPDATE_MS, indexedApi } from './fixtureFolder';
import { waitUntil } from './wait';

const FIXTURES = 'save-redraw-fixtures';

let api: MarginaliaApi;
const fixtures = new FixtureFolder(() => api, FIXTURES);

suite('save → redrawn: the highlights of a saved source', () => {
  suiteSetup(async () => {
    api = await indexedApi();
    await fixtures.create();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fixtures.remove();
  });

  test('are drawn as the save ends, in its own event, for the text written', async () => {
    const quote = 'the delegation of Veldonia flew to Kostrov';
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i}: ${quote}.`);
    const start = [...'Line 0: '].length;
    const uri = await fixtures.fixture(
      `${FIXTURES}/saved.txt`,
      `${lines.join('\n')}\n`,
      `marginalia: 1\nsource: saved.txt\nannotations:\n  - {id: c1, kind: claim, quote: ${quote}, start: ${start}, end: ${start + [...quote].length}, status: refuted}\n`,
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const decorations = new Decorations(api.live);
    let atSave: { version: number; layers: readonly string[] } | undefined;
    // subscribed after the extension's own listeners: this runs when they are done, in the same dispatch
    const sub = vscode.workspace.onDidSaveTextDocument((d) => {
      if (d === doc) atSave = decorations.sentIn(editor) && { ...decorations.sentIn(editor)! };
    });
    try {
      await waitUntil(() => (decorations.drawnIn(editor)?.claims.refuted.length ?? 0) > 0, UPDATE_MS, 'highlights drawn');
      // an edit before the claim moves it: the saved text's placements differ from the opened one's
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), 'Update: ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitUntil(() => decorations.sentIn(editor)?.version === doc.version, UPDATE_MS, 'the redraw for the edit');
      const before = decorations.sentIn(editor);
      assert.ok(await doc.save());
      assert.ok(atSave, 'the save event came');
      assert.notEqual(atSave, before);
      assert.equal(atSave.version, doc.version, 'drawn for the saved text');
      assert.ok(atSave.layers.includes('claim:refuted'), `the claim's layer was drawn as the save ended: ${atSave.layers.join() || 'nothing sent'}`);
      assert.deepEqual(decorations.drawnIn(editor)!.claims.refuted.map((r) => doc.getText(r)), [quote]);
    } finally {
      sub.dispose();
      decorations.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
