// Placements carried across one edit without anchoring again (issue 15: a save of a 1 MB source
// re-anchored every annotation on the extension host, over a second, though a save after typing
// changes one stretch of the text). The edit is the stretch between the texts' common start and
// common end, found in one pass. A placement whose quote and stored context (32 code points each
// side) lie wholly before it stays where it was; wholly after it, it moves by the edit's length
// change — the quote, its prefix and its suffix stand there verbatim, which is what the
// anchoring would find. Anything else — a placement touching the edit, an orphan the edit might
// give a place, a fuzzy or needs-review placement, an edit that is not one stretch — is left to
// the full anchoring (null). Linear in the texts and the placements.
import type { Placement } from '../placement';
import { CONTEXT_LENGTH as CONTEXT_CHARS } from '../anchor/selector';

/** The placements in `next`, or null when the anchoring must decide. `prev` is the text they were made in. */
export function shiftPlacements(prev: string, next: string, placements: readonly Placement[]): Placement[] | null {
  if (prev === next) return [...placements];
  const max = Math.min(prev.length, next.length);
  let head = 0;
  while (head < max && prev.charCodeAt(head) === next.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < max - head && prev.charCodeAt(prev.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)) tail++;
  // never split a surrogate pair: widen the edit to whole code points
  if (head > 0 && isHigh(prev.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLow(prev.charCodeAt(prev.length - tail))) tail--;
  const editStart = codePoints(prev, 0, head);
  const editEndPrev = editStart + codePoints(prev, head, prev.length - tail);
  const delta = codePoints(next, head, next.length - tail) - (editEndPrev - editStart);
  const out: Placement[] = [];
  for (const p of placements) {
    const { state, start, end } = p.result;
    if ((state !== 'anchored' && state !== 'moved') || start === null || end === null || p.needsReview) return null;
    if (end + CONTEXT_CHARS <= editStart) out.push(p);
    else if (start - CONTEXT_CHARS >= editEndPrev) {
      const s = start + delta;
      const e = end + delta;
      const moved = s !== p.annotation.start || e !== p.annotation.end;
      out.push({ ...p, result: { ...p.result, state: moved ? 'moved' : 'anchored', start: s, end: e, confidence: moved ? p.result.confidence : 1 } });
    } else return null;
  }
  return out;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

function codePoints(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!(isLow(c) && i > from && isHigh(s.charCodeAt(i - 1)))) n++;
  }
  return n;
}
