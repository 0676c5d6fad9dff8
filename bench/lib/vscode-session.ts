// One in-editor bench session: bundle the bench runner (bench/vscode/index.ts), start
// code-server on a throw-away copy of a workspace with Marginalia in development mode, open the
// workbench in headless Chromium with the runner as extensionTestsPath, and read back the
// figures it writes. Uses scripts/lib/code-server.mjs, the harness every other run shares.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNNER_ENTRY = path.join(ROOT, 'bench', 'vscode', 'index.ts');
/** Under the repository, so the host gives the runner Marginalia's API, as for the tests. */
export const RUNNER = path.join(ROOT, 'bench', '.cache', 'build', 'vscode', 'index.js');

/** The part of scripts/lib/code-server.mjs used here (it is plain JavaScript). */
interface Server {
  port: number;
  baseUrl: string;
}
interface Page {
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  on(event: 'pageerror', fn: (err: Error) => void): void;
  goto(url: string): Promise<unknown>;
}
interface CodeServerLib {
  repoRoot: string;
  makeTempDir(prefix: string): string;
  startCodeServer(options: { scratch: string; quiet?: boolean; env?: Record<string, string>; settings?: Record<string, unknown> }): Promise<Server>;
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
  verbose?: boolean;
  timeoutMs?: number;
}

/** Runs one session and returns what the runner wrote; throws with the host's errors on failure. */
export async function runSession(options: SessionOptions): Promise<unknown> {
  const cs = await codeServerLib();
  const errors: string[] = [];
  try {
    const scratch = cs.makeTempDir(`bench-${options.mode}`);
    const workspace = path.join(scratch, path.basename(options.workspace));
    fs.cpSync(options.workspace, workspace, { recursive: true });
    const out = path.join(scratch, 'figures.json');
    const server = await cs.startCodeServer({
      scratch,
      quiet: !options.verbose,
      // Desktop VS Code's default. The web's is auto-save after 1 s, which would save the 1 MB
      // source in the middle of the keystrokes; saving is timed on its own instead.
      settings: { 'files.autoSave': 'off' },
      env: {
        MARGINALIA_BENCH_MODE: options.mode,
        MARGINALIA_BENCH_OUT: out,
        ...(options.profileDir ? { MARGINALIA_BENCH_PROFILE: options.profileDir } : {}),
      },
    });
    const { page } = await cs.launchChromium();
    let reportExit!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith(PROGRESS)) {
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
