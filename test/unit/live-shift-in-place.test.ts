// Annotation spans moved in place on a keystroke (core/live/shiftInPlace.ts): the same spans,
// order and removals as shiftSpans (core/spans.ts), the rule the editor has always applied,
// over generated overlapping spans and events of one to three changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { shiftSpansInPlace } from '../../src/core/live/shiftInPlace';
import { shiftSpans, type TextChange } from '../../src/core/spans';

interface S {
  start: number;
  end: number;
  id: number;
}

const spansArb = fc.array(fc.tuple(fc.nat(300), fc.integer({ min: 1, max: 40 })), { maxLength: 40 }).map((xs) =>
  xs.map(([start, len], id): S => ({ start, end: start + len, id })).sort((a, b) => a.start - b.start),
);
/** Non-overlapping changes, offsets in the text before the event. */
const changesArb = fc.array(fc.tuple(fc.nat(340), fc.nat(12), fc.nat(6)), { minLength: 1, maxLength: 3 }).map((xs) => {
  const out: TextChange[] = [];
  let floor = Infinity;
  for (const [offset, removed, inserted] of xs.sort((a, b) => b[0] - a[0])) {
    if (offset + removed > floor || (out.length && offset + removed === floor)) continue;
    out.push({ offset, removed, inserted });
    floor = offset;
  }
  return out;
});

test('spans moved in place are what shiftSpans gives: positions, order, removals', () => {
  fc.assert(
    fc.property(spansArb, changesArb, fc.boolean(), (spans, changes, reverse) => {
      if (reverse) changes.reverse();
      const expected = shiftSpans(spans.map((s) => ({ ...s })), changes);
      const mine = spans.map((s) => ({ ...s }));
      const objects = new Set(mine);
      const removed = shiftSpansInPlace(mine, changes);
      assert.deepEqual(mine, expected.spans);
      assert.deepEqual(removed.map((s) => s.id).sort(), expected.removed.map((s) => s.id).sort());
      assert.ok(mine.every((s) => objects.has(s)), 'the same objects, moved');
    }),
    { numRuns: 2000, seed: 15 },
  );
});

test('typing before a claim moves it; deleting its words hands it back', () => {
  const claim = { start: 10, end: 20 };
  const note = { start: 2, end: 5 };
  const spans = [note, claim];
  assert.deepEqual(shiftSpansInPlace(spans, [{ offset: 6, removed: 0, inserted: 3 }]), []);
  assert.deepEqual(spans, [{ start: 2, end: 5 }, { start: 13, end: 23 }]);
  assert.equal(spans[1], claim);
  assert.deepEqual(shiftSpansInPlace(spans, [{ offset: 12, removed: 12, inserted: 0 }]), [claim]);
  assert.deepEqual(spans, [note]);
});
