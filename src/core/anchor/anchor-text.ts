import { CodePointIndex } from '../text/positions';
import { fold, foldedIndexOf, type Folded } from './fold';
import { GramIndex } from './grams';

/** Occurrence lists longer than this are not cached: a quote that common needs its context anyway. */
const CACHE_LIMIT = 4096;

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
    if (needle.length >= 8 && this.gramIndex) {
      this.gramIndex.lookup(needle.slice(0, 8), (p) => {
        if (hay.startsWith(needle, p)) found.push(p);
      });
    } else if (needle.length > 0) {
      for (let p = hay.indexOf(needle); p !== -1; p = hay.indexOf(needle, p + 1)) found.push(p);
    }
    if (found.length <= CACHE_LIMIT) this.occurrences.set(needle, found);
    return found;
  }
}

export function prepare(text: string | AnchorText): AnchorText {
  return typeof text === 'string' ? new AnchorText(text) : text;
}
