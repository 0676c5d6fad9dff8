// A one-source change at 10,000 sources with every Marginalia view open (issue 15: "no
// extension-host pause over 50 ms", whatever views are open). The Sources, Entities and Claims
// views are shown as a user has them — the container open, each view visible, every Claims
// status group expanded, the Entities view's top level listed — and then one source changes the
// two ways a user changes one:
//
//   command  Change Claim Status run on one claim with its arguments, as a hover link runs it
//            (the guarded write, the store's update, the views' refresh);
//   disk     one sidecar rewritten on disk with another status, as a `git pull` writes it
//            (the watcher, the store's re-read, the views' refresh).
//
// The Review view, in the same container, is open too (it shows with them, every source group
// expanded). Figures, with performance.now() in the host: the longest event-loop stall from the change
// until the views have settled (measure.ts StallMonitor: every task of the host counts), and the
// time until the views show it — when the workbench fetched the changed claim's item under its
// new status (the workbench asks the host for an item only to draw it), and when the last item
// or children call of the three views ended (nothing asked for 500 ms after it).
//
// Then each analysis view (ACH matrix, entity network, timeline) is opened from the palette in
// turn: the longest stall from the command until its model is posted, and the time to post it;
// and Find Annotation is typed into: the longest stall while typing, and the time to list.
//
// Every long list of the views (a Claims group, the Review view's sources, a folder of Sources,
// the entities) lists a page of rows (core/redraw/paging.ts):
// MARGINALIA_BENCH_PAGE=<n> sets the page size for a session (default PAGE_SIZE), to measure
// which size keeps the stall under 50 ms. A claim that lands beyond its new group's page is
// "shown" when the workbench fetched that group's item (its count) instead.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID, Views, Webviews } from '../../src/extension/ids';
import type { AnnotationNode } from '../../src/extension/views/annotationNode';
import type { TreeNode } from '../../src/extension/views/treeNode';
import type { Annotation } from '../../src/core/types';
import { idle, memory, profiled, progress, StallMonitor, timeMethod, waitFor, type Call, type Memory } from './measure';

/** Changes of each kind per session. */
const CHANGES = 5;
/** Quiet time that ends a change: no view asked for anything for this long. */
const SETTLE_MS = 500;
const STATUSES = ['disputed', 'corroborated', 'refuted', 'unverified'] as const;

export interface ViewChange {
  how: 'command' | 'disk';
  /** Longest host stall from the change until settled. */
  stallMs: number;
  stallsOver50: number;
  /** Change → the workbench fetched the changed claim's item under its new status. */
  shownMs: number;
  /** Change → the last call of the views' providers ended. */
  settledMs: number;
  /** Items (getTreeItem calls) the views built for the change, per view. */
  items: { sources: number; entities: number; claims: number; review: number };
  /** The longest single provider call (getChildren / getTreeItem) during it, ms. */
  longestCallMs: number;
}

/** An analysis view opened at this size (issue 13's views; issue 15's 50 ms). */
export interface AnalysisOpen {
  view: string;
  /** Longest host stall from the Open command until its model was posted, and a moment after. */
  stallMs: number;
  /** Open command → the model posted to the page. */
  postedMs: number;
  /** When the longest stall ended, on the monotonic clock in µs (with --profile: `bench/lib/stall-stack.ts views-analysis.cpuprofile <endUs> <stallMs>`). */
  stallEndUs: number;
  /** The host's GC pauses inside that stall, ms in all, and their kinds (minor, major…). */
  gcInStallMs: number;
  gcKinds: string[];
  /** Inside that stall, the host thread's own CPU time and its time runnable but waiting for a processor (Linux; NaN elsewhere). */
  threadCpuMs: number;
  threadWaitMs: number;
}

/** Find Annotation typed into (its picker searches every annotation at each keystroke). */
export interface FindTyped {
  /** Longest host stall while the query was typed a character at a time, until the list showed it. */
  stallMs: number;
  /** The last character typed → the picker listed its matches. */
  listedMs: number;
}

export interface ViewsResult {
  mode: 'views';
  find?: FindTyped;
  /** Each analysis view opened once after the changes, in turn. */
  analysis: AnalysisOpen[];
  sources: number;
  claims: number;
  /** Rows a Claims group or the Review view lists before its "Show N more…" row. */
  pageSize: number;
  /** Items fetched to draw the views at first, per view, and how long that took. */
  initialItems: { sources: number; entities: number; claims: number; review: number };
  initialMs: number;
  changes: ViewChange[];
  memory: Memory;
}

export async function benchViews(profileDir?: string): Promise<ViewsResult> {
  const ext = vscode.extensions.getExtension<MarginaliaApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  await waitFor(() => api.store.ready, 300_000, 'indexing finished');
  progress('indexed');
  const { trees } = api;
  const pageSize = Number(process.env.MARGINALIA_BENCH_PAGE ?? trees.claims.paging.pageSize);
  for (const paging of [trees.sources.paging, trees.entities.paging, trees.claims.paging, api.review.view.tree.paging]) paging.pageSize = pageSize;
  progress(`page size ${pageSize}`);
  // the Review view shares the container and shows with them: every claim not yet reviewed, by source
  const providers = { sources: trees.sources, entities: trees.entities, claims: trees.claims, review: api.review.view.tree } as const;

  // every call the workbench makes into the three providers, with when it ended
  const calls: { view: keyof typeof providers; kind: 'item' | 'children'; call: Call }[] = [];
  const restores: (() => void)[] = [];
  for (const view of Object.keys(providers) as (keyof typeof providers)[]) {
    for (const [name, kind] of [['getTreeItem', 'item'], ['getChildren', 'children']] as const) {
      const timed = timeMethod(providers[view], name);
      restores.push(timed.restore);
      const push = timed.calls.push.bind(timed.calls);
      timed.calls.push = (...cs: Call[]) => {
        for (const call of cs) calls.push({ view, kind, call });
        return push(...cs);
      };
    }
  }
  const settle = async (from: number): Promise<number> => {
    await waitFor(() => {
      const last = calls.length ? calls[calls.length - 1].call : undefined;
      const end = last ? last.start + last.ms : from;
      return performance.now() - Math.max(end, from) > SETTLE_MS;
    }, 120_000, 'the views settle');
    const last = calls[calls.length - 1]?.call;
    return last ? last.start + last.ms : from;
  };

  // Show the views as a user has them: the container, each view, every Claims group expanded.
  const t0 = performance.now();
  await vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`);
  for (const id of [Views.sources, Views.entities, Views.claims]) await vscode.commands.executeCommand(`${id}.focus`);
  await waitFor(() => trees.sourcesView.visible && trees.entitiesView.visible && trees.claimsView.visible, 30_000, 'the three views are visible');
  progress(`the Review view is ${api.review.view.view.visible ? '' : 'not '}visible`);
  for (const group of trees.claims.getChildren() as TreeNode[]) await trees.claimsView.reveal(group, { expand: true, select: false, focus: false });
  const initialEnd = await settle(t0);
  const count = (from: number, view: keyof typeof providers) => calls.filter((c) => c.view === view && c.kind === 'item' && c.call.start >= from).length;
  const initialItems = { sources: count(t0, 'sources'), entities: count(t0, 'entities'), claims: count(t0, 'claims'), review: count(t0, 'review') };
  progress(`views shown: ${JSON.stringify(initialItems)} items in ${Math.round(initialEnd - t0)} ms`);

  // The claims to change: ones with a status of their own and no links (a change that moves one
  // claim between two groups and nothing else), in sources spread over the corpus; in a
  // workspace of fewer sources than changes (one heavily annotated transcript), claims spread
  // over its sources.
  const root = api.store.allRoots()[0];
  const entries = root.corpus.all();
  const picks: { rel: string; id: string; status: string }[] = [];
  const changeable = (x: Annotation) => x.kind === 'claim' && !!x.status && !x.links?.length;
  for (let k = 0; picks.length < 2 * CHANGES && k < entries.length; k++) {
    const e = entries[Math.floor(((k * 7919) % entries.length))];
    const a = e.parsed?.sidecar?.annotations.find(changeable);
    if (a && !picks.some((p) => p.rel === e.source)) picks.push({ rel: e.source, id: a.id, status: a.status! });
  }
  for (const e of entries.length < 2 * CHANGES ? entries : []) {
    const claims = (e.parsed?.sidecar?.annotations ?? []).filter(changeable);
    for (let k = 1; picks.length < 2 * CHANGES && k < claims.length; k++) {
      const a = claims[Math.floor((k * 7919) % claims.length)];
      if (!picks.some((p) => p.rel === e.source && p.id === a.id)) picks.push({ rel: e.source, id: a.id, status: a.status! });
    }
  }
  if (picks.length < 2 * CHANGES) throw new Error('not enough claims to change');

  const changes: ViewChange[] = [];
  // --profile: one profile of the changes (by command, then on disk), hotspots printed by bench/vscode.ts
  await profiled(profileDir, 'views-changes', async () => {
  for (let n = 0; n < 2 * CHANGES; n++) {
    const how = n < CHANGES ? 'command' : 'disk';
    const pick = picks[n];
    const to = STATUSES.find((s) => s !== pick.status)!;
    const uri = api.store.uriOf(root, pick.rel);
    const sidecar = vscode.Uri.joinPath(root.uri, `${pick.rel}.annotations.yaml`);
    let before = '';
    if (how === 'disk') {
      before = fs.readFileSync(sidecar.fsPath, 'utf8');
      if (!before.includes(`status: ${pick.status}`)) throw new Error(`${pick.rel}: no "status: ${pick.status}" line to change`);
    }
    await idle(200);
    const mark = calls.length;
    const monitor = new StallMonitor();
    monitor.start();
    const start = performance.now();
    if (how === 'command') await vscode.commands.executeCommand(Commands.changeStatus, { source: uri.toString(), id: pick.id, status: to });
    else {
      // only the first claim's status line is ours to change: rewrite that one line in place
      const at = before.indexOf(`id: ${pick.id}`);
      const line = before.indexOf(`status: ${pick.status}`, at);
      fs.writeFileSync(sidecar.fsPath, before.slice(0, line) + `status: ${to}` + before.slice(line + `status: ${pick.status}`.length));
    }
    const why = () => {
      const since = calls.slice(mark);
      const found = root.corpus.find(pick.rel, pick.id);
      return `${since.length} calls since (${since.filter((c) => c.view === 'claims').length} claims); the corpus says ${found ? root.corpus.statusOf(pick.rel, found.annotation) : 'gone'}; shown: ${JSON.stringify(api.shown.slice(-2))}`;
    };
    // the group it moves to, and whether the claim lands within the rows it lists
    type Group = { status?: string; claims?: Partial<AnnotationNode>[] };
    const target = () => (trees.claims.getChildren() as Group[]).find((g) => g.status === to && Array.isArray(g.claims));
    const shown = await waitFor(() => {
      const group = target();
      const index = group?.claims?.findIndex((n) => n.annotation?.id === pick.id && n.source?.toString() === uri.toString()) ?? -1;
      const beyond = index >= trees.claims.paging.limit(`status:${to}`);
      for (let k = mark; k < calls.length; k++) {
        const c = calls[k];
        // duck-typed: this suite is bundled apart from the extension, with its own copy of the class
        const node = c.call.args[0] as (Partial<AnnotationNode> & Group) | undefined;
        if (c.view !== 'claims' || c.kind !== 'item') continue;
        if (node?.annotation?.id === pick.id && node.status === to) return c.call.start + c.call.ms;
        if (beyond && index >= 0 && node === group) return c.call.start + c.call.ms;
      }
      return undefined;
    }, 120_000, `the Claims view shows ${pick.rel}#${pick.id} as ${to}`).catch((e: Error) => {
      throw new Error(`${e.message}: ${why()}`);
    });
    const settledAt = await settle(start);
    const s = monitor.stop();
    const mine = calls.slice(mark);
    const items = (view: keyof typeof providers) => mine.filter((c) => c.view === view && c.kind === 'item').length;
    changes.push({
      how,
      stallMs: s.max,
      stallsOver50: s.over50,
      shownMs: shown - start,
      settledMs: settledAt - start,
      items: { sources: items('sources'), entities: items('entities'), claims: items('claims'), review: items('review') },
      longestCallMs: Math.max(0, ...mine.map((c) => c.call.ms)),
    });
    progress(`${how} ${n % CHANGES + 1}: ${JSON.stringify(changes[changes.length - 1])}`);
  }
  });
  for (const r of restores) r();

  // Then each analysis view opened from the palette, one at a time: its model is computed and
  // written as JSON in slices on the host (core/slices.ts), posted as bytes (with --profile:
  // views-analysis.cpuprofile)
  const analysis: AnalysisOpen[] = [];
  await profiled(profileDir, 'views-analysis', async () => {
    for (const [view, command, viewType] of [
      ['ACH matrix', Commands.openAchMatrix, Webviews.ach],
      ['entity network', Commands.openEntityNetwork, Webviews.network],
      ['timeline', Commands.openTimeline, Webviews.timeline],
    ] as const) {
      await idle(300);
      const monitor = new StallMonitor(true);
      monitor.start();
      const start = performance.now();
      await vscode.commands.executeCommand(command);
      const panel = api.analysis.panel(viewType);
      if (!panel) throw new Error(`${view}: no panel opened`);
      const posted = await waitFor(() => panel.posted > 0 && performance.now(), 300_000, `the ${view} posted its model`);
      await idle(300); // what follows the post on the host (VS Code's side of postMessage) counts too
      const stopped = monitor.stop();
      analysis.push({ view, stallMs: stopped.max, postedMs: posted - start, stallEndUs: monitor.longest.endUs, gcInStallMs: stopped.gc.inLongestStallMs, gcKinds: stopped.gc.inLongestStallKinds, threadCpuMs: stopped.worst?.threadCpuMs ?? NaN, threadWaitMs: stopped.worst?.threadWaitMs ?? NaN });
      progress(`${view}: ${JSON.stringify(analysis[analysis.length - 1])}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
  // Then Find Annotation from the palette, a query typed a character at a time (100 ms apart,
  // a brisk typist), as into its picker: each keystroke searches every annotation, in slices
  const realCreate = vscode.window.createQuickPick;
  let picker: vscode.QuickPick<vscode.QuickPickItem> | undefined;
  (vscode.window as { createQuickPick: unknown }).createQuickPick = () => (picker = realCreate());
  let find: FindTyped | undefined;
  try {
    const running = vscode.commands.executeCommand(Commands.findAnnotation);
    await waitFor(() => (picker?.items.length ?? 0) > 0, 120_000, 'Find Annotation lists the corpus');
    await idle(300);
    const qp = picker!;
    const monitor = new StallMonitor();
    monitor.start();
    let last = 0;
    let listed = 0;
    const shown = qp.items;
    for (const ch of 'minister') {
      qp.value += ch;
      last = performance.now();
      await idle(100);
    }
    listed = await waitFor(() => qp.items !== shown && !qp.busy && performance.now(), 120_000, 'the picker lists the matches');
    await idle(300);
    find = { stallMs: monitor.stop().max, listedMs: listed - last };
    progress(`find: ${JSON.stringify(find)}; ${qp.items.length} listed`);
    qp.hide();
    await running;
  } finally {
    (vscode.window as { createQuickPick: unknown }).createQuickPick = realCreate;
  }
  return {
    mode: 'views',
    find,
    analysis,
    sources: entries.length,
    claims: root.corpus.claims().length,
    pageSize,
    initialItems,
    initialMs: initialEnd - t0,
    changes,
    memory: await memory(),
  };
}
