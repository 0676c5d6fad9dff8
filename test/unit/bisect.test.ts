// The one binary search (core/bisect.ts): the first index where a monotone test holds, as a scan
// finds it, and "a value within reach" as a scan says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anyWithin, firstIndex } from '../../src/core/bisect';

test('firstIndex: the first index at or past the place, as a scan finds it (n when none)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (xs, x) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const scan = sorted.findIndex((v) => v >= x);
      assert.equal(firstIndex(sorted.length, (i) => !(sorted[i] < x)), scan < 0 ? sorted.length : scan);
    }),
  );
});

test('anyWithin: whether some sorted value lies within reach, as a scan says', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), fc.nat(10), (xs, x, reach) => {
      const sorted = Float64Array.from(xs).sort();
      assert.equal(anyWithin(sorted, x, reach), xs.some((v) => Math.abs(v - x) <= reach));
    }),
  );
});
