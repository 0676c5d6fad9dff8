// 1 MB sources with a 5,000-entity registry in the real editor (issue #4, "Speed": highlights
// ready within 100 ms of opening; a keystroke updates them within 5 ms of extension time).
//
// How each figure is taken, all with performance.now() inside the extension host; methods are
// timed by shadowing them on the instances the extension exports (measure.ts, timeMethod), so
// nothing in the extension changes for the bench:
// - Opening: from openTextDocument() to the moment VS Code calls this suite's
//   onDidChangeVisibleTextEditors listener for the new editor. Marginalia's Decorations
//   subscribed to that event at activation, before this suite, so by then it has drawn the
//   visible lines (setDecorations sent). Its own share starts at its call into
//   LiveDocuments.get for the document (the first thing Decorations.render does). Each open is
//   of another 1 MB source: VS Code keeps a closed document loaded in the host, so re-opening
//   one would not be a first open.
// - Keystrokes: LiveDocuments.onEdit, the extension's onDidChangeTextDocument handler (shift
//   spans, re-find mentions near the edit, fire onDidChange, whose listeners run before it
//   returns: StatusBar.update, the Diagnostics debounce), plus Decorations' redraw, which runs in
//   a microtask queued during that handler: from its first LiveDocuments.get to a microtask
//   queued after it.
// - Saves: from TextDocument.save() until Marginalia has re-read the source and redrawn, split at
//   the moment onDidSaveTextDocument reached the host (the host's last idle tick before that
//   event's dispatch): before it is VS Code's save, after it Marginalia's listeners, in wall and
//   CPU time. The reference is a `.log` copy Marginalia does not read, saved the same way once
//   as it is and again after the source's 200 keystrokes were typed into it.
import { PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/extension/ids';
import { timeSaveParts, type SaveParts } from './saveParts';
import { registryChange, type RegistryChange } from './registryChange';
import { cpuByProcess, cpuSince, GcRecorder, ownMs, idle, memory, memoryUncollected, monotonicUs, progress, profiled, rng, StallMonitor, stats, timeMethod, waitFor, watchIdle, workbenchProfiled, type Call, type IdleFigures, type Memory, type Stats } from './measure';

/** The 1 MB sources of the workspace, each opened once: the host keeps a closed document loaded. */
const SOURCE_NAME = /^longread-\d+\.txt$/;
/** Saves of the edited source (desktop VS Code saves on demand; the web's default is auto-save). */
const SAVES = 3;
const SITES = 20;
/** How long the host is watched idle after the saves (two memory-reducing collections came in 40 s, --trace-gc). */
const IDLE_MS = 40_000;
/** Sites typed at after a memory-reducing GC (afterReduce). */
const REDUCED_SITES = 2;
/** Per site: a word typed, then two backspaces: 10 keystrokes. */
const WORD = ' claimed';
const BACKSPACES = 2;
/** Quiet time after each open and each typing burst, to catch debounced work (cues: 300 ms). */
const QUIET_MS = 600;

export interface OpenSample {
  /** openTextDocument() → Marginalia has drawn the editor. */
  openMs: number;
  /** openTextDocument() alone: VS Code loading 1 MB into the host. */
  documentMs: number;
  /** showTextDocument() → drawn. */
  showMs: number;
  /** Decorations.render for the new editor (from its LiveDocuments.get to the next listener). */
  renderMs: number;
  /** Building the LiveDocument (spans and mentions in editor offsets), by whichever reader came first. */
  buildMs: number;
  /** StatusBar.update calls during the open. */
  statusBarMs: number;
  /** Whether the host had really closed the document before this open (else it was warm). */
  cold: boolean;
  /** Longest event-loop stall in the quiet time after the open (debounced cue scan). */
  stallAfterMs: number;
  /** The host thread's own CPU time inside that stall (the rest: waiting for a processor, or in the kernel). */
  stallThreadCpuMs?: number;
  /** Garbage collection inside that stall. */
  stallGcMs?: number;
  /** Marginalia asking its worker for the cue scan of the opened document: the request posted (host time), and how its text went. */
  cueAsk?: CueAsk;
  mentions: number;
  annotations: number;
}

/**
 * The claim-cue scans Marginalia asked of its worker for a document: the host time of the
 * request's post at most (ms), and how many texts went whole, were read by the worker from the
 * file, went as edits, or were asked for again whole (core/worker/docTexts.ts).
 */
export interface CueAsk {
  postMaxMs: number;
  whole: number;
  file: number;
  edits: number;
  needed: number;
}

export interface EditorResult {
  mode: 'editor';
  bytes: number;
  lines: number;
  opens: OpenSample[];
  keystrokes: {
    /** Extension time per keystroke: `sync` plus `redraw`. */
    total: Stats;
    /** LiveDocuments.onEdit, the extension's onDidChangeTextDocument handler, with its listeners. */
    sync: Stats;
    /** Of which: re-finding mentions around the edit (refindMentions). */
    refind: Stats;
    /** Of which: LiveDocuments' change event, its listeners (Decorations, the cue hints, the status bar, the review threads). */
    listeners: Stats;
    /** Decorations' redraw, deferred to a microtask after the handlers (before the next paint). */
    redraw: Stats;
    /** editor.edit() → resolved: the round trip through the workbench, for context. */
    roundTrip: Stats;
    /** Longest event-loop stall in the quiet time after each typing burst. */
    stallAfter: Stats;
    /** The cue scans asked of the worker after the typing pauses. */
    cueAsk?: CueAsk;
    /** The five slowest keystrokes, split up: where the tail comes from. */
    slowest: KeystrokeSplit[];
    /** The five with the most time of their own (less the host thread's wait for a CPU). */
    slowestOwn?: KeystrokeSplit[];
    /** Keystroke rehearsals LiveDocuments had run when the first keystroke came (core/live/rehearse.ts: one a session). */
    rehearsed?: number;
    /**
     * CPU time of the host process from onEdit's start until the redraw settled: unlike wall
     * time, it does not grow when a loaded machine preempts the host (it does include other
     * threads of the process and other extensions' listeners in between).
     */
    cpu: Stats;
    /**
     * Keystrokes over 5 ms: how many overlapped a GC, how many ran on under half a CPU
     * (preempted), and how many were within 5 ms but for the time the host's thread waited for a
     * processor.
     */
    over5: { count: number; withGc: number; preempted: number; waited: number };
    /** Extension time per keystroke less the time the host's thread waited for a processor: the code's own. */
    running: Stats;
  };
  /** Saving the edited 1 MB source: what the store does when a source changes on disk. */
  saves: SaveSample[];
  /** Saves after a passage holding annotations was cut and pasted elsewhere: edits the host cannot carry the placements across. */
  pasteSaves?: PasteSaveSample[];
  /** The same cut, paste and save of a `.log` copy Marginalia does not read: VS Code's own longest stall, the floor under the paste save's. */
  plainPasteStalls?: number[];
  /**
   * The same edit and save of a 1 MB file Marginalia does not read (a `.log` copy of the source,
   * in the same editor and session): VS Code's own save, the floor under save → redrawn.
   */
  plainSaves: PlainSaveSample[];
  /**
   * The same again after the source's 200 keystrokes were typed in the `.log` too, at the same
   * places with the same pauses: VS Code's save of a 1 MB document edited as the source was.
   */
  typedPlainSaves?: PlainSaveSample[];
  /**
   * Opening a 1 MB file Marginalia does not read (a `.log` copy of a source, in the same
   * session), with the same quiet time after: VS Code's own stall after an open, the floor
   * under Marginalia's.
   */
  plainOpens?: PlainOpenSample[];
  /**
   * Keystrokes typed at REDUCED_SITES sites right after a memory-reducing full GC (the one
   * memory() forces, as V8's memory reducer does in a host left idle): the young generation at
   * its least, the first collections come often.
   */
  afterReduce?: EditorResult['keystrokes'];
  /**
   * The workspace's first index (four sources, the 5,000-entity registry), from activate()
   * returning until indexed: the host's longest stall, its thread's own CPU in it, and how many
   * mention matchers the host built on its own thread (a few sources are read on the host; the
   * registry's matcher is the index worker's that parsed it: registryParse.ts).
   */
  firstIndex?: { stallMs: number; threadCpuMs?: number; hostBuilds: number };
  /** The host watched idle IDLE_MS after the saves, with the four 1 MB sources open: V8's idle collections. */
  idle?: IdleFigures;
  /** An entity added to the registry with the 1 MB source open, and undone (registryChange.ts). */
  registry?: RegistryChange;
  /** Memory after opening and after typing, read without a collection (heapLiveMB NaN); at the end of the run, after a full GC. */
  memory: { beforeOpen: Memory; afterOpen: Memory; afterTyping: Memory; atEnd?: Memory };
}

export interface KeystrokeSplit {
  /** Which site (1-based; odd sites are inside a registry mention) and which keystroke there (1-based: WORD's letters, then the backspaces). */
  site: number;
  key: number;
  total: number;
  sync: number;
  refind: number;
  /** LiveDocuments' change event inside onEdit: its listeners. */
  listeners: number;
  redraw: number;
  /** GC inside the keystroke's extension time. */
  gc: number;
  /** Its kinds, with their ms in it (`minor 4.1`); empty when none. */
  gcKinds?: string;
  /** CPU time of the host process over the keystroke's wall time (1 = never preempted). */
  cpuShare: number;
  /** Of the keystroke's time, how long the host's thread waited for a processor (the machine's share). */
  waitMs: number;
  /** When it settled, on the monotonic clock in µs (V8's CPU profiles' clock): for bench/lib/stall-stack.ts with `--profile`. */
  endUs?: number;
}

export interface PlainOpenSample {
  /** Longest event-loop stall in the quiet time after the open. */
  stallAfterMs: number;
  /** The host thread's own CPU time inside it. */
  stallThreadCpuMs?: number;
}

export interface PlainSaveSample {
  /** save() → resolved. */
  saveMs: number;
  /** save() → onDidSaveTextDocument, as a listener of this suite hears it. */
  didSaveMs: number;
  /** save() → the host began dispatching onDidSaveTextDocument (its last idle moment before, ±1 ms). */
  arrivedMs?: number;
}

export interface SaveSample {
  /** save() → resolved. */
  saveMs: number;
  /** save() → onDidSaveTextDocument, heard after Marginalia's own listeners of it ran. */
  didSaveMs: number;
  /**
   * save() → the host began dispatching onDidSaveTextDocument: when it was last idle before the
   * dispatch in which this suite's listener ran (±1 ms). redrawnMs − arrivedMs is Marginalia's
   * part (and any other listener's) after VS Code said the file was written.
   */
  arrivedMs?: number;
  /**
   * CPU time of the host process (every thread) from the host's last idle moment before the
   * onDidSave dispatch until the redraw: unlike redrawnMs − arrivedMs, it does not grow when a
   * loaded machine preempts the host.
   */
  dispatchCpuMs?: number;
  /** save() → Marginalia has re-read the source and redrawn its highlights. */
  redrawnMs: number;
  /** Longest event-loop stall from save() until quiet. */
  stallMs: number;
  /** The host thread's own CPU time inside that stall (the rest: preempted, or in the kernel). */
  stallThreadCpuMs?: number;
  /** Garbage collection inside that stall. */
  stallGcMs?: number;
  /** Garbage collection from save() until quiet, all of it. */
  gcMs?: number;
  /** The longest synchronous call of each host-side part of the save (saveParts.ts). */
  parts: SaveParts;
}

/** A save after a passage of PASTE_CHARS holding annotations was cut and pasted far away. */
export interface PasteSaveSample {
  /** Annotations in the passage moved. */
  moved: number;
  /** Longest host stall from save() until quiet. */
  stallMs: number;
  /** save() → the store holds the saved text with its placements. */
  takenMs: number;
  /** Whether the editor's worker placed it (documentHooks.ts), not the host. */
  offThread: boolean;
  /** The longest synchronous call of each host-side part of the save (saveParts.ts). */
  parts: SaveParts;
}

/** The passage a paste save moves (UTF-16 units), and how many such saves a run makes. */
const PASTE_CHARS = 20_000;
const PASTE_SAVES = 2;

export async function benchEditor(profileDir: string | undefined): Promise<EditorResult> {
  const ext = vscode.extensions.getExtension<MarginaliaApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  // the first index's pauses from here (it began at activation, a few ms before) until indexed
  const indexStalls = new StallMonitor(true);
  indexStalls.start();
  await waitFor(() => api.store.ready, 120_000, 'the store has indexed the workspace');
  await api.store.whenIndexed();
  const indexed = indexStalls.stop();
  const firstIndex = { stallMs: indexed.max, threadCpuMs: indexed.worst?.threadCpuMs, hostBuilds: api.store.matchers.builds };
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const uris = (await vscode.workspace.fs.readDirectory(folder))
    .map(([name]) => name)
    .filter((name) => SOURCE_NAME.test(name))
    .sort()
    .map((name) => vscode.Uri.joinPath(folder, name));
  if (!uris.length) throw new Error(`no longread-*.txt in ${folder.fsPath}`);
  const first = api.store.sourceFor(uris[0]);
  // the store keeps no text of a closed source (issue 15): asked of it again
  const entryText = first?.entry?.readable ? await api.store.textOf(first) : null;
  if (!entryText) throw new Error(`the store has not read ${uris[0].fsPath}`);
  progress(`${uris.length} sources indexed: the longest host stall ${firstIndex.stallMs.toFixed(1)} ms (host thread CPU ${firstIndex.threadCpuMs?.toFixed(1) ?? '?'} ms); matchers built on the host's thread: ${firstIndex.hostBuilds}`);

  const beforeOpen = memoryUncollected();
  const opens = await profiled(profileDir, 'editor-open', () => measureOpens(api, uris));
  // read without a forced collection: the inspector's is a memory-reducing one, which shrinks
  // V8's young generation to its least, and the keystrokes after it paid a collection every 2 MB
  // or so, the first 3-31 ms (--trace-gc); an analyst types after opening with no such GC
  // between. The keystrokes after one are measured apart, at the end (afterReduce).
  const afterOpen = memoryUncollected();
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() !== uris[uris.length - 1].toString()) throw new Error('the last source opened is not the active editor');
  const { sites, first: _first, ...keystrokes } = await profiled(profileDir, 'editor-typing', () => measureTyping(api, editor));
  const afterTyping = memoryUncollected();
  const saves = await workbenchProfiled(profileDir, 'editor-save', () => profiled(profileDir, 'editor-save', () => measureSaves(api, editor)));
  const { plainSaves, typedPlainSaves } = await measurePlainSaves(folder, editor.document.getText(), sites, profileDir);
  const plainOpens = await measurePlainOpens(folder, entryText, uris.length - 1);
  const pasteSaves = await profiled(profileDir, 'editor-paste-save', () => measurePasteSaves(api, editor.document));
  const plainPasteStalls = await measurePlainPasteSaves(folder, editor.document.getText());
  // V8's memory reducer runs a memory-reducing full GC in a host left idle a while; the
  // keystrokes after one, as after the inspector's (memory())
  const idled = await watchIdle(IDLE_MS, progress);
  const atEnd = await memory();
  const again = await vscode.window.showTextDocument(editor.document, { preview: false });
  const { sites: _, first: _firstReduced, ...afterReduce } = await measureTyping(api, again, REDUCED_SITES, 0x72656475);
  // an entity added to the registry with the 1 MB source open, and undone, with a site typed at
  // after each (the first keystroke's matcher is the new registry's); last, so that the typing
  // above is not after a registry change
  let seed = 0x72656769;
  const registry = await registryChange(api, profileDir, again.document, async () => {
    const typed = await measureTyping(api, again, 1, seed++);
    return typed.first;
  });
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  return {
    mode: 'editor',
    bytes: Buffer.byteLength(entryText),
    lines: editor.document.lineCount,
    opens,
    keystrokes,
    saves,
    pasteSaves,
    plainPasteStalls,
    plainSaves,
    typedPlainSaves,
    plainOpens,
    registry,
    afterReduce,
    firstIndex,
    idle: idled,
    memory: { beforeOpen, afterOpen, afterTyping, atEnd },
  };
}

async function measureOpens(api: MarginaliaApi, uris: vscode.Uri[]): Promise<OpenSample[]> {
  const get = timeMethod(api.live, 'get');
  const status = timeMethod(api.statusBar, 'update');
  const samples: OpenSample[] = [];
  try {
    for (const [k, uri] of uris.entries()) {
      const cold = !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
      progress(`open ${k + 1}/${uris.length}`);
      let drawnAt = 0;
      const sub = vscode.window.onDidChangeVisibleTextEditors((editors) => {
        if (!drawnAt && editors.some((e) => e.document.uri.toString() === uri.toString())) drawnAt = performance.now();
      });
      const getFrom = get.calls.length;
      const statusFrom = status.calls.length;
      let opened: vscode.TextDocument | undefined;
      const cueAsks = timeCueAsks(api, () => opened);
      const t0 = performance.now();
      const doc = (opened = await vscode.workspace.openTextDocument(uri));
      const t1 = performance.now();
      await vscode.window.showTextDocument(doc, { preview: false });
      await waitFor(() => drawnAt, 30_000, `the editor of ${uri.path} is visible`);
      sub.dispose();
      // Decorations.render reads LiveDocuments.get first, in the same dispatch as our listener:
      // the last call before it. (Diagnostics may have read it earlier: its cue scan runs 300 ms
      // after the document opened, which can be before the editor shows on a slow first open.)
      const reads = get.calls.slice(getFrom).filter((c) => c.args[0] === doc);
      const render = reads.filter((c) => c.start < drawnAt).pop();
      if (!render) throw new Error('Decorations did not read LiveDocuments for the new editor: update bench/vscode/editor.ts');
      const statusBarMs = sum(status.calls.slice(statusFrom).filter((c) => c.start >= t0));

      const { max: stallAfterMs, worst, gc } = await quietAfterOpen(`open ${k + 1}/${uris.length}`);
      const cueAsk = cueAsks.done();

      // the read that built the LiveDocument, whoever made it: the longest
      const buildMs = Math.max(...reads.map((c) => c.ms));
      const live = api.live.get(doc);
      if (!live || live.mentions.length === 0) throw new Error('no highlights: the LiveDocument has no mentions');
      samples.push({
        openMs: drawnAt - t0,
        documentMs: t1 - t0,
        showMs: drawnAt - t1,
        renderMs: drawnAt - render.start,
        buildMs,
        statusBarMs,
        cold,
        stallAfterMs,
        stallThreadCpuMs: worst?.threadCpuMs,
        stallGcMs: gc.inLongestStallMs,
        cueAsk,
        mentions: live.mentions.length,
        annotations: live.annotations.length,
      });
    }
  } finally {
    get.restore();
    status.restore();
  }
  return samples;
}

async function measureTyping(api: MarginaliaApi, editor: vscode.TextEditor, siteCount = SITES, seed = 0x6b657973): Promise<EditorResult['keystrokes'] & { sites: number[]; first: KeystrokeSplit }> {
  const doc = editor.document;
  const rehearsed = api.live.rehearsals;
  const live = api.live as unknown as object;
  const onEdit = timeMethod(live, 'onEdit', { settle: true, wait: true });
  const refind = timeMethod(live, 'refindMentions');
  const get = timeMethod(live, 'get', { wait: true });
  const fire = timeMethod((live as { changed: object }).changed, 'fire');
  // performance.now() → the monotonic clock in µs (the CPU profiles')
  const monoUs = monotonicUs() - performance.now() * 1000;
  const roundTrip: number[] = [];
  const stallAfter: number[] = [];
  const rand = rng(seed);
  const sites: number[] = [];
  const gc = new GcRecorder();
  gc.start();
  const cueAsks = timeCueAsks(api, () => doc);
  let cueAsk: CueAsk | undefined;
  try {
    for (let s = 0; s < siteCount; s++) {
      // half the sites inside a registry mention (breaking it), half at a word boundary
      const text = doc.getText();
      const mentions = api.live.get(doc)!.mentions;
      let at: number;
      if (s % 2 === 0 && mentions.length) {
        const m = mentions[Math.floor(rand() * mentions.length)];
        at = m.start + Math.min(2, m.end - m.start - 1);
      } else {
        at = text.indexOf(' ', Math.floor(rand() * text.length));
        if (at < 0) at = 0;
      }
      sites.push(at);
      await typeAt(editor, at, async (keystroke) => {
        const before = onEdit.calls.length;
        const t = performance.now();
        await keystroke();
        roundTrip.push(performance.now() - t);
        await waitFor(() => onEdit.calls.length > before, 5_000, 'LiveDocuments.onEdit runs for the keystroke');
      });
      const quiet = new StallMonitor(true);
      quiet.start();
      await idle(QUIET_MS);
      const stopped = quiet.stop();
      stallAfter.push(stopped.max);
      progress(`typed at site ${s + 1}/${siteCount}: longest stall in the pause after it ${stopped.max.toFixed(1)} ms @ ${quiet.longest.endUs} (host thread CPU ${stopped.worst?.threadCpuMs.toFixed(1) ?? '?'} ms, waiting for a CPU ${stopped.worst?.threadWaitMs.toFixed(1) ?? '?'} ms, GC ${stopped.gc.inLongestStallMs.toFixed(1)} ms)`);
    }
  } finally {
    cueAsk = cueAsks.done();
    gc.stop();
    onEdit.restore();
    refind.restore();
    get.restore();
    fire.restore();
  }
  // a change of the dirty state comes as an event without content changes: not a keystroke
  const mine = onEdit.calls.filter((c) => {
    const e = c.args[0] as vscode.TextDocumentChangeEvent;
    return e.document === doc && e.contentChanges.length > 0;
  });
  if (mine.length !== siteCount * (WORD.length + BACKSPACES)) throw new Error(`timed ${mine.length} keystrokes, expected ${siteCount * (WORD.length + BACKSPACES)}`);
  const within = (calls: Call[], c: Call) => sum(calls.filter((x) => x.start >= c.start && x.start <= c.start + c.ms));
  // Decorations redraws in a microtask queued during onEdit, so before the one timeMethod queued
  // as onEdit returned; it starts by reading LiveDocuments.get. Other extensions' listeners run
  // between the two and are left out.
  const firstGet = (c: Call) => get.calls.find((g) => g.start >= c.start + c.ms && c.settled !== undefined && g.start <= c.settled);
  const redraw = (c: Call) => {
    const first = firstGet(c);
    return first ? c.settled! - first.start : 0;
  };
  // the host thread's wait for a processor inside the keystroke's two parts: onEdit, and the
  // redraw from its first LiveDocuments.get until settled (not the other listeners between them)
  const waited = (c: Call) => {
    const first = firstGet(c);
    const sync = (c.waitEnd ?? NaN) - (c.waitAt ?? NaN);
    const redraw = first ? (c.waitSettled ?? NaN) - (first.waitAt ?? NaN) : 0;
    return sync + redraw;
  };
  const perSite = WORD.length + BACKSPACES;
  const split = (c: Call, k: number): KeystrokeSplit => ({
    site: Math.floor(k / perSite) + 1,
    key: (k % perSite) + 1,
    total: c.ms + redraw(c),
    sync: c.ms,
    refind: within(refind.calls, c),
    listeners: within(fire.calls, c),
    redraw: redraw(c),
    gc: gc.within(c.start, c.settled ?? c.start + c.ms),
    gcKinds: gc.kindsWithin(c.start, c.settled ?? c.start + c.ms),
    cpuShare: c.cpuMs !== undefined && c.settled !== undefined ? c.cpuMs / Math.max(1e-3, c.settled - c.start) : NaN,
    waitMs: waited(c),
    endUs: Math.round((c.settled ?? c.start + c.ms) * 1000 + monoUs),
  });
  const splits = mine.map(split);
  const slow = splits.filter((k) => k.total > 5);
  return {
    slowest: [...splits].sort((a, b) => b.total - a.total).slice(0, 5),
    slowestOwn: [...splits].sort((a, b) => ownMs(b) - ownMs(a)).slice(0, 5),
    rehearsed,
    cpu: stats(mine.map((c) => c.cpuMs ?? NaN).filter((x) => Number.isFinite(x))),
    over5: { count: slow.length, withGc: slow.filter((k) => k.gc > 0.5).length, preempted: slow.filter((k) => k.cpuShare < 0.5).length, waited: slow.filter((k) => k.total - k.waitMs <= 5).length },
    running: stats(splits.map(ownMs)),
    total: stats(mine.map((c) => c.ms + redraw(c))),
    sync: stats(mine.map((c) => c.ms)),
    refind: stats(mine.map((c) => within(refind.calls, c))),
    listeners: stats(mine.map((c) => within(fire.calls, c))),
    redraw: stats(mine.map(redraw)),
    roundTrip: stats(roundTrip),
    stallAfter: stats(stallAfter),
    cueAsk,
    sites,
    first: splits[0],
  };
}

/**
 * Types at one site as the bench does: the site shown in the middle of the editor, then WORD
 * typed and BACKSPACES deleted, one edit per keystroke, each passed to `each` to run and time.
 */
async function typeAt(editor: vscode.TextEditor, at: number, each: (keystroke: () => Promise<void>) => Promise<void>): Promise<void> {
  const doc = editor.document;
  const pos = doc.positionAt(at);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  await waitFor(() => editor.visibleRanges.some((r) => r.contains(pos)), 5_000, 'the typing site is visible').catch(() => undefined);
  const edits: ((b: vscode.TextEditorEdit) => void)[] = [];
  // positions are taken when each edit runs, in the text as the previous ones left it
  for (let i = 0; i < WORD.length; i++) edits.push((b) => b.insert(doc.positionAt(at + i), WORD[i]));
  for (let i = 0; i < BACKSPACES; i++) {
    const end = at + WORD.length - i;
    edits.push((b) => b.delete(new vscode.Range(doc.positionAt(end - 1), doc.positionAt(end))));
  }
  for (const edit of edits) {
    await each(async () => {
      if (!(await editor.edit(edit, { undoStopBefore: false, undoStopAfter: false }))) throw new Error('editor.edit was refused');
    });
  }
}

/** Saves the edited source a few times (one small edit before each) and times the aftermath. */
async function measureSaves(api: MarginaliaApi, editor: vscode.TextEditor): Promise<SaveSample[]> {
  const doc = editor.document;
  const samples: SaveSample[] = [];
  const parts = timeSaveParts(api);
  try {
    for (let k = 0; k < SAVES; k++) {
      const stalls = new StallMonitor(true);
      const gc = new GcRecorder();
      gc.start();
      let timeline!: SaveTimeline;
      let redrawnAt = 0;
      let dispatchCpuMs = NaN;
      let sub: vscode.Disposable | undefined;
      const save = await editAndSave(editor, k, stalls, (probe) => {
        parts.take(); // the edit's own work is not the save's
        sub = api.live.onDidChange((d) => {
          // Decorations redraws in a microtask it queued as this event fired: wait for it
          if (d === doc && !doc.isDirty && !redrawnAt) {
            queueMicrotask(() => {
              if (redrawnAt) return;
              redrawnAt = performance.now();
              if (probe.arrivedAt) dispatchCpuMs = stalls.cpuSinceLastTick();
            });
          }
        });
        timeline = new SaveTimeline(api, doc);
      });
      const { t0, saveMs, didSaveAt, arrivedAt } = save;
      timeline.mark('save() resolved');
      await waitFor(() => redrawnAt, 60_000, 'highlights redrawn after the save');
      sub?.dispose();
      timeline.mark('redrawn', redrawnAt);
      await idle(QUIET_MS);
      const { max: stallMs, worst } = stalls.stop();
      gc.stop();
      const stallGcMs = worst ? gc.within(worst.start, worst.end) : NaN;
      const gcMs = gc.within(t0, performance.now());
      if (worst) timeline.mark(`longest stall ${worst.ms.toFixed(0)} ms: host thread CPU ${worst.threadCpuMs.toFixed(0)} ms, waiting for a CPU ${worst.threadWaitMs.toFixed(0)} ms, GC ${stallGcMs.toFixed(0)} ms`, worst.end);
      samples.push({ saveMs, didSaveMs: didSaveAt - t0, arrivedMs: arrivedAt - t0, dispatchCpuMs, redrawnMs: redrawnAt - t0, stallMs, stallThreadCpuMs: worst?.threadCpuMs, stallGcMs, gcMs, parts: parts.take() });
      progress(`saved ${k + 1}/${SAVES}: onDidSave reached the host at ${(arrivedAt - t0).toFixed(0)}; ${timeline.stop(t0)}`);
    }
  } finally {
    parts.restore();
  }
  return samples;
}

/**
 * Saves after a cut and paste: a passage of PASTE_CHARS in the middle of the source, holding
 * annotations, moved to near its start (a reorganised report). The words the annotations quote
 * now stand far from where they stood, which the host does not carry across (shiftPlacements
 * leaves it to the anchoring): placed in full, by the editor's worker (documentHooks.ts).
 */
/** The k-th paste save's edit in `editor`: the passage moved, where it was (UTF-16). */
async function cutAndPaste(editor: vscode.TextEditor, k: number): Promise<number> {
  const doc = editor.document;
  const text = doc.getText();
  const from = Math.floor(text.length * (0.4 + 0.2 * k));
  const passage = text.slice(from, from + PASTE_CHARS);
  const to = doc.positionAt(Math.floor(text.length * 0.1));
  if (!(await editor.edit((b) => {
    b.delete(new vscode.Range(doc.positionAt(from), doc.positionAt(from + PASTE_CHARS)));
    b.insert(to, passage);
  }))) throw new Error('editor.edit was refused');
  await idle(QUIET_MS);
  return from;
}

async function measurePasteSaves(api: MarginaliaApi, doc: vscode.TextDocument): Promise<PasteSaveSample[]> {
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const samples: PasteSaveSample[] = [];
  const parts = timeSaveParts(api);
  try {
    for (let k = 0; k < PASTE_SAVES; k++) {
      const placements = api.store.sourceFor(doc.uri)?.entry?.placements ?? [];
      const from = await cutAndPaste(editor, k);
      const moved = placements.filter((p) => p.result.start !== null && p.result.start >= from && p.result.start < from + PASTE_CHARS).length;
      const saved = doc.getText();
      const offThread = () => api.store.counts.savesPlaced.offThread;
      const before = offThread();
      const stalls = new StallMonitor(true);
      parts.take(); // the edit's own work is not the save's
      const timeline = new SaveTimeline(api, doc);
      stalls.start();
      const t0 = performance.now();
      if (!(await doc.save())) throw new Error('save failed');
      const takenAt = await waitFor(() => (api.store.sourceFor(doc.uri)?.entry?.text === saved ? performance.now() : 0), 60_000, 'the store takes the saved text');
      timeline.mark('the store holds the saved text', takenAt);
      await idle(QUIET_MS);
      const { max: stallMs, worst } = stalls.stop();
      if (worst) timeline.mark(`longest stall ${worst.ms.toFixed(0)} ms: host thread CPU ${worst.threadCpuMs.toFixed(0)} ms, waiting for a CPU ${worst.threadWaitMs.toFixed(0)} ms`, worst.end);
      samples.push({ moved, stallMs, takenMs: takenAt - t0, offThread: offThread() > before, parts: parts.take() });
      progress(`paste save ${k + 1}/${PASTE_SAVES}: ${JSON.stringify(samples[samples.length - 1])}; ${timeline.stop(t0)}`);
    }
  } finally {
    parts.restore();
  }
  return samples;
}

/** The paste saves again in a `.log` copy of the source's text (not a source): VS Code's own longest stall from save() until quiet. */
async function measurePlainPasteSaves(folder: vscode.Uri, text: string): Promise<number[]> {
  const uri = vscode.Uri.joinPath(folder, 'plain-paste.log');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const stalls: number[] = [];
  try {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    for (let k = 0; k < PASTE_SAVES; k++) {
      await cutAndPaste(editor, k);
      const monitor = new StallMonitor();
      monitor.start();
      if (!(await editor.document.save())) throw new Error('save failed');
      await idle(QUIET_MS);
      stalls.push(monitor.stop().max);
      progress(`plain paste save ${k + 1}/${PASTE_SAVES}: longest stall ${stalls[stalls.length - 1].toFixed(0)} ms`);
    }
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  }
  return stalls;
}

/**
 * One space inserted at the k-th of SAVES sites of `editor`'s document, then saved at once (the
 * source and the .log alike): `stalls` is started just before the save and times when
 * onDidSaveTextDocument reached the host (`probe.arrivedAt`, its last idle tick before the
 * dispatch). `beforeSave` runs after the edit, with the probe its listeners may read.
 */
async function editAndSave(
  editor: vscode.TextEditor,
  k: number,
  stalls: StallMonitor,
  beforeSave?: (probe: { readonly arrivedAt: number }) => void,
): Promise<{ t0: number; saveMs: number; didSaveAt: number; arrivedAt: number }> {
  const doc = editor.document;
  const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end); // not getText(): 2 MB of garbage just before the save
  const at = doc.positionAt(Math.floor(length * (k + 1) / (SAVES + 1)));
  if (!(await editor.edit((b) => b.insert(at, ' ')))) throw new Error('editor.edit was refused');
  const probe = { didSaveAt: 0, arrivedAt: 0 };
  beforeSave?.(probe);
  stalls.start();
  const saved = vscode.workspace.onDidSaveTextDocument((d) => {
    if (d !== doc || probe.didSaveAt) return;
    probe.didSaveAt = performance.now();
    probe.arrivedAt = stalls.lastTick;
  });
  const t0 = performance.now();
  try {
    if (!(await doc.save())) throw new Error('save failed');
  } finally {
    saved.dispose();
  }
  return { t0, saveMs: performance.now() - t0, ...probe };
}

/**
 * The quiet time after an open, watched: its longest stall with the host thread's CPU and the GC
 * inside it; the progress line also says which processes had the CPU meanwhile (who ran while
 * the host waited).
 */
async function quietAfterOpen(label: string): Promise<ReturnType<StallMonitor['stop']>> {
  const quiet = new StallMonitor(true);
  const before = cpuByProcess();
  quiet.start();
  await idle(QUIET_MS);
  const stopped = quiet.stop();
  progress(`${label}: longest stall after it ${stopped.max.toFixed(0)} ms @ ${quiet.longest.endUs} (host thread CPU ${stopped.worst?.threadCpuMs.toFixed(0) ?? '?'} ms, waiting for a CPU ${stopped.worst?.threadWaitMs.toFixed(0) ?? '?'} ms, GC ${stopped.gc.inLongestStallMs.toFixed(0)} ms${stopped.gc.inLongestStallKinds.length ? ` ${stopped.gc.inLongestStallKinds.join(', ')}` : ''}); CPU in the ${QUIET_MS} ms after: ${cpuSince(before, 5)}`);
  return stopped;
}

/** Times the claim-cue scans' requests to the editor's worker for `doc` until `done()` (CueAsk). */
function timeCueAsks(api: MarginaliaApi, doc: () => vscode.TextDocument | undefined): { done: () => CueAsk } {
  const work = (api.writer as unknown as { work: { cueTexts: Omit<CueAsk, 'postMaxMs'> } & object }).work;
  const before = { ...work.cueTexts };
  const asks = timeMethod(work, 'cues');
  return {
    done: () => {
      asks.restore();
      const key = doc()?.uri.toString();
      const mine = asks.calls.filter((c) => c.args[0] === key);
      const now = work.cueTexts;
      return { postMaxMs: Math.max(0, ...mine.map((c) => c.ms)), whole: now.whole - before.whole, file: now.file - before.file, edits: now.edits - before.edits, needed: now.needed - before.needed };
    },
  };
}

/**
 * The floor under the stall after an open: `count` opens of a 1 MB file with a source's text
 * that Marginalia does not read (`.log`: not a source, so no LiveDocument, no highlights, no
 * cue scan), each a new file shown in the same column, with the same quiet time after it as
 * measureOpens gives the sources. What stalls the host then is VS Code and the machine.
 */
async function measurePlainOpens(folder: vscode.Uri, text: string, count: number): Promise<PlainOpenSample[]> {
  const samples: PlainOpenSample[] = [];
  for (let k = 0; k < count; k++) {
    const uri = vscode.Uri.joinPath(folder, `plain-open-${k}.log`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      const { max: stallAfterMs, worst } = await quietAfterOpen(`plain open ${k + 1}/${count}`);
      samples.push({ stallAfterMs, stallThreadCpuMs: worst?.threadCpuMs });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  }
  return samples;
}

/**
 * The floor under save → redrawn: the same one-character edit and save, SAVES times, of a 1 MB
 * file with the source's text that Marginalia does not read (`.log`: not a source), shown in the
 * same editor column of the same session. Marginalia's save listeners still run for it, but find
 * nothing to do (no source, no sidecar), so this is VS Code writing 1 MB. Then the source's 200
 * keystrokes are typed in it too (the same sites, words and pauses) and it is saved SAVES times
 * again: VS Code's save of a 1 MB document edited the way the source was.
 */
async function measurePlainSaves(folder: vscode.Uri, text: string, sites: readonly number[], profileDir: string | undefined): Promise<{ plainSaves: PlainSaveSample[]; typedPlainSaves: PlainSaveSample[] }> {
  const uri = vscode.Uri.joinPath(folder, 'plain-save.log');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const plainSaves: PlainSaveSample[] = [];
  const typedPlainSaves: PlainSaveSample[] = [];
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    await idle(QUIET_MS);
    const saves = async (samples: PlainSaveSample[], what: string) => {
      for (let k = 0; k < SAVES; k++) {
        const stalls = new StallMonitor();
        const { t0, saveMs, didSaveAt, arrivedAt } = await editAndSave(editor, k, stalls);
        stalls.stop();
        samples.push({ saveMs, didSaveMs: didSaveAt - t0, arrivedMs: arrivedAt - t0 });
        progress(`${what} ${k + 1}/${SAVES}: onDidSave reached the host at ${(arrivedAt - t0).toFixed(0)} ms, resolved at ${saveMs.toFixed(0)} ms`);
        await idle(QUIET_MS);
      }
    };
    await workbenchProfiled(profileDir, 'editor-plain-save', () => saves(plainSaves, 'plain save'));
    for (const [s, at] of sites.entries()) {
      await typeAt(editor, Math.min(at, doc.getText().length), (keystroke) => keystroke());
      await idle(QUIET_MS);
      progress(`typed in the .log at site ${s + 1}/${sites.length}`);
    }
    await saves(typedPlainSaves, 'plain save after typing');
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  }
  return { plainSaves, typedPlainSaves };
}

/**
 * What happened when, during one save (ms from save()): the store's and the live document's
 * change events, the store's placing and the sidecar write, and every host stall over 10 ms (at
 * its end). Printed with each save, so a slow redraw shows what it waited for.
 */
class SaveTimeline {
  private readonly events: [number, string][] = [];
  private readonly disposables: { dispose(): void }[] = [];
  private readonly timers: { restore: () => void }[] = [];
  private readonly interval: ReturnType<typeof setInterval>;

  constructor(api: MarginaliaApi, doc: vscode.TextDocument) {
    this.disposables.push(
      // subscribed after the extension's own listeners: this runs when they are done
      api.store.onDidChange((c) => this.mark(`store change ${c.all ? 'all' : c.sources.length} (listeners done)`)),
      api.live.onDidChange((d) => d === doc && this.mark(`live change${doc.isDirty ? ' (dirty)' : ''}`)),
      // Marginalia's listeners of both ran before these (subscribed at activation)
      vscode.workspace.onWillSaveTextDocument((e) => e.document === doc && this.mark('onWillSave')),
      vscode.workspace.onDidSaveTextDocument((d) => d === doc && this.mark('onDidSave (Marginalia’s listeners done)')),
    );
    const around = (obj: object, name: string, label: string, detail: (args: unknown[]) => string = () => '') => {
      const target = obj as Record<string, (...a: unknown[]) => unknown>;
      const original = target[name];
      const own = Object.prototype.hasOwnProperty.call(target, name); // the parts' timer, shadowing too
      target[name] = (...args: unknown[]) => {
        const t = performance.now();
        this.mark(`${label} start${detail(args)}`, t);
        const r = original.apply(obj, args);
        const done = () => this.mark(`${label} end (${(performance.now() - t).toFixed(1)} ms)`);
        if (r instanceof Promise) void r.then(done, done);
        else done();
        return r;
      };
      this.timers.push({ restore: () => (own ? (target[name] = original) : void delete target[name]) });
    };
    // which text the store took: a source read while VS Code was still writing it is shorter
    // the document's length without getText(), whose 2 MB string a call would add to the garbage measured
    const docLength = () => doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    const text = (args: unknown[]) => {
      const t = (args[2] as { text?: string | null }).text;
      if (typeof t !== 'string') return '';
      const n = docLength();
      return ` (text ${t.length === n ? 'the document’s length' : `${t.length} of ${n} chars`})`;
    };
    for (const root of api.store.allRoots()) around(root.corpus, 'update', 'Corpus.update', text);
    around(api.store, 'setSidecarText', 'store.setSidecarText');
    around(api.writer, 'applyQuietly', 'writer.applyQuietly');
    around(api.saveSync, 'sync', 'SaveSync.sync');
    // garbage collection over 5 ms, at its start (a stall is marked at its end)
    const gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 5) this.mark(`GC ${e.duration.toFixed(0)} ms`, e.startTime);
    });
    gc.observe({ entryTypes: ['gc'] });
    this.disposables.push({ dispose: () => gc.disconnect() });
    let last = performance.now();
    this.interval = setInterval(() => {
      const t = performance.now();
      if (t - last - 1 > 10) this.mark(`stall ${(t - last - 1).toFixed(0)} ms`, t);
      last = t;
    }, 1);
  }

  mark(what: string, at = performance.now()): void {
    this.events.push([at, what]);
  }

  stop(t0: number): string {
    clearInterval(this.interval);
    for (const d of this.disposables) d.dispose();
    for (const t of this.timers) t.restore();
    return this.events
      .sort((a, b) => a[0] - b[0])
      .map(([t, what]) => `${(t - t0).toFixed(0)} ${what}`)
      .join('; ');
  }
}

function sum(calls: Call[]): number {
  return calls.reduce((n, c) => n + c.ms, 0);
}
