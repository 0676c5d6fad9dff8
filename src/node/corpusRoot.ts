// Which folder is a file's corpus, for the CLI: nothing outside it is ever read on the file's
// behalf (issue 8). The rule: the folder of the nearest marginalia.yaml above the file (the
// registry already defines a corpus for the analyst), not looking above the git top-level
// folder (a repository is the unit that arrives from someone else); else the git top-level
// folder; else the folder given on the command line. Roots are resolved through symlinks, as
// corpusFs compares real paths. One instance per run caches the answer per folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WORKSPACE_FILE } from '../core/format';
import { isInside, realRootSync } from './corpusFs';

/** `marginalia.yaml` in `dir` or the nearest folder above it, not above `stopAt` when given. */
export function findWorkspaceFile(dir: string, stopAt?: string | null): string | null {
  let d = path.resolve(dir);
  const stop = stopAt ? path.resolve(stopAt) : null;
  for (;;) {
    const f = path.join(d, WORKSPACE_FILE);
    // lstat: a dangling or hostile symlink still marks the corpus; reading it is refused later
    if (fs.lstatSync(f, { throwIfNoEntry: false })) return f;
    const up = path.dirname(d);
    if (up === d || (stop && !isInside(stop, up))) return null;
    d = up;
  }
}

export interface Scope {
  /** The folder named on the command line (a file's folder when a file was named). */
  fallback: string;
  /** Its git top-level folder, or null outside a repository. */
  gitTop: string | null;
}

export class CorpusRoots {
  private readonly byDir = new Map<string, { root: string; registry: string | null }>();

  /** The real corpus root of `file`, and the registry that defines it when there is one. */
  of(file: string, scope: Scope): { root: string; registry: string | null } {
    const dir = path.dirname(path.resolve(file));
    const key = `${dir}\0${scope.fallback}\0${scope.gitTop ?? ''}`;
    const hit = this.byDir.get(key);
    if (hit) return hit;
    const registry = findWorkspaceFile(dir, scope.gitTop);
    const found = { root: realRootSync(registry ? path.dirname(registry) : scope.gitTop ?? scope.fallback), registry };
    this.byDir.set(key, found);
    return found;
  }
}
