// When a long index has the views draw its list before the counts (src/extension/store/listDraw.ts):
// not when the reads so far say the counts are a moment away, always when nothing is read yet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawListFirst, LIST_WORTH_MS } from '../../src/extension/store/listDraw';

const CASES: [name: string, done: number, total: number, readingMs: number, draw: boolean][] = [
  ['nothing read yet (10,000 sources listed after the second)', 0, 10_000, 0, true],
  ['nothing read yet, reading for a while', 0, 2_000, 600, true],
  ['a quarter read in 600 ms: 1.8 s to go', 500, 2_000, 600, true],
  ['two thirds read in 400 ms: 200 ms to go', 1_344, 2_000, 400, false],
  ['half read in 400 ms: as long again, over the worth', 1_000, 2_000, 400 + 2 * LIST_WORTH_MS, true],
  ['all read (the draw of the counts is due)', 2_000, 2_000, 700, false],
  ['nothing listed', 0, 0, 0, false],
];

for (const [name, done, total, readingMs, draw] of CASES) {
  test(`list draw: ${name} → ${draw ? 'drawn' : 'left to the counts'}`, () => {
    assert.equal(drawListFirst(done, total, readingMs), draw);
  });
}
