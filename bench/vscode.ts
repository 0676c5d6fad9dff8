// In-editor speed bench (issue #4, "Speed"), measured inside the real VS Code: code-server
// 1.100.3 in headless Chromium, Marginalia in development mode, and a bench suite
// (bench/vscode/) as the extension-tests runner, which times the extension from its exported
// API and the host's own activation marks. Two generated workspaces (bench/lib/vscode-workspaces.ts):
//
//   editor   a 1 MB source, a 5,000-entity registry, 300 annotations:
//            highlights ready within 100 ms of opening; a keystroke within 5 ms of extension time
//   sources  2,000 sources with sidecars:
//            Sources view populated within 2 s of activation; activation under 50 ms
//   sources10k  the same at 10,000 sources (bench/lib/sources-workspace.ts; issue 15): listed
//            within 2 s, counts complete and a full re-index within 5 s, host under 300 MB rss
//   views10k the same 10,000 sources with the Sources, Entities and Claims views open: a one-source
//            change (a status changed by command, a sidecar written on disk) stalls the host at
//            most 50 ms (bench/vscode/views.ts)
//   large    one 1 MB source with 20,000 annotations in its sidecar, alone in a workspace
//            (bench/lib/large-sidecar.ts): no stall over 50 ms as the store reads it, nor
//            when a pull leaves a merge conflict in it (bench/vscode/conflictPull.ts)
//   viewsLarge  that source with the views open (13,333 claims, as views10k): ten of its claims
//            changed by command and on disk
//
// Each session is a fresh code-server; figures are medians over the runs, with their range. The
// machine is shared, so expect noise: compare medians, not single runs. Run from the command
// line, it builds dist/ from src/ first (esbuild.mjs): to compare two builds, check each one's
// src/ out in turn; a dist/ swapped in beforehand is rebuilt (issue 15: a session's "before"
// runs were the change's own).
//
//   node --import tsx bench/vscode.ts [--runs N] [--only editor|sources|sources10k|views10k|large|viewsLarge] [--profile] [--verbose]
//   MARGINALIA_BENCH_GIT=off …   the same with VS Code's Git extension off (git.enabled), a diagnostic:
//                                its spawns of git hold the host's thread as documents open
//   MARGINALIA_BENCH_GIT=noscan …  Git on, not looking for a repository in each top-level folder
//                                (git.repositoryScanMaxDepth 0: README, "Large corpora")
//   MARGINALIA_BENCH_GIT=repo …    the workspace a git repository, everything committed, as an
//                                analyst's corpus shared through git is (by default it is in
//                                none, and the Git extension looks for one as each document opens)
//   npm run bench            (all benches; this one with 3 runs)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrBuildLargeSidecar, type LargeSidecarWorkspace } from './lib/large-sidecar';
import type { CueAsk, EditorResult, KeystrokeSplit } from './vscode/editor';
import { SAVE_PARTS } from './vscode/saveParts';
import { ownMs, type IdleFigures, type Stats } from './vscode/measure';
import type { SourcesResult } from './vscode/sources';
import type { RegistryChange } from './vscode/registryChange';
import type { ViewsResult } from './vscode/views';
import { hotspots, workbenchHotspots } from './lib/vscode-profile';
import { buildRunner, freePort, runSession } from './lib/vscode-session';
import { loadOrBuildVscodeWorkspaces, type VscodeWorkspaces } from './lib/vscode-workspaces';
import { loadOrBuildSourcesWorkspace } from './lib/sources-workspace';
import { INDEX_CACHE_FOLDER } from '../src/node/cacheGenerations';

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const ARTICLES = path.resolve(ROOT, '..', 'shared', 'corpus');
const EXTENSION = path.join(ROOT, 'dist', 'extension.js');
const PROFILES = path.join(CACHE, 'profiles');
/**
 * How long a sources session's host is watched idle: V8's memory reducer starts a
 * memory-reducing collection 8 s after a full one and another after that (two in 40 s in an
 * editor session, --trace-gc), each a pause of the host's thread that grows with its heap.
 */
const IDLE_MS = 30_000;

export interface VscodeBenchOptions {
  runs?: number;
  only?: 'editor' | 'sources' | 'sources10k' | 'views10k' | 'large' | 'viewsLarge';
  /** Write .cpuprofile files of the first run and print the extension's hotspots. */
  profile?: boolean;
  verbose?: boolean;
}

export async function benchVscode(options: VscodeBenchOptions = {}): Promise<void> {
  if (!fs.existsSync(EXTENSION)) throw new Error(`${path.relative(process.cwd(), EXTENSION)} is missing: run \`node esbuild.mjs\` first`);
  const runs = options.runs ?? 3;
  const t0 = performance.now();
  const ws = loadOrBuildVscodeWorkspaces(CACHE, ARTICLES);
  const built = (performance.now() - t0) / 1000;
  await buildRunner();
  console.log(
    `\nIn the real editor: code-server (VS Code 1.100.3), headless Chromium, ${runs} fresh session${runs === 1 ? '' : 's'} per workspace` +
      `${built > 1 ? ` (workspaces generated in ${built.toFixed(1)} s)` : ''}` +
      `${process.env.MARGINALIA_BENCH_GIT === 'off' ? '; VS Code’s Git extension OFF (a diagnostic: MARGINALIA_BENCH_GIT=off)' : ''}` +
      `${process.env.MARGINALIA_BENCH_GIT === 'noscan' ? '; VS Code’s Git extension on, git.repositoryScanMaxDepth 0 (MARGINALIA_BENCH_GIT=noscan)' : ''}` +
      `${process.env.MARGINALIA_BENCH_GIT === 'repo' ? '; each workspace a git repository, everything committed (MARGINALIA_BENCH_GIT=repo)' : ''}`,
  );
  if (options.profile) fs.rmSync(PROFILES, { recursive: true, force: true });

  const editor: EditorResult[] = [];
  const sources: SourcesResult[] = [];
  const sources10k: SourcesResult[] = [];
  // each sources session is followed by one reopening the same workspace with the same user data,
  // and, at 2,000 sources, by a third with the same user data but without the index it kept: the
  // workspace's first index in a VS Code that has run before (the first session is also VS Code's
  // own first run, which does first-run work of its own in the same seconds)
  const reopened: SourcesResult[] = [];
  const reopened10k: SourcesResult[] = [];
  const unkept: SourcesResult[] = [];
  const withReopen = async (into: SourcesResult[], again: SourcesResult[], third: SourcesResult[] | null, session: Parameters<typeof runSession>[0]) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-bench-reopen-'));
    // the same address each time: a browser's workspace storage is keyed by the folder's URI, port and all
    const port = await freePort();
    try {
      // the first session also watches the host idle after its re-indexes (V8's idle collections)
      into.push((await runSession({ ...session, scratch, port, idleMs: IDLE_MS })) as SourcesResult);
      // each session's profiles in a folder of its own (the first's are the ones whose hotspots are printed)
      const profileDir = (kind: string) => session.profileDir && path.join(session.profileDir, kind);
      again.push((await runSession({ ...session, scratch, port, profileDir: process.env.BENCH_PROFILE_REOPEN ? profileDir('reopened') : undefined })) as SourcesResult);
      if (!third) return;
      if (!removeKeptIndex(scratch)) throw new Error(`no kept index found under ${scratch}: the third session would not be a first index`);
      third.push((await runSession({ ...session, scratch, port, profileDir: profileDir('run-before') })) as SourcesResult);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  };
  const views10k: ViewsResult[] = [];
  const large: SourcesResult[] = [];
  const viewsLarge: ViewsResult[] = [];
  for (let r = 0; r < runs; r++) {
    const profileDir = options.profile && r === 0 ? PROFILES : undefined;
    if (!options.only || options.only === 'editor') {
      editor.push((await runSession({ mode: 'editor', workspace: ws.editor.dir, profileDir, verbose: options.verbose })) as EditorResult);
      process.stdout.write(`  run ${r + 1}/${runs}: editor done\n`);
    }
    if (!options.only || options.only === 'sources') {
      await withReopen(sources, reopened, unkept, { mode: 'sources', workspace: ws.sources.dir, profileDir, verbose: options.verbose });
      process.stdout.write(`  run ${r + 1}/${runs}: sources done\n`);
    }
    if (!options.only || options.only === 'sources10k') {
      const big = loadOrBuildSourcesWorkspace(CACHE, ARTICLES);
      await withReopen(sources10k, reopened10k, null, { mode: 'sources', workspace: big.dir, profileDir: options.only === 'sources10k' ? profileDir : undefined, verbose: options.verbose, timeoutMs: 600_000 });
      process.stdout.write(`  run ${r + 1}/${runs}: sources at 10,000 done\n`);
    }
    if (!options.only || options.only === 'views10k') {
      const big = loadOrBuildSourcesWorkspace(CACHE, ARTICLES);
      // the session's mode is a string the runner reads (bench/vscode/index.ts)
      views10k.push((await runSession({ mode: 'views' as 'sources', workspace: big.dir, profileDir: options.only === 'views10k' ? profileDir : undefined, verbose: options.verbose, timeoutMs: 900_000 })) as unknown as ViewsResult);
      process.stdout.write(`  run ${r + 1}/${runs}: views at 10,000 done\n`);
    }
    if (!options.only || options.only === 'large') {
      const one = loadOrBuildLargeSidecar(CACHE, ARTICLES);
      large.push((await runSession({ mode: 'sources', workspace: one.dir, profileDir: options.only === 'large' ? profileDir : undefined, verbose: options.verbose })) as SourcesResult);
      process.stdout.write(`  run ${r + 1}/${runs}: one large sidecar done\n`);
    }
    if (!options.only || options.only === 'viewsLarge') {
      const one = loadOrBuildLargeSidecar(CACHE, ARTICLES);
      viewsLarge.push((await runSession({ mode: 'views' as 'sources', workspace: one.dir, profileDir: options.only === 'viewsLarge' ? profileDir : undefined, verbose: options.verbose, timeoutMs: 900_000 })) as unknown as ViewsResult);
      process.stdout.write(`  run ${r + 1}/${runs}: views on one large sidecar done\n`);
    }
  }
  if (editor.length) printEditor(ws, editor);
  if (sources.length) printSources(ws.sources, ws, sources, { populated: 2000, complete: 1000 }, reopened, unkept);
  if (sources10k.length) {
    const big = loadOrBuildSourcesWorkspace(CACHE, ARTICLES);
    printSources({ dir: big.dir, files: big.files, bytes: big.bytes, annotations: big.annotations }, ws, sources10k, { populated: 2000, complete: 5000, reindex: 5000, rssMB: 300 }, reopened10k, []);
  }
  if (views10k.length) printViews(views10k);
  if (large.length) printLarge(loadOrBuildLargeSidecar(CACHE, ARTICLES), large);
  if (viewsLarge.length) printViews(viewsLarge);
  if (options.profile) printProfiles();
}

// ---- tables ---------------------------------------------------------------------------------

type Row = [figure: string, target: string, median: string, range: string, verdict: string];

function printEditor(ws: VscodeWorkspaces, results: EditorResult[]): void {
  const e = ws.editor;
  console.log(
    `\n1 MB source: ${(e.bytes / 1048576).toFixed(2)} MB, ${e.lines.toLocaleString('en')} lines; registry ${ws.entities.toLocaleString('en')} entities ` +
      `(${ws.patterns.toLocaleString('en')} names and aliases), ${e.mentions.toLocaleString('en')} mentions of ${e.entitiesMentioned.toLocaleString('en')} of them; ${e.annotations} annotations`,
  );
  const perRun = (f: (r: EditorResult) => number) => results.map(f);
  const medianOpen = (f: (o: EditorResult['opens'][number]) => number) => (r: EditorResult) => median(r.opens.slice(1).map(f));
  const ks = (f: (k: EditorResult['keystrokes']) => Stats, s: keyof Stats) => perRun((r) => f(r.keystrokes)[s]);
  const rows: Row[] = [
    row('open → highlights drawn, first open of the session', perRun((r) => r.opens[0].openMs), 100),
    row(`open → highlights drawn, next opens (other 1 MB sources, median of ${results[0].opens.length - 1})`, perRun(medianOpen((o) => o.openMs)), 100),
    row('  openTextDocument: VS Code loads the 1 MB document', perRun(medianOpen((o) => o.documentMs))),
    row('  showTextDocument → drawn', perRun(medianOpen((o) => o.showMs))),
    row('  Marginalia: Decorations.render of the new editor, first open', perRun((r) => r.opens[0].renderMs)),
    row('  Marginalia: Decorations.render of the new editor, next opens', perRun(medianOpen((o) => o.renderMs))),
    row('  Marginalia: building the LiveDocument (LiveDocuments.get), first open', perRun((r) => r.opens[0].buildMs)),
    row('  Marginalia: building the LiveDocument, next opens', perRun(medianOpen((o) => o.buildMs))),
    row('  Marginalia: StatusBar.update on the open', perRun(medianOpen((o) => o.statusBarMs))),
    row('host stall after an open (debounced claim-cue scan)', perRun(medianOpen((o) => o.stallAfterMs)), 50),
    row('  host thread’s own CPU time inside it (the rest: waiting for a CPU; median)', perRun(medianOpen((o) => o.stallThreadCpuMs ?? NaN))),
    row('  garbage collection inside it (median)', perRun(medianOpen((o) => o.stallGcMs ?? NaN))),
    row('  Marginalia asking its worker for the opened source’s claim-cue scan: the request posted (median)', perRun(medianOpen((o) => o.cueAsk?.postMaxMs ?? NaN))),
    ['    the scans’ texts: whole / read from the file / the edits since / asked again whole (each run)', '', results.map((r) => cueTexts(r.opens.flatMap((o) => (o.cueAsk ? [o.cueAsk] : [])))).join('; '), '', ''],
    row('  VS Code alone: the same after opening a 1 MB .log Marginalia does not read (median)', perRun((r) => median((r.plainOpens ?? []).map((x) => x.stallAfterMs)))),
    row('    host thread’s own CPU time inside it (median)', perRun((r) => median((r.plainOpens ?? []).map((x) => x.stallThreadCpuMs ?? NaN)))),
    row(`keystroke: extension time, median of ${results[0].keystrokes.total.n}`, ks((k) => k.total, 'median'), 5),
    row('keystroke: extension time, p95', ks((k) => k.total, 'p95'), 5),
    row('keystroke: extension time, max', ks((k) => k.total, 'max'), 5),
    row('keystroke: extension time less the host thread’s wait for a CPU, max', ks((k) => k.running, 'max'), 5),
    row(`  the same, ${results[0].afterReduce?.total.n ?? 0} keystrokes right after a memory-reducing full GC (an idle host’s): extension time, max`, perRun((r) => r.afterReduce?.total.max ?? NaN), 5),
    row('    less the host thread’s wait for a CPU, max', perRun((r) => r.afterReduce?.running.max ?? NaN), 5),
    row('keystroke: host CPU time over the same span, median', ks((k) => k.cpu, 'median'), 5),
    row('keystroke: host CPU time over the same span, p95', ks((k) => k.cpu, 'p95'), 5),
    row('  LiveDocuments.onEdit with its listeners (median)', ks((k) => k.sync, 'median')),
    row('    of which re-finding mentions near the edit (median)', ks((k) => k.refind, 'median')),
    row('    of which its change event’s listeners (median)', ks((k) => k.listeners, 'median')),
    row('  Decorations redraw, in a microtask after it (median)', ks((k) => k.redraw, 'median')),
    row('keystroke round trip, editor.edit() → resolved (median)', ks((k) => k.roundTrip, 'median')),
    row('host stall after a typing pause (median of 20 sites)', ks((k) => k.stallAfter, 'median')),
    row('host stall after a typing pause (worst site)', ks((k) => k.stallAfter, 'max')),
    row('  Marginalia asking its worker for the claim-cue scan after a pause: the request posted, max', perRun((r) => r.keystrokes.cueAsk?.postMaxMs ?? NaN)),
    ['    the scans’ texts: whole / read from the file / the edits since / asked again whole (each run)', '', results.map((r) => cueTexts(r.keystrokes.cueAsk ? [r.keystrokes.cueAsk] : [])).join('; '), '', ''],
    row(`save of the edited source → highlights redrawn (median of ${results[0].saves.length})`, perRun((r) => median(r.saves.map((x) => x.redrawnMs))), 200),
    row('  save() → onDidSaveTextDocument reached the host (median)', perRun((r) => median(r.saves.map((x) => x.arrivedMs ?? NaN)))),
    row('  onDidSaveTextDocument reached the host → redrawn (Marginalia’s listeners; median)', perRun((r) => median(r.saves.map((x) => x.redrawnMs - (x.arrivedMs ?? NaN))))),
    row('    the same, host CPU time (every thread; median)', perRun((r) => median(r.saves.map((x) => x.dispatchCpuMs ?? NaN)))),
    row('  save() → onDidSaveTextDocument, after Marginalia’s listeners (median)', perRun((r) => median(r.saves.map((x) => x.didSaveMs)))),
    row('  VS Code alone: the same edit and save of a 1 MB .log Marginalia does not read, save() → onDidSave', perRun((r) => median((r.plainSaves ?? []).map((x) => x.didSaveMs)))),
    row('  VS Code alone: … save() → resolved', perRun((r) => median((r.plainSaves ?? []).map((x) => x.saveMs)))),
    row('  VS Code alone, the .log after the source’s 200 keystrokes typed in it: save() → onDidSave reached the host', perRun((r) => median((r.typedPlainSaves ?? []).map((x) => x.arrivedMs ?? NaN)))),
    row('  VS Code alone, … save() → resolved', perRun((r) => median((r.typedPlainSaves ?? []).map((x) => x.saveMs)))),
    row('  longest host stall during a save', perRun((r) => median(r.saves.map((x) => x.stallMs))), 50),
    // the worst, not only the median: one save in three held the host 315 ms (a stale read put back, issue 15) while the median said 22
    row('  the longest of all saves', [Math.max(...results.flatMap((r) => r.saves.map((x) => x.stallMs)))], 50),
    row('save after a 20 KB passage with annotations was cut and pasted far away: longest host stall', perRun((r) => median((r.pasteSaves ?? []).map((x) => x.stallMs))), 50),
    row('  the longest of all such saves', [Math.max(...results.flatMap((r) => (r.pasteSaves ?? []).map((x) => x.stallMs)))], 50),
    row(`  save() → the store holds the saved text and its placements (the editor’s worker placed ${placedOffThread(results)})`, perRun((r) => median((r.pasteSaves ?? []).map((x) => x.takenMs)))),
    row('  VS Code alone: the same cut, paste and save of a .log copy, longest host stall', perRun((r) => median(r.plainPasteStalls ?? []))),
    row('    host thread’s own CPU time inside it (the rest: waiting for a CPU; median)', perRun((r) => median(r.saves.map((x) => x.stallThreadCpuMs ?? NaN)))),
    row('    garbage collection inside it (median)', perRun((r) => median(r.saves.map((x) => x.stallGcMs ?? NaN)))),
    row('  garbage collection in the host from save() until quiet, in all (median)', perRun((r) => median(r.saves.map((x) => x.gcMs ?? NaN)))),
    ...SAVE_PARTS.map(([k, label]) => row(`    longest call: ${label}`, perRun((r) => median(r.saves.map((x) => x.parts?.[k] ?? NaN))))),
    ...registryRows(results.map((r) => r.registry), 'with the 1 MB source open'),
    ...(results.some((r) => r.firstIndex)
      ? [
          row('the first index of these four sources (5,000-entity registry): longest host stall, activate() → indexed', results.map((r) => r.firstIndex?.stallMs ?? NaN), 50),
          ['  mention matchers built on the host’s thread (each run)', '', results.map((r) => r.firstIndex?.hostBuilds ?? '–').join(', '), '', ''] as Row,
        ]
      : []),
    ...idleRows('after the saves, four 1 MB sources open', results.map((r) => r.idle)),
    memRow('host memory after opening: rss / heap / – / external (read without a collection)', results.map((r) => r.memory.afterOpen)),
    memRow('host memory after typing: rss / heap / – / external (the same)', results.map((r) => r.memory.afterTyping)),
    memRow('host memory at the end of the run: rss / heap / heap after GC / external', results.map((r) => r.memory.atEnd ?? { rssMB: NaN, heapUsedMB: NaN, heapLiveMB: NaN })),
  ];
  const f = (n: number) => n.toFixed(1);
  const line = (k: KeystrokeSplit) => `${f(k.total)} = ${f(k.sync)} [${f(k.refind)}, ${f(k.listeners)}] + ${f(k.redraw)}; gc ${f(k.gc)}${k.gcKinds ? ` (${k.gcKinds})` : ''}; cpu ${Math.round(k.cpuShare * 100)}%; waited ${f(k.waitMs)}; site ${k.site}, keystroke ${k.key}${k.endUs ? ` @ ${k.endUs}` : ''}`;
  const slow = results.flatMap((r) => r.keystrokes.slowest).sort((a, b) => b.total - a.total).slice(0, 5);
  console.log(`  slowest keystrokes over all runs (ms: total = onEdit [re-find, its listeners] + redraw; GC in it; CPU share; the host thread's wait for a CPU; where, @ its end in µs for bench/lib/stall-stack.ts):`);
  console.log(`    ${slow.map(line).join('\n    ')}`);
  const slowOwn = results.flatMap((r) => r.keystrokes.slowestOwn ?? []).sort((a, b) => ownMs(b) - ownMs(a)).slice(0, 5);
  console.log(`  the same, slowest by their own time (less the wait):`);
  console.log(`    ${slowOwn.map(line).join('\n    ')}`);
  const reduced = results.flatMap((r) => r.afterReduce?.slowest ?? []).sort((a, b) => b.total - a.total).slice(0, 3);
  if (reduced.length) console.log(`  slowest keystrokes right after a memory-reducing full GC:\n    ${reduced.map(line).join('\n    ')}`);
  console.log(`  keystroke path rehearsed before the first keystroke (LiveDocuments.rehearse), by run: ${results.map((r) => (r.keystrokes.rehearsed === undefined ? '?' : r.keystrokes.rehearsed ? 'yes' : 'no')).join(', ')}`);
  const over = results.map((r) => r.keystrokes.over5);
  const n = (g: (o: (typeof over)[number]) => number) => over.reduce((a, o) => a + g(o), 0);
  console.log(`  keystrokes over 5 ms, all runs: ${n((o) => o.count)} of ${results.length * results[0].keystrokes.total.n}; ` +
    `${n((o) => o.withGc)} overlapped a GC, ${n((o) => o.preempted)} got under half a CPU, ${n((o) => o.waited)} were within 5 ms but for the host thread's wait for a CPU (the machine is shared)`);
  const warm = results.flatMap((r) => r.opens).filter((o) => !o.cold).length;
  table(rows);
  if (warm) console.log(`  note: ${warm} open(s) found the document already loaded in the host`);
}

/** Targets in ms (rss in MB): issue 4's for 2,000 sources, issue 15's for both sizes. */
interface SourcesTargets {
  populated: number;
  complete: number;
  reindex?: number;
  rssMB?: number;
}

/**
 * Deletes the index Marginalia kept in the workspace storage under `scratch` (the extension's
 * INDEX_CACHE_FOLDER: its reads, registry parse and matcher), so that the next session's index
 * is a first one; how many such folders it found.
 */
function removeKeptIndex(scratch: string): number {
  let found = 0;
  const visit = (dir: string, depth: number) => {
    if (depth > 8) return;
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      const full = path.join(dir, d.name);
      if (d.name === INDEX_CACHE_FOLDER) {
        fs.rmSync(full, { recursive: true, force: true });
        found++;
      } else visit(full, depth + 1);
    }
  };
  visit(scratch, 0);
  return found;
}

function printSources(s: VscodeWorkspaces['sources'], ws: VscodeWorkspaces, results: SourcesResult[], targets: SourcesTargets, reopened: SourcesResult[], unkept: SourcesResult[]): void {
  const desks = new Set(fs.readdirSync(s.dir).filter((d) => d.startsWith('desk-'))).size;
  console.log(
    `\n${s.files.toLocaleString('en')} sources with sidecars: ${(s.bytes / 1048576).toFixed(1)} MB of text in ${desks} folder${desks === 1 ? '' : 's'}, ` +
      `${s.annotations.toLocaleString('en')} annotations; the same ${ws.entities.toLocaleString('en')}-entity registry`,
  );
  const perRun = (f: (r: SourcesResult) => number | null) => results.map((r) => f(r) ?? NaN);
  const rss = median(results.map((r) => r.memory.rssMB));
  const rows: Row[] = [
    row('activation: activate() call (host marks, 1 ms resolution)', perRun((r) => r.activateMs), 50),
    row('  before it: loading dist/extension.js (require)', perRun((r) => r.loadMs)),
    row('activation → Sources view populated (every source listed)', perRun((r) => r.populatedMs), targets.populated),
    row('activation → counts complete (every sidecar read, store ready), in VS Code’s first run', perRun((r) => r.completeMs), targets.complete),
    row('  then Problems and the Review view drawn too (the index’s final draw done)', perRun((r) => r.drawnMs)),
    row('  longest host stall during it, from the suite’s start to the final draw', perRun((r) => r.firstIndexStall ?? NaN), 50),
    row('reopened (the session before kept its reads): activation → counts complete', reopened.map((r) => r.completeMs), targets.complete),
    ['  sources taken from the kept reads, unread', '', reopened.length ? `${median(reopened.map((r) => r.cachedReads)).toLocaleString('en')} of ${s.files.toLocaleString('en')}` : 'n/a', '', ''],
    row('  host process CPU, all threads: start → counts complete', reopened.map((r) => r.cpu?.toComplete ?? NaN)),
    ...(unkept.length
      ? [
          row('VS Code run before, this workspace’s kept index deleted: activation → counts complete', unkept.map((r) => r.completeMs), targets.complete),
          ['  sources taken from kept reads', '', `${median(unkept.map((r) => r.cachedReads)).toLocaleString('en')} of ${s.files.toLocaleString('en')}`, '', ''] as Row,
          row('  longest host stall during it, from the suite’s start to the final draw', unkept.map((r) => r.firstIndexStall ?? NaN), 50),
          row('  host process CPU, all threads: start → counts complete', unkept.map((r) => r.cpu?.toComplete ?? NaN)),
        ]
      : []),
    row(`  TreeItems of the expanded tree, as the view fetches them (${results[0].items} items)`, perRun((r) => r.itemsMs)),
    row('full re-index, warm (Refresh), median of 3', perRun((r) => r.reindex.median), targets.reindex),
    row('  of which listing the folder (the store’s walk alone)', perRun((r) => r.walk?.median ?? NaN)),
    row('  longest host stall during it, its final draw included (median of 3)', perRun((r) => r.reindexStall?.median ?? NaN), 50),
    ...idleRows('after the re-indexes', results.map((r) => r.idle)),
    ...registryRows(results.map((r) => r.registry)),
    ...registryRows(results.map((r) => r.registryOpen), 'with one of the sources open'),
    row('  VS Code’s search for the same sources (findFiles alone), which the store used before', perRun((r) => r.findFiles?.median ?? NaN)),
    row('host process CPU, all threads: start → counts complete', perRun((r) => r.cpu?.toComplete ?? NaN)),
    row('host process CPU, all threads: one re-index', perRun((r) => r.cpu?.reindex.median ?? NaN)),
    memRow('host memory after indexing: rss / heap / heap after GC / external', results.map((r) => r.memory)),
  ];
  if (targets.rssMB !== undefined) rows.push(['  host rss after indexing', `≤ ${targets.rssMB} MB`, `${rss.toFixed(0)} MB`, results.length > 1 ? `${Math.min(...results.map((r) => r.memory.rssMB)).toFixed(0)} – ${Math.max(...results.map((r) => r.memory.rssMB)).toFixed(0)} MB` : '', rss <= targets.rssMB ? 'met' : 'NOT met']);
  table(rows);
  const early = results.filter((r) => r.populatedBeforeStart).length;
  if (early) console.log(`  note: in ${early} run(s) indexing had finished before the suite started: populated time is an upper bound`);
  const listed = results.map((r) => r.sources);
  if (listed.some((n) => n !== s.files)) console.log(`  WARNING: the Sources view listed ${listed.join(', ')} sources, expected ${s.files}`);
  if (results.some((r) => !r.activeAtStart)) console.log('  note: Marginalia was not yet active when the suite started; it activated it');
}

function printLarge(w: LargeSidecarWorkspace, results: SourcesResult[]): void {
  console.log(`\nOne source of ${(w.bytes / 1048576).toFixed(1)} MB with ${w.annotations.toLocaleString('en')} annotations in its sidecar (${(w.sidecarBytes / 1048576).toFixed(1)} MB), alone in a workspace`);
  const perRun = (f: (r: SourcesResult) => number | null) => results.map((r) => f(r) ?? NaN);
  table([
    row('activation → counts complete (the sidecar read and placed, store ready)', perRun((r) => r.completeMs)),
    row('full re-index (Refresh), median of 3', perRun((r) => r.reindex.median)),
    row('  longest host stall during it, its final draw included (median of 3)', perRun((r) => r.reindexStall?.median ?? NaN), 50),
    row('  the longest of all re-indexes', [Math.max(...results.map((r) => r.reindexStall?.max ?? NaN))], 50),
    row('its sidecar written on disk with a conflict (a pull): longest host stall, median of 3', perRun((r) => r.conflict?.stall.median ?? NaN), 50),
    row('  → the store holds the conflict', perRun((r) => r.conflict?.shown.median ?? NaN)),
    row('  written back clean: longest host stall, median of 3', perRun((r) => r.conflict?.cleanStall.median ?? NaN), 50),
    row('  → the conflict is gone', perRun((r) => r.conflict?.cleanShown.median ?? NaN)),
  ]);
}

function printViews(results: ViewsResult[]): void {
  const r0 = results[0];
  console.log(
    `\n${r0.sources.toLocaleString('en')} sources, ${r0.claims.toLocaleString('en')} claims, with the Sources, Entities and Claims views open ` +
      `(every status group expanded: ${r0.initialItems.claims.toLocaleString('en')} Claims items, ${r0.initialItems.entities.toLocaleString('en')} Entities items); medians of each run's changes`,
  );
  const rows: Row[] = [];
  for (const how of ['command', 'disk'] as const) {
    const what = how === 'command' ? 'Change Claim Status by command' : 'one sidecar written on disk (a pull)';
    const per = (f: (c: ViewsResult['changes'][number]) => number) => results.map((r) => median(r.changes.filter((c) => c.how === how).map(f)));
    rows.push(
      row(`${what}: longest host stall`, per((c) => c.stallMs), 50),
      row('  worst change of all runs', [Math.max(...results.flatMap((r) => r.changes.filter((c) => c.how === how).map((c) => c.stallMs)))]),
      row('  → the Claims view shows the new status', per((c) => c.shownMs)),
      row('  → the views settled (last item fetched)', per((c) => c.settledMs)),
      row('  longest single call into a view provider', per((c) => c.longestCallMs)),
    );
    const items = results.flatMap((r) => r.changes.filter((c) => c.how === how).map((c) => c.items));
    const m = (f: (i: (typeof items)[number]) => number) => median(items.map(f)).toFixed(0);
    rows.push([`  items re-fetched: sources / entities / claims / review`, '', `${m((i) => i.sources)} / ${m((i) => i.entities)} / ${m((i) => i.claims)} / ${m((i) => i.review ?? NaN)}`, '', '']);
  }
  rows.push(row('views shown at first (all items fetched)', results.map((r) => r.initialMs)));
  for (const view of results[0].analysis?.map((a) => a.view) ?? []) {
    const of = (f: (a: ViewsResult['analysis'][number]) => number) => results.map((r) => f(r.analysis.find((a) => a.view === view)!));
    const kinds = [...new Set(results.flatMap((r) => r.analysis.find((a) => a.view === view)!.gcKinds ?? []))];
    rows.push(
      row(`open the ${view}: longest host stall`, of((a) => a.stallMs), 50),
      row(`  in it, the host's GC${kinds.length ? ` (${kinds.join(', ')})` : ''}`, of((a) => a.gcInStallMs ?? NaN)),
      row('  in it, the host thread’s own CPU', of((a) => a.threadCpuMs ?? NaN)),
      row('  in it, the host thread waiting for a processor (the machine’s share)', of((a) => a.threadWaitMs ?? NaN)),
      row('  → its model posted to the page', of((a) => a.postedMs)),
    );
  }
  if (results[0].find) {
    rows.push(
      row('Find Annotation, a word typed: longest host stall', results.map((r) => r.find!.stallMs), 50),
      row('  last keystroke → its matches listed', results.map((r) => r.find!.listedMs)),
    );
  }
  table(rows);
}

function printProfiles(): void {
  if (!fs.existsSync(PROFILES)) return;
  for (const f of fs.readdirSync(PROFILES).filter((n) => n.endsWith('.cpuprofile')).sort()) {
    const file = path.join(PROFILES, f);
    // the workbench's profiles (Chromium) have no Marginalia in them: where its busy time went
    const wb = f.endsWith('.workbench.cpuprofile') ? workbenchHotspots(file) : null;
    const host = wb ? null : hotspots(file, EXTENSION);
    const { hotspots: rows, profileMs } = wb ?? host!;
    const busy = wb ? `the workbench busy ${wb.busyMs.toFixed(0)} ms` : `${host!.extensionMs.toFixed(0)} ms in Marginalia`;
    console.log(`\nProfile ${path.relative(process.cwd(), path.join(PROFILES, f))}: ${busy} of ${profileMs.toFixed(0)} ms sampled`);
    const w = Math.max(...rows.map((r) => r.name.length), 8);
    const v = Math.max(...rows.map((r) => r.where.length), 5);
    console.log(`  ${'function'.padEnd(w)}  ${'where'.padEnd(v)}  ${'self'.padStart(8)}  ${'total'.padStart(8)}`);
    for (const r of rows) console.log(`  ${r.name.padEnd(w)}  ${r.where.padEnd(v)}  ${fmt(r.selfMs).padStart(8)}  ${fmt(r.totalMs).padStart(8)}`);
  }
}

/** How the claim-cue scans' texts went to the editor's worker (editor.ts CueAsk), summed: "whole / file / edits / asked again". */
function cueTexts(asks: readonly CueAsk[]): string {
  const total = (k: keyof Omit<CueAsk, 'postMaxMs'>) => asks.reduce((n, a) => n + a[k], 0);
  return asks.length ? `${total('whole')} / ${total('file')} / ${total('edits')} / ${total('needed')}` : '–';
}

function row(figure: string, values: number[], target?: number): Row {
  const xs = values.filter((x) => Number.isFinite(x));
  if (!xs.length) return [figure, target === undefined ? '' : `≤ ${fmt(target)}`, 'n/a', '', ''];
  const m = median(xs);
  const range = xs.length > 1 ? `${fmt(Math.min(...xs))} – ${fmt(Math.max(...xs))}` : '';
  const verdict = target === undefined ? '' : m <= target ? 'met' : 'NOT met';
  return [figure, target === undefined ? '' : `≤ ${fmt(target)}`, fmt(m), range, verdict];
}

/** An entity added to the registry and undone, three times a run (bench/vscode/registryChange.ts); none when no run measured it. */
function registryRows(changes: (RegistryChange | undefined)[], where = ''): Row[] {
  if (!changes.some(Boolean)) return [];
  const per = (f: (c: RegistryChange) => number | undefined) => changes.map((c) => (c && f(c)) ?? NaN);
  return [
    row(`an entity added to the registry (New entity…)${where ? `, ${where}` : ''}: the command, every source read again, median of 3`, per((c) => c.addMs.median)),
    ...(changes.some((c) => c?.shownMs) ? [row('  → the open document’s editor holds the new entity’s mentions', per((c) => c.shownMs?.median))] : []),
    row('  longest host stall, until its draws are done (median of 3)', per((c) => c.addStall.median), 50),
    row('  the longest of all', [Math.max(...per((c) => c.addStall.max))], 50),
    row('  undone (Undo): the command, median of 3', per((c) => c.undoMs.median)),
    ...(changes.some((c) => c?.undoneMs) ? [row('  → the open document’s editor holds them no more', per((c) => c.undoneMs?.median))] : []),
    row('  longest host stall, until its draws are done (median of 3)', per((c) => c.undoStall.median), 50),
    row('  the longest of all', [Math.max(...per((c) => c.undoStall.max))], 50),
    ...(changes.some((c) => c?.refreshMs)
      ? [
          row('  each open source’s refresh on the host, until its request to the editor’s worker is posted: max', per((c) => c?.refreshMs?.max)),
          ['    its text: whole / read by the worker from the file / asked again whole (each run)', '', changes.map((c) => (c?.placeTexts ? `${c.placeTexts.whole} / ${c.placeTexts.file} / ${c.placeTexts.needed}` : '–')).join('; '), '', ''] as Row,
        ]
      : []),
    ...(changes.some((c) => c?.keystrokeAfter)
      ? [
          row('  the first keystroke typed after each change: extension time, max of 6', per((c) => c.keystrokeAfter?.total.max), 5),
          row('    of which re-finding mentions (the new registry’s matcher), max', per((c) => c.keystrokeAfter?.refind.max)),
          row('    less the host thread’s wait for a CPU, max', per((c) => c.keystrokeAfter?.own.max), 5),
        ]
      : []),
    ['  sources where the added entity is counted', '', changes.map((c) => c?.countedIn ?? '–').join(', '), '', ''],
  ];
}

/** The host watched idle (measure.ts watchIdle), one figure a run: its longest stall, and the GC and the thread's CPU in it. */
function idleRows(after: string, idle: (IdleFigures | undefined)[]): Row[] {
  const seconds = (idle.find((x) => x)?.ms ?? NaN) / 1000;
  return [
    row(`host idle ${seconds} s ${after}: longest stall (V8's idle collections)`, idle.map((x) => x?.longestMs ?? NaN), 50),
    row('  garbage collection inside it', idle.map((x) => x?.gcMs ?? NaN)),
    row('  the host thread’s own CPU time inside it', idle.map((x) => x?.threadCpuMs ?? NaN)),
  ];
}

/** How many of the runs' paste saves the editor's worker placed ("2 of 2"): one the host placed is the stall's cause, not the machine. */
function placedOffThread(results: EditorResult[]): string {
  const saves = results.flatMap((r) => r.pasteSaves ?? []);
  return `${saves.filter((x) => x.offThread).length} of ${saves.length}`;
}

function memRow(figure: string, ms: { rssMB: number; heapUsedMB: number; heapLiveMB: number; externalMB?: number }[]): Row {
  const m = (f: (x: (typeof ms)[number]) => number) => {
    // a NaN (a figure not read) comes from the host's JSON as null
    const v = median(ms.map((x) => f(x) ?? NaN));
    return Number.isFinite(v) ? v.toFixed(0) : '–';
  };
  return [figure, '', `${m((x) => x.rssMB)} / ${m((x) => x.heapUsedMB)} / ${m((x) => x.heapLiveMB)} / ${m((x) => x.externalMB ?? NaN)} MB`, '', ''];
}

function table(rows: Row[]): void {
  const head: Row = ['figure', 'target', 'median', 'range over runs', ''];
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, k) => (k === 0 || k === 4 ? c.padEnd(w[k]) : c.padStart(w[k]))).join('  ').trimEnd();
  console.log(line(head));
  console.log('  ' + w.map((n) => '─'.repeat(n)).join('  '));
  for (const r of rows) console.log(line(r));
}

function fmt(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const only = values.only === 'editor' || values.only === 'sources' || values.only === 'sources10k' || values.only === 'views10k' || values.only === 'large' || values.only === 'viewsLarge' ? values.only : undefined;
  const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  benchVscode({ runs: Number(values.runs), only, profile: values.profile, verbose: values.verbose }).then(
    () => process.exit(0), // code-server.mjs's signal hooks keep nothing alive, but be sure
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
