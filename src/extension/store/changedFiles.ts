// What the file watcher's events mean in files (issues 10 and 15). The watcher reports a folder
// created or deleted as one event without its files (git creates whole folders on checkout), and
// can lose file events when a pull rewrites hundreds at once: a folder event is expanded to the
// files concerned here, so the store re-reads exactly those, not the corpus.
import * as vscode from 'vscode';
import { isSidecarPath, sourcePathFor } from '../../core/format';
import { filesUnder } from './sourceFinder';
import { pushAll } from '../../core/arrays';

/** How far a file's mtime may trail the clock of the read that should have seen it (a coarse kernel tick). */
const MTIME_SLACK_MS = 20;

/** What the store knows: when a source was last read, and which sources lie under a folder. */
export interface KnownSources {
  /** Date.now() when the source was last read (or the last index began). */
  lastRead(source: vscode.Uri): number;
  /** Every source URI (indexed, missing or refused) whose path starts with `prefix`. */
  sourcesUnder(prefix: string): vscode.Uri[];
  /** Whether the settings make a workspace folder's file at `rel` a source. */
  isSourceIn(folder: vscode.Uri, rel: string): boolean;
}

/**
 * The files behind a batch of watcher events. A folder created: its files. A folder only
 * reported as changed: its files come with events of their own, but as the watcher can lose
 * some, each file written since its source was last read (a stat each, not a read; a pull that
 * rewrites 500 sidecars in 6 folders re-reads 500 sources, not the 6 folders). Gone: every
 * source under it.
 */
export async function expandFolders(uris: vscode.Uri[], known: KnownSources, log: vscode.LogOutputChannel, changedOnly?: ReadonlySet<string>): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const uri of uris) {
    let stat: vscode.FileStat | undefined;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      stat = undefined;
    }
    if (stat && stat.type & vscode.FileType.Directory) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const files = await filesUnder(uri, folder, log, known.isSourceIn);
      pushAll(out, changedOnly?.has(uri.toString()) ? await writtenSinceRead(files, known) : files);
    } else if (!stat) {
      // gone: a deleted folder takes every source under it along
      const under = known.sourcesUnder(uri.path.endsWith('/') ? uri.path : uri.path + '/');
      pushAll(out, under.length ? under : [uri]);
    } else out.push(uri);
  }
  return out;
}

/** Of these files, those modified since their source was last read (or since the last index). */
async function writtenSinceRead(files: vscode.Uri[], known: KnownSources): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const file of files) {
    const source = isSidecarPath(file.path) ? file.with({ path: sourcePathFor(file.path) }) : file;
    try {
      // mtime can trail the clock by a tick: a file written just before a read is read again
      if ((await vscode.workspace.fs.stat(file)).mtime + MTIME_SLACK_MS >= known.lastRead(source)) out.push(file);
    } catch {
      // gone meanwhile: its own event says so
    }
  }
  return out;
}
