import { prepare, type AnchorText } from './anchor-text';

/**
 * What an annotation stores to find its text again: a W3C Web Annotation TextQuoteSelector
 * (quote, prefix, suffix) with a TextPositionSelector (start, end) as a hint. Offsets are code
 * points. https://www.w3.org/TR/annotation-model/#text-quote-selector
 */
export interface Selector {
  quote: string;
  prefix?: string;
  suffix?: string;
  start?: number;
  end?: number;
}

/** Context stored on each side of a quote, in code points (the sidecar format fixes it at 32). */
export const CONTEXT_LENGTH = 32;

/** The selector to store for a selection [start,end) in code points: exact quote, prefix/suffix of up to 32 code points. */
export function selectorFor(text: string | AnchorText, start: number, end: number): Required<Selector> {
  const at = prepare(text);
  const length = at.length;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
    throw new RangeError(`selection [${start}, ${end}) is outside the text (0..${length} code points)`);
  }
  return {
    quote: at.slice(start, end),
    prefix: at.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: at.slice(end, Math.min(length, end + CONTEXT_LENGTH)),
    start,
    end,
  };
}
