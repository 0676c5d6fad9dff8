import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { wordDiff, wordsChanged } from '../../src/core/review/words';

// (assessed quote, current text, needs review?)
const cases: [string, string, boolean][] = [
  ['are directed by the Kremlin', 'are not directed by the Kremlin', true],
  ['the group numbered 12 people', 'the group numbered 21 people', true],
  ['“directed by the Kremlin”', '"directed by the Kremlin"', false],
  ['a coup—allegedly', 'a coup - allegedly', false],
  ['directed by the\nKremlin', 'directed  by the Kremlin', false],
  ['Directed by the Kremlin', 'directed by the kremlin', false],
  ['Pashinyan’s government', "Pashinyan's government", false],
  ['ﬁnance ministry', 'finance ministry', false],
  ['the Kremlin', 'the Kreml', true],
];

for (const [assessed, current, expected] of cases) {
  test(`words changed: ${JSON.stringify(assessed)} → ${JSON.stringify(current)} is ${expected}`, () => {
    assert.equal(wordsChanged(assessed, current), expected);
  });
}

test('word diff shows the inserted negation and the replaced name', () => {
  assert.deepEqual(wordDiff('the forces are directed by the Kremlin.', 'the forces are not directed by Moscow.'), [
    { op: 'same', text: 'the forces are ' },
    { op: 'ins', text: 'not ' },
    { op: 'same', text: 'directed by ' },
    { op: 'del', text: 'the Kremlin' },
    { op: 'ins', text: 'Moscow' },
    { op: 'same', text: '.' },
  ]);
});

test('word diff gives back both texts whole, for any pair of texts', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '.', 'é', '😀') }), fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', 'c') }), (a, b) => {
      const d = wordDiff(a, b);
      assert.equal(d.filter((o) => o.op !== 'ins').map((o) => o.text).join(''), a);
      assert.equal(d.filter((o) => o.op !== 'del').map((o) => o.text).join(''), b);
    }),
    { numRuns: 500 },
  );
});

test('past the edit budget the diff is the whole old text against the whole new one', () => {
  const a = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
  const b = Array.from({ length: 400 }, (_, i) => `v${i}`).join(' ');
  assert.deepEqual(wordDiff(a, b, 50), [
    { op: 'del', text: a },
    { op: 'ins', text: b },
  ]);
});
