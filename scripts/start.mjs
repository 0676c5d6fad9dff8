#!/usr/bin/env node
// `npm start`: builds Marginalia and opens the sample corpus in VS Code with the extension
// loaded from this repository in development mode (issue #3, part 3).
//
//   npm start                     code-server on http://127.0.0.1:8080, the URL to open is printed
//   npm start -- --port 9000      another port
//   npm start -- --desktop        a desktop `code` on PATH instead (VS Code >= 1.100)
//   npm start -- --folder DIR     your own folder of sources instead of the sample corpus
//
// Ctrl-C (or SIGTERM) stops code-server and everything it started. User settings and UI state
// are kept in .vscode-test/start/ between runs; delete it to start afresh. After changing the
// code: `npm run build` (or `node esbuild.mjs --watch`), then "Developer: Reload Window".
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCodeServer, linkedDevelopmentPath, repoRoot, runMain, sampleDir, startCodeServer, workbenchUrl } from './lib/code-server.mjs';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    desktop: { type: 'boolean', default: false },
    folder: { type: 'string', default: sampleDir },
  },
});

runMain(async () => {
  const folder = path.resolve(options.folder);
  if (!fs.existsSync(folder)) return usage(`no folder ${folder}`);
  if (options.desktop && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status !== 0) {
    return usage("--desktop needs VS Code's `code` command on PATH (there is none); `npm start` serves it in the browser");
  }
  build();
  return options.desktop ? openDesktop(folder) : serve(folder, Number(options.port));
});

function usage(message) {
  process.stderr.write(`npm start: ${message}\n`);
  return 2;
}

function build() {
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

async function serve(folder, port) {
  ensureCodeServer();
  const scratch = path.join(repoRoot, '.vscode-test', 'start');
  fs.mkdirSync(scratch, { recursive: true });
  let server;
  try {
    // The folder also goes on code-server's command line, so the bare URL opens it (without
    // the development extension; use the printed URL).
    server = await startCodeServer({ scratch, port, folder, quiet: false });
  } catch (err) {
    if (/EADDRINUSE/.test(String(err))) return usage(`port ${port} is in use; try --port <another>`);
    throw err;
  }
  // through a link, so the user's colour theme applies (see linkedDevelopmentPath)
  const url = workbenchUrl(server, { folder, developmentPath: linkedDevelopmentPath(scratch) });
  process.stdout.write(
    [
      '',
      `Marginalia: VS Code (code-server) is serving ${path.relative(process.cwd(), folder) || folder} on ${server.baseUrl}`,
      `Open this URL for ${describeFolder(folder)} with Marginalia loaded as a development extension:`,
      '',
      `  ${url}`,
      '',
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const { code, signal } = await server.done;
  process.stderr.write(`code-server exited (${code ?? signal})\n`);
  return code === 0 ? 0 : 1;
}

/** What the printed line calls the folder: the sample corpus only when it is the sample (issue 9, bug 12). */
function describeFolder(folder) {
  return path.resolve(folder) === path.resolve(sampleDir) ? 'the sample corpus' : path.relative(process.cwd(), folder) || folder;
}

function openDesktop(folder) {
  // `code` returns once the window is open; the window is the user's to close.
  const child = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
