// A corpus in many top-level folders, as an analyst opens it: VS Code's Git extension runs git in
// each of those folders at every window open, on the extension host's thread (issue 15).
// Marginalia's offer to stop that shows as a notification once the index is drawn; its button
// writes git.repositoryScanMaxDepth 0 to the workspace's settings, and the same command from the
// palette then says there is nothing left to stop. Screenshot in
// test-output/screenshots/git-scan-offer.png. Build first.
//
//   node --test test/e2e/git-scan.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { makeDeskFolders, openWorkbench, settingIn } from '../../scripts/lib/session.mjs';
import { palette, saveScreenshot } from '../../scripts/lib/workbench.mjs';

const FOLDERS = 24;
const STEP_MS = 60_000;

let page;
let workspace;

before(
  async () => {
    ({ page, workspace } = await openWorkbench('e2e-git-scan', {
      prepare: (dir) => makeDeskFolders(dir, FOLDERS, 'the bridge reopened'),
    }));
  },
  { timeout: 300_000 },
);

after(closeAll);

test('the offer to stop Git scanning the folders: shown after the index, its button writes the workspace setting, the palette command then has nothing to stop', { timeout: 240_000 }, async () => {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'looking for repositories' });
  await toast.waitFor({ state: 'visible', timeout: STEP_MS });
  const text = await toast.innerText();
  // the sample corpus's own folders count too: every directory at the top but .git
  const scanned = fs.readdirSync(workspace, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules').length;
  assert.ok(scanned >= FOLDERS);
  assert.match(text, new RegExp(`runs git in each of the ${scanned} folders at the top of this workspace`));
  const shot = await saveScreenshot(page, 'git-scan-offer');
  assert.equal(await toast.locator('a[href^="command:"]').count(), 0, `no command link in the offer (${shot})`);

  await toast.getByRole('button', { name: 'Stop Git Scanning Folders' }).click();
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  // the sample's own settings (its source globs) are kept beside the new one
  const depth = () => settingIn(settingsFile, 'git.repositoryScanMaxDepth');
  assert.equal(depth(), undefined, 'not set before the click');
  await waitFor(() => depth() === 0, STEP_MS, 'git.repositoryScanMaxDepth 0 written to the workspace settings');
  await page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'set git.repositoryScanMaxDepth to 0' }).waitFor({ state: 'visible', timeout: STEP_MS });
  await saveScreenshot(page, 'git-scan-stopped');

  await palette(page, "Marginalia: Stop Git Scanning the Workspace's Folders for Repositories", STEP_MS);
  await page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'nothing to stop' }).waitFor({ state: 'visible', timeout: STEP_MS });
  assert.equal(JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['git.repositoryScanMaxDepth'], 0, 'still 0');
});
