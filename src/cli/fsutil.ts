// Node file-system helpers for the CLI: finding sidecars and sources, and atomic writes.
// A corpus arrives through git, so the walk never follows a symlinked folder (one outside is
// not the corpus's; one inside is listed under its own path, once: no cycles, no file twice),
// and it lists symlinks and special files whose names match, so that reading refuses them with
// a message naming them instead of skipping them in silence. The extension's index walks by
// the same rule (node/walkFolder.ts, which holds it: isFolderLink).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFolderLink } from '../node/walkFolder';
import { plainTail } from '../core/text/posixPath';

export { findWorkspaceFile } from '../node/corpusRoot';
export { writeFileAtomic } from '../node/writeAtomic';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

const skipDir = (name: string) => name.startsWith('.') || SKIP_DIRS.has(name);

/**
 * Every file under `root` (a file or folder) for which `want` holds; dot-folders and build
 * folders skipped. `onError` hears of folders that could not be listed.
 */
export function walkFiles(root: string, want: (file: string) => boolean, onError?: (dir: string, message: string) => void): string[] {
  const out: string[] = [];
  const st = fs.statSync(root, { throwIfNoEntry: false });
  if (!st) {
    if (fs.lstatSync(root, { throwIfNoEntry: false }) && want(root)) return [root]; // dangling link: reported when read
    throw new UsageError(`no such file or folder: ${root}`);
  }
  if (!st.isDirectory()) return want(root) ? [root] : [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      onError?.(dir, (e as Error).message);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipDir(e.name)) visit(p);
      } else if (e.isSymbolicLink() ? !isFolderLink(p) && want(p) : want(p)) out.push(p); // regular files, links to files (dangling ones too), and FIFOs or devices: refused when read
    }
  };
  visit(root);
  return out;
}

export class UsageError extends Error {}

/** A path for humans: relative to the current folder when inside it. */
export function displayPath(cwd: string, p: string): string {
  // the common case, 20,000 times in a `check` of 10,000 sources (issue 15): a plain absolute
  // POSIX path inside a plain cwd, whose path.relative is its tail
  const rel = (path.sep === '/' ? plainTail(cwd, p) : null) ?? path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}

