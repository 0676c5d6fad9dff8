// Save → highlights redrawn (issue 15: within 200 ms of save()): once VS Code has written the
// file and says so (onDidSaveTextDocument), the highlights of the saved text are drawn in the
// same dispatch, not after every other listener of the store's change and of the save (views,
// Problems, the sidecar sync) has run. Drawn before the save ended they would not be: the text
// the store places is the one written. And a keystroke still waits for its text event's other
// listeners (tested in redraw.test.ts, which these changes leave as it was).
//
// The store's other listeners (views, Problems) hear of the save after its event, so that event
// ends, and its decorations leave for the workbench, sooner; the highlights are not drawn twice.
// And a claim-cue scan that comes due while VS Code writes the file sends its hints after the
// save, not in the middle of it.
//
// Fixtures go under save-redraw-fixtures/ in the runner's temp copy of sample/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Decorations } from '../../src/extension/editor/decorations';
import { DiagnosticCodes } from '../../src/extension/ids';
import { FixtureFolder, UPDATE_MS } from './fixtureFolder';
import { waitUntil } from './wait';

const FIXTURES = 'save-redraw-fixtures';

let api: MarginaliaApi;
const fixtures = new FixtureFolder(() => api, FIXTURES);

suite('save → redrawn: the highlights of a saved source', () => {
  fixtures.forSuite((a) => (api = a));

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

  test('the store tells its other listeners after the save’s event, and the highlights are not drawn again', async () => {
    const quote = 'the envoy of Veldonia met the council';
    const lines = Array.from({ length: 30 }, (_, i) => `Row ${i}: ${quote}.`);
    const start = [...'Row 0: '].length;
    const uri = await fixtures.fixture(
      `${FIXTURES}/listeners.txt`,
      `${lines.join('\n')}\n`,
      `marginalia: 1\nsource: listeners.txt\nannotations:\n  - {id: c1, kind: claim, quote: ${quote}, start: ${start}, end: ${start + [...quote].length}, status: corroborated}\n`,
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const decorations = new Decorations(api.live);
    let storeChanged = false;
    let afterStoreChange: object | undefined;
    let inSaveEvent: { storeChanged: boolean; sent: object | undefined; text: string | null | undefined } | undefined;
    const subs = [
      // subscribed after LiveDocuments: runs once it has heard the change
      api.store.onDidChange((c) => {
        if (storeChanged || !(c.all || c.sources.some((u) => u.toString() === uri.toString()))) return;
        storeChanged = true;
        afterStoreChange = decorations.sentIn(editor);
      }),
      // subscribed after the extension's own listeners: this runs when they are done, in the same dispatch
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d === doc) inSaveEvent = { storeChanged, sent: decorations.sentIn(editor), text: api.store.sourceFor(uri)?.entry?.text };
      }),
    ];
    try {
      await waitUntil(() => (decorations.drawnIn(editor)?.claims.corroborated.length ?? 0) > 0, UPDATE_MS, 'highlights drawn');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), 'Update: ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitUntil(() => decorations.sentIn(editor)?.version === doc.version, UPDATE_MS, 'the redraw for the edit');
      storeChanged = false;
      assert.ok(await doc.save());
      assert.ok(inSaveEvent, 'the save event came');
      assert.equal(inSaveEvent.text, doc.getText(), 'the store took the saved text in the save’s event');
      assert.ok((inSaveEvent.sent as { layers: string[] } | undefined)?.layers.includes('claim:corroborated'), 'the highlights were drawn in it');
      assert.equal(inSaveEvent.storeChanged, false, 'the store’s listeners had not run yet');
      await waitUntil(() => storeChanged, UPDATE_MS, 'the store tells its listeners after the event');
      assert.equal(afterStoreChange, inSaveEvent.sent, 'the store’s change for the save drew nothing again');
      assert.deepEqual(decorations.drawnIn(editor)!.claims.corroborated.map((r) => doc.getText(r)), [quote]);
    } finally {
      subs.forEach((d) => d.dispose());
      decorations.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('claim cues that come due while the file is written are sent after the save', async function () {
    this.timeout(30_000);
    const uri = await fixtures.fixture(
      `${FIXTURES}/cues.txt`,
      'According to a ministry official, the talks failed.\nThe council met on Monday.\n',
      'marginalia: 1\nsource: cues.txt\nannotations: []\n',
    );
    const cues = () => vscode.languages.getDiagnostics(uri).filter((d) => d.code === DiagnosticCodes.claimCue);
    const cueTexts = () => cues().map((d) => doc.getText(d.range)).sort();
    const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await waitUntil(() => cues().length === 1, UPDATE_MS, 'the first cue shown');
    // the cue scan for an edit comes due 300 ms later, while the participant below holds the save
    // open; on a loaded machine the save may begin later than that, the scan's hints set before
    // it: such a try proves nothing and is made again, with another sentence, up to three times
    const attempt = async (added: string) => {
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(1, 0), added)));
      const before = cueTexts();
      const during: string[][] = [];
      let atSave: string[] | undefined;
      const subs = [
        vscode.workspace.onWillSaveTextDocument((e) => {
          if (e.document !== doc) return;
          e.waitUntil(
            (async () => {
              const until = Date.now() + 900;
              while (Date.now() < until) {
                during.push(cueTexts());
                await new Promise((r) => setTimeout(r, 50));
              }
            })(),
          );
        }),
        vscode.workspace.onDidSaveTextDocument((d) => d === doc && (atSave = cueTexts())),
      ];
      try {
        assert.ok(await doc.save(), 'the save went ahead');
      } finally {
        subs.forEach((d) => d.dispose());
      }
      return { before, during, atSave: atSave! };
    };
    let tried!: Awaited<ReturnType<typeof attempt>>;
    let sentence = '';
    for (const added of ['Reportedly, the minister resigned.', 'Reportedly, the envoy left.', 'Reportedly, the talks resumed.']) {
      sentence = added;
      tried = await attempt(`${added}\n`);
      if (tried.during.length && sameList(tried.during[0], tried.before)) break;
      // nothing of this try still to come before the next
      await waitUntil(() => cueTexts().includes(added), UPDATE_MS, 'the try\'s cue shown');
    }
    const { before, during, atSave } = tried;
    assert.ok(during.length > 10, 'the save was held open');
    for (const seen of [...during, atSave]) assert.deepEqual(seen, before, 'no cue hints were sent while the file was written');
    await waitUntil(() => cueTexts().includes(sentence), UPDATE_MS, `the new sentence's cue after the save (now: ${cueTexts().join(' | ')})`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the one text per version the save’s listeners share follows every edit, an undo and a revert', async () => {
    const uri = await fixtures.fixture(`${FIXTURES}/shared.txt`, 'The envoy of Veldonia arrived.\n', 'marginalia: 1\nsource: shared.txt\nannotations: []\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    try {
      assert.equal(api.store.documentText(doc), doc.getText());
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), 'Update: ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.equal(api.store.documentText(doc), 'Update: The envoy of Veldonia arrived.\n', 'the edited text, not the one asked for before');
      assert.ok(await doc.save());
      assert.equal(api.store.documentText(doc), doc.getText(), 'a save changes nothing');
      await vscode.commands.executeCommand('undo');
      assert.equal(api.store.documentText(doc), 'The envoy of Veldonia arrived.\n', 'after an undo');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitUntil(() => !doc.isDirty, UPDATE_MS, 'reverted');
      assert.equal(api.store.documentText(doc), 'Update: The envoy of Veldonia arrived.\n', 'after a revert to the saved file');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
