// Counts in progress messages and tree labels read as 'en' formats them (core/text/count.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCount } from '../../src/core/text/count';

test('a count has a comma between each group of three digits, as toLocaleString(\'en\') gives it', () => {
  const table: [number, string][] = [[0, '0'], [7, '7'], [999, '999'], [1000, '1,000'], [10032, '10,032'], [123456, '123,456'], [1234567, '1,234,567'], [-4500, '-4,500']];
  for (const [n, want] of table) assert.equal(formatCount(n), want);
  fc.assert(fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => formatCount(n) === n.toLocaleString('en')));
});

test('anything but a safe integer is written as String writes it', () => {
  for (const n of [1.5, NaN, Infinity, 2 ** 60]) assert.equal(formatCount(n), String(n));
});
