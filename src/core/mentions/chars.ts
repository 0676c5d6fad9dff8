// Character properties the mention scanner looks up once per UTF-16 code unit. Whole-word
// matching must be Unicode-aware (an Armenian or Cyrillic letter next to a name is part of the
// word), but a regex test per character would cost more than the whole scan, so the properties
// of every BMP code unit are computed once into a 64 KiB table.

/** A letter, digit or combining mark of any script (`\p{L}`, `\p{N}`, `\p{M}`). */
export const CH_WORD = 1;
/** A high surrogate: the property belongs to the code point it starts, see `astralIsWord`. */
export const CH_HIGH = 2;
/** White space as JavaScript's `\s` knows it (newlines, NBSP, U+2028, ideographic space…). */
export const CH_SPACE = 4;

export const APOSTROPHE = 0x27;
export const RIGHT_QUOTE = 0x2019;

const WORD_RUN = /[\p{L}\p{N}\p{M}]+/gu;
const SPACE_RUN = /\s+/g;
const WORD_CP = /^[\p{L}\p{N}\p{M}]$/u;
const CASED_RUN = /[\p{Changes_When_Uppercased}\p{Changes_When_Lowercased}]+/gu;

let table: Uint8Array | undefined;

/**
 * The shared property table, built on first use (a few ms) rather than at import. It is a
 * pure function of the Unicode tables of the running engine, so caching it is safe.
 */
export function charTable(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x10000);
  const all = bmp();
  for (const m of all.matchAll(WORD_RUN)) t.fill(CH_WORD, m.index, m.index + m[0].length);
  for (const m of all.matchAll(SPACE_RUN)) t.fill(CH_SPACE, m.index, m.index + m[0].length);
  t.fill(CH_HIGH, 0xd800, 0xdc00);
  table = t;
  return t;
}

/**
 * Every BMP code unit in order, surrogates as NUL (neither word nor space): one regex sweep over
 * it classifies all of them several times faster than a test per character. (Surrogates as
 * spaces made every low surrogate white space, so an astral letter at the end of a name
 * swallowed the spaces after it and the name was missed.)
 */
function bmp(): string {
  const units = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) units[c] = c >= 0xd800 && c <= 0xdfff ? 0 : c;
  return new TextDecoder('utf-16le').decode(units);
}

/** Whether the astral code point starting at `i` (a high surrogate) is a word character. */
export function astralIsWord(text: string, i: number): boolean {
  const cp = text.codePointAt(i)!;
  return cp > 0xffff && astralCodePointIsWord(cp);
}

/** Whether the code point starting at UTF-16 offset `i` is a word character; false past the end. */
export function isWordAt(text: string, i: number, t: Uint8Array): boolean {
  if (i >= text.length) return false;
  const f = t[text.charCodeAt(i)];
  return f & CH_HIGH ? astralIsWord(text, i) : (f & CH_WORD) !== 0;
}

/** Whether the code point ending just before UTF-16 offset `i` is a word character. */
export function isWordBefore(text: string, i: number, t: Uint8Array): boolean {
  if (i <= 0) return false;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return astralIsWord(text, i - 2);
  }
  return (t[c] & CH_WORD) !== 0;
}

/**
 * Simple one-unit case folding: upper then lower, so that Σ, σ and ς all fold to σ. Where
 * either step changes the length (ß → SS, İ → i̇) the unit stays as it is: offsets must map
 * one to one between the text and what the automaton reads.
 */
export function foldUnit(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const s = String.fromCharCode(c);
  const up = s.toUpperCase();
  const lo = (up.length === 1 ? up : s).toLowerCase();
  return lo.length === 1 ? lo.charCodeAt(0) : c;
}

let folds: Uint16Array | undefined;

/** `foldUnit` of every code unit, built on first use (a few ms) for case-insensitive phrases. */
export function foldTable(): Uint16Array {
  if (folds) return folds;
  const f = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) f[c] = c;
  // Only characters that change under upper or lower casing can fold to something else:
  // about 2,800 of them, found in one sweep instead of casing all 65,536.
  for (const m of bmp().matchAll(CASED_RUN)) {
    for (let c = m.index; c < m.index + m[0].length; c++) f[c] = foldUnit(c);
  }
  folds = f;
  return f;
}

// UTF-8, for scanning files as read from disk: decoding 50 MB into strings costs more than
// the scan itself. Callers check the bytes are valid UTF-8 first (`isUtf8`), so sequences
// are complete and well-formed.

/** Bytes in the UTF-8 sequence led by `b`. */
export function utf8Length(b: number): number {
  return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

/** The code point whose UTF-8 sequence starts at `i`. */
export function utf8Decode(buf: Uint8Array, i: number): number {
  const b = buf[i];
  if (b < 0x80) return b;
  if (b < 0xe0) return ((b & 0x1f) << 6) | (buf[i + 1] & 0x3f);
  if (b < 0xf0) return ((b & 0x0f) << 12) | ((buf[i + 1] & 0x3f) << 6) | (buf[i + 2] & 0x3f);
  return ((b & 0x07) << 18) | ((buf[i + 1] & 0x3f) << 12) | ((buf[i + 2] & 0x3f) << 6) | (buf[i + 3] & 0x3f);
}

/** Whether a code point outside the table (above U+FFFF) is a word character. */
export function astralCodePointIsWord(cp: number): boolean {
  return WORD_CP.test(String.fromCodePoint(cp));
}

/** `isWordAt` for UTF-8 bytes: the code point starting at byte `i`. */
export function isWordAtUtf8(buf: Uint8Array, i: number, n: number, t: Uint8Array): boolean {
  if (i >= n) return false;
  const b = buf[i];
  if (b < 0x80) return (t[b] & CH_WORD) !== 0;
  const cp = utf8Decode(buf, i);
  return cp > 0xffff ? astralCodePointIsWord(cp) : (t[cp] & CH_WORD) !== 0;
}
