#!/usr/bin/env node
// The integration suite under @vscode/test-electron: desktop VS Code, downloaded into
// .vscode-test/ on first use (npm run test:electron). Not part of `npm test`: this machine has
// no internet, so the download fails here; use it where update.code.visualstudio.com is
// reachable. Same runner, same suites, same workspace copy as scripts/run-integration.mjs.
//
//   node scripts/run-electron.mjs [--version 1.100.3] [--grep <title regex>]
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { makeTempDir, makeWorkspaceCopy, repoRoot, runMain } from './lib/code-server.mjs';

const { values: options } = parseArgs({
  options: {
    // engines.vscode is ^1.100.0: test on the oldest version we claim to support.
    version: { type: 'string', default: '1.100.3' },
    grep: { type: 'string' },
  },
});

runMain(async () => {
  const scratch = makeTempDir('electron');
  const workspace = makeWorkspaceCopy(scratch);
  try {
    return await runTests({
      version: options.version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      extensionTestsEnv: {
        MARGINALIA_TEST_WORKSPACE: workspace,
        ...(options.grep ? { MARGINALIA_TEST_GREP: options.grep } : {}),
      },
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; the development one still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--user-data-dir', path.join(scratch, 'user-data'),
      ],
    });
  } catch (err) {
    // runTests rejects when VS Code cannot be downloaded or exits non-zero.
    process.stderr.write(`test:electron: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
});
