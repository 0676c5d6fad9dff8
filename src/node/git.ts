// The few git calls Marginalia makes, shared by the CLI and the extension (Node only, no
// `vscode`). Asynchronous, so the extension host never blocks on git; always execFile with
// fixed arguments and never a shell: paths come from the user's repository and must not be able
// to run anything. A timeout bounds every call (a hung credential helper or a lock).
import { execFile } from 'node:child_process';
import * as path from 'node:path';

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  /** Milliseconds before the call is killed (default 20 s). */
  timeout?: number;
  env?: NodeJS.ProcessEnv;
}

export function git(args: readonly string[], cwd: string, opts: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      [...args],
      { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: opts.timeout ?? 20_000, windowsHide: true, env: opts.env ?? process.env },
      (err, stdout, stderr) => {
        if (!err) resolve({ ok: true, stdout, stderr: '' });
        else resolve({ ok: false, stdout: stdout ?? '', stderr: stderr || err.message });
      },
    );
  });
}

/** The repository's top folder, or null outside a repository (or without git). */
export async function repoRoot(cwd: string): Promise<string | null> {
  const r = await git(['rev-parse', '--show-toplevel'], cwd);
  return r.ok ? r.stdout.trim() || null : null;
}

/** Where git keeps `name` (e.g. `config`) for the repository at `cwd`, absolute; null outside one. */
export async function gitPath(cwd: string, name: string): Promise<string | null> {
  const r = await git(['rev-parse', '--git-path', name], cwd);
  if (!r.ok) return null;
  const p = r.stdout.replace(/\n$/, '');
  return p ? path.resolve(cwd, p) : null;
}

/** A config value as git reads it (every scope unless `scope` is given), or null when unset. */
export async function configGet(cwd: string, key: string, scope?: '--local' | '--global'): Promise<string | null> {
  const r = await git(['config', ...(scope ? [scope] : []), '--get', key], cwd);
  return r.ok ? r.stdout.replace(/\n$/, '') : null;
}

/**
 * The three versions git keeps in its index for an unmerged file: stage 1 (the ancestor,
 * absent when both sides added the file), 2 (ours) and 3 (theirs). Null when the file is not
 * in a repository or not unmerged, or when one side deleted it.
 */
export async function unmergedStages(file: string): Promise<{ base: string | null; ours: string; theirs: string } | null> {
  const dir = path.dirname(file);
  const name = `./${path.basename(file)}`;
  const ls = await git(['ls-files', '-u', '-z', '--', name], dir);
  if (!ls.ok) return null;
  const stages = new Set(ls.stdout.split('\0').filter(Boolean).map((l) => l.split(/\s+/)[2]));
  if (!stages.has('2') || !stages.has('3')) return null;
  const show = (n: string) => git(['show', `:${n}:${name}`], dir);
  const [b, o, t] = await Promise.all([stages.has('1') ? show('1') : null, show('2'), show('3')]);
  if (!o.ok || !t.ok || (b && !b.ok)) return null;
  return { base: b ? b.stdout : null, ours: o.stdout, theirs: t.stdout };
}
