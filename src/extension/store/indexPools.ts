// The extension's index workers, pool by pool (issue 15): started as an index begins, before its
// sources are listed (`startEarly`, `prepare`), with each corpus root's registry and, where the
// store has it, the registry's matcher, so the workers have loaded and built or restored their
// matchers by the time there is work. The workers' init is serialized once and kept while the
// registries and matchers are the same (`packedFor`); the matchers they build are kept for the
// host and the next session (`adopt`, `keepBuiltMatchers`). This file decides which workers read
// (`serving`); sourceLoader.ts, which reads with them (loadMany), decides what is read and how
// it is applied.
import type { Corpus } from '../../core/corpus';
import type { Entity } from '../../core/types';
import type { KeptMatcher, MatcherCache } from '../../core/mentions/matcherCache';
import type { IndexAnswer, IndexTask } from '../../node/indexRead';
import { OWN_PARSE, packInit, peerInits, type IndexInit, type InitOf } from '../../node/indexInit';
import { buildOf, knownRegistryKey, registryKey, rememberRegistryKey } from '../../node/indexCache';
import type { IndexCacheGenerations } from '../../node/cacheGenerations';
import { workerCount, WorkerPool, workersAllowed, workerScript } from '../../node/workerPool';
import { packedAlone, parsedBy, parsedIn, writtenMatcher } from '../../node/registryParse';
import type { CorpusRoot } from './storeTypes';
import { fullTurn } from '../../core/slices';

/** Below this many sources, starting workers costs more than it saves. */
export const MIN_FOR_WORKERS = 100;
/**
 * From this many entities a registry's matcher is not built on the host's thread for an index of
 * fewer sources than MIN_FOR_WORKERS: the index's prepared workers read them and build it
 * (IndexPools.serving). 500 entities took 39-42 ms to build cold in plain Node, 5,000 took the
 * extension host 90 ms of its thread in the bench's first index.
 */
export const MATCHER_OFF_HOST = 500;
/**
 * Chunks an index worker holds at once: it reads its next one while the host is busy with
 * something else (drawing the views, applying another worker's answer) instead of waiting for
 * the host to hand it over (workerPool.ts). Two is enough: the host answers within a chunk's time.
 */
export const WORKER_DEPTH = 2;

/**
 * How many packed inits are kept (packedFor), each its registries and matchers serialized (~4 MB
 * at 5,000 entities). A workspace folder with one corpus uses one; with a corpus root below it an
 * index packs for the folder's early pool and for every root, and a change below packs for that
 * root alone: three, in turns.
 */
const PACKED_KEPT = 3;

/** A corpus root as workers are started for it: its URI (string) and its registry. */
export interface RootRegistry {
  key: string;
  config: Corpus['registry'];
}

/**
 * Index workers, with the registries they were started for, by corpus root. They may start
 * before the store has made its corpus roots (registryFiles.ts): `root` is filled in when an
 * index finds the root of that URI with that very registry.
 */
export interface IndexWorkers {
  pool: WorkerPool<IndexTask, IndexAnswer>;
  registries: (RootRegistry & { root?: CorpusRoot })[];
  /** Closes the message ports of workers the pool never started (indexInit.ts peerInits). */
  closePeers?: () => void;
  /** Where the workers' time went (the store's `timings.workers`, printed by the bench). */
  timeline: WorkerTimeline;
}

/**
 * An index pool's time stamps, on the host's clock (performance.now()): when it was started and given its chunks,
 * when each worker had loaded its code, got its init and had its matchers; for each answer when
 * the worker began and ended the task, when the host took it up and had applied it.
 */
export interface WorkerTimeline {
  spawned: number;
  /** When the sources' first chunk was handed to the pool (the others follow as they are cut). */
  posted?: number;
  /** When the last chunk was cut and handed over. */
  cut?: number;
  /** Each worker's marks from its first answer; `fromParse`: registries whose matcher it built from its own parse (IndexInit.parsed). */
  workers: Record<number, { loaded: number; init: number; prepared: number; fromParse: number }>;
  answers: { thread: number; start: number; end: number; received: number; applied: number; sources: number; cpu: number; waited: number }[];
  /** How many workers were given their init: those started, whether or not a task came to them. */
  given: number;
  /** Whether the full init (every registry packed on the host, packedFor) was asked for, for a worker other than the one that parsed the registry. */
  packedFull: boolean;
}

/** A worker's epoch time stamp on this thread's performance.now() clock. */
const hostClock = (epoch: number) => (epoch ? epoch - performance.timeOrigin : 0);

const entitiesOf = (r: { config: Corpus['registry'] }) => r.config?.entities ?? [];
/** Whether two packed inits' keys (packedFor) are as long, and the same objects in their first `n` places. */
const sameKey = (a: readonly unknown[], b: readonly unknown[], n: number) => a.length === b.length && a.slice(0, n).every((x, k) => x === b[k]);
const servesRoot = (r: RootRegistry, root: CorpusRoot) => r.key === root.uri.toString() && r.config === root.corpus.registry;

export class IndexPools {
  /** Pools of index workers started early (`prepare`) and then not used: they did not know a corpus root to read. */
  discarded = 0;
  /** Inits packed for workers so far (for tests: an unchanged registry is packed once). */
  packs = 0;
  /** Matchers the index workers built and sent back (`adopt`), and those the editor's worker built with a registry text it wrote (takeWritten); for the tests. */
  workerBuilds = 0;
  takenAsWritten = 0;
  /** The last inits handed to workers, with what each was packed from (packedFor), newest last (PACKED_KEPT). */
  private packed: { key: unknown[]; init: IndexInit }[] = [];
  /** When each early pool started (startEarly), for its timeline. */
  private readonly earlyAt = new WeakMap<object, number>();
  /** Matchers the workers built this session, as they packed them, to keep for the next (keepBuiltMatchers). */
  private built: { entities: readonly Entity[]; packed: SharedArrayBuffer }[] = [];

  constructor(
    /** Each corpus root's matcher: handed to the workers when built, kept from them when they built it. */
    private readonly matchers: MatcherCache,
    /** Where the index's cache is kept between sessions (node/cacheGenerations.ts), with the registry's matcher. */
    private readonly kept: () => IndexCacheGenerations | null = () => null,
  ) {}

  /**
   * Each root's matcher from the last session, where the store has none for its registry yet:
   * the workers then restore it instead of building it (before `prepare`). One the editor's
   * worker built with the registry text it wrote is taken first (takeWritten).
   */
  restoreMatchers(roots: RootRegistry[]): void {
    this.takeWritten(roots);
    const kept = this.kept();
    if (!kept) return;
    for (const r of roots) {
      const entities = entitiesOf(r);
      if (!entities.length || this.matchers.kept(r.key, entities)) continue;
      const packed = kept.loadMatcher(entities, buildOf(__filename));
      if (packed) this.matchers.adoptPacked(r.key, entities, packed);
    }
  }

  /**
   * The matcher of each root's registry that the editor's worker built with the text it wrote
   * (New entity…: WrittenParse.matcher), where the store has none for it: kept for the root as an
   * index worker's is (`adopt`), and for the next session, before the root's sources are read
   * again with it. Called as a written registry becomes a root's (reloads.ts, and an index that
   * reads it): the open sources take it at once (newRegistries.ts), and the index workers are
   * handed it.
   */
  takeWritten(roots: RootRegistry[]): void {
    for (const r of roots) {
      const entities = entitiesOf(r);
      const packed = entities.length ? writtenMatcher(entities) : undefined;
      if (!packed || this.matchers.kept(r.key, entities)) continue;
      this.keepBuilt(r.key, entities, packed);
      this.takenAsWritten++;
    }
  }

  /**
   * A matcher a worker built, packed, kept for the root's registry as it came (restored on the
   * host only when the host finds mentions with it: matcherCache.ts) and for the next session
   * (keepBuiltMatchers).
   */
  private keepBuilt(key: string, entities: readonly Entity[], packed: SharedArrayBuffer): void {
    this.matchers.adoptPacked(key, entities, packed);
    this.built.push({ entities, packed });
  }

  /**
   * Keeps the matchers the workers built this session for the next one (after an index, off its
   * busy time): each written in a task of its own, after a full turn of the event loop (issue 15:
   * serialized in the index's last task, a 5,000-entity matcher added 23 ms to the host's longest
   * stall of a first index).
   */
  async keepBuiltMatchers(): Promise<void> {
    const built = this.built;
    this.built = [];
    const kept = this.kept(); // the setting as it is now: off keeps nothing
    if (!kept) return;
    for (const { entities, packed } of built) {
      await fullTurn();
      await kept.saveMatcher(entities, buildOf(__filename), packed);
    }
  }

  /**
   * An index's workers, started now with their init to come (`prepare`): they load their code
   * while the store reads the registries, and the first of them parses a large one before its
   * init (node/registryParse.ts). Null when workers are off or cannot start.
   * `expected`: how many sources the last index listed, if any. `count`: how many to start now
   * (one a turn), if not all; the pool's `warm` starts the others.
   */
  startEarly(expected?: number, count?: number): WorkerPool<IndexTask, IndexAnswer> | null {
    const size = workerCount(MIN_FOR_WORKERS, MIN_FOR_WORKERS);
    const script = size ? workerScript(__dirname, 'indexWorker') : null;
    if (!script) return null;
    const pool = new WorkerPool<IndexTask, IndexAnswer>(script, size, WorkerPool.LATER, undefined, WORKER_DEPTH);
    // as many start now as the last index's sources called for (one on a first index); loadMany
    // lets the others start when it finds many sources
    pool.allow(workersAllowed(expected ?? 0));
    pool.warm(count);
    this.earlyAt.set(pool, performance.now());
    return pool;
  }

  /** Whether `count` sources on disk are read by index workers (not in the host: too few, or workers off). */
  readWith(count: number): boolean {
    return workerCount(count, MIN_FOR_WORKERS) > 0;
  }

  /** When startEarly started `pool` (performance.now()), if it did. */
  startedAt(pool: WorkerPool<IndexTask, IndexAnswer>): number | undefined {
    return this.earlyAt.get(pool);
  }

  /**
   * Index workers for these corpus roots (by URI, with their registries), before the sources
   * are listed and even before the store has made its corpus roots, so that they have loaded and
   * made their matchers by the time there is work (issue 15: on a first index that was a few
   * hundred ms of each worker's time after listing). `early`: startEarly's pool, given its init
   * here. Hand the result to loadMany, which reads with it if `serving` finds that it knows every
   * root read, and closes it; null when workers are off or cannot start.
   */
  prepare(roots: RootRegistry[], expected?: number, early?: WorkerPool<IndexTask, IndexAnswer> | null): IndexWorkers | null {
    if (!workerCount(MIN_FOR_WORKERS, MIN_FOR_WORKERS)) {
      void early?.close();
      return null;
    }
    const workers = this.workersFor(roots, MIN_FOR_WORKERS, early ?? undefined);
    if (early) return workers;
    workers?.pool.allow(workersAllowed(expected ?? 0));
    workers?.pool.warm();
    return workers;
  }

  /**
   * The workers to read `count` sources of `roots` on disk with: `prepared` (prepare's) if there
   * is work enough for workers and it knows every root with its registry, else a pool started
   * now (closing `prepared`, counted in `discarded`), or null for none. Each registry learns the
   * root it serves, and the pool may start as many workers as `count` calls for.
   */
  serving(prepared: IndexWorkers | null | undefined, roots: CorpusRoot[], count: number): IndexWorkers | null {
    // however few the sources, a large registry whose matcher the host lacks is built by a worker, not here
    const offHost = roots.some((root) => this.buildsFor(root));
    const enough = workerCount(count, MIN_FOR_WORKERS) > 0 || offHost;
    let workers = prepared && enough && roots.every((root) => prepared.registries.some((r) => servesRoot(r, root))) ? prepared : null;
    if (prepared && !workers) {
      this.discarded++;
      void prepared.pool.close().then(() => prepared.closePeers?.());
    }
    workers ??= this.workersFor(roots.map((root) => ({ key: root.uri.toString(), config: root.corpus.registry })), offHost ? Math.max(count, MIN_FOR_WORKERS) : count);
    workers?.pool.allow(workersAllowed(count));
    for (const r of workers?.registries ?? []) r.root = roots.find((root) => servesRoot(r, root));
    return workers;
  }

  /**
   * Whether the index's workers would build `root`'s matcher, which the host has none of, for a
   * registry large enough that building it on the host's thread is a stall of its own: the
   * worker builds it as its init comes (or has built it since it parsed the registry:
   * registryParse.ts), and hands it back packed. Its sources are then read by that pool however
   * few they are (a pool started for them if none was prepared), rather than on the host, which
   * would build the same matcher again on its own thread (issue 15: a workspace of four sources and a 5,000-entity registry, bench editor, the
   * first index's longest stall 119.6 ms with the host building it, 90.8 of it the host's CPU).
   */
  private buildsFor(root: CorpusRoot): boolean {
    const entities = root.corpus.registry?.entities;
    return !!entities && entities.length >= MATCHER_OFF_HOST && !this.matchers.kept(root.uri.toString(), entities);
  }

  /** A pool for `roots` with each one's registry as it is now (mentions found with it are kept only if it still is). */
  private workersFor(roots: RootRegistry[], sources: number, early?: WorkerPool<IndexTask, IndexAnswer>): IndexWorkers | null {
    const size = early?.size ?? workerCount(sources, MIN_FOR_WORKERS);
    const script = size ? workerScript(__dirname, 'indexWorker') : null;
    if (!script) {
      void early?.close();
      return null;
    }
    const registries: IndexWorkers['registries'] = roots.map(({ key, config }) => ({ key, config }));
    const entities = registries.map(entitiesOf);
    const matchers = registries.map((r, k) => this.matchers.kept(r.key, entities[k]));
    // a registry the early pool's first worker parsed: that worker has built its matcher meanwhile
    const parsed = early ? entities.map((list, k) => (matchers[k] ? undefined : parsedIn(list, early))) : [];
    const withParsed = (init: IndexInit) => (parsed.some((n) => n !== undefined) ? { ...init, parsed } : init);
    // each worker's init made as it is handed it: the one that parsed the registries takes their
    // entities from its own parse (indexInit.ts OWN_PARSE), and the full init is packed only for another
    let full: IndexInit | undefined;
    let own: IndexInit | undefined;
    const parser = early ? this.parserOf(entities, parsed, early) : undefined;
    const ownInit = () => (own ??= withParsed(packInit({ registries: entities.map((list, k) => (parsed[k] === undefined ? list : OWN_PARSE)), matchers: matchers.map((m) => m?.packed) })));
    const timeline: WorkerTimeline = { spawned: (early && this.earlyAt.get(early)) ?? performance.now(), workers: {}, answers: [], given: 0, packedFull: false };
    const initOf: InitOf = (_k, thread) => (parser !== undefined && thread === parser ? ownInit() : (full ??= ((timeline.packedFull = true), withParsed(this.packedFor(entities, matchers)))));
    // a matcher to build (a first index, a new registry): the first worker builds it and hands
    // it to the others, instead of each building its own (indexInit.ts peerInits); it comes back
    // to the host with the first worker's first answer, as before
    const toBuild = size > 1 && entities.some((list, k) => !matchers[k] && list.length > 0);
    const peers = toBuild ? peerInits(initOf, size) : undefined;
    const handOut = peers ?? ((k: number, thread: number) => ({ init: initOf(k, thread) }));
    const initFor = (k: number, thread: number) => (timeline.given++, handOut(k, thread));
    early?.setInit(undefined, initFor);
    return { pool: early ?? new WorkerPool<IndexTask, IndexAnswer>(script, size, undefined, undefined, WORKER_DEPTH, initFor), registries, closePeers: peers?.close, timeline };
  }

  /**
   * The thread of `pool` that parsed every registry `parsed` names (parsedIn), which then takes
   * them from its own parse (indexInit.ts OWN_PARSE): undefined when none was parsed there, or
   * different threads parsed them.
   */
  private parserOf(entities: (readonly Entity[])[], parsed: (number | undefined)[], pool: WorkerPool<IndexTask, IndexAnswer>): number | undefined {
    const threads = new Set(entities.flatMap((list, k) => (parsed[k] === undefined ? [] : [parsedBy(list, pool)])));
    const [thread] = threads;
    return threads.size === 1 ? thread : undefined;
  }

  /**
   * The workers' init, serialized once for all of a pool's workers (packInit), and kept for the
   * next index while its registries and matchers are the same objects: a re-index of an
   * unchanged registry then serializes nothing (issue 15: 10-30 ms of the host's thread at 5,000
   * entities, in the same turn as the index's first slices).
   */
  private packedFor(entities: (readonly Entity[])[], matchers: (KeptMatcher | undefined)[]): IndexInit {
    const key = [...entities, ...matchers];
    const kept = this.packed.find((p) => sameKey(p.key, key, key.length));
    if (kept) return kept.init;
    // with every matcher here and each registry's fingerprint known (the kept matcher was
    // checked against it), the workers unpack this only to read a source (IndexInit.keys)
    const keys = entities.map((list, k) => (!list.length ? registryKey(list) : matchers[k] ? knownRegistryKey(list) : undefined));
    // one registry the worker that parsed it packed already (a registry's change: registryParse.ts)
    const packed = entities.length === 1 ? packedAlone(entities[0]) : undefined;
    const init = packInit({ registries: entities, matchers: matchers.map((m) => m?.packed), ...(packed ? { packed } : {}), ...(keys.every((k) => k !== undefined) ? { keys: keys as string[] } : {}) });
    this.keepPacked(key, init, entities.length);
    this.packs++;
    return init;
  }

  /** Keeps `init` as packed from `key`, in place of any packed from the same registries (the same entities: a matcher since built, or the same init). */
  private keepPacked(key: unknown[], init: IndexInit, registries: number): void {
    this.packed = [...this.packed.filter((p) => !sameKey(p.key, key, registries)), { key, init }].slice(-PACKED_KEPT);
  }

  /**
   * Closes an index's workers once its reads are applied (workers hold memory: none is kept
   * between indexes). With `holding`, each first writes the reads it held for the cache
   * (IndexTask.keepLater), and the next index's init that the one which built the matchers
   * packed meanwhile is kept (indexInit.ts packLater), as a first answer's was. Never rejects.
   */
  async close(workers: IndexWorkers | null, holding: boolean): Promise<void> {
    if (!workers) return;
    if (holding) {
      const answers = await workers.pool.runOnEach({ root: '', maxBytes: 0, items: [], keepHeld: true });
      for (const a of answers) if (a.status === 'fulfilled' && a.value.nextInit) this.adopt(workers, undefined, a.value.nextInit);
    }
    await workers.pool.close().catch(() => undefined);
    workers.closePeers?.();
  }

  /** Keeps the matchers the workers built (for the registry the index started with), for the next index and the host. */
  adopt(workers: IndexWorkers, built: IndexAnswer['built'], nextInit?: IndexInit): void {
    for (const { registry, packed, key } of built ?? []) {
      const r = workers.registries[registry];
      if (r?.root && r.root.corpus.registry === r.config && !this.matchers.kept(r.key, entitiesOf(r))) {
        // the fingerprint the worker took of the same entities, which the host then never takes (keepBuiltMatchers)
        if (key && !knownRegistryKey(entitiesOf(r))) rememberRegistryKey(entitiesOf(r), key);
        this.keepBuilt(r.key, entitiesOf(r), packed);
        this.workerBuilds++;
      }
    }
    // the next index's init, packed by the worker that built these: kept as packedFor would
    // have packed it, for these very registries and matchers (packedFor compares them)
    if (!nextInit) return;
    const entities = workers.registries.map(entitiesOf);
    const matchers = workers.registries.map((r, k) => this.matchers.kept(r.key, entities[k]));
    if (matchers.every(Boolean)) this.keepPacked([...entities, ...matchers], nextInit, entities.length);
  }
}

/** An answer's time stamps kept in `timeline`, on the host's clock. */
export function recordAnswer(timeline: WorkerTimeline, marks: NonNullable<IndexAnswer['marks']>, received: number, sources: number): void {
  timeline.workers[marks.thread] ??= { loaded: hostClock(marks.loaded), init: hostClock(marks.init), prepared: hostClock(marks.prepared), fromParse: marks.fromParse };
  timeline.answers.push({ thread: marks.thread, start: hostClock(marks.start), end: hostClock(marks.end), received, applied: performance.now(), sources, cpu: marks.cpu, waited: marks.waited });
}
