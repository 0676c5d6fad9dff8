#!/usr/bin/env node
// Runs the integration suites (test/integration/, built into out/test/integration/) inside VS
// Code's real extension host: code-server serves the workbench, headless Chromium opens it with
// Marginalia loaded from the repository in development mode, and the workbench reports the
// suites' result through window.codeAutomationExit. Exits with that code. Build first.
//
//   node scripts/run-integration.mjs [--grep <title regex>] [--verbose]   (npm run test:integration)
//
// The workspace is a fresh temp copy of sample/, so tests may write sidecars freely.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { exitAfter, launchChromium, makeTempDir, makeWorkspaceCopy, repoRoot, runMain, startCodeServer } from './lib/code-server.mjs';
import { extensionTestEnv, runExtensionTests, testRunner } from './lib/extension-tests.mjs';

const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    verbose: { type: 'boolean', default: false }, // also print code-server's and the workbench's logs
    // seconds, for the whole run: a guard against a hung session, not a speed target (173 tests
    // took 230-290 s on the 2-core machine, over 300 s in a fresh clone under load)
    timeout: { type: 'string', default: '600' },
  },
});

runMain(async () => {
  exitAfter(Number(options.timeout) * 1000, 'integration run');
  const started = Date.now();
  if (!fs.existsSync(testRunner)) throw new Error(`${path.relative(repoRoot, testRunner)} is missing; run \`npm run build\``);

  const scratch = makeTempDir('integration');
  const workspace = makeWorkspaceCopy(scratch);
  const server = await startCodeServer({
    scratch,
    quiet: !options.verbose,
    // the web workbench saves after a delay by default; the tests save when they mean to, as
    // desktop VS Code users do by default
    settings: { 'files.autoSave': 'off' },
    env: extensionTestEnv({ workspace, extensionPath: repoRoot, grep: options.grep }),
  });
  const { page } = await launchChromium();
  const code = await runExtensionTests(page, server, { workspace, developmentPath: repoRoot, verbose: options.verbose });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`integration: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s\n`);
  return code;
});
