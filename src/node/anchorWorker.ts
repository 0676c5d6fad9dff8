// The worker thread behind the extension's heavy editor work (issue 15): bundled on its own as
// dist/anchorWorker.js (esbuild.mjs) and started by src/extension/worker/workClient.ts. All it
// does is hand each message to the core's Work and post the answer back with the request's
// number; a web worker for a browser build would be the same few lines over `self`.
import { parentPort } from 'node:worker_threads';
import { Work, type WorkRequest } from '../core/worker/work';

const work = new Work();
parentPort?.on('message', (m: { id: number; request: WorkRequest }) => {
  parentPort!.postMessage({ id: m.id, response: work.handle(m.request) });
});
