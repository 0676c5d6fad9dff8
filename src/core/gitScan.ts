// Whether VS Code's Git extension looks for a repository in each top-level folder of a workspace
// folder each time the window opens, and whether it would lose anything by not looking (issue
// 15). With `git.autoRepositoryDetection` on (its default) and `git.repositoryScanMaxDepth` 1 (its
// default), it runs one `git` process per folder it finds, each spawned on the extension host's
// thread, which Marginalia and every other extension answer on: 10-25 ms each on two cores. A
// corpus of 10,000 sources in 100 folders paid about 2.5 s of that thread at every window open,
// and its index (activation -> counts complete) took 6.3 s instead of 3.4 on a first index and
// 5.2 s instead of 2.3 reopened (bench sources10k, MARGINALIA_BENCH_GIT=noscan). Depth 0 keeps the
// workspace folder's own repository and stops the search below it: nothing is lost when no
// top-level folder is a repository. The rule reads settings and counts, never a name from a file.

/** The Git extension's settings, as VS Code gives them for a workspace folder (any type: settings files are hand-edited). */
export interface GitScanSettings {
  /** Whether VS Code's Git extension is installed, enabled and on for this folder (`git.enabled`). */
  gitOn: boolean;
  /** `git.autoRepositoryDetection`: true and 'subFolders' scan the folder's subfolders. */
  autoRepositoryDetection: unknown;
  /** `git.repositoryScanMaxDepth`, default 1. */
  scanMaxDepth: unknown;
}

/** A workspace folder's top level as the Git extension's scan sees it. */
export interface TopFolders {
  /** Folders it would run `git` in: directories, not `.git`, not in `git.repositoryScanIgnoredFolders`. */
  scanned: number;
  /** How many of those hold a `.git` of their own (a repository or a worktree): a depth of 0 would hide them from Git. */
  repositories: number;
}

/** From this many folders scanned at every window open, Marginalia offers to stop the scan (~0.2-0.5 s of the host's thread on two cores). */
export const ADVISE_FROM_FOLDERS = 20;

export type GitScanVerdict =
  /** Git scans `folders` folders, none of them a repository: depth 0 loses nothing. */
  | { kind: 'scans'; folders: number }
  /** Git does not look in subfolders here (off, or detection off, or the depth already 0). */
  | { kind: 'off' }
  /** The depth is set to something other than 0 or 1: the user chose a deeper scan. */
  | { kind: 'chosen'; depth: number }
  /** Some top-level folders are repositories: Git needs the scan to show them. */
  | { kind: 'repositories'; folders: number; repositories: number };

/** What stopping the scan would do for one workspace folder. */
export function gitScanVerdict(settings: GitScanSettings, top: TopFolders): GitScanVerdict {
  const detection = settings.autoRepositoryDetection === undefined ? true : settings.autoRepositoryDetection;
  if (!settings.gitOn || (detection !== true && detection !== 'subFolders')) return { kind: 'off' };
  const depth = settings.scanMaxDepth === undefined ? 1 : settings.scanMaxDepth;
  if (depth === 0) return { kind: 'off' };
  if (depth !== 1) return { kind: 'chosen', depth: typeof depth === 'number' && Number.isFinite(depth) ? depth : NaN };
  if (top.repositories > 0) return { kind: 'repositories', folders: top.scanned, repositories: top.repositories };
  return { kind: 'scans', folders: top.scanned };
}

/** Whether to offer, unasked, to stop the scan: it costs enough, and nothing would be lost. */
export function worthAdvising(verdict: GitScanVerdict): boolean {
  return verdict.kind === 'scans' && verdict.folders >= ADVISE_FROM_FOLDERS;
}

/** The offer's text: counts only. */
export function adviceText(folders: number): string {
  return (
    `Marginalia: each time this window opens, VS Code's Git extension runs git in each of the ${folders} folders at the top of this workspace, looking for repositories. ` +
    `None of them is one, and each run holds up the extension host. Stop Git looking in them for this workspace? Its own repository still shows in Source Control.`
  );
}
