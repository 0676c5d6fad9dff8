// What the tests look for in the VS Code workbench (code-server 4.100.3 / VS Code 1.100),
// shared by the e2e tests and scripts/test-vsix.mjs. Selectors live here so a workbench update
// is fixed in one file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './code-server.mjs';

export const screenshotDir = path.join(repoRoot, 'test-output', 'screenshots');

/** The activity-bar entry of a view container, by its title. */
export function activityBarItem(page, title) {
  return page.locator(`.part.activitybar a.action-label[aria-label^="${title}"]`);
}

/** A row of the Explorer tree, by file or folder name. */
export function explorerRow(page, name) {
  return page.locator('.explorer-folders-view .monaco-list-row').filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
  });
}

/** The active editor tab and the text the active editor shows. */
export function activeTab(page) {
  return page.locator('.part.editor .tab.active');
}
export function activeEditorLines(page) {
  return page.locator('.part.editor .editor-instance .view-lines').first();
}

/** The workbench has loaded the folder (its Explorer shows rows). */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout });
}

/** The side bar's views are done loading (no progress bar running in it). */
export async function waitForSidebarIdle(page, timeout = 30_000) {
  await page.locator('.part.sidebar .monaco-progress-container.active').first().waitFor({ state: 'hidden', timeout });
}

/**
 * Everything the extension host logged so far (remote extension host: code-server writes it
 * under <user-data-dir>/logs/<session>/exthost<N>/remoteexthost.log).
 */
export function extensionHostLog(userDataDir) {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return '';
  return fs
    .readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /exthost\d*[/\\][^/\\]*exthost\.log$/i.test(f))
    .map((f) => fs.readFileSync(path.join(logs, f), 'utf8'))
    .join('\n');
}

/** The log line saying the extension activated; throws if the log reports it failed. */
export function activationLine(userDataDir, extensionId) {
  const log = extensionHostLog(userDataDir);
  // extHostExtensionService logs this (then the error) when activate() or loading main throws.
  if (log.includes(`Activating extension ${extensionId} failed`)) {
    throw new Error(`${extensionId} failed to activate:\n${log}`);
  }
  return log.split('\n').find((line) => line.includes(`_doActivateExtension ${extensionId},`));
}

/** Saves a PNG under test-output/screenshots/ and returns its path relative to the repository. */
export async function saveScreenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return path.relative(repoRoot, file);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
