// The workspace's corpora, kept up to date: every source under the include globs with its
// sidecar, grouped under the nearest marginalia.yaml. Indexes in the background at start, then
// updates one file at a time from the file watcher and from saves, so a change never rescans
// the workspace: a `git pull` touching 500 sidecars re-reads those 500.
//
// Files arrive through git from anyone (issue 8), so every read is the guarded one
// (sourceLoader.ts, with the corpus root as root) and each file's read and parse is isolated:
// a refused or unreadable file becomes one located error on that file, the others are indexed,
// the index promise always settles, and the next change to the file is picked up. A sidecar
// whose source is gone (renamed with `git mv`, deleted) is kept as `missing`, so the views and
// Problems can show it instead of its annotations vanishing.
//
// Issue 15: the list shows first, then sidecars are read and parsed by index workers while the
// host places annotations chunk by chunk (sourceLoader.ts); an index over a second shows its
// progress in the Sources view and the status bar (indexProgress.ts). Only open sources' texts
// are kept (10,000 sources in ≤ 300 MB): whoever needs a closed one's asks `textOf`
// (sourceTexts.ts), and a sidecar written for a closed source is placed in its text read at once.
import * as vscode from 'vscode';
import { Minimatch } from 'minimatch';
import { Corpus } from '../../core/corpus';
import { isSidecarPath, readWorkspaceFast, sidecarPathFor, SIDECAR_SUFFIX, sourcePathFor, WORKSPACE_FILE, parseWorkspace, type ParsedWorkspace } from '../../core/format';
import { describeFailure, readSidecarIsolated, readWorkspaceIsolated, unreadableWorkspace } from '../../core/unreadable';
import { sourceGlobs } from '../config';
import { Settings } from '../ids';
import { relativePath } from './files';
import { maxFileBytes, readGuarded } from './guardedRead';
import { IndexProgress } from './indexProgress';
import { SavesInProgress } from './savesInProgress';
import { WatchBatch } from './watchBatch';
import { MatcherCache } from '../../core/mentions/matcherCache';
import { MIN_FOR_WORKERS, SourceLoader, targetIn, updateIsolated, type IndexWorkers, type LoadTarget } from './sourceLoader';
import { expandFolders } from './changedFiles';
import { findSidecars, findSources } from './sourceFinder';
import { SourceTexts, type Which } from './sourceTexts';
import { sha256Hex } from '../../node/capture/provenance';
import type { CorpusRoot, SourceRef, StoreChange } from './storeTypes';

export type { CorpusRoot, MissingSource, SourceRef, StoreChange } from './storeTypes';

export class CorpusStore implements vscode.Disposable {
  private readonly roots = new Map<string, CorpusRoot>();
  private readonly changed = new vscode.EventEmitter<StoreChange>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly batch = new WatchBatch((uris, changedOnly) => void this.reload(uris, changedOnly));
  private indexing: Promise<void> = Promise.resolve();
  private isReady = false;
  /** Closed sources' texts, read when asked; which sources are open; each root resolved through symlinks. */
  private readonly texts = new SourceTexts((root, rel) => this.uriOf(root, rel));
  private isListed = false;
  /**
   * uriOf's answers, by corpus root URI: a re-index makes new CorpusRoot objects for the same
   * folders and need not make 10,000 URIs again (0.1 s of each re-index). A URI depends on the
   * root and the path alone, so one kept for a deleted file is never wrong; a root that is gone
   * takes its own along at the next index.
   */
  private readonly uris = new Map<string, Map<string, vscode.Uri>>();
  /** Each workspace folder's compiled source globs; cleared when the settings change and at each index. */
  private readonly globs = new Map<string, { include: Minimatch[]; exclude: Minimatch[] }>();
  /** When the last index listed its sources and when it finished (performance.now()), for the bench and the log. */
  readonly timings = { started: 0, listed: 0, ready: 0 };
  /** Progress shown by long indexes (and what it showed). */
  readonly progress = new IndexProgress();
  private readonly loader: SourceLoader;
  /** Each corpus root's mention matcher, kept while its registry is unchanged (a re-index does not rebuild it). */
  readonly matchers = new MatcherCache();
  /** When the last index began, and when each source was last read since (Date.now()), by source URI. */
  private indexStarted = 0;
  private readonly readStarted = new Map<string, number>();
  /** The sources VS Code is saving now: not read until the save ends. */
  private readonly saves: SavesInProgress;
  /** How many sources the last index listed: a workspace that had few starts no workers early. */
  private lastListed: number | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.loader = new SourceLoader(log, (root) => this.realRootOf(root), this.matchers);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    // a file VS Code is saving is read when the save ends, not half-written
    const saves = (this.saves = new SavesInProgress((u, doc) => {
      if (doc) this.takeSaved(doc);
      this.queue(u);
    }));
    this.disposables.push(
      watcher,
      saves,
      watcher.onDidChange((u) => saves.holds(u) || this.queue(u, 'changed')),
      watcher.onDidCreate((u) => saves.holds(u) || this.queue(u, 'created')),
      watcher.onDidDelete((u) => this.queue(u)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reindex()),
      vscode.workspace.onDidOpenTextDocument((d) => this.opened(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('marginalia.sources')) this.globs.clear();
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

  /** How many sources were read (each with its sidecar) since the extension started. */
  get reads(): number {
    return this.loader.reads;
  }

  /** Resolves when the current (re)index has finished. */
  whenIndexed(): Promise<void> {
    return this.indexing;
  }

  /**
   * Builds the whole index in the background, with progress in the Sources view and the status
   * bar when it takes over a second. Always resolves:
   * whatever goes wrong is logged, the views leave "Indexing sources…", and the next index or
   * file change starts afresh.
   */
  reindex(): Promise<void> {
    const run = () =>
      this.progress.run('Marginalia: indexing sources', (report) => this.indexAll(report)).catch((e: unknown) => this.log.error(`indexing failed: ${describeFailure(e)}`));
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
    // the views and Problems ask for every source's URI after each change: joinPath normalises
    // the path each time (1.4 s over three re-indexes of 10,000 sources), so each is made once
    const key = root.uri.toString();
    let uris = this.uris.get(key);
    if (!uris) this.uris.set(key, (uris = new Map()));
    let uri = uris.get(rel);
    if (!uri) uris.set(rel, (uri = vscode.Uri.joinPath(root.uri, ...rel.split('/'))));
    return uri;
  }

  /** Whether the include/exclude settings make this URI a source. */
  isSource(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || isSidecarPath(uri.path)) return false;
    const rel = relativePath(folder.uri, uri);
    if (rel === null) return false;
    const { include, exclude } = this.globsOf(folder.uri);
    return include.some((g) => g.match(rel)) && !exclude.some((g) => g.match(rel));
  }

  /** A folder's include/exclude globs, compiled once (10,000 sources used to compile them 40,000 times). */
  private globsOf(folder: vscode.Uri): { include: Minimatch[]; exclude: Minimatch[] } {
    const key = folder.toString();
    let globs = this.globs.get(key);
    if (!globs) {
      const { include, exclude } = sourceGlobs(folder);
      const opts = { dot: false, nocase: false };
      this.globs.set(key, (globs = { include: include.map((g) => new Minimatch(g, opts)), exclude: exclude.map((g) => new Minimatch(g, opts)) }));
    }
    return globs;
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
    // a closed source's annotations are placed in its text, which the corpus does not keep: read now
    const source = ref.entry?.readable && ref.entry.text === null ? this.texts.readNow(ref.root, ref.uri) : undefined;
    if (source === null) return void this.reload([ref.uri]);
    updateIsolated(this.log, ref.root, ref.rel, sidecarRel, { ...(source !== undefined ? { text: source, sha256: sha256Hex(source) } : {}), sidecarText: text, parsed: readSidecarIsolated(text, sidecarRel) });
    this.changed.fire({ all: false, sources: [ref.uri] });
  }

  /**
   * The text of a source (or of its sidecar) as the store read it: the corpus keeps only open
   * sources' texts (issue 15), so a closed one's is read again, through the guarded read, with a
   * small cache (sourceTexts.ts). Null when there is none or it cannot be read.
   */
  textOf(ref: { root: CorpusRoot; rel: string }, which: Which = 'source'): Promise<string | null> {
    return this.texts.textOf(ref.root, ref.rel, which);
  }

  /** An editor opened on a source: the corpus keeps its text from now on (the very text it was read with, if it is). */
  private opened(d: vscode.TextDocument): void {
    this.texts.opened(d.uri);
    const ref = this.sourceFor(d.uri);
    if (ref?.entry && !d.isDirty && ref.uri.toString() === d.uri.toString()) ref.root.corpus.adopt(ref.rel, d.getText());
  }

  /**
   * A source just saved is taken from its document at once (its text is what was written), so
   * the highlights settle without waiting for the watcher's batch and a read of the 1 MB file.
   * The read from disk still follows and stands if it differs (a file the guarded read refuses).
   */
  private takeSaved(d: vscode.TextDocument): void {
    const ref = d.isDirty ? undefined : this.sourceFor(d.uri);
    if (!ref?.entry?.readable || ref.uri.toString() !== d.uri.toString()) return;
    const text = d.getText();
    if (text === ref.entry.text || Buffer.byteLength(text) > maxFileBytes(d.uri)) return;
    updateIsolated(this.log, ref.root, ref.rel, this.sidecarRel(ref), { text, sha256: sha256Hex(text) });
    this.changed.fire({ all: false, sources: [ref.uri] });
  }

  /**
   * Open sources whose text a load left out: a document opened while an index worker read its
   * source (the worker sends no text for a source closed when it was asked) is kept from now on,
   * or every save of it would read the source again from disk and place it in full.
   */
  private adoptOpen(): void {
    for (const d of vscode.workspace.textDocuments) {
      const ref = d.isDirty ? undefined : this.sourceFor(d.uri);
      if (ref?.entry?.readable && ref.entry.text === null && ref.uri.toString() === d.uri.toString()) ref.root.corpus.adopt(ref.rel, d.getText());
    }
  }

  /** Its editor closed: the text is no longer kept. */
  private closed(d: vscode.TextDocument): void {
    this.texts.closed(d.uri);
    const ref = this.sourceFor(d.uri);
    if (ref?.entry && ref.uri.toString() === d.uri.toString()) ref.root.corpus.release(ref.rel);
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

  private async indexAll(report: (done: number, total: number) => void): Promise<void> {
    const t0 = Date.now();
    let workers: IndexWorkers | null = null;
    this.indexStarted = t0;
    this.readStarted.clear();
    this.timings.started = performance.now();
    this.roots.clear();
    this.texts.clearRoots();
    this.globs.clear();
    try {
      const sources: vscode.Uri[] = [];
      const folders = vscode.workspace.workspaceFolders ?? [];
      // each folder's corpus roots and sources are looked for at once (two searches the main
      // process runs side by side); index workers start as soon as the roots are known, and
      // load while the sources are still being listed (a workspace that had few skips them)
      const settled = <T>(p: PromiseLike<T>) => Promise.resolve(p).then((value) => ({ value, error: null as unknown }), (error: unknown) => ({ value: null, error: error ?? 'failed' }));
      const listing = folders.map((folder) => ({ folder, roots: settled(this.addRoots(folder)), sources: settled(findSources(folder)) }));
      const rooted = await Promise.all(listing.map((l) => l.roots));
      workers = this.lastListed === undefined || this.lastListed >= MIN_FOR_WORKERS ? this.loader.prepare([...this.roots.values()]) : null;
      for (const [k, { folder, sources: found }] of listing.entries()) {
        const listed = await found;
        const error = rooted[k].error ?? listed.error;
        if (error !== null) this.log.error(`cannot list ${folder.uri.fsPath}: ${describeFailure(error)}`);
        else sources.push(...listed.value!.filter((u) => this.isSource(u)));
      }
      this.lastListed = sources.length;
      for (const key of this.uris.keys()) if (!this.roots.has(key)) this.uris.delete(key);
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
      // the listed sources are read at once; sidecars whose source is gone are looked for
      // meanwhile (a third search, 0.3–0.6 s at 10,000 sources, that used to come first)
      const targets = this.targets(sources);
      const done = { listed: 0, leftBehind: 0, total: targets.length };
      const tell = () => report(done.listed + done.leftBehind, done.total);
      tell();
      const reading = this.loader.loadMany(targets, (n) => ((done.listed = n), tell()), workers);
      workers = null;
      const leftBehind = this.targets(await this.leftBehind(folders, new Set(sources.map((u) => u.toString()))));
      done.total += leftBehind.length;
      await Promise.all([reading, this.loader.loadMany(leftBehind, (n) => ((done.leftBehind = n), tell()))]);
      this.adoptOpen();
      this.log.info(`listed after ${Math.round(this.timings.listed - this.timings.started)} ms; indexed ${sources.length} sources in ${this.roots.size} corpora in ${Date.now() - t0} ms`);
    } finally {
      void workers?.pool.close(); // not handed over: an error before reading
      this.isListed = true;
      this.isReady = true;
      this.timings.ready = performance.now();
      this.changed.fire({ all: true });
    }
  }

  /** Sources that are not listed but have a sidecar (renamed or deleted; shown as missing). Never rejects. */
  private async leftBehind(folders: readonly vscode.WorkspaceFolder[], listed: ReadonlySet<string>): Promise<vscode.Uri[]> {
    const out: vscode.Uri[] = [];
    for (const folder of folders) {
      try {
        for (const sidecar of await findSidecars(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`), folder.uri)) {
          const source = sidecar.with({ path: sourcePathFor(sidecar.path) });
          if (!listed.has(source.toString()) && this.isSource(source)) out.push(source);
        }
      } catch (e) {
        this.log.error(`cannot list the sidecars of ${folder.uri.fsPath}: ${describeFailure(e)}`);
      }
    }
    return out;
  }

  /** Finds a folder's corpus roots. */
  private async addRoots(folder: vscode.WorkspaceFolder): Promise<void> {
    const registries = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${WORKSPACE_FILE}`), '**/node_modules/**');
    for (const reg of registries) await this.addRoot(vscode.Uri.joinPath(reg, '..'), reg);
    if (!this.roots.has(folder.uri.toString())) await this.addRoot(folder.uri, vscode.Uri.joinPath(folder.uri, WORKSPACE_FILE));
  }

  private realRootOf(root: vscode.Uri): Promise<string> {
    return this.texts.realRootOf(root);
  }

  private async addRoot(dir: vscode.Uri, registryUri: vscode.Uri): Promise<CorpusRoot> {
    const registry = await this.readRegistryFile(dir, registryUri);
    let corpus: Corpus;
    // the corpus keeps the texts of open sources only (issue 15: 10,000 sources in ≤ 300 MB)
    let made: CorpusRoot | undefined;
    const keepText = (rel: string) => this.texts.anyOpen && made !== undefined && this.texts.isOpen(this.uriOf(made, rel));
    try {
      corpus = new Corpus(registry?.config ?? null, this.matchers.for(dir.toString()), keepText);
    } catch (e) {
      this.log.error(`${registryUri.fsPath}: ${describeFailure(e)}`);
      corpus = new Corpus(null, undefined, keepText);
    }
    const root: CorpusRoot = (made = { uri: dir, corpus, registryUri, registry, missing: new Map(), refused: new Map() });
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

  /** Load targets for source URIs, each in the corpus it belongs to. */
  private targets(uris: vscode.Uri[]): LoadTarget[] {
    const out: LoadTarget[] = [];
    for (const u of uris) {
      const t = targetIn(this.rootFor(u), u);
      if (t) out.push(t);
    }
    return out;
  }

  private queue(uri: vscode.Uri, kind?: 'changed' | 'created'): void {
    this.batch.add(uri, kind);
  }

  /** Never rejects: a file that cannot be reloaded is logged, the others still are. */
  private async reload(uris: vscode.Uri[], changedOnly?: ReadonlySet<string>): Promise<void> {
    await this.indexing;
    try {
      await this.reloadNow(uris, changedOnly);
    } catch (e) {
      this.log.error(`cannot update the index: ${describeFailure(e)}`);
    }
  }

  private async reloadNow(uris: vscode.Uri[], changedOnly?: ReadonlySet<string>): Promise<void> {
    const changed = new Map<string, vscode.Uri>();
    let all = false;
    const known = {
      lastRead: (source: vscode.Uri) => this.readStarted.get(source.toString()) ?? this.indexStarted,
      sourcesUnder: (prefix: string) => this.sourcesUnder(prefix),
    };
    for (const uri of await expandFolders(uris, known, changedOnly)) {
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
      // reported before its save began, read while VS Code writes it: the save's end reads it whole
      if (this.saves.isSaving(sourceUri)) continue;
      changed.set(sourceUri.toString(), sourceUri);
    }
    // a checkout's hundreds of files are read together (by the index workers when many), once each
    const targets = this.targets([...changed.values()]);
    const started = Date.now();
    for (const key of changed.keys()) this.readStarted.set(key, started);
    await this.loader.loadMany(targets);
    this.adoptOpen();
    if (all) this.changed.fire({ all: true });
    else if (changed.size) this.changed.fire({ all: false, sources: [...changed.values()] });
  }

  /** Every source URI (indexed, missing or refused) whose path starts with `prefix`. */
  private sourcesUnder(prefix: string): vscode.Uri[] {
    const out: vscode.Uri[] = [];
    for (const root of this.roots.values()) {
      for (const source of [...root.corpus.all().map((e) => e.source), ...root.missing.keys(), ...root.refused.keys()]) {
        const u = this.uriOf(root, source);
        if (u.path.startsWith(prefix)) out.push(u);
      }
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
    if (existing.registry === null || existing.registry.config) {
      existing.corpus.setRegistry(existing.registry?.config ?? null);
      // mentions are found where texts are read, and closed sources' are not kept: read again
      const closed = existing.corpus.all().filter((e) => e.readable && e.text === null);
      await this.loader.loadMany(closed.map((e) => ({ root: existing, rel: e.source, uri: this.uriOf(existing, e.source) })));
    }
  }

  dispose(): void {
    this.batch.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** A clean registry the fast way; anything doubtful with positions for Problems. */
function readRegistry(text: string, file: string): ParsedWorkspace {
  const config = readWorkspaceFast(text);
  return config ? { file, doc: null, config, problems: [], writable: true } : parseWorkspace(text, file);
}
