// Keeping highlighted ranges on their words while a document is edited, from the editor's
// change deltas alone: O(spans) per keystroke, no re-scan of the document.
import { firstIndex } from './bisect';

export interface Span {
  start: number;
  end: number;
}

/** One replacement: `removed` units at `offset` (in the text before it) replaced by `inserted` units. */
export interface TextChange {
  offset: number;
  removed: number;
  inserted: number;
}

/**
 * Where a span is after a change, or null when its text was deleted. Typing at either edge
 * does not extend a span (a name followed by new words stays the name); typing inside does.
 */
export function shiftSpan<T extends Span>(span: T, c: TextChange): T | null {
  const changeEnd = c.offset + c.removed;
  const delta = c.inserted - c.removed;
  // A replacement that starts or ends exactly on an edge, from inside the span, becomes part of
  // it ("the plot" → "the scheme"); an edge strictly inside replaced text lands outside it.
  const start =
    span.start < c.offset ? span.start
    : span.start >= changeEnd ? span.start + delta
    : span.start === c.offset && span.end > changeEnd ? c.offset
    : c.offset + c.inserted;
  const end =
    span.end <= c.offset ? span.end
    : span.end > changeEnd || (span.end === changeEnd && span.start < c.offset) ? span.end + delta
    : c.offset;
  if (end <= start) return null;
  return start === span.start && end === span.end ? span : { ...span, start, end };
}

/**
 * Applies one editor event's changes. VS Code reports each change's offset in the text before
 * the event; applying them from the last to the first keeps those offsets valid.
 */
export function shiftSpans<T extends Span>(spans: readonly T[], changes: readonly TextChange[]): { spans: T[]; removed: T[] } {
  const ordered = [...changes].sort((a, b) => b.offset - a.offset);
  let current: T[] = [...spans];
  const removed: T[] = [];
  for (const c of ordered) {
    const next: T[] = [];
    for (const s of current) {
      const moved = shiftSpan(s, c);
      if (moved) next.push(moved);
      else removed.push(s);
    }
    current = next;
  }
  return { spans: current, removed };
}

/** Index of the first span (sorted by start, non-overlapping) that ends after `offset`. */
export function firstEndingAfter(spans: readonly { end: number }[], offset: number): number {
  return firstIndex(spans.length, (i) => !(spans[i].end <= offset));
}
