// A whole-corpus pass in slices (src/core/slices.ts): every item runs once and in order;
// a pass that fits in one slice runs in the caller's task; a longer one gives the thread back
// between slices, and a newer change can call off the rest. Work written as a generator (an
// analysis view's model) runs the same way, and JSON is written in steps (core/jsonSliced.ts)
// with JSON.stringify's text exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { annotationsHeld, eachInSlices, finish, fullTurn, isLargeChange, LARGE_CHANGE, sliced, sortSliced, Stale, type Sliced } from '../../src/core/slices';
import { jsonSliced } from '../../src/core/jsonSliced';
import { utf8Sliced } from '../../src/core/text/utf8';
import { achModel, achModelSliced, type EvidenceInput } from '../../src/core/analysis/ach';
import { timelineModel, timelineModelSliced, type TimelineInput } from '../../src/core/analysis/timeline';

/** A clock the items move on: each item takes `cost` ms. */
function clock(cost: number) {
  let t = 0;
  return { now: () => t, tick: () => (t += cost) };
}

test('slices: a pass within the budget runs at once, in the caller’s task', async () => {
  const c = clock(1);
  const seen: number[] = [];
  let waits = 0;
  const done = eachInSlices([1, 2, 3, 4], (i) => (seen.push(i), c.tick()), { next: async () => void waits++, now: c.now, budgetMs: 8 });
  assert.deepEqual(seen, [1, 2, 3, 4], 'every item ran before eachInSlices returned');
  assert.equal(await done, true);
  assert.equal(waits, 0);
});

test('slices: a longer pass gives the thread back each time the budget is spent, every item once and in order', async () => {
  const c = clock(3); // three items make a slice of 9 ms > 8
  const seen: number[] = [];
  const between: number[] = [];
  const items = Array.from({ length: 10 }, (_, i) => i);
  const done = eachInSlices(items, (i) => (seen.push(i), c.tick()), { next: async () => void between.push(seen.length), now: c.now, budgetMs: 8 });
  assert.deepEqual(seen, [0, 1, 2], 'the first slice ran in the caller’s task, and no more');
  assert.equal(await done, true);
  assert.deepEqual(seen, items);
  assert.deepEqual(between, [3, 6, 9], 'the thread was given back after each slice of three');
});

test('slices: a pass called off between slices stops there and says so', async () => {
  const c = clock(5);
  const seen: number[] = [];
  let calledOff = false;
  const done = eachInSlices([0, 1, 2, 3, 4, 5], (i) => (seen.push(i), c.tick()), { next: async () => void (calledOff = seen.length >= 4), stop: () => calledOff, now: c.now, budgetMs: 8 });
  assert.equal(await done, false);
  assert.deepEqual(seen, [0, 1, 2, 3]);
});

test('slices: by default the event loop goes round between slices (a timer set before the pass fires before it ends)', async () => {
  let timerAt = -1;
  const seen: number[] = [];
  setTimeout(() => (timerAt = seen.length), 0);
  const items = Array.from({ length: 50 }, (_, i) => i);
  const spin = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  await eachInSlices(items, (i) => (seen.push(i), spin(1)), { budgetMs: 8 }); // the default wait: the event loop goes round
  assert.equal(seen.length, 50);
  assert.ok(timerAt > 0 && timerAt < 50, `the timer ran between slices (after ${timerAt} items)`);
});

test('slices: passes under way at once take turns, one slice per turn of the event loop, so their slices never add up', async () => {
  const c = clock(10); // every item is a slice of its own
  const order: string[] = [];
  const a = eachInSlices([0, 1, 2, 3], (i) => (order.push(`a${i}`), c.tick()), { now: c.now, budgetMs: 8 });
  const b = eachInSlices([0, 1, 2, 3], (i) => (order.push(`b${i}`), c.tick()), { now: c.now, budgetMs: 8 });
  setImmediate(() => order.push('other')); // other work, asked for after both passes began
  await Promise.all([a, b]);
  assert.deepEqual(
    order.filter((x) => x !== 'other'),
    ['a0', 'b0', 'a1', 'b1', 'a2', 'b2', 'a3', 'b3'],
  );
  assert.equal(order.indexOf('other'), 2, 'the other work ran before either pass’s next slice, not after a slice of each');
});

test('slices: from an I/O callback, a timer already due runs before the next slice (an immediate alone would not wait for it)', async () => {
  const order = await new Promise<string[]>((done) => {
    fs.readFile(__filename, () => {
      const seen: string[] = [];
      setTimeout(() => seen.push('timer'), 0);
      const spin = (ms: number) => {
        const end = performance.now() + ms;
        while (performance.now() < end);
      };
      // the first item spends the slice's budget, and the timer is due when the pass gives the thread back
      void eachInSlices([3, 0], (ms) => (seen.push(`item ${ms}`), spin(ms)), { budgetMs: 2 }).then(() => done(seen));
    });
  });
  assert.deepEqual(order, ['item 3', 'timer', 'item 0']);
});

test('slices: passes started in one task share its budget: one started after it is spent gives the thread back before its first item', async () => {
  const spin = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  // a task of its own: the test before may have sliced in the task this one began in
  await new Promise((r) => setImmediate(r));
  const a: number[] = [];
  const b: number[] = [];
  const items = Array.from({ length: 30 }, (_, i) => i);
  // as after an index: the Sources view's pass and Problems' start in the same task
  const doneA = eachInSlices(items, (i) => (a.push(i), spin(1)), { budgetMs: 8 });
  const doneB = eachInSlices(items, (i) => (b.push(i), spin(1)), { budgetMs: 8 });
  // at least one item (a loaded machine may take a whole budget from one 1 ms item), not all
  assert.ok(a.length >= 1 && a.length < 30, `the first pass ran a slice in the caller's task (${a.length} items)`);
  assert.equal(b.length, 0, 'the second waited for a later task, not adding a slice of its own to this one');
  assert.deepEqual(await Promise.all([doneA, doneB]), [true, true]);
  assert.deepEqual(b, items);
  // in a later task a pass has a budget of its own again
  await new Promise((r) => setImmediate(r));
  const c: number[] = [];
  const doneC = eachInSlices([1, 2], (i) => c.push(i), { budgetMs: 8 });
  assert.deepEqual(c, [1, 2], 'a small pass in a new task still runs at once');
  await doneC;
});

test('slices: an item said to be heavy runs after a turn of its own, even when the slice has time left; the items after it in another', async () => {
  const c = clock(1);
  const seen: number[] = [];
  const between: number[] = [];
  // item 3 stands for a source of thousands of annotations (30 ms alone)
  const each = (i: number) => {
    seen.push(i);
    for (let k = 0; k < (i === 3 ? 30 : 1); k++) c.tick();
  };
  const done = eachInSlices([1, 2, 3, 4, 5], each, {
    next: async () => void between.push(seen.length),
    now: c.now,
    budgetMs: 8,
    alone: (i) => i === 3,
  });
  assert.deepEqual(seen, [1, 2], 'the items before it ran in the caller’s task');
  assert.equal(await done, true);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.deepEqual(between, [2, 3], 'the thread was given back before the heavy item, and after it (its 30 ms spent the budget)');
});

test('slices: a heavy first item waits for a turn too (what the task ran before the pass is not added to it)', async () => {
  const seen: number[] = [];
  const done = eachInSlices([1, 2], (i) => seen.push(i), { budgetMs: 8, alone: (i) => i === 1 });
  assert.deepEqual(seen, [], 'nothing ran in the caller’s task');
  assert.equal(await done, true);
  assert.deepEqual(seen, [1, 2]);
});

// guardedEdit (issue 15) cuts a write at the end of a file's read: an I/O callback. An immediate
// asked there runs in the same turn of the event loop, before a timer that is due; fullTurn
// lets the loop go round first (the bench's stall monitor is such a timer; so, for the host,
// is every message that came in meanwhile).
test('fullTurn: from an I/O callback, a timer already due runs before it resolves (an immediate would not wait for it)', async () => {
  const order = await new Promise<string[]>((done) => {
    fs.readFile(__filename, () => {
      const seen: string[] = [];
      const end = performance.now() + 3;
      setTimeout(() => seen.push('timer'), 0);
      while (performance.now() < end); // the timer is due
      setImmediate(() => seen.push('immediate'));
      void fullTurn().then(() => {
        seen.push('fullTurn');
        done(seen);
      });
    });
  });
  assert.deepEqual(order, ['immediate', 'timer', 'fullTurn']);
});

/** Work of `steps` steps, each busy for `ms`; counts the steps taken. */
function busy(steps: number, ms: number, taken: { n: number }): Sliced<number> {
  return (function* () {
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      while (performance.now() - t < ms);
      taken.n++;
      yield;
    }
    return steps;
  })();
}

test('sliced work: finish runs work to its end at once and returns its result', () => {
  const taken = { n: 0 };
  assert.equal(finish(busy(5, 0, taken)), 5);
  assert.equal(taken.n, 5);
});

test('sliced work: lets the event loop run between slices and cuts each slice near its budget', async () => {
  const taken = { n: 0 };
  const slices: number[] = [];
  let ranBetween = 0;
  const other = setInterval(() => ranBetween++, 0);
  try {
    const result = await sliced(busy(40, 1, taken), { budgetMs: 4, next: fullTurn, onSlice: (ms) => slices.push(ms) });
    assert.equal(result, 40);
  } finally {
    clearInterval(other);
  }
  assert.equal(taken.n, 40);
  assert.ok(slices.length >= 5, `40 ms of work in slices of 4 ms: ${slices.length} slices`);
  // a slice ends at the first pause after its budget: one step (1 ms) over at most, with room for a slow machine
  assert.ok(Math.max(...slices) < 4 + 1 + 20, `longest slice ${Math.max(...slices)} ms`);
  assert.ok(ranBetween > 0, 'a timer ran while the work was under way');
});

test('sliced work: made stale stops at the next slice: Stale is thrown and no further step is taken', async () => {
  const taken = { n: 0 };
  let stale = false;
  setTimeout(() => (stale = true), 5);
  await assert.rejects(sliced(busy(1000, 1, taken), { budgetMs: 2, stop: () => stale }), Stale);
  const stopped = taken.n;
  assert.ok(stopped < 1000, `stopped after ${stopped} of 1,000 steps`);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(taken.n, stopped, 'the generator was closed: nothing runs after');
});

test('sliced work: an error thrown by the work reaches the caller', async () => {
  const work = (function* (): Sliced<number> {
    yield;
    throw new Error('bad sidecar');
  })();
  await assert.rejects(sliced(work), /bad sidecar/);
});

test('jsonSliced writes JSON.stringify’s text for any JSON value and for objects with undefined, functions and sparse arrays', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => assert.equal(finish(jsonSliced(v)), JSON.stringify(v))),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.anything({ withNullPrototype: true, withSparseArray: true, withDate: true, withTypedArray: true, withMap: true, withSet: true }), (v) => assert.equal(finish(jsonSliced(v)), JSON.stringify(v))),
    { numRuns: 500 },
  );
  // eslint-disable-next-line no-sparse-arrays
  const odd = { a: undefined, f: () => 1, list: [undefined, () => 1, , 3], nested: [[1, [2, { x: [3] }]]], date: new Date(0), n: NaN };
  assert.equal(finish(jsonSliced(odd)), JSON.stringify(odd));
  assert.equal(finish(jsonSliced(undefined)), JSON.stringify(undefined));
});

test('jsonSliced indented writes JSON.stringify(value, null, n)’s text, nested arrays and objects, empty ones on one line', () => {
  for (const indent of [1, 2, 4]) {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withSparseArray: true, withDate: true, maxDepth: 5 }), (v) => assert.equal(finish(jsonSliced(v, indent)), JSON.stringify(v, null, indent))),
      { numRuns: 300 },
    );
  }
  const odd = { a: {}, b: [], c: { x: undefined }, d: [[], [{}], [[1, { y: [2, 'a\nb'] }]]], e: [{ deep: { list: [1, 2] } }], f: { toJSON: () => undefined }, g: [{ toJSON: () => ({ z: [1] }) }] };
  assert.equal(finish(jsonSliced(odd, 2)), JSON.stringify(odd, null, 2));
});

test('jsonSliced pauses inside a large array, so a 12,000-row model is written in many steps', () => {
  const rows = Array.from({ length: 12_000 }, (_, i) => ({ id: `c${i}`, quote: 'Reportedly, "a claim".', ratings: { h1: 'I' } }));
  const work = jsonSliced({ model: { rows }, labels: { a: 'b' } });
  let pauses = 0;
  let step = work.next();
  while (!step.done) {
    pauses++;
    step = work.next();
  }
  assert.ok(pauses >= 150, `${pauses} pauses`);
  assert.equal(step.value, JSON.stringify({ model: { rows }, labels: { a: 'b' } }));
  // an object of 10,000 members (a view's labels) and members skipped among them, joined a piece at a time, indented too
  const labels = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`file:///s${i}.txt`, i % 1000 === 0 ? undefined : `corpus/s${i}.txt`]));
  const model = { labels, empty: {}, rows: rows.slice(0, 5000) };
  assert.equal(finish(jsonSliced(model)), JSON.stringify(model));
  assert.equal(finish(jsonSliced(model, 2)), JSON.stringify(model, null, 2));
});

const claim = (id: string, over: Partial<EvidenceInput['annotation']> = {}): EvidenceInput['annotation'] =>
  ({ id, kind: 'claim', quote: `quote ${id}`, ...over }) as EvidenceInput['annotation'];

test('the sliced ACH and timeline models are the models computed at once, and pause along the way', () => {
  const hyps = [{ id: 'h1', text: 'One' }, { id: 'h2', text: 'Two' }];
  const evidence: EvidenceInput[] = Array.from({ length: 1000 }, (_, i) => ({
    source: `s${i % 37}.txt`,
    annotation: claim(`c${i}`, { hypotheses: { h1: (['CC', 'C', 'N', 'I', 'II'] as const)[i % 5], h2: (['I', 'C'] as const)[i % 2] }, credibility: 1 + (i % 6) }),
    status: i % 7 === 0 ? 'refuted' : 'unverified',
    reliability: 'ABCDF'[i % 5],
  }));
  let pauses = 0;
  const work = achModelSliced(hyps, evidence);
  let step = work.next();
  for (; !step.done; step = work.next()) pauses++;
  assert.deepEqual(step.value, achModel(hyps, evidence));
  assert.ok(pauses >= 4, `${pauses} pauses`);
  const inputs: TimelineInput[] = evidence.map((e, i) => ({ ...e, annotation: { ...e.annotation, when: `2026-0${1 + (i % 9)}-1${i % 10}` }, contradicts: [`s${(i + 1) % 37}.txt#c${(i + 1) % 1000}`] }));
  assert.deepEqual(finish(timelineModelSliced(inputs, 'source')), timelineModel(inputs, 'source'));
});

test('utf8Sliced encodes a large text in steps to TextEncoder’s bytes, a surrogate pair never cut', () => {
  // astral characters placed across every step boundary, and a lone surrogate
  const text = Array.from({ length: 300_000 }, (_, i) => (i % 7 === 0 ? '😀' : i % 11 === 0 ? '“é”' : i === 5 ? '\ud800' : 'a')).join('');
  let pauses = 0;
  const work = utf8Sliced(text);
  let step = work.next();
  for (; !step.done; step = work.next()) pauses++;
  assert.ok(pauses >= 2, `${pauses} pauses`);
  assert.deepEqual(step.value, new TextEncoder().encode(text));
  // a pair exactly across the first step's end (2^17 code units)
  const edge = 'a'.repeat((1 << 17) - 1) + '😀'.repeat(3) + 'b'.repeat(1 << 17);
  assert.deepEqual(finish(utf8Sliced(edge)), new TextEncoder().encode(edge));
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (s) => assert.deepEqual(finish(utf8Sliced(s)), new TextEncoder().encode(s))));
});

test('utf8Sliced of many pieces (JSON’s): each piece’s bytes in order, in steps of many pieces each', () => {
  const pieces = Array.from({ length: 200_000 }, (_, i) => (i % 13 === 0 ? '"😀é"' : i % 17 === 0 ? '\ud800' : i % 5 === 0 ? ',' : `"k${i}":`));
  const concat = (arrays: Uint8Array[]) => {
    const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) out.set(a, (at += a.length) - a.length);
    return out;
  };
  const encoder = new TextEncoder();
  let pauses = 0;
  const work = utf8Sliced(pieces);
  let step = work.next();
  for (; !step.done; step = work.next()) pauses++;
  assert.deepEqual(step.value, concat(pieces.map((p) => encoder.encode(p))));
  const units = pieces.reduce((n, p) => n + p.length, 0);
  // a pause every 2^17 code units encoded, and one between each megabyte joined: not one a piece
  assert.ok(pauses >= 2 && pauses <= Math.ceil(units / (1 << 17)) + Math.ceil(step.value.length / (1 << 20)), `${pauses} pauses for ${units} code units`);
  // a piece larger than a buffer, between small ones
  const large = ['[', 'é'.repeat(600_000), '😀'.repeat(300_000), ']'];
  assert.deepEqual(finish(utf8Sliced(large)), concat(large.map((p) => encoder.encode(p))));
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 40 }), (ps) => assert.deepEqual(finish(utf8Sliced(ps)), concat(ps.map((p) => encoder.encode(p))))),
  );
});

test('sortSliced: the order Array.prototype.sort gives (ties kept in order: stable), in steps', () => {
  const byKey = (a: { k: number; i: number }, b: { k: number; i: number }) => a.k - b.k;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 5000 }), (keys) => {
      const items = keys.map((k, i) => ({ k, i }));
      assert.deepEqual(finish(sortSliced(items, byKey)), items.slice().sort(byKey));
    }),
    { numRuns: 60 },
  );
  const many = Array.from({ length: 24_000 }, (_, i) => ({ k: (i * 7919) % 97, i }));
  let pauses = 0;
  const work = sortSliced(many, byKey);
  let step = work.next();
  for (; !step.done; step = work.next()) pauses++;
  assert.deepEqual(step.value, many.slice().sort(byKey));
  assert.ok(pauses >= 24, `${pauses} pauses`);
  assert.equal(many[0].i, 0, 'the input left as it was');
});

test('slices: a change is large from LARGE_CHANGE annotations between its sources, counted only until then', () => {
  const asked: number[] = [];
  const count = (n: number) => (asked.push(n), n);
  assert.equal(isLargeChange([LARGE_CHANGE - 1], count), false);
  assert.equal(isLargeChange([1, LARGE_CHANGE - 1], count), true);
  assert.equal(isLargeChange([], count), false);
  // a pull naming hundreds of sources stops counting once the change is large
  asked.length = 0;
  assert.equal(isLargeChange([LARGE_CHANGE, 5, 5, 5], count), true);
  assert.deepEqual(asked, [LARGE_CHANGE]);
});

test('slices: an entry holds its sidecar’s annotations even where none is placed (its source unread)', () => {
  const annotations = Array.from({ length: LARGE_CHANGE }, () => ({}));
  assert.equal(annotationsHeld({ parsed: { sidecar: { annotations } }, placements: [] }), LARGE_CHANGE);
  assert.equal(annotationsHeld({ parsed: null, placements: [{}, {}] }), 2);
  assert.equal(annotationsHeld({ parsed: { sidecar: null }, placements: [] }), 0);
  assert.equal(annotationsHeld(undefined), 0);
  assert.equal(isLargeChange([{ parsed: { sidecar: { annotations } }, placements: [] }], annotationsHeld), true);
});
