// Annotation spans moved with a keystroke in place (issue 15: a keystroke's extension time at
// most 5 ms, and little garbage per keystroke). `shiftSpans` (core/spans.ts) builds a new list and
// a new object for every span after the edit — a few hundred a keystroke in an annotated 1 MB
// source, for the collector to clear while the analyst types. This applies the very same rule
// (shiftSpan's, checked against it in the unit test) to the spans themselves, so the editor's
// live state keeps its objects and only the spans the edit deleted are handed back.
import { shiftSpan, type Span, type TextChange } from '../spans';

/** Applies one editor event's changes to `spans` in place (survivors keep their order); returns the spans whose text was deleted. */
export function shiftSpansInPlace<T extends Span>(spans: T[], changes: readonly TextChange[]): T[] {
  const removed: T[] = [];
  const ordered = changes.length === 1 ? changes : [...changes].sort((a, b) => b.offset - a.offset);
  for (const c of ordered) {
    let kept = 0;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      // most spans end before the edit: nothing to do
      if (s.end > c.offset || s.start >= c.offset) {
        const moved = shiftSpan(s, c);
        if (!moved) {
          removed.push(s);
          continue;
        }
        s.start = moved.start;
        s.end = moved.end;
      }
      spans[kept++] = s;
    }
    spans.length = kept;
  }
  return removed;
}
