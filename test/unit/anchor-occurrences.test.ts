// Every place a long quote stands, found in one scan of the text when checking each place its
// first piece stands would cost more (core/anchor/anchor-text.ts findAll, issue 15: a periodic
// text holds a long quote's first piece at hundreds of places, each compared in full). Held
// against the plain search of every start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AnchorText, occurrences } from '../../src/core/anchor/anchor-text';

const naive = (hay: string, needle: string) => {
  const out: number[] = [];
  for (let p = hay.indexOf(needle); p !== -1; p = hay.indexOf(needle, p + 1)) out.push(p);
  return out;
};

test('occurrences: every start, overlaps included, ascending, as a search of every start finds', () => {
  const text = fc.array(fc.constantFrom('a', 'b', ' ', 'ab', 'ab '), { maxLength: 120 }).map((xs) => xs.join(''));
  fc.assert(
    fc.property(text, text, (hay, needle) => {
      fc.pre(needle.length > 0);
      assert.deepEqual(occurrences(hay, needle), naive(hay, needle));
    }),
    { numRuns: 1000 },
  );
});

test('findAll: a long quote of a periodic text, at every place it stands, either way it is found', () => {
  const hay = 'ab '.repeat(400);
  const at = new AnchorText(hay);
  at.grams; // the gram index built, as the anchoring builds it
  for (const needle of ['ab ab ab ab', 'b ab ab ab a', 'ab '.repeat(150), 'ab '.repeat(5) + 'x']) {
    assert.deepEqual(at.findAll(needle), naive(at.folded.text, needle), JSON.stringify(needle.slice(0, 20)));
  }
});
