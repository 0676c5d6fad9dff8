// A re-index never leaves a source without its corpus (issue 15). An index builds its corpus
// roots aside and the store swaps them in once the sources are listed; it used to clear them
// first, and until the search for marginalia.yaml files came back (~0.5 s at 2,000 sources)
// every hover and command on an open source found no source at all.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';

const SOURCE = 'troops-withdrawn-from-sovren.txt';

suite('store: during a re-index', () => {
  let api: MarginaliaApi;
  let source: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    source = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, SOURCE);
    assert.ok(api.store.sourceFor(source)?.entry?.parsed?.sidecar, `${SOURCE} is indexed with its sidecar`);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.store.whenIndexed();
  });

  /**
   * Starts a re-index and calls `during` once the index has begun and before it knows its corpus
   * roots (the moment the store used to have none), then lets the index finish. The index may be
   * quicker than a timer tick: it is started again until `during` ran in that moment (5 tries).
   */
  async function inRootsPhase(during: () => Promise<void> | void): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      await api.store.whenIndexed();
      const before = api.store.timings.started;
      let done = false;
      const indexed = api.store.reindex().then(() => (done = true));
      let ran = false;
      while (!ran && !done) {
        const t = api.store.timings;
        if (t.started !== before && t.roots === 0) {
          await during();
          ran = true;
        } else await new Promise((r) => setImmediate(r));
      }
      await indexed;
      if (ran) return;
    }
    assert.fail('no re-index was caught before it knew its corpus roots (5 tries)');
  }

  test('a source is found at every moment of a re-index', async function () {
    this.timeout(60_000);
    let looked = 0;
    let lost = 0;
    await inRootsPhase(() => {
      looked++;
      if (!api.store.sourceFor(source)?.entry) lost++;
    });
    // and at every tick until it ends
    await api.store.whenIndexed();
    const indexed = api.store.reindex();
    let done = false;
    void indexed.then(() => (done = true));
    while (!done) {
      looked++;
      if (!api.store.sourceFor(source)?.entry) lost++;
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(lost, 0, `${SOURCE} had no source in ${lost} of ${looked} looks during a re-index`);
    assert.ok(api.store.sourceFor(source)?.entry?.parsed?.sidecar, 'indexed again afterwards');
  });

  test('Open Sidecar from the editor menu, run during a re-index, opens its sidecar', async function () {
    this.timeout(60_000);
    const doc = await vscode.workspace.openTextDocument(source);
    await vscode.window.showTextDocument(doc);
    const shown = api.shown.length;
    await inRootsPhase(async () => {
      await vscode.commands.executeCommand(Commands.openSidecar, source);
    });
    const said = api.shown.slice(shown).map((m) => m.text);
    assert.deepEqual(said, [], 'no message: the source was found');
    assert.equal(vscode.window.activeTextEditor?.document.uri.path, `${source.path}.annotations.yaml`, 'its sidecar is open');
  });
});
