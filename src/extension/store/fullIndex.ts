// The store's full index (corpusStore.ts `reindex`): every workspace folder listed in one walk,
// its corpus roots made aside and swapped in once listed, the sources read by index workers
// started before the listing ends (issue 15), the kept reads of the last session taken
// (indexCache.ts), and the index's marks for the bench and the log. The store keeps what the
// index builds and answers from it; this module only runs an index, one at a time (the store
// chains them).
import * as vscode from 'vscode';
import { sidecarPathFor, WORKSPACE_FILE } from '../../core/format';
import { describeFailure } from '../../core/unreadable';
import { keepIndexBetweenSessions } from '../config';
import { eachInSlices, fullTurn, yieldThread } from '../../core/slices';
import type { IndexCacheGenerations } from '../../node/cacheGenerations';
import type { CorpusRoots } from './corpusRoots';
import { MIN_FOR_WORKERS, type IndexPools, type IndexWorkers, type WorkerTimeline } from './indexPools';
import { drawListFirst } from './listDraw';
import type { RegistryFiles } from './registryFiles';
import { leftBehind as sidecarsLeftBehind, listFolder, type FolderListing } from './sourceFinder';
import { targetIn, type LoadTarget, type SourceLoader } from './sourceLoader';
import type { StoreChange } from './storeTypes';

/** What an index takes from the store, and gives back to it. */
export interface IndexedStore {
  readonly log: vscode.LogOutputChannel;
  readonly loader: SourceLoader;
  readonly registries: RegistryFiles;
  /** The last full index's reads, kept between sessions; none without workspace storage. */
  readonly cache: IndexCacheGenerations | null;
  /** How long an index runs before its progress shows (indexProgress.ts; the tests change it). */
  progressDelayMs(): number;
  /** The corpus roots the store answers from now (the last index's, until this one's are listed). */
  roots(): CorpusRoots;
  newRoots(): CorpusRoots;
  /** This index's roots become the store's. */
  adopt(roots: CorpusRoots): void;
  /** An index begins (Date.now()): what the store keeps of the last one's listing is dropped. */
  begin(startedAt: number): void;
  isSource(uri: vscode.Uri): boolean;
  isSourceIn(folder: vscode.Uri, rel: string): boolean;
  /** The sources are listed (before they are read). */
  listed(): void;
  fire(change: StoreChange): void;
  /** Every source is read: the store is ready (and tells its listeners, `fire`). */
  ready(): void;
  /** The open documents' texts are taken as the index's (documentHooks.ts adoptOpen). */
  adoptOpen(): void;
  /** Resolves once every draw going on in slices has ended. */
  whenDrawn(): Promise<void>;
}

/** When the last index started and reached each step (performance.now()), for the bench and the log. */
export interface IndexTimings {
  /** Started; had read its workspace folders' registries (and started its index workers); knew its corpus roots. */
  started: number;
  registries: number;
  roots: number;
  /** Listed its sources; applied its first and last worker answer; finished; its final draw done. */
  listed: number;
  firstRead: number;
  lastRead: number;
  ready: number;
  drawn: number;
  /** Its reads kept for the next index: the generation its workers wrote made current (0 until then, or if none was). */
  kept: number;
  workers?: WorkerTimeline;
}

/** An index's marks as it starts (`started`): none reached yet. */
const unmarked = (started: number): IndexTimings => ({ started, registries: 0, roots: 0, listed: 0, firstRead: 0, lastRead: 0, ready: 0, drawn: 0, kept: 0 });

export class FullIndex {
  /**
   * The first index's workers, the first of them started as that index is asked for (reindex, in
   * activate()) rather than in the index's own task: the extension host then activates the other
   * extensions for 50-100 ms, with a core partly idle, and the worker loads its code meanwhile,
   * ready to parse the registry when the index reads it (issue 15: 6 alternated runs of the
   * 2,000-source bench, the registry parsed at 221 ms into the index against 363, counts
   * complete in VS Code's first run 1,153 ms against 1,236; activate() 8.5 ms against 7.5).
   * Undefined until then, null once the index has taken it.
   */
  private firstPool: ReturnType<IndexPools['startEarly']> | undefined;
  /** How long before the first index's own task its workers were started (firstPool); 0 if they were not. For the tests. */
  firstWorkersAheadMs = 0;
  /**
   * When the first index's registries were read, as it was asked for (RegistryFiles.readAhead):
   * its own task takes those reads. 0 when they were not (none to read, or a kept parse).
   */
  private registriesAheadAt = 0;
  /** How long before the first index's own task its registries were read (registriesAheadAt); 0 if they were not. For the tests. */
  firstRegistriesAheadMs = 0;
  /** How many sources the last index listed: a workspace that had few starts no workers early. */
  private lastListed: number | undefined;
  /** The last index's reads kept for the next (its workers write them after its last answer, loadMany): settled once its generation is current. */
  private kept: Promise<void> = Promise.resolve();
  readonly timings: IndexTimings = unmarked(0);

  constructor(private readonly store: IndexedStore) {}

  /**
   * An index is asked for: the first one's first worker starts now (one `new Worker`, a few ms),
   * see firstPool, and that index's registries are read now, a large one handed to that worker
   * to parse (RegistryFiles.readAhead; the file's read, ~1 ms at 5,000 entities, in activate()).
   */
  asked(): void {
    if (this.firstPool !== undefined) return;
    this.firstPool = this.store.loader.pools.startEarly(this.lastListed, 1);
    const dirs = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
    if (this.firstPool && this.store.registries.readAhead(dirs, this.firstPool)) this.registriesAheadAt = performance.now();
  }

  async run(report: (done: number, total: number) => void, reread: boolean): Promise<void> {
    const { store } = this;
    // the index before's reads written and its generation current, so that this one reads it
    await this.kept;
    const t0 = Date.now();
    // the setting, read at each index: off deletes what was kept
    const keep = keepIndexBetweenSessions();
    if (!keep) store.cache?.clear();
    const cache = keep ? store.cache?.begin(reread) : undefined;
    let cached = false;
    let workers: IndexWorkers | null = null;
    let early: Promise<IndexWorkers | null> = Promise.resolve(null);
    let handed: IndexWorkers | null = null;
    let listDrawn: ReturnType<typeof setTimeout> | undefined;
    Object.assign(this.timings, unmarked(performance.now()));
    // this index's corpus roots, made aside: the last index's answer sourceFor until these are listed
    const roots = store.newRoots();
    let swapped = false;
    const swap = () => {
      if (swapped) return;
      swapped = true;
      store.adopt(roots);
    };
    store.begin(t0);
    store.registries.hold(); // the parses this index makes are kept after it (registryFiles.ts keepHeld)
    try {
      const sources: vscode.Uri[] = [];
      const folders = vscode.workspace.workspaceFolders ?? [];
      // each folder is listed once, its corpus roots, sources and sidecars together (one walk
      // of the disk: sourceFinder.ts listFolder), every folder at once
      const settled = <T>(p: PromiseLike<T>) => Promise.resolve(p).then((value) => ({ value, error: null as unknown }), (error: unknown) => ({ value: null, error: error ?? 'failed' }));
      // Index workers start before the listing ends, with each folder's own registry read at
      // once (registryFiles.ts): they load and build their matcher meanwhile (issue 15; a
      // workspace that had few sources skips them)
      const withWorkers = this.lastListed === undefined || this.lastListed >= MIN_FOR_WORKERS;
      if (!withWorkers) {
        store.registries.clear();
        void this.takeFirstPool()?.close();
      }
      early = withWorkers ? this.prepareWorkers(folders) : Promise.resolve(null);
      const listing = folders.map((folder) => ({ folder, found: settled(listFolder(folder, store.log, (f, rel) => store.isSourceIn(f, rel))) }));
      const listed: { folder: vscode.WorkspaceFolder; listing: FolderListing | null }[] = [];
      for (const { folder, found } of listing) {
        const { value, error } = await found;
        const rooted = value && (await settled(roots.addRoots(folder, value.registries)));
        const failed = error ?? rooted?.error ?? null;
        if (failed !== null) store.log.error(`cannot list ${folder.uri.fsPath}: ${describeFailure(failed)}`);
        // a walked folder's listing asked the rule itself (isSourceIn), but a file in a
        // workspace folder nested inside this one goes by that folder's, and VS Code's search
        // (another file system) by its own globs
        else for (const u of value!.sources) if ((folders.length === 1 && folder.uri.scheme === 'file') || store.isSource(u)) sources.push(u);
        listed.push({ folder, listing: failed === null ? value : null });
      }
      this.timings.roots = performance.now();
      workers = await early;
      this.lastListed = sources.length;
      // show the list at once (views fill in counts as sidecars load): a big workspace's Sources
      // view should not stay empty while thousands of files are read
      // (in slices: these roots are not the store's until swapped), and what to read
      const targets: LoadTarget[] = [];
      await eachInSlices(sources, (u) => {
        const t = targetIn(roots.rootFor(u), u);
        if (!t) return;
        t.root.corpus.update(t.rel, sidecarPathFor(t.rel), {});
        targets.push(t);
      });
      // the index before's entries, until this one's reads are in: a source read as it was then
      // takes its entry again, not a new one made of the same read (applyRead.ts applyWorkerRead, indexRead.ts sameAsBefore)
      const before = store.roots();
      const earlier = (t: LoadTarget) => {
        const root = before.rootFor(t.uri);
        return root && root !== t.root && root.uri.toString() === t.root.uri.toString() && root.corpus.registry === t.root.corpus.registry ? root.corpus.get(t.rel) : undefined;
      };
      swap();
      store.listed();
      this.timings.listed = performance.now();
      // the listed sources are read at once; sidecars whose source is gone are picked out of
      // the listing meanwhile (on a file system other than the disk, a search of its own)
      const done = { listed: 0, leftBehind: 0, total: targets.length };
      const tell = () => report(done.listed + done.leftBehind, done.total);
      tell();
      handed = workers;
      const reading = store.loader.loadMany(targets, (n) => ((done.listed = n), (this.timings.firstRead ||= performance.now()), (this.timings.lastRead = performance.now()), tell()), workers, cache, earlier);
      workers = null;
      // the views draw the list without counts only if the index is a long one (when its
      // progress shows) and its reads so far say the counts are not a moment away (listDraw.ts):
      // a quick index draws once, when it is done. Each draw takes the host's
      // thread for a few hundred ms at 2,000 sources (the views, and VS Code sending every row
      // to the window), time the index's answers then wait for (issue 15). Problems ignores that
      // draw: a re-index's entries hold nothing read yet, and clearing then resending every
      // source's diagnostics was host time and window traffic for a flicker
      listDrawn = setTimeout(() => {
        if (drawListFirst(done.listed, targets.length, performance.now() - this.timings.listed)) store.fire({ all: true, listOnly: true });
      }, Math.max(0, this.timings.started + store.progressDelayMs() - performance.now()));
      const leftBehind = roots.targets(await sidecarsLeftBehind(listed, sources, (u) => store.isSource(u), store.log));
      done.total += leftBehind.length;
      const [{ kept }] = await Promise.all([reading, store.loader.loadMany(leftBehind, (n) => ((done.leftBehind = n), tell()))]);
      // the generation made current once the workers have written it: now, or, where they held
      // the reads, once they have, after the index is ready (sourceLoader.ts loadMany); the next
      // index waits for that before it begins (`kept`)
      const timings = this.timings;
      const commit = () => {
        if (!cache) return;
        store.cache!.commit(cache);
        timings.kept = performance.now();
      };
      if (kept) this.kept = kept.then(commit).catch(() => undefined); // uncommitted: the next index reads the generation before
      else commit();
      cached = true;
      void store.loader.pools.keepBuiltMatchers();
      store.adoptOpen();
      store.log.info(`listed after ${Math.round(this.timings.listed - this.timings.started)} ms; indexed ${sources.length} sources in ${roots.size} corpora in ${Date.now() - t0} ms`);
    } finally {
      if (cache && !cached) store.cache!.abandon(cache);
      swap(); // an index that failed before listing: its roots, as far as it got (as before)
      clearTimeout(listDrawn);
      void workers?.pool.close(); // not handed over: an error before reading
      if (!workers) void early.then((w) => void (w !== handed && w?.pool.close()), () => undefined);
      this.timings.ready = performance.now();
      store.ready();
      void store.registries.keepHeld();
      // the views, Problems, the Review view and editors have taken the counts (whenDrawn waits
      // for those due in the task after this one, and for those that draw in slices)
      const started = this.timings.started;
      void store.whenDrawn().then(() => this.timings.started === started && (this.timings.drawn = performance.now()));
    }
  }

  /** Index workers for the folders' own corpus roots, with their registries as this index reads them; null when off. */
  private async prepareWorkers(folders: readonly vscode.WorkspaceFolder[]): Promise<IndexWorkers | null> {
    const { pools } = this.store.loader;
    // the workers load their code while the registries are read and parsed, and get them then
    const first = this.takeFirstPool();
    if (first) {
      first.warm(); // its other workers, now
      this.firstWorkersAheadMs = this.timings.started - (pools.startedAt(first) ?? this.timings.started);
    }
    const early = first ?? pools.startEarly(this.lastListed);
    // a large registry is parsed by the first of them, before their init (registryParse.ts); the
    // first index's were read, and handed to it, as the index was asked for (asked)
    if (first && this.registriesAheadAt) this.firstRegistriesAheadMs = this.timings.started - this.registriesAheadAt;
    else this.store.registries.clear(early);
    this.registriesAheadAt = 0;
    try {
      const roots = await Promise.all(folders.map(async (f) => ({ key: f.uri.toString(), config: (await this.store.registries.once(f.uri, vscode.Uri.joinPath(f.uri, WORKSPACE_FILE)))?.config ?? null })));
      this.timings.registries = performance.now();
      // the workers' init (restored matchers, packed: 10-25 ms at 5,000 entities) in a task of
      // its own, not the one that read the registries and started the listing (issue 15)
      await yieldThread();
      pools.restoreMatchers(roots);
      // and packed in a task after the one that read a kept matcher (~35 ms at 5,000 entities):
      // a full turn, not a place among the views' slices (yieldThread), which the workers' init would wait behind
      await fullTurn();
      const workers = pools.prepare(roots, this.lastListed, early);
      this.timings.workers = workers?.timeline; // where the workers' time goes (the bench prints it)
      return workers;
    } catch (e) {
      void early?.close();
      this.store.log.warn(`index workers not started early: ${describeFailure(e)}`);
      return null;
    }
  }

  /** The first index's pool (firstPool), for that index alone: null after. */
  private takeFirstPool(): ReturnType<IndexPools['startEarly']> {
    const pool = this.firstPool ?? null;
    this.firstPool = null;
    return pool;
  }

  dispose(): void {
    void this.takeFirstPool()?.close();
  }
}
