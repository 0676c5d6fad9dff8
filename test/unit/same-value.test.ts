// Structural equality of sidecar values (core/review/history.ts sameValue), which decides what a
// history entry records and which annotations and placements a read keeps as they were: equal to
// a deep copy, unequal once a leaf, a key or an array's length differs; an array never equals an
// object. Checked against the plain definition (key lists compared, then each value) on random
// values, since the function counts keys without allocating (issue 15).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sameValue } from '../../src/core/review/history';

type V = unknown;
function plain(a: V, b: V): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => plain((a as Record<string, V>)[k], (b as Record<string, V>)[k]));
}

const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<V>(undefined, null, 0, 1, 'a', 'b', true),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('x', 'y', 'z', 'status'), tie('v'), { maxKeys: 3 }),
  ),
})).v;

test('sameValue: as the plain definition on random values, and every value equals its deep copy', () => {
  fc.assert(
    fc.property(value, value, (a, b) => {
      assert.equal(sameValue(a, b), plain(a, b));
      assert.equal(sameValue(a, structuredClone(a)), true);
    }),
    { numRuns: 5000 },
  );
});

test('sameValue: a leaf, a key or a length changed is told apart; an array is not an object', () => {
  const a = { status: 'disputed', tags: ['x', 'y'], review: { by: 'Ana', verdict: 'approved' } };
  assert.equal(sameValue(a, structuredClone(a)), true);
  assert.equal(sameValue(a, { ...a, status: 'refuted' }), false);
  assert.equal(sameValue(a, { ...a, tags: ['x'] }), false);
  assert.equal(sameValue(a, { ...a, review: { by: 'Ana' } }), false);
  assert.equal(sameValue(a, { ...a, extra: 1 }), false);
  assert.equal(sameValue(['x'], { 0: 'x' }), false);
});
