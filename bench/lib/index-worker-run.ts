// One cold index worker reading a workspace as a first index has it read (issue 15), in a
// process of its own so that nothing is compiled or warm beforehand: the registry's text parsed
// in the worker (registryParse.ts), its matcher built there straight after, then every source in
// tasks of 32 with mentions found (the store's CHUNK), through the pool the store makes
// (WorkerPool, two tasks held at once: WORKER_DEPTH). No cache is named, so
// the matcher goes back packed with the first answer (a first index that keeps its reads has it
// packed after its last, indexInit.ts packLater), some 40 ms of the worker. Prints one line of
// JSON: wall time from the worker's start, the worker thread's CPU (its marks), the process's
// CPU from the worker's start (every thread: the worker, V8's helpers; this thread idles
// meanwhile), this thread's CPU from the process's start, and what was read.
//
// Bundled by bench/worker.ts and run by plain node (a worker takes its parent's execArgv: under
// tsx, its loader would load in the worker too):
//   node bench/.cache/build/index-worker-run.js <workspace dir> [worker bundle: dist/indexWorker.js]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OWN_PARSE, packInit } from '../../src/node/indexInit';
import type { IndexAnswer, IndexItem, IndexTask } from '../../src/node/indexRead';
import { schedstat } from '../../src/node/indexRead';
import { WorkerPool } from '../../src/node/workerPool';
import { WORKER_DEPTH } from '../../src/extension/store/indexPools';

const CHUNK = 32;
const MAX_BYTES = 10 << 20;

async function main(): Promise<void> {
  const [dir, bundle] = process.argv.slice(2);
  const root = fs.realpathSync(dir);
  const items: IndexItem[] = [];
  for (const desk of fs.readdirSync(root).filter((d) => d.startsWith('desk-')).sort()) {
    for (const f of fs.readdirSync(path.join(root, desk)).filter((n) => n.endsWith('.txt')).sort()) {
      const source = path.join(root, desk, f);
      items.push({ source, sidecar: `${source}.annotations.yaml`, sidecarRel: `${desk}/${f}.annotations.yaml` });
    }
  }
  const registryText = fs.readFileSync(path.join(root, 'marginalia.yaml'), 'utf8');
  const script = path.resolve(bundle ?? path.join('dist', 'indexWorker.js'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // the pool the store makes (indexPools.ts): its init later, each worker holding two tasks
  const pool = new WorkerPool<IndexTask, IndexAnswer>(script, 1, WorkerPool.LATER, undefined, WORKER_DEPTH);
  pool.warm(1);
  const parsed = await pool.runBeforeInit({ root, maxBytes: MAX_BYTES, items: [], registryText, parse: 0 });
  if (!parsed.config) throw new Error('the registry did not parse');
  const parsedMs = performance.now() - t0;
  pool.setInit({ ...packInit({ registries: [OWN_PARSE] }), parsed: [0] });
  const tasks: Promise<IndexAnswer>[] = [];
  for (let i = 0; i < items.length; i += CHUNK) tasks.push(pool.run({ root, maxBytes: MAX_BYTES, items: items.slice(i, i + CHUNK), registry: 0 }));
  const answers = await Promise.all(tasks);
  let mentions = 0;
  let reads = 0;
  for (const answer of answers) {
    for (const r of answer.reads) {
      if (!r.text.ok || !r.mentions) throw new Error(`${r.text.ok ? 'no mentions found in' : 'could not read'} a source`);
      reads++;
      mentions += r.mentions.length / 3;
    }
  }
  const first = answers[0];
  const last = answers[answers.length - 1];
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const [mainCpuMs] = schedstat(); // this thread's, from the process's start: its share of cpu0 is small
  await pool.close();
  console.log(JSON.stringify({ wallMs, parsedMs, firstTaskMs: (first?.marks?.start ?? NaN) - (performance.timeOrigin + t0), tasksMs: (last?.marks?.end ?? NaN) - (first?.marks?.start ?? NaN), workerCpuMs: last?.marks?.cpu ?? NaN, workerWaitMs: last?.marks?.waited ?? NaN, processCpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs, reads, mentions }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
