// The workspace's corpora, kept up to date: every source under the include globs with its
// sidecar, grouped under the nearest marginalia.yaml. Indexes in the background at start, then
// updates one file at a time from the file watcher and from saves, so a change never rescans
// the workspace.
import * as vscode from 'vscode';
import { minimatch } from 'minimatch';
import { Corpus, type SourceEntry } from '../../core/corpus';
import { isSidecarPath, parseWorkspace, readWorkspaceFast, sidecarPathFor, sourcePathFor, WORKSPACE_FILE, type ParsedWorkspace } from '../../core/format';
import { sourceGlobs } from '../config';
import { readText, relativePath } from './files';

export interface CorpusRoot {
  /** The folder holding marginalia.yaml, or a workspace folder without one. */
  readonly uri: vscode.Uri;
  readonly corpus: Corpus;
  registryUri: vscode.Uri;
  registry: ParsedWorkspace | null;
}

export interface SourceRef {
  root: CorpusRoot;
  /** Path relative to the corpus root, POSIX. */
  rel: string;
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
  entry: SourceEntry | undefined;
}

/** What changed: a list of source URIs, or everything (a registry change, a full index). */
export type StoreChange = { all: true } | { all: false; sources: vscode.Uri[] };

const CONCURRENCY = 16;

export class CorpusStore implements vscode.Disposable {
  private readonly roots = new Map<string, CorpusRoot>();
  private readonly changed = new vscode.EventEmitter<StoreChange>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private pending = new Map<string, vscode.Uri>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private indexing: Promise<void> = Promise.resolve();
  private isReady = false;
  private isListed = false;
  /** When the last index listed its sources and when it finished (performance.now()), for the bench and the log. */
  readonly timings = { started: 0, listed: 0, ready: 0 };

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidChange((u) => this.queue(u)),
      watcher.onDidCreate((u) => this.queue(u)),
      watcher.onDidDelete((u) => this.queue(u)),
      vscode.workspace.onDidSaveTextDocument((d) => this.queue(d.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reindex()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('marginalia.sources')) void this.reindex();
      }),
    );
  }

  /** True once every source is loaded: counts, placements and mentions are complete. */
  get ready(): boolean {
    return this.isReady;
  }

  /** True once the sources are known (listed), before their texts and sidecars are read. */
  get listed(): boolean {
    return this.isListed;
  }

  /** Resolves when the current (re)index has finished. */
  whenIndexed(): Promise<void> {
    return this.indexing;
  }

  /** Builds the whole index in the background, with progress in the status bar. */
  reindex(): Promise<void> {
    this.indexing = this.indexing.then(() =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Marginalia: indexing sources' },
        () => this.indexAll(),
      ),
    );
    return this.indexing;
  }

  allRoots(): CorpusRoot[] {
    return [...this.roots.values()].sort((a, b) => (a.uri.path < b.uri.path ? -1 : 1));
  }

  /** The source a URI is (or whose sidecar it is), if it belongs to a corpus. */
  sourceFor(uri: vscode.Uri): SourceRef | undefined {
    const sourceUri = isSidecarPath(uri.path) ? uri.with({ path: sourcePathFor(uri.path) }) : uri;
    const root = this.rootFor(sourceUri);
    if (!root) return undefined;
    const rel = relativePath(root.uri, sourceUri);
    if (rel === null) return undefined;
    return { root, rel, uri: sourceUri, sidecarUri: sourceUri.with({ path: sidecarPathFor(sourceUri.path) }), entry: root.corpus.get(rel) };
  }

  uriOf(root: CorpusRoot, rel: string): vscode.Uri {
    return vscode.Uri.joinPath(root.uri, ...rel.split('/'));
  }

  /** Whether the include/exclude settings make this URI a source. */
  isSource(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || isSidecarPath(uri.path)) return false;
    const rel = relativePath(folder.uri, uri);
    if (rel === null) return false;
    const { include, exclude } = sourceGlobs(folder.uri);
    const opts = { dot: false, nocase: false };
    return include.some((g) => minimatch(rel, g, opts)) && !exclude.some((g) => minimatch(rel, g, opts));
  }

  /** Re-reads one source (and its sidecar) now, and tells listeners. */
  async refresh(uri: vscode.Uri): Promise<void> {
    await this.reload([uri]);
  }

  /** Sets a sidecar's text right after Marginalia wrote it. */
  setSidecarText(uri: vscode.Uri, text: string): void {
    const ref = this.sourceFor(uri);
    if (!ref) return;
    ref.root.corpus.update(ref.rel, this.sidecarRel(ref), { sidecarText: text });
    this.changed.fire({ all: false, sources: [ref.uri] });
  }

  private rootFor(uri: vscode.Uri): CorpusRoot | undefined {
    let best: CorpusRoot | undefined;
    for (const r of this.roots.values()) {
      if (relativePath(r.uri, uri) !== null && (!best || r.uri.path.length > best.uri.path.length)) best = r;
    }
    return best;
  }

  private sidecarRel(ref: { rel: string }): string {
    return sidecarPathFor(ref.rel);
  }

  private async indexAll(): Promise<void> {
    const t0 = Date.now();
    this.timings.started = performance.now();
    this.roots.clear();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const sources: vscode.Uri[] = [];
    for (const folder of folders) {
      const registries = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${WORKSPACE_FILE}`), '**/node_modules/**');
      for (const reg of registries) await this.addRoot(vscode.Uri.joinPath(reg, '..'), reg);
      if (!this.roots.has(folder.uri.toString())) await this.addRoot(folder.uri, vscode.Uri.joinPath(folder.uri, WORKSPACE_FILE));
      const { include, exclude } = sourceGlobs(folder.uri);
      const found = await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, include.length === 1 ? include[0] : `{${include.join(',')}}`),
        exclude.length ? `{${exclude.join(',')}}` : undefined,
      );
      sources.push(...found.filter((u) => this.isSource(u)));
    }
    // show the list at once (views fill in counts as sidecars load): a big workspace's Sources
    // view should not stay empty while thousands of files are read
    for (const u of sources) {
      const root = this.rootFor(u);
      const rel = root && relativePath(root.uri, u);
      if (root && rel) root.corpus.update(rel, sidecarPathFor(rel), {});
    }
    this.isListed = true;
    this.timings.listed = performance.now();
    this.changed.fire({ all: true });
    await mapLimit(sources, CONCURRENCY, (u) => this.loadSource(u));
    this.isReady = true;
    this.timings.ready = performance.now();
    this.log.info(`listed after ${Math.round(this.timings.listed - this.timings.started)} ms; indexed ${sources.length} sources in ${this.roots.size} corpora in ${Date.now() - t0} ms`);
    this.changed.fire({ all: true });
  }

  private async addRoot(dir: vscode.Uri, registryUri: vscode.Uri): Promise<CorpusRoot> {
    const text = await readText(registryUri);
    const registry = text === null ? null : readRegistry(text, registryUri.fsPath);
    if (registry && registry.problems.length) this.log.warn(`${registryUri.fsPath}: ${registry.problems.length} problem(s)`);
    const root: CorpusRoot = { uri: dir, corpus: new Corpus(registry?.config ?? null), registryUri, registry };
    this.roots.set(dir.toString(), root);
    return root;
  }

  private async loadSource(uri: vscode.Uri): Promise<void> {
    const root = this.rootFor(uri);
    const rel = root && relativePath(root.uri, uri);
    if (!root || rel === null || rel === undefined) return;
    const [text, sidecarText] = await Promise.all([readText(uri), readText(uri.with({ path: sidecarPathFor(uri.path) }))]);
    if (text === null) {
      root.corpus.remove(rel);
      return;
    }
    root.corpus.update(rel, sidecarPathFor(rel), { text, sidecarText });
  }

  private queue(uri: vscode.Uri): void {
    this.pending.set(uri.toString(), uri);
    // git checkouts touch many files at once: batch them into one update
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      const batch = [...this.pending.values()];
      this.pending.clear();
      void this.reload(batch);
    }, 30);
  }

  private async reload(uris: vscode.Uri[]): Promise<void> {
    await this.indexing;
    const changed = new Map<string, vscode.Uri>();
    let all = false;
    for (const uri of await this.expandFolders(uris)) {
      if (uri.path.endsWith('/' + WORKSPACE_FILE)) {
        await this.reloadRegistry(uri);
        all = true;
        continue;
      }
      const sourceUri = isSidecarPath(uri.path) ? uri.with({ path: sourcePathFor(uri.path) }) : uri;
      if (!this.isSource(sourceUri)) continue;
      try {
        await this.loadSource(sourceUri);
      } catch (e) {
        this.log.error(`cannot read ${sourceUri.fsPath}: ${String(e)}`);
      }
      changed.set(sourceUri.toString(), sourceUri);
    }
    if (all) this.changed.fire({ all: true });
    else if (changed.size) this.changed.fire({ all: false, sources: [...changed.values()] });
  }

  /**
   * The file watcher reports a folder created or deleted as one event, without its files
   * (git creates whole folders on checkout): expand such events to the files concerned.
   */
  private async expandFolders(uris: vscode.Uri[]): Promise<vscode.Uri[]> {
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
        const { include, exclude } = sourceGlobs(folder.uri);
        const inside = (g: string) => g.replace(/^\*\*\//, '');
        const found = await vscode.workspace.findFiles(
          new vscode.RelativePattern(uri, `{${include.map(inside).join(',')},**/${WORKSPACE_FILE}}`),
          exclude.length ? `{${exclude.join(',')}}` : undefined,
        );
        out.push(...found);
      } else if (!stat) {
        // gone: a deleted folder takes every source under it along
        const prefix = uri.path.endsWith('/') ? uri.path : uri.path + '/';
        let under = false;
        for (const root of this.roots.values()) {
          for (const e of root.corpus.all()) {
            const u = this.uriOf(root, e.source);
            if (u.path.startsWith(prefix)) {
              out.push(u);
              under = true;
            }
          }
        }
        if (!under) out.push(uri);
      } else out.push(uri);
    }
    return out;
  }

  private async reloadRegistry(uri: vscode.Uri): Promise<void> {
    const dir = vscode.Uri.joinPath(uri, '..');
    const existing = this.roots.get(dir.toString());
    if (!existing) {
      // a new corpus root: sources move under it, so rebuild
      void this.reindex();
      return;
    }
    const text = await readText(uri);
    existing.registry = text === null ? null : readRegistry(text, uri.fsPath);
    // keep the last good registry while the file is being edited into shape
    if (existing.registry?.config || text === null) existing.corpus.setRegistry(existing.registry?.config ?? null);
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** A clean registry the fast way; anything doubtful with positions for Problems. */
function readRegistry(text: string, file: string): ParsedWorkspace {
  const config = readWorkspaceFast(text);
  return config ? { file, doc: null, config, problems: [], writable: true } : parseWorkspace(text, file);
}

async function mapLimit<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
