// One in-editor bench session: bundle the bench runner (bench/vscode/index.ts), start
// code-server on a throw-away copy of a workspace with Marginalia in development mode, open the
// workbench in headless Chromium with the runner as extensionTestsPath, and read back the
// figures it writes. Uses scripts/lib/code-server.mjs, the harness every other run shares.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import * as esbuild from 'esbuild';
import { WORKBENCH_PROFILE } from '../vscode/measure';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNNER_ENTRY = path.join(ROOT, 'bench', 'vscode', 'index.ts');
/** Under the repository, so the host gives the runner Marginalia's API, as for the tests. */
export const RUNNER = path.join(ROOT, 'bench', '.cache', 'build', 'vscode', 'index.js');

/** The part of scripts/lib/code-server.mjs used here (it is plain JavaScript). */
interface Server {
  port: number;
  baseUrl: string;
}
/** The Chrome DevTools Protocol session of the page (Playwright's CDPSession, the part used here). */
interface Cdp {
  send(method: string, params?: object): Promise<unknown>;
}
interface Page {
  context(): { newCDPSession(page: Page): Promise<Cdp> };
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  on(event: 'pageerror', fn: (err: Error) => void): void;
  goto(url: string): Promise<unknown>;
}
interface CodeServerLib {
  repoRoot: string;
  makeTempDir(prefix: string): string;
  startCodeServer(options: { scratch: string; port?: number; quiet?: boolean; env?: Record<string, string>; settings?: Record<string, unknown> }): Promise<Server>;
  freePort(): Promise<number>;
  launchChromium(): Promise<{ page: Page }>;
  workbenchUrl(server: Server, options: { folder: string; developmentPath: string; testsPath: string }): string;
  withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T>;
  closeAll(): Promise<void>;
}

/** bench/vscode/measure.ts progress() prefixes its lines with this. */
const PROGRESS = '[marginalia-bench] ';

let lib: Promise<CodeServerLib> | undefined;
function codeServerLib(): Promise<CodeServerLib> {
  const url = pathToFileURL(path.join(ROOT, 'scripts', 'lib', 'code-server.mjs')).href;
  lib ??= import(url) as Promise<CodeServerLib>;
  return lib;
}

/** Bundles the runner and its measurements (vscode external, like the extension). */
export async function buildRunner(): Promise<void> {
  await esbuild.build({
    entryPoints: [RUNNER_ENTRY],
    outfile: RUNNER,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'warning',
  });
}

export interface SessionOptions {
  mode: 'editor' | 'sources';
  /** Folder to copy and open. */
  workspace: string;
  profileDir?: string;
  /** Run in this folder (the workspace copied there once), kept afterwards: see runSession. */
  scratch?: string;
  /** code-server's port: a session reopening a workspace needs the one before's (its storage is keyed by the URI). */
  port?: number;
  verbose?: boolean;
  timeoutMs?: number;
  /** A sources session: after its re-indexes, the host watched this long while idle (SourcesResult.idle). */
  idleMs?: number;
}

/**
 * The workbench's CPU profile over a stretch the runner names (bench/vscode/measure.ts
 * workbenchProfiled): started and stopped by its progress lines, acknowledged through files.
 */
class WorkbenchProfiler {
  constructor(
    private readonly cdp: Cdp,
    private readonly dir: string,
  ) {}

  hear(line: string, errors: string[]): void {
    const m = new RegExp(`^${WORKBENCH_PROFILE} (start|stop) ([\\w-]+)$`).exec(line);
    if (!m) return;
    const [, what, name] = m;
    const run = async () => {
      fs.mkdirSync(this.dir, { recursive: true });
      if (what === 'start') {
        await this.cdp.send('Profiler.enable');
        await this.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await this.cdp.send('Profiler.start');
        fs.writeFileSync(path.join(this.dir, `${name}.started`), '');
      } else {
        const { profile } = (await this.cdp.send('Profiler.stop')) as { profile: unknown };
        fs.writeFileSync(path.join(this.dir, `${name}.workbench.cpuprofile`), JSON.stringify(profile));
      }
    };
    run().catch((e: unknown) => errors.push(`workbench profiler: ${String(e)}`));
  }
}

/** Runs one session and returns what the runner wrote; throws with the host's errors on failure. */
export async function runSession(options: SessionOptions): Promise<unknown> {
  const cs = await codeServerLib();
  const errors: string[] = [];
  try {
    // a scratch folder given is the caller's to delete: a second session in it reopens the
    // workspace with the user data (the extension's workspace storage) the first one left
    const scratch = options.scratch ?? cs.makeTempDir(`bench-${options.mode}`);
    const workspace = path.join(scratch, path.basename(options.workspace));
    if (!options.scratch || !fs.existsSync(workspace)) {
      fs.cpSync(options.workspace, workspace, { recursive: true });
      // MARGINALIA_BENCH_GIT=repo: the workspace a git repository with everything committed, as
      // an analyst's corpus shared through git is (the default is a folder in no repository,
      // where VS Code's Git extension looks for one as each document opens)
      if (process.env.MARGINALIA_BENCH_GIT === 'repo') commitAll(workspace);
    }
    const out = path.join(scratch, 'figures.json');
    const server = await cs.startCodeServer({
      scratch,
      // the workspace's storage is found by its URI, which names the server's port in a browser
      ...(options.port ? { port: options.port } : {}),
      quiet: !options.verbose,
      settings: {
        // Desktop VS Code's default. The web's is auto-save after 1 s, which would save the 1 MB
        // source in the middle of the keystrokes; saving is timed on its own instead.
        'files.autoSave': 'off',
        // No auto-forwarded ports: in a remote host (code-server) VS Code's tunnel service scans
        // every process in /proc every few seconds (~50 ms of the extension host each time on
        // this machine, seen in the bench's profiles): stalls that are not Marginalia's, and
        // the desktop host does not run it.
        'remote.autoForwardPorts': false,
        // ...and not from processes: the workbench keeps the extension host's scan going while
        // the source is not 'output' (its setRemoteTunnelService), whatever autoForwardPorts
        // says. Each scan spawns `ls -l /proc/[0-9]*/fd/[0-9]*` from the host's thread, a fork
        // of a ~300 MB process: 43-52 ms of it in one profile, the longest stall of a re-index.
        // The scan the service makes once as the host starts is left, as it must be.
        'remote.autoForwardPortsSource': 'output',
        // Diagnostics, not the bench's settings. VS Code's Git extension, in the same host,
        // spawns git as documents open and a folder is first seen, each spawn holding the host's
        // thread (seen in the bench's profiles: getRepositoryRoot). MARGINALIA_BENCH_GIT=off:
        // with it off, what is left of a stall is Marginalia's and the rest of VS Code's.
        // =noscan: Git on, but not looking for a repository in each of the workspace's
        // top-level folders (git.repositoryScanMaxDepth 0, README's advice for large corpora):
        // at its default of 1 that is one `git rev-parse` a folder as the window opens, ~100 at
        // 10,000 sources in 100 folders, 2.5 s of the host's thread in one profile
        ...(process.env.MARGINALIA_BENCH_GIT === 'off' ? { 'git.enabled': false } : {}),
        ...(process.env.MARGINALIA_BENCH_GIT === 'noscan' ? { 'git.repositoryScanMaxDepth': 0 } : {}),
      },
      env: {
        MARGINALIA_BENCH_MODE: options.mode,
        ...(options.idleMs ? { MARGINALIA_BENCH_IDLE_MS: String(options.idleMs) } : {}),
        MARGINALIA_BENCH_OUT: out,
        ...(options.profileDir ? { MARGINALIA_BENCH_PROFILE: options.profileDir } : {}),
      },
    });
    const { page } = await cs.launchChromium();
    const profiler = options.profileDir ? new WorkbenchProfiler(await page.context().newCDPSession(page), options.profileDir) : null;
    let reportExit!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith(PROGRESS)) {
        profiler?.hear(text.slice(PROGRESS.length), errors);
        if (options.verbose) process.stderr.write(`    ${options.mode}: ${text.slice(PROGRESS.length)}\n`);
        return;
      }
      if (type === 'error') errors.push(text);
      if (options.verbose) process.stderr.write(`[workbench ${type}] ${text}\n`);
    });
    page.on('pageerror', (err) => errors.push(`[browser] ${err.message}`));
    await page.goto(cs.workbenchUrl(server, { folder: workspace, developmentPath: cs.repoRoot, testsPath: RUNNER }));
    const code = await cs.withDeadline(exitCode, options.timeoutMs ?? 300_000, `bench session (${options.mode})`);
    const figures = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as { error?: string }) : null;
    if (figures?.error) throw new Error(`the ${options.mode} session failed in the extension host:\n${figures.error}`);
    if (!figures || code !== 0) throw new Error(`the ${options.mode} session wrote no figures (exit ${code})`);
    return figures;
  } catch (e) {
    if (errors.length) process.stderr.write(`extension host / workbench errors:\n${errors.slice(-20).join('\n')}\n`);
    throw e;
  } finally {
    await cs.closeAll(); // code-server, Chromium and the scratch copy
  }
}

/** A port free now on 127.0.0.1 (code-server's). */
export async function freePort(): Promise<number> {
  return (await codeServerLib()).freePort();
}

/** `folder` made a git repository holding all it holds in one commit (before the session: not timed). */
function commitAll(folder: string): void {
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: folder, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args[0]} in ${folder}: ${r.stderr || r.error}`);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'the corpus');
}
