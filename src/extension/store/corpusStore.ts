// The workspace's corpora, kept up to date: every source under the include globs with its
// sidecar, grouped under the nearest marginalia.yaml. Indexes in the background at start (the
// full index: fullIndex.ts), then updates one file at a time from the file watcher and from
// saves, so a change never rescans the workspace: a `git pull` touching 500 sidecars re-reads
// those 500.
//
// Files arrive through git from anyone (issue 8), so every read is the guarded one
// (sourceLoader.ts, with the corpus root as root) and each file's read and parse is isolated:
// a refused or unreadable file becomes one located error on that file, the others are indexed,
// the index promise always settles, and the next change to the file is picked up. A sidecar
// whose source is gone (renamed with `git mv`, deleted) is kept as `missing`, so the views and
// Problems can show it instead of its annotations vanishing.
//
// Issue 15: sidecars are read and parsed by index workers while the host places annotations
// chunk by chunk (sourceLoader.ts); an index over a second shows its progress in the Sources
// view and the status bar (indexProgress.ts), and the list of sources then, before the counts. Only open sources' texts
// are kept (10,000 sources in ≤ 300 MB): whoever needs a closed one's asks `textOf`
// (sourceTexts.ts), and a sidecar written for a closed source is placed in its text read at once.
// Editors opened, saved and closed are followed in documentHooks.ts, the watcher's changes
// between indexes in reloads.ts.
import * as vscode from 'vscode';
import { isSidecarPath, parsedFromFast, sidecarPathFor, sourcePathFor } from '../../core/format';
import type { Sidecar, WorkspaceConfig } from '../../core/types';
import { describeFailure, readSidecarIsolated } from '../../core/unreadable';
import { Settings } from '../ids';
import { keepIndexBetweenSessions } from '../config';
import { relativePath } from './files';
import { IndexProgress } from './indexProgress';
import { DocumentHooks, type PlaceSaved } from './documentHooks';
import { CorpusRoots } from './corpusRoots';
import type { WrittenParse } from '../../core/worker/protocol';
import { RegistryFiles } from './registryFiles';
import { SourcePaths } from './sourcePaths';
import { WatchBatch } from './watchBatch';
import { MatcherCache } from '../../core/mentions/matcherCache';
import { packMatcher, unpackMatcher } from '../../node/indexInit';
import { keepPlacementsUnread } from '../../core/live/keepPlacements';
import { mentionsCurrent } from '../../core/sourceEntry';
import { SourceLoader } from './sourceLoader';
import { updateIsolated } from './applyRead';
import { Reloads } from './reloads';
import { NewRegistries } from './newRegistries';
import type { ReadLarge } from './largeSidecars';
import { SourceTexts, type Which } from './sourceTexts';
import type { Unit } from '../../core/analysis/cooccurrence';
import { sha256Hex } from '../../node/capture/provenance';
import type { FileText } from '../../core/worker/docTexts';
import { IndexCacheGenerations } from '../../node/cacheGenerations';
import { FullIndex, type IndexTimings } from './fullIndex';
import type { CorpusRoot, SourceRef, StoreChange, StoreCounts } from './storeTypes';
import { nextTask } from './savesInProgress';

export type { CorpusRoot, MissingSource, SourceRef, StoreChange, StoreCounts } from './storeTypes';

export class CorpusStore implements vscode.Disposable {
  /**
   * The corpus roots of the last index (corpusRoots.ts). An index builds its own set aside and
   * puts it here once its sources are listed: until then `sourceFor` answers from the last one,
   * so a hover or a command during a re-index still finds its source.
   */
  private roots: CorpusRoots;
  private readonly changed = new vscode.EventEmitter<StoreChange>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly batch = new WatchBatch((uris, changedOnly) => void this.reloads.reload(uris, changedOnly));
  private indexing: Promise<void> = Promise.resolve();
  private isReady = false;
  /** Closed sources' texts, read when asked; which sources are open; each root resolved through symlinks. */
  private readonly texts = new SourceTexts(
    (root, rel) => this.uriOf(root, rel),
    (message) => this.log.warn(message),
  );
  private isListed = false;
  /** Each source's URI and whether a file is one, kept (sourcePaths.ts). */
  private readonly paths = new SourcePaths();
  /** Draws of a whole change still going on in slices (a view's recount): the index's `drawn` mark waits for them. */
  private readonly drawing = new Set<Promise<unknown>>();
  /** Progress shown by long indexes (and what it showed). */
  readonly progress = new IndexProgress();
  private readonly loader: SourceLoader;
  private readonly documents: DocumentHooks;
  /** Where a save the host cannot carry is placed (placeSavedWith). */
  private placeSaved: PlaceSaved | undefined;
  /** Registries read for this index, each once (registryFiles.ts). */
  private readonly registries: RegistryFiles;
  /** Each corpus root's mention matcher, kept while its registry is unchanged (a re-index does not rebuild it). */
  readonly matchers = new MatcherCache({ pack: packMatcher, unpack: unpackMatcher });
  /** The watcher's batches and Refreshes of single sources, between full indexes (reloads.ts). */
  private readonly reloads: Reloads;
  /** A registry change told once the open sources can take it, before every closed source is read again (newRegistries.ts). */
  private readonly newRegistries = new NewRegistries(this.matchers);
  readonly onDidSetRegistry = this.newRegistries.onDidSet;

  /** The last full index's reads, kept between sessions (cacheGenerations.ts); none without workspace storage. */
  private readonly cache: IndexCacheGenerations | null;
  /** The full index, run by `reindex` (fullIndex.ts). */
  private readonly index: FullIndex;

  /** `cacheDir`: a folder of the extension's workspace storage for the index's cache (none: every index reads everything). */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    cacheDir?: string,
  ) {
    this.cache = cacheDir ? new IndexCacheGenerations(cacheDir) : null;
    // the matcher and registry parses are kept only while the setting says so, as the reads are
    const kept = () => (keepIndexBetweenSessions() ? this.cache : null);
    this.loader = new SourceLoader(log, (root) => this.realRootOf(root), this.matchers, kept, (source) => this.documents.isSaving(source), (source) => this.documents.settling(source));
    this.registries = new RegistryFiles(log, (root) => this.realRootOf(root), kept);
    this.roots = this.newRoots();
    // editors opened, saved and closed (documentHooks.ts), and the watcher's events around saves
    this.documents = new DocumentHooks({
      log,
      texts: this.texts,
      sourceFor: (uri) => this.sourceFor(uri),
      queue: (uri, kind) => this.queue(uri, kind),
      changed: (sources) => this.tell(sources),
      supersede: (ref) => this.loader.supersede(ref),
      placeSaved: () => this.placeSaved,
    });
    this.reloads = new Reloads({
      log,
      loader: this.loader,
      registries: this.registries,
      documents: this.documents,
      roots: () => this.roots,
      indexing: () => this.indexing,
      sourceFor: (uri) => this.sourceFor(uri),
      isSource: (uri) => this.isSource(uri),
      isSourceIn: (folder, rel) => this.isSourceIn(folder, rel),
      uriOf: (root, rel) => this.uriOf(root, rel),
      reindex: () => void this.reindex(),
      changedAll: () => this.changed.fire({ all: true }),
      registrySet: (root) => this.newRegistries.set(root),
      tell: (sources) => this.tell(sources),
    });
    this.index = new FullIndex({
      log,
      loader: this.loader,
      registries: this.registries,
      cache: this.cache,
      progressDelayMs: () => this.progress.delayMs,
      roots: () => this.roots,
      newRoots: () => this.newRoots(),
      adopt: (roots) => {
        this.roots = roots;
        this.paths.keepRoots((key) => roots.has(key));
      },
      begin: (startedAt) => {
        this.reloads.indexBegins(startedAt);
        this.texts.clearRoots();
        this.paths.clearGlobs();
      },
      isSource: (uri) => this.isSource(uri),
      isSourceIn: (folder, rel) => this.isSourceIn(folder, rel),
      listed: () => (this.isListed = true),
      fire: (change) => this.changed.fire(change),
      ready: () => {
        this.isListed = true;
        this.isReady = true;
        this.changed.fire({ all: true });
      },
      adoptOpen: () => this.documents.adoptOpen(),
      whenDrawn: () => this.whenDrawn(),
    });
    this.disposables.push(
      this.documents,
      this.newRegistries,
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reindex()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('marginalia.sources')) this.paths.clearGlobs();
        if (e.affectsConfiguration('marginalia.sources') || e.affectsConfiguration(Settings.maxFileSize)) void this.reindex();
      }),
    );
  }

  /** When the last index started and reached each step (performance.now()), for the bench and the log. */
  get timings(): IndexTimings {
    return this.index.timings;
  }

  /** How long before the first index's own task its workers were started (FullIndex.firstPool); 0 if they were not. For the tests. */
  get firstWorkersAheadMs(): number {
    return this.index.firstWorkersAheadMs;
  }

  /** How long before the first index's own task its registries were read (FullIndex.asked); 0 if they were not. For the tests. */
  get firstRegistriesAheadMs(): number {
    return this.index.firstRegistriesAheadMs;
  }

  /** The largest index whose workers hold its reads for the cache until it is ready (sourceLoader.ts); tests lower it. */
  get holdReadsUpTo(): number {
    return this.loader.holdReadsUpTo;
  }
  set holdReadsUpTo(n: number) {
    this.loader.holdReadsUpTo = n;
  }

  /** What the store has done since the extension started, for the tests and the bench (StoreCounts). */
  get counts(): StoreCounts {
    const { pools } = this.loader;
    return {
      ...this.loader.counts,
      placedUnread: this.placedUnread,
      savesPlaced: { offThread: this.documents.placedOffThread, dropped: this.documents.placingsDropped },
      workerInitsPacked: pools.packs,
      registriesParsedOffThread: this.registries.parsedOffThread,
      registriesParsedAsWritten: this.registries.parsedAsWritten,
      registriesParsedBefore: this.registries.parsedBefore,
      registryParsesKept: this.registries.keptParses,
      discardedPools: pools.discarded,
      matchersBuilt: { byIndexWorkers: pools.workerBuilds, asWritten: pools.takenAsWritten },
    };
  }

  /** True once every source is loaded: counts, placements and mentions are complete. */
  get ready(): boolean {
    return this.isReady;
  }

  /** True once the sources are known (listed), before their texts and sidecars are read. */
  get listed(): boolean {
    return this.isListed;
  }

  /** How many sidecars Marginalia wrote for a closed source were placed without reading its text again (`setSidecarText`). */
  private placedUnread = 0;

  /** Where a saved source whose edits the host cannot carry the placements across is placed (documentHooks.ts): the editor's worker, given at activation; until then, here. */
  placeSavedWith(place: PlaceSaved | undefined): PlaceSaved | undefined {
    const before = this.placeSaved;
    this.placeSaved = place;
    return before;
  }

  /** Where a large sidecar read here is parsed and placed: the editor's worker (given at activation; this thread until then). Returns the one before. */
  readLargeWith(read: ReadLarge): ReadLarge | undefined {
    const before = this.loader.readLarge;
    this.loader.readLarge = read;
    return before;
  }

  /** Resolves when the current (re)index has finished. */
  whenIndexed(): Promise<void> {
    return this.indexing;
  }

  /**
   * Builds the whole index in the background, with progress in the Sources view and the status
   * bar when it takes over a second. Always resolves:
   * whatever goes wrong is logged, the views leave "Indexing sources…", and the next index or
   * file change starts afresh. Sources whose files are the ones the last full index read are
   * taken from its cache (indexCache.ts), unless `reread` (the Refresh command: read everything).
   */
  reindex(options: { reread?: boolean } = {}): Promise<void> {
    const run = () =>
      this.progress.run('Marginalia: indexing sources', (report) => this.index.run(report, options.reread === true)).catch((e: unknown) => this.log.error(`indexing failed: ${describeFailure(e)}`));
    // in a task of its own, never in its caller's turn: the first index's start (its registry
    // read, its workers started; 30-50 ms) was inside activate(), which VS Code awaits
    const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
    // but one worker starts now: see FullIndex.firstPool
    this.index.asked();
    // and after any registry reload under way (reloads.ts registriesSettled)
    const settled = () => this.reloads.registriesSettled().then(turn);
    this.indexing = this.indexing.then(settled, settled).then(run);
    return this.indexing;
  }

  allRoots(): CorpusRoot[] {
    return this.roots.all();
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
    return this.paths.uriOf(root.uri, rel);
  }

  /** Whether the include/exclude settings make this URI a source. */
  isSource(uri: vscode.Uri): boolean {
    return this.paths.isSource(uri);
  }

  /** The same, for the file at `rel` in a workspace folder (a listing asks it of every file). */
  isSourceIn(folder: vscode.Uri, rel: string): boolean {
    return this.paths.isSourceIn(folder, rel);
  }

  /** The build a registry parse made now is kept for, if any (RegistryFiles.keepFor): the writer's worker makes those parts with the text it writes. */
  registryKeepFor(): string | undefined {
    return this.registries.keepFor();
  }

  /** A registry text the writer is about to write, parsed where it was made (RegistryFiles.written): the read that finds it takes that parse. */
  registryWritten(uri: vscode.Uri, text: string, parsed: WrittenParse): void {
    this.registries.written(uri, text, parsed);
  }

  /** Re-reads one source (and its sidecar) now, and tells listeners. */
  async refresh(uri: vscode.Uri): Promise<void> {
    await this.reloads.reload([uri]);
  }

  /**
   * Sets a sidecar's text right after Marginalia wrote it: the text, or for a sidecar whose text
   * the corpus does not keep (a closed source's), its UTF-8 bytes and length, decoded here only
   * if the parse or the placing needs it. `read`: the fast reader's sidecar of this very text,
   * read in the worker that made it (a save's 300 annotations: 6-20 ms of the host's thread to
   * parse again, issue 15); without it the text is parsed here. `sidecarHash`: the text's
   * textHash, when the worker computed it. A closed source's text is read again only when
   * placing needs it (core/live/keepPlacements.ts keepPlacementsUnread).
   */
  async setSidecarText(uri: vscode.Uri, written: string | { bytes: Uint8Array; length: number }, read?: Sidecar, sidecarHash?: number): Promise<void> {
    // a save of the source being placed in the worker first: this sidecar goes with the saved text
    const settling = this.documents.settling(uri);
    if (settling) await settling;
    const ref = this.sourceFor(uri);
    if (!ref) return;
    const sidecarRel = this.sidecarRel(ref);
    let decoded = typeof written === 'string' ? written : undefined;
    const text = () => (decoded ??= new TextDecoder().decode((written as { bytes: Uint8Array }).bytes));
    // a clean sidecar's parse keeps no text when the text is not kept (as an index's: sourceLoader.ts)
    const parsed = read ? parsedFromFast(decoded ?? '', sidecarRel, read) : readSidecarIsolated(text(), sidecarRel);
    const hash = sidecarHash !== undefined ? { sidecarHash } : {};
    const entry = ref.entry;
    const closed = entry?.readable && entry.text === null ? entry : undefined;
    // a closed source's annotations are placed in its text, which the corpus does not keep: what
    // does not need it is kept as it is (a status, a note: the text as last read, its hashes and
    // mentions, unless a registry change carried those), else the text is read now
    const kept = closed && mentionsCurrent(closed) && parsed.sidecar && !parsed.problems.length ? keepPlacementsUnread(closed.placements, parsed.sidecar.annotations) : null;
    if (closed && kept) {
      this.placedUnread++;
      const sidecar = decoded !== undefined ? { sidecarText: decoded } : { sidecarUnsent: (written as { length: number }).length };
      updateIsolated(this.log, ref.root, ref.rel, sidecarRel, { textUnsent: true, textHash: closed.textHash, ...(closed.sha256 ? { sha256: closed.sha256 } : {}), placements: kept, mentions: closed.mentions!, ...sidecar, ...hash, parsed });
    } else {
      const source = closed ? this.texts.readNow(ref.root, ref.uri) : undefined;
      if (source === null) return this.reloads.reload([ref.uri]);
      updateIsolated(this.log, ref.root, ref.rel, sidecarRel, { ...(source !== undefined ? { text: source, sha256: sha256Hex(source) } : {}), sidecarText: text(), ...hash, parsed });
    }
    // a read of this source under way found the files before this write: dropped, and read again
    // after it (what it was reading for, a change of the source's text, is then found)
    if (this.loader.supersede(ref)) this.queue(ref.uri);
    await this.reloads.turnIfLarge([ref.uri]);
    this.tell([ref.uri]);
  }

  /**
   * An open source's registry mentions found in its editor's worker (LiveDocuments), packed in
   * code points: taken when they are what its entry lacks (Corpus.takeMentions: the same text,
   * the registry now, its mentions carried over a registry change), and the views told in a task
   * of their own: a 1 MB source's mentions taken (14 ms) and the views' counts (12-15 ms) were one
   * stall of the host's thread with the editor's refresh (59-80 ms, issue 15).
   */
  async mentionsFound(uri: vscode.Uri, text: string, registry: WorkspaceConfig | null, packed: Int32Array): Promise<void> {
    const ref = this.sourceFor(uri);
    if (!ref?.root.corpus.takeMentions(ref.rel, text, registry, packed)) return;
    await nextTask();
    this.tell([uri]);
  }

  /**
   * The registry's matcher, packed, as the editor's worker built it for an open source under this
   * root (LiveDocuments): kept for the root while the registry is still its own and no other is
   * kept for it, for the host's keystrokes (restored in an idle moment, LiveDocuments.rehearse)
   * and the next index's workers. A registry change with only open sources reads none again in
   * an index worker, whose matcher the host would otherwise keep (indexPools.ts): its first
   * keystroke built one on the host (20-65 ms, bench editor, issue 15). One the host built itself
   * (a corpus of few sources, read on the host) takes these bytes, which it never packs for a
   * worker (WorkClient.matcherOf).
   */
  matcherFound(uri: vscode.Uri, registry: WorkspaceConfig, packed: SharedArrayBuffer): void {
    const root = this.sourceFor(uri)?.root;
    if (!root || root.corpus.registry !== registry) return;
    const key = root.uri.toString();
    const kept = this.matchers.kept(key, registry.entities);
    // one the host built has its bytes now, for the next worker handed it (WorkClient packs none)
    if (kept) kept.keepBytes(packed);
    else this.matchers.adoptPacked(key, registry.entities, packed);
  }

  /** Tells the listeners of a change to these sources, and every read under way that it was told. */
  private tell(sources: vscode.Uri[]): void {
    this.reloads.told(sources);
    this.changed.fire({ all: false, sources });
  }

  /** A document's whole text, one string per version (sourceTexts.ts `documentText`): read it here, not with getText(). */
  documentText(document: vscode.TextDocument): string {
    return this.texts.documentText(document);
  }

  /** Where the editor's worker may read an open, clean source's text itself (sourceTexts.ts `fileText`); undefined when it must be sent. */
  fileText(document: vscode.TextDocument): FileText | undefined {
    const ref = this.sourceFor(document.uri);
    return ref && this.texts.fileText(document, ref.root, ref.entry);
  }

  /**
   * The text of a source (or of its sidecar) as the store read it: the corpus keeps only open
   * sources' texts (issue 15), so a closed one's is read again, through the guarded read, with a
   * small cache (sourceTexts.ts). Null when there is none or it cannot be read.
   */
  textOf(ref: { root: CorpusRoot; rel: string }, which: Which = 'source'): Promise<string | null> {
    return this.texts.textOf(ref.root, ref.rel, which);
  }

  /** `textOf` of many sources of one root, by path, those that can be read (off the host's thread when many must be; sourceTexts.ts). */
  textsOf(root: CorpusRoot, rels: readonly string[], which: Which = 'source'): Promise<Map<string, string>> {
    return this.texts.textsOf(root, rels, which);
  }

  /** Each source's units of `unit` (sentences or paragraphs, packed), found off the host's thread when many are read (sourceTexts.ts unitsOf). */
  unitsOf(root: CorpusRoot, rels: readonly string[], unit: Unit, each: (rel: string, units: Int32Array) => void): Promise<void> {
    return this.texts.unitsOf(root, rels, unit, each);
  }

  /** Files read in a worker for `textsOf` so far (for tests). */
  get textsReadOffThread(): number {
    return this.texts.readOffThread;
  }

  /** Why the worker last left texts to be read on the host, if it ever did (for tests). */
  get textsWorkerFailure(): string | undefined {
    return this.texts.lastWorkerFailure;
  }

  private rootFor(uri: vscode.Uri): CorpusRoot | undefined {
    return this.roots.rootFor(uri);
  }

  private newRoots(): CorpusRoots {
    return new CorpusRoots(this.log, this.registries, this.matchers, this.texts, (root, rel) => this.uriOf(root, rel));
  }

  private sidecarRel(ref: { rel: string }): string {
    return sidecarPathFor(ref.rel);
  }

  /**
   * A listener drawing a whole change in slices says so (for the index's `drawn` mark, and
   * whoever waits for the views: `whenDrawn`); the promise never rejects.
   */
  drawingInSlices(done: Promise<unknown>): void {
    this.drawing.add(done);
    void done.finally(() => this.drawing.delete(done));
  }

  /**
   * Resolves once every draw going on in slices has ended, those due in the task after this one
   * included: Problems and the Review view count the whole corpus in a task after an index's
   * last (Diagnostics.refreshAllSoon, ReviewView.refreshSoon), so a caller told of the index's end
   * and asking at once was answered before their counts began when nothing else was drawing (a
   * CI run read the Review view's badge unset).
   */
  async whenDrawn(): Promise<void> {
    for (;;) {
      await nextTask();
      if (!this.drawing.size) return;
      await Promise.all(this.drawing);
    }
  }

  private realRootOf(root: vscode.Uri): Promise<string> {
    return this.texts.realRootOf(root);
  }

  private queue(uri: vscode.Uri, kind?: 'changed' | 'created'): void {
    this.batch.add(uri, kind);
  }

  dispose(): void {
    this.index.dispose();
    this.batch.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
