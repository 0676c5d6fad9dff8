// Anchoring against a quote with thousands of equally good places (issue 8, "Bounded cost"):
// it is an orphan, with no suggestion, rather than a guess or a search of tens of seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchor } from '../../src/core/anchor';
import { placeAnnotations } from '../../src/core/placement';
import type { Annotation } from '../../src/core/types';

const SENTENCE = 'the cat sat. ';

test('anchor: a quote in thousands of equally good places is an orphan, not a guess', () => {
  const text = SENTENCE.repeat(40_000);
  const notes: Annotation[] = Array.from({ length: 10 }, (_, k) => ({ id: `n${k}`, kind: 'claim', quote: 'the cat', prefix: 'zz', suffix: 'yy' }));
  for (const p of placeAnnotations(text, notes)) {
    assert.equal(p.result.state, 'orphaned');
    assert.equal(p.result.start, null);
    assert.equal(p.result.suggestion, undefined);
  }
});

test('anchor: the same with stored offsets: no copy is taken on position alone', () => {
  const text = SENTENCE.repeat(40_000);
  const notes: Annotation[] = Array.from({ length: 10 }, (_, k) => {
    const start = k * 997 * SENTENCE.length + 1; // one unit off: never still in place
    return { id: `n${k}`, kind: 'claim', quote: 'the cat', prefix: 'zz', suffix: 'yy', start, end: start + 7 };
  });
  for (const p of placeAnnotations(text, notes)) assert.equal(p.result.state, 'orphaned');
});

test('anchor: a few copies are still told apart by their context', () => {
  const text = SENTENCE.repeat(20) + 'Only once did the vet see the cat limp across the yard. ' + SENTENCE.repeat(20);
  const r = anchor(text, { quote: 'the cat', prefix: 'Only once did the vet see ', suffix: ' limp across the yard.' });
  assert.equal(r.state, 'moved');
  assert.equal(r.start, text.indexOf('the cat limp'));
});
