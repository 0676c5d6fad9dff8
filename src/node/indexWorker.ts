// The extension's index worker (issue 15): reads and parses sidecars off the extension host's
// thread, a chunk of sources per task (indexRead.ts). Bundled as dist/indexWorker.js
// (esbuild.mjs); the store reads in the host itself when this cannot start.
import { readTask, type IndexRead, type IndexTask } from './indexRead';
import { serveTasks } from './workerPool';

serveTasks<IndexTask, IndexRead[]>(readTask);
