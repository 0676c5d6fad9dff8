// Whether an edit changed which registry mentions a document has, or only moved them (issue 4,
// "a keystroke within 5 ms"), and whether it touched any annotation: the editor moves the
// decoration ranges it holds by itself, so when a keystroke only shifted them nothing needs to
// be sent again. Pure offsets, in
// whatever unit the caller counts (the extension: UTF-16), so it is unit-tested in Node.
import { firstEndingAfter, type TextChange } from '../spans';

/** A registry mention: where, and which entity. */
export interface MentionSpan {
  start: number;
  end: number;
  entity: string;
}

/**
 * How far from an edit the live state may have found or dropped mentions: LiveDocuments looks
 * again 200 units around an edit (widened to white space); this must be at least that.
 */
export const EDIT_REACH = 256;

/**
 * Whether one change left the mentions as they were, only moved: the same mentions (entity and
 * offsets, those after the change shifted by it) within EDIT_REACH of it, none touching it, and
 * as many in all. Further away nobody looked again, so nothing else changed.
 */
export function sameMentionsAround(before: readonly MentionSpan[], after: readonly MentionSpan[], change: TextChange): boolean {
  const start = change.offset;
  const oldEnd = start + change.removed;
  const delta = change.inserted - change.removed;
  if (before.length !== after.length) return false;
  let i = firstEndingAfter(before, start - EDIT_REACH);
  let j = firstEndingAfter(after, start - EDIT_REACH);
  for (; i < before.length && before[i].start < oldEnd + EDIT_REACH; i++, j++) {
    const b = before[i];
    if (b.start < oldEnd && b.end > start) return false; // the edit touched it
    const shift = b.start >= oldEnd ? delta : 0;
    const a = after[j];
    if (!a || a.entity !== b.entity || a.start !== b.start + shift || a.end !== b.end + shift) return false;
  }
  return j >= after.length || after[j].start >= oldEnd + delta + EDIT_REACH;
}

/**
 * Whether `change` touched any of `spans`, given where the spans stand after it: its new text
 * overlaps one or meets one at an edge. (A span the change removed is gone from the list: the
 * caller sees that in the count.) Only an untouched span is sure to have moved exactly as the
 * editor moved its range, words and all.
 */
export function touchesAny(spans: readonly { start: number; end: number }[], change: TextChange): boolean {
  const from = change.offset;
  const to = change.offset + change.inserted;
  for (const s of spans) if (s.start <= to && s.end >= from) return true;
  return false;
}
