// Joins a sidecar's annotations to the current source text: where each one stands now, and
// what to store for those that moved. Shared by `marginalia check` and the extension so both
// judge a source the same way.
import { AnchorText, anchorAll, selectorFor } from './anchor';
import { CodePointIndex } from './text/positions';
import type { AnchorResult, Annotation } from './types';

export interface Placement {
  annotation: Annotation;
  result: AnchorResult;
}

export function placeAnnotations(text: string | AnchorText, annotations: readonly Annotation[]): Placement[] {
  const raw = typeof text === 'string' ? text : text.text;
  // the common case when a workspace is indexed: nothing moved since the sidecar was written
  const verbatim = allVerbatim(raw, annotations);
  if (verbatim) return verbatim;
  const prepared = typeof text === 'string' ? new AnchorText(text) : text;
  const results = anchorAll(prepared, annotations.map((a) => ({ quote: a.quote, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end })));
  return annotations.map((annotation, i) => ({ annotation, result: results[i] }));
}

/**
 * Anchored placements when every annotation's quote, prefix and suffix stand verbatim at its
 * stored offsets; null as soon as one does not (then the full anchoring decides, with the
 * evidence of all the annotations together).
 */
function allVerbatim(text: string, annotations: readonly Annotation[]): Placement[] | null {
  if (annotations.length === 0) return [];
  const index = new CodePointIndex(text);
  const out: Placement[] = [];
  for (const a of annotations) {
    if (a.start === undefined || a.end === undefined || a.prefix === undefined || a.suffix === undefined) return null;
    const s = index.toUtf16(a.start);
    const e = index.toUtf16(a.end);
    if (text.slice(s, e) !== a.quote) return null;
    // the stored context must be the whole context there is (up to 32 code points), not a stale fragment
    const before = Array.from(text.slice(Math.max(0, s - 64), s)).slice(-32).join('');
    const after = Array.from(text.slice(e, e + 64)).slice(0, 32).join('');
    if (before !== a.prefix || after !== a.suffix) return null;
    out.push({ annotation: a, result: { state: 'anchored', start: a.start, end: a.end, confidence: 1 } });
  }
  return out;
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
