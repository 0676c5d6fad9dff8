// The few git calls the CLI makes. Always execFile with fixed arguments, never a shell: paths
// come from the user's repository and must not be able to run anything.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export function git(args: string[], cwd: string): GitResult {
  try {
    const stdout = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    return { ok: true, stdout, stderr: '' };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: err.stdout ?? '', stderr: err.stderr || err.message };
  }
}

/** The repository's top folder, or null outside a repository (or without git). */
export function repoRoot(cwd: string): string | null {
  const r = git(['rev-parse', '--show-toplevel'], cwd);
  return r.ok ? r.stdout.trim() : null;
}

/**
 * The three versions git keeps in its index for an unmerged file: stage 1 (the ancestor,
 * absent when both sides added the file), 2 (ours) and 3 (theirs). Null when the file is not
 * in a repository or not unmerged, or when one side deleted it.
 */
export function unmergedStages(file: string): { base: string | null; ours: string; theirs: string } | null {
  const dir = path.dirname(file);
  const name = `./${path.basename(file)}`;
  const ls = git(['ls-files', '-u', '-z', '--', name], dir);
  if (!ls.ok) return null;
  const stages = new Set(ls.stdout.split('\0').filter(Boolean).map((l) => l.split(/\s+/)[2]));
  if (!stages.has('2') || !stages.has('3')) return null;
  const show = (n: string) => git(['show', `:${n}:${name}`], dir);
  const [b, o, t] = [stages.has('1') ? show('1') : null, show('2'), show('3')];
  if (!o.ok || !t.ok || (b && !b.ok)) return null;
  return { base: b ? b.stdout : null, ours: o.stdout, theirs: t.stdout };
}
