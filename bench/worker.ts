// An index worker, cold, on the 2,000-source workspace (issue 15): what a first index asks of it
// (the registry parsed, its matcher built straight after, every source read in tasks of 32 with
// its mentions), each run in a process of its own (bench/lib/index-worker-run.ts) so that nothing
// is compiled or warm beforehand. In VS Code this worker is the first index's critical path
// (bench/vscode.ts --only sources: counts complete once its last answer is in), but its figures
// there move with everything else the editor starts; here it runs alone, so a change to what it
// does can be compared. The machine is shared and its speed drifts over minutes (the same
// build's median 872 ms one hour, 1,080 the next): to compare two builds, save the other's
// worker bundle aside and name it, and the runs alternate between the two, pair by pair.
//
//   npm run bench -- worker        (or: node esbuild.mjs && node --import tsx bench/worker.ts)
//   MARGINALIA_BENCH_WORKER_AGAINST=/tmp/indexWorker-before.js npm run bench -- worker
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrBuildSourcesWorkspace } from './lib/sources-workspace';
import { median, table } from './lib/table';

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const ARTICLES = path.resolve(ROOT, '..', 'shared', 'corpus');
const RUNS = 7;

interface Run {
  wallMs: number;
  parsedMs: number;
  /** When the first task began in the worker (its marks), from the worker's start. */
  firstTaskMs: number;
  tasksMs: number;
  workerCpuMs: number;
  workerWaitMs: number;
  processCpuMs: number;
  mainCpuMs: number;
  reads: number;
  mentions: number;
}

export async function benchWorker(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'indexWorker.js'))) throw new Error('dist/indexWorker.js is missing: run `node esbuild.mjs` first');
  const ws = loadOrBuildSourcesWorkspace(CACHE, ARTICLES, 2_000);
  console.log(
    `\nAn index worker, cold, on ${ws.files.toLocaleString('en')} sources (${(ws.bytes / 1048576).toFixed(1)} MB of text, ${ws.annotations.toLocaleString('en')} annotations) ` +
      `and a ${ws.entities.toLocaleString('en')}-entity registry, ${RUNS} runs; ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  // bundled and run by plain node: under tsx its loader would load in the worker too (a worker takes its parent's execArgv)
  const runner = path.join(CACHE, 'build', 'index-worker-run.js');
  esbuild.buildSync({ entryPoints: [path.join(__dirname, 'lib', 'index-worker-run.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: runner, logLevel: 'warning' });
  const against = process.env.MARGINALIA_BENCH_WORKER_AGAINST;
  const bundles: [string, string][] = [['dist/indexWorker.js', path.join(ROOT, 'dist', 'indexWorker.js')]];
  if (against) bundles.push([against, path.resolve(against)]);
  const runs: Run[][] = bundles.map(() => []);
  for (let k = 0; k < RUNS; k++) bundles.forEach(([, bundle], b) => runs[b].push(once(runner, ws.dir, bundle)));
  const found = new Set(runs.flat().map((r) => `${r.reads} sources, ${r.mentions.toLocaleString('en')} mentions`));
  if (found.size !== 1) throw new Error(`the runs read different things: ${[...found].join('; ')}`);
  console.log(`  each run: ${[...found][0]}${against ? `; ${bundles.map(([name], b) => `${'AB'[b]}: ${name}`).join(', ')}, alternated` : ''}`);
  const cells = (f: (r: Run) => number) =>
    runs.flatMap((rs) => {
      const xs = rs.map(f);
      return [`${Math.round(median(xs))} ms`, `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`];
    });
  const row = (label: string, f: (r: Run) => number) => [label, ...cells(f)];
  table(
    ['figure', ...bundles.flatMap((_, b) => (against ? [`${'AB'[b]}: median`, 'range'] : ['median', 'range']))],
    [
      row('worker started → its last answer', (r) => r.wallMs),
      row('  started → the registry parsed (its code loaded first)', (r) => r.parsedMs),
      row('  the registry parsed → the first task begins (its matcher built meanwhile)', (r) => r.firstTaskMs - r.parsedMs),
      row('  the sources’ tasks, first start → last end', (r) => r.tasksMs),
      row('the worker thread’s CPU', (r) => r.workerCpuMs),
      row('  its time runnable, waiting for a processor (it runs at nice 10)', (r) => r.workerWaitMs),
      row('the process’s CPU from the worker’s start, every thread', (r) => r.processCpuMs),
      // the process's less the worker's and this thread's (all of whose, from the process's start, at most)
      row('  V8’s helper threads (optimizing compiler, GC), at least', (r) => r.processCpuMs - r.workerCpuMs - r.mainCpuMs),
    ],
  );
  // pair by pair: each B run against the A run just before it, the drift of the machine mostly cancelled
  if (against) console.log(`  B − A, each pair's last answer: ${runs[0].map((a, k) => `${Math.round(runs[1][k].wallMs - a.wallMs)}`).join(', ')} ms`);
}

function once(runner: string, dir: string, bundle: string): Run {
  const r = spawnSync(process.execPath, [runner, dir, bundle], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`index-worker-run failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

if (require.main === module) {
  benchWorker().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}
