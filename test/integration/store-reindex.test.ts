// A re-index never leaves a source without its corpus (issue 15). An index builds its corpus
// roots aside and the store swaps them in once the sources are listed; it used to clear them
// first, and until the search for marginalia.yaml files came back (~0.5 s at 2,000 sources)
// every hover and command on an open source found no source at all.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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

  test('the first index\'s workers were started as activation asked for the index, before its own task began', () => {
    // they load their code while the extension host activates the other extensions (fullIndex.ts firstPool)
    assert.ok(api.store.firstWorkersAheadMs > 0, `started ${api.store.firstWorkersAheadMs} ms before the first index`);
  });

  test('the first index\'s registry was read as activation asked for the index, and that index took the read', () => {
    // a large one is parsed by that first worker while the host activates the other extensions
    // (registryFiles.ts readAhead); the index's own task found it read (no kept parse: a fresh session)
    assert.ok(api.store.firstRegistriesAheadMs > 0, `read ${api.store.firstRegistriesAheadMs} ms before the first index`);
    const root = api.store.allRoots().find((r) => r.registry?.config);
    assert.ok(root?.corpus.registry?.entities?.length, 'the corpus has the registry it read');
  });

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
  // A folder with its own marginalia.yaml deleted: the re-index that follows drops its corpus root,
  // and the watcher's event for the registry's deletion may come after it (late, on a busy
  // machine). That event found no root for the folder and took the registry for a new one: a
  // whole re-index for nothing, which replaced every entry under a suite's tests in CI.
  test('a registry deleted with its folder, after a re-index dropped its root, starts no re-index', async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'gone-corpus-'));
    const registry = vscode.Uri.file(path.join(dir, 'marginalia.yaml'));
    try {
      fs.writeFileSync(registry.fsPath, 'marginalia: 1\nentities:\n  - id: vel-harbour\n    name: Vel Harbour\n    type: place\n');
      fs.writeFileSync(path.join(dir, 'note.txt'), 'Ships left Vel Harbour at dawn.\n');
      await api.store.whenIndexed();
      await api.store.reindex();
      assert.ok(api.store.allRoots().some((r) => r.uri.fsPath === dir), 'the folder is a corpus root');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await api.store.reindex();
    assert.ok(!api.store.allRoots().some((r) => r.uri.fsPath === dir), 'its root is gone with it');
    const started = api.store.timings.started;
    // the registry's deletion, as the watcher reports it late
    await api.store.refresh(registry);
    await api.store.whenIndexed();
    assert.equal(api.store.timings.started, started, 'no re-index started');
    assert.ok(api.store.sourceFor(source)?.entry?.parsed?.sidecar, 'the workspace is as indexed');
  });

  test('a read of a changed source begun before a re-index swapped its roots in, its reads after: the source is read into the new roots', async function () {
    // a watcher's read computes its targets (their corpus roots) before it reads; a re-index that
    // swaps new roots in between, and reads the same source, was overtaken by that read, which
    // went into the roots replaced: the source stayed listed with nothing read
    this.timeout(60_000);
    type Loader = { loadMany: (...args: unknown[]) => Promise<unknown> };
    const loader = (api.store as unknown as { loader: Loader }).loader;
    const loadMany = loader.loadMany;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls: string[] = [];
    loader.loadMany = function (this: Loader, ...args: unknown[]) {
      const ofSource = (args[0] as { uri: vscode.Uri }[]).some((t) => t.uri.toString() === source.toString());
      // the reload's read of the source (its targets alone): held until a re-index has begun its own reads of it
      if (ofSource && args.length === 1 && !calls.length) {
        calls.push('reload');
        return gate.then(() => loadMany.apply(this, args));
      }
      if (!ofSource || args.length === 1 || calls.length !== 1) return loadMany.apply(this, args);
      calls.push('index');
      const reading = loadMany.apply(this, args);
      release();
      return reading;
    };
    try {
      await api.store.whenIndexed();
      const rootBefore = api.store.sourceFor(source)!.root;
      const read = api.store.refresh(source);
      while (!calls.length) await new Promise((r) => setImmediate(r));
      await api.store.reindex();
      await read;
      assert.deepEqual(calls, ['reload', 'index']);
      const ref = api.store.sourceFor(source)!;
      assert.notEqual(ref.root, rootBefore, 'the re-index swapped new roots in');
      assert.equal(ref.entry?.readable, true, 'read into them');
      assert.ok(ref.entry?.parsed?.sidecar && ref.entry.placements.length > 0, 'with its sidecar placed');
    } finally {
      loader.loadMany = loadMany;
      release();
    }
  });
});
