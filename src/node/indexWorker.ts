// The extension's index worker (issue 15): reads and parses sidecars off the extension host's
// thread, a chunk of sources per task (indexRead.ts). Bundled as dist/indexWorker.js
// (esbuild.mjs); the store reads in the host itself when this cannot start. The first worker of a
// pool may be asked to build the registry's matchers for all (IndexInit.noteBuilt): it sends
// them as soon as they are built, and the pool hands them to the other workers.
import { readTask, WorkerMatchers, type IndexAnswer, type IndexInit, type IndexTask } from './indexRead';
import { serveTasks } from './workerPool';

function main(): void {
  const matchers = new WorkerMatchers(); // one per registry, made as soon as the pool's init arrives
  serveTasks<IndexTask, IndexAnswer, IndexInit>(
    (task, init) => readTask(task, init, matchers),
    (init) => {
      const built = matchers.prepare(init);
      return built ? { built } : null;
    },
  );
}

main();
