// The HTML brief of the sample corpus as a reader sees it: `marginalia export --format html`
// (the built CLI) opened in Chromium with JavaScript off, nothing fetched from anywhere (every
// request is counted), and a screenshot for the README (media/screenshots/brief.png). Build first.
//
//   node --test test/e2e/brief.test.mjs
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../scripts/setup-vscode.mjs';
import { screenshotDir } from '../../scripts/lib/workbench.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');

test('the HTML brief of the sample corpus renders standalone, loads nothing, and is the README screenshot', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-brief-'));
  const file = path.join(dir, 'brief.html');
  execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'export', '--format', 'html', '-o', file], { cwd: path.join(root, 'sample') });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 1500 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'no remote resource');
    assert.equal(requests.length, 1, 'only the file itself');
    assert.equal(await page.locator('h2').first().textContent(), 'Disputed — 3 claims');
    assert.ok((await page.locator('section.claim').count()) >= 10);
    fs.mkdirSync(screenshotDir, { recursive: true });
    const shot = path.join(screenshotDir, 'brief.png');
    await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 1100, height: 1500 } });
    fs.mkdirSync(path.join(root, 'media', 'screenshots'), { recursive: true });
    fs.copyFileSync(shot, path.join(root, 'media', 'screenshots', 'brief.png'));
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
