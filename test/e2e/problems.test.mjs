// A sidecar with an unresolved merge conflict (what `marginalia merge` leaves for Resolve), as an
// analyst sees it after a pull: Problems lists the warning at the conflict's own line and column
// (placed from the writer's shape without the careful parse, issue 15), and clicking it opens
// the sidecar with the conflict's entry selected. Screenshots go to test-output/screenshots/. Build first.
//
//   node --test test/e2e/problems.test.mjs
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { closeAll, waitFor } from '../../scripts/lib/code-server.mjs';
import { openWorkbench } from '../../scripts/lib/session.mjs';
import { activeTab, palette, saveScreenshot } from '../../scripts/lib/workbench.mjs';

const SOURCE = 'curfew-lifted.txt';
const STEP_MS = 60_000;

let page;

before(
  async () => {
    ({ page } = await openWorkbench('e2e-problems', {
      prepare: (workspace) => {
        fs.writeFileSync(path.join(workspace, SOURCE), 'The curfew in Aurel was lifted at midnight, officials said.\n');
        fs.writeFileSync(
          path.join(workspace, `${SOURCE}.annotations.yaml`),
          [
            'marginalia: 1',
            `source: ${SOURCE}`,
            'annotations:',
            '  - id: c1',
            '    kind: claim',
            '    quote: The curfew in Aurel was lifted at midnight',
            '    status: disputed',
            '    conflicts:',
            '      - field: status',
            '        values:',
            '          - value: disputed',
            '          - value: corroborated',
            '',
          ].join('\n'),
        );
      },
    }));
  },
  { timeout: 300_000 },
);

after(closeAll);

test('a merge conflict left in a sidecar: Problems shows the warning at its line, and opens the sidecar with it selected', { timeout: 240_000 }, async () => {
  await palette(page, 'View: Toggle Problems', STEP_MS);
  const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'unresolved merge conflict' }).first();
  await row.waitFor({ timeout: STEP_MS });
  const text = (await row.textContent()) ?? '';
  assert.match(text, /unresolved merge conflict on `status`/);
  // the conflict's entry, `- field: status`: line 9, column 9
  assert.match(text, /\[Ln 9, Col 9\]/);
  await saveScreenshot(page, 'problems-merge-conflict');
  // opened from Problems: the sidecar, its cursor at the conflict
  const opened = async () => (await activeTab(page).filter({ hasText: `${SOURCE}.annotations.yaml` }).count()) > 0;
  for (let attempt = 0; attempt < 3 && !(await opened()); attempt++) {
    await row.click();
    await page.keyboard.press('Enter');
    await waitFor(opened, 10_000, 'the sidecar opened').catch(() => null);
  }
  await activeTab(page).filter({ hasText: `${SOURCE}.annotations.yaml` }).waitFor({ timeout: STEP_MS });
  // the warning's range selected: `field: status`, line 9 from column 9 (the status bar shows its end)
  const at = await waitFor(async () => {
    const status = await page.locator('.statusbar').textContent().catch(() => null);
    return status && /Ln 9, Col 22 \(13 selected\)/.test(status) ? status : null;
  }, STEP_MS, 'the conflict selected');
  assert.match(at, /Ln 9, Col 22 \(13 selected\)/);
  await saveScreenshot(page, 'problems-merge-conflict-opened');
});
