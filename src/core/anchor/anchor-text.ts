import { CodePointIndex } from '../text/positions';
import { fold, foldedIndexOf, type Folded } from './fold';
import { GramIndex } from './grams';

/**
 * Occurrences kept per text, over all quotes: a quote's list is cached while they fit (400 notes
 * on one phrase found at 40,000 places each searched the whole text again, issue 15), and the
 * cache holds no more than this many places (8 MB).
 */
const CACHE_PLACES = 1 << 20;

/**
 * Prepares a text once (normalised form, code point index) so many annotations anchor cheaply.
 * Each piece is built on first use: checking that an annotation is still at its offsets needs
 * only the code point index; searching needs the folded text; fuzzy search needs the gram index.
 */
export class AnchorText {
  readonly text: string;
  private cpIndex?: CodePointIndex;
  private foldedText?: Folded;
  private gramIndex?: GramIndex;
  /** Where each folded quote occurs: names recur across a file's annotations. */
  private readonly occurrences = new Map<string, number[]>();
  private cachedPlaces = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** @internal */
  get codePoints(): CodePointIndex {
    return (this.cpIndex ??= new CodePointIndex(this.text));
  }

  /** @internal Length of the text in code points. */
  get length(): number {
    return this.codePoints.length;
  }

  /** @internal */
  get folded(): Folded {
    return (this.foldedText ??= fold(this.text));
  }

  /** @internal */
  get grams(): GramIndex {
    return (this.gramIndex ??= new GramIndex(this.folded.text));
  }

  /** @internal Whether the gram index is already built (then it is the cheaper way to search). */
  get hasGrams(): boolean {
    return this.gramIndex !== undefined;
  }

  /** @internal The original text between two code point offsets. */
  slice(start: number, end: number): string {
    const cp = this.codePoints;
    return this.text.slice(cp.toUtf16(start), cp.toUtf16(end));
  }

  /** @internal Folded index of original code point offset `cp`. */
  toFolded(cp: number): number {
    return foldedIndexOf(this.folded, cp);
  }

  /** @internal Original code point span of the folded span [a, b). */
  toOriginal(a: number, b: number): { start: number; end: number } {
    const f = this.folded;
    const start = f.from[a];
    return { start, end: b > a ? f.to[b - 1] : start };
  }

  /** @internal Every start of `needle` in the folded text, ascending (overlaps included). */
  findAll(needle: string): readonly number[] {
    const cached = this.occurrences.get(needle);
    if (cached) return cached;
    const hay = this.folded.text;
    const found: number[] = [];
    // each place the needle's first piece stands is compared in full: when those places times
    // the needle's length would pass a scan of the text, one scan finds them all (issue 15: a
    // long quote of a periodic text, at hundreds of places, cost its length at each)
    if (needle.length >= 8 && this.gramIndex && this.gramIndex.count(needle.slice(0, 8)) * needle.length <= hay.length + needle.length) {
      this.gramIndex.lookup(needle.slice(0, 8), (p) => {
        if (hay.startsWith(needle, p)) found.push(p);
      });
    } else if (needle.length >= 8) {
      for (const p of occurrences(hay, needle)) found.push(p);
    } else if (needle.length > 0) {
      for (let p = hay.indexOf(needle); p !== -1; p = hay.indexOf(needle, p + 1)) found.push(p);
    }
    if (this.cachedPlaces + found.length <= CACHE_PLACES) {
      this.cachedPlaces += found.length;
      this.occurrences.set(needle, found);
    }
    return found;
  }
}

/**
 * Every start of `needle` in `hay`, ascending, overlaps included, in time linear in both (the
 * Knuth–Morris–Pratt scan: a text repeating the needle's own pattern costs no more than any).
 */
export function occurrences(hay: string, needle: string): number[] {
  const m = needle.length;
  const fail = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && needle.charCodeAt(i) !== needle.charCodeAt(k)) k = fail[k - 1];
    if (needle.charCodeAt(i) === needle.charCodeAt(k)) k++;
    fail[i] = k;
  }
  const out: number[] = [];
  for (let i = 0, k = 0; i < hay.length; i++) {
    while (k > 0 && hay.charCodeAt(i) !== needle.charCodeAt(k)) k = fail[k - 1];
    if (hay.charCodeAt(i) === needle.charCodeAt(k)) k++;
    if (k === m) {
      out.push(i - m + 1);
      k = fail[k - 1];
    }
  }
  return out;
}

export function prepare(text: string | AnchorText): AnchorText {
  return typeof text === 'string' ? new AnchorText(text) : text;
}
