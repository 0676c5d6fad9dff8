// A large registry is parsed off the extension host's thread (issue 15: a 5,000-entity
// marginalia.yaml took the host 80-130 ms to parse, in the very turn that activated the
// extension, its longest stall). The host reads the file through its guarded read and hands the
// text to an index worker (indexWorker.ts): the index's own, started early and still waiting for
// its init, which is made from this very parse; else one started for it. The worker answers the
// clean config (readWorkspaceFast: the same rules as everywhere) or null when the file needs the
// careful reader, which the host runs itself to report positions. The index's worker builds the
// registry's matcher straight after parsing it, and the index's init names that parse
// (IndexInit.parsed) for the worker to take it. A small registry is parsed in
// place: starting a worker costs more than a few milliseconds of parsing.
import type { Entity, WorkspaceConfig } from '../core/types';
import type { IndexAnswer, IndexTask } from './indexRead';
import { WorkerPool, workerScript } from './workerPool';
import { keptConfigBytes, keptPartsFor, type RegistryKept } from './cacheGenerations';
import { rememberRegistryKey } from './indexCache';

/** From this size a registry is parsed off the host's thread (~700 entities; 5,000 are ~460 KB and 80-130 ms). */
export const OFF_THREAD_BYTES = 64 * 1024;

/** How long a parse may take in its worker before the host parses the registry itself. */
const PARSE_MS = 10_000;

/**
 * Registries parsed in an index pool's worker: by pool, then by the parse's entities, the parse's
 * number there, whose matcher that worker builds straight after (IndexTask.parse). The pool's
 * init names it for the registry made of this parse (parsedIn, IndexInit.parsed). Weak both
 * ways: nothing here keeps a closed pool or an old registry.
 */
const parsedInPool = new WeakMap<WorkerPool<IndexTask, IndexAnswer>, WeakMap<readonly Entity[], { parse: number; thread?: number }>>();
let nextParse = 1;

/** The parse number in `pool` of the registry whose entities are these, when a worker of that pool parsed it (parseRegistryOffThread). */
export function parsedIn(entities: readonly Entity[], pool: WorkerPool<IndexTask, IndexAnswer>): number | undefined {
  return parsedInPool.get(pool)?.get(entities)?.parse;
}

/** The thread of `pool` that parsed the registry whose entities are these (parsedIn), which keeps them for its init (indexInit.ts OWN_PARSE). */
export function parsedBy(entities: readonly Entity[], pool: WorkerPool<IndexTask, IndexAnswer>): number | undefined {
  return parsedInPool.get(pool)?.get(entities)?.thread;
}

/**
 * What the worker that parsed a registry with `keepFor` made of the parse, by its entities (weak,
 * as parsedInPool): what is kept of it, and its entities packed as an init of that registry alone
 * (indexInit.ts packRegistries).
 */
const madeOf = new WeakMap<readonly Entity[], { kept?: RegistryKept; packed?: SharedArrayBuffer; matcher?: SharedArrayBuffer }>();

/**
 * What the worker that parsed a registry made of the parse, kept by its entities: the entities
 * packed (packedAlone) and, when it made them, the parts the next session keeps, whose
 * fingerprint is then this list's (indexCache.ts rememberRegistryKey). An index worker's parse
 * (parseRegistryOffThread), or the editor's worker's of a registry text it wrote (WrittenParse).
 */
export function adoptParse(config: WorkspaceConfig, packed: SharedArrayBuffer | undefined, kept: RegistryKept | undefined, matcher?: SharedArrayBuffer): void {
  madeOf.set(config.entities, { ...(kept ? { kept } : {}), ...(packed ? { packed } : {}), ...(matcher ? { matcher } : {}) });
  if (kept) rememberRegistryKey(config.entities, kept.key);
}

/** The mention matcher the editor's worker built, packed, with the registry text it wrote whose entities these are (WrittenParse.matcher). */
export function writtenMatcher(entities: readonly Entity[]): SharedArrayBuffer | undefined {
  return madeOf.get(entities)?.matcher;
}

/** The entities the worker that parsed them packed as an index init's registries, when they are that init's only registry. */
export function packedAlone(entities: readonly Entity[]): SharedArrayBuffer | undefined {
  return madeOf.get(entities)?.packed;
}

/**
 * These entities packed for the editor's worker (indexInit.ts unpackRegistry), without a copy made
 * here: as the worker that parsed them packed them, or the kept parse's bytes they were read from
 * (cacheGenerations.ts keptConfigBytes). Undefined for a registry parsed on the host.
 */
export function entitiesPacked(entities: readonly Entity[]): SharedArrayBuffer | undefined {
  return packedAlone(entities) ?? keptConfigBytes(entities);
}

/**
 * What the worker that parsed the registry whose entities are these made to keep that parse for
 * the next session (parseRegistryOffThread's `keepFor`), with its entities' fingerprint, which is
 * then this list's (indexCache.ts rememberRegistryKey): neither is made on the host. Else the
 * parts this parse was kept as or read from (cacheGenerations.ts keptPartsFor), when it is kept
 * again (an Undo's registry, whose parse the store takes again).
 */
export function keptPartsOf(entities: readonly Entity[]): RegistryKept | undefined {
  return madeOf.get(entities)?.kept ?? keptPartsFor(entities);
}

/**
 * `text`'s clean config parsed in a worker of `pool` if it serves, else in one started for it:
 * the config, null when the file needs the careful reader, undefined when no worker could do it
 * (none bundled, or it failed): the caller parses it then. `keepFor`: the build to keep a clean
 * parse for, made in that worker too (keptPartsOf).
 */
export async function parseRegistryOffThread(text: string, pool?: WorkerPool<IndexTask, IndexAnswer> | null, dir = __dirname, keepFor?: string): Promise<WorkspaceConfig | null | undefined> {
  const task: IndexTask = { root: '', maxBytes: 0, items: [], registryText: text, ...(keepFor !== undefined ? { keepFor } : {}) };
  const taken = (answer: IndexAnswer | undefined) => {
    if (answer?.config && (answer.keep || answer.packedAlone)) adoptParse(answer.config, answer.packedAlone, answer.keep);
    return answer?.config;
  };
  if (pool) {
    const parse = nextParse++;
    const answer = await pool.runBeforeInit({ ...task, parse }).catch(() => undefined);
    if (answer?.config) {
      let parses = parsedInPool.get(pool);
      if (!parses) parsedInPool.set(pool, (parses = new WeakMap()));
      parses.set(answer.config.entities, { parse, thread: answer.parsedBy });
    }
    if (answer?.config !== undefined) return taken(answer);
  }
  const script = workerScript(dir, 'indexWorker');
  if (!script) return undefined;
  const own = new WorkerPool<IndexTask, IndexAnswer>(script, 1, undefined, PARSE_MS);
  try {
    return taken(await own.run(task));
  } catch {
    return undefined;
  } finally {
    void own.close();
  }
}
