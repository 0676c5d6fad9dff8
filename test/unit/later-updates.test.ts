// A view's updates for the store's changes (src/core/redraw/laterUpdates.ts): a small change
// updates at once; a large one a turn of the event loop later, each view in a turn of its own;
// changes that come meanwhile join the waiting update, none lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LaterUpdates, type LaterRules } from '../../src/core/redraw/laterUpdates';
import { fullTurn } from '../../src/core/slices';

/** A change as the store's: everything, or some sources, each with how many annotations it holds. */
type Change = { all: true } | { all: false; sources: Map<string, number> };
const some = (...named: [string, number][]): Change => ({ all: false, sources: new Map(named) });
const rules: LaterRules<Change> = {
  merge: (a, b) => (a.all || b.all ? { all: true } : { all: false, sources: new Map([...a.sources, ...b.sources]) }),
  large: (c) => !c.all && [...c.sources.values()].reduce((n, k) => n + k, 0) >= 1000,
};
const named = (c: Change) => (c.all ? 'all' : [...c.sources.keys()].sort().join(','));

/** Counts turns of the event loop: an immediate that asks for the next one, until stopped. */
function turns() {
  let n = 0;
  let on = true;
  const tick = () => {
    n++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => n, stop: () => (on = false) };
}

test('later updates: a small change updates the view at once, in the store’s event', () => {
  const seen: string[] = [];
  const view = new LaterUpdates(rules, (c) => seen.push(named(c)));
  view.take(some(['a.txt', 3]));
  view.take({ all: true });
  assert.deepEqual(seen, ['a.txt', 'all']);
  assert.equal(view.due, false);
});

test('later updates: a large change updates the view a turn later, and whoever waits for the views is told', async () => {
  const seen: string[] = [];
  const told: Promise<void>[] = [];
  const view = new LaterUpdates(rules, (c) => seen.push(named(c)), (p) => told.push(p));
  view.take(some(['transcript.txt', 20_000]));
  assert.deepEqual(seen, [], 'not in the store’s event');
  assert.equal(view.due, true);
  assert.equal(told.length, 1);
  await told[0];
  assert.deepEqual(seen, ['transcript.txt'], 'updated once the wait it told of has ended');
  assert.equal(view.due, false);
});

test('later updates: changes that come while an update waits join it, small ones and everything too', async () => {
  const seen: string[] = [];
  const told: Promise<void>[] = [];
  const view = new LaterUpdates(rules, (c) => seen.push(named(c)), (p) => told.push(p));
  view.take(some(['transcript.txt', 20_000]));
  view.take(some(['note.txt', 2])); // small, but after the large one: it must not overtake it
  view.take(some(['transcript.txt', 20_000]));
  assert.deepEqual(seen, []);
  await Promise.all(told);
  assert.deepEqual(seen, ['note.txt,transcript.txt'], 'one update naming every source');
  assert.equal(told.length, 1);

  view.take(some(['transcript.txt', 20_000]));
  view.take({ all: true });
  await Promise.all(told);
  assert.deepEqual(seen, ['note.txt,transcript.txt', 'all']);
});

test('later updates: several views waiting for one change update in turns of their own, in the order they took it', async () => {
  const counter = turns();
  try {
    const at: [string, number][] = [];
    const told: Promise<void>[] = [];
    const views = ['sources', 'entities', 'claims', 'review'].map((name) => new LaterUpdates(rules, () => at.push([name, counter.now()]), (p) => told.push(p)));
    for (const v of views) v.take(some(['transcript.txt', 20_000]));
    await Promise.all(told);
    assert.deepEqual(
      at.map(([name]) => name),
      ['sources', 'entities', 'claims', 'review'],
    );
    for (let k = 1; k < at.length; k++) assert.ok(at[k][1] > at[k - 1][1], `${at[k][0]} updated in a later turn than ${at[k - 1][0]} (${JSON.stringify(at)})`);
  } finally {
    counter.stop();
    await fullTurn();
  }
});

test('later updates: a view disposed while its update waits is not updated', async () => {
  const seen: string[] = [];
  const told: Promise<void>[] = [];
  const view = new LaterUpdates(rules, (c) => seen.push(named(c)), (p) => told.push(p));
  view.take(some(['transcript.txt', 20_000]));
  view.dispose();
  await Promise.all(told);
  view.take(some(['a.txt', 1]));
  assert.deepEqual(seen, []);
});
