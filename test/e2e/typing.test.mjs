// UI test of typing in an annotated source (issue 15): a keystroke sends the editor only the
// highlight layers it changed, so what the analyst sees while typing must be what a full redraw
// would show. Typed between names, every highlight stays on its words; typed inside a name, that
// name loses its highlight and the same name elsewhere keeps it; typed inside a disputed claim,
// the claim keeps its frame. Screenshot: test-output/screenshots/typing.png. Build first.
//
//   node --test test/e2e/typing.test.mjs
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeAll, extensionId, launchChromium, linkedDevelopmentPath, makeTempDir, makeWorkspaceCopy, startCodeServer, waitFor, workbenchUrl } from '../../scripts/lib/code-server.mjs';
import {
  activationLine,
  activeTab,
  contributedColor,
  decorationsAt,
  eventually,
  focusActiveEditor,
  lineBottomBelow,
  parkMouse,
  pickQuickItem,
  sameColor,
  saveScreenshot,
  textRects,
  themeKind,
  waitForWorkbench,
} from '../../scripts/lib/workbench.mjs';

const SOURCE = 'troops-withdrawn-from-sovren.txt';
const STEP_MS = 60_000;

let page;
let theme;

before(
  async () => {
    const scratch = makeTempDir('e2e-typing');
    const workspace = makeWorkspaceCopy(scratch);
    const server = await startCodeServer({
      scratch,
      settings: { 'editor.wordWrap': 'on', 'editor.minimap.enabled': false, 'editor.occurrencesHighlight': 'off', 'files.autoSave': 'off' },
      readyTimeoutMs: 120_000,
    });
    ({ page } = await launchChromium({ viewport: { width: 1400, height: 900 } }));
    await page.goto(workbenchUrl(server, { folder: workspace, developmentPath: linkedDevelopmentPath(scratch) }));
    await waitForWorkbench(page, 120_000);
    await waitFor(() => activationLine(server.userDataDir, extensionId), STEP_MS, `${extensionId} activated`);
    theme = await themeKind(page);
  },
  { timeout: 300_000 },
);

after(closeAll);

const place = () => contributedColor('marginalia.entity.place.background', theme);
const disputed = () => contributedColor('marginalia.claim.disputed.background', theme);

/** Whether the middle of `text`'s first screen run has a decoration of colour `color`. */
async function coloured(text, color) {
  const rects = await textRects(page, text);
  assert.ok(rects, `"${text}" on screen`);
  return (await decorationsAt(page, rects.head)).some((d) => sameColor(d.background, color));
}

/** Clicks just after `before` in the active editor and types `typed`, one key at a time. */
async function typeAfter(before, typed) {
  const rects = await waitFor(() => textRects(page, before), STEP_MS, `"${before}" on screen`);
  await page.mouse.click(rects.last.x + rects.last.width, rects.last.y + rects.last.height / 2);
  await page.keyboard.type(typed, { delay: 30 });
}

test('typing keeps every highlight on its words: between names, inside a name, inside a claim', { timeout: 240_000 }, async () => {
  // Quick Open, as a user opens a file by name
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: STEP_MS });
  await page.keyboard.type(SOURCE);
  await pickQuickItem(page, SOURCE);
  await activeTab(page).filter({ hasText: SOURCE }).waitFor({ timeout: STEP_MS });
  await focusActiveEditor(page);
  await eventually(async () => assert.ok(await coloured('Sovren Valley, defence', place()), 'the headline’s place highlighted'), STEP_MS, 'highlights drawn');

  // between names: nothing changes but where the words are
  await typeAfter('Tarvan brigade', ' really');
  await eventually(async () => {
    assert.ok(await coloured('Sovren Valley, defence', place()), 'the headline’s place still highlighted');
    assert.ok(!(await coloured('brigade really has', place())), 'the typed words are not');
  }, STEP_MS, 'highlights kept after typing between names');

  // inside a name: it is no longer the name; the same name in the claim below keeps its highlight
  await typeAfter('left the Sov', 'x');
  await eventually(async () => {
    assert.ok(!(await coloured('Sovxren Valley', place())), 'the broken name is not highlighted');
    assert.ok(await coloured('Kareva airfield', place()), 'other places still are');
  }, STEP_MS, 'the broken name loses its highlight');

  // inside the disputed claim: still framed as disputed, typed letters too
  await typeAfter('The last u', 'x');
  await eventually(async () => assert.ok(await coloured('The last uxnits', disputed()), 'the edited claim keeps its highlight'), STEP_MS, 'the claim still highlighted');

  await parkMouse(page);
  const { width } = page.viewportSize();
  await saveScreenshot(page, 'typing', { clip: { x: 0, y: 0, width, height: Math.ceil(await lineBottomBelow(page, 500)) } });
});
