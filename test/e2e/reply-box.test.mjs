// The comment thread's reply box holds plain text (a reply is stored and shown as such), so
// Marginalia's prose highlights — dates, times, figures, quoted speech, injected into Markdown by
// its TextMate grammar — must not colour it, while they still colour a Markdown source. VS Code
// makes every comment box a Markdown document, so the injection reached the box too (a review
// debt of issue 11, checked again for issue 15). In the real workbench: the same words typed in
// a thread's reply box are one colour; in the .md source beside it the date is not the colour of
// the words around it. Screenshot: test-output/screenshots/reply-box.png. Build first.
//
//   node --test test/e2e/reply-box.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { closeAll } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { activeTab, palette, parkMouse, saveScreenshot } from '../../scripts/lib/workbench.mjs';

const STEP_MS = 60_000;
const CLAIM = 'the curfew ends at midnight';
const LINE = `On 28 November 2026 the mayor said ${CLAIM}, and 42% agreed.`;
const TYPED = 'On 28 November 2026 at 10:30 the mayor said “no curfew”, and 42% agreed.';

let page;

function fixtures(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities: []\n');
  const text = `# Curfew\n\n${LINE}\n`;
  fs.writeFileSync(path.join(dir, 'curfew.md'), text);
  const at = [...text.slice(0, text.indexOf(CLAIM))].length;
  fs.writeFileSync(
    path.join(dir, 'curfew.md.annotations.yaml'),
    `marginalia: 1\nsource: curfew.md\nannotations:\n  - id: 01jrx0000000curfew\n    kind: claim\n    quote: ${CLAIM}\n    start: ${at}\n    end: ${at + CLAIM.length}\n    status: disputed\n    replies:\n      - {id: 01jrx00000000ask, by: Ana Analyst, at: 2026-11-28T09:05:00Z, text: Which order?}\n`,
  );
}

before(
  async () => {
    ({ page } = await openWorkbench('e2e-reply-box', { folder: (scratch) => path.join(scratch, 'desk'), prepare: fixtures }));
  },
  { timeout: 300_000 },
);

after(closeAll);

/** The token classes (Monaco's `mtkN`, one per colour) of a rendered line, with each span's text. */
async function tokens(line) {
  return line.locator('span[class^="mtk"], span[class*=" mtk"]').evaluateAll((spans) => spans.map((s) => ({ text: (s.textContent ?? '').replace(/\u00a0/g, ' '), cls: [...s.classList].find((c) => /^mtk\d+$/.test(c)) })));
}

test('the reply box is plain text: no date, figure or quote colours; the Markdown source keeps them', { timeout: 300_000 }, async () => {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: STEP_MS });
  await page.keyboard.type('curfew.md');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'curfew.md' }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
  await activeTab(page).filter({ hasText: 'curfew.md' }).waitFor({ timeout: STEP_MS });

  // the source: the date is coloured apart from the words around it (the grammar still applies to .md)
  const sourceLine = page.locator('.part.editor .editor-instance .view-lines .view-line', { hasText: 'the mayor said' }).first();
  await sourceLine.waitFor({ timeout: STEP_MS });
  let inSource = [];
  const deadline = Date.now() + STEP_MS;
  // tokenization is asynchronous: wait for the date to be a token of its own
  while (Date.now() < deadline) {
    inSource = await tokens(sourceLine);
    if (inSource.some((t) => t.text.includes('28 November 2026') && !t.text.includes('mayor'))) break;
    await page.waitForTimeout(200);
  }
  const date = inSource.find((t) => t.text.includes('28 November 2026'));
  const words = inSource.find((t) => t.text.includes('the mayor said'));
  assert.ok(date && words, JSON.stringify(inSource));
  assert.notEqual(date.cls, words.cls, `the date has a colour of its own in the .md source: ${JSON.stringify(inSource)}`);

  // the thread under the claim (it has a reply), its reply box, the same kind of words typed in
  const thread = page.locator('.part.editor .review-widget').filter({ hasText: 'Which order?' });
  if (!(await thread.isVisible())) {
    await page.locator('.part.editor .view-line', { hasText: 'curfew ends' }).first().click();
    await palette(page, 'Marginalia: Open Review Thread');
  }
  await thread.waitFor({ timeout: STEP_MS });
  const open = thread.locator('.comment-form .review-thread-reply-button');
  if (await open.isVisible()) await open.click();
  const box = thread.locator('.comment-form .monaco-editor').first();
  await box.waitFor({ state: 'visible', timeout: STEP_MS });
  await box.click();
  await page.waitForFunction(() => !!document.activeElement?.closest('.review-widget .comment-form'), undefined, { timeout: STEP_MS });
  await page.keyboard.type(TYPED);
  const boxLine = box.locator('.view-line').first();
  await boxLine.filter({ hasText: '42%' }).waitFor({ timeout: STEP_MS });
  // give the box's tokenizer the time the source's took, then read its colours
  let inBox = [];
  for (let k = 0; k < 10; k++) {
    await page.waitForTimeout(200);
    inBox = await tokens(boxLine);
  }
  await parkMouse(page);
  await saveScreenshot(page, 'reply-box');
  assert.equal(inBox.map((t) => t.text).join(''), TYPED, 'the box shows what was typed');
  assert.equal(new Set(inBox.map((t) => t.cls)).size, 1, `one colour for the whole reply: ${JSON.stringify(inBox)}`);
});
