// The extension loads and activates on a Marginalia workspace (issue #3). scripts/test-vsix.mjs
// runs this suite against the installed .vsix too, so keep it about loading, not features.
import * as assert from 'node:assert/strict';
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
});
