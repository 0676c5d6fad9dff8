import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodePointIndex, codePointLength } from '../../src/core/text/positions';

test('code point offsets round-trip through UTF-16 around astral characters', () => {
  const text = 'a😀b🇦🇲c\u{1F600}';
  const idx = new CodePointIndex(text);
  const cps = Array.from(text);
  assert.equal(idx.length, cps.length);
  let utf16 = 0;
  for (let cp = 0; cp <= cps.length; cp++) {
    assert.equal(idx.toUtf16(cp), utf16, `toUtf16(${cp})`);
    assert.equal(idx.toCodePoint(utf16), cp, `toCodePoint(${utf16})`);
    if (cp < cps.length) utf16 += cps[cp].length;
  }
  assert.equal(codePointLength(text), cps.length);
});

test('an offset between surrogate halves rounds down to the character start', () => {
  const idx = new CodePointIndex('x😀y');
  assert.equal(idx.toCodePoint(2), 1);
});

test('plain BMP text maps one to one', () => {
  const idx = new CodePointIndex('Pashinyan’s — “quote”');
  assert.equal(idx.toCodePoint(7), 7);
  assert.equal(idx.toUtf16(7), 7);
});
