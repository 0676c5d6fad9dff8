// UI tests of the analysis views (issue 13) in Chromium: each view opened from the command
// palette on the sample corpus, what it draws checked (matrix cells and scores, graph nodes and
// links, timeline items), a click through to the source, an ACH cell set with the mouse and with
// the keyboard and found in the sidecar. Screenshots in test-output/screenshots/ (analysis-*.png),
// copied by hand to media/screenshots/{ach,network,timeline}.png. Build first.
//
//   node --test test/e2e/analysis.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { activeTab, eventually, palette as runFromPalette, saveScreenshot } from '../../scripts/lib/workbench.mjs';

const STEP_MS = 60_000;
const TROOPS = 'troops-withdrawn-from-sovren.txt';

let page;
let server;
let workspace;

const sidecar = (rel) => parse(fs.readFileSync(path.join(workspace, `${rel}.annotations.yaml`), 'utf8'));

before(
  async () => {
    ({ page, server, workspace } = await openWorkbench('e2e-analysis', { settings: { 'workbench.colorTheme': 'Default Dark Modern', 'marginalia.author': 'UI Test Analyst', 'workbench.startupEditor': 'none' } }));
  },
  { timeout: 300_000 },
);

after(closeAll);

const palette = (title) => runFromPalette(page, title, STEP_MS);

/** The page inside the active webview (VS Code nests it in two iframes). */
function webview(title) {
  return page.frameLocator(`iframe.webview.ready[title="${title}"], iframe.webview.ready`).last().frameLocator('#active-frame');
}

async function closeEditors() {
  await palette('View: Close All Editors');
}

test('the ACH matrix draws hypotheses, ratings and scores; a cell set by click and by key lands in the sidecar', { timeout: 240_000 }, async () => {
  await palette('Marginalia: Open ACH Matrix');
  const w = webview('ACH Matrix');
  await w.locator('table.ach').waitFor({ timeout: STEP_MS });
  const heads = await w.locator('th.hyp').allTextContents();
  assert.equal(heads.length, 3, heads.join(' | '));
  assert.match(heads[0], /h1 The 212th brigade withdrew from Kareva in full/);
  const scores = await w.locator('td.score').allTextContents();
  assert.equal(scores.length, 3);
  // the satellite count: very inconsistent with a full withdrawal
  const row = w.locator('tr').filter({ has: w.locator('button.quote', { hasText: 'show at least 38 armoured vehicles' }) });
  assert.deepEqual(await row.locator('button.cell').allTextContents(), ['II', 'C', 'CC']);
  // the most diagnostic row first
  assert.match(await w.locator('tbody tr').first().locator('button.quote').textContent(), /38 armoured vehicles|Satellite images|last units/);
  await saveScreenshot(page, 'analysis-ach');

  // a click cycles the unrated cell of "Kostrov has not confirmed…" h2: N → I
  const kostrov = w.locator('tr').filter({ has: w.locator('button.quote', { hasText: 'Kostrov has not confirmed the withdrawal.' }) });
  await kostrov.locator('button.cell[data-hyp="h2"]').click();
  await eventually(() => assert.equal(sidecar(TROOPS).annotations.find((a) => a.id === '01jdx5t7ca').hypotheses.h2, 'I'), STEP_MS, 'h2 set to I in the sidecar');
  await eventually(async () => assert.equal(await kostrov.locator('button.cell[data-hyp="h2"]').textContent(), 'I'), STEP_MS, 'the matrix redrawn');
  // the keyboard: focus the h1 cell, press 5 (II)
  await kostrov.locator('button.cell[data-hyp="h1"]').focus();
  await page.keyboard.press('5');
  await eventually(() => assert.equal(sidecar(TROOPS).annotations.find((a) => a.id === '01jdx5t7ca').hypotheses.h1, 'II'), STEP_MS, 'h1 set to II by key');
  const entry = sidecar(TROOPS).annotations.find((a) => a.id === '01jdx5t7ca').history.at(-1);
  assert.equal(entry.by, 'UI Test Analyst');
  assert.equal(entry.field, 'hypotheses');

  // a row opens its claim in the editor
  await kostrov.locator('button.quote').click();
  await activeTab(page).filter({ hasText: TROOPS }).waitFor({ timeout: STEP_MS });
  await closeEditors();
});

test('the entity network draws entities and links; a link lists its sentences, which open in the source', { timeout: 240_000 }, async () => {
  await palette('Marginalia: Open Entity Network');
  const w = webview('Entity Network');
  await w.locator('.graph canvas').first().waitFor({ timeout: STEP_MS });
  const nodes = await w.locator('ul.nodes button').allTextContents();
  assert.ok(nodes.some((n) => /^Kareva airfield \(\d+\)$/.test(n)), nodes.join(', '));
  assert.match(await w.locator('p.hint').textContent(), /\d+ entities, \d+ links/);
  // long names ("Halden Institute for Security Studies") are laid out beside, not over, their neighbours' names
  assert.equal(await w.locator('.graph').getAttribute('data-label-overlaps'), '0', 'node labels overlapping');
  await saveScreenshot(page, 'analysis-network');
  await w.locator('ul.nodes button', { hasText: /^Kareva airfield/ }).click();
  // the entity is revealed and selected in the Entities view
  await page.locator('.pane-body .monaco-list-row[aria-selected="true"]', { hasText: 'Kareva airfield' }).waitFor({ timeout: STEP_MS });
  const link = w.locator('ul.edges button', { hasText: /^212th Motor Rifle Brigade — \d+×$/ });
  await link.click();
  const place = w.locator('ol.places button').first();
  await place.waitFor({ timeout: STEP_MS });
  assert.match(await place.textContent(), /Kareva|212th/);
  await saveScreenshot(page, 'analysis-network-link');
  await place.click();
  await activeTab(page).filter({ hasText: /\.txt/ }).waitFor({ timeout: STEP_MS });
  await closeEditors();
});

test('the timeline draws dated claims and notes, rivals marked; an item opens in its source', { timeout: 240_000 }, async () => {
  await palette('Marginalia: Open Timeline');
  const w = webview('Timeline');
  await w.locator('.item').first().waitFor({ timeout: STEP_MS });
  const items = await w.locator('.item').count();
  assert.equal(items, 7, 'the seven dated claims and notes of the sample corpus');
  const withdrawn = w.locator('.item[data-key$="#01jdx2f8qw"]');
  assert.match(await withdrawn.getAttribute('class'), /contested/);
  assert.match(await withdrawn.textContent(), /^2026-11-09/);
  assert.equal(await w.locator('.group').filter({ hasText: TROOPS }).count(), 1);
  await saveScreenshot(page, 'analysis-timeline');
  await withdrawn.click();
  await activeTab(page).filter({ hasText: TROOPS }).waitFor({ timeout: STEP_MS });
});

test('the ACH matrix lists a page of rows; "Show more" asks for the next ones, which come focused', { timeout: 240_000 }, async () => {
  // a source with more claims than a page (200), written beside the sample corpus
  const text = Array.from({ length: 260 }, (_, k) => `Report ${k} says the convoy ${k} moved.`).join('\n') + '\n';
  const claims = Array.from({ length: 260 }, (_, k) => `  - {id: r${k}, kind: claim, quote: "Report ${k} says the convoy ${k} moved."}`).join('\n');
  fs.mkdirSync(path.join(workspace, 'ach-rows'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'ach-rows', 'convoys.txt'), text);
  fs.writeFileSync(path.join(workspace, 'ach-rows', 'convoys.txt.annotations.yaml'), `marginalia: 1\nsource: convoys.txt\nannotations:\n${claims}\n`);
  try {
    await palette('Marginalia: Open ACH Matrix');
    const w = webview('ACH Matrix');
    const more = w.locator('button.more');
    await eventually(async () => assert.match(await more.textContent({ timeout: 2_000 }), /^Show \d+ more rows \(\d+ not shown; the scores count them all\)$/), STEP_MS, 'the convoys indexed, more rows than a page');
    assert.equal(await w.locator('tbody tr').count(), 200, 'a page of rows');
    const rest = Number((await more.textContent()).match(/\((\d+) not shown/)[1]);
    assert.ok(rest >= 60, `${rest} not shown`);
    await more.click();
    await eventually(async () => assert.equal(await w.locator('tbody tr').count(), 200 + Math.min(200, rest)), STEP_MS, 'the next rows came');
    // the first of them has the focus: the keyboard goes on where the list grew
    const focused = await w.locator('tbody tr').nth(200).locator('button.quote').evaluate((el) => el === document.activeElement);
    assert.ok(focused, 'the first new row focused');
    await saveScreenshot(page, 'analysis-ach-more');
  } finally {
    fs.rmSync(path.join(workspace, 'ach-rows'), { recursive: true, force: true });
    await closeEditors();
  }
});
