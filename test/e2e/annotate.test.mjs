// UI tests of annotating, as an analyst does it in the browser (issue #4, "Done when"): the
// Sources view lists the sample corpus with its counts, a disputed claim is highlighted in the
// contributed colour and its hover shows the contradicting evidence, and a phrase marked as a
// disputed claim through the editor's context menu is highlighted and counted in the Sources and
// Claims views at once. Screenshots go to test-output/screenshots/; the best are copied by hand
// to media/screenshots/ for the README. Build first.
//
//   node --test test/e2e/annotate.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import {
  closeAll,
  extensionId,
  launchChromium,
  linkedDevelopmentPath,
  makeTempDir,
  makeWorkspaceCopy,
  startCodeServer,
  waitFor,
  workbenchUrl,
} from '../../scripts/lib/code-server.mjs';
import {
  activationLine,
  activeTab,
  openActivityBarItem,
  clickMenuItem,
  contributedColor,
  decorationsAt,
  editorHover,
  focusActiveEditor,
  lineBottomBelow,
  parkMouse,
  pickQuickItem,
  quickInputTitle,
  resizeSidebar,
  sameColor,
  saveScreenshot,
  selectedCount,
  selectText,
  setPaneExpanded,
  sidebarPane,
  textRects,
  themeKind,
  treeRow,
  treeRows,
  waitForSidebarIdle,
  waitForWorkbench,
} from '../../scripts/lib/workbench.mjs';

/** The article with the disputed claim, and the one the test annotates (no sidecar yet). */
const DISPUTED_SOURCE = 'troops-withdrawn-from-sovren.txt';
const PLAIN_SOURCE = 'pact-membership-frozen.txt';
const PHRASE = 'Kostrov cut gas deliveries to a neighbour once before, in 2019';
const AUTHOR = 'UI Test Analyst';
/** The claim statuses in the order the views count and list them (src/extension/views/summary.ts). */
const STATUS_ORDER = ['disputed', 'refuted', 'unverified', 'corroborated'];

/** Height of the close-up screenshots (the claim is near the top of its article). */
const CLOSE_UP_HEIGHT = 500;
/** Wide enough for most of the Sources view's counts. */
const SIDEBAR_WIDTH = 540;
// Generous: other test suites share this machine's two cores.
const STEP_MS = 60_000;

let page;
let server;
let workspace;
let theme;

before(
  async () => {
    const scratch = makeTempDir('e2e-annotate');
    workspace = makeWorkspaceCopy(scratch);
    assert.ok(!fs.existsSync(sidecarOf(PLAIN_SOURCE)), `${PLAIN_SOURCE} starts without a sidecar`);
    server = await startCodeServer({
      scratch,
      settings: {
        // for the README: the default dark theme, wrapped text, room for it
        'workbench.colorTheme': 'Default Dark Modern',
        'editor.wordWrap': 'on',
        'editor.minimap.enabled': false,
        // the cursor rests on a word: its other occurrences would be highlighted too
        'editor.occurrencesHighlight': 'off',
        'marginalia.author': AUTHOR,
      },
      readyTimeoutMs: 120_000,
    });
    ({ page } = await launchChromium({ viewport: { width: 1400, height: 900 } }));
    await page.goto(workbenchUrl(server, { folder: workspace, developmentPath: linkedDevelopmentPath(scratch) }));
    await waitForWorkbench(page, 120_000);
  },
  { timeout: 300_000 },
);

after(closeAll);

test('the Sources view lists the sample corpus with each source’s counts', { timeout: 180_000 }, async () => {
  await waitFor(() => activationLine(server.userDataDir, extensionId), STEP_MS, `${extensionId} activated`);
  theme = await themeKind(page);
  await openActivityBarItem(page, 'Marginalia');
  const sources = sidebarPane(page, 'Sources');
  await sources.waitFor({ timeout: STEP_MS });
  await resizeSidebar(page, SIDEBAR_WIDTH);

  // every source of the copy, with the claim and note counts its sidecar gives
  const expected = sourceFiles(workspace).map((rel) => ({ rel, name: path.basename(rel), counts: expectedCounts(rel) }));
  assert.equal(expected.length, 5, 'the five sample articles');
  await eventually(async () => {
    const rows = await treeRows(sources);
    assert.ok(rows.some((r) => r.label === 'analysis' && r.level === 1), `the analysis folder: ${show(rows)}`);
    for (const { rel, name, counts } of expected) {
      const row = rows.find((r) => r.label === name);
      assert.ok(row, `a row for ${rel}: ${show(rows)}`);
      assert.equal(row.level, rel.split('/').length, `${rel} at its depth`);
      // after the source's reliability grade, when it has one (issue 14)
      assert.match(row.description, /^([A-F] · )?\d+ entit(y|ies)\b/, `${rel}: entities counted`);
      const rest = row.description.replace(/^([A-F] · )?\d+ entit(y|ies)( · )?/, '');
      assert.equal(rest, counts, `${rel}: claim and note counts`);
    }
  }, STEP_MS, 'the Sources view shows every source with its counts');

  // a source with its annotations: opens on click, expands into claims, entities and notes
  // (the Entities, Claims and Review views folded, to give the Sources view room for them)
  await setPaneExpanded(page, 'Entities', false);
  await setPaneExpanded(page, 'Claims', false);
  await setPaneExpanded(page, 'Review', false);
  const row = treeRow(sources, DISPUTED_SOURCE);
  await row.click();
  await activeTab(page).filter({ hasText: DISPUTED_SOURCE }).waitFor({ timeout: STEP_MS });
  await row.locator('.monaco-tl-twistie').click();
  const annotations = sidecar(DISPUTED_SOURCE).annotations;
  const claims = annotations.filter((a) => a.kind === 'claim');
  await eventually(async () => {
    const rows = await treeRows(sources);
    const at = rows.findIndex((r) => r.label === DISPUTED_SOURCE);
    const children = rows.slice(at + 1).filter((r) => r.level > rows[at].level);
    assert.ok(children.some((r) => r.label === 'Claims' && r.description === String(claims.length)), `a Claims group of ${claims.length}: ${show(children)}`);
    for (const c of claims) {
      assert.ok(children.some((r) => startsLike(c.quote, r.label)), `the claim “${c.quote.slice(0, 40)}…” listed: ${show(children)}`);
    }
    assert.ok(children.some((r) => r.label === 'Notes'), `a Notes group: ${show(children)}`);
  }, STEP_MS, `${DISPUTED_SOURCE} expands into its annotations`);

  // the editor focused (not the tree, whose focus outline is loud), nothing hovered; the side bar
  await focusActiveEditor(page);
  await parkMouse(page);
  await waitForSidebarIdle(page);
  // the activity bar and the side bar, down to the tree's last row
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const lastRow = Math.max(...(await sources.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().bottom))));
  await saveScreenshot(page, 'sources-view', {
    clip: { x: 0, y: sidebar.y, width: Math.ceil(sidebar.x + sidebar.width), height: Math.ceil(lastRow - sidebar.y + 16) },
  });
});

test('the disputed claim is highlighted in the contributed colour', { timeout: 180_000 }, async () => {
  await setPaneExpanded(page, 'Claims', true);
  await focusActiveEditor(page);
  const claim = disputedClaim();
  const rects = await waitFor(() => textRects(page, claim.quote), STEP_MS, 'the disputed claim on screen');
  // its opening and closing words (on different screen lines when wrapped) are both framed
  for (const [where, rect] of [['start', rects.head], ['end', rects.tail]]) {
    await eventually(async () => assertDisputed(await decorationsAt(page, rect), `the claim's ${where}`), STEP_MS, `the claim's ${where} highlighted`);
  }
  // and the highlight stops where the claim does
  const after = claim.suffix.replace(/^[\s,.;:]+/, '').split(' ').slice(0, 3).join(' ');
  const outside = await textRects(page, after);
  assert.ok(outside, `"${after}" on screen`);
  const there = await decorationsAt(page, outside.head);
  assert.ok(!there.some((d) => sameColor(d.background, disputedBackground())), `no disputed highlight on "${after}": ${JSON.stringify(there)}`);

  await parkMouse(page);
  await saveScreenshot(page, 'disputed-claim', { clip: await topOfWindow() });
});

test('hovering the claim shows its status and the contradicting evidence', { timeout: 180_000 }, async () => {
  const claim = disputedClaim();
  const link = claim.links.find((l) => l.rel === 'contradicts');
  const [target, id] = link.to.split('#');
  const evidence = sidecar(path.join(path.dirname(DISPUTED_SOURCE), target)).annotations.find((a) => a.id === id);
  assert.ok(evidence, `the contradicting claim ${link.to}`);

  // its opening words, clear of the entity mentions further on (whose hovers would join in)
  const opening = claim.quote.split(' ').slice(0, 3).join(' ');
  const rects = await waitFor(() => textRects(page, opening), STEP_MS, `"${opening}" on screen`);
  await page.mouse.move(rects.head.x + rects.head.width / 2, rects.head.y + rects.head.height / 2, { steps: 3 });
  const hover = editorHover(page).filter({ hasText: 'Claim — disputed' });
  await hover.waitFor({ state: 'visible', timeout: STEP_MS });
  await eventually(async () => {
    const text = normalise(await hover.innerText());
    assert.match(text, /Claim — disputed/);
    assert.match(text, new RegExp(`Credibility ${claim.credibility}\\b`));
    assert.match(text, /Contradicts “/);
    assert.ok(text.includes(normalise(evidence.quote)), `the contradicting text “${evidence.quote}” in: ${text}`);
    assert.ok(text.includes(target.replace(/^\.\.\//, '')), `a link to ${target}`);
  }, STEP_MS, 'the hover shows the claim and its evidence');
  // all of it on screen
  const box = await hover.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height, `the hover fits the window: ${JSON.stringify(box)}`);
  await saveScreenshot(page, 'claim-hover', { clip: await topOfWindow(box.y + box.height + 16) });

  await parkMouse(page);
  await page.keyboard.press('Escape');
  await hover.waitFor({ state: 'hidden', timeout: STEP_MS });
});

test('a phrase marked as a disputed claim from the context menu is highlighted and counted', { timeout: 240_000 }, async () => {
  const sources = sidebarPane(page, 'Sources');
  const claimsView = sidebarPane(page, 'Claims');
  await setPaneExpanded(page, 'Claims', true);
  const disputedBefore = Number((await treeRows(claimsView)).find((r) => r.label === 'Disputed' && r.level === 1)?.description);
  assert.ok(disputedBefore > 0, 'the Claims view counts the disputed claims');

  await treeRow(sources, PLAIN_SOURCE).click();
  await activeTab(page).filter({ hasText: PLAIN_SOURCE }).waitFor({ timeout: STEP_MS });
  assert.doesNotMatch(await description(sources, PLAIN_SOURCE), /disputed/);

  // select the phrase with the mouse, then the context menu and the two quick picks
  const rects = await selectText(page, PHRASE, STEP_MS);
  await eventually(async () => assert.equal(await selectedCount(page), PHRASE.length, 'the status bar counts the selected characters'), STEP_MS, 'the phrase selected');
  assert.ok(!(await decorationsAt(page, rects.head)).some((d) => sameColor(d.background, disputedBackground())), 'no claim there yet');
  await page.mouse.click(rects.head.x + rects.head.width / 2, rects.head.y + rects.head.height / 2, { button: 'right' });
  await clickMenuItem(page, 'Mark Selection as Claim…', STEP_MS);
  await quickInputTitle(page).filter({ hasText: 'Claim status' }).waitFor({ timeout: STEP_MS });
  await pickQuickItem(page, 'disputed', STEP_MS);
  await quickInputTitle(page).filter({ hasText: 'credibility' }).waitFor({ timeout: STEP_MS });
  await pickQuickItem(page, 'Skip', STEP_MS);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_MS });

  // on screen: the highlight, the count in the Sources view, the claim under Disputed
  await page.keyboard.press('Escape'); // drop the selection, which is drawn over the highlight
  await eventually(async () => {
    const now = await textRects(page, PHRASE);
    assert.ok(now, 'the phrase on screen');
    assertDisputed(await decorationsAt(page, now.head), 'the phrase’s start');
    assertDisputed(await decorationsAt(page, now.tail), 'the phrase’s end');
  }, STEP_MS, 'the phrase highlighted as disputed');
  await eventually(async () => assert.match(await description(sources, PLAIN_SOURCE), /(^| · )1 disputed\b/), STEP_MS, `the Sources view counts the claim in ${PLAIN_SOURCE}`);
  await eventually(async () => {
    const rows = await treeRows(claimsView);
    const group = rows.findIndex((r) => r.label === 'Disputed' && r.level === 1);
    assert.ok(group >= 0, `a Disputed group: ${show(rows)}`);
    assert.equal(rows[group].description, String(disputedBefore + 1), 'one more disputed claim');
    const next = rows.findIndex((r, i) => i > group && r.level === 1);
    const members = rows.slice(group + 1, next < 0 ? undefined : next);
    assert.ok(members.some((r) => startsLike(PHRASE, r.label) && r.description.includes(PLAIN_SOURCE)), `the new claim under Disputed: ${show(members)}`);
  }, STEP_MS, 'the Claims view lists the claim under Disputed');

  // and on disk: the sidecar beside the source, with the quote as selected
  const written = sidecar(PLAIN_SOURCE);
  assert.equal(written.source, PLAIN_SOURCE);
  assert.equal(written.annotations.length, 1);
  const [a] = written.annotations;
  assert.deepEqual({ kind: a.kind, quote: a.quote, status: a.status, credibility: a.credibility, author: a.author }, { kind: 'claim', quote: PHRASE, status: 'disputed', credibility: undefined, author: AUTHOR });
  const text = fs.readFileSync(path.join(workspace, PLAIN_SOURCE), 'utf8');
  assert.equal([...text].slice(a.start, a.end).join(''), PHRASE, 'start and end (code points) point at the quote');

  await parkMouse(page);
  await waitForSidebarIdle(page);
  await saveScreenshot(page, 'annotated');
});

// ---- helpers ------------------------------------------------------------------------------------

/** Retries `check` (which throws on failure) until it passes; after `ms`, throws its last error. */
async function eventually(check, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The window's top part (where the claim is), full width, cut between two lines of text. */
async function topOfWindow(atLeast = 0) {
  const { width, height } = page.viewportSize();
  const cut = await lineBottomBelow(page, Math.max(CLOSE_UP_HEIGHT, atLeast));
  return { x: 0, y: 0, width, height: Math.min(height, Math.ceil(cut)) };
}

function disputedBackground() {
  return contributedColor('marginalia.claim.disputed.background', theme);
}

/** Among `decorations`, one with the disputed claim's background and frame for the current theme. */
function assertDisputed(decorations, where) {
  const border = contributedColor('marginalia.claim.disputed.border', theme);
  assert.ok(
    decorations.some((d) => sameColor(d.background, disputedBackground()) && d.border && sameColor(d.border, border)),
    `${where}: a decoration with the ${theme} theme's disputed colours (background ${rgba(disputedBackground())}, border ${rgba(border)}); found ${JSON.stringify(decorations)}`,
  );
}

function rgba([r, g, b, a]) {
  return `rgba(${r}, ${g}, ${b}, ${+a.toFixed(2)})`;
}

async function description(pane, label) {
  return (await treeRows(pane)).find((r) => r.label === label)?.description ?? '';
}

function disputedClaim() {
  const claim = sidecar(DISPUTED_SOURCE).annotations.find((a) => a.kind === 'claim' && a.status === 'disputed');
  assert.ok(claim, `${DISPUTED_SOURCE} has a disputed claim`);
  return claim;
}

function sidecarOf(rel) {
  return path.join(workspace, `${rel}.annotations.yaml`);
}

function sidecar(rel) {
  return parse(fs.readFileSync(sidecarOf(rel), 'utf8'));
}

/** The workspace's sources: .txt files, relative paths with '/'. */
function sourceFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** `1 disputed · 1 refuted · 1 note`, as the Sources view words it, read from the sidecar. */
function expectedCounts(rel) {
  if (!fs.existsSync(sidecarOf(rel))) return '';
  const annotations = sidecar(rel).annotations ?? [];
  const parts = [];
  for (const s of STATUS_ORDER) {
    const n = annotations.filter((a) => a.kind === 'claim' && a.status === s).length;
    if (n) parts.push(`${n} ${s}`);
  }
  const notes = annotations.filter((a) => a.kind === 'note').length;
  if (notes) parts.push(`${notes} note${notes === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Whether a tree label shows `quote`, whole or clipped with an ellipsis. */
function startsLike(quote, label) {
  const q = normalise(quote);
  const l = normalise(label).replace(/…$/, '');
  return l.length > 10 && q.startsWith(l);
}

function normalise(text) {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

function show(rows) {
  return rows.map((r) => `${'  '.repeat(Math.max(0, r.level - 1))}${r.label}${r.description ? ` — ${r.description}` : ''}`).join(' | ');
}
