// Measuring inside the extension host: timing wrappers around the extension's own methods,
// the host's activation marks, event-loop stalls, memory, and an optional CPU profile. No
// `vscode` import: these are plain Node facilities of the host process.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import * as v8 from 'node:v8';

/** Summary of a list of durations in milliseconds. */
export interface Stats {
  n: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
}

export function stats(xs: readonly number[]): Stats {
  if (!xs.length) return { n: 0, median: NaN, p95: NaN, max: NaN, mean: NaN };
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** One call of a wrapped method: when it started and how long it ran (ms, performance.now()). */
export interface Call {
  start: number;
  ms: number;
  args: unknown[];
  /**
   * With `settle`: when the microtasks queued during the call had run (a microtask queued as it
   * returned ran). Work an extension defers with queueMicrotask is done by then.
   */
  settled?: number;
  /** With `settle`: CPU time of the process (all threads) from the start until settled, ms. */
  cpuMs?: number;
  /**
   * With `wait`: the calling thread's total wait for a processor (runnable, not running; Linux
   * schedstat run delay, threadWaitMs) at the call's start, and with `settle` at its end and when
   * settled: differences between them are the time the machine, not the code, took.
   */
  waitAt?: number;
  waitEnd?: number;
  waitSettled?: number;
}

/**
 * Times every call of `obj[name]` by shadowing the method with an own property of the same
 * name. This sees the extension's calls only where it dispatches dynamically (`this.x(...)`,
 * `live.get(...)`), which the caller checks by counting calls. Returns the calls and a restore.
 */
export function timeMethod(obj: object, name: string, options: { settle?: boolean; wait?: boolean } = {}): { calls: Call[]; restore: () => void } {
  const target = obj as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') throw new Error(`no method ${name} to time: the extension changed, update bench/vscode/`);
  const calls: Call[] = [];
  target[name] = function (this: unknown, ...args: unknown[]) {
    const waitAt = options.wait ? threadWaitMs() : undefined;
    const start = performance.now();
    const cpu = options.settle ? process.cpuUsage() : undefined;
    try {
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } finally {
      const call: Call = { start, ms: performance.now() - start, args };
      // (read outside the timed span: before its start, and after its end before any microtask)
      if (options.wait) Object.assign(call, { waitAt, waitEnd: options.settle ? threadWaitMs() : undefined });
      calls.push(call);
      if (options.settle) {
        queueMicrotask(() => {
          call.settled = performance.now();
          const used = process.cpuUsage(cpu);
          call.cpuMs = (used.user + used.system) / 1000;
          if (options.wait) call.waitSettled = threadWaitMs();
        });
      }
    }
  };
  return { calls, restore: () => void delete target[name] };
}

/** One call of a wrapped async method (timeAsync): when it started and when its promise settled (ms, performance.now()). */
export interface AsyncCall {
  start: number;
  args: unknown[];
  end?: number;
  result?: unknown;
}

/** Like timeMethod, for a method that returns a promise: each call's start, and when its promise settled, with what it resolved to. */
export function timeAsync(obj: object, name: string): { calls: AsyncCall[]; restore: () => void } {
  const target = obj as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') throw new Error(`no method ${name} to time: the extension changed, update bench/vscode/`);
  const calls: AsyncCall[] = [];
  target[name] = function (this: unknown, ...args: unknown[]) {
    const call: AsyncCall = { start: performance.now(), args };
    calls.push(call);
    const out = (original as (...a: unknown[]) => unknown).apply(this, args);
    const done = (result?: unknown) => Object.assign(call, { end: performance.now(), result });
    if (out instanceof Promise) out.then(done, () => done());
    else done(out);
    return out;
  };
  return { calls, restore: () => void delete target[name] };
}

/**
 * The extension host's own marks around loading and activating an extension (VS Code's
 * `code/extHost/{will,did}{LoadExtensionCode,ActivateExtension}/<id>`), Date.now() in ms. The
 * host keeps them in globalThis.MonacoPerformanceMarks, which extensions share.
 */
export interface ActivationMarks {
  willLoad?: number;
  didLoad?: number;
  willActivate?: number;
  didActivate?: number;
}

export function activationMarks(extensionId: string): ActivationMarks {
  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks;
  const out: ActivationMarks = {};
  for (const m of perf?.getMarks() ?? []) {
    if (m.name === `code/extHost/willLoadExtensionCode/${extensionId}`) out.willLoad = m.startTime;
    else if (m.name === `code/extHost/didLoadExtensionCode/${extensionId}`) out.didLoad = m.startTime;
    else if (m.name === `code/extHost/willActivateExtension/${extensionId}`) out.willActivate = m.startTime;
    else if (m.name === `code/extHost/didActivateExtension/${extensionId}`) out.didActivate = m.startTime;
  }
  return out;
}

/**
 * Longest time the host's event loop was blocked while running: a 1 ms interval that notes how
 * late it fires. Sees every task of the host (other extensions', VS Code's) and, on a busy
 * machine, time the process was not scheduled at all.
 */
export class StallMonitor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last = 0;
  /** With `withCpu`: the process's CPU time (µs, all threads) when the interval last ran. */
  private lastCpu = 0;
  /** With `withCpu`: the host thread's own CPU time (ms) when the interval last ran (NaN off Linux). */
  private lastThreadCpu = NaN;
  /** With `withCpu`: the host thread's time waiting for a processor (ms) when the interval last ran (NaN off Linux). */
  private lastThreadWait = NaN;
  readonly stalls: number[] = [];
  /**
   * The longest stall and when it ended on the monotonic clock in µs: the clock of V8's CPU
   * profiles, so that the profile's samples of that stall can be found (bench/lib/vscode-profile.ts).
   */
  longest = { ms: 0, endUs: 0 };
  /** With `withCpu`: the longest stall, when it ended, and the host thread's CPU time and wait for a processor inside it. */
  private worst: { ms: number; end: number; threadCpuMs: number; threadWaitMs: number } | undefined;
  /** The host's GC pauses while started (performance entries of type 'gc': when, how long, which kind). */
  private readonly gcs: { start: number; ms: number; kind: string }[] = [];
  private gcObserver: PerformanceObserver | undefined;
  /** performance.now() at the end of the longest stall, to find the GC pauses inside it. */
  private longestEnd = 0;

  /** `withCpu`: also note the process's CPU time at every tick (a cheap system call), for `cpuSinceLastTick`. */
  constructor(private readonly withCpu = false) {}

  /** CPU time of the process (ms, every thread) since the interval last ran: read in an event's listener, the event's dispatch so far. */
  cpuSinceLastTick(): number {
    const u = process.cpuUsage();
    return (u.user + u.system - this.lastCpu) / 1000;
  }

  /**
   * When the interval last ran (performance.now()). Read inside an event's listener, it is when
   * the host was last idle before that event's dispatch began, to within the 1 ms interval.
   */
  get lastTick(): number {
    return this.last;
  }

  start(): void {
    this.gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.gcs.push(gcPause(e));
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
    this.last = performance.now();
    this.lastThreadCpu = this.withCpu ? threadCpuMs() : NaN;
    this.lastThreadWait = this.withCpu ? threadWaitMs() : NaN;
    this.timer = setInterval(() => {
      const t = performance.now();
      const late = t - this.last - 1;
      if (late >= 2) this.stalls.push(late);
      if (late > this.longest.ms) {
        this.longest = { ms: late, endUs: monotonicUs() };
        this.longestEnd = t;
      }
      this.last = t;
      if (this.withCpu) {
        const u = process.cpuUsage();
        this.lastCpu = u.user + u.system;
        const thread = threadCpuMs();
        const wait = threadWaitMs();
        if (late >= 2 && !(late <= (this.worst?.ms ?? 0))) this.worst = { ms: late, end: t, threadCpuMs: thread - this.lastThreadCpu, threadWaitMs: wait - this.lastThreadWait };
        this.lastThreadCpu = thread;
        this.lastThreadWait = wait;
      }
    }, 1);
  }

  /**
   * `worst` (with `withCpu`): the longest stall with the host thread's own CPU time inside it: a
   * stall far longer than its CPU time is the thread waiting for the processor (a loaded machine:
   * `threadWaitMs`) or for the kernel (the rest), not work of its own.
   */
  stop(): { max: number; over10: number; over50: number; worst?: { ms: number; start: number; end: number; threadCpuMs: number; threadWaitMs: number }; gc: GcFigures } {
    clearInterval(this.timer);
    this.gcObserver?.disconnect();
    const w = this.worst;
    const longest = this.gcs.reduce<{ ms: number; kind: string }>((a, g) => (g.ms > a.ms ? g : a), { ms: 0, kind: '' });
    // a GC pause inside the longest stall (1 ms either side: the interval's resolution)
    const from = this.longestEnd - this.longest.ms - 1;
    const inside = this.gcs.filter((g) => g.start >= from && g.start + g.ms <= this.longestEnd + 1);
    return {
      gc: {
        longestMs: longest.ms,
        longestKind: longest.kind,
        inLongestStallMs: inside.reduce((n, g) => n + g.ms, 0),
        inLongestStallKinds: [...new Set(inside.map((g) => g.kind))],
        pauses: this.gcs.map((g) => ({ start: g.start, ms: g.ms, kind: g.kind })),
      },
      max: this.stalls.length ? Math.max(...this.stalls) : 0,
      over10: this.stalls.filter((s) => s > 10).length,
      over50: this.stalls.filter((s) => s > 50).length,
      ...(w ? { worst: { ...w, start: w.end - w.ms } } : {}),
    };
  }
}

/** Now on the monotonic clock, in µs: the clock of V8's CPU profiles (bench/lib/stall-stack.ts). */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The host watched while idle (watchIdle). */
export interface IdleFigures {
  ms: number;
  /** Its longest stall, the GC inside it and of which kinds, and the host thread's own CPU in it. */
  longestMs: number;
  gcMs: number;
  kinds: string[];
  threadCpuMs?: number;
  /** Every GC pause over 10 ms meanwhile (`major 48, minor 12`), or `none`. */
  pauses: string;
}

/**
 * The host left idle for `ms`, watched: V8's memory reducer starts a memory-reducing collection
 * some 8 s after a full one, and another after that, each a pause of the host's thread that
 * grows with its heap (issue 15: no pause over 50 ms, idle or not).
 */
export async function watchIdle(ms: number, say: (line: string) => void): Promise<IdleFigures> {
  const watch = new StallMonitor(true);
  watch.start();
  await idle(ms);
  const w = watch.stop();
  const pauses = w.gc.pauses.filter((g) => g.ms > 10).map((g) => `${g.kind} ${g.ms.toFixed(0)}`).join(', ') || 'none';
  say(`idle ${ms} ms: longest stall ${w.max.toFixed(0)} ms @ ${watch.longest.endUs} (host thread CPU ${w.worst?.threadCpuMs.toFixed(0) ?? '?'} ms, GC ${w.gc.inLongestStallMs.toFixed(0)} ms ${w.gc.inLongestStallKinds.join(', ')}); GC pauses over 10 ms: ${pauses}; in all ${gcSince(w.gc, 0)}`);
  return { ms, longestMs: w.max, gcMs: w.gc.inLongestStallMs, kinds: w.gc.inLongestStallKinds, threadCpuMs: w.worst?.threadCpuMs, pauses };
}

/** The host's GC pauses during a StallMonitor's watch: the longest, and those inside its longest stall. */
export interface GcFigures {
  longestMs: number;
  longestKind: string;
  inLongestStallMs: number;
  inLongestStallKinds: string[];
  /** Every pause while watched (performance.now() timeline): for a sum over a span (gcSince). */
  pauses: { start: number; ms: number; kind: string }[];
}

/** The GC pauses that began at or after `from`: their count, and their time in all and by kind. */
export function gcSince(gc: GcFigures, from: number): string {
  const after = gc.pauses.filter((g) => g.start >= from);
  const byKind = new Map<string, number>();
  for (const g of after) byKind.set(g.kind, (byKind.get(g.kind) ?? 0) + g.ms);
  const total = after.reduce((n, g) => n + g.ms, 0);
  return `${total.toFixed(0)} ms in ${after.length} pauses${byKind.size ? ` (${kindsText(byKind, 0)})` : ''}`;
}

/** GC time by kind as text: `minor 4, major 20`. */
function kindsText(byKind: Map<string, number>, digits: number): string {
  return [...byKind].map(([k, ms]) => `${k} ${ms.toFixed(digits)}`).join(', ');
}

/** A 'gc' performance entry as a pause: when, how long, which kind. */
function gcPause(e: PerformanceEntry): { start: number; ms: number; kind: string } {
  return { start: e.startTime, ms: e.duration, kind: gcKind((e as unknown as { detail?: { kind?: number } }).detail?.kind) };
}

/** A 'gc' performance entry's kind (perf_hooks constants NODE_PERFORMANCE_GC_*). */
function gcKind(kind: number | undefined): string {
  const c = perfConstants;
  const named: [number, string][] = [[c.NODE_PERFORMANCE_GC_MINOR, 'minor'], [c.NODE_PERFORMANCE_GC_MAJOR, 'major'], [c.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'], [c.NODE_PERFORMANCE_GC_WEAKCB, 'weak callbacks']];
  return named.find(([k]) => k === kind)?.[1] ?? `kind ${kind}`;
}

/**
 * CPU ms of every thread of this process so far, summed by thread name (Linux: /proc/self/task,
 * schedstat in ns); empty elsewhere. Says who took the host's CPU: its own thread, the index
 * workers, V8's GC helpers, libuv's pool.
 */
export function cpuByThread(): Map<string, { ms: number; threads: number; each: number[] }> {
  const out = new Map<string, { ms: number; threads: number; each: number[] }>();
  try {
    for (const t of fs.readdirSync('/proc/self/task')) {
      try {
        const comm = fs.readFileSync(`/proc/self/task/${t}/comm`, 'latin1').trim();
        // Node names none of its threads: the main one is told by its id (the process's)
        const name = t === String(process.pid) ? `${comm} (main)` : comm;
        const ms = Number(fs.readFileSync(`/proc/self/task/${t}/schedstat`, 'latin1').split(' ')[0]) / 1e6;
        const e = out.get(name) ?? { ms: 0, threads: 0, each: [] };
        e.ms += ms;
        e.threads++;
        e.each.push(ms);
        out.set(name, e);
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return out;
}

/**
 * The calling thread's schedstat fields in ms (Linux: CPU time, then time waiting for a
 * processor), NaN where there is none. The file is opened once, by the host's thread (the only
 * one the bench measures from: /proc/thread-self names the opener), and read again from its
 * start each time, one system call: StallMonitor reads it every millisecond, and opening it
 * each time (four calls) cost the host's thread ~50 ms a second.
 */
function schedstat(field: 0 | 1): number {
  if (statFd === undefined) {
    try {
      statFd = fs.openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      statFd = null;
    }
  }
  if (statFd === null) return NaN;
  const n = fs.readSync(statFd, statBuf, 0, statBuf.length, 0);
  return Number(statBuf.toString('latin1', 0, n).split(' ')[field]) / 1e6;
}
let statFd: number | null | undefined;
const statBuf = Buffer.alloc(128);

/**
 * The calling thread's CPU time in ms (Linux: /proc/thread-self/schedstat, in ns), NaN where
 * there is none. process.cpuUsage counts every thread, and the host's workers run beside it.
 */
export function threadCpuMs(): number {
  return schedstat(0);
}

/**
 * How long the calling thread has waited for a processor, in ms (Linux: the run delay in
 * /proc/thread-self/schedstat, which the kernel brings up to date each time the thread is given
 * a processor, so it is exact when read by the thread itself); NaN where there is none.
 */
export function threadWaitMs(): number {
  return schedstat(1);
}

/** Garbage collections while recording, on the performance.now() timeline. */
export class GcRecorder {
  readonly pauses: { start: number; ms: number; kind: string }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.pauses.push(gcPause(e));
  });

  start(): void {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    this.observer.disconnect();
  }

  /** ms of GC inside [from, to]. */
  within(from: number, to: number): number {
    let ms = 0;
    for (const p of this.pauses) ms += Math.max(0, Math.min(to, p.start + p.ms) - Math.max(from, p.start));
    return ms;
  }

  /** The kinds of the pauses inside [from, to], with their ms there: `minor 4.1, major 20.3`. */
  kindsWithin(from: number, to: number): string {
    const byKind = new Map<string, number>();
    for (const p of this.pauses) {
      const ms = Math.min(to, p.start + p.ms) - Math.max(from, p.start);
      if (ms > 0) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + ms);
    }
    return kindsText(byKind, 1);
  }
}

export interface Memory {
  rssMB: number;
  heapUsedMB: number;
  /** Heap used after a full garbage collection: what is really retained. */
  heapLiveMB: number;
  /** Memory outside the heap held by JavaScript objects (buffers, shared and typed arrays), after the GC. */
  externalMB?: number;
}

/** Bytes in MB, one decimal. */
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

/** The host's memory now, with no collection (heapLiveMB NaN): a reading that leaves the heap as it is. */
export function memoryUncollected(): Memory {
  const now = process.memoryUsage();
  return { rssMB: mb(now.rss), heapUsedMB: mb(now.heapUsed), heapLiveMB: NaN, externalMB: mb(now.external) };
}

/**
 * The host's memory, before and after a full GC (forced through the inspector: a memory-reducing
 * one, which leaves V8's young generation at its least, so not before a phase that is timed). A diagnostic:
 * with MARGINALIA_BENCH_HEAP=<folder>, a heap snapshot of the host is written there too, named
 * `what` (open it in Chromium's DevTools, Memory tab).
 */
export async function memory(what?: string): Promise<Memory> {
  const before = process.memoryUsage();
  const session = new inspector.Session();
  session.connect();
  await new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (err) => (err ? reject(err) : resolve())));
  session.disconnect();
  const after = process.memoryUsage();
  const dir = process.env.MARGINALIA_BENCH_HEAP;
  if (dir && what) v8.writeHeapSnapshot(path.join(dir, `${what}-${Date.now()}.heapsnapshot`));
  return { rssMB: mb(before.rss), heapUsedMB: mb(before.heapUsed), heapLiveMB: mb(after.heapUsed), externalMB: mb(after.external) };
}

/** Polls `condition` until truthy; throws after `ms`. Never a fixed sleep. */
export async function waitFor<T>(condition: () => T | undefined | false, ms: number, what: string, intervalMs = 5): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = condition();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Lets the host run whatever it queued (timers, messages) for `ms`; for quiet periods only. */
export function idle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Runs `fn` under the V8 sampling profiler of this process when `dir` is set, writing
 * `<dir>/<name>.cpuprofile` (open it in Chrome DevTools or VS Code); just runs it otherwise.
 */
export async function profiled<T>(dir: string | undefined, name: string, fn: () => Promise<T>): Promise<T> {
  if (!dir) return fn();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 }); // µs
  await post('Profiler.start');
  // MARGINALIA_BENCH_HEAP_SAMPLES=1: the host's allocations sampled too, those still alive at
  // the end kept (`<name>.heapprofile`, for DevTools or bench/lib/heap-top.ts): what survived to
  // be copied by the young generation's collections, and by whose code it was made
  const heap = process.env.MARGINALIA_BENCH_HEAP_SAMPLES === '1';
  if (heap) await post('HeapProfiler.startSampling', { samplingInterval: 16 * 1024 });
  try {
    return await fn();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    if (heap) {
      const sampled = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      fs.writeFileSync(path.join(dir, `${name}.heapprofile`), JSON.stringify(sampled.profile));
    }
    session.disconnect();
  }
}

/**
 * With a profile folder, `fn` with the workbench (the renderer, in Chromium) profiled too:
 * bench/lib/vscode-session.ts starts the browser's profiler when it reads the start line,
 * writes `<name>.started`, and writes `<name>.workbench.cpuprofile` at the stop line. Where the
 * time goes that is neither Marginalia's nor the extension host's (a save's write, a redraw).
 */
export async function workbenchProfiled<T>(dir: string | undefined, name: string, fn: () => Promise<T>): Promise<T> {
  if (!dir) return fn();
  const started = path.join(dir, `${name}.started`);
  const written = path.join(dir, `${name}.workbench.cpuprofile`);
  progress(`${WORKBENCH_PROFILE} start ${name}`);
  await waitFor(() => fs.existsSync(started), 10_000, 'the workbench profiler started');
  try {
    return await fn();
  } finally {
    progress(`${WORKBENCH_PROFILE} stop ${name}`);
    await waitFor(() => fs.existsSync(written), 30_000, 'the workbench profile written');
  }
}

/** The progress line that starts and stops the workbench's profiler (`workbenchProfiled`). */
export const WORKBENCH_PROFILE = 'workbench profile';

/** A progress line: bench/lib/vscode-session.ts shows them with --verbose. */
export function progress(message: string): void {
  console.log(`[marginalia-bench] ${message}`);
}

export { rng } from '../lib/registry-gen';

/**
 * CPU ms of every process on the machine so far (Linux: every thread's schedstat, in ns), keyed
 * by a short name: its command, with Chromium's process type, and this host's own threads
 * apart (cpuByThread). Two readings' difference says who had the processors while the host's
 * thread waited for one: over a window, not the bench's figure itself.
 */
export function cpuByProcess(): Map<string, number> {
  const out = new Map<string, number>();
  const add = (name: string, ms: number) => out.set(name, (out.get(name) ?? 0) + ms);
  let pids: string[] = [];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    if (pid === String(process.pid)) continue;
    try {
      // Chromium rewrites its command line as one string: split at spaces too
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split(/[\0 ]/).filter(Boolean);
      if (!argv.length) continue; // a kernel thread: its name changes with its work
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
      const type = argv.find((a) => a.startsWith('--type='))?.slice(7);
      const script = argv.slice(1).find((a) => a.endsWith('.js'));
      const name = type ? `${comm} ${type}` : script ? `${comm} ${path.basename(script)}` : comm;
      let ms = 0;
      for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
        try {
          ms += Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'latin1').split(' ')[0]) / 1e6;
        } catch {
          // the thread ended meanwhile
        }
      }
      add(name, ms);
    } catch {
      // the process ended meanwhile
    }
  }
  for (const [name, t] of cpuByThread()) add(`host: ${name}`, t.ms);
  return out;
}

/** Who used the CPU since a cpuByProcess reading, most first, each over `minMs`: "name ms, name ms, …". */
export function cpuSince(before: Map<string, number>, minMs: number): string {
  return [...cpuByProcess()]
    .map(([name, ms]): [string, number] => [name, ms - (before.get(name) ?? 0)])
    .filter(([, d]) => d >= minMs)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
    .join(', ');
}

/** A timed span's own time: its total less the host thread's wait for a CPU inside it (where that is known). */
export function ownMs(k: { total: number; waitMs: number }): number {
  return k.total - (Number.isFinite(k.waitMs) ? k.waitMs : 0);
}
