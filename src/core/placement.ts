// Joins a sidecar's annotations to the current source text: where each one stands now, and
// what to store for those that moved. Shared by `marginalia check` and the extension so both
// judge a source the same way.
import { AnchorText, anchorAll, selectorFor } from './anchor';
import type { AnchorResult, Annotation } from './types';

export interface Placement {
  annotation: Annotation;
  result: AnchorResult;
}

export function placeAnnotations(text: string | AnchorText, annotations: readonly Annotation[]): Placement[] {
  const prepared = typeof text === 'string' ? new AnchorText(text) : text;
  const results = anchorAll(prepared, annotations.map((a) => ({ quote: a.quote, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end })));
  return annotations.map((annotation, i) => ({ annotation, result: results[i] }));
}

/**
 * The annotation as it should be stored after a `moved` or `fuzzy` placement: new offsets,
 * context and (for fuzzy) the quote as the text now reads. Anything else is returned as is:
 * an orphan keeps what the analyst wrote until someone re-attaches it.
 */
export function refreshed(text: string | AnchorText, p: Placement): Annotation {
  const { state, start, end } = p.result;
  if ((state !== 'moved' && state !== 'fuzzy') || start === null || end === null) return p.annotation;
  const sel = selectorFor(text, start, end);
  return { ...p.annotation, quote: sel.quote, prefix: sel.prefix, suffix: sel.suffix, start: sel.start, end: sel.end };
}

/** Whether storing `refreshed` would change the file. */
export function needsRefresh(a: Annotation, b: Annotation): boolean {
  return a.quote !== b.quote || a.prefix !== b.prefix || a.suffix !== b.suffix || a.start !== b.start || a.end !== b.end;
}
