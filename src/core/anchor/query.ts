import { Context } from './context';
import { foldString } from './fold';
import { Pattern } from './myers';
import type { Selector } from './selector';

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
  private quotePattern?: Pattern;
  private quoteReversed?: Pattern;

  constructor(sel: Selector) {
    this.quote = sel.quote;
    this.folded = foldString(sel.quote);
    this.prefix = foldString(sel.prefix ?? '');
    this.suffix = foldString(sel.suffix ?? '');
    this.context = new Context(this.prefix, this.suffix);
    if (validOffset(sel.start) && validOffset(sel.end) && sel.end >= sel.start) {
      this.start = sel.start;
      this.end = sel.end;
    } else if (validOffset(sel.start)) {
      this.start = sel.start;
    }
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

  /** Errors a fuzzy match may have and still count as the same words: a quarter of the quote. */
  get maxErrors(): number {
    return Math.floor(this.folded.length / 4);
  }
}

function validOffset(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}
