// Which files are sources, and each source's URI, asked thousands of times per index and per
// view refresh (issue 15), so both answers are kept: a folder's include/exclude globs compiled
// once (10,000 sources used to compile them 40,000 times), to a RegExp where they are plain
// (globRegex.ts: minimatch's match cost ~90 ms per index at 10,000), and each source's URI made once
// (joinPath normalises the path each time: 1.4 s over three re-indexes of 10,000 sources). A
// URI depends on the root and the path alone, so one kept for a deleted file is never wrong; a
// root that is gone takes its own along at the next index (`keepRoots`).
import * as vscode from 'vscode';
import { isSidecarPath } from '../../core/format';
import { sourceGlobs } from '../config';
import { relativePath } from './files';
import { compileGlob } from './globRegex';

type Test = (path: string) => boolean;

export class SourcePaths {
  /** uriOf's answers, by corpus root URI, then by path relative to it. */
  private readonly uris = new Map<string, Map<string, vscode.Uri>>();
  /** Each workspace folder's compiled source globs; cleared when the settings change and at each index. */
  private readonly globs = new Map<string, { include: Test[]; exclude: Test[] }>();

  uriOf(root: vscode.Uri, rel: string): vscode.Uri {
    const key = root.toString();
    let uris = this.uris.get(key);
    if (!uris) this.uris.set(key, (uris = new Map()));
    let uri = uris.get(rel);
    if (!uri) uris.set(rel, (uri = vscode.Uri.joinPath(root, ...rel.split('/'))));
    return uri;
  }

  /** Forgets the URIs of corpus roots that are no longer (`keep` says which are). */
  keepRoots(keep: (rootKey: string) => boolean): void {
    for (const key of this.uris.keys()) if (!keep(key)) this.uris.delete(key);
  }

  /** Whether the include/exclude settings make this URI a source. */
  isSource(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const rel = relativePath(folder.uri, uri);
    return rel !== null && this.isSourceIn(folder.uri, rel);
  }

  /** Whether a workspace folder's include/exclude settings make its file at `rel` a source (the listing asks this of every file); a sidecar never is. */
  isSourceIn(folder: vscode.Uri, rel: string): boolean {
    if (isSidecarPath(rel)) return false;
    const { include, exclude } = this.globsOf(folder);
    return include.some((g) => g(rel)) && !exclude.some((g) => g(rel));
  }

  /** The settings changed, or a new index starts: globs are compiled again when next asked. */
  clearGlobs(): void {
    this.globs.clear();
  }

  private globsOf(folder: vscode.Uri): { include: Test[]; exclude: Test[] } {
    const key = folder.toString();
    let globs = this.globs.get(key);
    if (!globs) {
      const { include, exclude } = sourceGlobs(folder);
      this.globs.set(key, (globs = { include: include.map(compileGlob), exclude: exclude.map(compileGlob) }));
    }
    return globs;
  }
}
