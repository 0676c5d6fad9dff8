// The CLI on a large corpus (issue 15): `marginalia check --json` and `entities --json` on the
// 10,000-source workspace (5 KB of text and sidecar each, 50,000 annotations;
// bench/lib/sources-workspace.ts), as whole processes with stdout on /dev/null: wall time,
// CPU time (all threads) and peak memory (maximum resident set), the median of 3 runs with
// their range, once on one thread (MARGINALIA_WORKERS=0) and once as shipped (worker threads
// on a multi-core machine). `check` runs on the same workspace at 2,000 sources too: its peak
// memory should not grow with the corpus. The machine is shared: compare medians, and the CPU
// time beside the wall time says how much of a core the process got.
//
//   npm run bench -- cli        (or: node esbuild.mjs && node --import tsx bench/cli.ts)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrBuildSourcesWorkspace } from './lib/sources-workspace';
import { median, table } from './lib/table';

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const ARTICLES = path.resolve(ROOT, '..', 'shared', 'corpus');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const RUNS = 3;

interface Sample {
  wall: number;
  cpu: number;
  rssMB: number;
}

export async function benchCli(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(process.cwd(), CLI)} is missing: run \`node esbuild.mjs\` first`);
  const t0 = performance.now();
  const ws = loadOrBuildSourcesWorkspace(CACHE, ARTICLES);
  const small = loadOrBuildSourcesWorkspace(CACHE, ARTICLES, 2_000);
  const built = (performance.now() - t0) / 1000;
  console.log(
    `\nThe CLI on ${ws.files.toLocaleString('en')} sources: ${(ws.withSidecars / 1048576).toFixed(1)} MB of text and sidecars ` +
      `(${(ws.withSidecars / ws.files / 1024).toFixed(1)} KB a source), ${ws.annotations.toLocaleString('en')} annotations, ` +
      `a ${ws.entities.toLocaleString('en')}-entity registry${built > 1 ? ` (generated in ${built.toFixed(1)} s)` : ''}; ` +
      `${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  const rows: string[][] = [];
  for (const [label, args, target, dir] of [
    ['marginalia check --json, 2,000 sources', ['check', '--json'], undefined, small.dir],
    ['marginalia check --json', ['check', '--json'], 2, ws.dir],
    ['marginalia entities --json', ['entities', '--json'], undefined, ws.dir],
  ] as [string, string[], number | undefined, string][]) {
    for (const workers of ['0', '']) {
      const samples: Sample[] = [];
      for (let k = 0; k < RUNS; k++) samples.push(run([...args, dir], workers));
      const m = (f: (s: Sample) => number) => median(samples.map(f));
      const range = (f: (s: Sample) => number, d: number) => `${Math.min(...samples.map(f)).toFixed(d)} – ${Math.max(...samples.map(f)).toFixed(d)}`;
      const verdict = target === undefined || workers === '0' ? '' : m((s) => s.wall) <= target ? 'met' : 'NOT met';
      rows.push([
        `${label}${workers === '0' ? ', one thread' : ', as shipped'}`,
        target === undefined ? '' : `≤ ${target} s`,
        `${m((s) => s.wall).toFixed(2)} s`,
        range((s) => s.wall, 2),
        `${m((s) => s.cpu).toFixed(2)} s`,
        `${m((s) => s.rssMB).toFixed(0)} MB`,
        verdict,
      ]);
    }
  }
  table(['command', 'target', 'wall, median', 'range', 'cpu', 'peak rss', ''], rows, true);
}

/** One whole process under /usr/bin/time (wall, user + system, max RSS), stdout to /dev/null. */
function run(args: string[], workers: string): Sample {
  const env = { ...process.env };
  if (workers) env.MARGINALIA_WORKERS = workers;
  else delete env.MARGINALIA_WORKERS;
  const out = fs.openSync(os.devNull, 'w');
  try {
    const r = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', process.execPath, CLI, ...args], { stdio: ['ignore', out, 'pipe'], env, maxBuffer: 1 << 24 });
    const line = /BENCH ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr.toString());
    if (!line) throw new Error(`marginalia ${args.join(' ')} failed (${r.status}): ${r.stderr.toString().slice(0, 500)}`);
    return { wall: Number(line[1]), cpu: Number(line[2]) + Number(line[3]), rssMB: Number(line[4]) / 1024 };
  } finally {
    fs.closeSync(out);
  }
}

if (require.main === module) {
  benchCli().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}
