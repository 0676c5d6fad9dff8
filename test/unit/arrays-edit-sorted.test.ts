// editSorted (core/arrays.ts) replaces a splice per changed item in the Review view (issue 15):
// whatever the list, the drops and the additions (ties included), it leaves the very list the
// splices left, item for item.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { editSorted } from '../../src/core/arrays';
import { firstIndex } from '../../src/core/bisect';

interface Item {
  key: number;
  name: string;
}
const before = (a: Item, b: Item) => a.key < b.key;

/** The Review view's former update: each dropped item spliced out, each added one spliced in at its binary-searched place. */
function bySplices(sorted: readonly Item[], drop: ReadonlySet<Item>, add: readonly Item[]): Item[] {
  const model = sorted.slice();
  for (const d of drop) {
    const i = model.indexOf(d);
    if (i >= 0) model.splice(i, 1);
  }
  for (const x of add) model.splice(firstIndex(model.length, (i) => !before(model[i], x)), 0, x);
  return model;
}

const items = (prefix: string) => fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 30 }).map((keys) => keys.map((key, i) => ({ key, name: `${prefix}${i}` })));

test('drops and additions, ties among them and with the kept items: the list the splices left', () => {
  fc.assert(
    fc.property(items('k'), items('a'), fc.array(fc.boolean(), { maxLength: 30 }), (kept, add, dropMask) => {
      const sorted = kept.slice().sort((p, q) => p.key - q.key);
      const drop = new Set(sorted.filter((_, i) => dropMask[i]));
      assert.deepEqual(editSorted(sorted, drop, add, before), bySplices(sorted, drop, add));
    }),
    { numRuns: 3000 },
  );
});

test('nothing to change: the same items in the same order', () => {
  const sorted = [1, 2, 2, 5].map((key, i) => ({ key, name: `k${i}` }));
  assert.deepEqual(editSorted(sorted, new Set(), [], before), sorted);
});

test('an added item equal to kept ones goes before them, the later of two equal added ones first', () => {
  const k = { key: 3, name: 'kept' };
  const a1 = { key: 3, name: 'first added' };
  const a2 = { key: 3, name: 'second added' };
  assert.deepEqual(editSorted([k], new Set(), [a1, a2], before).map((x) => x.name), ['second added', 'first added', 'kept']);
});
