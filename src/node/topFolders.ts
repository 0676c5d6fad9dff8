// A workspace folder's top level as VS Code's Git extension scans it for repositories (its
// `traverseWorkspaceFolder` at depth 1): the directories it runs `git` in, and which of them hold a
// `.git` of their own (core/gitScan.ts says what follows). The folder is read a batch of entries
// at a time, as the index's walk reads a large one (walkFolder.ts inBatches: a workspace folder
// of 100,000 entries read whole is a 160-180 ms stall of the extension host), then one `lstat` per
// subfolder, a few at a time on libuv's threads: linear in the folder's entries, nothing read
// from a file.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { TopFolders } from '../core/gitScan';
import { inBatches } from './walkFolder';
import { mapLimit } from '../core/mapLimit';

/** Folder `.git` checks in flight at once. */
const CONCURRENCY = 8;

/**
 * `root`'s subfolders that Git's scan enters (directories; not `.git`, not one named in
 * `ignored`, compared as Git does: without case where the file system ignores it), and how many of
 * them hold a `.git` (a folder, or a worktree's file). `caseless`: the file system compares names without case.
 */
export async function topFolders(root: string, ignored: readonly unknown[], caseless = process.platform !== 'linux'): Promise<TopFolders> {
  const fold = (s: string) => (caseless ? s.toLowerCase() : s);
  const skip = new Set(ignored.filter((s): s is string => typeof s === 'string').map(fold)); // a hand-edited setting may hold anything
  const folders: string[] = [];
  await inBatches(root, (e) => void (e.isDirectory() && e.name !== '.git' && !skip.has(fold(e.name)) && folders.push(path.join(root, e.name))));
  let repositories = 0;
  await mapLimit(folders, CONCURRENCY, async (folder) => {
    const hasGit = await fsp.lstat(path.join(folder, '.git')).then(
      () => true,
      () => false,
    );
    if (hasGit) repositories++;
  });
  return { scanned: folders.length, repositories };
}
