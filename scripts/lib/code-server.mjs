// The one place that starts code-server, opens the workbench in Debian's Chromium and cleans up.
// Shared by run-integration, test-vsix, start and the e2e tests (issue #3).
//
// Every process started here is a process-group leader (code-server by us, Chromium by
// Playwright), so stopping kills the whole group: code-server's extension host, file watcher
// and pty host, and Chromium's renderers. Cleanup runs on normal exit, on error, on timeout and
// on SIGINT/SIGTERM/SIGHUP; a synchronous 'exit' hook SIGKILLs whatever is still alive.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath, setupVscode } from '../setup-vscode.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sampleDir = path.join(repoRoot, 'sample');
export const extensionId = 'marginalia.marginalia';

// Flags from issue #3; without the background-networking ones Chromium keeps dialling Google.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let entryScript;
/** Returns code-server's entry script, installing code-server on first use. */
export function ensureCodeServer() {
  entryScript ??= setupVscode();
  return entryScript;
}

// ---------------------------------------------------------------------------------------------
// Cleanup: one registry of async closers, run once, whatever ends the process.

const closers = [];
const groupsToKill = new Set();
let shuttingDown = false;

/** Runs `fn` (may be async) before the process ends. */
export function onShutdown(fn) {
  installExitHooks();
  closers.push(fn);
}

/** Runs every registered closer, latest first (for test files, whose runner owns the exit). */
export async function closeAll() {
  while (closers.length > 0) {
    const fn = closers.pop();
    try {
      await withDeadline(Promise.resolve().then(fn), 10_000, 'cleanup step');
    } catch (err) {
      process.stderr.write(`cleanup: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

/** Runs every registered closer and exits with `code`. */
export async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await closeAll();
  process.exit(code);
}

let hooksInstalled = false;
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping code-server and Chromium\n`);
      void shutdown(code);
    });
  }
  process.on('exit', () => {
    // Last resort, synchronous: whatever a closer did not stop.
    for (const pgid of groupsToKill) killGroup(pgid, 'SIGKILL');
  });
}

/** Stops the process when `ms` pass; returns a function that cancels the timer. */
export function exitAfter(ms, what) {
  const timer = setTimeout(() => {
    process.stderr.write(`${what}: timed out after ${Math.round(ms / 1000)} s\n`);
    void shutdown(124);
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** Runs `main`, then shuts down with its exit code (1 and the error on a throw). */
export function runMain(main) {
  exitWithParent();
  main().then(
    (code) => shutdown(code ?? 0),
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      void shutdown(1);
    },
  );
}

// `npm start` runs us under `sh -c`; a SIGTERM to npm kills that shell but not us, and a
// SIGKILL to npm forwards nothing. Re-parenting is the one sign left, so watch for it.
function exitWithParent() {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      process.stderr.write('parent process gone: stopping\n');
      void shutdown(143);
    }
  }, 1000).unref();
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

// ---------------------------------------------------------------------------------------------
// Scratch folders.

/** A fresh temp folder, removed on shutdown unless MARGINALIA_KEEP_TMP is set. */
export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `marginalia-${prefix}-`));
  onShutdown(() => {
    if (process.env.MARGINALIA_KEEP_TMP) process.stderr.write(`kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** A throw-away copy of sample/, so tests may write sidecars without dirtying the repository. */
export function makeWorkspaceCopy(parent) {
  if (!fs.existsSync(path.join(sampleDir, 'marginalia.yaml'))) throw new Error(`no sample corpus in ${sampleDir}`);
  const dest = path.join(parent, 'sample');
  fs.cpSync(sampleDir, dest, { recursive: true });
  return dest;
}

/**
 * A path to load the repository's extension from in development mode, for the UI tests: a
 * symlink under `scratch` to the repository. Not the repository itself: code-server lives in
 * .vscode-test/ inside it, and the workbench takes every theme found under the development path
 * for the developed extension's own, so with the repository as that path the configured colour
 * and file-icon themes are ignored (the first built-in theme of the kind wins: Light+, Abyss,
 * and the minimal file icons).
 */
export function linkedDevelopmentPath(scratch) {
  const link = path.join(scratch, 'marginalia');
  // a kept scratch folder (npm start) has it from the last run
  if (!fs.existsSync(link)) fs.symlinkSync(repoRoot, link, 'dir');
  return link;
}

// ---------------------------------------------------------------------------------------------
// code-server.

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// User settings for every session: no welcome page, and nothing that reaches for the
// marketplace, which this machine cannot reach.
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
};

/**
 * Starts code-server on 127.0.0.1:port with throw-away user-data and extensions folders under
 * `scratch`. Resolves once /healthz answers. `folder` is opened when the URL names none.
 */
export async function startCodeServer({
  scratch,
  port,
  folder,
  extensionsDir = path.join(scratch, 'extensions'),
  env = {},
  settings = {},
  quiet = true,
  readyTimeoutMs = 60_000,
  /** Keep VS Code's workspace trust on (a Restricted Mode test); off everywhere else. */
  workspaceTrust = false,
}) {
  const entry = ensureCodeServer();
  port ??= await freePort();
  const userDataDir = path.join(scratch, 'user-data');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  // Written once: a kept user-data folder (npm start) keeps the user's own changes.
  if (!fs.existsSync(settingsFile)) {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, `${JSON.stringify({ ...quietSettings, ...settings }, null, 2)}\n`);
  }
  fs.mkdirSync(extensionsDir, { recursive: true }); // code-server fails if it is missing
  const args = [
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (folder) args.push(folder);
  const output = [];
  const child = spawn(process.execPath, args, {
    cwd: scratch,
    // Own process group, so stopping takes the extension host and pty host with it, and a
    // Ctrl-C in the terminal reaches us (who clean up) rather than code-server directly.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // CODE_SERVER_CONFIG: keep code-server from writing ~/.config/code-server/config.yaml.
    env: {
      ...process.env,
      CODE_SERVER_CONFIG: path.join(scratch, 'config.yaml'),
      // No marketplace (open-vsx.org is unreachable here): the workbench then never asks it.
      EXTENSIONS_GALLERY: '{}',
      ...env,
    },
  });
  groupsToKill.add(child.pid);
  let exited = null;
  const done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      groupsToKill.delete(child.pid);
      resolve(exited);
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      output.push(chunk);
      if (!quiet) process.stderr.write(chunk.replace(/^(?=.)/gm, '[code-server] '));
    });
  }

  const stop = async () => {
    if (!exited) {
      killGroup(child.pid, 'SIGTERM');
      try {
        await withDeadline(done, 5_000, 'code-server stop');
      } catch {
        killGroup(child.pid, 'SIGKILL');
        await done;
      }
    }
    // The extension host may outlive its parent for a moment; the group is ours to clear.
    killGroup(child.pid, 'SIGKILL');
  };
  onShutdown(stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (exited) {
      throw new Error(`code-server exited (${exited.code ?? exited.signal}) before it was ready:\n${output.join('')}`);
    }
    try {
      return (await fetch(`${baseUrl}/healthz`)).ok;
    } catch {
      return false;
    }
  }, readyTimeoutMs, 'code-server /healthz');

  // done: resolves with { code, signal } when code-server exits.
  return { port, baseUrl, userDataDir, extensionsDir, output, done, stop };
}

/**
 * Installs a .vsix into a fresh extensions folder under `scratch` (what a user's
 * `code --install-extension` does) and returns that folder for startCodeServer.
 */
export function installVsix(scratch, vsix) {
  const extensionsDir = path.join(scratch, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const args = ['--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'user-data')];
  const result = spawnSync(process.execPath, [ensureCodeServer(), ...args, '--install-extension', vsix], {
    env: { ...process.env, CODE_SERVER_CONFIG: path.join(scratch, 'config.yaml') },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status})`);
  return extensionsDir;
}

/**
 * The workbench URL for `folder`; with `developmentPath` the extension there is loaded in
 * development mode, and with `testsPath` the workbench runs that test runner and reports
 * through window.codeAutomationExit (the web counterpart of `code --extensionTestsPath`).
 */
export function workbenchUrl(server, { folder, workspace, developmentPath, testsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (developmentPath) payload.unshift(['extensionDevelopmentPath', remote(developmentPath)]);
  if (testsPath) payload.splice(1, 0, ['extensionTestsPath', remote(testsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  else if (workspace) query.set('workspace', workspace); // a .code-workspace file: a multi-root workspace
  query.set('payload', JSON.stringify(payload));
  return `${server.baseUrl}/?${query}`;
}

/**
 * Headless Debian Chromium (never a downloaded browser). Playwright starts it as a process
 * group leader and, on close, kills that group.
 */
export async function launchChromium({ viewport = { width: 1400, height: 900 } } = {}) {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    // We handle signals ourselves (above) so code-server is stopped too.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onShutdown(() => browser.close());
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return { browser, context, page };
}

// ---------------------------------------------------------------------------------------------
// Waiting with deadlines (never a bare sleep).

export async function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` (may be async) until it returns truthy; throws after `ms`. */
export async function waitFor(condition, ms, what, intervalMs = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what}: not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
