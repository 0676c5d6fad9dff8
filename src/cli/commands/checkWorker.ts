// The worker thread of `marginalia check` (issue 15): checks a chunk of sidecars with the
// main thread's own code (checkFile.ts) and answers with their reports, in order (for --json
// written out already, checkOutput.ts). Bundled as
// dist/checkWorker.js (esbuild.mjs); check.ts does any chunk itself if this cannot run.
import { CorpusRoots } from '../../node/corpusRoot';
import { serveTasks } from '../../node/workerPool';
import { checkSafely, type SourceReport } from './checkFile';
import type { CheckChunk } from './checkChunks';
import { fails, reportJson, type WrittenReport } from './checkOutput';

function main(): void {
  // each thread finds corpus roots and resolves folders for itself; one cache each per worker, kept across its chunks
  const roots = new CorpusRoots();
  const realDirs = new Map<string, string>();
  serveTasks<CheckChunk, (SourceReport | WrittenReport)[]>(async (chunk) => {
    const run = { cwd: chunk.cwd, write: chunk.write, maxBytes: chunk.maxBytes, roots, realDirs };
    const out: (SourceReport | WrittenReport)[] = [];
    for (const [file, scope] of chunk.files) {
      const r = await checkSafely(file, scope, run);
      out.push(chunk.json ? { json: reportJson(r), failed: fails(r) } : r);
    }
    return out;
  });
}

main();
