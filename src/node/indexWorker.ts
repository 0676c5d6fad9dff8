// The extension's index worker (issue 15): reads and parses sidecars off the extension host's
// thread, a chunk of sources per task (indexRead.ts). Bundled as dist/indexWorker.js
// (esbuild.mjs); the store reads in the host itself when this cannot start. The first worker of a
// pool may build the registry's matchers for all (IndexInit.peers, indexRead.ts peerInits): the
// others wait for them on a message port before their first chunk.
import { readTask, WorkerMatchers, type IndexAnswer, type IndexInit, type IndexTask } from './indexRead';
import { serveTasks } from './workerPool';

function main(): void {
  const matchers = new WorkerMatchers(); // one per registry, made as soon as the pool's init arrives
  serveTasks<IndexTask, IndexAnswer, IndexInit>(
    async (task, init) => {
      await matchers.ready(); // a peer's matcher, on its way
      return readTask(task, init, matchers);
    },
    (init) => matchers.prepare(init),
  );
}

main();
