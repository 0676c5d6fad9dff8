#!/usr/bin/env node
// Packages Marginalia, installs the .vsix into a throw-away extensions folder with
// `code-server --install-extension`, and checks on a copy of sample/ that the INSTALLED copy
// (no development path to the repository) activates, and that its activity-bar container
// shows. This catches what .vscodeignore or the bundle left out (issue #3, part 5).
//
//   node scripts/test-vsix.mjs [--vsix <file>] [--verbose]        (npm run test:vsix)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  exitAfter,
  extensionId,
  installVsix,
  launchChromium,
  makeTempDir,
  makeWorkspaceCopy,
  repoRoot,
  runMain,
  startCodeServer,
  workbenchUrl,
} from './lib/code-server.mjs';
import { extensionTestEnv, runExtensionTests } from './lib/extension-tests.mjs';
import { activityBarItem, saveScreenshot, waitForSidebarIdle, waitForWorkbench } from './lib/workbench.mjs';

const { values: options } = parseArgs({
  options: {
    vsix: { type: 'string' }, // test this file instead of packaging
    verbose: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '300' }, // seconds, for the whole run
  },
});

runMain(async () => {
  exitAfter(Number(options.timeout) * 1000, 'test:vsix');
  const started = Date.now();
  const vsix = options.vsix ? path.resolve(options.vsix) : packageVsix();

  const scratch = makeTempDir('vsix');
  const extensionsDir = installVsix(scratch, vsix);
  const installed = fs.readdirSync(extensionsDir).filter((d) => d.startsWith(`${extensionId}-`));
  if (installed.length !== 1) throw new Error(`expected one ${extensionId}-* in ${extensionsDir}, found ${installed}`);
  const workspace = makeWorkspaceCopy(scratch);
  const server = await startCodeServer({
    scratch,
    extensionsDir,
    quiet: !options.verbose,
    // The activation suite asserts the extension was loaded from here, not from the repository.
    env: extensionTestEnv({ workspace, extensionPath: path.join(extensionsDir, installed[0]), grep: '^activation ' }),
  });
  const { context, page: testPage } = await launchChromium();

  // 1. The activation suite, in the extension host, against the installed extension. VS Code
  // runs a test runner only alongside a development path; an empty folder adds no extension.
  const noDevelopmentExtension = path.join(scratch, 'no-development-extension');
  fs.mkdirSync(noDevelopmentExtension);
  const code = await runExtensionTests(testPage, server, { workspace, developmentPath: noDevelopmentExtension, verbose: options.verbose });
  await testPage.close();
  if (code !== 0) return code;

  // 2. What a user sees after installing: the workbench as usual, Marginalia in the activity bar.
  const page = await context.newPage();
  await page.goto(workbenchUrl(server, { folder: workspace }));
  await waitForWorkbench(page);
  const item = activityBarItem(page, 'Marginalia');
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  await item.click();
  await page.locator('.part.sidebar .composite.title', { hasText: /marginalia/i }).waitFor({ timeout: 30_000 });
  await waitForSidebarIdle(page);
  const shot = await saveScreenshot(page, 'vsix-installed');
  process.stdout.write(`test:vsix: passed in ${((Date.now() - started) / 1000).toFixed(1)} s (screenshot ${shot})\n`);
  return 0;
});

function packageVsix() {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(vsix, { force: true });
  // vsce prints the file list and the size.
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run package failed (exit ${result.status})`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}
