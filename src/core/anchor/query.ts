import { Context } from './context';
import { figuresOf } from './figures';
import { foldString } from './fold';
import { Pattern } from './myers';
import type { Selector } from './selector';
import { boundaryAt } from './words';
import { headUnits, tailUnits } from '../text/positions';

/** A selector prepared for searching: folded like the text, patterns built on first use. */
export class Query {
  /** The quote as stored, for the exact check. */
  readonly quote: string;
  /** The quote folded: what is searched for. */
  readonly folded: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly context: Context;
  readonly start?: number;
  readonly end?: number;
  /**
   * Whether the quote began (ended) at a word boundary when it was stored; null when no
   * context was stored to tell.
   */
  readonly wordStart: boolean | null;
  readonly wordEnd: boolean | null;
  /**
   * Whether the stored prefix (suffix) reaches a line break within a few code points of the
   * quote: then that side is mostly another paragraph's text, which can follow another copy of
   * a name once the quote's own paragraph is deleted (issue 12).
   */
  readonly prefixAcrossBreak: boolean;
  readonly suffixAcrossBreak: boolean;
  private figuresStated?: readonly string[];
  private isProse?: boolean;
  private quotePattern?: Pattern;
  private quoteReversed?: Pattern;

  constructor(sel: Selector) {
    this.quote = sel.quote;
    this.folded = foldString(sel.quote);
    const before = tailUnits(sel.prefix ?? '', MAX_CONTEXT);
    const after = headUnits(sel.suffix ?? '', MAX_CONTEXT);
    this.prefix = foldString(before);
    this.suffix = foldString(after);
    this.context = new Context(this.prefix, this.suffix);
    this.prefixAcrossBreak = /[\n\r]/.test(Array.from(before).slice(-OWN_LINE).join(''));
    this.suffixAcrossBreak = /[\n\r]/.test(Array.from(after).slice(0, OWN_LINE).join(''));
    const f = this.folded;
    this.wordStart = this.prefix.length > 0 && f.length > 0 ? boundaryAt(this.prefix + f[0], this.prefix.length) : null;
    this.wordEnd = this.suffix.length > 0 && f.length > 0 ? boundaryAt(f[f.length - 1] + this.suffix, 1) : null;
    if (validOffset(sel.start) && validOffset(sel.end) && sel.end >= sel.start) {
      this.start = sel.start;
      this.end = sel.end;
    } else if (validOffset(sel.start)) {
      this.start = sel.start;
    }
  }

  /**
   * Whether the quote reads as prose (a sentence or a clause) rather than a name or a title:
   * names and titles are capitalised words joined by a particle or two ("Ministry of Foreign
   * Affairs of Armenia"); prose has PROSE_WORDS or more words in lower case. Only prose is
   * its own evidence when found once with none of its context left (decide.ts, SELF_EVIDENT).
   */
  get prose(): boolean {
    return (this.isProse ??= lowerCaseWords(this.quote, PROSE_WORDS) >= PROSE_WORDS);
  }

  /** The figures the quote states (figures.ts), folded: asked for only where words were edited. */
  get figures(): readonly string[] {
    return (this.figuresStated ??= figuresOf(this.folded));
  }

  /**
   * Whether the quote ends a sentence (a full stop, question or exclamation mark, perhaps inside
   * closing quotes or brackets): "Lieutenant General Tiran Khachatryan." standing as a sentence
   * of its own is a statement, not a mention of a name inside a longer line.
   */
  get sentenceEnd(): boolean {
    return SENTENCE_END.test(this.quote);
  }

  get length(): number {
    return this.folded.length;
  }

  get pattern(): Pattern {
    return (this.quotePattern ??= new Pattern(this.folded));
  }

  /** The quote reversed, to find where a fuzzy match found by its end begins. */
  get reversedPattern(): Pattern {
    return (this.quoteReversed ??= this.pattern.reversed());
  }

  /**
   * Errors a fuzzy match may have and still count as the same words: a quarter of the quote,
   * but two for any word of five or more (a transposed pair, "Armneia", is two edits), and at
   * most MAX_ERRORS (reached at BANDED_FROM units, a long paragraph).
   */
  get maxErrors(): number {
    const m = this.folded.length;
    return m < 5 ? Math.floor(m / 4) : Math.min(MAX_ERRORS, Math.max(2, Math.floor(m / 4)));
  }

  /** Whether the quote is long enough to be aligned in a band (myers.ts `banded`; search.ts). */
  get long(): boolean {
    return this.folded.length > BANDED_FROM;
  }
}

/**
 * The most errors an approximate place of a quote may have. Aligning a quote of m units costs
 * m times this over 32 per unit of text searched, in a band (myers.ts `banded`), where the
 * whole pattern cost m² / 32: one claim of half a megabyte, two letters edited, took 83 s
 * (issue 15). A quote of BANDED_FROM units or fewer keeps its quarter, as before.
 */
export const MAX_ERRORS = 512;
export const BANDED_FROM = 4 * MAX_ERRORS;

/**
 * Units of stored context read on each side. Marginalia stores 32 (selector.ts), as Hypothesis
 * does; a file from elsewhere may hold more, and a side of a megabyte must not cost its length
 * squared at every place judged (issue 15: five claims with sides of 40,000 units took 33 s).
 */
export const MAX_CONTEXT = 256;

/** A sentence's last mark, then any closing quotes or brackets. */
const SENTENCE_END = /[.!?…]["'”’»)\]]*\s*$/u;

/** Words in lower case that make a quote prose rather than a name (Query.prose). */
const PROSE_WORDS = 3;

/** Words of `s` that begin with a lower-case letter, counted up to `enough`. */
function lowerCaseWords(s: string, enough: number): number {
  let n = 0;
  LOWER_WORD.lastIndex = 0;
  while (n < enough && LOWER_WORD.exec(s) !== null) n++;
  return n;
}

/** A word (a run without whitespace) whose first letter is lower case. */
const LOWER_WORD = /(?<!\S)[^\s\p{L}]*\p{Ll}\S*/gu;

/** Code points of its own line a side of context must hold to speak for the quote alone. */
const OWN_LINE = 4;

function validOffset(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}
