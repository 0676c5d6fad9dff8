// Checking many sidecars in parallel, in order (issue 15): the sorted list is cut into chunks,
// worker threads (checkWorker.ts) check a few chunks ahead, and the reports are handed on
// strictly in list order, so the output is the same as one thread's. At most a few chunks wait
// in memory, whatever the size of the corpus. Small runs, and any chunk a worker could not
// finish, are checked on this thread. For --json a worker hands back each report written out
// (checkOutput's reportJson): a string crosses threads several times faster than the object.
import { CorpusRoots, type Scope } from '../../node/corpusRoot';
import { checkWorkerCount, WorkerPool, workerScript } from '../../node/workerPool';
import { checkSafely, type SourceReport } from './checkFile';
import type { WrittenReport } from './checkOutput';

export interface CheckChunk {
  cwd: string;
  write: boolean;
  maxBytes: number;
  /** Reports written out for --json in the worker. */
  json: boolean;
  files: [file: string, scope: Scope][];
}

const CHUNK = 64;
/** Below this many sidecars, starting workers costs more than it saves. */
export const MIN_FOR_WORKERS = 500;

export type CheckPool = WorkerPool<CheckChunk, (SourceReport | WrittenReport)[]>;

/**
 * The worker threads for a run of `expected` sidecars, or null when this thread checks them all
 * (a small run, one core, a machine already busy). The caller may start them before it has
 * listed every sidecar, so they load their code while it lists (check.ts).
 */
export function checkPool(expected: number): CheckPool | null {
  const workers = checkWorkerCount(expected, MIN_FOR_WORKERS);
  const script = workers ? workerScript(__dirname, 'checkWorker') : null;
  return script ? new WorkerPool<CheckChunk, (SourceReport | WrittenReport)[]>(script, workers) : null;
}

/** Checks `files` in order, emitting each report; `pool` (closed at the end) or one started here. */
export async function checkInOrder(files: [string, Scope][], options: Omit<CheckChunk, 'files'>, emit: (r: SourceReport | WrittenReport) => void, pool = checkPool(files.length)): Promise<void> {
  const run = { ...options, roots: new CorpusRoots(), realDirs: new Map<string, string>() };
  const here = async (chunk: [string, Scope][]): Promise<(SourceReport | WrittenReport)[]> => {
    const out: SourceReport[] = [];
    for (const [file, scope] of chunk) out.push(await checkSafely(file, scope, run));
    return out;
  };
  try {
    const chunks: [string, Scope][][] = [];
    for (let i = 0; i < files.length; i += CHUNK) chunks.push(files.slice(i, i + CHUNK));
    const start = (c: [string, Scope][]) => (pool ? pool.run({ ...options, files: c }).catch(() => here(c)) : here(c));
    const ahead = pool ? pool.size * 2 : 1;
    const running: Promise<(SourceReport | WrittenReport)[]>[] = [];
    let next = 0;
    while (next < chunks.length && running.length < ahead) running.push(start(chunks[next++]));
    while (running.length) {
      for (const r of await running.shift()!) emit(r);
      if (next < chunks.length) running.push(start(chunks[next++]));
    }
  } finally {
    await pool?.close();
  }
}
