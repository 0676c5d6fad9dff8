// Joins a sidecar's annotations to the current source text: where each one stands now, and
// what to store for those that moved. Shared by `marginalia check` and the extension so both
// judge a source the same way.
//
// A claim whose words changed needs a human (issue 9): a claim placed `fuzzy` whose text now
// differs from its stored quote in letters or digits ("are directed" → "are not directed") is
// flagged `needsReview`, and its stored quote — the words the assessment was made about — is
// never replaced by a refresh; only a confirmation (the extension's Confirm Claim Text) does
// that. White space, line breaks, quote marks, dashes and case are typography: re-quoted
// silently, as are entities and notes, since no judgement rested on their exact words.
import { AnchorText, anchorAll, selectorFor } from './anchor';
import { CONTEXT_LENGTH } from './anchor/selector';
import { wordsChanged } from './review/words';
import { CodePointIndex } from './text/positions';
import type { Op } from './ops';
import type { AnchorResult, Annotation } from './types';

export interface Placement {
  annotation: Annotation;
  result: AnchorResult;
  /** Set on a claim placed `fuzzy` whose words changed: its assessment needs review. */
  needsReview?: true;
  /** With needsReview: the stored quote, the words that were assessed. */
  assessedQuote?: string;
  /** With needsReview: the text at the new place, as it reads now. */
  currentQuote?: string;
}

export function placeAnnotations(text: string | AnchorText, annotations: readonly Annotation[]): Placement[] {
  const raw = typeof text === 'string' ? text : text.text;
  // the common case when a workspace is indexed: nothing moved since the sidecar was written
  const verbatim = allVerbatim(raw, annotations);
  if (verbatim) return verbatim;
  const prepared = typeof text === 'string' ? new AnchorText(text) : text;
  const results = anchorAll(prepared, annotations.map((a) => ({ quote: a.quote, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end })));
  return annotations.map((annotation, i) => withReview(prepared, { annotation, result: results[i] }));
}

function withReview(text: AnchorText, p: Placement): Placement {
  const { state, start, end } = p.result;
  if (p.annotation.kind !== 'claim' || state !== 'fuzzy' || start === null || end === null) return p;
  const current = text.slice(start, end);
  if (!wordsChanged(p.annotation.quote, current)) return p;
  return { ...p, needsReview: true, assessedQuote: p.annotation.quote, currentQuote: current };
}

/**
 * Anchored placements when every annotation's quote, prefix and suffix stand verbatim at its
 * stored offsets; null as soon as one does not (then the full anchoring decides, with the
 * evidence of all the annotations together).
 */
function allVerbatim(text: string, annotations: readonly Annotation[]): Placement[] | null {
  if (annotations.length === 0) return [];
  const verbatim = verbatimIn(text);
  const out: Placement[] = [];
  for (const a of annotations) {
    if (!verbatim(a)) return null;
    out.push({ annotation: a, result: { state: 'anchored', start: a.start!, end: a.end!, confidence: 1 } });
  }
  return out;
}

/**
 * The one test of "this annotation stands verbatim at its stored offsets in `text`": its quote
 * there, and its stored context the whole context there is (up to 32 code points each side),
 * not a stale fragment. Shared by placing (above) and by keeping placements across a sidecar
 * written back (live/keepPlacements.ts).
 */
export function verbatimIn(text: string): (a: Annotation) => boolean {
  // with no surrogate in the text a code point is a code unit: offsets need no index and the
  // context is a plain slice (issue 15: splitting it into code points was a third of placing
  // 50,000 verbatim annotations)
  const index = SURROGATE.test(text) ? new CodePointIndex(text) : null;
  const length = index ? index.length : text.length;
  return (a) => {
    if (a.start === undefined || a.end === undefined || a.prefix === undefined || a.suffix === undefined) return false;
    if (a.start < 0 || a.end < a.start || a.end > length) return false;
    const s = index ? index.toUtf16(a.start) : a.start;
    const e = index ? index.toUtf16(a.end) : a.end;
    if (text.slice(s, e) !== a.quote) return false;
    const before = index ? Array.from(text.slice(Math.max(0, s - 2 * CONTEXT_LENGTH), s)).slice(-CONTEXT_LENGTH).join('') : text.slice(Math.max(0, s - CONTEXT_LENGTH), s);
    const after = index ? Array.from(text.slice(e, e + 2 * CONTEXT_LENGTH)).slice(0, CONTEXT_LENGTH).join('') : text.slice(e, e + CONTEXT_LENGTH);
    return before === a.prefix && after === a.suffix;
  };
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The annotation as it should be stored after a `moved` or `fuzzy` placement: new offsets,
 * context and (for fuzzy) the quote as the text now reads — except for a claim that needs
 * review, which keeps its assessed quote. Anything else is returned as is: an orphan keeps
 * what the analyst wrote until someone re-attaches it.
 */
export function refreshed(text: string | AnchorText, p: Placement): Annotation {
  const { state, start, end } = p.result;
  if ((state !== 'moved' && state !== 'fuzzy') || start === null || end === null) return p.annotation;
  const sel = selectorFor(text, start, end);
  const quote = p.needsReview ? p.annotation.quote : sel.quote;
  return { ...p.annotation, quote, prefix: sel.prefix, suffix: sel.suffix, start: sel.start, end: sel.end };
}

/** Whether storing `refreshed` would change the file. */
export function needsRefresh(a: Annotation, b: Annotation): boolean {
  return a.quote !== b.quote || a.prefix !== b.prefix || a.suffix !== b.suffix || a.start !== b.start || a.end !== b.end;
}

/**
 * Confirm Claim Text: the update that accepts a needs-review claim's current words as its quote
 * (with the context and offsets of its place). Applied with an actor, it records a `quote`
 * entry in the history, from the assessed words to the confirmed ones. Null when `p` does not
 * need review.
 */
export function confirmOp(text: string | AnchorText, p: Placement): Extract<Op, { type: 'update' }> | null {
  const { start, end } = p.result;
  if (!p.needsReview || start === null || end === null) return null;
  const sel = selectorFor(text, start, end);
  return { type: 'update', id: p.annotation.id, set: { quote: sel.quote, prefix: sel.prefix, suffix: sel.suffix, start: sel.start, end: sel.end } };
}

/** Placements as a worker sends them (an index worker, the editor's): the host has the annotations already. */
export type PlacedRead = 'verbatim' | Omit<Placement, 'annotation'>[];

/** What a worker sends of placeAnnotations' result. */
export function packPlacements(placements: readonly Placement[]): PlacedRead {
  if (placements.every(isVerbatim)) return 'verbatim';
  return placements.map(({ annotation: _, ...rest }) => rest);
}

/** The placements packPlacements packed, joined again to the annotations they were computed from. */
export function unpackPlacements(annotations: readonly Annotation[], placed: PlacedRead): Placement[] {
  if (placed !== 'verbatim' && placed.length !== annotations.length) throw new Error('placements for another sidecar');
  return annotations.map((_, i) => unpackPlacement(annotations, placed, i));
}

/** unpackPlacements' placement of the i-th annotation, for a caller that unpacks in slices (check the lengths first). */
export function unpackPlacement(annotations: readonly Annotation[], placed: PlacedRead, i: number): Placement {
  const annotation = annotations[i];
  if (placed === 'verbatim') return { annotation, result: { state: 'anchored', start: annotation.start!, end: annotation.end!, confidence: 1 } };
  return { annotation, ...placed[i] };
}

/** Anchored exactly at the stored offsets, and nothing else to say: rebuilt from the annotation alone. */
function isVerbatim(p: Placement): boolean {
  const r = p.result;
  return (
    r.state === 'anchored' && r.start === p.annotation.start && r.end === p.annotation.end && r.confidence === 1 && Object.keys(r).length === 4 && Object.keys(p).length === 2
  );
}
