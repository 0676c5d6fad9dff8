// Issue 8 in the real workbench, as the attacker meant it to be seen: a sidecar whose text is a
// `[label](command:…)` link, then Add Note to Selection… on its source. VS Code renders such
// text in a notification as a live link that runs the command; the toast must show the words
// and no `command:` link, and no "Command … resulted in an error" may follow. And a note and
// author holding `$(verified-filled)` must not draw a "verified" badge in the hover.
// Screenshots go to test-output/screenshots/. Build first.
//
//   node --test test/e2e/untrusted.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { activeTab, clickMenuItem, editorHover, explorerRow, parkMouse, saveScreenshot, selectText, textRects } from '../../scripts/lib/workbench.mjs';

const PAYLOAD = 'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22touch%20PWNED%5Cn%22%7D';
const HOSTILE = 'hostile-version.txt';
const BADGE = 'hostile-badge.txt';
const PHRASE = 'the crossing had reopened';
const STEP_MS = 60_000;

let page;
let server;

before(
  async () => {
    ({ page, server } = await openWorkbench('e2e-untrusted', {
      prepare: (workspace) => {
        const text = `Officials in Aurel said on Tuesday that ${PHRASE}.\n`;
        fs.writeFileSync(path.join(workspace, HOSTILE), text);
        fs.writeFileSync(path.join(workspace, `${HOSTILE}.annotations.yaml`), `marginalia: "[Repair this sidecar](${PAYLOAD})"\nsource: ${HOSTILE}\nannotations: []\n`);
        fs.writeFileSync(path.join(workspace, BADGE), text);
        fs.writeFileSync(
          path.join(workspace, `${BADGE}.annotations.yaml`),
          `marginalia: 1\nsource: ${BADGE}\nannotations:\n  - {id: b1, kind: note, quote: ${PHRASE}, note: "$(verified-filled) checked by the desk", author: "A. Analyst $(verified-filled)"}\n`,
        );
      },
    }));
  },
  { timeout: 300_000 },
);

after(closeAll);

test('Add Note on a source whose sidecar holds a command link: the toast has the words and no command: link', { timeout: 240_000 }, async () => {
  await explorerRow(page, HOSTILE).click();
  await activeTab(page).filter({ hasText: HOSTILE }).waitFor({ timeout: STEP_MS });
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'Repair this sidecar' });
  // the unreadable sidecar is refused either before the note is asked for or when it is written;
  // on a loaded machine the context menu can miss the right-click: then the analyst tries again
  const shown = async () => ((await input.isVisible()) ? 'input' : (await toast.isVisible()) ? 'toast' : null);
  let first = null;
  for (let attempt = 0; attempt < 2 && !first; attempt++) {
    const rects = await selectText(page, PHRASE, STEP_MS);
    await page.mouse.click(rects.head.x + rects.head.width / 2, rects.head.y + rects.head.height / 2, { button: 'right' });
    await clickMenuItem(page, 'Add Note to Selection…', STEP_MS);
    first = await waitFor(shown, attempt === 0 ? 20_000 : STEP_MS, 'the note box or the refusal').catch(() => null);
    if (!first) await page.keyboard.press('Escape');
  }
  assert.ok(first, 'Add Note to Selection… answered with the note box or the refusal');
  if (first === 'input') {
    await input.fill('a note');
    await page.keyboard.press('Enter');
  }
  await toast.waitFor({ state: 'visible', timeout: STEP_MS });
  await parkMouse(page);
  const shot = await saveScreenshot(page, 'untrusted-toast');
  const text = await toast.innerText();
  assert.match(text, /hostile-version\.txt\.annotations\.yaml .*line 1, column \d+/, 'names the file, line and column');
  assert.match(text, /Open Sidecar/, 'offers to open it');
  const all = page.locator('.notifications-toasts, .monaco-dialog-box');
  assert.equal(await all.locator('a[href^="command:"]').count(), 0, `no command: link anywhere in a toast or dialog (${shot})`);
  assert.equal(await page.locator('.notifications-toasts .notification-toast', { hasText: 'resulted in an error' }).count(), 0, 'no "Command … resulted in an error" on top');
  assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no modal dialog');
});

test('a note and author holding $(verified-filled) draw no badge in the hover', { timeout: 240_000 }, async () => {
  await page.keyboard.press('Escape');
  await explorerRow(page, BADGE).click();
  await activeTab(page).filter({ hasText: BADGE }).waitFor({ timeout: STEP_MS });
  const rects = await waitFor(() => textRects(page, PHRASE), STEP_MS, 'the phrase on screen');
  const hover = editorHover(page).filter({ hasText: 'checked by the desk' });
  // hovering can need a second move once the document has been read
  await waitFor(async () => {
    await page.mouse.move(rects.head.x + rects.head.width / 2, rects.head.y + rects.head.height / 2 - 1);
    await page.mouse.move(rects.head.x + rects.head.width / 2, rects.head.y + rects.head.height / 2);
    return hover.isVisible({ timeout: 2_000 }).catch(() => false);
  }, STEP_MS, 'the note hover');
  const shot = await saveScreenshot(page, 'untrusted-hover');
  assert.equal(await hover.locator('.codicon-verified-filled').count(), 0, `no verified badge drawn (${shot})`);
  assert.match(await hover.innerText(), /\$\(verified-filled\) checked by the desk/, 'the characters are shown as written');
  assert.match(await hover.innerText(), /A\. Analyst \$\(verified-filled\)/);
});
