// Issue 15 in the real workbench: a Claims group longer than a page (core/redraw/paging.ts,
// PAGE_SIZE 200) lists the page and one "Show N more…" row after it; clicking the row lists the
// rest. The fixture is one source with 205 disputed claims (the sample adds its own). Screenshot:
// test-output/screenshots/claims-show-more.png (the end of the group, the row). Build first.
//
//   node --test test/e2e/views-paging.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { openActivityBarItem, eventually, palette, saveScreenshot, setPaneExpanded, sidebarPane, treeRow, treeRows } from '../../scripts/lib/workbench.mjs';

const STEP_MS = 60_000;
const CLAIMS = 205;
const PAGE = 200;
const line = (i) => `Claim number ${String(i).padStart(3, '0')} holds`;

let page;

function fixtures(workspace) {
  // after the sample's sources (paths sort by `<`): the fixture's last claim is its group's last row
  const dir = path.join(workspace, 'zz-paging');
  fs.mkdirSync(dir, { recursive: true });
  const lines = Array.from({ length: CLAIMS }, (_, i) => `${line(i)}.`);
  fs.writeFileSync(path.join(dir, 'many.txt'), lines.join('\n') + '\n');
  fs.writeFileSync(
    path.join(dir, 'many.txt.annotations.yaml'),
    `marginalia: 1\nsource: many.txt\nannotations:\n${lines.map((_, i) => `  - {id: c${i}, kind: claim, quote: ${line(i)}, status: disputed}\n`).join('')}`,
  );
}

before(
  async () => {
    ({ page } = await openWorkbench('e2e-views-paging', { prepare: fixtures }));
  },
  { timeout: 300_000 },
);

after(closeAll);

/** The "more" row of the Claims pane, whatever its count. */
const moreRow = (pane) => pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Show [\d,]+ more…$/ }) });

test('a Claims group longer than a page ends with "Show N more…", and clicking it lists the rest', { timeout: 300_000 }, async () => {
  await openActivityBarItem(page, 'Marginalia');
  for (const title of ['Sources', 'Entities', 'Review']) await setPaneExpanded(page, title, false).catch(() => {});
  await setPaneExpanded(page, 'Claims', true);
  const pane = sidebarPane(page, 'Claims');
  const group = treeRow(pane, 'Disputed');
  await group.waitFor({ timeout: STEP_MS });
  const total = await waitFor(async () => {
    const n = Number(await group.locator('.label-description').textContent().catch(() => ''));
    return n >= CLAIMS ? n : 0;
  }, STEP_MS, 'the Disputed group counts the fixture');
  if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();

  // to the end of the tree, as a keyboard user gets there
  await palette(page, 'Marginalia: Focus on Claims View');
  await page.keyboard.press('End');
  // a group after Disputed that starts expanded (Refuted) would hold the end of the tree: fold it
  const refuted = treeRow(pane, 'Refuted');
  if ((await refuted.count()) && (await refuted.getAttribute('aria-expanded')) === 'true') {
    await refuted.click();
    await page.keyboard.press('End');
  }
  const more = moreRow(pane);
  await more.waitFor({ timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`${e.message} (${await saveScreenshot(page, 'claims-show-more-missing')}; rows: ${JSON.stringify(await treeRows(pane))})`);
  });
  const hidden = total - PAGE;
  assert.equal((await more.locator('.label-name').textContent()).trim(), `Show ${Math.min(hidden, PAGE)} more…`);
  assert.equal((await more.locator('.label-description').textContent()).trim(), `${hidden} not listed`);
  assert.equal(await more.locator('.codicon-ellipsis').count(), 1, 'its ellipsis icon');
  const rows = await treeRows(pane);
  const at = rows.findIndex((r) => /^Show [\d,]+ more…$/.test(r.label));
  assert.equal(rows[at].level, 2, 'under its group');
  assert.match(rows[at - 1].label, /^Claim number \d+ holds$/, 'after the page of claims');
  assert.equal(await treeRow(pane, line(CLAIMS - 1)).count(), 0, 'the last claim is not listed');
  await saveScreenshot(page, 'claims-show-more', { clip: await pane.boundingBox() });

  await more.click();
  await eventually(async () => assert.equal(await moreRow(pane).count(), 0, 'the "more" row is gone'), STEP_MS, 'the group lists the rest');
  await page.keyboard.press('End');
  await treeRow(pane, line(CLAIMS - 1)).waitFor({ timeout: STEP_MS });
  await saveScreenshot(page, 'claims-show-more-after', { clip: await pane.boundingBox() });
});
