// A workspace folder's top level as VS Code's Git extension scans it for repositories (its
// `traverseWorkspaceFolder` at depth 1): the directories it runs `git` in, and which of them hold a
// `.git` of their own (core/gitScan.ts says what follows). One directory read, then one `lstat`
// per folder, a few at a time on libuv's threads: linear in the folder's entries, nothing read
// from a file, no name kept.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { TopFolders } from '../core/gitScan';

/** Folder `.git` checks in flight at once. */
const CONCURRENCY = 8;

/**
 * `root`'s subfolders that Git's scan enters (directories; not `.git`, not one named in
 * `ignored`, compared as Git does: without case where the file system ignores it), and how many of
 * them hold a `.git` (a folder, or a worktree's file). `caseless`: the file system compares names without case.
 */
export async function topFolders(root: string, ignored: readonly string[], caseless = process.platform !== 'linux'): Promise<TopFolders> {
  const fold = (s: string) => (caseless ? s.toLowerCase() : s);
  const skip = new Set(ignored.filter((s) => typeof s === 'string').map(fold));
  const entries = await fsp.readdir(root, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory() && e.name !== '.git' && !skip.has(fold(e.name))).map((e) => path.join(root, e.name));
  let repositories = 0;
  let next = 0;
  const worker = async () => {
    while (next < folders.length) {
      const folder = folders[next++];
      const hasGit = await fsp.lstat(path.join(folder, '.git')).then(
        () => true,
        () => false,
      );
      if (hasGit) repositories++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, folders.length) }, worker));
  return { scanned: folders.length, repositories };
}
