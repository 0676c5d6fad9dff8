// The extension loads and activates on a Marginalia workspace (issue #3). scripts/test-vsix.mjs
// runs this suite against the installed .vsix too, so keep it about loading, not features.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitUntil } from './wait';

const extensionId = 'marginalia.marginalia';

suite('activation', () => {
  test('the workspace is the sample copy the runner opened', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder');
    const expected = process.env.MARGINALIA_TEST_WORKSPACE;
    assert.ok(expected, 'the runner sets MARGINALIA_TEST_WORKSPACE');
    assert.equal(path.resolve(folders[0].uri.fsPath), path.resolve(expected));
  });

  test('the workspace holds a marginalia.yaml registry', async () => {
    const found = await vscode.workspace.findFiles('**/marginalia.yaml', undefined, 1);
    assert.equal(found.length, 1);
  });

  test('the extension is loaded from where the runner put it', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    const expected = process.env.MARGINALIA_TEST_EXTENSION_PATH;
    if (expected) assert.equal(path.resolve(extension.extensionPath), path.resolve(expected));
  });

  test('the extension becomes active by itself', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    // Activation comes from workspaceContains:**/marginalia.yaml, not from the test asking.
    await waitUntil(() => extension.isActive, 15_000, `${extensionId} active`);
    // isActive is true even when activate() threw; activate() then rejects with that error.
    await extension.activate();
  });

  test('every bundle the extension loads later ships beside it (pdf.js, the web-page reader, its workers)', () => {
    const dist = path.join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'dist');
    const bundle = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
    // what the bundle leaves for run time, minified or not: import("./dom.js"), the workers' names ("indexWorker", "anchorWorker.js")
    const loaded = new Set([...[...bundle.matchAll(/import\("\.\/([\w-]+\.js)"\)/g)].map((m) => m[1]), ...[...bundle.matchAll(/"(\w+Worker)(?:\.js)?"/g)].map((m) => `${m[1]}.js`)]);
    for (const f of ['pdfjs.js', 'dom.js', 'indexWorker.js', 'anchorWorker.js']) assert.ok(loaded.has(f), `extension.js loads ${f} (${[...loaded].join(', ')})`);
    for (const f of loaded) assert.ok(fs.existsSync(path.join(dist, f)), `dist/${f} is installed`);
  });
});
