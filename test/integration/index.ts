// The integration-test runner: VS Code's extension host loads this file (extensionTestsPath)
// and awaits run(); a rejection fails the run. The same contract serves code-server
// (scripts/run-integration.mjs) and @vscode/test-electron (scripts/run-electron.mjs).
//
// Adding a suite: create test/integration/<feature>.test.ts (mocha TDD: suite/test). esbuild.mjs
// bundles every *.test.ts under test/integration/ next to this runner, and run() loads every
// *.test.js it finds beside itself, so nothing needs registering. MARGINALIA_TEST_GREP narrows
// the run to tests whose full title matches.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
// mocha stays external (esbuild.mjs): it must be the CJS mocha 11 from node_modules, because
// mocha 12 is ESM-only and `require` in the extension host would give a namespace object.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false, // the output goes to a log, not a terminal
    timeout: 20_000,
    grep: process.env.MARGINALIA_TEST_GREP,
  });
  // Under code-server the reporter's lines reach the runner mixed with the workbench's own log;
  // a tag set by scripts/run-integration.mjs lets it tell them apart.
  const tag = process.env.MARGINALIA_TEST_LOG_TAG;
  if (tag) {
    const log = console.log;
    Mocha.reporters.Base.consoleLog = (...data: unknown[]) => log(`${tag}${format(...data)}`);
  }
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.js beside ${__dirname}; run \`node esbuild.mjs\``);
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`);
}
