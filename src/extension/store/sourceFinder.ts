// Finding a workspace's files the way the store lists them: sources under the include and
// exclude settings (marginalia.sources.*), sidecars under the same excludes but the one that
// hides sidecars from the sources, and everything under a folder git just created; the store
// then filters with its compiled globs.
//
// An index lists a folder on the disk with one walk of its own (node/walkFolder.ts) and sorts
// the files into corpus roots, candidate sources and sidecars here (issue 15: VS Code's search
// ran three ripgrep walks for these, 450–860 ms at 2,000 sources before any sidecar could be
// read); any other file system goes through VS Code's search (findFiles), as before. Both keep
// the same excludes: the sources' settings; for sidecars those less the one hiding sidecars; for
// corpus roots node_modules (and .git, which no corpus root is in).
import * as vscode from 'vscode';
import { minimatch } from 'minimatch';
import { isSidecarPath, SIDECAR_SUFFIX, sourcePathFor, WORKSPACE_FILE } from '../../core/format';
import { describeFailure } from '../../core/unreadable';
import { walkFolder } from '../../node/walkFolder';
import { sourceGlobs } from '../config';
import { relativePath } from './files';
import { compileGlob } from './globRegex';
import { eachInSlices } from '../../core/slices';

/** The store's source rule (SourcePaths.isSourceIn): whether a workspace folder's file at `rel` is a source. */
export type IsSourceIn = (folder: vscode.Uri, rel: string) => boolean;

/** What an index finds in a workspace folder. */
export interface FolderListing {
  /** The corpus roots' registries (marginalia.yaml). */
  registries: vscode.Uri[];
  /** Files under the sources' include and exclude settings (the store still asks `isSource`). */
  sources: vscode.Uri[];
  /** The sources sidecars name (whether or not that file exists), looked for when asked. */
  sidecarSources(): Promise<vscode.Uri[]>;
}

/** A workspace folder's registries, sources and sidecars: walked when on the disk, else searched. */
export async function listFolder(folder: vscode.WorkspaceFolder, log: vscode.LogOutputChannel, isSourceIn: IsSourceIn): Promise<FolderListing> {
  if (folder.uri.scheme !== 'file') {
    const registries = vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${WORKSPACE_FILE}`), '**/node_modules/**');
    const sources = findSources(folder);
    return {
      registries: await registries,
      sources: await sources,
      sidecarSources: async () => (await findSidecars(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`), folder.uri)).map((u) => u.with({ path: sourcePathFor(u.path) })),
    };
  }
  const { registries, sources, sidecars } = await walkSorted(folder, folder.uri, log, isSourceIn);
  return { registries, sources, sidecarSources: () => Promise.resolve(sidecars.map((u) => u.with({ path: sourcePathFor(u.path) }))) };
}

/**
 * The files under `dir` (a folder of `folder` on the disk, or the folder itself), walked once
 * and sorted: registries, files under the source settings, sidecars under theirs.
 */
async function walkSorted(folder: vscode.WorkspaceFolder, dir: vscode.Uri, log: vscode.LogOutputChannel, isSourceIn: IsSourceIn): Promise<{ registries: vscode.Uri[]; sources: vscode.Uri[]; sidecars: vscode.Uri[] }> {
  const { exclude } = sourceGlobs(folder.uri);
  const sidecarExcluded = sidecarExcludes(exclude).map(compileGlob);
  // a folder is left unread only when nothing in it could count: node_modules and .git that
  // the settings exclude for sources and sidecars alike (the defaults do)
  const sourceDirs = folderExcludes(exclude);
  const sidecarDirs = folderExcludes(sidecarExcludes(exclude));
  const under = relativePath(folder.uri, dir);
  const prefix = under ? `${under}/` : ''; // the path of `dir` in the workspace folder, which the settings' globs are relative to
  const prune = (rel: string) => PRUNABLE.test(rel) && sourceDirs(prefix + rel) && sidecarDirs(prefix + rel);
  const kind = (path: string): 'sidecar' | 'registry' | null =>
    isSidecarPath(path) ? (sidecarExcluded.some((g) => g(path)) ? null : 'sidecar') : (path === WORKSPACE_FILE || path.endsWith(`/${WORKSPACE_FILE}`)) && !NOT_A_ROOT.test(path) ? 'registry' : null;
  const isSource = (path: string) => isSourceIn(folder.uri, path); // the store's rule, its globs compiled once
  // each file is sorted once, as the walk meets it; only the files kept are listed (a folder of
  // a million files takes the memory of those few)
  const sorted = new Map<string, { k: 'sidecar' | 'registry' | null; source: boolean }>();
  const want = (rel: string) => {
    const k = kind(prefix + rel);
    const source = isSource(prefix + rel);
    if (k !== null || source) sorted.set(rel, { k, source });
    return k !== null || source;
  };
  const files = await walkFolder(dir.fsPath, { prune, want, onError: (d, message) => log.error(`cannot list ${d}: ${message}`) });
  const base = dir.path.endsWith('/') ? dir.path : `${dir.path}/`;
  const uri = (rel: string) => dir.with({ path: base + rel });
  const out = { registries: [] as vscode.Uri[], sources: [] as vscode.Uri[], sidecars: [] as vscode.Uri[] };
  // in slices (issue 15: 20,000 URIs at 10,000 sources, one long stretch of the host's thread)
  await eachInSlices(files, (rel) => {
    const { k, source } = sorted.get(rel)!;
    if (k === 'sidecar') out.sidecars.push(uri(rel));
    else if (k === 'registry') out.registries.push(uri(rel));
    if (source) out.sources.push(uri(rel));
  });
  return out;
}

/** Folders an index may leave unread (when the settings exclude them): node_modules and .git. */
const PRUNABLE = /(?:^|\/)(?:node_modules|\.git)$/;
/** A registry under either is not a corpus root. */
const NOT_A_ROOT = /(?:^|\/)(?:node_modules|\.git)\//;

/** The sources' excludes less the one that hides sidecars from them. */
function sidecarExcludes(exclude: readonly string[]): string[] {
  return exclude.filter((g) => !minimatch(`x${SIDECAR_SUFFIX}`, g) && !minimatch(`a/x${SIDECAR_SUFFIX}`, g));
}

/** Whether excludes of the form `<folder glob>/**` exclude everything in the folder at `rel`. */
function folderExcludes(exclude: readonly string[]): (rel: string) => boolean {
  const tests = exclude.filter((g) => g.endsWith('/**') && g.length > 3).map((g) => compileGlob(g.slice(0, -3)));
  return (rel) => tests.some((t) => t(rel));
}

/** The files of a workspace folder the include globs name, less the excluded ones. */
export function findSources(folder: vscode.WorkspaceFolder): Thenable<vscode.Uri[]> {
  const { include, exclude } = sourceGlobs(folder.uri);
  return vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, include.length === 1 ? include[0] : `{${include.join(',')}}`),
    exclude.length ? `{${exclude.join(',')}}` : undefined,
  );
}

/** Sidecars matching `pattern`, under the exclude settings except the one that hides sidecars from the sources. */
export function findSidecars(pattern: vscode.RelativePattern, scope: vscode.Uri): Thenable<vscode.Uri[]> {
  const exclude = sidecarExcludes(sourceGlobs(scope).exclude);
  return vscode.workspace.findFiles(pattern, exclude.length ? `{${exclude.join(',')}}` : undefined);
}

/** Sources, registries and sidecars under a folder of `workspaceFolder` (one git created whole): walked when on the disk, else searched. */
export async function filesUnder(dir: vscode.Uri, workspaceFolder: vscode.WorkspaceFolder, log: vscode.LogOutputChannel, isSourceIn: IsSourceIn): Promise<vscode.Uri[]> {
  if (dir.scheme === 'file' && workspaceFolder.uri.scheme === 'file') {
    const { registries, sources, sidecars } = await walkSorted(workspaceFolder, dir, log, isSourceIn);
    return [...sources, ...registries, ...sidecars];
  }
  const { include, exclude } = sourceGlobs(workspaceFolder.uri);
  const inside = (g: string) => g.replace(/^\*\*\//, '');
  const found = await vscode.workspace.findFiles(
    new vscode.RelativePattern(dir, `{${include.map(inside).join(',')},**/${WORKSPACE_FILE}}`),
    exclude.length ? `{${exclude.join(',')}}` : undefined,
  );
  return [...found, ...(await findSidecars(new vscode.RelativePattern(dir, `**/*${SIDECAR_SUFFIX}`), workspaceFolder.uri))];
}

/**
 * Sources that are not listed but have a sidecar (renamed or deleted; shown as missing). Never
 * rejects. Told apart by scheme, authority and path (no URI string made for each of 10,000
 * sources), in slices (issue 15).
 */
export async function leftBehind(listings: readonly { folder: vscode.WorkspaceFolder; listing: FolderListing | null }[], listedSources: readonly vscode.Uri[], isSource: (u: vscode.Uri) => boolean, log: vscode.LogOutputChannel): Promise<vscode.Uri[]> {
  const key = (u: vscode.Uri) => `${u.scheme}:${u.authority}:${u.path}`;
  const listed = new Set<string>();
  await eachInSlices(listedSources, (u) => listed.add(key(u)));
  const out: vscode.Uri[] = [];
  for (const { folder, listing } of listings) {
    if (!listing) continue;
    try {
      await eachInSlices(await listing.sidecarSources(), (source) => !listed.has(key(source)) && isSource(source) && out.push(source));
    } catch (e) {
      log.error(`cannot list the sidecars of ${folder.uri.fsPath}: ${describeFailure(e)}`);
    }
  }
  return out;
}
