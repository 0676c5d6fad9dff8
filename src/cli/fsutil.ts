// Node file-system helpers for the CLI: finding sidecars and sources, and atomic writes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WORKSPACE_FILE } from '../core/format';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

/** Every file under `root` (a file or folder) for which `want` holds; dot-folders and build folders skipped. */
export function walkFiles(root: string, want: (file: string) => boolean): string[] {
  const out: string[] = [];
  const st = fs.statSync(root, { throwIfNoEntry: false });
  if (!st) throw new UsageError(`no such file or folder: ${root}`);
  if (st.isFile()) return want(root) ? [root] : [];
  const visit = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) visit(p);
      } else if (e.isFile() && want(p)) out.push(p);
    }
  };
  visit(root);
  return out;
}

/** `marginalia.yaml` in `dir` or the nearest folder above it. */
export function findWorkspaceFile(dir: string): string | null {
  let d = path.resolve(dir);
  for (;;) {
    const f = path.join(d, WORKSPACE_FILE);
    if (fs.existsSync(f)) return f;
    const up = path.dirname(d);
    if (up === d) return null;
    d = up;
  }
}

export { writeFileAtomic } from '../node/writeAtomic';

export class UsageError extends Error {}

/** A path for humans: relative to the current folder when inside it. */
export function displayPath(cwd: string, p: string): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}
