// UI tests: the workbench as a person sees it, driven in headless Chromium (issue #3, part 6).
// code-server serves a copy of sample/ with Marginalia loaded from the repository as a
// development extension; screenshots go to test-output/screenshots/. Build first.
//
//   node --test test/e2e/        (npm run test:ui)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import {
  closeAll,
  extensionId,
  launchChromium,
  makeTempDir,
  makeWorkspaceCopy,
  repoRoot,
  startCodeServer,
  waitFor,
  workbenchUrl,
} from '../../scripts/lib/code-server.mjs';
import {
  activationLine,
  activeEditorLines,
  activeTab,
  activityBarItem, openActivityBarItem,
  explorerRow,
  saveScreenshot,
  waitForSidebarIdle,
  waitForWorkbench,
} from '../../scripts/lib/workbench.mjs';

let page;
let server;
let workspace;

before(
  async () => {
    const scratch = makeTempDir('e2e');
    workspace = makeWorkspaceCopy(scratch);
    server = await startCodeServer({ scratch });
    ({ page } = await launchChromium());
    await page.goto(workbenchUrl(server, { folder: workspace, developmentPath: repoRoot }));
    await waitForWorkbench(page);
  },
  { timeout: 120_000 },
);

after(closeAll);

test('Marginalia activates and shows its container in the activity bar', { timeout: 60_000 }, async () => {
  await waitFor(() => activationLine(server.userDataDir, extensionId), 30_000, `${extensionId} activated`);
  const item = activityBarItem(page, 'Marginalia');
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  await openActivityBarItem(page, 'Marginalia');
  await page.locator('.part.sidebar .composite.title', { hasText: /marginalia/i }).waitFor({ timeout: 10_000 });
  await page.locator('.part.sidebar .pane-header', { hasText: /sources/i }).waitFor({ timeout: 10_000 });
  // Asked again: an activation error is logged just after the activation line.
  assert.ok(activationLine(server.userDataDir, extensionId));
  await waitForSidebarIdle(page);
  await saveScreenshot(page, 'marginalia-container');
});

test('a source opens from the Explorer and the editor shows its text', { timeout: 60_000 }, async () => {
  const source = firstSource(workspace);
  const firstLine = fs.readFileSync(path.join(workspace, source), 'utf8').split('\n').find((l) => l.trim() !== '');
  assert.ok(firstLine, `${source} has text`);

  await page.locator('.part.activitybar a.action-label[aria-label^="Explorer"]').click();
  await explorerRow(page, source).click();
  await activeTab(page).filter({ hasText: source }).waitFor({ timeout: 15_000 });
  // The editor renders spaces as non-breaking ones; compare the first words of the first line.
  const opening = firstLine.trim().split(/\s+/).slice(0, 4).join(' ');
  await waitFor(
    async () => (await activeEditorLines(page).innerText()).replace(/\u00a0/g, ' ').includes(opening),
    15_000,
    `the editor shows "${opening}"`,
  );
  await saveScreenshot(page, 'source-open');
});

// The first top-level .txt source of the workspace, so the test follows the sample corpus.
function firstSource(dir) {
  const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  assert.ok(sources.length > 0, `a .txt source in ${dir}`);
  return sources[0];
}
