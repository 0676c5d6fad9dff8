// A few worker_threads for work that is CPU over many files (issue 15): parsing 10,000
// sidecars in the CLI's `check`, reading and parsing sidecars while the extension indexes a
// workspace. The caller keeps an in-process path for everything: a pool that cannot start (the
// worker bundle is missing, a browser host, a worker that died) makes `run` reject, and the
// caller does that task itself, so a failure here never changes a result, only where it is
// computed.
//
// One task is one message each way; a worker takes the next task as soon as it has answered,
// so the pool is as fast as its slowest task, not its slowest worker. With `depth` above one a
// worker holds that many tasks at once, so it goes on to its next one while the caller's thread
// is busy (issue 15: the extension host, drawing the views or applying another answer, took
// up to 350 ms to hand an idle index worker its next chunk). Workers are unref'd: an idle pool
// never keeps a process alive.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort, Worker, type TransferListItem } from 'node:worker_threads';

interface Pending<Out> {
  resolve: (out: Out) => void;
  reject: (e: Error) => void;
}

interface Job<In, Out> {
  id: number;
  task: In;
  pending: Pending<Out>;
  /** A task that needs no init (`runBeforeInit`): it goes out while the init is still to come. */
  early?: boolean;
}

interface Slot<In, Out> {
  worker: Worker;
  /** The worker's number in the order started (from 0), for `initFor`. */
  k: number;
  /** Whether it has been posted its init (a pool made with `later` posts none until `setInit`). */
  given: boolean;
  /** Tasks sent and not yet answered, oldest first (at most the pool's `depth`). */
  busy: Job<In, Out>[];
  timer?: ReturnType<typeof setTimeout>;
  /** Why the pool stopped this worker, if it did (its tasks' rejection says so). */
  stopped?: string;
}

/**
 * The init of the k-th worker a pool starts (from 0), whose thread is `thread` (its
 * worker_threads threadId), with what to transfer along; undefined for the pool's `init`.
 */
export type InitFor = (k: number, thread: number) => { init: unknown; transfer?: readonly TransferListItem[] } | undefined;

export class WorkerPool<In, Out> {
  private readonly slots: Slot<In, Out>[] = [];
  private readonly queue: Job<In, Out>[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers started so far (the next one's number, for `initFor`). */
  private spawned = 0;
  /** How many workers may run now (`allow`): at most `size`. */
  private allowed: number;
  /** Whether the init is still to come (`setInit`): workers may start, tasks wait. */
  private initLater: boolean;

  /**
   * `script`: a worker entry that calls serveTasks(); `init`: data every worker gets once, before
   * its first task; `taskMs`: a worker silent for this long on one task is stopped and the task
   * rejects (the caller then does it itself), so a stuck worker never stalls the caller;
   * `depth`: how many tasks a worker is given before it has answered the first (see the header);
   * `initFor`: the init of the k-th worker started (from 0) on its thread, with what to transfer
   * along (message ports: index workers hand each other the matcher the first one builds), else
   * `init`; made as that worker is given its init, so an init no worker needs is never made.
   * `later`: the init is not known yet (WorkerPool.LATER): workers may start (`warm`) and load
   * their code meanwhile; tasks wait for `setInit`.
   */
  constructor(
    private readonly script: string,
    readonly size: number,
    private init?: unknown,
    private readonly taskMs = 20_000,
    private readonly depth = 1,
    private initFor?: InitFor,
  ) {
    this.allowed = size;
    this.initLater = init === WorkerPool.LATER;
  }

  /** `init` for a pool whose init comes later (`setInit`). */
  static readonly LATER: unique symbol = Symbol('init later');

  /** The init of a pool made with WorkerPool.LATER: posted to the workers started so far, and to any started after; tasks go out from now on. */
  setInit(init: unknown, initFor?: InitFor): void {
    if (!this.initLater) throw new Error('this pool was given its init');
    this.initLater = false;
    this.init = init;
    this.initFor = initFor;
    for (const slot of this.slots) this.give(slot);
    this.pump();
  }

  /**
   * Starts the workers now, before there is work for them (`count` of them, at most those
   * allowed): a worker loads its code and takes `init` (an index worker builds or restores its
   * matcher then) while the caller is still listing the files to give it. One worker a turn of
   * the event loop: each `new Worker` holds the caller's thread (in the extension host, 3-14 ms
   * for two at a re-index, 27 ms of a 56 ms stall at one, issue 15); a task given meanwhile
   * starts the next at once (pump).
   */
  warm(count = this.size): void {
    if (this.closed || this.slots.length >= Math.min(count, this.allowed)) return;
    this.spawn();
    if (this.slots.length < Math.min(count, this.allowed)) setImmediate(() => this.warm(count));
  }

  /** Workers running now (for tests). */
  get started(): number {
    return this.slots.length;
  }

  /**
   * Lets at most `count` workers run (1 to `size`); the next tasks start more if it grew. Those
   * running stay: a pool does not shrink. A worker started later is as cold as the first was,
   * which is why a caller holds a pool back until its work is large (extension/store/indexPools.ts).
   */
  allow(count: number): void {
    this.allowed = Math.max(1, Math.min(this.size, count));
    this.pump();
  }

  run(task: In): Promise<Out> {
    return this.enqueue(task, false);
  }

  /** A task that needs no init: sent now even to a pool whose init is still to come (WorkerPool.LATER). */
  runBeforeInit(task: In): Promise<Out> {
    return this.enqueue(task, true);
  }

  /**
   * `task` once to every worker running now, after the tasks each holds (not through the queue):
   * for what each worker keeps of its own (an index worker's reads held for the cache,
   * indexCache.ts keepLater). Each answer, or its failure; none for a pool with no worker.
   */
  runOnEach(task: In): Promise<PromiseSettledResult<Out>[]> {
    if (this.closed) return Promise.resolve([]);
    return Promise.allSettled(
      this.slots.map(
        (slot) =>
          new Promise<Out>((resolve, reject) => this.post(slot, { id: this.nextId++, task, pending: { resolve, reject } })),
      ),
    );
  }

  private enqueue(task: In, early: boolean): Promise<Out> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, pending: { resolve, reject }, early });
      this.pump();
    });
  }

  /** Stops every worker; tasks not yet answered reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.pending.reject(new Error('the worker pool is closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private pump(): void {
    // until the init comes, only the tasks that need none go out
    const next = () => (this.initLater ? this.queue.findIndex((j) => j.early) : this.queue.length ? 0 : -1);
    for (let at = next(); at >= 0; at = next()) {
      // an idle worker first, then a new one, then one with room for another task
      let slot = this.slots.find((s) => !s.busy.length);
      if (!slot && this.slots.length < this.allowed) slot = this.spawn();
      slot ??= this.slots.reduce<Slot<In, Out> | undefined>((best, s) => (s.busy.length < this.depth && (!best || s.busy.length < best.busy.length) ? s : best), undefined);
      if (!slot) return;
      const [job] = this.queue.splice(at, 1);
      this.post(slot, job);
    }
  }

  /** Hands `job` to a worker: it answers after the tasks it holds, watched for silence from the first. */
  private post(slot: Slot<In, Out>, job: Job<In, Out>): void {
    slot.busy.push(job);
    if (slot.busy.length === 1) this.watch(slot);
    slot.worker.postMessage({ id: job.id, task: job.task });
  }

  /** Posts a worker its init, once. */
  private give(slot: Slot<In, Out>): void {
    if (slot.given) return;
    slot.given = true;
    const own = this.initFor?.(slot.k, slot.worker.threadId);
    if (own) slot.worker.postMessage({ init: own.init }, own.transfer as TransferListItem[] | undefined);
    else if (this.init !== undefined) slot.worker.postMessage({ init: this.init });
  }

  /** A worker silent for taskMs on its oldest task is stopped (its tasks then reject). */
  private watch(slot: Slot<In, Out>): void {
    clearTimeout(slot.timer);
    if (slot.busy.length) {
      slot.timer = setTimeout(() => {
        slot.stopped = `it was silent for ${this.taskMs} ms on one task`;
        void slot.worker.terminate();
      }, this.taskMs);
    }
  }

  private spawn(): Slot<In, Out> {
    const worker = startWorker(this.script);
    worker.unref();
    const slot: Slot<In, Out> = { worker, busy: [], k: this.spawned++, given: false };
    if (!this.initLater) this.give(slot);
    worker.on('message', (m: { id: number; result?: Out; error?: string }) => {
      const k = slot.busy.findIndex((j) => j.id === m.id);
      if (k < 0) return;
      const [job] = slot.busy.splice(k, 1);
      this.watch(slot);
      if (m.error !== undefined) job.pending.reject(new Error(m.error));
      else job.pending.resolve(m.result as Out);
      this.pump();
    });
    const fail = (e: Error) => {
      // a worker that cannot start or dies: its tasks, and the queue if no worker is left, reject
      clearTimeout(slot.timer);
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const job of slot.busy.splice(0)) job.pending.reject(e);
      if (!this.slots.length) for (const q of this.queue.splice(0)) q.pending.reject(e);
      else this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(slot.stopped ? `a worker was stopped: ${slot.stopped}` : `a worker stopped (exit ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}

/**
 * In a worker entry: answers each task with `handler`'s result, or its error's message; `init` is
 * the pool's, handed to `onInit` as soon as it arrives (to prepare before the first task).
 */
export function serveTasks<In, Out, Init = undefined>(handler: (task: In, init: Init | undefined) => Out | Promise<Out>, onInit?: (init: Init) => void): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread only');
  let init: Init | undefined;
  port.on('message', async (m: { id: number; task: In } | { init: Init }) => {
    if ('init' in m) {
      init = m.init;
      try {
        onInit?.(m.init);
      } catch {
        // preparing is an optimisation: the first task does it again, and reports any error
      }
      return;
    }
    try {
      port.postMessage({ id: m.id, result: await handler(m.task, init) });
    } catch (e) {
      port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

/**
 * Lowers this worker thread's scheduling priority (nice 10), where the system allows a thread its
 * own (Linux: /proc/thread-self names it; elsewhere nothing happens). For work in the background
 * of an editor (issue 15: the index workers and the editor's worker): on two cores, two busy
 * workers left the extension host's thread waiting 50-90 ms for a processor during a re-index,
 * and a save placed in the editor's worker held the host 77-178 ms (50-98 with it at nice 10).
 * At nice 10 the scheduler runs the host, the renderer and any other editor process first when
 * they need it, and gives the workers all the time the others leave.
 */
export function yieldToForeground(nice = 10): boolean {
  try {
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    if (!Number.isInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, Math.max(os.getPriority(tid), nice));
    return true;
  } catch {
    return false;
  }
}

/**
 * How many workers for `items` tasks: none for few (starting a worker costs tens of
 * milliseconds) or on one core, else up to one per core (at most 4). The extension's index holds
 * its pool to one worker on two cores (`workersAllowed`); the CLI's check takes none on a busy
 * machine (`checkWorkerCount`). MARGINALIA_WORKERS=N overrides all three (0: never).
 */
export function workerCount(items: number, minItems: number, cores = availableCores()): number {
  const forced = forcedWorkers();
  if (forced !== undefined) return forced;
  return items < minItems || cores < 2 ? 0 : Math.min(cores, 4);
}

/**
 * The CLI's `check`: workerCount, but none on a busy machine of two cores (`machineBusy`: at
 * load 5 on the bench machine, `check --json` of 10,000 sources took 2.95 s with two workers
 * and 1.99 s in one thread; at load 2, 1.52 s against 1.67 s). Not the extension's index, which
 * reads on a worker even then: the host's thread must stay free.
 */
export function checkWorkerCount(items: number, minItems: number, cores = availableCores(), load = os.loadavg()[0]): number {
  return forcedWorkers() === undefined && machineBusy(cores, load) ? 0 : workerCount(items, minItems, cores);
}

/** MARGINALIA_WORKERS as a count, when set to one. */
function forcedWorkers(): number | undefined {
  const forced = process.env.MARGINALIA_WORKERS;
  return forced !== undefined && forced !== '' && Number.isInteger(Number(forced)) ? Math.max(0, Number(forced)) : undefined;
}

/** Two cores or fewer, and a load average over the last minute of at least BUSY_LOAD_PER_CORE a core: the workers would wait for a processor. */
export function machineBusy(cores = availableCores(), load = os.loadavg()[0]): boolean {
  return cores <= 2 && load >= BUSY_LOAD_PER_CORE * cores;
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Up to this many sources on a machine of two cores, one index worker reads them all. Each
 * worker starts cold: its bundle loaded, its code interpreted until V8 compiles it (its first
 * chunks ran at 95-170 ms against ~15 ms later), and each worker's isolate compiles that code
 * again on V8's threads, which share the two cores with the extension host and the workbench.
 * On the 2-core bench machine at 2,000 sources, 14 runs against 13, alternated (issue 15, the
 * nineteenth session), found one worker as quick as two on a first index (activation → counts
 * complete, median 1,131 ms against 1,116; in a VS Code run before, 1,138 against 1,137) for a
 * tenth less of the host process's CPU (2,582 ms against 2,876), the host's longest stall during
 * it no longer (medians 40 ms against 46; 45 against 70), and a re-index as quick (641 ms
 * against 629). Before the workers ran at a lower priority and started early, one worker had
 * held the host longer (81 ms against 53), and was kept for a busy machine alone (under load
 * 7-12 one had been quicker in each of six alternated runs). At 10,000 the second worker pays
 * for its start.
 */
export const ONE_WORKER_UP_TO = 5_000;

/**
 * A machine is busy when its load average over the last minute is at least this many times its
 * cores: the CLI's `check` then reads in one thread (checkWorkerCount).
 */
const BUSY_LOAD_PER_CORE = 2.5;

/**
 * How many of an index pool's workers may read `sources` sources (WorkerPool.allow): one up to
 * ONE_WORKER_UP_TO on two cores or fewer, every one otherwise, or with MARGINALIA_WORKERS set
 * (the pool is then as large as it says). A machine with more cores has one for each worker
 * besides the host and the window (not measured here).
 */
export function workersAllowed(sources: number, cores = availableCores()): number {
  return sources > ONE_WORKER_UP_TO || cores > 2 || forcedWorkers() !== undefined ? Number.MAX_SAFE_INTEGER : 1;
}

/**
 * A worker thread running `script`: a bundle, or a module of the source (unit tests under tsx),
 * which a worker cannot load alone (it has no loader of its own), so tsx's is registered first.
 */
export function startWorker(script: string): Worker {
  return script.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true }) : new Worker(script);
}

/**
 * The worker bundle `name` beside this code: `<name>.js` in dist/, or `<name>.ts` when running
 * from source under tsx (startWorker). Null when there is neither.
 */
export function workerScript(dir: string, name: string): string | null {
  for (const f of [`${name}.js`, `${name}.ts`]) {
    const p = path.join(dir, f);
    if (fs.existsSync(p)) return p;
  }
  return null;
}
