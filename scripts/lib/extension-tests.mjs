// Running the mocha suites of test/integration/ inside code-server's extension host: the web
// counterpart of `code --extensionDevelopmentPath … --extensionTestsPath …`. Shared by
// scripts/run-integration.mjs (development extension) and scripts/test-vsix.mjs (installed one).
import * as path from 'node:path';
import { format } from 'node:util';
import { repoRoot, workbenchUrl } from './code-server.mjs';

export const testRunner = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');

// test/integration/index.ts prefixes the reporter's lines with this, so they can be told from
// the workbench's own log, which arrives through the same channel.
const reporterTag = '[marginalia-test] ';

/**
 * The environment code-server must be started with: the extension host inherits it, and the
 * suites read it. `extensionPath` is where the extension under test must be loaded from.
 */
export function extensionTestEnv({ workspace, extensionPath, grep }) {
  return {
    MARGINALIA_TEST_WORKSPACE: workspace,
    MARGINALIA_TEST_EXTENSION_PATH: extensionPath,
    MARGINALIA_TEST_LOG_TAG: reporterTag,
    ...(grep ? { MARGINALIA_TEST_GREP: grep } : {}),
  };
}

/**
 * Opens the workbench on `workspace` with the test runner and resolves with the exit code the
 * workbench reports through window.codeAutomationExit. Prints the reporter's lines; the
 * workbench's own log only with `verbose` (errors always).
 */
export async function runExtensionTests(page, server, { workspace, developmentPath, verbose = false }) {
  let reportExit;
  let exited = false;
  const exitCode = new Promise((resolve) => (reportExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => {
    exited = true; // what the workbench logs after this is its shutdown, not the tests
    reportExit(Number(code));
  });
  // While extension tests run, the workbench routes its log service here, the extension host's
  // console included.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    if (exited) return;
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (text.startsWith(reporterTag)) process.stdout.write(`${text.slice(reporterTag.length)}\n`);
    else if (verbose || type === 'error') process.stderr.write(`[workbench ${type}] ${text}\n`);
  });
  if (verbose) page.on('console', (m) => process.stderr.write(`[browser ${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (err) => process.stderr.write(`[browser] ${err.message}\n`));
  await page.goto(workbenchUrl(server, { folder: workspace, developmentPath, testsPath: testRunner }));
  return exitCode;
}
