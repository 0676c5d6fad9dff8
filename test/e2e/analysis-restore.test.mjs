// The analysis views come back after a restart (issue 13, WebviewPanelSerializer): each of the
// three views is opened from the palette and its view state changed as an analyst does (ACH rows
// by source; network linked by paragraph, at least 2 times; timeline rows by entity), then the
// window is reloaded. Each panel must come back as a tab with that state, drawing live data: a
// sidecar changed on disk after the reload shows in the timeline, and an ACH cell set after the
// reload is written and redrawn. Build first.
//
//   node --test test/e2e/analysis-restore.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parse, parseDocument } from 'yaml';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { eventually, openAnalysisView, palette, saveScreenshot, waitForWorkbench, webviewFrame } from '../../scripts/lib/workbench.mjs';

const STEP_MS = 60_000;
const TROOPS = 'troops-withdrawn-from-sovren.txt';

let page;
let server;
let workspace;

before(
  async () => {
    ({ page, server, workspace } = await openWorkbench('e2e-analysis-restore', { settings: { 'workbench.colorTheme': 'Default Dark Modern', 'marginalia.author': 'UI Test Analyst', 'workbench.startupEditor': 'none' } }));
  },
  { timeout: 300_000 },
);

after(async () => {
  const logs = path.join(server.userDataDir, 'logs');
  for (const f of fs.readdirSync(logs, { recursive: true, encoding: 'utf8' })) { const p = path.join(logs, f); if (fs.statSync(p).isFile()) for (const l of fs.readFileSync(p, 'utf8').split('\n')) if (l.includes('restored after')) console.log(l); }
  await closeAll();
});

const tab = (title) => page.locator('.part.editor .tab', { hasText: title });

test('each analysis view comes back after a window reload with its view state and live data', { timeout: 300_000 }, async () => {
  // ACH: rows by source
  let w = await openAnalysisView(page, 'ACH Matrix', STEP_MS);
  await w.locator('table.ach').waitFor({ timeout: STEP_MS });
  await w.getByRole('button', { name: 'by source' }).click();
  await eventually(async () => assert.equal(await w.getByRole('button', { name: 'by source' }).getAttribute('aria-pressed'), 'true'), STEP_MS, 'ACH by source');
  const achRows = await w.locator('tbody button.quote').allTextContents();

  // network: by paragraph, at least 2 co-occurrences
  w = await openAnalysisView(page, 'Entity Network', STEP_MS);
  await w.locator('.graph canvas').first().waitFor({ timeout: STEP_MS });
  const sentenceHint = await w.locator('p.hint').textContent();
  // each change waited for until its graph is drawn (the hint's counts change)
  await w.getByLabel('Linked when in the same').selectOption('paragraph');
  await eventually(async () => assert.notEqual(await w.locator('p.hint').textContent(), sentenceHint), STEP_MS, 'the paragraph graph drawn');
  const paragraphHint = await w.locator('p.hint').textContent();
  await w.getByLabel('Minimum co-occurrences').fill('2');
  await w.getByLabel('Minimum co-occurrences').press('Enter');
  await eventually(async () => assert.notEqual(await w.locator('p.hint').textContent(), paragraphHint), STEP_MS, 'the weight-2 graph drawn');
  assert.equal(await w.getByLabel('Linked when in the same').inputValue(), 'paragraph');
  const networkHint = await w.locator('p.hint').textContent();
  const networkNodes = await w.locator('ul.nodes button').allTextContents();

  // timeline: rows by entity
  w = await openAnalysisView(page, 'Timeline', STEP_MS);
  await w.locator('.item').first().waitFor({ timeout: STEP_MS });
  await w.getByLabel('Group by').selectOption('entity');
  await eventually(async () => assert.ok((await w.locator('.group').allTextContents()).includes('Kareva airfield')), STEP_MS, 'rows by entity');
  const timelineGroups = await w.locator('.group').allTextContents();

  // as VS Code closes: the workbench saves its editors (and each webview's state) and reloads
  await Promise.all([page.waitForEvent('load', { timeout: STEP_MS }), palette(page, 'Developer: Reload Window', STEP_MS)]);
  await waitForWorkbench(page, 120_000);
  await saveScreenshot(page, 'analysis-restored');

  // the timeline was the active tab: it comes back first, by entity
  for (const title of ['ACH Matrix', 'Entity Network', 'Timeline']) await tab(title).waitFor({ timeout: STEP_MS });
  w = await webviewFrame(page, 'Timeline');
  await w.locator('.item').first().waitFor({ timeout: STEP_MS });
  assert.equal(await w.getByLabel('Group by').inputValue(), 'entity');
  assert.deepEqual(await w.locator('.group').allTextContents(), timelineGroups);
  // live: a claim dated on disk (as a `git pull` would) joins the timeline without a reload
  const before = await w.locator('p.hint').textContent();
  assert.match(before, /^7 dated items/);
  const file = path.join(workspace, `${TROOPS}.annotations.yaml`);
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  const undated = doc.get('annotations').items.find((a) => a.get('kind') === 'claim' && !a.has('when'));
  undated.set('when', '2026-11-03');
  fs.writeFileSync(file, doc.toString());
  await eventually(async () => assert.match(await w.locator('p.hint').textContent(), /^8 dated items/), STEP_MS, 'the dated claim drawn after the reload');

  // the network: by paragraph, at least 2
  await tab('Entity Network').click();
  w = await webviewFrame(page, 'Entity Network');
  await w.locator('.graph canvas').first().waitFor({ timeout: STEP_MS });
  assert.equal(await w.getByLabel('Linked when in the same').inputValue(), 'paragraph');
  assert.equal(await w.getByLabel('Minimum co-occurrences').inputValue(), '2');
  assert.equal(await w.locator('p.hint').textContent(), networkHint);
  assert.deepEqual(await w.locator('ul.nodes button').allTextContents(), networkNodes);

  // the ACH matrix: rows by source, and a cell set after the reload is written and redrawn
  await tab('ACH Matrix').click();
  w = await webviewFrame(page, 'ACH Matrix');
  await w.locator('table.ach').waitFor({ timeout: STEP_MS });
  assert.equal(await w.getByRole('button', { name: 'by source' }).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(await w.locator('tbody button.quote').allTextContents(), achRows);
  const kostrov = w.locator('tr').filter({ has: w.locator('button.quote', { hasText: 'Kostrov has not confirmed the withdrawal.' }) });
  await kostrov.locator('button.cell[data-hyp="h3"]').focus();
  await page.keyboard.press('1');
  await eventually(() => assert.equal(parse(fs.readFileSync(file, 'utf8')).annotations.find((a) => a.id === '01jdx5t7ca').hypotheses.h3, 'CC'), STEP_MS, 'h3 set to CC after the reload');
  await eventually(async () => assert.equal(await kostrov.locator('button.cell[data-hyp="h3"]').textContent(), 'CC'), STEP_MS, 'the matrix redrawn');
  await saveScreenshot(page, 'analysis-restored-ach');
  await palette(page, 'View: Close All Editors', STEP_MS);
});
