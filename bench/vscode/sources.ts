// Activation and the Sources view on a workspace of 2,000 sources with sidecars (issue #4,
// "Speed": populated within 2 s of activation; activation itself under 50 ms).
//
// The workspace holds marginalia.yaml, so VS Code activates Marginalia at startup
// (workspaceContains), before it runs this suite, exactly as for a user opening the folder. The
// activation is therefore read from the extension host's own marks, and the suite subscribes to
// the store as soon as it starts: indexing 2,000 files takes far longer than the gap.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { sourceGlobs } from '../../src/extension/config';
import { EXTENSION_ID } from '../../src/extension/ids';
import { listFolder } from '../../src/extension/store/sourceFinder';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { conflictPull, type ConflictPull } from './conflictPull';
import { registryChange, type RegistryChange } from './registryChange';
import { workerLine } from './workerLine';
import { activationMarks, idle, cpuByProcess, cpuByThread, cpuSince, gcSince, memory, profiled, watchIdle, type IdleFigures, StallMonitor, stats, waitFor, type ActivationMarks, type GcFigures, type Memory, type Stats } from './measure';

export interface SourcesResult {
  mode: 'sources';
  marks: ActivationMarks;
  /** Whether the extension was already active when the suite started (it should be). */
  activeAtStart: boolean;
  /** ms: the activate() call (willActivate → didActivate). */
  activateMs: number | null;
  /** ms: loading dist/extension.js (willLoad → didLoad). */
  loadMs: number | null;
  /** ms from the end of activate() to the Sources view's data being there. */
  populatedMs: number;
  /** From activation until every source is loaded (counts complete, store ready). */
  completeMs: number;
  /** Sources the first index took from the cache of the session before, unread (node/indexCache.ts): 0 in a fresh session. */
  cachedReads: number;
  /** From activation until Problems and the Review view have taken the counts too (the index's final draw done). */
  drawnMs: number;
  /** True when indexing had finished before the suite could watch: populatedMs is then an upper bound. */
  populatedBeforeStart: boolean;
  /** ms from activate() returning until the suite started watching. */
  suiteStartMs: number | null;
  /** Top-level items and all items the workbench fetches for the initially expanded tree. */
  topLevel: number;
  items: number;
  /** ms to produce those TreeItems, as the view does on first show. */
  itemsMs: number;
  sources: number;
  /** ms for VS Code's search (findFiles) of the sources alone, which the store used to list them with. */
  findFiles: Stats;
  /** ms for the store's own listing of the folder (sourceFinder.ts listFolder: one walk) alone. */
  walk?: Stats;
  /** ms for a full re-index (the Refresh command), warm. */
  reindex: Stats;
  /** ms: the extension host's longest pause during each re-index, until its final draw was done. */
  reindexStall?: Stats;
  /** ms: the extension host's longest pause during the first index, from the suite's start (the index was under way) until its final draw was done. */
  firstIndexStall?: number;
  /**
   * CPU ms the extension host process spent (every thread: the host's and the index workers')
   * from its start until counts were complete, and per re-index. Unlike the wall-clock figures
   * it moves less with the machine's load (not none: at load 15 it still varied by a third), so it
   * compares two versions on a shared machine better.
   */
  cpu?: { toComplete: number; reindex: Stats };
  memory: Memory;
  /**
   * The host watched idle for MARGINALIA_BENCH_IDLE_MS after the re-indexes (the first session of
   * a run): its longest stall, the GC inside it and of which kinds, the thread's CPU in it, and
   * every GC pause over 10 ms meanwhile.
   */
  idle?: IdleFigures;
  /** A workspace of one source (the `large` mode): its sidecar written on disk with a conflict and back (conflictPull.ts). */
  conflict?: ConflictPull;
  /** An entity added to the registry as New entity… adds it, and undone (registryChange.ts); the multi-source workspaces. */
  registry?: RegistryChange;
  /**
   * The same with one of the sources open in an editor, as an analyst has one while naming an
   * entity: the index workers read the closed sources again and the editor's worker places the
   * open one, each with the new registry's matcher.
   */
  registryOpen?: RegistryChange;
}

export async function benchSources(profileDir: string | undefined): Promise<SourcesResult> {
  const startedAt = Date.now();
  const ext = vscode.extensions.getExtension<MarginaliaApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const activeAtStart = ext.isActive;
  const cpuAtStart = cpuByProcess();
  const api = ext.isActive ? ext.exports : await ext.activate();
  const sources = api.trees.sources;
  // the first index's pauses from here (it began at activation, a few ms before) until its final
  // draw; with a profile folder, profiled from here too, the monitor started once the profiler has
  // (its start is a stall of its own)
  let firstStalls = new StallMonitor(true);
  firstStalls.start();
  // populated: the view lists the sources (their counts fill in until the store is ready)
  // (a tree being built anew answers with a promise: not yet)
  const isPopulated = () => {
    if (!api.store.listed) return false;
    const top = sources.getChildren();
    return Array.isArray(top) && top.length > 0;
  };
  let populatedBeforeStart = false;
  let populatedAt = 0;
  let completeAt = 0;
  let untilComplete!: ReturnType<StallMonitor['stop']>;
  let cpuToCompleteByProcess!: ReturnType<typeof cpuSince>;
  let drawStalls!: StallMonitor;
  let drawnAt = 0;
  let untilDrawn!: ReturnType<StallMonitor['stop']>;
  await profiled(profileDir, 'sources-first-index', async () => {
    if (profileDir) {
      firstStalls.stop();
      firstStalls = new StallMonitor(true);
      firstStalls.start();
    }
    populatedBeforeStart = isPopulated();
    populatedAt = populatedBeforeStart ? Date.now() : 0;
    if (!populatedBeforeStart) {
      // the store fires after the trees have updated (they subscribed at activation, first)
      const sub = api.store.onDidChange(() => {
        if (!populatedAt && isPopulated()) populatedAt = Date.now();
      });
      await waitFor(() => populatedAt || (isPopulated() && (populatedAt = Date.now())), 120_000, 'the Sources view is populated');
      sub.dispose();
    }
    await waitFor(() => api.store.ready, 120_000, 'indexing finished');
    completeAt = Date.now();
    untilComplete = firstStalls.stop(); // before this suite's own reads of /proc below
    cpuToCompleteByProcess = cpuSince(cpuAtStart, 10);
    // the index's whole final draw: Problems and the Review view take it in a task after the
    // counts' (Diagnostics, ReviewView), the store marks when they have; profiled too
    drawStalls = new StallMonitor(true);
    drawStalls.start();
    await waitFor(() => api.store.timings.drawn, 30_000, 'the final draw');
    drawnAt = Date.now();
    untilDrawn = drawStalls.stop(); // before the profile is written
  });
  const cachedReads = api.store.counts.cachedReads;
  const firstIndexStall = Math.max(untilComplete.max, untilDrawn.max);
  // with --profile: `node --import tsx bench/lib/stall-stack.ts <profile> <endUs> <ms>` shows what ran in it (the first window is in the profile)
  const sinceIndex = (end?: number) => (end === undefined ? '?' : `${Math.round(end - api.store.timings.started)} ms`);
  console.log(`[bench] first index: longest stall until counts complete ${untilComplete.max.toFixed(0)} ms @ ${firstStalls.longest.endUs} (ended ${sinceIndex(untilComplete.worst?.end)} after the index started, host thread CPU ${untilComplete.worst?.threadCpuMs.toFixed(0) ?? '?'} ms, waiting for a CPU ${untilComplete.worst?.threadWaitMs.toFixed(0) ?? '?'} ms; listed ${sinceIndex(api.store.timings.listed)}, ready ${sinceIndex(api.store.timings.ready)}; GC: longest pause ${untilComplete.gc.longestMs.toFixed(0)} ms (${untilComplete.gc.longestKind || 'none'}), ${untilComplete.gc.inLongestStallMs.toFixed(0)} ms inside that stall${untilComplete.gc.inLongestStallKinds.length ? ` (${untilComplete.gc.inLongestStallKinds.join(', ')})` : ''}), then until drawn ${untilDrawn.max.toFixed(0)} ms @ ${drawStalls.longest.endUs} (ended ${sinceIndex(untilDrawn.worst?.end)} after the index started, host thread CPU ${untilDrawn.worst?.threadCpuMs.toFixed(0) ?? '?'} ms, waiting for a CPU ${untilDrawn.worst?.threadWaitMs.toFixed(0) ?? '?'} ms; GC inside it ${untilDrawn.gc.inLongestStallMs.toFixed(0)} ms${untilDrawn.gc.inLongestStallKinds.length ? ` (${untilDrawn.gc.inLongestStallKinds.join(', ')})` : ''}; drawn ${sinceIndex(api.store.timings.drawn)})`);
  // the host's collections from the index's start: what the reads it receives and keeps cost it (issue 15)
  console.log(`[bench] first index: host GC from the index's start until counts complete ${gcSince(untilComplete.gc, api.store.timings.started)}, then until drawn ${gcSince(untilDrawn.gc, 0)}`);
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const cpuToComplete = cpuMs();
  const byThread = [...cpuByThread()].sort((a, b) => b[1].ms - a[1].ms);
  // the store's own marks (performance.now in this host): exact even when the suite starts late
  const t = api.store.timings;
  const at = (x: number) => (x ? `${Math.round(x - t.started)} ms` : '–');
  console.log(
    `[bench] store, after the index started: registries read ${at(t.registries)}, roots ${at(t.roots)}, listed ${at(t.listed)}, first read ${at(t.firstRead)}, last read ${at(t.lastRead)}, ready ${at(t.ready)}, drawn ${at(t.drawn)}; suite watching from the start: ${!populatedBeforeStart}`,
  );
  if (t.workers) console.log(`[bench] ${workerLine(t.workers, t.started)}`);
  // the host's threads in the order they were made (id less the process's): V8's platform threads come right after the main one, libuv's pool when first used
  if (process.env.MARGINALIA_BENCH_THREADS) console.log(`[bench] host threads by id: ${fs.readdirSync('/proc/self/task').map((t) => `+${Number(t) - process.pid} ${Math.round(Number(fs.readFileSync(`/proc/self/task/${t}/schedstat`, 'latin1').split(' ')[0]) / 1e6)}`).join(', ')}`);
  console.log(`[bench] CPU by process from the suite's start to counts complete (threads that ended are not counted): ${cpuToCompleteByProcess}`);
  console.log(`[bench] host process CPU by thread at counts complete (live threads; the workers have ended): ${byThread.map(([name, e]) => `${name}${e.threads > 1 ? ` ×${e.threads}` : ''} ${Math.round(e.ms)} ms${e.threads > 1 ? ` (${e.each.sort((a, b) => b - a).slice(0, 6).map(Math.round).join(', ')}…)` : ''}`).join(', ')}`);
  // every answer's marks, for a closer look (MARGINALIA_BENCH_TIMELINE=1)
  if (t.workers && process.env.MARGINALIA_BENCH_TIMELINE) console.log(`[bench] timeline ${JSON.stringify({ started: t.started, listed: t.listed, ...t.workers })}`);
  const marks = activationMarks(EXTENSION_ID);
  const span = (a?: number, b?: number) => (a !== undefined && b !== undefined ? b - a : null);
  if (marks.didActivate !== undefined) console.log(`[bench] the index started ${Math.round(performance.timeOrigin + t.started - marks.didActivate)} ms after activate() returned (didActivate ${Math.round(marks.didActivate - (marks.willActivate ?? marks.didActivate))} ms after willActivate)`);

  // What the view asks for when it is shown: the top level, and the children of every item
  // that starts expanded (folders do), each as a TreeItem.
  const t0 = performance.now();
  let items = 0;
  const walk = (nodes: TreeNode[]) => {
    for (const n of nodes) {
      const item = sources.getTreeItem(n) as vscode.TreeItem;
      items++;
      if (item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded) walk(sources.getChildren(n) as TreeNode[]);
    }
  };
  const top = await sources.getChildren();
  walk(top);
  const itemsMs = performance.now() - t0;
  // the index's work ends when its workers have written what it keeps for the next session,
  // after it is ready (indexCache.ts keepLater): until then they hold its reads, and their memory
  // is the host process's
  const rssDrawn = process.memoryUsage().rss;
  await waitFor(() => api.store.timings.kept > 0, 10_000, 'the index\'s reads kept').catch(() => undefined);
  const keptMs = api.store.timings.kept ? Math.round(api.store.timings.kept - api.store.timings.ready) : null;
  console.log(`[bench] reads kept for the next session ${keptMs === null ? 'never' : `${keptMs} ms after counts complete`}; rss ${Math.round(process.memoryUsage().rss / 1048576)} MB then, ${Math.round(rssDrawn / 1048576)} MB before`);
  const afterIndex = await memory('sources-indexed');

  const reindex: number[] = [];
  const reindexCpu: number[] = [];
  const reindexStall: number[] = [];
  const stallsAt: { ms: number; endUs: number }[] = [];
  const gcs: GcFigures[] = [];
  const ran: string[] = [];
  await profiled(profileDir, 'sources-reindex', async () => {
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      const c = cpuMs();
      const stalls = new StallMonitor(true);
      const before = cpuByProcess();
      const again = api.store.counts.readsAgain;
      stalls.start();
      await api.store.reindex({ reread: true }); // as the Refresh command: every file read, the cache aside
      await waitFor(isPopulated, 60_000, 're-index');
      reindex.push(performance.now() - t);
      reindexCpu.push(cpuMs() - c);
      // the host's longest pause over the whole index, its final draw included
      await waitFor(() => api.store.timings.drawn, 30_000, 'the re-index drawn');
      const stopped = stalls.stop();
      // who had the processors: the host thread's own CPU inside its longest stall (the rest it
      // waited), and each process's CPU over the re-index
      ran.push(`${(api.store.counts.readsAgain - again).toLocaleString('en')} entries taken again; ${stopped.max.toFixed(0)} ms with ${stopped.worst?.threadCpuMs.toFixed(0) ?? '?'} ms of the host thread's CPU in it; over the re-index ${cpuSince(before, 10)}`);
      reindexStall.push(stopped.max);
      stallsAt.push(stalls.longest);
      gcs.push(stopped.gc);
    }
  });
  console.log(`[bench] cpu: ${Math.round(cpuToComplete)} ms to counts complete; re-index ${reindexCpu.map(Math.round).join(', ')} ms`);
  // with --profile: `node --import tsx bench/lib/stall-stack.ts <profile> <endUs> <ms>` shows what ran in each
  console.log(`[bench] re-index longest stalls (ms @ monotonic µs at their end): ${stallsAt.map((s) => `${s.ms.toFixed(0)} @ ${s.endUs}`).join(', ')}`);
  console.log(`[bench] re-index CPU: ${ran.map((r, k) => `${k + 1}) ${r}`).join('; ')}`);
  // the host's own GC: its longest pause in each re-index, and how much of the longest stall was GC
  console.log(`[bench] re-index GC pauses: ${gcs.map((g) => `longest ${g.longestMs.toFixed(0)} ms (${g.longestKind}), ${g.inLongestStallMs.toFixed(0)} ms inside the longest stall${g.inLongestStallKinds.length ? ` (${g.inLongestStallKinds.join(', ')})` : ''}; in all ${gcSince(g, 0)}`).join('; ')}`);

  // The floor for listing the sources at all: the store's own listing, alone; and VS Code's
  // search for the same sources, which the store used before (three of them) to compare
  const folder = vscode.workspace.workspaceFolders![0];
  const listing: number[] = [];
  const log = vscode.window.createOutputChannel('Marginalia bench', { log: true });
  try {
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      await listFolder(folder, log, (f, rel) => api.store.isSourceIn(f, rel));
      listing.push(performance.now() - t);
    }
  } finally {
    log.dispose();
  }
  const { include, exclude } = sourceGlobs(folder.uri);
  const search: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, include.length === 1 ? include[0] : `{${include.join(',')}}`),
      exclude.length ? `{${exclude.join(',')}}` : undefined,
    );
    search.push(performance.now() - t);
  }

  const idleMs = Number(process.env.MARGINALIA_BENCH_IDLE_MS ?? 0);
  const idled = idleMs > 0 ? await watchIdle(idleMs, (line) => console.log(`[bench] ${line}`)) : undefined;

  const conflict = sources.fileCount === 1 ? await conflictPull(api, profileDir) : undefined;
  const registry = sources.fileCount > 1 ? await registryChange(api, profileDir) : undefined;
  const registryOpen = sources.fileCount > 1 ? await registryChangeOpen(api, profileDir) : undefined;

  return {
    mode: 'sources',
    findFiles: stats(search),
    walk: stats(listing),
    marks,
    activeAtStart,
    activateMs: span(marks.willActivate, marks.didActivate),
    loadMs: span(marks.willLoad, marks.didLoad),
    populatedMs: populatedAt - (marks.didActivate ?? startedAt),
    completeMs: completeAt - (marks.didActivate ?? startedAt),
    drawnMs: drawnAt - (marks.didActivate ?? startedAt),
    populatedBeforeStart,
    suiteStartMs: span(marks.didActivate, startedAt),
    topLevel: top.length,
    items,
    itemsMs,
    sources: sources.fileCount,
    reindex: stats(reindex),
    reindexStall: stats(reindexStall),
    firstIndexStall,
    cpu: { toComplete: cpuToComplete, reindex: stats(reindexCpu) },
    cachedReads,
    memory: afterIndex,
    ...(idled ? { idle: idled } : {}),
    ...(conflict ? { conflict } : {}),
    ...(registry ? { registry } : {}),
    ...(registryOpen ? { registryOpen } : {}),
  };
}

/**
 * registryChange with the corpus's first source open in an editor (SourcesResult.registryOpen),
 * its highlights drawn first; the editor closed after.
 */
async function registryChangeOpen(api: MarginaliaApi, profileDir: string | undefined): Promise<RegistryChange> {
  const root = api.store.allRoots()[0];
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root.uri, root.corpus.all()[0].source));
  await vscode.window.showTextDocument(doc, { preview: false });
  await waitFor(() => (api.live.get(doc)?.mentions.length ?? 0) > 0, 30_000, `the highlights of ${doc.uri.path}`);
  await api.store.whenDrawn();
  // the window's own work for the new editor (its first draws) done before the first change
  await idle(2_000);
  // its profile (--profile) beside the first change's, in a folder of its own
  const profileOpen = profileDir && `${profileDir}/source-open`;
  if (profileOpen) fs.mkdirSync(profileOpen, { recursive: true });
  try {
    return await registryChange(api, profileOpen, doc);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
}
