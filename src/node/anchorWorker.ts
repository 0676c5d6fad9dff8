// The worker thread behind the extension's heavy editor work (issue 15): bundled on its own as
// dist/anchorWorker.js (esbuild.mjs) and started by src/extension/worker/workClient.ts. All it
// does is hand each message to the core's Work and post the answer back with the request's
// number; a web worker for a browser build would be the same few lines over `self`.
//
// A large answer goes in parts (core/worker/parts.ts), one at a time: the next when the client
// says it took the last (`took`). Posted together, they were all taken in one turn of the host's
// event loop (a port delivers every message waiting), the one long pause the parts are to avoid.
import { parentPort } from 'node:worker_threads';
import { splitResponse, type ResponsePart } from '../core/worker/parts';
import { Work } from '../core/worker/work';
import type { WorkRequest, WorkResponse } from '../core/worker/protocol';
import { yieldToForeground } from './workerPool';
import { packMatcher, packRegistries, unpackMatcher, unpackRegistry } from './indexInit';
import { registryKeptParts } from './cacheGenerations';
import { readCorpusTextMatching } from './corpusFs';

// the editor's own threads first (workerPool.ts): on two cores a save's full anchoring here left
// the extension host's thread waiting for a processor (issue 15)
yieldToForeground();
const work = new Work({
  unpackMatcher,
  packMatcher,
  unpackEntities: unpackRegistry,
  // a registry written here, parsed for the store as an index worker's parse is (registryParse.ts)
  packParse: (text, config, keepFor) => ({ packed: packRegistries([config.entities]), ...(keepFor !== undefined ? { keep: registryKeptParts(keepFor, text, config) } : {}) }),
  // an open document's text read here, not posted from the host (core/worker/docTexts.ts)
  readText: readCorpusTextMatching,
});
/** By request number: the parts of its answer not yet posted, and the rest, posted last. */
const sending = new Map<number, { parts: ResponsePart[]; rest: WorkResponse }>();

parentPort?.on('message', (m: { id: number; request: WorkRequest } | { took: number }) => {
  if ('took' in m) return postNext(m.took);
  const { parts, rest } = splitResponse(work.handle(m.request));
  sending.set(m.id, { parts: parts.reverse(), rest });
  postNext(m.id);
});

function postNext(id: number): void {
  const answer = sending.get(id);
  if (!answer) return;
  const part = answer.parts.pop();
  if (part) return parentPort!.postMessage({ id, part });
  sending.delete(id);
  parentPort!.postMessage({ id, response: answer.rest });
}
