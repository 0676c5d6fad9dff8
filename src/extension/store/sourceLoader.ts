// Reading sources and sidecars into their corpus (issue 15: 10,000 sources in seconds). Many at
// once (an index, a `git pull`) go to index workers (src/node/indexWorker.ts) in chunks: each
// worker reads a chunk with the guarded read and parses its sidecars the fast way, and the host
// only places the annotations, chunk by chunk, so it never stops for long; the workers also find
// the registry's mentions, which the views count for every source. A few (a save, a
// watcher event), a file system other than the disk, or a chunk a worker could not finish are
// read here, with the guarded asynchronous read, as before. Either way the same rules: nothing
// outside the corpus, nothing over the cap, each file's failure an error on that file only.
// The workers place the annotations too and answer compactly (indexRead.ts), so the host
// mostly stores what it is given; they start as an index begins, with each workspace folder's
// registry, before the sources are listed (indexPools.ts, which decides which workers read), and
// are handed the registry's matcher when the store has one (core/mentions/matcherCache.ts). One
// worker reads up to ONE_WORKER_UP_TO sources on a machine of two cores; more start the
// pool's others (each starts cold: see workerPool.ts workersAllowed).
// What a read becomes in its corpus, read here or by a worker, is applyRead.ts's one rule; this
// file decides what is read where, and which of a source's overlapping reads stands.
//
// The host keeps no text of a closed source (core/corpus.ts): a worker that placed a source's
// annotations and found its mentions sends neither text back, only their hashes and the text's
// SHA-256 (indexRead.ts); a source open in an editor comes whole, and the corpus keeps it.
//
// Every source read is counted (`reads`), so a test can check that a change re-reads only the
// files it touched.
import { mapLimit } from '../../core/mapLimit';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SourceEntry } from '../../core/sourceEntry';
import { sidecarPathFor } from '../../core/format';
import { describeFailure } from '../../core/unreadable';
import type { MatcherCache } from '../../core/mentions/matcherCache';
import { entryToTakeAgain, shareBuffer, type IndexAnswer, type IndexRead, type IndexTask } from '../../node/indexRead';
import type { IndexCacheGenerations } from '../../node/cacheGenerations';
import { KEEP_LATER_SOURCES, type IndexCacheDirs } from '../../node/indexCache';
import { sha256Hex, sha256HexOfBytes } from '../../node/capture/provenance';
import { relativePath } from './files';
import { decodedRead, maxFileBytes, readGuarded, readGuardedBytes, type GuardedBytes, type GuardedRead } from './guardedRead';
import type { CorpusRoot } from './storeTypes';
import { IndexPools, recordAnswer, WORKER_DEPTH, type IndexWorkers } from './indexPools';
import { eachInSlices, fullTurn } from '../../core/slices';
import { MentionTable } from '../../core/mentions/matcher';
import { sidecarRead, type LargeReader, type ReadLarge } from './largeSidecars';
import { applyRead, applyWorkerRead, type ReadSink, type WorkerRegistry } from './applyRead';

/** One source to (re)read, with the corpus it belongs to. */
export interface LoadTarget {
  root: CorpusRoot;
  rel: string;
  uri: vscode.Uri;
}

const CONCURRENCY = 16;
/** Sources per worker task: large enough to pay for the message, small enough to place in a few ms. */
const CHUNK = 32;
/** What the loader has done since the extension started, for the tests and the bench (the store's `counts`). */
export interface LoaderCounts {
  /** Sources read (a source with its sidecar counts once). */
  reads: number;
  /** Reads dropped because the store took a newer state of their source meanwhile (`supersede`). */
  readsSuperseded: number;
  /** Reads of an open source that took its kept text, its file unchanged (`unchanged`). */
  unchangedReads: number;
  /** Reads of an open source whose file's bytes were its kept text's UTF-8 (their digest), taken without decoding them (`sourceRead`). */
  digestReads: number;
  /** Reads that found the very sidecar text the store holds, and took its parse (`keptParse`). */
  keptParses: number;
  /** Sources an index worker took from the last full index's cache, unread (indexCache.ts). */
  cachedReads: number;
  /** Sources a full index found as the index before had read them, whose entries it took again (indexRead.ts sameAsBefore). */
  readsAgain: number;
  /** Of those, the ones whose mentions a registry change had carried, taken again with the mentions found in them (indexRead.ts Held.search). */
  searchedAgain: number;
  /** Registries whose matcher an index worker built from its own parse of them, straight after it (IndexInit.parsed): a first index's, a registry change's. */
  matchersFromParse: number;
  /** Sidecars with findings a worker placed at their lines, taken without reading them again (an index worker's IndexRead.located, the editor's worker's `read`). */
  locatedReads: number;
  /** Large sidecars read here whose parse and placement the editor's worker made (LARGE_SIDECAR). */
  largeReads: number;
  /** Of those, the reads the worker answered as the change from the read the corpus held (sidecarDelta.ts). */
  largeReadsAsChange: number;
  /** Large sidecars whose read found the files the corpus holds, taken again (the worker answered `same`). */
  sameReads: number;
  /** Large sidecars decoded on this thread before the worker's read, for the corpus to keep or compare (`sidecarRead`). */
  largeDecoded: number;
}

export class SourceLoader {
  /** The largest index whose workers hold its reads for the cache until it is ready (KEEP_LATER_SOURCES; tests lower it). */
  holdReadsUpTo = KEEP_LATER_SOURCES;
  readonly counts: LoaderCounts = { reads: 0, readsSuperseded: 0, unchangedReads: 0, digestReads: 0, keptParses: 0, cachedReads: 0, readsAgain: 0, searchedAgain: 0, matchersFromParse: 0, locatedReads: 0, largeReads: 0, largeReadsAsChange: 0, sameReads: 0, largeDecoded: 0 };
  /**
   * Open sources (the corpus keeps their text), by URI: their file as it was just before that
   * text was read from it (fileIdentity) and the text's SHA-256. A re-read of a source whose
   * file is still that one takes the kept text instead of reading, decoding and hashing it
   * again (issue 15: a save of a 1 MB source brought two or three such reads — the store's own
   * check after the save, the echo of the sidecar written — ~6 ms of host time and 4 MB of
   * garbage each). Any write to the file changes its change time, which no tool can set back.
   */
  private readonly unchanged = new Map<string, { identity: string; sha256: string; realPath: string }>();
  /**
   * By corpus root, then source URI, the latest read of it begun and not yet ended (`begin`): its
   * ticket, and its run when it is a read here. Per root: a full index reads into roots of its
   * own, and a watcher's read still going into the roots it replaced (begun before the swap) is
   * no newer read of the index's sources. It overtook the index's reads, was applied to roots no
   * longer the store's, and left those sources listed with nothing read.
   */
  private readonly latestByRoot = new WeakMap<CorpusRoot, Map<string, { ticket: number; run?: Promise<void> }>>();
  private lastTicket = 0;
  /** Where a large sidecar read here is parsed and placed (the extension gives its worker); on this thread until given. */
  readLarge: ReadLarge | undefined;
  /** The index workers this loader reads with, started early by an index (indexPools.ts). */
  readonly pools: IndexPools;
  /** What a large sidecar's read takes of this loader (largeSidecars.ts). */
  private readonly large: LargeReader;
  /** What a read's apply takes of this loader (applyRead.ts). */
  private readonly sink: ReadSink;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly realRootOf: (root: vscode.Uri) => Promise<string>,
    /** Each corpus root's matcher, and where the index's cache keeps it between sessions: the pools' (indexPools.ts). */
    matchers: MatcherCache,
    kept: () => IndexCacheGenerations | null = () => null,
    /**
     * Whether VS Code is writing this source now (savesInProgress.ts): a read that was under way
     * when its save began may hold the bytes of a half-written file, and is dropped; the save's
     * end reads the source whole.
     */
    private readonly saving: (source: vscode.Uri) => boolean = () => false,
    /**
     * A save of the source being placed in the worker (documentHooks.ts settling): a read of it
     * waits for that to end, and one under way when it began is dropped (the save's end queues a
     * read: it found the text before the save, which the store no longer stands for).
     */
    private readonly settling: (source: vscode.Uri) => Promise<void> | undefined = () => undefined,
  ) {
    this.pools = new IndexPools(matchers, kept);
    this.sink = { log, counts: this.counts };
    this.large = { log, counts: this.counts, worker: () => this.readLarge, saving: (source) => this.saving(source) };
  }

  /**
   * Reads every target; `progress` hears how many are done. Never rejects. `prepared`: from
   * prepare(), closed here. `cache`: a full index's (indexCache.ts), for its workers' tasks.
   * `before`: a full index's, the entry the index before held for a target, taken again where
   * the worker found the very same files (indexRead.ts sameAsBefore).
   */
  async loadMany(targets: LoadTarget[], progress?: (done: number) => void, prepared?: IndexWorkers | null, cache?: IndexCacheDirs, before?: (t: LoadTarget) => SourceEntry | undefined): Promise<{ kept?: Promise<void> }> {
    let done = 0;
    const step = (n: number) => progress?.((done += n));
    const onDisk = targets.filter((t) => t.uri.scheme === 'file');
    const roots = [...new Set(onDisk.map((t) => t.root))];
    const workers = this.pools.serving(prepared, roots, onDisk.length);
    const pool = workers?.pool ?? null;
    const registries = workers?.registries ?? [];
    // each registry's table of the mentions the workers pack, made in a task of its own while
    // they read, not in the one that applies the first answer (issue 15: 5-10 ms at 5,000 entities)
    if (pool) void fullTurn().then(() => registries.forEach((r) => MentionTable.of(r.config?.entities ?? [])));
    const strings = new Map<string, string>();
    // each chunk goes to the workers as soon as it is cut, not once all are: cutting 10,000
    // sources' chunks takes turns with the views' first draw, and the workers, ready, waited
    // for the last of them (issue 15: cut 270-440 ms after the first)
    const reading: Promise<void>[] = [];
    // the workers hold their reads for the cache until every answer is in (indexCache.ts
    // keepLater), for an index that small: a larger one's workers write them as they read, so
    // that what they hold never adds to the host process's memory (issue 15: at 10,000 sources,
    // rss after indexing 282-314 MB holding 2,500 a worker, against 282-290, and a 300 MB target)
    const holding = pool !== null && cache?.write !== undefined && onDisk.length <= this.holdReadsUpTo;
    let kept: Promise<void> | undefined;
    try {
      const elsewhere = pool ? targets.filter((t) => t.uri.scheme !== 'file') : targets;
      const readChunk = async ({ task, targets: ts, earlier }: Chunk) => {
        const tickets = ts.map((t) => this.begin(t));
        let reads: IndexRead[] | null = null;
        let marks: IndexAnswer['marks'];
        // reads the host could not take (applyWorkerRead): read here, and part of this index
        const readHere: Promise<void>[] = [];
        try {
          try {
            const answer = await pool!.run(task);
            reads = answer.reads;
            marks = answer.marks;
            this.counts.cachedReads += answer.cached ?? 0;
            // a matcher a worker built comes packed (indexInit.ts packMatcher), and is kept so:
            // restored on this thread only when it finds mentions here (matcherCache.ts)
            this.pools.adopt(workers!, answer.built, answer.nextInit);
          } catch (e) {
            this.log.warn(`an index worker failed (${describeFailure(e)}); reading ${ts.length} sources here`);
          }
          if (reads) {
            const received = performance.now();
            shareBuffer(reads);
            // a source read here meanwhile (a save, a watcher's event) keeps that read
            ts.forEach((t, k) => {
              const again = this.overtaken(t, tickets[k]) ? undefined : this.applyIsolated(t, reads![k], registries.find((r) => r.root === t.root), strings, earlier[k]);
              if (again) readHere.push(again);
            });
            // their links taken in while the workers read on, not all at once in the final draw
            for (const root of new Set(ts.map((t) => t.root))) root.corpus.settleLinks();
            if (marks && !workers!.timeline.workers[marks.thread]) this.counts.matchersFromParse += marks.fromParse; // a worker's first answer says it
            if (marks) recordAnswer(workers!.timeline, marks, received, ts.length);
          }
        } finally {
          ts.forEach((t, k) => this.end(t, tickets[k]));
        }
        if (!reads) await mapLimit(ts, CONCURRENCY, (t) => this.loadIsolated(t));
        else await Promise.all(readHere);
        step(ts.length);
      };
      const cutting = pool
        ? this.chunks(onDisk, registries.map((r) => r.root), cache, holding, pool.size * WORKER_DEPTH, before, (chunk) => {
            workers!.timeline.posted ??= performance.now();
            reading.push(readChunk(chunk));
            workers!.timeline.cut = performance.now();
          })
        : Promise.resolve();
      await Promise.all([
        mapLimit(elsewhere, CONCURRENCY, async (t) => {
          await this.loadIsolated(t);
          step(1);
        }),
        cutting,
      ]);
    } finally {
      await Promise.allSettled(reading); // each chunk's reads applied, or read here, before the pool closes
      // the workers closed; those holding reads for the cache write them first, after the
      // index's last answer, which does not wait for it: the caller makes the generation
      // current once `kept` resolves (with none, it is written already)
      const closing = this.pools.close(workers, holding);
      if (holding) kept = closing;
      else await closing;
    }
    return kept ? { kept } : {};
  }

  /** loadOne, with anything unforeseen logged instead of stopping the files after it. */
  async loadIsolated(t: LoadTarget): Promise<void> {
    try {
      await this.loadOne(t);
    } catch (e) {
      this.log.error(`cannot index ${t.uri.fsPath}: ${describeFailure(e)}`);
    }
  }

  /**
   * Reads one source and its sidecar here, with the guarded asynchronous read. An open source
   * whose file is still the very one its kept text was read from (`unchanged`) is not read again.
   */
  private async loadOne(t: LoadTarget): Promise<void> {
    const ticket = this.begin(t);
    const key = t.uri.toString();
    const run = this.readOne(t, ticket).finally(() => this.end(t, ticket));
    const latest = this.latest(t.root);
    latest.get(key)!.run = run; // still this read's: readOne has not yet come back from its first wait
    await run;
    // overtaken: whoever awaits this read (a Refresh, a save) gets what the newer one found
    for (let newer = latest.get(key); newer && newer.ticket > ticket && newer.run; newer = latest.get(key)) {
      const waited = newer;
      await waited.run?.catch(() => undefined); // its failure is its own, logged by its caller
      if (latest.get(key) === waited) break;
    }
  }

  /**
   * A read of `t` begins: its ticket. Reads of one source may overlap (two watcher batches, a
   * save's read and an index's, a large sidecar's worker round trip and a small file's read
   * here); the latest begun is the one applied, and one it overtook is dropped when it ends,
   * never applied over it. Tickets are held only while a read is going on.
   */
  private begin(t: LoadTarget): number {
    const ticket = ++this.lastTicket;
    this.latest(t.root).set(t.uri.toString(), { ticket });
    return ticket;
  }

  private latest(root: CorpusRoot): Map<string, { ticket: number; run?: Promise<void> }> {
    let m = this.latestByRoot.get(root);
    if (!m) this.latestByRoot.set(root, (m = new Map()));
    return m;
  }

  /**
   * The store took a state of this source newer than any read of it under way can hold (the
   * sidecar Marginalia just wrote, the document just saved): that read is dropped when it ends, as
   * one a later read overtook. It may have found the files before the write: applied, it put the
   * older sidecar back until the write's echo was read, and anchored every annotation again on
   * the host (a save of a 1 MB source: 280 ms). True when a read was under way.
   */
  supersede(ref: { uri: vscode.Uri; root: CorpusRoot }): boolean {
    if (!this.latest(ref.root).delete(ref.uri.toString())) return false;
    this.counts.readsSuperseded++;
    return true;
  }

  private overtaken(t: LoadTarget, ticket: number): boolean {
    return this.latest(t.root).get(t.uri.toString())?.ticket !== ticket;
  }

  private end(t: LoadTarget, ticket: number): void {
    if (!this.overtaken(t, ticket)) this.latest(t.root).delete(t.uri.toString());
  }

  private async readOne(t: LoadTarget, ticket: number): Promise<void> {
    // the read after a save placed in the worker compares with what that save stored
    const settling = this.settling(t.uri);
    if (settling) await settling;
    const real = await this.realRootOf(t.root.uri);
    const limit = maxFileBytes(t.root.uri);
    const sidecarUri = t.uri.with({ path: sidecarPathFor(t.uri.path) });
    const key = t.uri.toString();
    // only an open source's text is kept, so only its file is told apart (an lstat); taken before
    // the read: a write after it shows as another file next time, never the reverse
    const open = t.uri.scheme === 'file' && t.root.corpus.keeps(t.rel);
    const before = open ? await fileIdentity(t.uri.fsPath) : null;
    const kept = t.root.corpus.get(t.rel);
    const had = this.unchanged.get(key);
    if (before !== null && had?.identity === before && kept?.readable && kept.text !== null && kept.sha256 === had.sha256) {
      const bytes = await readGuardedBytes(real, sidecarUri, limit);
      this.counts.unchangedReads++;
      const text: GuardedRead = { ok: true, text: kept.text, realPath: had.realPath };
      const read = await sidecarRead(this.large, t, text, bytes, () => readGuarded(real, sidecarUri, limit));
      if (read === false || this.settling(t.uri)) return; // its save began (or is being placed) meanwhile: read when it ends
      if (this.overtaken(t, ticket)) return; // a later read of it began meanwhile: that one stands
      return applyRead(this.sink, t, text, read.sidecar, read.fast ?? null, read.placements, { sha256: had.sha256, ...read.found });
    }
    const [sourceBytes, bytes] = await Promise.all([readGuardedBytes(real, t.uri, limit), readGuardedBytes(real, sidecarUri, limit)]);
    if (this.saving(t.uri)) return; // its save began meanwhile: read when it ends
    const text = this.sourceRead(kept, sourceBytes);
    // the read after a save finds the text the store took from the document (documentHooks.ts):
    // its digest is the one taken then (a 1 MB source's was ~8 ms of the save's longest task)
    const same = text.ok && kept?.text === text.text && kept.sha256 !== null ? kept.sha256 : undefined;
    const sha256 = text.ok ? (same ?? sha256Hex(text.text)) : undefined;
    const read = await sidecarRead(this.large, t, text, bytes, () => readGuarded(real, sidecarUri, limit));
    if (read === false || this.settling(t.uri)) return; // its save began (or is being placed) meanwhile: read when it ends
    if (this.overtaken(t, ticket)) return; // a later read of it began meanwhile: that one stands
    applyRead(this.sink, t, text, read.sidecar, read.fast ?? null, read.placements, { ...(sha256 !== undefined ? { sha256 } : {}), ...read.found });
    if (before !== null && text.ok && sha256 !== undefined) this.unchanged.set(key, { identity: before, sha256, realPath: text.realPath });
    else this.unchanged.delete(key);
  }

  /**
   * A source's bytes as read: the text the corpus keeps when they are its UTF-8 (their digest is
   * the one taken with it), else decoded. The read after a save, and the echo of the sidecar it
   * wrote, find the very text the store took from the document (issue 15: decoding a 1 MB file
   * was 20 ms of one task and 3 MB of garbage, twice a save). A kept text with a lone surrogate
   * encodes as U+FFFD, which a decode would give back: that one is decoded.
   */
  private sourceRead(kept: SourceEntry | undefined, bytes: GuardedBytes): GuardedRead {
    if (bytes.ok && kept?.readable && kept.text !== null && kept.sha256 !== null && sha256HexOfBytes(bytes.bytes) === kept.sha256 && isWellFormed(kept.text)) {
      this.counts.digestReads++;
      return { ok: true, text: kept.text, realPath: bytes.realPath };
    }
    return decodedRead(bytes);
  }

  /**
   * An index worker's read of `t` (applyRead.ts), or, when it cannot be taken (the registry
   * changed while the worker read), read here: that read's promise.
   */
  private applyIsolated(t: LoadTarget, read: IndexRead, registry: WorkerRegistry | undefined, strings: Map<string, string>, earlier?: SourceEntry): Promise<void> | undefined {
    if (this.saving(t.uri)) return; // its save began while the worker read it: read when it ends
    return applyWorkerRead(this.sink, t, read, registry, strings, earlier) ? undefined : this.loadIsolated(t);
  }

  /**
   * Worker tasks: targets of one corpus root (one resolved root, one size cap) cut into chunks,
   * each handed to `take` as it is cut; the `first` of them at once. `holding`: each says its
   * reads are held for the cache (IndexTask.keepLater).
   */
  private async chunks(targets: LoadTarget[], registries: readonly (CorpusRoot | undefined)[], cache: IndexCacheDirs | undefined, holding: boolean, first: number, before: ((t: LoadTarget) => SourceEntry | undefined) | undefined, take: (chunk: Chunk) => void): Promise<void> {
    const byRoot = new Map<CorpusRoot, LoadTarget[]>();
    for (const t of targets) {
      let list = byRoot.get(t.root);
      if (!list) byRoot.set(t.root, (list = []));
      list.push(t);
    }
    for (const [root, list] of byRoot) {
      const real = await this.realRootOf(root.uri);
      const maxBytes = maxFileBytes(root.uri);
      const starts = Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, k) => k * CHUNK);
      const cut = (i: number) => {
        const ts = list.slice(i, i + CHUNK);
        // the index before's entry of each, looked up once: what the task says it holds, and what its answer takes again
        const earlier = ts.map((t) => before?.(t));
        const items = ts.map((t, k) => {
          const held = earlier[k] && entryToTakeAgain(earlier[k], true);
          return { source: t.uri.fsPath, sidecar: t.uri.with({ path: sidecarPathFor(t.uri.path) }).fsPath, sidecarRel: sidecarPathFor(t.rel), ...(root.corpus.keeps(t.rel) ? { keep: true } : {}), ...(held ? { before: held } : {}) };
        });
        take({ task: { root: real, maxBytes, items, registry: registries.indexOf(root), ...(cache?.write || cache?.read ? { cache } : {}), ...(holding ? { keepLater: true as const } : {}) }, targets: ts, earlier });
      };
      // the workers' first chunks at once (a few hundred paths, under a ms), the rest in slices:
      // 10,000 sources' paths are made in one go otherwise (issue 15), and a slice may wait its
      // turn behind the views' (core/slices.ts)
      const now = first > 0 ? starts.splice(0, first) : [];
      first -= now.length;
      now.forEach(cut);
      // the rest a full turn later: the first chunks' posts start the pool's other workers (a
      // worker's start held the host's thread up to 9 ms), added to whatever the task ran before
      // (at 10,000 sources, a registry change's reload; issue 15)
      if (now.length && starts.length) await fullTurn();
      await eachInSlices(starts, cut);
    }
  }
}

/** A worker task with the targets it reads and, for a full index, the index before's entry of each (or undefined). */
interface Chunk {
  task: IndexTask;
  targets: LoadTarget[];
  earlier: (SourceEntry | undefined)[];
}

/**
 * Which file is at `file` now and as what (device, inode, size, modification and change times,
 * in ns), or null when it cannot be told (missing, refused). lstat: a symlink put in its place is
 * another file, and so is a file behind a folder swapped for a symlink (another inode).
 */
async function fileIdentity(file: string): Promise<string | null> {
  try {
    const s = await fs.promises.lstat(file, { bigint: true });
    return s.isFile() ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : null;
  } catch {
    return null;
  }
}

/** The target for a source URI, when it belongs to `root`. */
export function targetIn(root: CorpusRoot | undefined, uri: vscode.Uri): LoadTarget | undefined {
  const rel = root && relativePath(root.uri, uri);
  return root && rel ? { root, rel, uri } : undefined;
}

/** No lone surrogate (String.prototype.isWellFormed, ES2024, in the hosts VS Code 1.100 runs on; else the same test by a regex). */
function isWellFormed(s: string): boolean {
  const native = (s as string & { isWellFormed?: () => boolean }).isWellFormed;
  return typeof native === 'function' ? native.call(s) : !/\p{Cs}/u.test(s);
}
