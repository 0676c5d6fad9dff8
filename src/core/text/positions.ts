// Sidecars store offsets in Unicode code points (stable across editors and languages);
// JavaScript strings and VS Code count UTF-16 code units. This converts between the two in
// O(log n) per lookup after one O(n) pass, and in O(1) for texts with no astral characters.
import { firstIndex } from '../bisect';

/** The first `n` UTF-16 units of `s`, not ending inside a surrogate pair. */
export function headUnits(s: string, n: number): string {
  if (s.length <= n) return s;
  const c = s.charCodeAt(n - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

/** The last `n` UTF-16 units of `s`, not starting inside a surrogate pair. */
export function tailUnits(s: string, n: number): string {
  return s.length <= n ? s : s.slice(unitBoundary(s, s.length - n));
}

/** `at`, or the offset after it when `at` is inside a surrogate pair (a character starts there, or the text ends). */
export function unitBoundary(s: string, at: number): number {
  const c = s.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff ? at + 1 : at;
}

export class CodePointIndex {
  /** UTF-16 offsets of the high surrogate of every astral character, ascending. */
  private readonly astral: number[] = [];

  constructor(readonly text: string) {
    // a surrogate pair at a time, by the regex engine: a megabyte with none is passed over in
    // about half the time of a charCodeAt loop (a save's placing does this on the host, issue 15)
    const pair = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
    for (let m = pair.exec(text); m; m = pair.exec(text)) this.astral.push(m.index);
  }

  /** Length of the text in code points. */
  get length(): number {
    return this.text.length - this.astral.length;
  }

  /** UTF-16 offset → code point offset. An offset inside a surrogate pair rounds down. */
  toCodePoint(utf16: number): number {
    if (this.astral.length === 0) return utf16;
    // astral characters that start strictly before utf16 each count one unit too many
    // the number of pairs fully before utf16 (pair at p is fully before when p + 2 <= utf16)
    const astral = this.astral;
    const pairs = firstIndex(astral.length, (k) => !(astral[k] < utf16 - 1));
    if (pairs < this.astral.length && this.astral[pairs] === utf16 - 1) {
      // utf16 points between the two halves of a pair: round down to the pair's start
      return utf16 - 1 - pairs;
    }
    return utf16 - pairs;
  }

  /** Code point offset → UTF-16 offset. */
  toUtf16(codePoint: number): number {
    if (this.astral.length === 0) return codePoint;
    // the k-th astral char (0-based) sits at code point astral[k] - k
    const astral = this.astral;
    return codePoint + firstIndex(astral.length, (k) => !(astral[k] - k < codePoint));
  }
}

/** Code point length of a string. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
