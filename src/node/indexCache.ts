// The index's reads kept between sessions (issue 15: reopening a workspace read and parsed every
// source again, ~2 s for 2,000 on two cores, while nothing had changed since yesterday). What an
// index worker made of each source (indexRead.ts IndexRead: the sidecar parsed, the annotations
// placed, the mentions found, the hashes; no source text) is written beside the extension's
// workspace storage, and the next session's index takes it for every source whose two files are
// still the very files it was read from: same device, inode, size, modification and change time,
// the change time being one no tool can set back (the test sourceLoader.ts makes of an open
// source's file). Anything else is read as ever, with the guarded read.
//
// The cache is the extension's own file, never a corpus file, and it only ever saves work: a
// record whose build, corpus root, size cap or registry differs is not used; a cache that cannot
// be read is no cache. A source open in an editor (its text is wanted) is read, not taken.
//
// Each full index writes a generation of its own, which the store names current once the index
// has ended (cacheGenerations.ts, on the host): this module is the workers' side, reading the
// current one and appending to the new one. A batch the new index took whole, as it was kept, is
// appended as those bytes (keptAs, copy); any other is packed from its reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { textHash } from '../core/sourceEntry';
import type { Entity } from '../core/types';
import { realPathIn, statId } from './corpusFs';
import type { IndexItem, IndexRead } from './indexRead';

/**
 * How many sources' reads a worker holds for the cache until the index asks for them
 * (WorkerIndexCache.keepLater), and the largest index whose workers hold them at all
 * (sourceLoader.ts): every read of a first index of 2,000 sources; none at 10,000, whose workers
 * write a batch as each is read, as before, so that the host process's memory does not grow.
 */
export const KEEP_LATER_SOURCES = 2_500;

/** A task's reads held for the cache (keepLater): what `keep` is given, the reads not yet packed. */
interface HeldBatch {
  header: Header;
  items: readonly IndexItem[];
  ids: readonly ([string | null, string | null] | null)[];
  slots: readonly boolean[];
  reads: readonly (IndexRead | null)[];
  sources: number;
  /** Where the same batch was kept before, when the task took it whole (keptAs): copied, not packed again. */
  asKept: BatchPlace | null;
}

/** Where a kept batch is in its file: its lengths, description and reads, as `keep` wrote them. */
interface BatchPlace {
  file: string;
  offset: number;
  length: number;
}

/** Where a task's worker takes kept reads from, and writes this index's to (both folders). */
export interface IndexCacheDirs {
  read?: string;
  write?: string;
}

/** What a kept read depends on besides its two files. */
interface Header {
  /** The worker's code (its bundle's hash): a new version of the reading rules reads again. */
  build: string;
  /** The corpus root, resolved. */
  root: string;
  maxBytes: number;
  /** The registry the mentions were found with (registryKey), or null for none. */
  registry: string | null;
}

/** A kept read's source and files, and where its read is in its batch's reads. */
interface Record {
  source: string;
  sidecar: string;
  textId: string;
  sidecarId: string;
  slot: number;
}

/** A batch's description (JSON in the file, read whole); its reads follow it, v8-serialized, decoded when first taken. */
interface BatchMeta {
  header: Header;
  records: Record[];
}

/** Which file is at `file` now (corpusFs.ts statId), or 'missing'; null when it is not a plain file (a symlink, a folder), which is never taken from the cache. */
export function fileId(file: string): string | null {
  try {
    const s = fs.lstatSync(file);
    return s.isFile() ? statId(s) : null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : null;
  }
}

/**
 * A bundle's fingerprint: the very file it is (statId: device, inode, size, modification and
 * change time), taken once per file. A record or matcher kept by another build is not used. Any
 * rebuild or reinstall writes the file anew, which sets its change time, so no other code can
 * have this fingerprint; hashing the code instead cost the host 27-40 ms at activation for its
 * 2 MB bundle (issue 15).
 */
export function buildOf(file: string): string {
  let build = builds.get(file);
  if (build === undefined) {
    try {
      build = statId(fs.statSync(file));
    } catch {
      build = `unread:${Math.random()}`; // never matches: nothing is taken
    }
    builds.set(file, build);
  }
  return build;
}
const builds = new Map<string, string>();

/** A registry's fingerprint: the same entities give the same mentions. Kept for the very list it was taken of (`knownRegistryKey`). */
export function registryKey(entities: readonly Entity[] | undefined): string | null {
  if (!entities) return null;
  let key = keysTaken.get(entities);
  if (key === undefined) keysTaken.set(entities, (key = `${entities.length}:${textHash(JSON.stringify(entities))}`));
  return key;
}
const keysTaken = new WeakMap<readonly Entity[], string>();

/** The fingerprint registryKey took of this very list in an earlier session, kept with its parse (cacheGenerations.ts loadRegistry). */
export function rememberRegistryKey(entities: readonly Entity[], key: string): void {
  keysTaken.set(entities, key);
}

/** The fingerprint registryKey took of this very list, if it did: never computed here (JSON of 5,000 entities is ~10 ms of the host's thread). */
export function knownRegistryKey(entities: readonly Entity[]): string | undefined {
  return keysTaken.get(entities);
}

/** A read that holds no whole source text: the cache keeps no corpus text (a sidecar the host must read carefully excepted). */
function keepable(read: IndexRead): boolean {
  return !(read.text.ok && !read.textOmitted);
}

/**
 * Which of a task's reads go in the cache: read (or taken) from files the index could name, of a
 * source not open in an editor, holding no source text. For `packReads`.
 */
export function keptSlots(items: readonly IndexItem[], ids: readonly ([string | null, string | null] | null)[], reads: readonly IndexRead[]): boolean[] {
  return items.map((item, k) => {
    const id = ids[k];
    return !!id && !!id[0] && !!id[1] && !item.keep && keepable(reads[k]);
  });
}

/**
 * The reads of `slots` serialized as one value, null in the others' places, for `keep`: a
 * batch's reads are decoded together, when one of them is first taken. (Posting these very
 * bytes to the host instead of the reads cost no more CPU, but left the host ~30 MB of buffers
 * to collect after an index of 10,000 sources, over its 300 MB budget: the reads are posted as
 * they are, and serialized a second time here, ~15 ms a worker per 1,000 sources.)
 */
export function packReads(reads: readonly (IndexRead | null)[], slots: readonly boolean[]): Buffer {
  return v8.serialize(reads.map((r, k) => (slots[k] ? r : null)));
}

/** Whether a kept record was read from the very files `item` names now (`ids`, fileId's). */
const sameFiles = (record: Record, item: IndexItem, ids: readonly [string | null, string | null]) => record.sidecar === item.sidecar && record.textId === ids[0] && record.sidecarId === ids[1];

const sameHeader = (a: Header, b: Header) => a.build === b.build && a.root === b.root && a.maxBytes === b.maxBytes && a.registry === b.registry;

/**
 * One worker's view of the cache: the generation it reads and the file it appends this index's
 * records to. The generation's batch descriptions are read on the first task that names it, but
 * each batch's reads are read and decoded only when a task asks for one of its sources (issue
 * 15: at 10,000 sources each worker decoding all 40 MB held its first task ~1.3 s; the index's
 * tasks come in the order the last index wrote its batches, so each worker reads about half).
 */
export class WorkerIndexCache {
  /** By source: the batch that holds its record (decoded on first use). */
  private loaded: Map<string, KeptBatch> | null = null;
  private readonly file: string | undefined;
  /** Reads taken from the cache so far. */
  hits = 0;
  /** Batches written as they were kept (keptAs), not packed again. */
  copied = 0;
  /** Batches `keepLater` holds, oldest first, and how many sources they hold. */
  private readonly held: HeldBatch[] = [];
  private heldSources = 0;

  constructor(
    readonly dirs: IndexCacheDirs,
    private readonly build: string,
    thread: number,
    /** How many sources' reads `keepLater` may hold (tests make it small). */
    private readonly holdAtMost = KEEP_LATER_SOURCES,
  ) {
    this.file = dirs.write ? path.join(dirs.write, `${thread}.bin`) : undefined;
  }

  /** Whether this index's records are written (each read then says which files it read). */
  get writing(): boolean {
    return this.file !== undefined;
  }

  /** Whether there is a generation to take reads from (each source's files are then looked at first). */
  get reading(): boolean {
    return this.dirs.read !== undefined;
  }

  header(root: string, maxBytes: number, registry: string | null): Header {
    return { build: this.build, root, maxBytes, registry };
  }

  /**
   * The kept read of `item`, when its files are the very ones it was read from, under the same
   * header, and the source resolves to the same place; null otherwise. `realDirs`: the task's
   * folders resolved so far (corpusFs.ts).
   */
  take(header: Header, item: IndexItem, ids: [string | null, string | null], realDirs: Map<string, string>): IndexRead | null {
    if (item.keep || !ids[0] || !ids[1]) return null;
    const kept = this.batches().get(item.source);
    const record = kept?.records.get(item.source);
    if (!kept || !record || !sameHeader(kept.header, header)) return null;
    if (!sameFiles(record, item, ids)) return null;
    const read = readsOf(kept)[record.slot];
    if (!read || typeof read !== 'object' || !read.text || !read.sidecar) return null;
    if (read.text.ok && read.text.realPath !== realPathIn(item.source, realDirs)?.real) return null;
    if (read.sidecar.ok && read.sidecar.realPath !== realPathIn(item.sidecar, realDirs)?.real) return null;
    this.hits++;
    // v8.deserialize makes each typed array a view of the whole batch it read: posted as it is,
    // every read's mentions would carry that batch along
    if (read.mentions) read.mentions = read.mentions.slice();
    return read;
  }

  /**
   * `keep`, later: a task's reads held (those of `slots`; no other read, no source text) until
   * the index has had its last answer and asks for them (`keepHeld`, the pool's keep task), so
   * that serializing and writing them is not in the index's way (issue 15: ~10 % of an index
   * worker's CPU on a first index of 2,000 sources, and its answers waited for it). At most
   * KEEP_LATER_SOURCES are held: beyond, the oldest batches are written at once, as before.
   */
  keepLater(header: Header, items: readonly IndexItem[], ids: readonly ([string | null, string | null] | null)[], slots: readonly boolean[], reads: readonly IndexRead[], asKept: BatchPlace | null = null): void {
    if (!this.file) return;
    const sources = slots.filter(Boolean).length;
    this.held.push({ header, items, ids, slots, reads: reads.map((r, k) => (slots[k] ? r : null)), sources, asKept });
    this.heldSources += sources;
    while (this.heldSources > this.holdAtMost && this.held.length > 1) this.keepOldest();
  }

  /** Writes every batch `keepLater` holds; how many sources they held. */
  keepHeld(): number {
    let kept = 0;
    while (this.held.length) kept += this.keepOldest();
    return kept;
  }

  private keepOldest(): number {
    const batch = this.held.shift();
    if (!batch) return 0;
    this.heldSources -= batch.sources;
    if (!(batch.asKept && this.copy(batch.asKept))) this.keep(batch.header, batch.items, batch.ids, batch.slots, packReads(batch.reads, batch.slots));
    return batch.sources;
  }

  /**
   * Where a task's batch was kept before, when the task took every source from that one batch,
   * and it holds the task's sources and no other, each in its place, read from the very files the
   * task found (`ids`), under the same header: what `keep` would write is then those bytes
   * (`copy`). Null otherwise, or when nothing is written.
   */
  keptAs(header: Header, items: readonly IndexItem[], ids: readonly ([string | null, string | null] | null)[]): BatchPlace | null {
    if (!this.file || !this.loaded || !items.length) return null;
    const batch = this.loaded.get(items[0].source);
    if (!batch || batch.records.size !== items.length || !sameHeader(batch.header, header)) return null;
    const same = items.every((item, k) => {
      const record = batch.records.get(item.source);
      const id = ids[k];
      return !item.keep && this.loaded!.get(item.source) === batch && record?.slot === k && !!id && sameFiles(record, item, id);
    });
    return same ? batch.whole : null;
  }

  /**
   * Appends a batch as it was kept (keptAs), without decoding or packing it again (issue 15: at
   * 10,000 sources, where the workers write each batch as they read it, packing what the cache
   * gave was ~9 % of a reopened workspace's worker time). False when it cannot be read now (its
   * generation gone): the caller packs the reads instead.
   */
  copy(place: BatchPlace): boolean {
    if (!this.file) return false;
    let bytes: Buffer | null;
    try {
      bytes = readAt(place.file, place.offset, place.length);
    } catch {
      return false;
    }
    if (!bytes) return false;
    this.append([bytes]);
    this.copied++;
    return true;
  }

  /** Appends a task's reads as packReads packed them (`slots`), with the ids their files had when read. */
  keep(header: Header, items: readonly IndexItem[], ids: readonly ([string | null, string | null] | null)[], slots: readonly boolean[], packed: Uint8Array): void {
    if (!this.file) return;
    const records: Record[] = [];
    items.forEach((item, k) => {
      const id = ids[k];
      if (slots[k] && id?.[0] && id[1]) records.push({ source: item.source, sidecar: item.sidecar, textId: id[0], sidecarId: id[1], slot: k });
    });
    if (!records.length) return;
    const meta = Buffer.from(JSON.stringify({ header, records } satisfies BatchMeta));
    const lengths = Buffer.alloc(8);
    lengths.writeUInt32LE(meta.length + packed.length);
    lengths.writeUInt32LE(meta.length, 4);
    // the pieces as they are, not copied into one buffer: 40 MB of garbage at 10,000 sources
    this.append([lengths, meta, packed]);
  }

  /** `parts` appended to this index's file, one after the other. */
  private append(parts: Uint8Array[]): void {
    try {
      const fd = fs.openSync(this.file!, 'a');
      try {
        fs.writevSync(fd, parts);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // no room, no folder (the store gave this index up): the cache only saves work
    }
  }

  private batches(): Map<string, KeptBatch> {
    if (this.loaded) return this.loaded;
    const loaded = new Map<string, KeptBatch>();
    this.loaded = loaded;
    if (!this.dirs.read) return loaded;
    try {
      for (const name of fs.readdirSync(this.dirs.read)) {
        if (!name.endsWith('.bin')) continue;
        for (const batch of batchesOf(path.join(this.dirs.read, name))) {
          for (const source of batch.records.keys()) loaded.set(source, batch);
        }
      }
    } catch {
      loaded.clear(); // a cache that cannot be read is no cache
    }
    return loaded;
  }
}

/** A batch as read from its file: its header and records, and where its reads are, read and decoded once asked for. */
interface KeptBatch {
  header: Header;
  records: Map<string, Record>;
  /** The file its reads are in, their offset and length there; null once they are decoded. */
  at: { file: string; offset: number; length: number } | null;
  reads?: unknown[];
  /** The whole batch in its file (WorkerIndexCache.keptAs). */
  whole: BatchPlace;
}

/** A batch's reads, read from its file and decoded on first use (none if they cannot be). */
function readsOf(batch: KeptBatch): (IndexRead | null)[] {
  if (!batch.reads) {
    try {
      const at = batch.at;
      const bytes = at ? readAt(at.file, at.offset, at.length) : null;
      const decoded = bytes ? (v8.deserialize(bytes) as unknown) : [];
      batch.reads = Array.isArray(decoded) ? decoded : [];
    } catch {
      batch.reads = []; // a batch that cannot be read or decoded (its generation deleted meanwhile, say): its sources are read
    }
    batch.at = null;
  }
  return batch.reads as (IndexRead | null)[];
}

/** `length` bytes of `file` from `offset`, or null when the file has fewer. */
function readAt(file: string, offset: number, length: number): Buffer | null {
  const fd = fs.openSync(file, 'r');
  try {
    return readFully(fd, offset, length);
  } finally {
    fs.closeSync(fd);
  }
}

function readFully(fd: number, offset: number, length: number): Buffer | null {
  const bytes = Buffer.allocUnsafe(length);
  return readInto(fd, bytes, offset) ? bytes : null;
}

/** Fills `into` from `fd` at `position`; false when the file ends first. */
export function readInto(fd: number, into: Uint8Array, position: number): boolean {
  for (let got = 0; got < into.length; ) {
    const n = fs.readSync(fd, into, got, into.length - got, position + got);
    if (n === 0) return false;
    got += n;
  }
  return true;
}

/**
 * The batches of one worker's file, up to the first that is cut short or not one (a write that
 * did not end): each is its length, the length of its description, the description (JSON:
 * BatchMeta), then its reads (packReads). Only the descriptions are read here; a batch's reads
 * are read when a task first asks for one of its sources (readsOf). Reading both workers' files
 * whole, 42 MB at 10,000 sources, held each worker's first task ~290 ms on an idle machine and
 * 800 ms in the editor's reopened session (issue 15), and kept it all in memory to the end.
 */
function batchesOf(file: string): KeptBatch[] {
  const out: KeptBatch[] = [];
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    for (let at = 0; at + 8 <= size; ) {
      const lengths = readFully(fd, at, 8);
      if (!lengths) break;
      const n = lengths.readUInt32LE(0);
      const m = lengths.readUInt32LE(4);
      if (m > n || at + 8 + n > size) break;
      let meta: BatchMeta;
      try {
        meta = JSON.parse(readFully(fd, at + 8, m)?.toString('utf8') ?? '') as BatchMeta;
      } catch {
        break;
      }
      if (!isMeta(meta)) break;
      out.push({ header: meta.header, records: new Map(meta.records.map((r) => [r.source, r])), at: { file, offset: at + 8 + m, length: n - m }, whole: { file, offset: at, length: 8 + n } });
      at += 8 + n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

function isMeta(b: unknown): b is BatchMeta {
  const x = b as BatchMeta;
  const h = x?.header;
  return (
    typeof x === 'object' && x !== null && typeof h?.build === 'string' && typeof h.root === 'string' && typeof h.maxBytes === 'number' && Array.isArray(x.records) &&
    x.records.every((r) => typeof r?.source === 'string' && typeof r.sidecar === 'string' && typeof r.textId === 'string' && typeof r.sidecarId === 'string' && Number.isInteger(r.slot))
  );
}
