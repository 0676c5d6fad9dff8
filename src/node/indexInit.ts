// What an index worker is given once, and the mention matchers it makes of it (issue 15): the
// registries' entities with each one's matcher when the host has it, serialized once for a whole
// pool (packInit) and unpacked in each worker (unpackInit); on a first index the pool's first
// worker builds the matchers and hands them to the others over message ports (peerInits,
// WorkerMatchers), instead of each building its own. The tasks themselves, and what a worker
// reads for them, are indexRead.ts's. No `vscode` here: plain data in and out.
import * as v8 from 'node:v8';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Entity } from '../core/types';
import { MentionMatcher, type CompiledMatcher } from '../core/mentions/matcher';
import type { IndexAnswer } from './indexRead';

/**
 * What every worker gets once: the registries' entities, which tasks name by index, with the
 * matcher already built for each when the host has one (restored, not built again).
 */
export interface IndexInit {
  registries: (readonly Entity[])[];
  compiled?: (CompiledMatcher | undefined)[];
  /**
   * The first worker of a pool builds the matchers `compiled` lacks and posts them, compiled, to
   * each of these ports (peerInits); a worker given `fromPeer` waits on it for them instead of
   * building its own, and builds them itself only if the port closes first (its peer died).
   */
  peers?: MessagePort[];
  fromPeer?: MessagePort;
  /** `registries`, serialized once for all the pool's workers (packInit); each worker unpacks it (unpackInit). */
  packed?: SharedArrayBuffer;
  /**
   * Each registry's matcher, packed (packMatcher) as the host keeps it, when it has one: a
   * worker unpacks it into `compiled` with the init. The host hands on the bytes it was given (a
   * worker's, the last session's) without restoring them (core/mentions/matcherCache.ts).
   */
  matchers?: (SharedArrayBuffer | undefined)[];
  /**
   * Each registry's fingerprint (indexCache.ts registryKey), given by a host that has every
   * registry's matcher and knows their fingerprints (a reopened workspace, from the kept
   * matcher): the worker then unpacks the init only when a task reads a source (issue 15: on a
   * reopen every task is taken from the cache, and unpacking 5,000 entities and fingerprinting
   * them was ~50 ms of each worker's CPU, ten times that in wall time at the editor's start,
   * where the workers run niced under the editor's own threads). Left out of `packed`.
   */
  keys?: (string | null)[];
  /**
   * Each registry's parse number (IndexTask.parse) when a worker of this pool parsed it: that
   * worker built its matcher straight after the parse, while the host listed the sources and made
   * this init (issue 15: on a first index the matcher was the last thing the pool waited for, and
   * its build began only once the init had come back). Other workers do not know the number and
   * go on as before. Left out of `packed`.
   */
  parsed?: (number | undefined)[];
}

/**
 * A registry left out of a packed init (packInit) for the worker that parsed it (IndexInit.parsed):
 * that worker takes the entities of its own parse instead (unpackInit). Issue 15: on a first index
 * the host serialized the 5,000 entities the worker had just parsed and sent it back, 12-15 ms of
 * the host's thread inside the first index's longest stall, and the worker unpacked them again.
 */
export const OWN_PARSE = null;

/**
 * The init as shared buffers, serialized once for the whole pool: each worker reads them
 * without a copy, where posting the registries and matchers cloned them on the host's thread
 * once per worker (issue 15: 25-60 ms of the host's thread each, at 5,000 entities, at every
 * index). The registries in one; each matcher in one of its own, given packed (`matchers`) or
 * packed here from `compiled`. The buffers go with the pool.
 */
export function packInit(init: Omit<IndexInit, 'registries'> & { registries: (readonly Entity[] | typeof OWN_PARSE)[] }): IndexInit {
  const packed = init.packed ?? packRegistries(init.registries);
  const matchers = init.matchers ?? init.compiled?.map((c) => c && packMatcher(c));
  return { registries: [], packed, ...(matchers?.some(Boolean) ? { matchers } : {}), ...(init.keys ? { keys: init.keys } : {}) };
}

/**
 * A matcher a worker built, as one shared buffer of its serialized bytes, for the host: the
 * answer that carries it then arrives at once, and the host keeps it so: it hands the bytes on as
 * they are (the next workers, the editor's worker, cacheGenerations.ts saveMatcher) and
 * restores the matcher (unpackMatcher) only when it finds mentions itself (matcherCache.ts). Issue 15: cloned into the answer, a 5,000-entity matcher (3.2 MB, ~20,000
 * objects) was deserialized on the host's thread in the very task that applied the first
 * chunk's reads, the first index's longest stall in a third of the bench's sessions.
 */
export function packMatcher(compiled: CompiledMatcher): SharedArrayBuffer {
  return sharedCopy(v8.serialize(compiled));
}

/** `bytes` copied into a shared buffer, which another thread is posted without a copy. */
export function sharedCopy(bytes: Uint8Array): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  return shared;
}

/**
 * An init's registries as packInit packs them; `packed` given to packInit instead when a worker
 * packed them already (registryParse.ts: the worker that parsed a changed registry).
 */
export function packRegistries(registries: readonly (readonly Entity[] | typeof OWN_PARSE)[]): SharedArrayBuffer {
  return sharedCopy(v8.serialize({ registries }));
}

/**
 * The entities registryParse.ts entitiesPacked handed on, for the editor's worker: one registry
 * packRegistries packed alone, or a kept parse's config (cacheGenerations.ts loadRegistry).
 */
export function unpackRegistry(packed: SharedArrayBuffer): Entity[] {
  const value = v8.deserialize(new Uint8Array(packed)) as { registries?: Entity[][]; entities?: Entity[] };
  if (Array.isArray(value.entities)) return value.entities;
  if (value.registries?.length !== 1 || !value.registries[0]) throw new Error('not one registry packed alone');
  return value.registries[0];
}

/** The matcher packMatcher packed (or its bytes, as the next session reads them). */
export function unpackMatcher(packed: SharedArrayBuffer | Uint8Array): CompiledMatcher {
  return v8.deserialize(packed instanceof Uint8Array ? packed : new Uint8Array(packed)) as CompiledMatcher;
}

/**
 * A worker's init as packInit made it, unpacked in place (once; any later call finds it done). A
 * registry packed as OWN_PARSE is the entities of this worker's own parse named in `parsed`
 * (`own`'s); a worker without that parse throws, and every task it is given then fails, for
 * the host to read those sources itself: never mentions found with no registry.
 */
export function unpackInit(init: IndexInit, own?: WorkerMatchers): IndexInit {
  if (!init.packed) return init;
  const unpacked = v8.deserialize(new Uint8Array(init.packed)) as { registries: (readonly Entity[] | typeof OWN_PARSE)[] };
  const registries = unpacked.registries.map((list, k) => list ?? own?.parsedEntities(init.parsed?.[k]));
  if (registries.some((list) => !list)) throw new Error('an index worker was given a registry to take from a parse it did not make');
  init.registries = registries as (readonly Entity[])[];
  init.compiled = registries.map((_, k) => {
    const packed = init.matchers?.[k];
    return packed ? unpackMatcher(packed) : undefined;
  });
  delete init.packed;
  delete init.matchers;
  return init;
}

/**
 * Per-worker inits for a pool of `size` whose first worker builds the matchers `init` lacks for
 * all (issue 15: each worker built its own, 100-300 ms of CPU apiece on a 5,000-entity registry,
 * while the host lists the sources on the same cores). The matchers go from worker to worker
 * over message ports, not through the host, whose thread may be busy drawing the views then.
 * For WorkerPool's `initFor`; a worker started later (one replacing a dead one) gets `init`
 * alone. `init` may be each worker's own (InitOf: made as the worker is handed it, by its
 * number and thread).
 */
export function peerInits(init: IndexInit | InitOf, size: number): PeerInits {
  const channels = Array.from({ length: Math.max(0, size - 1) }, () => new MessageChannel());
  const handed = new Set<number>();
  const initOf = typeof init === 'function' ? init : () => init;
  const initFor = (k: number, thread: number) => {
    handed.add(k);
    const own = initOf(k, thread);
    if (k === 0) return { init: { ...own, peers: channels.map((c) => c.port1) }, transfer: channels.map((c) => c.port1) };
    const channel = channels[k - 1];
    return channel ? { init: { ...own, fromPeer: channel.port2 }, transfer: [channel.port2] } : { init: own, transfer: [] };
  };
  // a pool held back to fewer workers (indexPools.ts) never starts some: their ends, with the
  // matchers the first worker posted to them, are closed with the pool instead of waiting for GC
  const close = () => channels.forEach((c, k) => handed.has(k + 1) || c.port2.close());
  return Object.assign(initFor, { close });
}

/** The init of the k-th worker a pool starts (from 0), on thread `thread` (WorkerPool's `initFor`). */
export type InitOf = (k: number, thread: number) => IndexInit;

/** peerInits' answer: WorkerPool's `initFor`, and `close` for the ends of workers that never started. */
export type PeerInits = ((k: number, thread: number) => { init: IndexInit; transfer: MessagePort[] }) & { close(): void };

/** How many registries' parses a worker keeps for the init to name (WorkerMatchers.afterParse). */
const PARSES_KEPT = 4;

/** A worker's matchers, one per registry of IndexInit, and those it built and has not sent back yet. */
export class WorkerMatchers {
  private readonly byRegistry = new Map<number, MentionMatcher>();
  private readonly unsent = new Set<number>();
  /** The matchers built here, packed once (packMatcher) for the host and the next init alike. */
  private readonly packs = new Map<number, SharedArrayBuffer>();
  /** Set while the matchers are awaited from a peer (IndexInit.fromPeer). */
  private waiting: Promise<void> | null = null;
  /** While waiting: takes the peer's message if one is on the port now (`take`). */
  private taken: (() => void) | null = null;
  /** Registries this worker parsed (IndexTask.parse), by parse number, with their matcher once built (`afterParse`). */
  private readonly parses = new Map<number, { entities: readonly Entity[]; matcher?: MentionMatcher }>();
  /** Registries whose matcher was taken from this worker's own parse (WorkerMarks.fromParse). */
  fromParse = 0;
  /** The init whose packing packLater put off. */
  private later: IndexInit | undefined;

  /**
   * A registry this worker has just parsed (parse number `parse`): its matcher is built as soon
   * as the parse's answer has gone, not when the init made of it comes (IndexInit.parsed). At
   * most a few are kept: a pool parses one registry per workspace folder.
   */
  afterParse(parse: number, entities: readonly Entity[]): void {
    if (!entities.length) return;
    this.parses.set(parse, { entities });
    for (const old of this.parses.keys()) if (this.parses.size > PARSES_KEPT) this.parses.delete(old);
    setImmediate(() => this.parsedMatcher(parse));
  }

  /** The entities of the registry this worker parsed as `parse`, while it keeps them (unpackInit: OWN_PARSE). */
  parsedEntities(parse: number | undefined): readonly Entity[] | undefined {
    return parse === undefined ? undefined : this.parses.get(parse)?.entities;
  }

  /** The matcher of the registry parsed here as `parse`, built now if it is still to be; undefined for a parse this worker did not make. */
  private parsedMatcher(parse: number | undefined): MentionMatcher | undefined {
    const kept = parse === undefined ? undefined : this.parses.get(parse);
    if (kept) kept.matcher ??= new MentionMatcher(kept.entities);
    return kept?.matcher;
  }

  /**
   * Every registry's matcher, built or restored now (a worker does this on `init`, while the host
   * lists files), and posted to the peers that wait for them; or, given `fromPeer`, restored
   * once the peer has sent them (`ready`).
   */
  prepare(init: IndexInit): void {
    const port = init.fromPeer;
    if (port) {
      this.waiting = new Promise<void>((resolve) => {
        let done = false;
        const finish = (compiled?: IndexInit['compiled']) => {
          if (done) return;
          done = true;
          if (compiled) init.compiled = init.registries.map((_, k) => init.compiled?.[k] ?? compiled[k]);
          port.close();
          init.registries.forEach((_, k) => this.get(init, k)); // restored, or built here if the peer sent none
          this.waiting = null;
          this.taken = null;
          resolve();
        };
        port.once('message', (m: { compiled?: IndexInit['compiled'] }) => finish(m.compiled));
        port.once('close', () => finish());
        this.taken = () => {
          const queued = receiveMessageOnPort(port) as { message: { compiled?: IndexInit['compiled'] } } | undefined;
          if (queued) finish(queued.message.compiled);
        };
      });
      // a worker started after its peer built the matchers finds them on the port already
      this.take();
      return;
    }
    init.registries.forEach((_, k) => this.get(init, k));
    if (init.peers?.length) {
      const compiled = init.registries.map((_, k) => this.byRegistry.get(k)?.compiled());
      for (const peer of init.peers) peer.postMessage({ compiled });
    }
  }

  /**
   * Takes the peer's matchers now if they are on the port, without waiting for the event loop
   * to deliver them: a worker reads its tasks as they come, and a message that arrived
   * meanwhile would wait behind every task already queued (issue 15: at 10,000 sources a worker
   * started late read eight chunks, ~570 ms, before taking the matcher its peer had sent long
   * before). After it, `ready` is null if they were there.
   */
  take(): void {
    this.taken?.();
  }

  /** Resolves once the matchers awaited from a peer are there (null when none are awaited). */
  ready(): Promise<void> | null {
    return this.waiting;
  }

  get(init: IndexInit, registry: number): MentionMatcher | undefined {
    let matcher = this.byRegistry.get(registry);
    const entities = init.registries[registry];
    if (matcher || !entities) return matcher;
    const compiled = init.compiled?.[registry];
    // one built here from this worker's own parse of the same text (IndexInit.parsed) is taken as it is
    const parse = init.parsed?.[registry];
    const parsed = this.parsedMatcher(parse);
    if (parsed) {
      this.parses.delete(parse!);
      this.fromParse++;
    }
    matcher = parsed ?? (compiled ? MentionMatcher.restore(entities, compiled) : new MentionMatcher(entities));
    this.byRegistry.set(registry, matcher);
    if (!compiled) this.unsent.add(registry);
    return matcher;
  }

  /** The matchers built here and not yet sent, to send with an answer (once each), each packed (packMatcher). */
  takeBuilt(): IndexAnswer['built'] {
    if (!this.unsent.size) return undefined;
    const built = [...this.unsent].map((registry) => ({ registry, packed: this.packedOf(registry)! }));
    this.unsent.clear();
    return built;
  }

  /**
   * The next pool's init as packInit makes it, every registry with its matcher, serialized here
   * where the matchers were just built: the host then hands it to the next index's workers as
   * it is (issue 15: packing it on the host took 30-40 ms of its thread at the first Refresh
   * after a first index, 5,000 entities and their matcher). Undefined unless every registry has
   * its matcher here.
   */
  packNext(init: IndexInit): IndexInit | undefined {
    const matchers = init.registries.map((_, k) => this.packedOf(k));
    return matchers.every(Boolean) ? packInit({ registries: init.registries, matchers }) : undefined;
  }

  /** The matcher of registry `k`, packed once: a worker that built it sends it back and packs the next init with the same bytes. */
  private packedOf(k: number): SharedArrayBuffer | undefined {
    const matcher = this.byRegistry.get(k);
    if (!matcher) return undefined;
    let packed = this.packs.get(k);
    if (!packed) this.packs.set(k, (packed = packMatcher(matcher.compiled())));
    return packed;
  }
  /**
   * packNext, later: for an index whose reads are held for the cache (IndexTask.keepLater), the
   * init is packed when the index asks for those reads (`packedLater`), after its last answer,
   * not in its first answer's task (issue 15: ~15 ms of a cold worker's first task on a first
   * index of a 5,000-entity registry).
   */
  packLater(init: IndexInit): void {
    this.later = init;
  }

  /** The init packLater put off, packed now (once); undefined if none was. */
  packedLater(): IndexInit | undefined {
    const init = this.later;
    this.later = undefined;
    return init && this.packNext(init);
  }

}
