// Issue 8, "Done when", in the real extension host: the folder that mixes every hostile file of
// the issue with two good sources (the same folder `marginalia check` is tested and benchmarked
// on, test/fixtures/hostile-folder.ts). Indexing finishes — a FIFO opened, an alias scan or an
// anchoring gone quadratic would stall it — the good sources are listed with their annotations,
// each bad sidecar is in Problems, and nothing from outside the corpus is read into the store.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/extension/ids';
import { buildHostileFolder, UNSEEN } from '../fixtures/hostile-folder';
import { waitUntil } from './wait';

suite('store: the hostile folder of issue 8', () => {
  let api: MarginaliaApi;
  let base: string;

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
  });

  suiteTeardown(async () => {
    fs.rmSync(base, { recursive: true, force: true });
    await api.store.reindex();
  });

  test('indexing finishes, the good sources are listed, each bad sidecar is in Problems, nothing outside is read', async function () {
    this.timeout(120_000);
    base = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'hostile-mix-'));
    const { dir, bad } = buildHostileFolder(base);
    const settled = api.store.reindex();
    const timedOut = new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), 60_000));
    assert.equal(await Promise.race([settled.then(() => 'done' as const), timedOut]), 'done', 'indexing finished');

    for (const good of ['good1.txt', 'good2.txt']) {
      const uri = vscode.Uri.file(path.join(dir, good));
      await waitUntil(() => api.trees.sources.fileNode(uri) !== undefined, 10_000, `${good} listed in Sources`);
      const entry = api.store.sourceFor(uri)?.entry;
      assert.equal(entry?.parsed?.sidecar?.annotations.length, 1, `${good}'s annotation is read`);
      assert.equal(entry?.placements[0]?.result.state === 'orphaned', false, `${good}'s annotation is placed`);
    }
    for (const [name, why] of Object.entries(bad)) {
      if (name === 'forge.txt.annotations.yaml') continue; // valid: its quote is simply nowhere (an orphan)
      // on the sidecar, or on its source when the source is what was refused (a link outside)
      const files = [name, name.replace(/\.annotations\.yaml$/, '')].map((f) => vscode.Uri.file(path.join(dir, f)));
      await waitUntil(
        () => files.some((f) => vscode.languages.getDiagnostics(f).some((d) => d.severity === vscode.DiagnosticSeverity.Error)),
        10_000,
        `${name} (${why}) has an error in Problems`,
      );
    }
    // nothing read from outside the corpus: the secret beside it is in no entry of this corpus
    for (const root of api.store.allRoots().filter((r) => r.uri.fsPath === dir)) {
      for (const e of root.corpus.all()) assert.ok(!(e.text ?? '').includes(UNSEEN) && !(e.sidecarText ?? '').includes(UNSEEN), `${e.source} holds nothing from outside`);
    }
  });
});
