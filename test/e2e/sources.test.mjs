// Provenance in use (issue 14), as an analyst sees the Sources view: captured sources listed by
// their titles with publisher, date and reliability grade; one whose text changed since capture
// flagged with the extension's warning icon and an inline Accept Source Change button; a title
// that tries to be a link or a badge shown as plain text. Screenshot: test-output/screenshots/
// sources-provenance.png. Build first.
//
//   node --test test/e2e/sources.test.mjs
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { closeAll, extensionId, launchChromium, linkedDevelopmentPath, makeTempDir, makeWorkspaceCopy, startCodeServer, waitFor, workbenchUrl } from '../../scripts/lib/code-server.mjs';
import { activationLine, openActivityBarItem, parkMouse, resizeSidebar, saveScreenshot, setPaneExpanded, sidebarPane, treeRow, treeRows, waitForWorkbench } from '../../scripts/lib/workbench.mjs';

const STEP_MS = 60_000;
const sha = (t) => createHash('sha256').update(t, 'utf8').digest('hex');

const SOURCES = [
  {
    file: 'dam-inspection.txt',
    text: 'Dam inspection postponed\n\nThe annual inspection of the Kettle Hollow dam has been postponed until March, the water board said.\n',
    quote: 'has been postponed until March',
    provenance: { title: 'Dam inspection postponed', publisher: 'Valley Courier', published: '2026-11-02T08:15:00Z', retrieved: '2026-11-20T10:00:00Z' },
    reliability: 'B',
    status: 'corroborated',
  },
  {
    file: 'convoy.txt',
    text: 'Convoy turned back\n\nThe convoy was turned back at the river, officials said on Tuesday.\n',
    quote: 'The convoy was turned back at the river',
    provenance: { title: 'Convoy turned back at the river', publisher: 'Wire Service', published: '2026-11-04', retrieved: '2026-11-21T09:00:00Z' },
    reliability: 'D',
    status: 'disputed',
    // captured from other words: the text was edited since
    captured: 'Convoy turned back\n\nThe convoy crossed the river, officials said.\n',
  },
  {
    file: 'hostile.txt',
    text: 'A page\n\nNothing to see here.\n',
    quote: 'Nothing to see here',
    provenance: { title: 'Read [this](command:evil) $(verified)', publisher: 'Unknown', retrieved: '2026-11-22T09:00:00Z' },
    status: 'unverified',
  },
  { file: 'notes.txt', text: 'Notes\n\nThe minister denied it.\n', quote: 'The minister denied it', status: 'unverified' },
];

let page;
let server;

function fixtures(workspace) {
  const dir = path.join(workspace, 'captured');
  fs.mkdirSync(dir, { recursive: true });
  for (const s of SOURCES) {
    fs.writeFileSync(path.join(dir, s.file), s.text);
    const start = s.text.indexOf(s.quote);
    const prov = s.provenance
      ? ['provenance:', ...Object.entries({ ...s.provenance, sha256: sha(s.captured ?? s.text) }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)]
      : [];
    fs.writeFileSync(
      path.join(dir, `${s.file}.annotations.yaml`),
      [
        'marginalia: 1',
        `source: ${s.file}`,
        ...(s.reliability ? [`reliability: ${s.reliability}`] : []),
        ...prov,
        'annotations:',
        `  - {id: c-${s.file.replace('.txt', '')}, kind: claim, quote: ${s.quote}, start: ${start}, end: ${start + s.quote.length}, status: ${s.status}, author: Ana Analyst}`,
        '',
      ].join('\n'),
    );
  }
}

before(
  async () => {
    const scratch = makeTempDir('e2e-sources');
    const workspace = makeWorkspaceCopy(scratch);
    fixtures(workspace);
    server = await startCodeServer({ scratch, settings: { 'editor.minimap.enabled': false }, readyTimeoutMs: 120_000 });
    ({ page } = await launchChromium({ viewport: { width: 1400, height: 900 } }));
    await page.goto(workbenchUrl(server, { folder: workspace, developmentPath: linkedDevelopmentPath(scratch) }));
    await waitForWorkbench(page, 120_000);
    await waitFor(() => activationLine(server.userDataDir, extensionId), STEP_MS, `${extensionId} activated`);
  },
  { timeout: 300_000 },
);

after(closeAll);

test('the Sources view lists captured sources by title with publisher, date and grade, and flags a changed text', { timeout: 240_000 }, async () => {
  await openActivityBarItem(page, 'Marginalia');
  const pane = sidebarPane(page, 'Sources');
  await pane.waitFor({ timeout: STEP_MS });
  // the other views folded away, so the Sources view has the side bar
  for (const title of ['Entities', 'Claims', 'Review']) await setPaneExpanded(page, title, false).catch(() => {});
  await treeRow(pane, 'Dam inspection postponed').waitFor({ timeout: STEP_MS });
  // wide enough for the titles and their publisher, date and grade
  await resizeSidebar(page, 640);
  const rows = await treeRows(pane);
  const at = rows.findIndex((r) => r.label === 'captured');
  assert.ok(at >= 0, JSON.stringify(rows));
  const mine = rows.slice(at + 1, at + 1 + SOURCES.length);
  // by title, then path: Convoy…, Dam…, notes.txt, Read…
  assert.deepEqual(mine.map((r) => r.label), ['Convoy turned back at the river', 'Dam inspection postponed', 'notes.txt', 'Read [this](command:evil) \\$(verified)']);
  const dam = mine[1].description;
  assert.match(dam, /^Valley Courier, 2026-11-02 · B · /);
  assert.match(mine[0].description, /^Wire Service, 2026-11-04 · D · ⚠ changed since captured · /);
  // the hostile title is text: no link, no badge drawn in its row
  const hostile = treeRow(pane, 'Read [this](command:evil) \\$(verified)');
  assert.equal(await hostile.locator('.monaco-highlighted-label a, .monaco-highlighted-label .codicon, .label-description a, .label-description .codicon').count(), 0, `no link or icon in its label: ${await hostile.innerHTML()}`);
  // the flagged row: the extension's warning icon, and Accept Source Change inline when hovered
  const convoy = treeRow(pane, 'Convoy turned back at the river');
  assert.equal(await convoy.locator('.codicon-warning').count(), 1, 'a warning icon');
  await convoy.hover();
  await convoy.locator('.actions .action-label[aria-label^="Accept Source Change"]').waitFor({ timeout: STEP_MS });
  const box = await pane.boundingBox();
  await saveScreenshot(page, 'sources-provenance', { clip: { x: 0, y: 0, width: Math.ceil(box.x + box.width), height: Math.min(900, Math.ceil(box.y + box.height)) } });
  await parkMouse(page);
});
