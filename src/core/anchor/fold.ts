// Folding makes texts that a reader would call "the same words" compare equal: a CRLF checkout,
// a re-fetched article with straightened quotes or reflowed lines, NFC against NFD. Anchoring
// searches the folded text, and every folded UTF-16 unit remembers the code point span of the
// original it came from, so a match maps back to exact offsets in the text as stored.
import { firstIndex } from '../bisect';

export interface Folded {
  readonly text: string;
  /** Original code point offset where the source of folded unit i starts; [text.length] = original length. */
  readonly from: Int32Array;
  /** Original code point offset where the source of folded unit i ends. */
  readonly to: Int32Array;
}

const SPACE = 0x20;
const APOSTROPHE = 0x27;
const QUOTE = 0x22;
const HYPHEN = 0x2d;

/** Folding of one code point that needs no look-ahead, or -1 to keep it / -2 to drop it. */
function simpleFold(c: number): number {
  switch (c) {
    // Typographic single quotes and primes: re-fetched copies often straighten them.
    case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032: case 0x02bc:
      return APOSTROPHE;
    case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033:
      return QUOTE;
    // Hyphens and dashes are typed, converted and re-converted inconsistently across CMSs.
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      return HYPHEN;
    // Invisible characters that come and go with copy-paste: soft hyphen, zero-width space,
    // word joiner, byte order mark. (Not ZWJ: it holds emoji sequences together.)
    case 0x00ad: case 0x200b: case 0x2060: case 0xfeff:
      return -2;
  }
  return -1;
}

function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** Growable parallel arrays: one folded unit, with its original span. */
class Builder {
  units: Uint16Array;
  from: Int32Array;
  to: Int32Array;
  n = 0;
  constructor(capacity: number) {
    this.units = new Uint16Array(capacity);
    this.from = new Int32Array(capacity + 1);
    this.to = new Int32Array(capacity + 1);
  }
  push(unit: number, from: number, to: number): void {
    if (this.n === this.units.length) this.reserve(1);
    this.units[this.n] = unit;
    this.from[this.n] = from;
    this.to[this.n] = to;
    this.n++;
  }
  /** Makes room for at least `extra` more units. */
  reserve(extra: number): void {
    if (this.n + extra <= this.units.length) return;
    const cap = Math.max(this.n + extra, this.units.length * 2 + 16);
    const units = new Uint16Array(cap);
    const from = new Int32Array(cap + 1);
    const to = new Int32Array(cap + 1);
    units.set(this.units);
    from.set(this.from);
    to.set(this.to);
    this.units = units;
    this.from = from;
    this.to = to;
  }
  finish(originalLength: number): Folded {
    const n = this.n;
    this.from[n] = originalLength;
    this.to[n] = originalLength;
    let text = '';
    for (let i = 0; i < n; i += 8192) {
      text += String.fromCharCode.apply(null, this.units.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
    }
    return { text, from: this.from.subarray(0, n + 1), to: this.to.subarray(0, n + 1) };
  }
}

const MARK = /^\p{M}$/u;

/**
 * Compatibility folding of non-ASCII clusters (ligatures, full-width forms, "…", composed vs
 * decomposed accents), memoised per cluster because a text repeats few distinct characters.
 */
class ClusterFolder {
  private readonly cache = new Map<string, string>();
  private readonly marks = new Map<number, boolean>();
  isMark(c: number): boolean {
    if (c < 0x300) return false;
    let m = this.marks.get(c);
    if (m === undefined) {
      m = MARK.test(String.fromCodePoint(c));
      this.marks.set(c, m);
    }
    return m;
  }
  fold(cluster: string): string {
    let f = this.cache.get(cluster);
    if (f === undefined) {
      f = cluster.normalize('NFKC');
      if (this.cache.size < 65536) this.cache.set(cluster, f);
    }
    return f;
  }
}

/** Folds `text` (see the file comment). Linear; ASCII takes a fast path. */
export function fold(text: string): Folded {
  const out = new Builder(text.length);
  const clusters = new ClusterFolder();
  const len = text.length;
  let i = 0; // UTF-16 index
  let cp = 0; // code point index of text[i]
  while (i < len) {
    // Fast path: a run of printable ASCII maps one to one.
    let n = out.n;
    if (n + (len - i) > out.units.length) out.reserve(len - i);
    const { units, from, to } = out;
    let c = text.charCodeAt(i);
    // (A letter followed by a combining mark leaves the fast path: "e" + U+0301 is "é".)
    while (c > 0x20 && c < 0x7f && !(i + 1 < len && text.charCodeAt(i + 1) >= 0x300 && clusters.isMark(text.charCodeAt(i + 1)))) {
      units[n] = c;
      from[n] = cp;
      to[n] = cp + 1;
      n++;
      cp++;
      if (++i === len) break;
      c = text.charCodeAt(i);
    }
    out.n = n;
    if (i === len) break;
    if (isSpace(c)) {
      // A run of whitespace of any kind, newlines included, is one space: reflowed lines,
      // double spaces and CRLF all read the same.
      const start = cp;
      while (i < len && isSpace(text.charCodeAt(i))) {
        i++;
        cp++;
      }
      out.push(SPACE, start, cp);
      continue;
    }
    if (c <= 0x20 || c === 0x7f) {
      // Other ASCII control characters: kept as they are.
      out.push(c, cp, cp + 1);
      i++;
      cp++;
      continue;
    }
    const s = simpleFold(c);
    if (s !== -1) {
      if (s >= 0) out.push(s, cp, cp + 1);
      i++;
      cp++;
      continue;
    }
    // A non-ASCII code point and the combining marks that follow it.
    const start = cp;
    const startUnit = i;
    const first = text.codePointAt(i)!;
    i += first > 0xffff ? 2 : 1;
    cp++;
    while (i < len) {
      const d = text.codePointAt(i)!;
      if (!clusters.isMark(d)) break;
      i += d > 0xffff ? 2 : 1;
      cp++;
    }
    const folded = clusters.fold(text.slice(startUnit, i));
    for (let k = 0; k < folded.length; k++) {
      const u = folded.charCodeAt(k);
      // NFKC can produce characters that fold further (U+2002 EN SPACE, for one).
      const t = isSpace(u) ? SPACE : simpleFold(u);
      if (t === -2) continue;
      out.push(t >= 0 ? t : u, start, cp);
    }
  }
  return out.finish(cp);
}

/** The folded form of a short string (a quote, a prefix, a suffix). */
export function foldString(s: string): string {
  return foldsToItself(s) ? s : fold(s).text;
}

/**
 * Whether folding leaves `s` as it is: printable ASCII with no two spaces together (a quote
 * mostly is). Then no offsets need mapping, and nothing is allocated: each of 3,000 nested
 * claims' quotes built three arrays of its length, most of the time their anchoring took (issue 15).
 */
function foldsToItself(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue;
    if (c !== SPACE || (i > 0 && s.charCodeAt(i - 1) === SPACE)) return false;
  }
  return true;
}

/** Index of the first folded unit whose source starts at or after original code point `cp`. */
export function foldedIndexOf(f: Folded, cp: number): number {
  return firstIndex(f.text.length, (i) => !(f.from[i] < cp));
}
