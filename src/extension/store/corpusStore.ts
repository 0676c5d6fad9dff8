// The workspace's corpora, kept up to date: every source under the include globs with its
// sidecar, grouped under the nearest marginalia.yaml. Indexes in the background at start, then
// updates one file at a time from the file watcher and from saves, so a change never rescans
// the workspace.
//
// Files arrive through git from anyone (issue 8), so every read is the guarded one
// (guardedRead.ts, with the corpus root as root) and each file's read and parse is isolated:
// a refused or unreadable file becomes one located error on that file, the others are indexed,
// the index promise always settles, and the next change to the file is picked up. A sidecar
// whose source is gone (renamed with `git mv`, deleted) is kept as `missing`, so the views and
// Problems can show it instead of its annotations vanishing.
import * as vscode from 'vscode';
import { minimatch } from 'minimatch';
import { Corpus, type SourceEntry } from '../../core/corpus';
import { isSidecarPath, readWorkspaceFast, sidecarPathFor, SIDECAR_SUFFIX, sourcePathFor, WORKSPACE_FILE, parseWorkspace, type ParsedSidecar, type ParsedWorkspace } from '../../core/format';
import type { Problem } from '../../core/types';
import { describeFailure, readSidecarIsolated, readWorkspaceIsolated, unreadableSidecar, unreadableWorkspace } from '../../core/unreadable';
import { sourceGlobs } from '../config';
import { Settings } from '../ids';
import { relativePath } from './files';
import { maxFileBytes, readGuarded, resolveRoot, type GuardedRead } from './guardedRead';

export interface CorpusRoot {
  /** The folder holding marginalia.yaml, or a workspace folder without one. */
  readonly uri: vscode.Uri;
  readonly corpus: Corpus;
  registryUri: vscode.Uri;
  registry: ParsedWorkspace | null;
  /** Sidecars whose source file is gone, by the source path (relative to the root) they belong to. */
  readonly missing: Map<string, MissingSource>;
  /** Sources that exist but were refused (a link outside the corpus, a FIFO, too large, not UTF-8), by relative path. */
  readonly refused: Map<string, Problem>;
}

/** A sidecar left behind: its source was renamed or deleted. */
export interface MissingSource {
  /** The source it names by its own file name, relative to the corpus root (POSIX). */
  readonly source: string;
  /** The sidecar, relative to the corpus root. */
  readonly sidecarPath: string;
  /** What it holds, to count and re-link; null when it vanished meanwhile. */
  readonly parsed: ParsedSidecar | null;
}

export interface SourceRef {
  root: CorpusRoot;
  /** Path relative to the corpus root, POSIX. */
  rel: string;
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
  entry: SourceEntry | undefined;
  /** Set when the source is gone but its sidecar is still there. */
  missing?: MissingSource;
  /** Set when the source exists but was refused. */
  refused?: Problem;
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
  /** Each corpus root resolved through symlinks, for the guarded read; rebuilt with the index. */
  private readonly realRoots = new Map<string, Promise<string>>();
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
        if (e.affectsConfiguration('marginalia.sources') || e.affectsConfiguration(Settings.maxFileSize)) void this.reindex();
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

  /**
   * Builds the whole index in the background, with progress in the status bar. Always resolves:
   * whatever goes wrong is logged, the views leave "Indexing sources…", and the next index or
   * file change starts afresh.
   */
  reindex(): Promise<void> {
    const run = () =>
      Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Marginalia: indexing sources' }, () => this.indexAll()),
      ).catch((e: unknown) => this.log.error(`indexing failed: ${describeFailure(e)}`));
    this.indexing = this.indexing.then(run, run);
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
    return {
      root,
      rel,
      uri: sourceUri,
      sidecarUri: sourceUri.with({ path: sidecarPathFor(sourceUri.path) }),
      entry: root.corpus.get(rel),
      missing: root.missing.get(rel),
      refused: root.refused.get(rel),
    };
  }

  /** Every sidecar whose source is gone, in path order. */
  missingSources(): SourceRef[] {
    const out: SourceRef[] = [];
    for (const root of this.allRoots()) {
      for (const rel of [...root.missing.keys()].sort()) {
        const ref = this.sourceFor(this.uriOf(root, rel));
        if (ref?.missing) out.push(ref);
      }
    }
    return out;
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
    const sidecarRel = this.sidecarRel(ref);
    this.updateIsolated(ref.root, ref.rel, sidecarRel, { sidecarText: text, parsed: readSidecarIsolated(text, sidecarRel) });
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
    this.realRoots.clear();
    try {
      const sources: vscode.Uri[] = [];
      const leftBehind: vscode.Uri[] = [];
      const folders = vscode.workspace.workspaceFolders ?? [];
      for (const folder of folders) {
        try {
          await this.indexFolder(folder, sources);
        } catch (e) {
          this.log.error(`cannot list ${folder.uri.fsPath}: ${describeFailure(e)}`);
        }
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
      // sidecars whose source is gone, looked for after the list is shown
      const listed = new Set(sources.map((u) => u.toString()));
      for (const folder of folders) {
        try {
          for (const sidecar of await this.findSidecars(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`), folder.uri)) {
            const source = sidecar.with({ path: sourcePathFor(sidecar.path) });
            if (!listed.has(source.toString()) && this.isSource(source)) leftBehind.push(source);
          }
        } catch (e) {
          this.log.error(`cannot list the sidecars of ${folder.uri.fsPath}: ${describeFailure(e)}`);
        }
      }
      await mapLimit([...sources, ...leftBehind], CONCURRENCY, (u) => this.loadIsolated(u));
      this.log.info(`listed after ${Math.round(this.timings.listed - this.timings.started)} ms; indexed ${sources.length} sources in ${this.roots.size} corpora in ${Date.now() - t0} ms`);
    } finally {
      this.isListed = true;
      this.isReady = true;
      this.timings.ready = performance.now();
      this.changed.fire({ all: true });
    }
  }

  /** Finds a folder's corpus roots and sources. */
  private async indexFolder(folder: vscode.WorkspaceFolder, sources: vscode.Uri[]): Promise<void> {
    const registries = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${WORKSPACE_FILE}`), '**/node_modules/**');
    for (const reg of registries) await this.addRoot(vscode.Uri.joinPath(reg, '..'), reg);
    if (!this.roots.has(folder.uri.toString())) await this.addRoot(folder.uri, vscode.Uri.joinPath(folder.uri, WORKSPACE_FILE));
    const { include, exclude } = sourceGlobs(folder.uri);
    const found = (
      await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, include.length === 1 ? include[0] : `{${include.join(',')}}`),
        exclude.length ? `{${exclude.join(',')}}` : undefined,
      )
    ).filter((u) => this.isSource(u));
    sources.push(...found);
  }

  /** Sidecars matching `pattern`, under the exclude settings except the one that hides sidecars from the sources. */
  private async findSidecars(pattern: vscode.RelativePattern, scope: vscode.Uri): Promise<vscode.Uri[]> {
    const exclude = sourceGlobs(scope).exclude.filter((g) => !minimatch(`x${SIDECAR_SUFFIX}`, g) && !minimatch(`a/x${SIDECAR_SUFFIX}`, g));
    return vscode.workspace.findFiles(pattern, exclude.length ? `{${exclude.join(',')}}` : undefined);
  }

  private realRootOf(root: vscode.Uri): Promise<string> {
    const key = root.toString();
    let real = this.realRoots.get(key);
    if (!real) this.realRoots.set(key, (real = resolveRoot(root)));
    return real;
  }

  private async addRoot(dir: vscode.Uri, registryUri: vscode.Uri): Promise<CorpusRoot> {
    const registry = await this.readRegistryFile(dir, registryUri);
    let corpus: Corpus;
    try {
      corpus = new Corpus(registry?.config ?? null);
    } catch (e) {
      this.log.error(`${registryUri.fsPath}: ${describeFailure(e)}`);
      corpus = new Corpus(null);
    }
    const root: CorpusRoot = { uri: dir, corpus, registryUri, registry, missing: new Map(), refused: new Map() };
    this.roots.set(dir.toString(), root);
    return root;
  }

  /** The registry read and parsed without ever throwing; null when there is none. */
  private async readRegistryFile(dir: vscode.Uri, uri: vscode.Uri): Promise<ParsedWorkspace | null> {
    const r = await readGuarded(await this.realRootOf(dir), uri, maxFileBytes(dir));
    if (!r.ok && r.reason === 'missing') return null;
    const registry = r.ok ? readWorkspaceIsolated(r.text, uri.fsPath, readRegistry) : unreadableWorkspace(uri.fsPath, r.message, r);
    if (registry.problems.length) this.log.warn(`${uri.fsPath}: ${registry.problems.length} problem(s)`);
    return registry;
  }

  /** loadSource, with anything unforeseen logged instead of stopping the files after it. */
  private async loadIsolated(uri: vscode.Uri): Promise<void> {
    try {
      await this.loadSource(uri);
    } catch (e) {
      this.log.error(`cannot index ${uri.fsPath}: ${describeFailure(e)}`);
    }
  }

  private async loadSource(uri: vscode.Uri): Promise<void> {
    const root = this.rootFor(uri);
    const rel = root && relativePath(root.uri, uri);
    if (!root || rel === null || rel === undefined) return;
    const sidecarRel = sidecarPathFor(rel);
    const real = await this.realRootOf(root.uri);
    const limit = maxFileBytes(root.uri);
    const [text, sidecar] = await Promise.all([readGuarded(real, uri, limit), readGuarded(real, uri.with({ path: sidecarPathFor(uri.path) }), limit)]);
    root.missing.delete(rel);
    root.refused.delete(rel);
    const sidecarMissing = !sidecar.ok && sidecar.reason === 'missing';
    if (!text.ok) {
      root.corpus.remove(rel);
      if (text.reason !== 'missing') root.refused.set(rel, refusalProblem(rel, text));
      else if (!sidecarMissing) root.missing.set(rel, { source: rel, sidecarPath: sidecarRel, parsed: sidecarParsed(sidecarRel, sidecar) });
      return;
    }
    // an unreadable sidecar that exists counts as present (empty text): it is listed with its error and never written
    this.updateIsolated(root, rel, sidecarRel, { text: text.text, sidecarText: sidecar.ok ? sidecar.text : sidecarMissing ? null : '', parsed: sidecarParsed(sidecarRel, sidecar) });
  }

  /** Corpus.update, with an exception while placing annotations turned into an error on the sidecar. */
  private updateIsolated(root: CorpusRoot, rel: string, sidecarRel: string, change: Parameters<Corpus['update']>[2]): void {
    try {
      root.corpus.update(rel, sidecarRel, change);
    } catch (e) {
      this.log.error(`cannot place the annotations of ${sidecarRel}: ${describeFailure(e)}`);
      root.corpus.update(rel, sidecarRel, { sidecarText: '', parsed: unreadableSidecar(sidecarRel, `Marginalia could not place these annotations: ${describeFailure(e)}`) });
    }
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

  /** Never rejects: a file that cannot be reloaded is logged, the others still are. */
  private async reload(uris: vscode.Uri[]): Promise<void> {
    await this.indexing;
    try {
      await this.reloadNow(uris);
    } catch (e) {
      this.log.error(`cannot update the index: ${describeFailure(e)}`);
    }
  }

  private async reloadNow(uris: vscode.Uri[]): Promise<void> {
    const changed = new Map<string, vscode.Uri>();
    let all = false;
    for (const uri of await this.expandFolders(uris)) {
      if (uri.path.endsWith('/' + WORKSPACE_FILE)) {
        try {
          await this.reloadRegistry(uri);
        } catch (e) {
          this.log.error(`cannot read ${uri.fsPath}: ${describeFailure(e)}`);
        }
        all = true;
        continue;
      }
      const sourceUri = isSidecarPath(uri.path) ? uri.with({ path: sourcePathFor(uri.path) }) : uri;
      if (!this.isSource(sourceUri)) continue;
      await this.loadIsolated(sourceUri);
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
        out.push(...found, ...(await this.findSidecars(new vscode.RelativePattern(uri, `**/*${SIDECAR_SUFFIX}`), folder.uri)));
      } else if (!stat) {
        // gone: a deleted folder takes every source under it along
        const prefix = uri.path.endsWith('/') ? uri.path : uri.path + '/';
        let under = false;
        for (const root of this.roots.values()) {
          for (const source of [...root.corpus.all().map((e) => e.source), ...root.missing.keys(), ...root.refused.keys()]) {
            const u = this.uriOf(root, source);
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
    existing.registry = await this.readRegistryFile(dir, uri);
    // keep the last good registry while the file is being edited into shape
    if (existing.registry === null || existing.registry.config) existing.corpus.setRegistry(existing.registry?.config ?? null);
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** What a sidecar read gives the corpus: parsed (never throwing), an error, or null when there is none. */
function sidecarParsed(file: string, r: GuardedRead): ParsedSidecar | null {
  if (r.ok) return readSidecarIsolated(r.text, file);
  return r.reason === 'missing' ? null : unreadableSidecar(file, r.message, r);
}

function refusalProblem(file: string, r: Extract<GuardedRead, { ok: false }>): Problem {
  return { file, line: r.line ?? 1, column: r.column ?? 1, message: r.message, severity: 'error' };
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
