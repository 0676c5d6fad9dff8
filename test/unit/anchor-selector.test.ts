// What an annotation stores when it is made (sidecar format v1: quote, prefix and suffix of up to
// 32 code points, start and end in code points).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnchorText, anchor, selectorFor } from '../../src/core/anchor';

const TEXT = 'Before 🇦🇲 and 😀 the words. 𝐁𝐨𝐥𝐝 text after them, and then a good deal more to follow.';

const cases: { name: string; quote: string; prefix: string; suffix: string }[] = [
  // Counted by hand: 🇦🇲 is two code points (regional indicators), 😀 and each 𝐁𝐨𝐥𝐝 letter one.
  { name: 'context shorter than 32 at the start of the text', quote: 'Before', prefix: '', suffix: ' 🇦🇲 and 😀 the words. 𝐁𝐨𝐥𝐝 text a' },
  { name: 'astral characters count one code point each', quote: 'the words.', prefix: 'Before 🇦🇲 and 😀 ', suffix: ' 𝐁𝐨𝐥𝐝 text after them, and then ' },
  { name: 'context shorter than 32 at the end of the text', quote: 'follow.', prefix: 'm, and then a good deal more to ', suffix: '' },
];

for (const c of cases) {
  test(`selectorFor: ${c.name}`, () => {
    const start = Array.from(TEXT.slice(0, TEXT.indexOf(c.quote))).length;
    const end = start + Array.from(c.quote).length;
    const sel = selectorFor(TEXT, start, end);
    assert.deepEqual(sel, { quote: c.quote, prefix: c.prefix, suffix: c.suffix, start, end });
    assert.ok(Array.from(sel.prefix).length <= 32 && Array.from(sel.suffix).length <= 32);
    assert.deepEqual(anchor(TEXT, sel), { state: 'anchored', start, end, confidence: 1 });
  });
}

test('selectorFor: the same from a string or a prepared text', () => {
  assert.deepEqual(selectorFor(new AnchorText(TEXT), 10, 14), selectorFor(TEXT, 10, 14));
});

test('selectorFor: a selection outside the text is a RangeError', () => {
  const length = Array.from(TEXT).length;
  for (const [s, e] of [[-1, 2], [3, 2], [0, length + 1], [1.5, 3]]) {
    assert.throws(() => selectorFor(TEXT, s, e), RangeError, `[${s}, ${e})`);
  }
  assert.equal(selectorFor(TEXT, length, length).quote, '');
});
