// The extension's index worker (issue 15): reads and parses sidecars off the extension host's
// thread, a chunk of sources per task (indexRead.ts). Bundled as dist/indexWorker.js
// (esbuild.mjs); the store reads in the host itself when this cannot start. The first worker of a
// pool may build the registry's matchers for all (IndexInit.peers, indexInit.ts peerInits): the
// others wait for them on a message port, reading their first chunks meanwhile (all but the
// mentions, found once the matchers are here). Each answer carries the
// worker's time stamps (WorkerMarks), which the store keeps for the bench. A full index's tasks
// name the cache of the last one's reads (indexCache.ts): this worker loads it on the first such
// task, and appends its own reads to the new one. Given the registries' fingerprints
// (IndexInit.keys), it unpacks its init only when a task has a source to read. A task may instead
// carry a registry's text to parse (registryParse.ts): the pool's first worker does that before
// it has its init, and builds that registry's matcher straight after (IndexInit.parsed). A full
// index of a few thousand sources has its reads held for the cache until it asks for them
// (IndexTask.keepLater, keepHeld), after its last answer. A task may also name files whose texts
// the host wants (textsRead.ts), read and sent back as they are.
import { threadId } from 'node:worker_threads';
import { buildOf, registryKey, WorkerIndexCache } from './indexCache';
import { epochNow, schedstat, readTaskFirst, type IndexAnswer, type IndexTask, type TaskCache } from './indexRead';
import { packRegistries, unpackInit, WorkerMatchers, type IndexInit } from './indexInit';
import { serveTasks, yieldToForeground } from './workerPool';
import { readWorkspaceFast } from '../core/format/workspace-fast';
import { readTexts, readUnits } from './textsRead';
import { registryKeptParts } from './cacheGenerations';

let cache: WorkerIndexCache | undefined;
/** Each registry's fingerprint, once per init (JSON of 5,000 entities is ~10 ms), unless the host gave them (IndexInit.keys). */
const keys = new WeakMap<IndexInit, Map<number, string | null>>();

/** The task's cache, if it names one: the same store for every task of the same index. `initOf`: the init, unpacked. */
function cacheFor(task: IndexTask, given: IndexInit | undefined, initOf: () => IndexInit | undefined): TaskCache | undefined {
  const dirs = task.cache;
  if (!dirs || !given) return undefined;
  if (!cache || cache.dirs.read !== dirs.read || cache.dirs.write !== dirs.write) cache = new WorkerIndexCache(dirs, buildOf(__filename), threadId); // another build reads every source again
  let byRegistry = keys.get(given);
  if (!byRegistry) keys.set(given, (byRegistry = new Map()));
  const k = task.registry ?? -1;
  if (!byRegistry.has(k)) byRegistry.set(k, k < 0 ? null : given.keys && k < given.keys.length ? given.keys[k] : registryKey(initOf()?.registries[k]));
  return { store: cache, registry: byRegistry.get(k)! };
}

/**
 * An init to unpack at once: one with a matcher to build or to wait for (a first index, a new
 * registry), made while the host lists the sources. One whose fingerprints the host gave
 * (IndexInit.keys: it has every matcher) is unpacked when a task first reads a source, if ever.
 */
const unpackNow = (given: IndexInit) => !given.keys || !!given.peers?.length || !!given.fromPeer;

function main(): void {
  const loaded = epochNow();
  yieldToForeground(); // the editor's own threads first (workerPool.ts)
  let init = 0;
  let prepared = 0;
  const matchers = new WorkerMatchers(); // one per registry, made as soon as the pool's init arrives
  serveTasks<IndexTask, IndexAnswer, IndexInit>(
    async (task, given) => {
      // closed sources' texts for the host (textsRead.ts)
      if (task.texts) return task.unit ? { reads: [], units: readUnits(task.root, task.texts, task.maxBytes, task.unit) } : { reads: [], texts: readTexts(task.root, task.texts, task.maxBytes) };
      // a large registry, parsed here before the init, which is made from it, comes (registryParse.ts)
      if (task.registryText !== undefined) {
        const config = readWorkspaceFast(task.registryText);
        // its matcher built once this answer has gone, before the init made of it comes (IndexInit.parsed)
        if (config && task.parse !== undefined) matchers.afterParse(task.parse, config.entities);
        const keep = config && task.keepFor !== undefined ? registryKeptParts(task.keepFor, task.registryText, config) : undefined;
        // its entities packed for the editor's worker and the index workers' init, whether or not it is kept (a few ms here; 20 ms of the host's thread to clone them)
        return { reads: [], config, parsedBy: threadId, ...(keep ? { keep } : {}), ...(config ? { packedAlone: packRegistries([config.entities]) } : {}) };
      }
      // the index has had its last answer: the reads held for the cache are written now (indexCache.ts keepLater)
      if (task.keepHeld) {
        const nextInit = matchers.packedLater();
        return { reads: [], kept: cache?.keepHeld() ?? 0, ...(nextInit ? { nextInit } : {}) };
      }
      const start = epochNow();
      const initOf = () => given && unpackInit(given, matchers);
      // a peer's matcher, on its way: read meanwhile, find the mentions once it is here; one
      // that came while this worker was reading is taken before the next task is read
      matchers.take();
      const waiting = matchers.ready();
      const finish = readTaskFirst(task, cacheFor(task, given, initOf));
      await waiting;
      const answer = finish(initOf, matchers);
      prepared ||= start;
      const [cpu, waited] = schedstat();
      answer.marks = { thread: threadId, loaded, init, prepared, start, end: epochNow(), cpu, waited, fromParse: matchers.fromParse };
      return answer;
    },
    (given) => {
      init = epochNow();
      if (!unpackNow(given)) return; // `prepared` is then the first task's start
      matchers.prepare(unpackInit(given, matchers));
      const waiting = matchers.ready();
      if (waiting) void waiting.then(() => (prepared = epochNow()));
      else prepared = epochNow();
    },
  );
}

main();
