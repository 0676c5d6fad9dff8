// The extension's index worker (issue 15): reads and parses sidecars off the extension host's
// thread, a chunk of sources per task (indexRead.ts). Bundled as dist/indexWorker.js
// (esbuild.mjs); the store reads in the host itself when this cannot start. The first worker of a
// pool may build the registry's matchers for all (IndexInit.peers, indexRead.ts peerInits): the
// others wait for them on a message port, reading their first chunks meanwhile (all but the
// mentions, found once the matchers are here). Each answer carries the
// worker's time stamps (WorkerMarks), which the store keeps for the bench. A full index's tasks
// name the cache of the last one's reads (indexCache.ts): this worker loads it on the first such
// task, and appends its own reads to the new one. A task may instead carry a registry's text to
// parse (registryParse.ts): the pool's first worker does that before it has its init.
import { threadId } from 'node:worker_threads';
import { buildOf, registryKey, WorkerIndexCache } from './indexCache';
import { epochNow, readTask, threadCpuMs, readTaskFirst, unpackInit, WorkerMatchers, type IndexAnswer, type IndexInit, type IndexTask, type TaskCache } from './indexRead';
import { serveTasks, yieldToForeground } from './workerPool';
import { readWorkspaceFast } from '../core/format/workspace-fast';

let cache: WorkerIndexCache | undefined;
/** Each registry's fingerprint, once per init (JSON of 5,000 entities is ~10 ms). */
const keys = new WeakMap<IndexInit, Map<number, string | null>>();

/** The task's cache, if it names one: the same store for every task of the same index. */
function cacheFor(task: IndexTask, init: IndexInit | undefined): TaskCache | undefined {
  const dirs = task.cache;
  if (!dirs || !init) return undefined;
  if (!cache || cache.dirs.read !== dirs.read || cache.dirs.write !== dirs.write) cache = new WorkerIndexCache(dirs, buildOf(__filename), threadId); // another build reads every source again
  let byRegistry = keys.get(init);
  if (!byRegistry) keys.set(init, (byRegistry = new Map()));
  const k = task.registry ?? -1;
  if (!byRegistry.has(k)) byRegistry.set(k, k < 0 ? null : registryKey(init.registries[k]));
  return { store: cache, registry: byRegistry.get(k)! };
}

function main(): void {
  const loaded = epochNow();
  yieldToForeground(); // the editor's own threads first (workerPool.ts)
  let init = 0;
  let prepared = 0;
  const matchers = new WorkerMatchers(); // one per registry, made as soon as the pool's init arrives
  serveTasks<IndexTask, IndexAnswer, IndexInit>(
    async (task, packed) => {
      // a large registry, parsed here before the init, which is made from it, comes (registryParse.ts)
      if (task.registryText !== undefined) return { reads: [], config: readWorkspaceFast(task.registryText) };
      const start = epochNow();
      const given = packed && unpackInit(packed);
      // a peer's matcher, on its way: read meanwhile, find the mentions once it is here; one
      // that came while this worker was reading is taken before the next task is read
      matchers.take();
      const waiting = matchers.ready();
      const taskCache = cacheFor(task, given);
      const finish = waiting ? readTaskFirst(task, taskCache) : null;
      await waiting;
      const answer = finish ? finish(given, matchers) : readTask(task, given, matchers, taskCache);
      prepared ||= start;
      answer.marks = { thread: threadId, loaded, init, prepared, start, end: epochNow(), cpu: threadCpuMs() };
      return answer;
    },
    (given) => {
      init = epochNow();
      matchers.prepare(unpackInit(given));
      const waiting = matchers.ready();
      if (waiting) void waiting.then(() => (prepared = epochNow()));
      else prepared = epochNow();
    },
  );
}

main();
