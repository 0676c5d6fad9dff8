// Registry mentions kept current on each keystroke (issue 15: a keystroke's extension time at
// most 5 ms, in a 1 MB source with a 5,000-entity registry). The editor (extension/editor/
// liveDocuments.ts) calls this with the change deltas of one text event; the mentions are moved
// in place and only the text around each edit is searched again, so the cost follows the edit:
// a binary search, one tight loop moving the mentions after it, and a search of a few hundred
// characters read from the document piecewise (never its whole text, which VS Code would join
// from its lines: a millisecond and 2 MB of garbage a keystroke).
//
// What comes out is what a search of the whole new text finds (the property test's oracle), as
// long as no match is longer than `margin` (an alias with a run of white space inside it could
// be; 200 UTF-16 units is longer than any sane alias). Matching is leftmost-longest and
// non-overlapping, so an edit may change matches past the region searched again: a chain of
// overlapping aliases ("a b", "b c", "c d" …) flips along its whole length when its first word
// goes. So the region's end is accepted only once the new matches agree with the old ones over
// its last `margin` units; else it is searched again, twice as far.
import { firstEndingAfter, type TextChange } from '../spans';
import type { MentionSpan } from './mentionsAround';

/** How far around an edit mentions are looked for again: longer than any sane alias. */
export const RESCAN_MARGIN = 200;

/** The document's text, read in pieces (VS Code: getText of a range). */
export interface TextReader {
  readonly length: number;
  slice(from: number, to: number): string;
}

/** The mentions in `text`, offsets in UTF-16 units of `text`, sorted. */
export type FindInSlice = (text: string) => MentionSpan[];

/**
 * Applies one text event's changes (offsets in the text before the event, not overlapping, as
 * VS Code's contentChanges) to `mentions`, sorted by start, in place; returns it. `searched`
 * receives each region of the new text searched again: outside them mentions only moved.
 */
export function refindMentions(mentions: MentionSpan[], changes: readonly TextChange[], text: TextReader, find: FindInSlice, margin = RESCAN_MARGIN, searched?: { from: number; to: number }[]): MentionSpan[] {
  const m = mentions;
  const descending = changes.length === 1 ? changes : [...changes].sort((a, b) => b.offset - a.offset);
  dropAndShift(m, descending);
  // where the edited regions are in the new text: each earlier edit shifts the later ones
  let shift = 0;
  let searchedTo = -1;
  for (let k = descending.length - 1; k >= 0; k--) {
    const c = descending[k];
    const s = c.offset + shift;
    const e = s + c.inserted;
    shift += c.inserted - c.removed;
    if (e + margin <= searchedTo) continue; // the previous region's search covered this edit and its margin
    const r = rescan(m, s, e, text, find, margin);
    searched?.push(r);
    searchedTo = r.to;
  }
  return m;
}

/**
 * One pass over the mentions for all of an event's changes (`descending` by offset, not
 * overlapping): a mention a change touches is dropped (found again by the search around it if
 * still there), one after a change moves by what the changes before it added or removed. A
 * pass per change moved every mention after each: thousands of cursors typing at once
 * (select all occurrences, then type) were cursors × mentions.
 */
function dropAndShift(m: MentionSpan[], descending: readonly TextChange[]): void {
  const last = descending.length - 1;
  let p = 0; // changes at or before the mention's start (ascending: descending[last - k])
  let shift = 0;
  let w = 0;
  for (let r = 0; r < m.length; r++) {
    const x = m[r];
    for (; p <= last && descending[last - p].offset <= x.start; p++) shift += descending[last - p].inserted - descending[last - p].removed;
    const before = p > 0 ? descending[last - p + 1] : undefined;
    const next = p <= last ? descending[last - p] : undefined;
    // a change removing text from before its start up to or into it, or one starting inside it
    if ((before && before.offset + before.removed > x.start) || (next && next.offset < x.end)) continue;
    x.start += shift;
    x.end += shift;
    m[w++] = x;
  }
  m.length = w;
}

/** Searches again around [s, e) of the new text and splices what it finds in; returns the region searched. */
function rescan(m: MentionSpan[], s: number, e: number, text: TextReader, find: FindInSlice, margin: number): { from: number; to: number } {
  let want = Math.min(text.length, e + margin);
  for (;;) {
    const { from, to, slice } = region(m, text, Math.max(0, s - margin), want);
    const found = find(slice);
    for (const f of found) {
      f.start += from;
      f.end += from;
    }
    const lo = firstEndingAfter(m, from);
    let hi = lo;
    while (hi < m.length && m[hi].start < to) hi++;
    if (to >= text.length || agreeNear(m, lo, hi, found, to - margin)) {
      spliceIn(m, lo, hi, found);
      return { from, to };
    }
    // the edit changed matches up to the region's end: they may go on changing past it
    want = Math.min(text.length, to + 2 * (to - from));
  }
}

/** Whether the old mentions m[lo, hi) and `found` are the same from `at` on (those ending after it). */
function agreeNear(m: readonly MentionSpan[], lo: number, hi: number, found: readonly MentionSpan[], at: number): boolean {
  let i = Math.max(lo, firstEndingAfter(m, at));
  let j = firstEndingAfter(found, at);
  if (hi - i !== found.length - j) return false;
  for (; i < hi; i++, j++) {
    const a = m[i];
    const b = found[j];
    if (a.start !== b.start || a.end !== b.end || a.entity !== b.entity) return false;
  }
  return true;
}

/** m.splice(lo, hi - lo, ...found) without spreading into arguments (a long list would overflow the stack). */
function spliceIn(m: MentionSpan[], lo: number, hi: number, found: readonly MentionSpan[]): void {
  if (hi - lo === found.length) {
    for (let k = 0; k < found.length; k++) m[lo + k] = found[k];
    return;
  }
  if (found.length < 10_000) {
    m.splice(lo, hi - lo, ...found);
    return;
  }
  const tail = m.splice(hi);
  m.length = lo;
  for (const f of found) m.push(f);
  for (const t of tail) m.push(t);
}

const SPACE = /\s/;

/**
 * [from, to) widened until it starts after white space (or at 0), ends at white space (or the
 * end), and cuts no kept mention: then a search of its text alone finds, inside it, what a
 * search of the whole text finds there. Read with some padding, and read again wider in the
 * rare case a word or a mention reaches past it.
 */
function region(m: readonly MentionSpan[], text: TextReader, from: number, to: number): { from: number; to: number; slice: string } {
  const n = text.length;
  for (let pad = 64; ; pad *= 4) {
    const base = Math.max(0, from - pad);
    const top = Math.min(n, to + pad);
    const t = text.slice(base, top);
    let a = from;
    let b = to;
    for (let moved = true; moved; ) {
      moved = false;
      while (a > base && !SPACE.test(t[a - 1 - base])) a--;
      while (b < top && !SPACE.test(t[b - base])) b++;
      // a mention is followed only as far as the text goes: one held for another text (past its
      // end) would otherwise widen the region forever, the host's thread with it
      const k = firstEndingAfter(m, a);
      if (k < m.length && Math.max(0, m[k].start) < a) {
        a = Math.max(0, m[k].start);
        moved = true;
      }
      const q = firstEndingAfter(m, b);
      if (q < m.length && m[q].start < b && Math.min(n, m[q].end) > b) {
        b = Math.min(n, m[q].end);
        moved = true;
      }
      // keep within what was read; a wider read settles it
      if (a < base || b > top) break;
    }
    const settledA = a === 0 || (a > base && SPACE.test(t[a - 1 - base]));
    const settledB = b === n || (b < top && SPACE.test(t[b - base]));
    if (a >= base && b <= top && settledA && settledB) return { from: a, to: b, slice: t.slice(a - base, b - base) };
    from = Math.min(from, a);
    to = Math.max(to, b);
  }
}
