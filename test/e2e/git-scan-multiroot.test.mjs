// The Git scan offer (issue 15) in a multi-root workspace: one folder is a corpus of many desk
// folders, the other a small folder with two. The offer counts the corpus's folders alone, and its
// button writes git.repositoryScanMaxDepth 0 to that folder's own settings
// (<folder>/.vscode/settings.json), not to the other's nor to the .code-workspace file.
// Screenshot in test-output/screenshots/git-scan-multiroot.png. Build first.
//
//   node --test test/e2e/git-scan-multiroot.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { makeDeskFolders, openWorkbench, settingIn } from '../../scripts/lib/session.mjs';
import { saveScreenshot } from '../../scripts/lib/workbench.mjs';

const FOLDERS = 22;
const STEP_MS = 60_000;

let page;
let workspace;
let small;
let workspaceFile;

before(
  async () => {
    ({ page, workspace } = await openWorkbench('e2e-git-scan-multiroot', {
      prepare: (dir) => makeDeskFolders(dir, FOLDERS, 'the ferry resumed'),
      multiRoot: (dir, scratch) => {
        small = path.join(scratch, 'notes');
        for (const sub of ['drafts', 'archive']) fs.mkdirSync(path.join(small, sub), { recursive: true });
        fs.writeFileSync(path.join(small, 'drafts', 'memo.txt'), 'A memo about the ferry.\n');
        workspaceFile = path.join(scratch, 'desk.code-workspace');
        fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: dir }, { path: small }], settings: {} }, null, 2));
        return workspaceFile;
      },
    }));
  },
  { timeout: 300_000 },
);

after(closeAll);

const depthIn = (file) => settingIn(file, 'git.repositoryScanMaxDepth');

test('in a multi-root workspace the offer counts the corpus folder, and its button writes that folder\'s own setting only', { timeout: 240_000 }, async () => {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'looking for repositories' });
  await toast.waitFor({ state: 'visible', timeout: STEP_MS });
  const scanned = fs.readdirSync(workspace, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules').length;
  assert.match(await toast.innerText(), new RegExp(`in each of the ${scanned} folders at the top`), 'the small folder is not counted: its scan is not worth an offer');
  await saveScreenshot(page, 'git-scan-multiroot');
  await toast.getByRole('button', { name: 'Stop Git Scanning Folders' }).click();
  const corpusSettings = path.join(workspace, '.vscode', 'settings.json');
  await waitFor(() => depthIn(corpusSettings) === 0, STEP_MS, "git.repositoryScanMaxDepth 0 in the corpus folder's own settings");
  await page.locator('.notifications-toasts .notification-toast').filter({ hasText: "the folders' settings" }).waitFor({ state: 'visible', timeout: STEP_MS });
  assert.equal(depthIn(path.join(small, '.vscode', 'settings.json')), undefined, 'the other folder untouched');
  assert.equal(JSON.parse(fs.readFileSync(workspaceFile, 'utf8')).settings['git.repositoryScanMaxDepth'], undefined, 'the .code-workspace file untouched');
});
