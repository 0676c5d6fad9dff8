// What indexing needs of one source, read where it is cheapest (issue 15): the source and its
// sidecar through corpusFs's guarded synchronous read (one call each instead of six awaited
// steps), and the sidecar parsed the fast way. Runs in an index worker (indexWorker.ts) so the
// extension host only places the annotations. A sidecar with findings in the writer's shape (an
// unresolved merge conflict's warning) comes with its problems at their lines and columns
// (core/format/located.ts); the host reads one in any other shape (conflict markers, anything
// odd) with the careful reader itself, so every problem keeps its line and column. The
// registry's mentions in each text are found here too (the views count them for every source):
// the matcher is the host's, built from the same entities, which the pool hands each worker once
// (indexInit.ts). No `vscode` here: plain data in and out.
//
// The annotations are placed here as well (placeAnnotations, the host's own function on the
// same text and annotations), so the host only takes the answer: at 10,000 sources placing was
// 0.4 s of the host's time per index. What comes back is compact, because the host pays for
// cloning every object it receives: mentions packed in an Int32Array, and placements as one
// flag when every annotation stands verbatim where its sidecar says (the usual case).
import { mentionsCurrent, textHash, type Held, type SourceChange, type SourceEntry } from '../core/sourceEntry';
import type { PackedMentions } from '../core/mentions/matcher';
import { readSidecarLocated } from '../core/format/located';
import { packPlacements, placeAnnotations, type PlacedRead } from '../core/placement';
// the placements a worker sends, one rule for the index's workers and the editor's (core/placement.ts)
export { packPlacements, unpackPlacements, type PlacedRead } from '../core/placement';
import type { Annotation, Problem, Sidecar, WorkspaceConfig } from '../core/types';
import { sha256Hex } from './capture/provenance';
import { readFileSync } from 'node:fs';
import { readCorpusFileSync, type GuardedRead } from './corpusFs';
import { fileId, keptSlots, packReads, registryKey, type IndexCacheDirs, type WorkerIndexCache } from './indexCache';
import type { IndexInit, WorkerMatchers } from './indexInit';
import type { RegistryKept } from './cacheGenerations';

/**
 * A long text (UTF-16 units), one rule for the index workers and the store. Read here, its
 * SHA-256 is computed whatever its sidecar: once the source is open, the editor's worker reads its
 * file itself for a claim-cue scan or a registry change's placing, and takes it only when the
 * bytes have that digest (core/worker/docTexts.ts); without it the text was posted whole (issue
 * 15: a 1 MB source's cue-scan request after an open 9.6-16 ms of the host's thread, against 0.3
 * with the digest; below it, a text posted costs the host little). Read on the host, any sidecar
 * of it goes to the editor's worker too (extension/store/largeSidecars.ts): anchoring annotations
 * that are not at their stored places in a long text is the host's longest task (a 1 MB source,
 * 300 annotations: 150-280 ms).
 */
export const LARGE_TEXT = 128 * 1024;

/** A task's answer: its reads, and the matchers this worker had to build, for the host to keep. */
export interface IndexAnswer {
  reads: IndexRead[];
  /**
   * Each packed (indexInit.ts packMatcher): the host unpacks it in a task of its own. With a
   * cache, `key`: its registry's fingerprint (indexCache.ts registryKey), taken here, for the host
   * to keep the matcher by (issue 15: ~10 ms of the host's thread after a first index).
   */
  built?: { registry: number; packed: SharedArrayBuffer; key?: string | null }[];
  /** With `built`: the next pool's init, every registry with its matcher, packed here (WorkerMatchers.packNext). */
  nextInit?: IndexInit;
  /** Where the worker's time went, for the store's `timings` (the bench prints them). */
  marks?: WorkerMarks;
  /** How many of the reads were taken from the cache (indexCache.ts), unread. */
  cached?: number;
  /** A `registryText` task's answer: the clean config, or null when the file needs the careful reader. */
  config?: WorkspaceConfig | null;
  /** With `config`: the thread that parsed it, which keeps the parse for its init (indexInit.ts OWN_PARSE). */
  parsedBy?: number;
  /** With a clean `config` and `keepFor`: what is kept of it for the next session. */
  keep?: RegistryKept;
  /** With a clean `config`: the parse's entities packed as an init of that one registry (indexInit.ts packRegistries), for the workers that read the sources again and the editor's worker, kept or not. */
  packedAlone?: SharedArrayBuffer;
  /** A `keepHeld` task's answer: how many sources' reads were written to the cache (and `nextInit`, if its packing was put off). */
  kept?: number;
  /** A `texts` task's answer: each file's text, or null where the guarded read refused it (textsRead.ts). */
  texts?: (string | null)[];
  /** A `texts` task's answer with `unit`: each file's units, packed, or null where the read refused it. */
  units?: (Int32Array | null)[];
}

/**
 * A worker's time stamps, in ms since the epoch (performance.timeOrigin + performance.now(), so
 * the host can place them on its own clock): when its code had loaded, its init arrived, its
 * matchers were ready (built, or handed by a peer), and this task began and ended.
 */
export interface WorkerMarks {
  thread: number;
  loaded: number;
  init: number;
  prepared: number;
  start: number;
  end: number;
  /** The worker thread's CPU time so far, ms (Linux; 0 elsewhere): against `end`, what the machine's load took from it. */
  cpu: number;
  /** The worker thread's time so far runnable but waiting for a processor, ms (Linux; 0 elsewhere). */
  waited: number;
  /** Registries whose matcher this worker built from its own parse of them, straight after it (IndexInit.parsed). */
  fromParse: number;
}

/** This thread's CPU time and its time runnable but waiting for a processor so far, ms, where the system says them (Linux: /proc/thread-self/schedstat), else zeros. */
export function schedstat(): [cpu: number, waited: number] {
  try {
    const [cpu, waited] = readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ');
    return [Number(cpu) / 1e6 || 0, Number(waited) / 1e6 || 0];
  } catch {
    return [0, 0];
  }
}

/** Now, in ms since the epoch with a thread's sub-ms precision (WorkerMarks). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface IndexItem {
  /** Absolute paths of the source and its sidecar. */
  source: string;
  sidecar: string;
  /** The sidecar's path relative to the corpus root, as the reading rules name it. */
  sidecarRel: string;
  /** The host keeps this source's text (it is open in an editor): send it even when placed here. */
  keep?: boolean;
  /**
   * What the host holds of this source from the index before, when it can take that entry again
   * (entryToTakeAgain): a read that finds the same (sameAsBefore) is answered with its hashes
   * alone, not the parse, placements and mentions the host has already.
   */
  before?: Held;
}

export type { Held };

export interface IndexTask {
  /** The corpus root, resolved through symlinks: nothing outside it is read. */
  root: string;
  maxBytes: number;
  items: IndexItem[];
  /** Index in IndexInit.registries of the corpus's registry, to find mentions with. */
  registry?: number;
  /** The reads kept by the last full index to take, and where to keep this one's (indexCache.ts); a full index only. */
  cache?: IndexCacheDirs;
  /**
   * With `cache`: this task's reads are held for the cache, not written now (indexCache.ts
   * keepLater): the index asks each worker for them once it has had its last answer (`keepHeld`).
   */
  keepLater?: true;
  /** Instead of reading `items`: the reads this worker holds for the cache written now (WorkerIndexCache.keepHeld); answered with `kept`. */
  keepHeld?: true;
  /**
   * A registry's text to parse instead of reading `items` (node/registryParse.ts: a large
   * marginalia.yaml, off the host's thread); it needs no init.
   */
  registryText?: string;
  /**
   * Files to read instead of `items` (absolute paths under `root`): their texts, not indexed
   * (node/textsRead.ts: closed sources' texts for the analysis views, an export); it needs no init.
   */
  texts?: string[];
  /** With `texts`: each text's units of this kind instead of the text (textsRead.ts readUnits). */
  unit?: 'sentence' | 'paragraph';
  /**
   * With `registryText`, in the index's own pool: the parse's number. The worker builds the
   * registry's matcher straight after answering, and the init made of this parse names it
   * (IndexInit.parsed), so that worker takes that matcher instead of building it once the init
   * has come.
   */
  parse?: number;
  /**
   * With `registryText`: the build (indexCache.ts buildOf) to keep a clean parse for, the next
   * session's (cacheGenerations.ts registryKeptParts), made here; answered in `keep`, with the
   * entities packed for the index workers' init (`packedAlone`). A registry's change, outside an
   * index: what the host's thread made of a 5,000-entity parse there was 40-110 ms (issue 15).
   */
  keepFor?: string;
}

export interface IndexRead {
  text: GuardedRead;
  sidecar: GuardedRead;
  /** The sidecar as the fast reader found it clean; null when it must be read carefully (or is absent). */
  fast: Sidecar | null;
  /**
   * A sidecar with findings in the writer's shape: what the careful reader reads of it and its
   * problems at their lines (core/format/located.ts), for the host to take as they are. The read
   * is otherwise one that is not clean (`fast` null): its texts are sent, never kept in the cache.
   */
  located?: { sidecar: Sidecar | null; problems: Problem[] };
  /** The registry's mentions in the text, packed (MentionMatcher.findPacked; MentionTable reads them), when asked and the text was read. */
  mentions?: Int32Array;
  /** placeAnnotations(text, annotations) of `fast`, or of `located`'s sidecar, when both were read: 'verbatim', or each placement without its annotation. */
  placed?: PlacedRead;
  /** textHash of the text and of the sidecar, when read (the host keeps the hashes, not the texts). */
  textHash?: number;
  sidecarHash?: number;
  /**
   * SHA-256 of the text, when read and its sidecar has provenance or needs the careful reader (a
   * captured source's provenance is checked against it; 1-2 % of an index worker's time else).
   */
  sha256?: string;
  /**
   * The text was placed and searched here and is not sent ('' stands in `text`): the host keeps
   * no closed source's text, and cloning 10,000 texts into it cost its thread and memory.
   */
  textOmitted?: true;
  /** Likewise the sidecar's text, read the fast way: its length. */
  sidecarOmitted?: number;
  /** Found as the host holds it (IndexItem.before): sent without `fast`, `placed` and `mentions`, which the host has. */
  same?: true;
}

/** Annotation fields whose values repeat across a corpus (who, when, what kind): one string each on the host. */
const REPEATING = ['kind', 'status', 'author', 'created', 'updated', 'note', 'entity', 'credibility'] as const;

/**
 * Makes the repeating fields of received annotations share one string per value (`pool`, kept
 * for one index). Every string a worker sends arrives as a new copy: at 10,000 sources (50,000
 * annotations) the same authors, dates and kinds held 11.6 MB of the host's memory.
 */
export function internAnnotations(annotations: readonly Annotation[], pool: Map<string, string>): void {
  for (const a of annotations) {
    const fields = a as unknown as Record<string, unknown>;
    for (const k of REPEATING) {
      const v = fields[k];
      if (typeof v !== 'string' || v.length > 200) continue;
      const shared = pool.get(v);
      if (shared === undefined) pool.set(v, v);
      else fields[k] = shared;
    }
  }
}

/**
 * The mentions of a worker's answer copied into one buffer, each read's a view of it: every
 * typed array a worker sends arrives with an ArrayBuffer of its own, a few hundred bytes each
 * beside the 12 a mention takes, and a source keeps its mentions while the extension runs.
 */
export function shareBuffer(reads: { mentions?: Int32Array }[]): void {
  let total = 0;
  for (const r of reads) total += r.mentions?.length ?? 0;
  const shared = new Int32Array(total);
  let at = 0;
  for (const r of reads) {
    if (!r.mentions) continue;
    shared.set(r.mentions, at);
    r.mentions = shared.subarray(at, (at += r.mentions.length));
  }
}

/**
 * `realDirs`: the folders resolved so far in this task (corpusFs's ReadLimits): a source and its
 * sidecar share one. `ids`: filled with which files were read (indexCache.ts: as the guarded
 * read found them before reading, so that a write meanwhile shows as another file next time),
 * 'missing' for none, null for a refusal.
 */
export function readForIndex(root: string, item: IndexItem, maxBytes: number, realDirs = new Map<string, string>(), ids?: [string | null, string | null]): IndexRead {
  return parseIndexRead(readIndexFiles(root, item, maxBytes, realDirs, ids), item);
}

/** A source and its sidecar read through the guarded read (readForIndex), not yet parsed. */
function readIndexFiles(root: string, item: IndexItem, maxBytes: number, realDirs: Map<string, string>, ids?: [string | null, string | null]): { text: GuardedRead; sidecar: GuardedRead } {
  let id: string | null = null;
  const onRead = ids ? (x: string) => (id = x) : undefined;
  const text = readCorpusFileSync(root, item.source, { maxBytes, realDirs, onRead });
  if (ids) ids[0] = text.ok ? id : text.reason === 'missing' ? 'missing' : null;
  id = null;
  const sidecar = readCorpusFileSync(root, item.sidecar, { maxBytes, realDirs, onRead });
  if (ids) ids[1] = sidecar.ok ? id : sidecar.reason === 'missing' ? 'missing' : null;
  return { text, sidecar };
}

/** The files read, their sidecar parsed the fast way (or with its findings placed: `located`). */
function parseIndexRead({ text, sidecar }: { text: GuardedRead; sidecar: GuardedRead }, item: IndexItem): IndexRead {
  let fast: Sidecar | null = null;
  let located: IndexRead['located'];
  if (sidecar.ok) {
    try {
      const read = readSidecarLocated(sidecar.text, item.sidecarRel);
      if (read && !read.problems.length) fast = read.sidecar;
      // with findings, placed here too: the host only takes them (a 4 MB sidecar with one
      // unresolved merge conflict was 0.3-0.4 s of the host's thread to read again)
      else if (read) located = read;
    } catch {
      fast = null; // the careful reader, on the host, says what is wrong
    }
  }
  return { text, sidecar, fast, ...(located ? { located } : {}) };
}

/**
 * The files read as the host holds them (`held`: the same text and sidecar by length and hash),
 * without their parse and placements, which the host has: the read sent as its hashes alone
 * (`same`), with the text kept here until its mentions are found when the host's were carried
 * over a registry change (Held.search). Issue 15: a registry change read every closed source
 * again, and parsing and placing their sidecars was a third of the worker's time. Null when
 * they are not those files: the caller parses them.
 */
function asHeld(files: { text: GuardedRead; sidecar: GuardedRead }, held: Held): IndexRead | null {
  const { text, sidecar } = files;
  if (!text.ok || !sidecar.ok || sidecar.text.length !== held.sidecarLength) return null;
  const hashes = { textHash: textHash(text.text), sidecarHash: textHash(sidecar.text) };
  if (hashes.textHash !== held.textHash || hashes.sidecarHash !== held.sidecarHash) return null;
  return { text, sidecar: { ...sidecar, text: '' }, fast: null, same: true, textOmitted: true, sidecarOmitted: held.sidecarLength, ...hashes, ...(held.digest ? { sha256: sha256Hex(text.text) } : {}) };
}

/**
 * Leaves out what the host will not use: the texts of a source it does not keep, once its
 * annotations are placed (or it has none: no sidecar, or one refused) and its mentions found.
 */
function omitTexts(read: IndexRead, item: IndexItem, searched: boolean): void {
  if (item.keep || !read.text.ok || !searched || !read.mentions) return;
  if (read.sidecar.ok && !(read.fast && read.placed !== undefined)) return;
  read.text = { ...read.text, text: '' };
  read.textOmitted = true;
  if (read.sidecar.ok) {
    read.sidecarOmitted = read.sidecar.text.length;
    read.sidecar = { ...read.sidecar, text: '' };
  }
}

/** A task's reads, with mentions when the task names a registry. */
export function readTask(task: IndexTask, init: IndexInit | undefined, matchers: WorkerMatchers, cache?: TaskCache): IndexAnswer {
  return readTaskFirst(task, cache)(() => init, matchers);
}

/** The cache a task's reads are taken from and kept in, with the fingerprint of the registry its mentions are found with (indexCache.ts registryKey; null for none). */
export interface TaskCache {
  store: WorkerIndexCache;
  registry: string | null;
}

/**
 * A task read in two steps: everything but the mentions now (the files read, hashed, their
 * annotations placed), the mentions and the answer when the returned function is called. A
 * worker waiting for its peer's matcher (IndexInit.fromPeer) reads its first tasks meanwhile
 * instead of idling (issue 15: that wait was 100-450 ms of a worker, the whole first read's).
 * With a cache, a source whose files are the ones the last full index read is taken from it,
 * mentions and all (indexCache.ts); a file read is named as the guarded read found it before reading.
 */
export function readTaskFirst(task: IndexTask, cache?: TaskCache): (initOf: () => IndexInit | undefined, matchers: WorkerMatchers) => IndexAnswer {
  const realDirs = new Map<string, string>(); // for this task only: a folder renamed later is resolved again
  const header = cache?.store.header(task.root, task.maxBytes, cache.registry);
  const ids: ([string | null, string | null] | null)[] = [];
  const taken: boolean[] = [];
  const reads = task.items.map((item, k) => {
    // the files as they are now, to take the last index's read of them: only for a generation to read
    const now: [string | null, string | null] | null = cache?.store.reading && !item.keep ? [fileId(item.source), fileId(item.sidecar)] : null;
    const kept = now && cache!.store.take(header!, item, now, realDirs);
    if (kept) {
      ids.push(now);
      taken[k] = true;
      return kept;
    }
    const readIds: [string | null, string | null] | null = cache?.store.writing && !item.keep ? [null, null] : null;
    const files = readIndexFiles(task.root, item, task.maxBytes, realDirs, readIds ?? undefined);
    ids.push(readIds);
    // what the host holds already is not parsed and placed again, unless the cache keeps the reads whole
    const same = item.before && !item.keep && !readIds ? asHeld(files, item.before) : null;
    if (same) return same;
    const read = parseIndexRead(files, item);
    if (read.text.ok) {
      read.textHash = textHash(read.text.text);
      // the digest serves a captured source's check against its provenance: computed where the
      // sidecar has provenance, or is left to the careful reader (which may find it); and a long
      // text's, the editor's worker reading the source's file itself once it is open (LARGE_TEXT)
      if ((read.sidecar.ok && (read.fast === null || read.fast.provenance !== undefined)) || read.text.text.length >= LARGE_TEXT) read.sha256 = sha256Hex(read.text.text);
    }
    if (read.sidecar.ok) read.sidecarHash = textHash(read.sidecar.text);
    // a sidecar with findings placed here too (its texts still go to the host, which keeps them)
    const annotations = (read.fast ?? read.located?.sidecar)?.annotations;
    if (annotations && read.text.ok) {
      try {
        read.placed = packPlacements(placeAnnotations(read.text.text, annotations));
      } catch {
        // the host places them itself, and says what went wrong
      }
    }
    return read;
  });
  // every read taken from the cache, mentions and all: the init is not asked for (IndexInit.keys)
  const allTaken = reads.every((_, k) => taken[k]);
  return (initOf, matchers) => {
    const init = allTaken ? undefined : initOf();
    const matcher = task.registry !== undefined && init ? matchers.get(init, task.registry) : undefined;
    const fresh = matchers.takeBuilt();
    const builtFor = fresh && (init ?? initOf());
    // with their registry's fingerprint where the host keeps them for the next session (a cache)
    const built = fresh?.map((b) => (cache ? { ...b, key: b.registry === task.registry ? cache.registry : registryKey(builtFor?.registries[b.registry]) } : b));
    // packed with the reads held for the cache when the index holds them (indexInit.ts packLater)
    if (builtFor && task.keepLater) matchers.packLater(builtFor);
    const nextInit = builtFor && !task.keepLater ? matchers.packNext(builtFor) : undefined;
    reads.forEach((read, k) => {
      if (taken[k]) return;
      // found as held: searched only when the host's mentions were carried, the text then left out
      if (read.same) {
        if (matcher && read.text.ok && task.items[k].before?.search) read.mentions = matcher.findPacked(read.text.text);
        if (read.text.ok) read.text = { ...read.text, text: '' };
        return;
      }
      if (matcher && read.text.ok) read.mentions = matcher.findPacked(read.text.text);
      omitTexts(read, task.items[k], matcher !== undefined);
    });
    const cached = taken.filter(Boolean).length;
    // what the host holds already is not sent again (kept whole below, for the next index)
    const sent = reads.map((read, k) => (!read.same && task.items[k].before && readsAsHeld(read, task.items[k].before!) ? slim(read, task.items[k].before!) : read));
    const answer: IndexAnswer = { reads: sent, ...(built ? { built } : {}), ...(nextInit ? { nextInit } : {}), ...(cached ? { cached } : {}) };
    // kept only as found with the registry the header names (a read taken was, under the same header)
    if (cache?.store.writing && header && (allTaken || (matcher !== undefined) === (header.registry !== null))) {
      const slots = keptSlots(task.items, ids, reads);
      if (!slots.some(Boolean)) return answer;
      // a task the cache gave whole, as one batch it kept: those bytes are kept again, not packed anew
      const asKept = allTaken && slots.every(Boolean) ? cache.store.keptAs(header, task.items, ids) : null;
      if (task.keepLater) cache.store.keepLater(header, task.items, ids, slots, reads, asKept);
      else if (!(asKept && cache.store.copy(asKept))) cache.store.keep(header, task.items, ids, slots, packReads(reads, slots));
    }
    return answer;
  };
}

/**
 * What of `entry`, the index before's, a full index may take again instead of applying a new
 * read of the same files: an entry read and placed and searched in a worker, its texts not kept,
 * its sidecar read clean. Null for any other (it is applied as read).
 */
export function entryToTakeAgain(entry: SourceEntry, search = false): Held | null {
  const clean = entry.parsed !== null && entry.parsed.doc === null && !entry.parsed.problems.length && !entry.parsed.conflictLines.length;
  // mentions a registry change carried were never looked for with the registry now: read again,
  // or, with `search`, found again by the reader that finds the same files (Held.search)
  const carried = entry.mentions !== null && entry.mentionsCarried;
  const ok = entry.readable && entry.text === null && entry.sidecarText === null && (mentionsCurrent(entry) || (search && carried)) && entry.sidecarLength !== null && clean;
  if (!ok) return null;
  return { textHash: entry.textHash, sidecarHash: entry.sidecarHash, sidecarLength: entry.sidecarLength!, ...(carried ? { search: true as const } : {}), ...(entry.parsed!.sidecar?.provenance !== undefined ? { digest: true as const } : {}) };
}

/**
 * Whether `read` found the files as `held`: the same text and sidecar by length and hash (the
 * test Corpus.update makes of a sidecar read again), both read, the sidecar the fast way, placed
 * and searched here, the text not sent.
 */
function readsAsHeld(read: IndexRead, held: Held): boolean {
  const whole = read.same === true || (read.fast !== null && read.mentions !== undefined);
  const searched = !held.search || read.mentions !== undefined;
  return whole && searched && read.text.ok && read.sidecar.ok && read.textOmitted === true && read.textHash === held.textHash && read.sidecarHash === held.sidecarHash && read.sidecarOmitted === held.sidecarLength;
}

/** `read` as sent when the host holds it already: its files' hashes, no parse or placements, and no mentions unless the host's were carried (Held.search). */
function slim(read: IndexRead, held: Held): IndexRead {
  return { text: read.text, sidecar: read.sidecar, fast: null, same: true, textOmitted: true, textHash: read.textHash, sidecarHash: read.sidecarHash, sidecarOmitted: read.sidecarOmitted, ...(read.sha256 ? { sha256: read.sha256 } : {}), ...(held.search && read.mentions ? { mentions: read.mentions } : {}) };
}

/**
 * What a full index's host makes of `read` when it found the very files `entry`, the index
 * before's, was made of (entryToTakeAgain, readsAsHeld): that entry's parse, placements and
 * mentions again (the same objects), else null. The caller knows both were searched with the
 * same registry. Issue 15: a Refresh of 10,000 unchanged sources rebuilt every entry, its
 * annotations interned, placements unpacked and parse made again, 6.9 s of the host process's
 * CPU a re-index; taking the last index's (and sending only the hashes: IndexItem.before),
 * 4.3 s, the re-index 4.2 -> 2.4 s and its longest stall 50 -> 31 ms (bench, sources10k, noscan).
 */
export function sameAsBefore(entry: SourceEntry, read: IndexRead, found?: PackedMentions): SourceChange | null {
  const held = entryToTakeAgain(entry, found !== undefined);
  if (!held || !readsAsHeld(read, held)) return null;
  if (held.search && !found) return null;
  if (held.digest && !read.sha256) return null; // a captured source's digest is never taken on the hash's word
  const sha256 = read.sha256 ?? entry.sha256;
  return { textUnsent: true, textHash: entry.textHash, sidecarUnsent: entry.sidecarLength!, sidecarHash: entry.sidecarHash, parsed: entry.parsed, placements: entry.placements, mentions: found ?? entry.mentions!, ...(sha256 ? { sha256 } : {}) };
}
