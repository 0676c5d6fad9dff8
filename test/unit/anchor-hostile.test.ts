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

// Long quotes and long contexts (issue 15): a claim over a whole long text, edited, is found in a
// band around where it may start (myers.ts `banded`), and a context side is read to MAX_CONTEXT
// units; what they find is what the unbounded search found.

/** Distinct words, so a long quote stands in one place only. */
function wordsText(n: number, from = 0): string {
  return Array.from({ length: n }, (_, k) => `word${from + k}`).join(' ');
}

test('anchor: a claim over 100 KB with two letters changed inside is placed over the whole of it', () => {
  const text = `Header line. ${wordsText(12_000)} Footer line.`;
  const start = text.indexOf('word0');
  const end = text.indexOf(' Footer');
  const stored = text.slice(start, end);
  const quote = stored.slice(0, 50_000) + 'QQ' + stored.slice(50_002);
  const [p] = placeAnnotations(text, [{ id: 'c', kind: 'claim', quote, start: start + 3, end: end + 3 }]);
  assert.equal(p.result.state, 'fuzzy');
  assert.deepEqual([p.result.start, p.result.end], [start, end]);
});

test('anchor: a long claim with a paragraph of 300 units put inside it is found where it stands; with no offsets, by its words', () => {
  const body = wordsText(3_000);
  const quote = body;
  const inserted = ' ' + 'An inserted paragraph of other words. '.repeat(8).trim();
  const cut = body.indexOf('word1500') - 1;
  const text = `Opening sentence. ${body.slice(0, cut)}${inserted}${body.slice(cut)} Closing sentence.`;
  const start = text.indexOf('word0');
  const end = text.indexOf(' Closing');
  for (const offsets of [{ start: start + 40, end: end + 40 }, {}]) {
    const [p] = placeAnnotations(text, [{ id: 'c', kind: 'claim', quote, ...offsets }]);
    assert.equal(p.result.state, 'fuzzy', JSON.stringify(offsets));
    assert.deepEqual([p.result.start, p.result.end], [start, end]);
  }
});

test('anchor: a long claim whose words were rewritten throughout is an orphan, not a guess', () => {
  const body = wordsText(2_000);
  const text = `Opening sentence. ${body.replace(/word\d*[0-3] /g, 'other ')} Closing sentence.`;
  const [p] = placeAnnotations(text, [{ id: 'c', kind: 'claim', quote: body, start: 18, end: 18 + body.length }]);
  assert.equal(p.result.state, 'orphaned');
});

test('anchor: contexts of 40,000 units tell copies apart as their ends do', () => {
  const filler = (tag: string) => Array.from({ length: 5_000 }, (_, k) => `${tag}${k}`).join(' ');
  const text = ['alpha', 'beta', 'gamma'].map((tag) => `${filler(tag)} Pashinyan said so. ${filler(tag + 'x')}`).join('\n');
  const target = text.indexOf('Pashinyan', text.indexOf('beta0'));
  const prefix = text.slice(target - 40_000, target);
  const suffix = text.slice(target + 9, target + 40_009);
  const long = placeAnnotations(text, [{ id: 'n', kind: 'claim', quote: 'Pashinyan', prefix, suffix, start: target + 1 }]);
  const cut = placeAnnotations(text, [{ id: 'n', kind: 'claim', quote: 'Pashinyan', prefix: prefix.slice(-256), suffix: suffix.slice(0, 256), start: target + 1 }]);
  assert.deepEqual(long[0].result, cut[0].result);
  assert.deepEqual([long[0].result.state, long[0].result.start], ['moved', target]);
});
