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
// - A loose placement — fuzzy, needing review, or an orphan — was the anchoring's judgement of
//   the candidates the text offered. It changes only if an edit created or destroyed a
//   candidate for it, or changed one it was judged by: so when its own place (or suggestion)
//   with its context lies in one gap, and the text around each edit, before and after, holds
//   no candidate for it (core/anchor's own candidate search, in windows around the stretches),
//   and no annotation anchored again lies near it (neighbours are evidence, anchor/neighbours.ts),
//   it is carried as it was, moved with its gap. One whose place or context an edit touched is
//   left to the full anchoring: a copy of its words elsewhere may now be judged better.
// Anything else — a candidate near an edit, words an edit wrote elsewhere (cut and pasted), a
// copy found beside the edited words, an edit too long for a window, too many windows to
// search — is left to the full anchoring (null). Linear in the texts and placements, plus the
// candidate search in windows (each a few hundred characters around an edit).
import type { Placement } from '../placement';
import { placeAnnotations } from '../placement';
import { AnchorText } from '../anchor';
import { Attempt } from '../anchor/attempt';
import { CONTEXT_LENGTH as CONTEXT_CHARS } from '../anchor/selector';
import type { CodePointIndex } from '../text/positions';
import type { Annotation } from '../types';
import { gapAt, gapsOf, textEdits, type Gap, type TextEdits } from './editStretches';
import { anyWithin } from '../bisect';
import { maxOf } from '../arrays';

/** Code points of new text around an edited quote that its anchoring looks at, each side. */
const WINDOW_MARGIN = 256;
/** A window longer than this (a long paste through an annotation) is the full anchoring's job. */
const MAX_WINDOW = 16_384;
/** Neighbours this close (code points) are evidence for a loose placement (anchor/neighbours.ts's reach). */
const NEIGHBOUR_REACH = 4096;
/** Candidate searches (loose placements × windows) beyond this: the full anchoring is cheaper. */
const MAX_SEARCHES = 4000;
/**
 * UTF-16 units of the edits' new text searched for destroyed words (each orphan made here ×
 * every stretch's new text) beyond this: the full anchoring decides. Without it a rewrite of
 * every paragraph of a 1 MB source with 19,000 annotations searched 1 MB per orphan (1.5 s of
 * a 2.9 s shift, issue 15; "Bounded cost": never more than linear in a file).
 */
export const MAX_PASTE_SEARCH = 1 << 24;

/**
 * The placements in `next`, or null when the anchoring must decide. `prev` is the text they were
 * made in. `maxWindows`: how many annotations may be anchored again in windows here (each ~0.05-0.2
 * ms); beyond it, null: a caller on the editor's thread hands the whole to a worker instead.
 */
export function shiftPlacements(prev: string, next: string, placements: readonly Placement[], edits?: TextEdits, maxWindows = Infinity): Placement[] | null {
  if (prev === next) return [...placements];
  edits ??= textEdits(prev, next);
  const ni = edits.next;
  const stretches = edits.stretches;
  const gaps = gapsOf(edits);
  const prevLength = edits.prevLength;
  /** Where a code point offset of prev lands in next: in a gap it moves with it; in a stretch, to the stretch's start or end. */
  const mapped = (x: number, side: 'start' | 'end'): number => {
    const g = gaps[gapAt(gaps, x)];
    if (x <= g.to) return x + g.shift;
    const after = gaps[gapAt(gaps, x) + 1];
    return side === 'start' ? g.to + g.shift : after ? after.from + after.shift : ni.length;
  };
  /** The gap holding all of prev's [a, b) with `margin` each side, or undefined when an edit lies in it. */
  const gapHolding = (a: number, b: number, margin: number): Gap | undefined => {
    const g = gaps[gapAt(gaps, Math.max(0, a - margin))];
    return Math.min(prevLength, b + margin) <= g.to ? g : undefined;
  };

  /** The new text of each stretch, cut once (null until an orphan asks), and how much of it orphans have searched. */
  let written: string[] | null = null;
  let searched = 0;
  /** Whether an edit wrote `quote` (words destroyed where they stood but pasted elsewhere); null when the search would cost more than the budget. */
  const pasted = (quote: string): boolean | null => {
    written ??= stretches.map((x) => next.slice(x.nextStart, x.nextEnd));
    for (const w of written) {
      searched += w.length;
      if (searched > MAX_PASTE_SEARCH) return null;
      if (w.includes(quote)) return true;
    }
    return false;
  };
  const out: Placement[] = [];
  /** Loose placements carried as they were, with their own place in prev (if any: where its neighbours are). */
  const loose: { p: Placement; own: [number, number] | null }[] = [];
  /** Where placements anchored again stood in prev: evidence that changed for their neighbours. */
  const reanchored: number[] = [];
  for (const p of placements) {
    const { state, start, end } = p.result;
    const firm = (state === 'anchored' || state === 'moved') && start !== null && end !== null && !p.needsReview;
    if (!firm && (state === 'orphaned' || start === null || end === null)) {
      // an orphan stays one unless an edit gave it a candidate (checked below); its suggestion moves with the text
      const g = p.result.suggestion;
      const held = g ? gapHolding(g.start, g.end, CONTEXT_CHARS) : undefined;
      if (g && !held) return null;
      out.push(g && held ? { ...p, result: { ...p.result, suggestion: { ...g, start: g.start + held.shift, end: g.end + held.shift } } } : p);
      loose.push({ p, own: g ? [g.start, g.end] : null });
      continue;
    }
    const g = gaps[gapAt(gaps, start!)];
    if (!firm) {
      // fuzzy or needing review: its place and the context it was judged by untouched, it stays;
      // else the copies elsewhere may now be judged better than it (the full anchoring's question)
      const held = gapHolding(start!, end!, CONTEXT_CHARS);
      if (!held) return null;
      out.push({ ...p, result: { ...p.result, start: start! + held.shift, end: end! + held.shift } });
      loose.push({ p, own: [start!, end!] });
      continue;
    }
    if (end! <= g.to) {
      // its words lie in one gap (with their context or not): they stand there verbatim
      const s = start! + g.shift;
      const e = end! + g.shift;
      const moved = s !== p.annotation.start || e !== p.annotation.end;
      out.push({ ...p, result: { ...p.result, state: moved ? 'moved' : 'anchored', start: s, end: e, confidence: moved ? p.result.confidence : 1 } });
      continue;
    }
    if (reanchored.length >= maxWindows) return null;
    // words an edit deleted whole (a cut): not found where they stood, so an orphan, or if an
    // edit wrote them elsewhere (a paste) the full anchoring's; the search for that first, which
    // is cheaper than anchoring them in a window to find them gone (issue 15: a 1 MB source's
    // cut-and-paste save anchored each cut annotation on the host, then gave up)
    const cut = edits.cp[gapAt(gaps, start!)];
    const wholeCut = !!cut && start! >= cut.prevStart && end! <= cut.prevEnd && cut.nextStart === cut.nextEnd;
    if (wholeCut && pasted(p.annotation.quote) !== false) return null;
    const local = placeInWindow(next, ni, p, mapped(start!, 'start'), mapped(end!, 'end'));
    if (!local) return null;
    // words an edit destroyed where they stood are an orphan, unless an edit wrote them elsewhere
    // (a paste; for a whole cut, already asked above, not searched for twice)
    if (local.result.state === 'orphaned' && !wholeCut && pasted(p.annotation.quote) !== false) return null;
    out.push(local);
    reanchored.push(start!);
  }
  if (loose.length && !looseStay(prev, next, edits, loose, reanchored)) return null;
  return out;
}

/**
 * Whether every loose placement stays as it was: no annotation anchored again within reach of
 * it, and no candidate for it that an edit created, destroyed or changed (touchedCandidate), in
 * the text around each edit, before and after.
 */
function looseStay(prev: string, next: string, edits: TextEdits, loose: readonly { p: Placement; own: [number, number] | null }[], reanchored: readonly number[]): boolean {
  // in order, each loose one looks for the nearest (a scan of them all per loose one was
  // loose × re-anchored: a large paste through thousands of annotations, issue 15)
  const sorted = Float64Array.from(reanchored).sort();
  for (const { p, own } of loose) {
    const at = own?.[0] ?? p.annotation.start;
    // an orphan without a place of its own is judged against the whole text: any re-anchored neighbour counts
    if (sorted.length && (at === undefined || withinReach(sorted, at))) return false;
  }
  const stretches = edits.stretches;
  if (loose.length * stretches.length * 2 > MAX_SEARCHES) return false;
  // UTF-16 units each side: the longest quote with its context (up to two units a code point), and room
  const longest = maxOf(loose.map(({ p }) => p.annotation.quote.length));
  const margin = longest + 4 * CONTEXT_CHARS + WINDOW_MARGIN;
  for (const s of stretches) {
    for (const [text, from, to] of [
      [prev, s.prevStart, s.prevEnd],
      [next, s.nextStart, s.nextEnd],
    ] as const) {
      let wa = Math.max(0, from - margin);
      if (wa > 0 && isLow(text.charCodeAt(wa))) wa--;
      let wb = Math.min(text.length, to + margin);
      if (wb < text.length && isLow(text.charCodeAt(wb))) wb++;
      if (wb - wa > 2 * MAX_WINDOW) return false;
      const window = new AnchorText(text.slice(wa, wb));
      // the edit in the window's code points
      const a = codePoints(text, wa, from);
      const b = a + codePoints(text, from, to);
      for (const { p } of loose) if (touchedCandidate(window, p.annotation, a, b)) return false;
    }
  }
  return true;
}

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Whether some value of `sorted` lies within NEIGHBOUR_REACH of `at`. */
function withinReach(sorted: Float64Array, at: number): boolean {
  return anyWithin(sorted, at, NEIGHBOUR_REACH);
}

/** Code points in text[from, to) (UTF-16 offsets, not inside a pair). */
function codePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (!isLow(text.charCodeAt(i)) || i === from) n++;
  return n;
}

/**
 * Whether the anchoring's own search finds a place for `a` in the window whose words or context
 * reach into [from, to) (the edit, window offsets): one the edit created, destroyed or changed.
 * A candidate clear of the edit with its context is the same in both texts (a repeated sentence
 * elsewhere): it was judged before and is judged the same now.
 */
function touchedCandidate(window: AnchorText, a: Annotation, from: number, to: number): boolean {
  const attempt = new Attempt(window, { quote: a.quote, prefix: a.prefix, suffix: a.suffix });
  return attempt.candidates(true).some((c) => from < c.end + CONTEXT_CHARS && to > c.start - CONTEXT_CHARS);
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

