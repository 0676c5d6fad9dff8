// The store's updates between full indexes: the file watcher's batches (watchBatch.ts) and a
// Refresh of one source re-read only the files they name, once each, so a `git pull` touching
// 500 sidecars re-reads those 500, not the corpus (issue 15); a registry edited is read again
// with its root's closed sources (their mentions are not kept). Listeners hear only of the
// sources whose read changed what they show (readChanges.ts), after the event loop has gone
// round when the change is large (`turnIfLarge`). Apart from the store (corpusStore.ts), which
// holds the roots and the listeners and answers what a URI is.
import * as vscode from 'vscode';
import { isSidecarPath, sourcePathFor, WORKSPACE_FILE } from '../../core/format';
import { describeFailure } from '../../core/unreadable';
import { annotationsHeld, eachInSlices, fullTurn, isLargeChange } from '../../core/slices';
import { exists } from './files';
import { expandFolders } from './changedFiles';
import { readState, stateChanged, type ReadState } from './readChanges';
import type { CorpusRoots } from './corpusRoots';
import type { DocumentHooks } from './documentHooks';
import type { RegistryFiles } from './registryFiles';
import type { LoadTarget, SourceLoader } from './sourceLoader';
import type { CorpusRoot, SourceRef } from './storeTypes';

/** What the reloads take of the store. */
export interface ReloadHost {
  readonly log: vscode.LogOutputChannel;
  readonly loader: SourceLoader;
  readonly registries: RegistryFiles;
  readonly documents: DocumentHooks;
  /** The corpus roots of the last index. */
  roots(): CorpusRoots;
  /** The index under way (or the last one): a reload waits for it. */
  indexing(): Promise<void>;
  sourceFor(uri: vscode.Uri): SourceRef | undefined;
  isSource(uri: vscode.Uri): boolean;
  isSourceIn(folder: vscode.Uri, rel: string): boolean;
  uriOf(root: CorpusRoot, rel: string): vscode.Uri;
  reindex(): void;
  /** Tells the listeners that everything may have changed (a registry). */
  changedAll(): void;
  /** A root's corpus has a new registry, its closed sources still to read again (CorpusStore.onDidSetRegistry). */
  registrySet(root: CorpusRoot): void;
  /** Tells the listeners of a change to these sources (the store's `tell`, which comes back to `told`). */
  tell(sources: vscode.Uri[]): void;
}

export class Reloads {
  /** When the last index began, and when each source was last read since (Date.now()), by source URI. */
  private indexStarted = 0;
  private readonly readStarted = new Map<string, number>();
  /**
   * Each read from disk under way: what its sources' listeners were last told, by source URI.
   * A change told while it reads (the save's sidecar write, the answer for a save, another read)
   * becomes what it compares with, or it told that change again (issue 15: a flaky test in CI).
   */
  private readonly readsUnderWay = new Set<Map<string, ReadState>>();

  constructor(private readonly host: ReloadHost) {}

  /** A full index begins at `startedAt` (Date.now()): a folder's change is measured from it. */
  indexBegins(startedAt: number): void {
    this.indexStarted = startedAt;
    this.readStarted.clear();
  }

  /** The listeners were told of a change to these sources: every read under way compares with it. */
  told(sources: readonly vscode.Uri[]): void {
    for (const told of this.readsUnderWay) {
      for (const u of sources) if (told.has(u.toString())) told.set(u.toString(), readState(this.host.sourceFor(u)));
    }
  }

  /** Never rejects: a file that cannot be reloaded is logged, the others still are. */
  async reload(uris: vscode.Uri[], changedOnly?: ReadonlySet<string>): Promise<void> {
    await this.host.indexing();
    try {
      await this.reloadNow(uris, changedOnly);
    } catch (e) {
      this.host.log.error(`cannot update the index: ${describeFailure(e)}`);
    }
  }

  private async reloadNow(uris: vscode.Uri[], changedOnly?: ReadonlySet<string>): Promise<void> {
    const { host } = this;
    const changed = new Map<string, vscode.Uri>();
    let all = false;
    const known = {
      lastRead: (source: vscode.Uri) => this.readStarted.get(source.toString()) ?? this.indexStarted,
      sourcesUnder: (prefix: string) => host.roots().sourcesUnder(prefix),
      isSourceIn: (folder: vscode.Uri, rel: string) => host.isSourceIn(folder, rel),
    };
    for (const uri of await expandFolders(uris, known, host.log, changedOnly)) {
      if (uri.path.endsWith('/' + WORKSPACE_FILE)) {
        try {
          // a registry read as the store holds it tells nothing: the watcher's event for a write
          // of Marginalia's own, read while that write's refresh reads the sources again, told
          // every view and editor at once, and again at the end (issue 15)
          if (await this.reloadRegistry(uri)) all = true;
        } catch (e) {
          host.log.error(`cannot read ${uri.fsPath}: ${describeFailure(e)}`);
          all = true;
        }
        continue;
      }
      const sourceUri = isSidecarPath(uri.path) ? uri.with({ path: sourcePathFor(uri.path) }) : uri;
      if (!host.isSource(sourceUri)) continue;
      // reported before its save began, read while VS Code writes it: the save's end reads it whole
      if (host.documents.isSaving(sourceUri)) continue;
      changed.set(sourceUri.toString(), sourceUri);
    }
    // a checkout's hundreds of files are read together (by the index workers when many), once each
    const targets = host.roots().targets([...changed.values()]);
    const started = Date.now();
    for (const key of changed.keys()) this.readStarted.set(key, started);
    // listeners hear of the sources the read changed (readChanges.ts): a save's read of what its
    // document gave at once, none. A save placed in the editor's worker is taken, and told of,
    // when its answer comes (documentHooks.ts): its source's read (which waits for it too) is
    // measured from then, or the save's change was told again by each read begun before the
    // answer (issue 15: twice, with the views' and editors' redraws, in a 1 MB source's
    // cut-and-paste save); the batch's other sources are not held back for it
    const before = new Map<string, ReadState>();
    const settled: Promise<void>[] = [];
    for (const [key, u] of changed) {
      const settling = host.documents.settling(u);
      if (settling) settled.push(settling.then(() => void before.set(key, readState(host.sourceFor(u)))));
      else before.set(key, readState(host.sourceFor(u)));
    }
    this.readsUnderWay.add(before);
    try {
      await Promise.all([host.loader.loadMany(targets), ...settled]);
    } finally {
      this.readsUnderWay.delete(before);
    }
    host.documents.adoptOpen();
    const sources = [...changed].filter(([key, u]) => stateChanged(before.get(key)!, readState(host.sourceFor(u)))).map(([, u]) => u);
    if (all) return host.changedAll();
    if (!sources.length) return;
    await this.turnIfLarge(sources);
    host.tell(sources);
  }

  /**
   * Before the listeners (the views, Problems…) hear of a change to large sources, lets the
   * event loop go round (fullTurn): their passes over a transcript of 20,000 annotations and the
   * corpus's update were one stall of the host's thread (issue 15). A change to sources of
   * fewer annotations in all is told at once, in the task that made it.
   */
  async turnIfLarge(sources: readonly vscode.Uri[]): Promise<void> {
    if (isLargeChange(sources, (u) => annotationsHeld(this.host.sourceFor(u)?.entry))) await fullTurn();
  }

  /** Registry reloads under way, by the registry's URI: the next waits for the last (reloadRegistry). */
  private readonly registryReloads = new Map<string, Promise<boolean>>();

  /** Once every registry reload under way has ended: a full index begins after them, never beside one (its registry read would find the reload's parse under way, its workers none to build from). */
  async registriesSettled(): Promise<void> {
    await Promise.allSettled([...this.registryReloads.values()]);
  }

  /**
   * A registry read again, after any reload of it under way has ended: the watcher's event for a
   * write of Marginalia's own comes while that write's refresh reads every source again, and
   * finds the file as the store then holds it (a second parse, and every source read twice,
   * issue 15), and its caller returns only once the change is in the store. Whether anything
   * the listeners show changed (its problems, its entities).
   */
  private async reloadRegistry(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    const before = this.registryReloads.get(key);
    const run = (async () => {
      await before?.catch(() => undefined);
      return this.reloadRegistryNow(uri);
    })();
    this.registryReloads.set(key, run);
    try {
      return await run;
    } finally {
      if (this.registryReloads.get(key) === run) this.registryReloads.delete(key);
    }
  }

  private async reloadRegistryNow(uri: vscode.Uri): Promise<boolean> {
    const { host } = this;
    const dir = vscode.Uri.joinPath(uri, '..');
    const existing = host.roots().get(dir.toString());
    if (!existing) {
      // a new corpus root: sources move under it, so rebuild. A registry gone with its folder,
      // whose root an index has dropped already, changes nothing: the watcher's event for a
      // deleted folder can come after the re-index that dropped it (a whole re-index, for nothing)
      if (await exists(uri)) host.reindex();
      return true;
    }
    // mentions are found where texts are read, and closed sources' are not kept: they are read
    // again, by workers started as soon as the file is found changed, as a first index's are
    // (issue 15: a registry change at 2,000 sources started one worker to parse the registry and
    // another, once it was parsed, to build its matcher and read the sources, ~130 ms to load
    // each). The first of them parses a large registry and builds its matcher straight after
    // (registryParse.ts). None for the same text (the watcher's event for Marginalia's own write)
    const closed = () => existing.corpus.all().filter((e) => e.readable && e.text === null);
    const { pools } = host.loader;
    const started: { early: ReturnType<typeof pools.startEarly> } = { early: null };
    const start = () => {
      const count = closed().length;
      return (started.early = pools.readWith(count) ? pools.startEarly(count) : null);
    };
    try {
      const read = await host.registries.read(dir, uri, start);
      if (read === existing.registry) return false; // the very parse the root holds
      // the read (its parse taken, the workers started), the corpus's new registry and the paths
      // of the sources to read again, each in a task of its own: at 10,000 sources they were one
      // stall of the host's thread with the first chunks cut, 50-80 ms (issue 15)
      await fullTurn();
      existing.registry = read;
      // keep the last good registry while the file is being edited into shape (its problems told); the file
      // written with what it held (a restore, a checkout of the same bytes) is the same parse: nothing to read again
      if (read !== null && !read.config) return true;
      if (!existing.corpus.setRegistry(read?.config ?? null)) return true;
      // the matcher the editor's worker built with a text it wrote, kept before the open sources are told
      pools.takeWritten([{ key: existing.uri.toString(), config: existing.corpus.registry }]);
      this.host.registrySet(existing);
      await fullTurn();
      const targets: LoadTarget[] = [];
      await eachInSlices(closed(), (e) => targets.push({ root: existing, rel: e.source, uri: host.uriOf(existing, e.source) }));
      const { early } = started;
      started.early = null; // prepare's now, and closed by loadMany
      const workers = early && pools.prepare([{ key: existing.uri.toString(), config: existing.corpus.registry }], targets.length, early);
      // each found as the store holds it only searched (indexRead.ts Held.search), not parsed again
      const held = (t: LoadTarget) => t.root.corpus.get(t.rel);
      await host.loader.loadMany(targets, undefined, workers, undefined, held);
      return true;
    } finally {
      void started.early?.close();
    }
  }
}
