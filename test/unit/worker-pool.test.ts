// The worker pool (src/node/workerPool.ts): a worker with room for more than one task goes on to
// the next while the caller's thread is busy (issue 15: the extension host took up to 350 ms to
// hand an idle index worker its next chunk), and a worker that dies fails every task it held.
import os from 'node:os';
import { syncBuiltinESMExports } from 'node:module';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkWorkerCount, ONE_WORKER_UP_TO, WorkerPool, workerCount, workersAllowed, workerScript } from '../../src/node/workerPool';
import type { IndexAnswer, IndexTask } from '../../src/node/indexRead';
import type { BusyTask } from '../fixtures/workers/busyWorker';
import { niceByThread, threadsHaveNice } from './threadNice';

const SCRIPT = path.join(__dirname, '../fixtures/workers/busyWorker.ts');
type Answer = { started: number; ended: number; thread: number };

/** Keeps this thread busy, as the extension host is while it draws the views. */
function block(ms: number): void {
  const t = Date.now();
  while (Date.now() - t < ms) {
    // busy
  }
}

/**
 * How long after the first task ended the second one started, when the caller's thread is busy
 * for 400 ms right after handing both over (the answer to the first waits in its queue).
 */
async function gapWhileCallerBusy(depth: number): Promise<number> {
  const pool = new WorkerPool<BusyTask, Answer>(SCRIPT, 1, undefined, 20_000, depth);
  try {
    await pool.run({ ms: 1 }); // the worker has loaded
    const first = pool.run({ ms: 100 });
    const second = pool.run({ ms: 10 });
    block(400);
    const [a, b] = await Promise.all([first, second]);
    return b.started - a.ended;
  } finally {
    await pool.close();
  }
}

test('a pool of depth 2 holds a second task: the worker starts it while the caller is busy', async () => {
  const gap = await gapWhileCallerBusy(2);
  assert.ok(gap < 150, `${gap} ms`);
});

test('a pool of depth 1 gives the next task only once the caller takes the answer (as before)', async () => {
  const gap = await gapWhileCallerBusy(1);
  assert.ok(gap >= 200, `${gap} ms`);
});

test('tasks are spread over the workers before any holds two, and every answer reaches its own task', async () => {
  const pool = new WorkerPool<BusyTask, Answer>(SCRIPT, 2, undefined, 20_000, 2);
  try {
    const answers = await Promise.all([40, 40, 5, 5, 5, 5].map((ms) => pool.run({ ms })));
    for (const [k, ms] of [40, 40, 5, 5, 5, 5].entries()) assert.ok(answers[k].ended - answers[k].started >= ms - 1, `task ${k}`);
    // the two long tasks went one to each worker
    assert.notEqual(answers[0].thread, answers[1].thread);
  } finally {
    await pool.close();
  }
});

test('a worker that dies rejects every task it held, and those queued when no worker is left', async () => {
  const pool = new WorkerPool<BusyTask, Answer>(SCRIPT, 1, undefined, 20_000, 2);
  try {
    await pool.run({ ms: 1 });
    const held = [pool.run({ exit: true, ms: 0 }), pool.run({ ms: 1 }), pool.run({ ms: 1 })];
    const settled = await Promise.allSettled(held);
    assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected', 'rejected']);
  } finally {
    await pool.close();
  }
});

test('a worker silent past taskMs on one task is stopped: its task rejects saying so, and the next task starts another', async () => {
  const pool = new WorkerPool<BusyTask, Answer>(SCRIPT, 1, undefined, 300, 1);
  try {
    await pool.run({ ms: 1 });
    await assert.rejects(pool.run({ ms: 5_000 }), /a worker was stopped: it was silent for 300 ms on one task/);
    const next = await pool.run({ ms: 1 });
    assert.ok(next.ended >= next.started, 'a new worker answers');
  } finally {
    await pool.close();
  }
});

test('initFor: each worker its own init, in the order they start; one started beyond it gets the pool\'s', async () => {
  const pool = new WorkerPool<BusyTask, Answer & { label?: string }>(SCRIPT, 3, { label: 'shared' }, 20_000, 1, (k) => (k < 2 ? { init: { label: `worker ${k}` } } : undefined));
  try {
    pool.warm();
    const answers = await Promise.all(Array.from({ length: 9 }, () => pool.run({ ms: 20 })));
    assert.deepEqual([...new Set(answers.map((a) => a.label))].sort(), ['shared', 'worker 0', 'worker 1']);
    for (const thread of new Set(answers.map((a) => a.thread))) assert.equal(new Set(answers.filter((a) => a.thread === thread).map((a) => a.label)).size, 1, 'one init a worker');
  } finally {
    await pool.close();
  }
});

test('LATER: workers start before their init; tasks wait for setInit, and each worker, started before or after it, gets its own init', async () => {
  const pool = new WorkerPool<BusyTask, Answer & { label?: string }>(SCRIPT, 2, WorkerPool.LATER, 20_000, 1);
  try {
    pool.allow(1);
    pool.warm();
    let answered = false;
    const waiting = pool.run({ ms: 1 }).then((a) => ((answered = true), a));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answered, false, 'a task waits for the init');
    pool.setInit({ label: 'shared' }, (k) => (k === 0 ? { init: { label: 'first' } } : undefined));
    assert.equal((await waiting).label, 'first', 'the worker started early got initFor(0)');
    pool.allow(2);
    const answers = await Promise.all(Array.from({ length: 6 }, () => pool.run({ ms: 30 })));
    assert.deepEqual([...new Set(answers.map((a) => a.label))].sort(), ['first', 'shared'], 'the one started after setInit got the pool\'s');
    assert.throws(() => pool.setInit({ label: 'again' }), /given its init/);
  } finally {
    await pool.close();
  }
});

test('runBeforeInit: a task that needs no init goes out to a pool still waiting for it, ahead of those that do', async () => {
  const pool = new WorkerPool<BusyTask, Answer & { label?: string }>(SCRIPT, 1, WorkerPool.LATER, 20_000, 1);
  try {
    const later = pool.run({ ms: 1 });
    const early = await pool.runBeforeInit({ ms: 1 });
    assert.equal(early.label, undefined, 'answered without an init');
    pool.setInit({ label: 'shared' });
    assert.equal((await later).label, 'shared');
  } finally {
    await pool.close();
  }
});

test('allow: a pool allowed one worker of two runs every task on it; allowed two, the next tasks start the other', async () => {
  const pool = new WorkerPool<BusyTask, Answer>(SCRIPT, 2, undefined, 20_000, 2);
  try {
    pool.allow(1);
    pool.warm();
    const one = await Promise.all(Array.from({ length: 6 }, () => pool.run({ ms: 10 })));
    assert.equal(new Set(one.map((a) => a.thread)).size, 1, 'one worker');
    pool.allow(5); // at most the pool's size
    const two = await Promise.all(Array.from({ length: 6 }, () => pool.run({ ms: 30 })));
    assert.equal(new Set(two.map((a) => a.thread)).size, 2, 'both workers');
    assert.ok(two.some((a) => a.thread === one[0].thread), 'the first one still runs');
  } finally {
    await pool.close();
  }
});

test('workersAllowed: one index worker up to ONE_WORKER_UP_TO sources on two cores or fewer, however quiet the machine; all of them beyond, with more cores, or as MARGINALIA_WORKERS says', () => {
  const all = Number.MAX_SAFE_INTEGER;
  const rows: [sources: number, cores: number, allowed: number][] = [
    [2_000, 2, 1],
    [ONE_WORKER_UP_TO, 2, 1],
    [ONE_WORKER_UP_TO + 1, 2, all],
    [10_000, 2, all],
    [2_000, 1, 1],
    [2_000, 4, all],
    [0, 8, all],
  ];
  const loadavg = os.loadavg;
  const forced = process.env.MARGINALIA_WORKERS;
  delete process.env.MARGINALIA_WORKERS;
  try {
    for (const load of [0, 9]) {
      os.loadavg = () => [load, load, load];
      syncBuiltinESMExports();
      for (const [sources, cores, allowed] of rows) assert.equal(workersAllowed(sources, cores), allowed, `${sources} sources on ${cores} cores at load ${load}`);
    }
    process.env.MARGINALIA_WORKERS = '2';
    assert.equal(workersAllowed(2_000, 2), all, 'MARGINALIA_WORKERS: the pool it sizes runs whole');
  } finally {
    os.loadavg = loadavg;
    syncBuiltinESMExports();
    if (forced === undefined) delete process.env.MARGINALIA_WORKERS;
    else process.env.MARGINALIA_WORKERS = forced;
  }
});

test('checkWorkerCount (the CLI): none for few files, on one core, or on a busy machine of two cores; else one a core, at most four', () => {
  const forced = process.env.MARGINALIA_WORKERS;
  delete process.env.MARGINALIA_WORKERS;
  try {
    const rows: [items: number, cores: number, load: number, workers: number][] = [
      [10_000, 2, 1.9, 2],
      [10_000, 2, 5.2, 0],
      [10_000, 2, 4.9, 2],
      [10_000, 1, 0, 0],
      [10_000, 4, 12, 4],
      [10_000, 16, 0, 4],
      [499, 2, 0, 0],
    ];
    for (const [items, cores, load, workers] of rows) assert.equal(checkWorkerCount(items, 500, cores, load), workers, `${items} files on ${cores} cores at load ${load}`);
    process.env.MARGINALIA_WORKERS = '3';
    assert.equal(checkWorkerCount(10, 500, 2, 9), 3, 'MARGINALIA_WORKERS decides');
  } finally {
    if (forced === undefined) delete process.env.MARGINALIA_WORKERS;
    else process.env.MARGINALIA_WORKERS = forced;
  }
});

// The extension's index reads on a worker even on a busy machine (held to one by workersAllowed):
// the CLI's rule of no workers there had reached the index, whose reads then ran on the
// extension host's thread (2,000 sources at load 5: counts complete in 3.1-3.7 s instead of ~1-2 s).
test('workerCount (the index): workers however busy the machine; none for few sources or on one core', () => {
  const forced = process.env.MARGINALIA_WORKERS;
  delete process.env.MARGINALIA_WORKERS;
  // the machine as busy as it gets, whatever it is now
  const loadavg = os.loadavg;
  os.loadavg = () => [9, 9, 9];
  syncBuiltinESMExports();
  try {
    assert.equal(workerCount(2_000, 500, 2), 2, 'two cores');
    assert.equal(workerCount(2_000, 500, 2) && workersAllowed(2_000, 2), 1, 'busy: one worker, not none');
    assert.equal(workerCount(499, 500, 2), 0, 'few sources: read on the host');
    assert.equal(workerCount(2_000, 500, 1), 0, 'one core');
  } finally {
    os.loadavg = loadavg;
    syncBuiltinESMExports();
    if (forced === undefined) delete process.env.MARGINALIA_WORKERS;
    else process.env.MARGINALIA_WORKERS = forced;
  }
});

test('index workers run at a lower priority than the editor (nice 10): the host thread keeps its own', { skip: !threadsHaveNice && 'threads have no priority of their own here' }, async () => {
  const before = niceByThread();
  const pool = new WorkerPool<IndexTask, IndexAnswer>(workerScript(path.join(__dirname, '../../src/node'), 'indexWorker')!, 1, WorkerPool.LATER);
  try {
    await pool.runBeforeInit({ root: '', maxBytes: 0, items: [], registryText: 'marginalia: 1\nentities: []\n' });
    const started = [...niceByThread()].filter(([tid]) => !before.has(tid));
    assert.ok(started.some(([, nice]) => nice >= 10), `a new thread at nice 10: ${JSON.stringify(started)}`);
    assert.equal(niceByThread().get(process.pid), before.get(process.pid), 'the main thread is as it was');
  } finally {
    await pool.close();
  }
});

test('warm starts one worker a turn of the event loop (each holds the caller\'s thread), and a task given meanwhile starts the next at once', async () => {
  const pool = new WorkerPool<BusyTask, Answer>(SCRIPT, 3, undefined, 20_000, 1);
  try {
    pool.warm();
    assert.equal(pool.started, 1, 'one now');
    await new Promise((r) => setImmediate(r));
    assert.equal(pool.started, 2, 'the next a turn later');
    await new Promise((r) => setImmediate(r));
    assert.equal(pool.started, 3);
    await new Promise((r) => setImmediate(r));
    assert.equal(pool.started, 3, 'no more than asked');
  } finally {
    await pool.close();
  }
  const busy = new WorkerPool<BusyTask, Answer>(SCRIPT, 2, undefined, 20_000, 1);
  try {
    busy.warm();
    const answers = Promise.all([busy.run({ ms: 50 }), busy.run({ ms: 50 })]);
    assert.equal(busy.started, 2, 'two tasks given in the same turn: both workers run them');
    assert.equal(new Set((await answers).map((a) => a.thread)).size, 2);
  } finally {
    await busy.close();
  }
});
