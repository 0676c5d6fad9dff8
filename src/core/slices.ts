// A pass over the whole corpus on the host's thread, cut into slices (issue 15: after a
// re-index of 10,000 sources, recounting every Sources row held the thread ~150 ms in one
// piece, and every extension's hovers and commands waited). Each slice runs until it has taken
// its budget, then the thread is given back (yieldThread) before the rest. A pass that fits in
// one slice runs at once, in the caller's task, so a small corpus sees no difference and no
// later task. Between slices the caller may call the pass off
// (a newer change overtook it). No `vscode` import.
//
// The passes started in one task share that task's budget: after an index the Sources view,
// Problems, the Review view and the next listing each began with a slice of its own in the same
// task, and their first slices added up to 40-55 ms of one stall (issue 15). A pass started when
// its task has spent the budget gives the thread back before its first item.

/** How long one slice may hold the thread, in ms. */
export const SLICE_MS = 8;

/**
 * Annotations in the sources one change names from which the change is large: the store's
 * listeners hear of it a turn later (extension/store/reloads.ts), each view updates in a turn of
 * its own (views/laterViews.ts), and a source holding as many is recounted in a turn of its own
 * (sourcesTree.ts). One claim's status changed in a 20,000-annotation transcript held the host's
 * thread 60-145 ms when its views went over its annotations in one task (issue 15).
 */
export const LARGE_CHANGE = 2_000;

/**
 * Whether the sources one change names hold LARGE_CHANGE annotations or more between them,
 * `annotationsOf` each, counted only until they do (a pull names hundreds). The one test of a
 * large change, for the store's listeners and the views; the Sources view's recount asks the
 * same of each source alone (annotationsHeld against LARGE_CHANGE).
 */
export function isLargeChange<T>(sources: Iterable<T>, annotationsOf: (source: T) => number): boolean {
  let n = 0;
  for (const s of sources) if ((n += annotationsOf(s)) >= LARGE_CHANGE) return true;
  return false;
}

/** The annotations an entry holds, as its sidecar was read or as they are placed, whichever is more (a source unread has no placements). */
export function annotationsHeld(entry: { parsed: { sidecar: { annotations: readonly unknown[] } | null } | null; placements: readonly unknown[] } | undefined): number {
  return entry ? Math.max(entry.parsed?.sidecar?.annotations.length ?? 0, entry.placements.length) : 0;
}

/** Passes waiting for their next slice, and whether a turn of the event loop is asked for. */
const waiting: (() => void)[] = [];
let asked = false;

/**
 * Gives the thread back until the event loop has gone round: what came in meanwhile (the
 * window's requests, file events, timers) runs first. One waiting pass goes on per turn of the
 * loop, in the order they asked, so that the slices of several passes at once (the Sources
 * view's, Problems', the Review view's after an index) do not run back to back and add up to
 * one long stall. An immediate, not a timer: Node runs every timer that is due in one go.
 */
export function yieldThread(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    askTurn();
  });
}

/**
 * Resolves once the event loop has polled for I/O and run its timers since the call: a slice
 * boundary that holds wherever the caller runs. An immediate asked from an I/O callback (a
 * file read's end) runs in that same turn of the loop, before any message or timer that came
 * in meanwhile; one asked from that immediate runs a turn later.
 */
export function fullTurn(): Promise<void> {
  return new Promise((resolve) => afterFullTurn(resolve));
}

/** Runs `fn` once the event loop has gone round (fullTurn): two immediates, or a timer where there are none. */
function afterFullTurn(fn: () => void): void {
  if (typeof setImmediate === 'function') setImmediate(() => setImmediate(fn));
  else setTimeout(fn, 0);
}

function askTurn(): void {
  if (asked) return;
  asked = true;
  const turn = () => {
    asked = false;
    const next = waiting.shift();
    if (waiting.length) askTurn(); // the others, on later turns
    next?.();
  };
  // a full turn: one immediate asked from an I/O callback (a worker's answer, a file read's end,
  // most of the host's tasks) runs in that same turn, and the slice after it ran on with no
  // timer or message between (issue 15: a registry change's reload at 10,000 sources, two slices
  // of cutting chunks back to back after the task's own work, one stall)
  afterFullTurn(turn);
}

/** When the task now running began its first slice (performance.now()), until the event loop goes round. */
let taskBegan: number | undefined;

/** The start of the current task's slicing: `t` if this is its first slice, else when its first began. */
function sharedStart(t: number): number {
  if (taskBegan === undefined) {
    taskBegan = t;
    // cleared once the event loop goes round: the next task has a budget of its own
    const clear = () => (taskBegan = undefined);
    if (typeof setImmediate === 'function') setImmediate(clear);
    else setTimeout(clear, 0);
  }
  return taskBegan;
}

export interface SliceOptions<T = unknown> {
  /** Waits for a later task: yieldThread unless given. */
  next?: () => Promise<void>;
  /** Asked after each wait: true calls the rest of the pass off. */
  stop?: () => boolean;
  budgetMs?: number;
  /** A clock of the caller's (tests): the pass then keeps its own budget, not shared with the task's other passes. */
  now?: () => number;
  /**
   * Items known to take a slice's budget or more alone (a source of thousands of annotations):
   * the thread is given back before each, whatever the slice has spent, so that its time is not
   * added to what the task ran before it (issue 15: a 20,000-annotation source's row recounted
   * after a mention scan in the same task held the host 58 ms).
   */
  alone?: (item: T) => boolean;
}

/**
 * Runs `each` on every item in order, in slices of at most `budgetMs` each (give or take the
 * last item's time), an item `alone` says is heavy after a turn of its own. Resolves true when
 * every item ran, false when `stop` called it off; the items up to the first slice's end (or the
 * first heavy one) have run when it returns.
 */
export async function eachInSlices<T>(items: Iterable<T>, each: (item: T) => void, options: SliceOptions<T> = {}): Promise<boolean> {
  const budget = options.budgetMs ?? SLICE_MS;
  const now = options.now ?? (() => performance.now());
  const begin = options.now ? now : () => sharedStart(now());
  let start = begin();
  for (const item of items) {
    if (now() - start > budget || options.alone?.(item)) {
      await (options.next ?? yieldThread)();
      if (options.stop?.()) return false;
      start = begin();
    }
    each(item);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Work written as a generator, for a computation that is not one pass over items: an analysis
// view's model (issue 15: the ACH matrix at 2,000 sources held the host 100–200 ms, its JSON
// for postMessage 25–40 ms more). The work yields where it may pause (a source, a few hundred
// rows); the CLI and the brief run it through at once (`finish`), the extension in slices with
// the same budget, turns and task sharing as `eachInSlices` (`sliced`).

/** A computation that yields where it may pause, and returns its result. */
export type Sliced<T> = Generator<void, T, void>;

/** Runs the work to its end without pausing. */
export function finish<T>(work: Sliced<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Thrown by `sliced` when `stop` called the work off (a newer run overtook it); the caller drops it. */
export class Stale extends Error {
  constructor() {
    super('a newer run overtook this one');
  }
}

export interface SlicedOptions extends Pick<SliceOptions, 'next' | 'stop' | 'budgetMs'> {
  /** Told how long each slice ran, ms (the bench's longest task). */
  onSlice?: (ms: number) => void;
}

/**
 * Runs the work in slices of about `budgetMs` (a step is not cut), the thread given back between
 * them; throws `Stale` at a slice boundary once `stop` says so, and closes the work either way.
 */
export async function sliced<T>(work: Sliced<T>, options: SlicedOptions = {}): Promise<T> {
  const budget = options.budgetMs ?? SLICE_MS;
  try {
    for (;;) {
      if (options.stop?.()) throw new Stale();
      const t = performance.now();
      const start = sharedStart(t);
      let step: IteratorResult<void, T> | undefined;
      // a task that has spent its budget (other passes before this one) runs no step: a turn first
      while (performance.now() - start < budget) {
        step = work.next();
        if (step.done) break;
      }
      if (step) options.onSlice?.(performance.now() - t);
      if (step?.done) return step.value;
      await (options.next ?? yieldThread)();
    }
  } finally {
    work.return(undefined as never);
  }
}

/** Elements `sortSliced` sorts in one step, and merges between two pauses. */
const SORT_RUN = 1024;

/**
 * `items` sorted by `compare` in steps: runs of SORT_RUN sorted each in a step, then merged a few
 * thousand elements a step. A stable sort, so the order is exactly Array.prototype.sort's (issue
 * 15: the ACH matrix's 24,000 rows at 10,000 sources were 20-60 ms sorted in one step). Returns
 * a new array.
 */
export function* sortSliced<T>(items: readonly T[], compare: (a: T, b: T) => number): Sliced<T[]> {
  const n = items.length;
  let from = items.slice();
  for (let lo = 0; lo < n; lo += SORT_RUN) {
    const run = from.slice(lo, lo + SORT_RUN).sort(compare);
    for (let k = 0; k < run.length; k++) from[lo + k] = run[k];
    yield;
  }
  let to = new Array<T>(n);
  let merged = 0;
  for (let width = SORT_RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        // the left run first among equals: stable
        to[k] = j >= hi || (i < mid && compare(from[i], from[j]) <= 0) ? from[i++] : from[j++];
        if (++merged % (4 * SORT_RUN) === 0) yield;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}
