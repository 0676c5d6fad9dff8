// Issue 15 in the real extension host: what a long index sends to the window while it runs. Its
// list of sources (nothing read yet) redraws the views, but not Problems: a sidecar's problem
// stays shown through a re-index instead of being cleared at the list and sent again at the end.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/extension/ids';
import { waitUntil } from './wait';

suite('store: index draws', () => {
  let api: MarginaliaApi;
  let dir: string;
  let sidecar: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'draws-'));
    const source = vscode.Uri.file(path.join(dir, 'broken.txt'));
    sidecar = vscode.Uri.file(`${source.fsPath}.annotations.yaml`);
    // the store reads the new files from the watcher's events: the test starts once they have
    // been read and the store has been quiet a while (a late event must not land in the re-index)
    let lastChange = Date.now();
    const sub = api.store.onDidChange(() => (lastChange = Date.now()));
    try {
      await vscode.workspace.fs.writeFile(source, new TextEncoder().encode('The ministry said the bridge reopened on Monday.\n'));
      await vscode.workspace.fs.writeFile(sidecar, new TextEncoder().encode('marginalia: 1\nsource: broken.txt\nannotations: [\n'));
      await waitUntil(() => vscode.languages.getDiagnostics(sidecar).length > 0 && Date.now() - lastChange > 1500, 30_000, 'the broken sidecar in Problems');
    } finally {
      sub.dispose();
    }
  });

  suiteTeardown(async () => {
    api.store.progress.delayMs = 1000;
    fs.rmSync(dir, { recursive: true, force: true });
    await api.store.reindex();
  });

  test('a long re-index draws its list in the views but leaves Problems as it was until it ends', async function () {
    this.timeout(60_000);
    const before = vscode.languages.getDiagnostics(sidecar).map((d) => d.message);
    api.store.progress.delayMs = 0; // "long" from the start: the list is drawn before any source is read
    const shown: number[] = [];
    const changes: { all: boolean; listOnly: boolean }[] = [];
    const subs = [
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === sidecar.toString())) shown.push(vscode.languages.getDiagnostics(sidecar).length);
      }),
      api.store.onDidChange((c) => changes.push({ all: c.all, listOnly: c.all && !!c.listOnly })),
    ];
    try {
      await api.store.reindex();
    } finally {
      subs.forEach((s) => s.dispose());
      api.store.progress.delayMs = 1000;
    }
    assert.ok(changes.some((c) => c.listOnly), `the list was drawn first (${JSON.stringify(changes)})`);
    assert.deepEqual(shown.filter((n) => n === 0), [], `never cleared meanwhile (${JSON.stringify(shown)})`);
    assert.deepEqual(vscode.languages.getDiagnostics(sidecar).map((d) => d.message), before, 'the same problem after the index');
  });
});
