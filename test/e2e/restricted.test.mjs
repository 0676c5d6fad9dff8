// Restricted Mode in the real workbench (issue 8: `untrustedWorkspaces: limited`). A corpus
// cloned from someone else opens untrusted: VS Code is started here with workspace trust on and
// no startup prompt, so the folder stays in Restricted Mode. Reading must work as in a trusted
// folder — the Sources view lists the corpus, a claim is highlighted and its hover shows — while
// what would run git (Set Up Git Merge Driver) is not offered. Screenshot in
// test-output/screenshots/restricted-mode.png. Build first.
//
//   node --test test/e2e/restricted.test.mjs
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { activeTab, openActivityBarItem, editorHover, explorerRow, parkMouse, saveScreenshot, sidebarPane, textRects, treeRows } from '../../scripts/lib/workbench.mjs';

const SOURCE = 'coup-plot-uncovered.txt';
const CLAIM = 'Eleven people were detained in overnight raids';
const STEP_MS = 60_000;

let page;
let server;

before(
  async () => {
    ({ page, server } = await openWorkbench('e2e-restricted', {
      workspaceTrust: true,
      settings: { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' },
    }));
  },
  { timeout: 300_000 },
);

after(closeAll);

test('in Restricted Mode the corpus is read, highlighted and hovered; Set Up Git Merge Driver is not offered', { timeout: 240_000 }, async () => {
  // the folder really is untrusted: VS Code says so
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: STEP_MS });

  // the Sources view lists the corpus
  await openActivityBarItem(page, 'Marginalia');
  const sources = sidebarPane(page, 'Sources');
  await sources.waitFor({ timeout: STEP_MS });
  await waitFor(async () => (await treeRows(sources)).some((r) => /coup-plot-uncovered|coup plot/i.test(`${r.label} ${r.description}`)), STEP_MS, 'the source listed in the Sources view');

  // a claim in the source is highlighted and its hover shows the assessment
  await page.locator('.part.activitybar .action-item a[aria-label^="Explorer"]').first().click();
  await explorerRow(page, SOURCE).click();
  await activeTab(page).filter({ hasText: SOURCE }).waitFor({ timeout: STEP_MS });
  const rects = await waitFor(() => textRects(page, CLAIM), STEP_MS, 'the claim drawn in the editor');
  // the hover shows once the source is placed; a pointer that arrived before that is moved again
  const hover = editorHover(page).filter({ hasText: /corroborated/i });
  await waitFor(async () => {
    await parkMouse(page);
    await page.mouse.move(rects.head.x + rects.head.width / 2, rects.head.y + rects.head.height / 2);
    return hover.waitFor({ timeout: 5_000 }).then(() => true, () => false);
  }, STEP_MS * 2, 'the claim hover');
  await saveScreenshot(page, 'restricted-mode');

  // git is never run in an untrusted folder: its command is not in the palette
  await parkMouse(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor({ timeout: STEP_MS });
  // the palette works: Export… is there; then, filtered for the git set-up, the list has no such row
  const offered = async () => (await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).join('\n');
  await input.fill('>Marginalia: Export');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Marginalia: Export…' }).first().waitFor({ timeout: STEP_MS });
  await input.fill('>Marginalia: Set Up Git');
  await waitFor(async () => !(await offered()).includes('Export…'), 20_000, 'the palette re-filtered');
  assert.doesNotMatch(await offered(), /Set Up Git Merge Driver/, 'no git set-up command offered in Restricted Mode');
  await page.keyboard.press('Escape');
});
