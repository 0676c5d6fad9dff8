// The baseline: how the Hypothesis client re-anchors a TextQuoteSelector, rewritten here from
// its description so the benchmark compares approaches, not libraries.
//
//  - hypothesis/client src/annotator/anchoring/html.ts: try the position selector first and keep
//    it if the text there equals the quote; otherwise fall back to the quote selector with the
//    stored start as a hint;
//  - src/annotator/anchoring/match-quote.ts: exact occurrences if there are any, else
//    `approx-string-match` with up to half the quote length in errors (at most 256); each match
//    scored 50 × quote similarity + 20 × prefix + 20 × suffix + 2 × position, the best one wins.
//    There is no minimum score: any match at all is used.
//
// Hypothesis works in UTF-16 offsets; stored offsets here are code points, so they are converted
// with the text's CodePointIndex on the way in and out, as a port of it to Marginalia would.

import approxSearch from 'approx-string-match';
import type { AnchorResult } from '../../src/core/types';
import type { Selector } from '../../src/core/anchor';
import { CodePointIndex } from '../../src/core/text/positions';

interface Found {
  start: number;
  end: number;
  errors: number;
}

function occurrences(text: string, quote: string, maxErrors: number): Found[] {
  const exact: Found[] = [];
  for (let p = text.indexOf(quote); p !== -1; p = text.indexOf(quote, p + 1)) {
    exact.push({ start: p, end: p + quote.length, errors: 0 });
  }
  return exact.length > 0 ? exact : approxSearch(text, quote, maxErrors);
}

/** 1 − (edit distance of the best approximate occurrence of `str` in `text`) / |str|. */
function similarity(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0;
  const best = occurrences(text, str, str.length);
  return 1 - best[0].errors / str.length;
}

export function matchQuote(
  text: string,
  quote: string,
  context: { prefix?: string; suffix?: string; hint?: number },
): { start: number; end: number; score: number } | null {
  if (quote.length === 0) return null;
  const found = occurrences(text, quote, Math.min(256, quote.length / 2));
  if (found.length === 0) return null;
  let best: { start: number; end: number; score: number } | null = null;
  for (const f of found) {
    const quoteScore = 1 - f.errors / quote.length;
    const prefixScore = context.prefix
      ? similarity(text.slice(Math.max(0, f.start - context.prefix.length), f.start), context.prefix)
      : 1;
    const suffixScore = context.suffix
      ? similarity(text.slice(f.end, f.end + context.suffix.length), context.suffix)
      : 1;
    const posScore = context.hint === undefined ? 1 : 1 - Math.abs(f.start - context.hint) / text.length;
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
    if (!best || score > best.score) best = { start: f.start, end: f.end, score };
  }
  return best;
}

/** Re-anchors the way the Hypothesis client does, reporting in Marginalia's terms. */
export function hypothesisAnchor(text: string, cp: CodePointIndex, sel: Selector): AnchorResult {
  const hint = sel.start === undefined ? undefined : cp.toUtf16(sel.start);
  if (sel.start !== undefined && sel.end !== undefined) {
    const a = cp.toUtf16(sel.start);
    const b = cp.toUtf16(sel.end);
    if (text.slice(a, b) === sel.quote) return { state: 'anchored', start: sel.start, end: sel.end, confidence: 1 };
  }
  const m = matchQuote(text, sel.quote, { prefix: sel.prefix, suffix: sel.suffix, hint });
  if (!m) return { state: 'orphaned', start: null, end: null, confidence: 0 };
  return { state: 'fuzzy', start: cp.toCodePoint(m.start), end: cp.toCodePoint(m.end), confidence: m.score };
}
