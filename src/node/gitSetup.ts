// Registering `marginalia merge` as git's merge driver for sidecars and the registry: the logic
// behind `marginalia git-setup` and the VS Code command "Set Up Git Merge Driver for Sidecars"
// (Node only, no `vscode`). Idempotent, and it says what it changed: git config is per clone and
// never shared, so every analyst runs this once (the .gitattributes lines are committed and
// shared).
//
// `.gitattributes` arrives through git like any file: a committed symlink to
// `../somewhere/.bashrc` would have had our lines appended there (issue 8). So the repository's
// `.gitattributes` must be a regular file inside the repository, read under a size cap and
// replaced atomically; the same for the repository's git config file, which git writes by path.
// A half-configured driver (`merge.marginalia.name` set, `driver` missing) makes every merge
// fail with "custom merge driver lacks command line"; setup repairs it and `check` reports it.
import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { checkWritable, readCorpusFile, realRoot } from './corpusFs';
import { configGet, git, gitPath, repoRoot } from './git';
import { writeFileAtomic } from './writeAtomic';

export const ATTRIBUTES = ['*.annotations.yaml merge=marginalia', 'marginalia.yaml merge=marginalia'];
export const DRIVER_NAME = 'Marginalia: merge sidecars and marginalia.yaml by annotation id';
const NAME_KEY = 'merge.marginalia.name';
const DRIVER_KEY = 'merge.marginalia.driver';
/** A .gitattributes is a few lines; anything bigger is not one we append to. */
const MAX_ATTRIBUTES_BYTES = 1024 * 1024;

export interface Runtime {
  /** The program that runs the CLI script: node, or VS Code's Electron. */
  execPath: string;
  /** Electron runs a script as Node only when told to. */
  electron: boolean;
}

export const currentRuntime = (): Runtime => ({ execPath: process.execPath, electron: Boolean(process.versions.electron) });

/**
 * The driver as git runs it, through the shell: this runtime and the CLI script by absolute
 * path, each single-quoted. %O %A %B %P are substituted (and quoted) by git itself.
 */
export function driverCommand(script: string, runtime: Runtime = currentRuntime()): string {
  const real = fs.realpathSync(script);
  const parts = [runtime.execPath];
  // run from the TypeScript sources (development): the driver needs the same loader
  if (/\.[cm]?ts$/.test(real)) parts.push('--import', pathToFileURL(createRequire(real).resolve('tsx')).href);
  parts.push(real);
  const env = runtime.electron ? 'ELECTRON_RUN_AS_NODE=1 ' : '';
  return `${env}${parts.map(shellQuote).join(' ')} merge %O %A %B -o %A --path %P`;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export type SetupChange =
  | { kind: 'attributes'; file: string; lines: string[] }
  | { kind: 'config'; key: string; value: string; global: boolean; repaired?: string };

export type SetupOutcome =
  | { ok: true; changes: SetupChange[]; attributesFile: string; global: boolean; inRepository: boolean }
  /** `usage`: the request itself cannot be met (not in a repository). */
  | { ok: false; message: string; usage?: boolean };

export interface SetupOptions {
  cwd: string;
  global: boolean;
  /** The driver command line to store (see driverCommand). */
  driver: string;
}

export async function setUpMergeDriver(opts: SetupOptions): Promise<SetupOutcome> {
  const root = await repoRoot(opts.cwd);
  if (!root && !opts.global) return { ok: false, usage: true, message: 'not inside a git repository (run it in one, or use --global)' };
  const changes: SetupChange[] = [];

  const attributes = root ? await repositoryAttributes(root) : await globalAttributes(opts.cwd);
  if (!attributes.ok) return attributes;
  const have = new Set(attributes.text.split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, ' ')));
  const missing = ATTRIBUTES.filter((l) => !have.has(l));

  const scope = opts.global ? '--global' : '--local';
  const cwd = root ?? opts.cwd;
  if (!opts.global) {
    const refused = await configFileRefused(cwd);
    if (refused) return { ok: false, message: refused };
  }
  if (missing.length) {
    const before = attributes.text;
    const sep = before === '' || before.endsWith('\n') ? '' : '\n';
    await fsp.mkdir(path.dirname(attributes.target), { recursive: true });
    writeFileAtomic(attributes.target, `${before}${sep}${missing.join('\n')}\n`);
    changes.push({ kind: 'attributes', file: attributes.file, lines: missing });
  }

  const nameBefore = await configGet(cwd, NAME_KEY, scope);
  const driverBefore = await configGet(cwd, DRIVER_KEY, scope);
  const halfConfigured = nameBefore !== null && driverBefore === null;
  for (const [key, value, now] of [[NAME_KEY, DRIVER_NAME, nameBefore], [DRIVER_KEY, opts.driver, driverBefore]] as const) {
    if (now === value) continue;
    const set = await git(['config', scope, key, value], cwd);
    if (!set.ok) return { ok: false, message: `git config ${scope} ${key} failed: ${set.stderr.trim()}` };
    const repaired = key === DRIVER_KEY && halfConfigured ? `${NAME_KEY} was set without ${DRIVER_KEY}, so git merges of sidecars failed with "custom merge driver lacks command line"` : undefined;
    changes.push({ kind: 'config', key, value, global: opts.global, ...(repaired ? { repaired } : {}) });
  }
  return { ok: true, changes, attributesFile: attributes.file, global: opts.global, inRepository: root !== null };
}

/** What setup did, for a person; `show` turns an absolute path into the one to print. */
export function describeSetup(outcome: Extract<SetupOutcome, { ok: true }>, show: (file: string) => string): string {
  const where = outcome.global ? 'global' : 'repository';
  if (!outcome.changes.length) return `already set up: ${show(outcome.attributesFile)} and the ${where} merge.marginalia git config are in place\n`;
  const lines = outcome.changes.map((c) =>
    c.kind === 'attributes'
      ? `added to ${show(c.file)}:\n${c.lines.map((l) => `  ${l}\n`).join('')}`
      : `${c.repaired ? `repaired: ${c.repaired}\n` : ''}set ${c.key} (${c.global ? 'global' : 'repository'} git config):\n  ${c.value}\n`,
  );
  const commit = outcome.inRepository && outcome.changes.some((c) => c.kind === 'attributes') ? ' Commit .gitattributes so your team shares it.' : '';
  return `${lines.join('')}git now merges sidecars and marginalia.yaml by annotation id.${commit}\n`;
}

type Attributes = { ok: true; file: string; target: string; text: string } | { ok: false; message: string };

/** The repository's `.gitattributes`: a regular file inside the repository, or none yet. */
async function repositoryAttributes(root: string): Promise<Attributes> {
  const file = path.join(root, '.gitattributes');
  const top = await realRoot(root);
  const refused = await checkWritable(top, file);
  if (refused) return { ok: false, message: `${refused}. It came with the repository and may point anywhere (a shell profile, another project); replace it with a regular file, or add the lines yourself:\n${ATTRIBUTES.map((l) => `  ${l}\n`).join('')}` };
  const read = await readCorpusFile(top, file, { maxBytes: MAX_ATTRIBUTES_BYTES });
  if (read.ok) return { ok: true, file, target: file, text: read.text };
  if (read.reason === 'missing') return { ok: true, file, target: file, text: '' };
  return { ok: false, message: `${read.message}; .gitattributes left as it is` };
}

/**
 * Your own global attributes file (`core.attributesFile`, else XDG): it does not come from a
 * repository, so a symlink into a dotfiles folder is followed, but it is written at its real
 * path (a rename must not replace the link) and still must be a regular file under the cap.
 */
async function globalAttributes(cwd: string): Promise<Attributes> {
  const set = await configGet(cwd, 'core.attributesFile', '--global');
  const xdg = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  const file = set?.trim() ? set.trim().replace(/^~(?=\/)/, os.homedir()) : path.join(xdg, 'git', 'attributes');
  const target = await fsp.realpath(file).catch(() => file);
  const read = await readCorpusFile(path.parse(target).root, target, { maxBytes: MAX_ATTRIBUTES_BYTES });
  if (read.ok) return { ok: true, file, target, text: read.text };
  if (read.reason === 'missing') return { ok: true, file, target, text: '' };
  return { ok: false, message: `${read.message}; nothing changed` };
}

/** The repository's config file, which `git config --local` rewrites by path, must be its own regular file. */
async function configFileRefused(cwd: string): Promise<string | null> {
  const file = await gitPath(cwd, 'config');
  if (!file) return null;
  const st = await fsp.lstat(file).catch(() => null);
  if (st?.isSymbolicLink()) return `refused: the repository's git config ${file} is a symbolic link; git would rewrite the file it points to. Replace it with a regular file first.`;
  if (st && !st.isFile()) return `refused: the repository's git config ${file} is not a regular file`;
  return null;
}

/**
 * What is wrong with the merge driver in the repository at `cwd`, for `check` to say: null when
 * it is set up, or not set up at all (git then merges sidecars line by line, which is allowed).
 */
export async function driverProblem(cwd: string): Promise<string | null> {
  if ((await configGet(cwd, DRIVER_KEY)) !== null) return null;
  const name = await configGet(cwd, NAME_KEY);
  if (name === null) return null;
  return `${NAME_KEY} is set but ${DRIVER_KEY} is not: git merges of sidecars fail with "custom merge driver lacks command line". Run \`marginalia git-setup\` to repair it.`;
}
