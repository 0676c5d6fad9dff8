// The analysis views in each kind of theme, on a crowded timeline, and from the keyboard (issue
// 13). Themes: Light+, Dark+ and Dark High Contrast, picked from Preferences: Color Theme; each
// view is screenshot in each (test-output/screenshots/analysis-<view>-<theme>.png) and its text
// checked readable (contrast of the text, the ACH ratings and the status colours against the
// background) with a visible focus outline. The timeline gets a source whose claims crowd one
// date with long quotes: no item may lie over another, and a label cut short keeps its full text
// in the tooltip. Keyboard: ACH arrows and keys set a cell; the network's entity list moves with
// arrows and Enter shows an entity's links; timeline items move in date order and Enter opens
// the source. Build first.
//
//   node --test test/e2e/analysis-themes.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { activeTab, eventually, openAnalysisView, palette, pickQuickItem, saveScreenshot, themeKind } from '../../scripts/lib/workbench.mjs';

const STEP_MS = 60_000;
const TROOPS = 'troops-withdrawn-from-sovren.txt';
const DENSE = 'crowded-day.txt';

let page;
let server;
let workspace;

/** A source whose eight claims all happened around 5 November 2026, six on that day, with long quotes. */
function addCrowdedSource(dir) {
  const sentences = [
    'Border guards at the Lisková crossing reported a column of at least forty trucks moving north before dawn on 5 November',
    'A spokesman for the Tarvan defence ministry denied that any vehicles had crossed the border during the night of 4 to 5 November',
    'Residents of three villages near the crossing said they heard heavy engines for several hours and saw no lights on the road',
    'The Veldonian interior ministry closed the crossing to civilian traffic for the whole of 5 November without giving a reason',
    'Satellite images taken on the afternoon of 5 November show fresh tracks in the fields on both sides of the border road',
    'An opposition deputy told parliament that the column carried equipment withdrawn from Kareva and not fresh troops',
    'Two local journalists who tried to reach the crossing were turned back by soldiers at a checkpoint eight kilometres away',
    'The observer mission said on 6 November that it had not been given access to the area and could not confirm any movement',
  ];
  fs.writeFileSync(path.join(dir, DENSE), `${sentences.join('. ')}.\n`);
  const when = ['2026-11-05', '2026-11-05', '2026-11-05', '2026-11-05', '2026-11-05', '2026-11-05', '2026-11-04/2026-11-06', '2026-11-06'];
  const status = ['unverified', 'disputed', 'corroborated', 'refuted', 'corroborated', 'unverified', 'disputed', 'unverified'];
  const lines = ['marginalia: 1', `source: ${DENSE}`, 'annotations:'];
  sentences.forEach((s, i) => {
    lines.push(`  - id: crowd${i}`, '    kind: claim', `    quote: ${JSON.stringify(s)}`, `    status: ${status[i]}`, `    when: ${when[i]}`, '    author: UI Test Analyst', '    created: 2026-11-07T10:00:00Z');
  });
  fs.writeFileSync(path.join(dir, `${DENSE}.annotations.yaml`), `${lines.join('\n')}\n`);
}

before(
  async () => {
    ({ page, server, workspace } = await openWorkbench('e2e-analysis-themes', { prepare: addCrowdedSource, settings: { 'workbench.colorTheme': 'Default Dark+', 'marginalia.author': 'UI Test Analyst', 'workbench.startupEditor': 'none' } }));
    // more room for the views: the side bar closed
    await palette(page, 'View: Close Primary Side Bar', STEP_MS);
  },
  { timeout: 300_000 },
);

after(closeAll);

/** Picks a colour theme from Preferences: Color Theme, as a user does, and waits for the workbench to take it. */
async function setTheme(label, kind) {
  if ((await themeKind(page)) === kind) return;
  await palette(page, 'Preferences: Color Theme', STEP_MS);
  await page.keyboard.type(label);
  await pickQuickItem(page, label, STEP_MS);
  await eventually(async () => assert.equal(await themeKind(page), kind), STEP_MS, `the ${label} theme applied`);
}

/**
 * WCAG contrast ratios in the webview page, computed by the page from computed styles: `text`
 * for body text, and for each element matching a selector its own colour against the
 * background behind it.
 */
async function contrasts(frame, selectors) {
  return frame.evaluate((selectors) => {
    // a computed colour: rgb()/rgba(), or color(srgb r g b / a) in 0–1 (what color-mix() computes to)
    const rgb = (c) => {
      const srgb = /color\(srgb ([^)]+)\)/.exec(c);
      const m = srgb ?? /rgba?\(([^)]+)\)/.exec(c);
      if (!m) throw new Error(`not a colour: ${c}`);
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      const k = srgb ? 255 : 1;
      return { r: r * k, g: g * k, b: b * k, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (x, y) => {
      const [l1, l2] = [lum(x), lum(y)].sort((p, q) => q - p);
      return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
    };
    const bgOf = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.a > 0.5) return c;
      }
      return rgb(getComputedStyle(document.body).backgroundColor);
    };
    const out = {};
    for (const [name, sel] of Object.entries(selectors)) {
      out[name] = [...document.querySelectorAll(sel)].map((el) => {
        const s = getComputedStyle(el);
        // a status drawn as a coloured bar (the timeline's left border) or as text
        const fg = name.startsWith('bar:') ? rgb(s.borderLeftColor) : rgb(s.color);
        return ratio(fg, bgOf(el));
      });
    }
    return out;
  }, selectors);
}

/** The focus outline of the element with the keyboard focus in the page: its width and contrast. */
async function focusOutline(frame) {
  return frame.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0, color: s.outlineColor };
  });
}

const THEMES = [
  ['Light+', 'light', 'light'],
  ['Dark+', 'dark', 'dark'],
  ['Dark High Contrast', 'highContrast', 'hc'],
];

for (const [theme, kind, short] of THEMES) {
  test(`the three views are readable in ${theme}, focus visible`, { timeout: 240_000 }, async () => {
    await setTheme(theme, kind);

    let w = await openAnalysisView(page, 'ACH Matrix', STEP_MS);
    await w.locator('table.ach button.cell').first().waitFor({ timeout: STEP_MS });
    await w.locator('button.cell').first().focus();
    await page.keyboard.press('ArrowRight'); // a keyboard focus, so :focus-visible applies
    const achFocus = await focusOutline(w);
    assert.equal(achFocus.tag, 'BUTTON');
    assert.ok(achFocus.style !== 'none' && achFocus.width >= 1, `ACH focus outline in ${theme}: ${JSON.stringify(achFocus)}`);
    await saveScreenshot(page, `analysis-ach-${short}`);
    let c = await contrasts(w, { text: 'h1, .quote, th.hyp', hint: 'p.hint, p.weighting', status: '.status', ratings: 'button.cell:not(.r-none)', 'bar:status': '.status' });
    for (const [name, values] of Object.entries(c)) {
      assert.ok(values.length > 0, `${name} drawn`);
      // text at WCAG AA (4.5:1); the ratings are bold one- or two-letter marks and the status
      // colour a bar beside the status word: graphics, 3:1 (WCAG 1.4.11)
      const min = name === 'ratings' || name.startsWith('bar:') ? 3 : 4.5;
      assert.ok(Math.min(...values) >= min, `ACH ${name} contrast in ${theme}: ${values.join(', ')}`);
    }

    w = await openAnalysisView(page, 'Entity Network', STEP_MS);
    await w.locator('.graph canvas').first().waitFor({ timeout: STEP_MS });
    await w.locator('ul.nodes button').first().focus();
    await page.keyboard.press('ArrowDown');
    const netFocus = await focusOutline(w);
    assert.ok(netFocus.style !== 'none' && netFocus.width >= 1, `network focus outline in ${theme}: ${JSON.stringify(netFocus)}`);
    await saveScreenshot(page, `analysis-network-${short}`);
    c = await contrasts(w, { text: 'h1, ul.nodes button', hint: 'p.hint' });
    for (const [name, values] of Object.entries(c)) assert.ok(Math.min(...values) >= 4.5, `network ${name} contrast in ${theme}: ${values.join(', ')}`);
    // the graph's labels take the theme's foreground (read when drawn: a theme change redraws)
    const graphText = await w.evaluate(() => {
      const fg = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim();
      return { fg, drawn: document.querySelector('.graph')?.dataset.fg };
    });
    assert.equal(graphText.drawn, graphText.fg, `the graph drawn with ${theme}'s foreground`);

    w = await openAnalysisView(page, 'Timeline', STEP_MS);
    await w.locator('.item').first().waitFor({ timeout: STEP_MS });
    await w.locator('.item').first().focus();
    await page.keyboard.press('ArrowRight');
    const tlFocus = await focusOutline(w);
    assert.ok(tlFocus.style !== 'none' && tlFocus.width >= 1, `timeline focus outline in ${theme}: ${JSON.stringify(tlFocus)}`);
    await saveScreenshot(page, `analysis-timeline-${short}`);
    c = await contrasts(w, { text: 'h1, .group', items: '.item', 'bar:status': '.item' });
    assert.ok(Math.min(...c.text) >= 4.5, `timeline text contrast in ${theme}: ${c.text.join(', ')}`);
    assert.ok(Math.min(...c.items) >= 4.5, `timeline item text contrast in ${theme}: ${c.items.join(', ')}`);
    // the status bars: non-text graphics, WCAG 1.4.11 asks 3:1
    assert.ok(Math.min(...c['bar:status']) >= 3, `timeline status bar contrast in ${theme}: ${c['bar:status'].join(', ')}`);
    await palette(page, 'View: Close All Editors', STEP_MS);
  });
}

test('the entity network redraws its graph in the new colours when the theme changes', { timeout: 240_000 }, async () => {
  await setTheme('Dark+', 'dark');
  const w = await openAnalysisView(page, 'Entity Network', STEP_MS);
  await w.locator('.graph canvas').first().waitFor({ timeout: STEP_MS });
  const drawn = () => w.evaluate(() => ({ fg: getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim(), drawn: document.querySelector('.graph')?.dataset.fg }));
  const dark = await drawn();
  assert.equal(dark.drawn, dark.fg);
  await setTheme('Light+', 'light');
  await eventually(async () => {
    const light = await drawn();
    assert.notEqual(light.fg, dark.fg);
    assert.equal(light.drawn, light.fg);
  }, STEP_MS, 'the graph redrawn in Light+');
  await palette(page, 'View: Close All Editors', STEP_MS);
});

test('a crowded date on the timeline: no item lies over another, a cut label keeps its full text as the tooltip', { timeout: 240_000 }, async () => {
  await setTheme('Dark+', 'dark');
  const w = await openAnalysisView(page, 'Timeline', STEP_MS);
  const row = w.locator('.row').filter({ has: w.locator('.group', { hasText: DENSE }) });
  await row.locator('.item').first().waitFor({ timeout: STEP_MS });
  const boxes = await row.locator('.item').evaluateAll((items) =>
    items.map((b) => {
      const r = b.getBoundingClientRect();
      return { key: b.dataset.key, left: r.left, right: r.right, top: r.top, bottom: r.bottom, cut: b.scrollWidth > b.clientWidth, title: b.title, text: b.textContent };
    }),
  );
  assert.equal(boxes.length, 8);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      assert.ok(!overlap, `${a.key} and ${b.key} overlap: ${JSON.stringify([a, b])}`);
    }
  }
  // the whole row's items fit in the page's width, and every item's tooltip holds its whole quote
  const sidecarQuotes = parse(fs.readFileSync(path.join(workspace, `${DENSE}.annotations.yaml`), 'utf8')).annotations.map((a) => a.quote);
  for (const b of boxes) assert.ok(sidecarQuotes.some((q) => b.title.includes(q)), `tooltip of ${b.key}: ${b.title}`);
  assert.ok(boxes.some((b) => b.cut), 'long quotes are cut short on a crowded date');
  await saveScreenshot(page, 'analysis-timeline-crowded');
  await palette(page, 'View: Close All Editors', STEP_MS);
});

test('keyboard: ACH cells set with arrows and keys, network entities and links by list, timeline items in date order, Enter opens', { timeout: 240_000 }, async () => {
  // ACH: from a claim, ArrowRight reaches its first hypothesis cell; 3 sets N
  let w = await openAnalysisView(page, 'ACH Matrix', STEP_MS);
  const kostrov = w.locator('tr').filter({ has: w.locator('button.quote', { hasText: 'Kostrov has not confirmed the withdrawal.' }) });
  await kostrov.locator('button.quote').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await w.evaluate(() => document.activeElement?.dataset.hyp), 'h1');
  await page.keyboard.press('ArrowRight');
  assert.equal(await w.evaluate(() => document.activeElement?.dataset.hyp), 'h2');
  await page.keyboard.press('3');
  const troops = () => parse(fs.readFileSync(path.join(workspace, `${TROOPS}.annotations.yaml`), 'utf8')).annotations.find((a) => a.id === '01jdx5t7ca');
  await eventually(() => assert.equal(troops().hypotheses.h2, 'N'), STEP_MS, 'h2 set to N by key');
  // the redraw keeps the focus on the cell
  await eventually(async () => assert.equal(await w.evaluate(() => document.activeElement?.textContent), 'N'), STEP_MS, 'focus kept on the redrawn cell');
  await page.keyboard.press('Delete');
  await eventually(() => assert.equal(troops().hypotheses?.h2, undefined), STEP_MS, 'h2 cleared by Delete');
  // ArrowLeft twice back to the claim; Enter opens it
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.match(await w.evaluate(() => document.activeElement?.className), /quote/);
  await page.keyboard.press('Enter');
  await activeTab(page).filter({ hasText: TROOPS }).waitFor({ timeout: STEP_MS });
  await palette(page, 'View: Close All Editors', STEP_MS);

  // network: Tab reaches the controls and the entity list; arrows move in it; Enter lists the links, Enter on a link its places, Enter on a place opens it
  w = await openAnalysisView(page, 'Entity Network', STEP_MS);
  await w.locator('ul.nodes button').first().waitFor({ timeout: STEP_MS });
  const names = await w.locator('ul.nodes button').allTextContents();
  await w.locator('ul.nodes button').first().focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await w.evaluate(() => document.activeElement?.textContent), names[1]);
  await page.keyboard.press('End');
  assert.equal(await w.evaluate(() => document.activeElement?.textContent), names.at(-1));
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  const first = names[0].replace(/ \(\d+\)$/, '');
  // revealing the entity opens the side bar: the panel narrows, and the list must keep its width
  await w.locator('.details h2', { hasText: first }).waitFor({ timeout: STEP_MS });
  await page.locator('.part.sidebar').waitFor({ timeout: STEP_MS });
  assert.ok((await w.locator('.side').boundingBox()).width > 200, 'the entity list keeps its width beside the graph');
  await w.locator('ul.edges button').first().focus();
  await page.keyboard.press('Enter');
  await w.locator('ol.places button').first().waitFor({ timeout: STEP_MS });
  assert.equal(await w.evaluate(() => document.activeElement?.closest('ol.places') !== null), true, 'the focus moves to the first place');
  await page.keyboard.press('Enter');
  await activeTab(page).filter({ hasText: /\.txt$/ }).waitFor({ timeout: STEP_MS });
  await palette(page, 'View: Close All Editors', STEP_MS);

  // timeline: items move in date order (across rows); Enter opens the source
  w = await openAnalysisView(page, 'Timeline', STEP_MS);
  await w.locator('.item').first().waitFor({ timeout: STEP_MS });
  const order = await w.evaluate(() => [...document.querySelectorAll('.item')].filter((b) => b.tabIndex >= -1).map((b) => b.dataset.key));
  assert.ok(order.length >= 15, `${order.length} items`);
  const first2 = await w.locator('.item[tabindex="0"]').getAttribute('data-key');
  await w.locator('.item[tabindex="0"]').focus();
  const seen = [first2];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('ArrowRight');
    seen.push(await w.evaluate(() => document.activeElement?.dataset.key));
  }
  const dates = await Promise.all(seen.map((k) => w.locator(`.item[data-key="${k}"] .date`).textContent()));
  assert.deepEqual([...dates].sort(), dates, `date order: ${dates.join(', ')}`);
  assert.equal(new Set(seen).size, 5, 'each arrow reaches a new item');
  const openKey = seen.at(-1);
  await page.keyboard.press('Enter');
  const source = decodeURIComponent(openKey.split('#')[0]).split('/').at(-1);
  await activeTab(page).filter({ hasText: source }).waitFor({ timeout: STEP_MS });
  await palette(page, 'View: Close All Editors', STEP_MS);
});
