// What the tests look for in the VS Code workbench (code-server 4.100.3 / VS Code 1.100),
// shared by the e2e tests and scripts/test-vsix.mjs. Selectors live here so a workbench update
// is fixed in one file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, waitFor } from './code-server.mjs';

export const screenshotDir = path.join(repoRoot, 'test-output', 'screenshots');

/** The activity-bar entry of a view container, by its title. */
export function activityBarItem(page, title) {
  return page.locator(`.part.activitybar a.action-label[aria-label^="${title}"]`);
}

/**
 * Opens a view container from the activity bar: its entry is clicked, not the icon inside it,
 * which the entry's badge (a count, drawn over the icon) may cover; Playwright then waits for a
 * click the badge "intercepts" until it times out (CI: Marginalia's "2 annotations awaiting
 * review" badge, once).
 */
export async function openActivityBarItem(page, title) {
  await page.locator('.part.activitybar .action-item').filter({ has: page.locator(`a.action-label[aria-label^="${title}"]`) }).click();
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

/**
 * Saves a PNG under test-output/screenshots/ and returns its path relative to the repository.
 * `clip`: only that rectangle of the page ({x, y, width, height}). Animations are fast-forwarded
 * to their end, so a hover is not caught half faded in.
 */
export async function saveScreenshot(page, name, { clip } = {}) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', ...(clip ? { clip } : {}) });
  return path.relative(repoRoot, file);
}

/**
 * The bottom of the first line of the active editor that ends at or below `y`: a place to cut a
 * screenshot between two lines of text rather than through one.
 */
export async function lineBottomBelow(page, y) {
  return page.evaluate((y) => {
    const bottoms = [...document.querySelectorAll('.part.editor .editor-group-container.active .editor-instance .view-lines .view-line')]
      .map((l) => l.getBoundingClientRect().bottom)
      .filter((b) => b >= y)
      .sort((a, b) => a - b);
    return bottoms.length ? bottoms[0] : y;
  }, y);
}

// ---------------------------------------------------------------------------------------------
// Side bar: view panes and their trees.

/** A view pane of the side bar (Sources, Entities, …), by its header title. */
export function sidebarPane(page, title) {
  return page.locator('.part.sidebar .pane').filter({
    has: page.locator('.pane-header .title', { hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i') }),
  });
}

/** A row of a tree view in `pane`, by its label (exactly). */
export function treeRow(pane, label) {
  return pane.locator('.monaco-list-row').filter({
    has: pane.page().locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
  });
}

/**
 * The rows a tree shows, in order: `{ level, label, description }`. Trees render only the rows
 * in view, so this is what is on screen, not the whole tree.
 */
export async function treeRows(pane) {
  return pane.locator('.monaco-list-row').evaluateAll((rows) =>
    rows
      .map((r) => ({
        top: parseFloat(r.style.top) || 0,
        level: Number(r.getAttribute('aria-level')),
        label: r.querySelector('.label-name')?.textContent ?? '',
        description: r.querySelector('.label-description')?.textContent ?? '',
      }))
      .sort((a, b) => a.top - b.top)
      .map(({ top, ...row }) => row),
  );
}

/**
 * Expands or collapses a view pane by clicking its header's title label, unless it is already
 * so. The label, not the middle of the header: a wide header's middle can be one of its title
 * buttons (Add Source…, Refresh), and a click there runs that command instead.
 */
export async function setPaneExpanded(page, title, expanded, timeout = 10_000) {
  const header = sidebarPane(page, title).locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.locator('.title').first().click();
  await page.waitForFunction(
    ({ title, expanded }) =>
      [...document.querySelectorAll('.part.sidebar .pane-header')].some(
        (h) => h.querySelector('.title')?.textContent?.trim().toLowerCase() === title.toLowerCase() && h.getAttribute('aria-expanded') === String(expanded),
      ),
    { title, expanded },
    { timeout },
  );
}

/** Drags the sash between the side bar and the editor until the side bar is `width` px wide. */
export async function resizeSidebar(page, width, timeout = 10_000) {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box) throw new Error('the side bar is not showing');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + (box.width + width) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + width, y, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(
    (w) => Math.abs((document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) - w) <= 4,
    width,
    { timeout },
  );
}

// ---------------------------------------------------------------------------------------------
// The active text editor: text on screen, decorations, selection, hovers.

/**
 * Where `text` shows in the active editor, as client rectangles: `first` and `last` (its first
 * and last characters) and `head` and `tail` (the longest runs of its first and of its last
 * words that fit on one screen line; both the whole text when it fits on one). Null while no
 * rendered line holds it. Word-wrapped text is matched line by line as it shows on screen, so
 * pick text whose opening and closing words occur nowhere earlier in the document.
 */
export async function textRects(page, text) {
  return page.evaluate((target) => {
    const lines = [...document.querySelectorAll('.part.editor .editor-group-container.active .editor-instance .view-lines .view-line')];
    lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const find = (needle) => {
      for (const line of lines) {
        const nodes = [];
        let full = '';
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          nodes.push({ node: walker.currentNode, at: full.length });
          full += walker.currentNode.data;
        }
        // the editor renders spaces as non-breaking ones
        const i = full.replace(/\u00a0/g, ' ').indexOf(needle);
        if (i < 0) continue;
        const point = (offset) => {
          const n = nodes.findLast((x) => x.at <= offset);
          return [n.node, Math.min(offset - n.at, n.node.data.length)];
        };
        const rect = (from, to) => {
          const range = document.createRange();
          range.setStart(...point(from));
          range.setEnd(...point(to));
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        };
        return { all: rect(i, i + needle.length), first: rect(i, i + 1), last: rect(i + needle.length - 1, i + needle.length) };
      }
      return null;
    };
    const whole = find(target);
    if (whole) return { first: whole.first, last: whole.last, head: whole.all, tail: whole.all };
    const words = target.split(' ');
    let head = null;
    let tail = null;
    for (let n = words.length - 1; n >= 2 && !head; n--) head = find(words.slice(0, n).join(' '));
    for (let n = words.length - 1; n >= 2 && !tail; n--) tail = find(words.slice(-n).join(' '));
    return head && tail ? { first: head.first, last: tail.last, head: head.all, tail: tail.all } : null;
  }, text);
}

/**
 * The decorations the active editor draws under the middle of `rect` (the `.cdr` elements of
 * `.view-overlays`, whose class names VS Code generates): `{ className, background, border }`
 * with computed colours.
 */
export async function decorationsAt(page, rect) {
  return page.evaluate(({ x, y }) => {
    const overlays = document.querySelectorAll('.part.editor .editor-group-container.active .editor-instance .view-overlays .cdr');
    return [...overlays]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.left <= x && x <= r.right && r.top <= y && y <= r.bottom;
      })
      .map((e) => {
        const style = getComputedStyle(e);
        return { className: e.className, background: style.backgroundColor, border: style.borderTopStyle === 'none' ? null : style.borderTopColor };
      });
  }, { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });
}

/**
 * Selects `text` in the active editor as a person does: a click before its first character and
 * a shift+click after its last. Returns its rectangles (see textRects).
 */
export async function selectText(page, text, timeout = 15_000) {
  const rects = await waitFor(() => textRects(page, text), timeout, `"${text}" on screen in the active editor`);
  await page.mouse.click(rects.first.x + 1, rects.first.y + rects.first.height / 2);
  await page.keyboard.down('Shift');
  await page.mouse.click(rects.last.x + rects.last.width - 1, rects.last.y + rects.last.height / 2);
  await page.keyboard.up('Shift');
  return rects;
}

/** The status bar's selection count (`Ln 15, Col 220 (62 selected)`), 0 when nothing is selected. */
export async function selectedCount(page) {
  const text = await page.locator('.part.statusbar').innerText();
  const m = /\((\d+) selected\)/.exec(text);
  return m ? Number(m[1]) : 0;
}

/** The editor's content hover, once it shows. */
export function editorHover(page) {
  return page.locator('.part.editor .monaco-editor .monaco-hover:not(.hidden)');
}

/** Clicks an item of the open context menu, by its label. */
export async function clickMenuItem(page, label, timeout = 15_000) {
  const item = page.locator('.monaco-menu .action-item').filter({
    has: page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
  });
  await item.waitFor({ state: 'visible', timeout });
  // A menu item listens for the mouse only 100 ms after it is drawn (so the release of the
  // right-click that opened the menu does not pick an item): click until the menu closes.
  const end = Date.now() + timeout;
  for (;;) {
    await item.click({ timeout: Math.max(1, end - Date.now()) });
    try {
      await page.locator('.monaco-menu').waitFor({ state: 'hidden', timeout: 1_000 });
      return;
    } catch (err) {
      if (Date.now() > end) throw new Error(`the menu item "${label}" did not respond within ${timeout} ms`, { cause: err });
    }
  }
}

/** Picks an item of the open quick pick, by its label (exactly). */
export async function pickQuickItem(page, label, timeout = 15_000) {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
  });
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
}

/** The title of the open quick pick. */
export function quickInputTitle(page) {
  return page.locator('.quick-input-widget .quick-input-title');
}

// ---------------------------------------------------------------------------------------------
// Theme colours.

/** The kind of the current colour theme, as `contributes.colors` names its defaults. */
export async function themeKind(page) {
  const classes = await page.locator('.monaco-workbench').getAttribute('class');
  if (/\bhc-light\b/.test(classes)) return 'highContrastLight';
  if (/\bhc-black\b/.test(classes)) return 'highContrast';
  if (/\bvs-dark\b/.test(classes)) return 'dark';
  return 'light';
}

/** The default of a colour the extension contributes, for a theme kind, as `[r, g, b, a]`. */
export function contributedColor(id, kind) {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const color = pkg.contributes.colors.find((c) => c.id === id);
  if (!color) throw new Error(`package.json contributes no colour ${id}`);
  return parseColor(color.defaults[kind]);
}

/** `#rgb`, `#rrggbb`, `#rrggbbaa` or a computed `rgb()`/`rgba()` as `[r, g, b, a]` (a in 0–1). */
export function parseColor(text) {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(text.trim());
  if (hex) {
    let h = hex[1];
    if (h.length <= 4) h = [...h].map((c) => c + c).join('');
    const n = (i) => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  const fn = /^rgba?\(([^)]+)\)$/.exec(text.trim());
  if (fn) {
    const [r, g, b, a = '1'] = fn[1].split(/[\s,/]+/).filter(Boolean);
    return [Number(r), Number(g), Number(b), Number(a)];
  }
  throw new Error(`not a colour: ${text}`);
}

/** Whether two colours are the same, allowing for the rounding of the alpha channel. */
export function sameColor(a, b) {
  const [x, y] = [typeof a === 'string' ? parseColor(a) : a, typeof b === 'string' ? parseColor(b) : b];
  return x.slice(0, 3).every((v, i) => v === y[i]) && Math.abs(x[3] - y[3]) < 0.01;
}

// ---------------------------------------------------------------------------------------------

/**
 * Moves the pointer onto the empty part of the activity bar, where nothing shows a hover, and
 * waits until no hover shows (editor hovers, and the workbench's tooltips on tabs, rows, …).
 */
export async function parkMouse(page, timeout = 15_000) {
  const box = await page.locator('.part.activitybar').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.75);
  await page.waitForFunction(
    () => ![...document.querySelectorAll('.workbench-hover, .monaco-editor .monaco-hover:not(.hidden)')].some((e) => e.getClientRects().length > 0),
    undefined,
    { timeout },
  );
}

/** Focuses the active editor (a click on its tab) and waits until it has the keyboard. */
export async function focusActiveEditor(page, timeout = 15_000) {
  await activeTab(page).click();
  await page.waitForFunction(() => !!document.activeElement?.closest('.part.editor .monaco-editor'), undefined, { timeout });
}

// ---------------------------------------------------------------------------------------------
// Commands and webviews.

/**
 * Runs a command from the palette (F1), as a user does, by its title (exactly). Focus leaving a
 * webview (an analysis view, most after a theme change redraws it) can swallow F1 or keep the
 * focus from the box, so the typed title never filters the list: each step is checked, and the
 * whole attempt made again (after Escape) until `timeout`.
 */
export async function palette(page, title, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      await paletteOnce(page, title, Math.max(1_000, Math.min(10_000, end - Date.now())));
      return;
    } catch (e) {
      if (Date.now() >= end) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

async function paletteOnce(page, title, timeout) {
  const input = page.locator('.quick-input-widget input');
  // take the focus out of a webview's frame, so F1 reaches the workbench itself
  await page.evaluate(() => {
    const a = document.activeElement;
    if (a instanceof HTMLIFrameElement) a.blur();
  });
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout });
  // keys typed while the focus is elsewhere never reach the box: give it the focus if it lacks it
  const focused = () => page.waitForFunction(() => !!document.activeElement?.closest('.quick-input-widget'), undefined, { timeout: 2_000 }).then(() => true, () => false);
  if (!(await focused())) {
    await input.focus();
    if (!(await focused())) throw new Error(`palette: the command box never took the focus (to type "${title}")`);
  }
  await page.keyboard.type(title);
  if (!(await input.inputValue()).endsWith(title)) await input.fill(`>${title}`);
  await pickQuickItem(page, title, timeout);
}

/** Polls an assertion (may be async) until it passes; throws its last error after `ms`. */
export async function eventually(check, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw new Error(`${what}: ${e.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * The page of a showing webview panel, by the <title> of its document (VS Code nests it in two
 * iframes, the outer one without a title): a Playwright Frame, for locators. A panel that is not
 * showing has no page (its context is not retained), so switch to its tab first. Waits 60 s by
 * default: code-server sometimes starts a webview frame's page only ~30 s after it is made (its
 * service worker; test/integration/analysis.test.ts measured 30.7 s).
 */
export async function webviewFrame(page, title, timeout = 60_000) {
  return waitFor(async () => {
    for (const f of page.frames()) {
      if (f.isDetached() || f.parentFrame() === null || f.parentFrame() === page.mainFrame()) continue;
      try {
        if ((await f.title()) !== title) continue;
        const outer = await f.parentFrame().frameElement();
        if (await outer.isVisible()) return f;
      } catch {
        // detached while we looked: try the next one
      }
    }
    return undefined;
  }, timeout, `the webview "${title}" showing`);
}

/** Opens an analysis view from the palette (Marginalia: Open <title>) and returns its page. */
export async function openAnalysisView(page, title, timeout = 60_000) {
  const command = { 'ACH Matrix': 'Marginalia: Open ACH Matrix', 'Entity Network': 'Marginalia: Open Entity Network', Timeline: 'Marginalia: Open Timeline' }[title];
  if (!command) throw new Error(`no analysis view is titled ${title}`);
  await palette(page, command, timeout);
  return webviewFrame(page, title, timeout);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
