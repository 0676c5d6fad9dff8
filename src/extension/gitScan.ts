// VS Code's Git extension searching every top-level folder for a repository at each window open
// (core/gitScan.ts says why that matters to a large corpus, issue 15). Marginalia offers, once
// per session after its first index is drawn and only where nothing would be lost, to set
// `git.repositoryScanMaxDepth` to 0 for this workspace; the command "Stop Git Scanning the
// Workspace's Folders" does the same when asked. Another extension's setting is changed only when
// the analyst says so, in the workspace's settings, never in their user settings; "Don't Ask
// Again" is kept per workspace.
import * as vscode from 'vscode';
import { adviceText, gitScanVerdict, worthAdvising, type GitScanVerdict } from '../core/gitScan';
import { describeFailure } from '../core/unreadable';
import { topFolders } from '../node/topFolders';
import { StateKeys } from './ids';
import type { CorpusStore } from './store/corpusStore';
import type { Messages } from './ui/messages';

const GIT_EXTENSION = 'vscode.git';
const SCAN_DEPTH = 'repositoryScanMaxDepth';
export const STOP_SCANNING = 'Stop Git Scanning Folders';
export const DONT_ASK = "Don't Ask Again";

/** A workspace folder and what stopping Git's scan would do there. */
export interface FolderVerdict {
  folder: vscode.WorkspaceFolder;
  verdict: GitScanVerdict;
}

/** Each workspace folder on this machine's disk, with its verdict; a folder that cannot be listed is left out (and logged). */
export async function folderVerdicts(log: vscode.LogOutputChannel): Promise<FolderVerdict[]> {
  const gitInstalled = vscode.extensions.getExtension(GIT_EXTENSION) !== undefined;
  const out: FolderVerdict[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const git = vscode.workspace.getConfiguration('git', folder.uri);
    const ignored = git.get<unknown>('repositoryScanIgnoredFolders', ['node_modules']);
    try {
      const top = await topFolders(folder.uri.fsPath, Array.isArray(ignored) ? ignored : []);
      const settings = { gitOn: gitInstalled && git.get<unknown>('enabled', true) !== false, autoRepositoryDetection: git.get<unknown>('autoRepositoryDetection'), scanMaxDepth: git.get<unknown>(SCAN_DEPTH) };
      out.push({ folder, verdict: gitScanVerdict(settings, top) });
    } catch (e) {
      log.warn(`cannot list the top of ${folder.uri.fsPath} for Git's repository scan: ${describeFailure(e)}`);
    }
  }
  return out;
}

/** How many folders Git scans, and how many of them are repositories, over these workspace folders. */
function totals(verdicts: readonly FolderVerdict[]): { folders: number; repositories: number } {
  let folders = 0;
  let repositories = 0;
  for (const { verdict: v } of verdicts) {
    if (v.kind === 'scans' || v.kind === 'repositories') folders += v.folders;
    if (v.kind === 'repositories') repositories += v.repositories;
  }
  return { folders, repositories };
}

/** Sets `git.repositoryScanMaxDepth` to 0 for these folders: the workspace's settings with one folder, each folder's own in a multi-root workspace. */
async function stopScanning(folders: readonly vscode.WorkspaceFolder[]): Promise<void> {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  for (const folder of folders) {
    await vscode.workspace.getConfiguration('git', folder.uri).update(SCAN_DEPTH, 0, multiRoot ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace);
  }
}

const settingsFile = () => ((vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? "the folders' settings (.vscode/settings.json)" : "this workspace's settings");

/**
 * Stops the scan where it loses nothing, and says what it did (or why it did nothing): in every
 * workspace folder (the command), or in those `only` names (the offer's answer: the folders it counted).
 */
export async function stopGitScan(ui: Messages, log: vscode.LogOutputChannel, only?: readonly vscode.WorkspaceFolder[]): Promise<void> {
  const verdicts = (await folderVerdicts(log)).filter((v) => !only || only.some((f) => f.uri.toString() === v.folder.uri.toString()));
  const stoppable = verdicts.filter((v) => v.verdict.kind === 'scans' && v.verdict.folders > 0); // no subfolder: the scan costs nothing
  const withRepos = verdicts.filter((v) => v.verdict.kind === 'repositories');
  const chosen = verdicts.filter((v) => v.verdict.kind === 'chosen');
  if (stoppable.length) {
    await stopScanning(stoppable.map((v) => v.folder));
    const { folders } = totals(stoppable);
    log.info(`git.${SCAN_DEPTH} set to 0 in ${settingsFile()}: Git no longer runs in ${folders} top-level folders at each window open`);
    void ui.info(`Marginalia: set git.${SCAN_DEPTH} to 0 in ${settingsFile()}. From the next window open, Git no longer runs in the ${folders} folders at the top; the workspace's own repository still shows.`);
  }
  if (withRepos.length) {
    const n = totals(withRepos).repositories;
    void ui.info(`Marginalia: left Git's repository scan on: ${n === 1 ? 'a top-level folder is a repository of its own' : `${n} top-level folders are repositories of their own`}, and without the scan Git would not show ${n === 1 ? 'it' : 'them'}.`);
  }
  if (chosen.length) void ui.info(`Marginalia: left git.${SCAN_DEPTH} as your settings set it.`);
  if (!stoppable.length && !withRepos.length && !chosen.length) void ui.info(`Marginalia: Git does not look for repositories in this workspace's folders: nothing to stop.`);
}

/**
 * The offer, once per session after the first index is drawn (not before: it would take the
 * host's thread from the index), in a trusted workspace, unless the analyst said not to ask again.
 */
export class GitScanAdvice implements vscode.Disposable {
  private disposed = false;
  /** The folders worth the offer, weighed once the first index is drawn (none in Restricted Mode); for the tests. */
  readonly weighed: Promise<FolderVerdict[]>;
  /** The offer's answer, if one was made then; for the tests. */
  readonly offered: Promise<string | undefined>;
  /** Whether the store had every source read when the offer was first weighed (for the tests: never during the first index). */
  weighedWhenReady: boolean | undefined;

  constructor(
    /** Resolves once the first index has been drawn. */
    firstIndexDrawn: Promise<unknown>,
    private readonly store: CorpusStore,
    private readonly state: vscode.Memento,
    private readonly ui: Messages,
    private readonly log: vscode.LogOutputChannel,
    trusted: () => boolean,
  ) {
    this.weighed = firstIndexDrawn.then(() => (!this.disposed && trusted() ? this.weigh() : []));
    this.offered = this.weighed.then((worth) => this.offer(worth));
  }

  /** Offers to stop the scan if it is worth it, and acts on the answer; the answer (or undefined when nothing was offered). */
  async adviseNow(): Promise<string | undefined> {
    return this.offer(await this.weigh());
  }

  /** The workspace folders where the scan is worth offering to stop: none once the analyst said not to ask again. */
  private async weigh(): Promise<FolderVerdict[]> {
    this.weighedWhenReady ??= this.store.ready;
    if (this.state.get<boolean>(StateKeys.gitScanDontAsk)) return [];
    return (await folderVerdicts(this.log)).filter((v) => worthAdvising(v.verdict));
  }

  private async offer(worth: FolderVerdict[]): Promise<string | undefined> {
    if (!worth.length || this.disposed) return undefined;
    const { folders } = totals(worth);
    this.log.info(`VS Code's Git extension runs git in ${folders} top-level folders of this workspace at each window open (git.${SCAN_DEPTH} 1); none is a repository`);
    const choice = await this.ui.info(adviceText(folders), STOP_SCANNING, DONT_ASK);
    await this.answer(choice, worth.map((v) => v.folder));
    return choice;
  }

  /**
   * Acts on the offer's answer: the setting changed in the folders it counted (`folders`), or the
   * offer never made again in this workspace; closed unanswered, it is made next session.
   */
  async answer(choice: string | undefined, folders?: readonly vscode.WorkspaceFolder[]): Promise<void> {
    try {
      // weighed again: the answer may come long after the offer, and a folder may have become a repository since
      if (choice === STOP_SCANNING) await stopGitScan(this.ui, this.log, folders);
      else if (choice === DONT_ASK) await this.state.update(StateKeys.gitScanDontAsk, true);
    } catch (e) {
      void this.ui.error(`Marginalia: could not change Git's setting: ${describeFailure(e)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
  }
}
