// What a save writes to the sidecar: where each annotation now stands in the saved text (from
// the live spans the editor kept on their words while typing, else from anchoring the text),
// with its context and offsets brought up to date, so the file on disk and the sidecar agree
// again and teammates' tools (and `marginalia check`) find every annotation `anchored`. A claim
// whose words changed keeps its assessed quote (only its offsets and context move) until
// someone runs Confirm Claim Text: the assessment was made about those words (issue 9).
// Orphans are left as the analyst wrote them.
import { AnchorText, selectorFor } from '../anchor';
import type { Op } from '../ops';
import { placeAnnotations } from '../placement';
import { wordsChanged } from '../review/words';
import { CodePointIndex } from '../text/positions';
import type { Annotation } from '../types';

/** A live span: an annotation's place in the editor, in UTF-16 offsets. */
export interface LiveSpan {
  id: string;
  start: number;
  end: number;
}

export function saveOps(text: string, annotations: readonly Annotation[], live: readonly LiveSpan[]): Op[] {
  if (annotations.length === 0) return [];
  const index = new CodePointIndex(text);
  const prepared = new AnchorText(text);
  const spans = new Map(live.map((s) => [s.id, s] as const));
  // the live state may lag a sidecar just changed on disk: anchor only then
  const placed = annotations.every((a) => spans.has(a.id)) ? [] : placeAnnotations(prepared, annotations);
  const ops: Op[] = [];
  annotations.forEach((a, i) => {
    const span = spans.get(a.id);
    let start: number | null;
    let end: number | null;
    if (span) {
      start = index.toCodePoint(span.start);
      end = index.toCodePoint(span.end);
    } else {
      const r = placed[i].result;
      if (r.state === 'orphaned') return;
      ({ start, end } = r);
    }
    if (start === null || end === null) return;
    const sel = selectorFor(prepared, start, end);
    const quote = a.kind === 'claim' && wordsChanged(a.quote, sel.quote) ? a.quote : sel.quote;
    if (quote !== a.quote || sel.prefix !== a.prefix || sel.suffix !== a.suffix || sel.start !== a.start || sel.end !== a.end) {
      ops.push({ type: 'update', id: a.id, set: { quote, prefix: sel.prefix, suffix: sel.suffix, start: sel.start, end: sel.end } });
    }
  });
  return ops;
}
