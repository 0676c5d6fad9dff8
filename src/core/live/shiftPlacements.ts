// Placements carried across edits without anchoring the whole text again (issue 15: a save of
// a 1 MB source re-anchored every annotation on the extension host, over a second, though a
// save after typing changes a few short stretches of the text). The stretches come from
// editStretches.ts; between them the two texts are equal.
// - A placement whose quote and stored context (32 code points each side) lie in one equal
//   gap stands there verbatim in the new text, moved by the length change before it: what
//   the anchoring would find.
// - One whose context an edit touched but whose words lie in one gap keeps those words: they
//   are the words the analyst annotated, where the edit put them (`moved` if they moved).
// - One whose words an edit changed is anchored again in a window of the new text around
//   where the edit put them (a few hundred characters, not the megabyte): bounded work. Not
//   found there, it is an orphan: its words were destroyed where they stood (another copy of
//   them elsewhere is not the words the analyst annotated).
// Anything else — an orphan the edit might give a place, a fuzzy or needs-review placement,
// words an edit wrote elsewhere (cut and pasted), a copy found beside the edited words, an edit
// too long for a window — is left to the full anchoring (null). Linear in the texts and placements.
import type { Placement } from '../placement';
import { placeAnnotations } from '../placement';
import { CONTEXT_LENGTH as CONTEXT_CHARS } from '../anchor/selector';
import type { CodePointIndex } from '../text/positions';
import { gapAt, gapsOf, textEdits, type TextEdits } from './editStretches';

/** Code points of new text around an edited quote that its anchoring looks at, each side. */
const WINDOW_MARGIN = 256;
/** A window longer than this (a long paste through an annotation) is the full anchoring's job. */
const MAX_WINDOW = 16_384;

/** The placements in `next`, or null when the anchoring must decide. `prev` is the text they were made in. */
export function shiftPlacements(prev: string, next: string, placements: readonly Placement[], edits?: TextEdits): Placement[] | null {
  if (prev === next) return [...placements];
  for (const p of placements) {
    const { state, start, end } = p.result;
    if ((state !== 'anchored' && state !== 'moved') || start === null || end === null || p.needsReview) return null;
  }
  edits ??= textEdits(prev, next);
  const ni = edits.next;
  const stretches = edits.stretches;
  const gaps = gapsOf(edits);
  /** Where a code point offset of prev lands in next: in a gap it moves with it; in a stretch, to the stretch's start or end. */
  const mapped = (x: number, side: 'start' | 'end'): number => {
    const g = gaps[gapAt(gaps, x)];
    if (x <= g.to) return x + g.shift;
    const after = gaps[gapAt(gaps, x) + 1];
    return side === 'start' ? g.to + g.shift : after ? after.from + after.shift : ni.length;
  };

  const out: Placement[] = [];
  for (const p of placements) {
    const start = p.result.start!;
    const end = p.result.end!;
    const g = gaps[gapAt(gaps, start)];
    // its words lie in one gap (with their context or not): they stand there verbatim
    if (end <= g.to) {
      const s = start + g.shift;
      const e = end + g.shift;
      const moved = s !== p.annotation.start || e !== p.annotation.end;
      out.push({ ...p, result: { ...p.result, state: moved ? 'moved' : 'anchored', start: s, end: e, confidence: moved ? p.result.confidence : 1 } });
      continue;
    }
    const local = placeInWindow(next, ni, p, mapped(start, 'start'), mapped(end, 'end'));
    if (!local) return null;
    // words an edit destroyed where they stood are an orphan, unless an edit wrote them elsewhere (a paste)
    if (local.result.state === 'orphaned' && stretches.some((x) => next.slice(x.nextStart, x.nextEnd).includes(p.annotation.quote))) return null;
    out.push(local);
  }
  return out;
}

/**
 * An annotation whose words were edited, anchored in the new text around [s, e) (an orphan when
 * not found there); null when the window would be too long or it found a copy of the words
 * beside where the edit left them.
 */
function placeInWindow(next: string, ni: CodePointIndex, p: Placement, s: number, e: number): Placement | null {
  const wa = Math.max(0, s - CONTEXT_CHARS - WINDOW_MARGIN);
  const wb = Math.min(ni.length, Math.max(s, e) + CONTEXT_CHARS + WINDOW_MARGIN);
  if (wb - wa > MAX_WINDOW) return null;
  const window = next.slice(ni.toUtf16(wa), ni.toUtf16(wb));
  // the stored offsets are a hint to the anchoring: where the edit put the words, in the window
  const [placed] = placeAnnotations(window, [{ ...p.annotation, start: s - wa, end: Math.max(s, e) - wa }]);
  const r = placed.result;
  if (r.state === 'orphaned' || r.start === null || r.end === null) {
    const g = r.suggestion;
    return { annotation: p.annotation, result: { state: 'orphaned', start: null, end: null, confidence: 0, ...(g ? { suggestion: { ...g, start: g.start + wa, end: g.end + wa } } : {}) } };
  }
  // found, but not where the edit left the words (a copy of them nearby): the full anchoring decides
  if (r.end + wa <= s || r.start + wa >= Math.max(s, e)) return null;
  const start = r.start + wa;
  const end = r.end + wa;
  // anchored or moved as against the sidecar's offsets, not the window's
  const state = r.state === 'fuzzy' ? r.state : start === p.annotation.start && end === p.annotation.end ? 'anchored' : 'moved';
  return { ...placed, annotation: p.annotation, result: { ...r, state, start, end } };
}
