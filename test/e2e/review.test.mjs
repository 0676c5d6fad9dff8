// Issue 9 in the real workbench, as a reviewer sees it: hovering a disputed claim says who set
// its status and what it replaced, and how far each piece of evidence can be trusted (its
// credibility and its source's reliability); hovering a claim a git merge left in conflict shows
// each value with who set it and when, and the way to resolve it. Screenshots go to
// test-output/screenshots/ (reviewer-hover, conflict-hover); copied by hand to
// media/screenshots/ for the README. Build first.
//
//   node --test test/e2e/review.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { activeTab, editorHover, explorerRow, parkMouse, saveScreenshot, textRects } from '../../scripts/lib/workbench.mjs';

const STEP_MS = 60_000;
const CLAIM = 'the border units are directed from Kostrov';
const CLAIM_TEXT = `Opposition deputies said on Thursday that ${CLAIM}, citing officers who asked not to be named.\n`;
const EVIDENCE = 'The border units answer to the interior ministry in Aurel';
const EVIDENCE_TEXT = `${EVIDENCE}, a ministry order published on Friday shows.\n`;
const CONFLICT = 'The curfew in Aurel ends at midnight';
const CONFLICT_TEXT = `${CONFLICT}, the mayor told reporters.\n`;

let page;
let server;

function fixtures(workspace) {
  const dir = path.join(workspace, 'review');
  fs.mkdirSync(dir, { recursive: true });
  const at = CLAIM_TEXT.indexOf(CLAIM);
  fs.writeFileSync(path.join(dir, 'border-units.txt'), CLAIM_TEXT);
  fs.writeFileSync(
    path.join(dir, 'border-units.txt.annotations.yaml'),
    `marginalia: 1
source: border-units.txt
reliability: C
annotations:
  - id: 01jrv00000000border
    kind: claim
    quote: ${CLAIM}
    start: ${at}
    end: ${at + CLAIM.length}
    status: disputed
    credibility: 4
    note: Two deputies, one unnamed officer; the ministry order says otherwise.
    author: Ana Analyst
    created: 2026-11-28T09:00:00Z
    updated: 2026-11-29T10:00:00Z
    updatedBy: Ben Byrne
    history:
      - {at: 2026-11-29T10:00:00Z, by: Ben Byrne, field: status, from: unverified, to: disputed}
`,
  );
  fs.writeFileSync(path.join(dir, 'ministry-order.txt'), EVIDENCE_TEXT);
  fs.writeFileSync(
    path.join(dir, 'ministry-order.txt.annotations.yaml'),
    `marginalia: 1
source: ministry-order.txt
reliability: B
annotations:
  - id: 01jrv0000000ministry
    kind: claim
    quote: ${EVIDENCE}
    start: 0
    end: ${EVIDENCE.length}
    status: corroborated
    credibility: 2
    links:
      - {rel: contradicts, to: border-units.txt#01jrv00000000border}
    author: Ben Byrne
    created: 2026-11-29T09:30:00Z
`,
  );
  fs.writeFileSync(path.join(dir, 'curfew.txt'), CONFLICT_TEXT);
  fs.writeFileSync(
    path.join(dir, 'curfew.txt.annotations.yaml'),
    `marginalia: 1
source: curfew.txt
annotations:
  - id: 01jrv00000000curfew
    kind: claim
    quote: ${CONFLICT}
    start: 0
    end: ${CONFLICT.length}
    status: unverified
    author: Irena Podolská
    created: 2026-11-20T08:00:00Z
    history:
      - {at: 2026-11-22T09:00:00Z, by: Irena Podolská, field: status, from: unverified, to: disputed}
      - {at: 2026-11-23T08:00:00Z, by: Tom Achterberg, field: status, from: unverified, to: corroborated}
    conflicts:
      - field: status
        base: unverified
        values:
          - value: corroborated
            author: Tom Achterberg
            updated: 2026-11-23T08:00:00Z
          - value: disputed
            author: Irena Podolská
            updated: 2026-11-22T09:00:00Z
`,
  );
}

before(
  async () => {
    ({ page, server } = await openWorkbench('e2e-review', { prepare: fixtures }));
  },
  { timeout: 300_000 },
);

after(closeAll);

/** Opens review/<file> from the Explorer and hovers `words` until a hover holding `expect` shows. */
async function hoverOver(file, words, expect) {
  await parkMouse(page);
  await page.keyboard.press('Escape');
  const folder = explorerRow(page, 'review');
  if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
  await explorerRow(page, file).click();
  await activeTab(page).filter({ hasText: file }).waitFor({ timeout: STEP_MS });
  const rects = await waitFor(() => textRects(page, words), STEP_MS, `"${words}" on screen`);
  const hover = editorHover(page).filter({ hasText: expect });
  try {
    let n = 0;
    await waitFor(async () => {
      // over a different letter of the words each time: a move within one letter may not ask again
      const x = rects.head.x + (rects.head.width * (1 + (n++ % 5))) / 6;
      await page.mouse.move(x, rects.head.y + rects.head.height / 2 - 1);
      await page.mouse.move(x, rects.head.y + rects.head.height / 2);
      // isVisible does not wait: give the hover its delay before moving again (which restarts it)
      return hover.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
    }, STEP_MS, `the hover of "${words}"`);
  } catch (e) {
    const shown = await editorHover(page).allInnerTexts().catch(() => []);
    throw new Error(`${e.message} (${await saveScreenshot(page, `review-no-hover-${file}`)}; hovers: ${JSON.stringify(shown)})`);
  }
  return hover;
}

/** The window down to just below the hover. */
async function clipTo(hover) {
  const box = await hover.boundingBox();
  const { width, height } = page.viewportSize();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height, `the hover fits the window: ${JSON.stringify(box)}`);
  return { x: 0, y: 0, width, height: Math.min(height, Math.ceil(box.y + box.height + 24)) };
}

const flat = (s) => s.replace(/\s+/g, ' ');

test('the reviewer hover: who set the status and what it replaced, and each piece of evidence with its credibility and source reliability', { timeout: 240_000 }, async () => {
  const hover = await hoverOver('border-units.txt', 'border units are', 'Claim — disputed');
  const text = flat(await hover.innerText());
  assert.match(text, /disputed — set by Ben Byrne, 29 Nov 2026 \(was unverified, Ana Analyst, 28 Nov\)/);
  assert.match(text, /Contradicted by “The border units answer to the interior ministry in Aurel”/);
  assert.match(text, /credibility 2 \(probably true\) · source reliability B \(usually reliable\)/);
  await saveScreenshot(page, 'reviewer-hover', { clip: await clipTo(hover) });
});

test('the conflict hover: each value, who set it and when, and Resolve', { timeout: 240_000 }, async () => {
  const hover = await hoverOver('curfew.txt', 'curfew in', 'Merge conflict');
  const text = flat(await hover.innerText());
  assert.match(text, /corroborated — set by Tom Achterberg, 23 Nov 2026/);
  assert.match(text, /disputed — set by Irena Podolská, 22 Nov 2026/);
  assert.doesNotMatch(text, /unverified — set by/, 'the ancestor’s value is not credited to anyone');
  assert.equal(await hover.locator('a', { hasText: 'Resolve Sidecar Conflict' }).count(), 1, 'a Resolve link');
  await saveScreenshot(page, 'conflict-hover', { clip: await clipTo(hover) });
});
