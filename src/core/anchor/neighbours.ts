// What the other annotations of a source tell about one of them. Two copies of a caption give
// their words identical context, so the quote and its context cannot choose; but the annotations
// around it moved somewhere, and the words must have moved with them:
//
//  - an annotation that lay inside another (a name in an annotated sentence) lies inside it still;
//  - where the nearest placed neighbour moved by d, a place exactly d from the stored offset is
//    where the text between them was left alone;
//  - annotations that were on different words are not on the same (or overlapping) words now:
//    the one whose position agrees with its neighbours keeps the place, the other looks again;
//  - an annotation inside another that was found word for word is where its words stand inside
//    that one, even when its own context changed (a name at the start of a paragraph that got
//    a marker, issue 12): the container's words are its context then, and they are intact;
//  - a name with a typo in it, inside placed containers, is where its words stood in them, give
//    or take the typo, if no other place inside them comes close (its own context edited too);
//  - a short name found with one side of its context only (oneSided in decide.ts) is placed
//    only where the nearest placed neighbours or its container put it;
//  - a name is not placed where the sentence it lay in, left unplaced, refuses to be (a
//    template sibling of that sentence, deleted: verdicts.ts);
//  - a long claim edited where it stands, its context edited on both sides (edited in
//    decide.ts), is placed where a neighbour placed on its own evidence puts it;
//  - two annotations on the same words, both in step with a neighbour: the one every neighbour
//    puts there keeps them against one a neighbour puts far away (strays decided first);
//  - a name among equal places, or with one side of its context, or a sentence given up on a
//    tie with a template sibling (rewritten.ts), is placed where a neighbour before it and one
//    after it both put it within a few words (a deleted paragraph would set them apart).
//
// This only ever chooses among places the annotation's own evidence already supports, rules
// places out, or places exact words inside an intact container; never on position alone.
// What a view of the neighbours holds is in neighbourView.ts; which of two annotations on the
// same words keeps them, in clashes.ts.

import type { Attempt } from './attempt';
import { TYPO_ERRORS, type Judged } from './decide';
import { bracketed, separateClashes, STRAYED } from './clashes';
import { agrees, disagrees, type View } from './neighbourView';
import { TOLERANCE, confirmed, inside, refused } from './verdicts';
import { firstIndex } from '../bisect';

/** Neighbours further than this (code points, as stored) say little about an annotation. */
const REACH = 4096;
/** Each round can settle annotations that then help others. */
const ROUNDS = 4;
/**
 * At most this many annotations holding one (its stored span inside theirs) are looked at, the
 * nearest in stored order: text nests a few deep (a name in a sentence in a paragraph); a
 * crafted sidecar nesting thousands within REACH made every view a pass over all of them.
 */
export const HOLDERS = 64;

export function settleWithNeighbours(attempts: Attempt[]): void {
  const order = attempts
    .filter((a) => a.q.start !== undefined && a.q.end !== undefined)
    .sort((x, y) => x.q.start! - y.q.start! || y.q.end! - x.q.end!);
  if (order.length < 2) return;
  const layout = storedLayout(order);
  for (let round = 0; round < ROUNDS; round++) {
    let views = neighbourViews(order, layout);
    let changed = false;
    order.forEach((x, i) => {
      if (x.still || !x.placed) return;
      const v = views[i];
      {
        // Placed outside an annotation it used to lie in: look again inside it.
        if (disagrees(v, x.placed)) {
          x.reconsider((j) => disagrees(v, j), 'conflicts');
          changed = true;
        } else if (refused(x, v, x.placed)) {
          // Inside a place the sentence it lay in refuses, on evidence the name's own context
          // is part of: not there either (see refused).
          x.reconsider((j) => refused(x, v, j), 'taken');
          changed = true;
        } else if (torn(v, x.placed)) {
          // Inside one of the places a container cannot choose between: what this one knows
          // beyond the container's words is part of the container's context, which did not
          // settle it (a name opening a sentence copied after a sibling ending the same way,
          // issue 12). As undecided as its container.
          x.reconsider((j) => torn(v, j), 'taken');
          changed = true;
        }
      }
    });
    // Places ruled out above no longer speak for their neighbours (a name on a sibling sentence
    // put right before a copied sentence would pull the sentence onto the copy).
    if (changed) views = neighbourViews(order, layout);
    order.forEach((x, i) => {
      if (x.still || x.placed) return;
      const v = views[i];
      const pick = x.decision.contenders.filter((c) => agrees(v, c) && !disagrees(v, c));
      if (x.decision.contenders.length > 1 && pick.length === 1 && !x.rewritten(pick[0])) {
        x.place(pick[0]);
        changed = true;
        return;
      }
      // Places its own evidence supports equally (a template's sentences), one of them between
      // its neighbours on both sides, give or take a few words edited between, every other one
      // far from where any neighbour puts it: that one (issue 12: "…will give evidence again
      // in February" twice, the text between edited).
      const between = x.decision.contenders.filter((c) => bracketed(x, v, c) && !disagrees(v, c));
      if (
        between.length === 1 &&
        x.decision.contenders.every((c) => c === between[0] || v.predictions.every((p) => Math.abs(p - c.start) > STRAYED)) &&
        !x.rewritten(between[0])
      ) {
        x.place(between[0]);
        x.lone = true;
        changed = true;
        return;
      }
      // The one place its own context supports, with rivals close in rank that it does not
      // (a name whose context was edited, siblings agreeing by halves): placed if the
      // neighbours' positions put it exactly there; the stored offset alone does not (issue 12).
      const only = x.decision.contenders.length === 1 ? x.decision.contenders[0] : undefined;
      if (only && (agrees(v, only, false) || bracketed(x, v, only)) && !disagrees(v, only) && !x.rewritten(only)) {
        x.place(only);
        changed = true;
        return;
      }
      // A short name found with one side of its context only: placed where its neighbours put it.
      const lone = x.decision.oneSided;
      const firm = { ...v, ...v.firm };
      if (lone && (agrees(firm, lone, false) || bracketed(x, firm, lone)) && !disagrees(v, lone) && !x.rewritten(lone)) {
        x.place(lone);
        x.lone = true;
        changed = true;
        return;
      }
      // Its place, context perfect on both sides, given up for a sibling nearer the stored offset
      // (rewritten.ts): where the neighbours put it, the shift was theirs too (issue 12).
      const tied = x.decision.tied;
      if (tied && (agrees(v, tied, false) || bracketed(x, v, tied)) && !disagrees(v, tied)) {
        x.place(tied);
        x.lone = true;
        changed = true;
        return;
      }
      // A long quote's one edited place, which a neighbour placed on its own evidence puts it at.
      const edited = x.decision.edited;
      if (edited && confirmed(x, v, edited) && !disagrees(v, edited) && !x.rewritten(edited)) {
        x.place(edited);
        x.lone = true;
        changed = true;
        return;
      }
      const inner = insideIntact(x, v) ?? insideEdited(x, v);
      if (inner && !x.rewritten(inner)) {
        x.place(inner);
        changed = true;
      }
    });
    if (separateClashes(order, views, round === ROUNDS - 1)) changed = true;
    if (!changed) break;
  }
}

/**
 * Where each annotation stands among the others by its stored offsets, which no round changes
 * (the order is by stored start, then longest first): the indexes within REACH on either side,
 * where its run of annotations on the very same stored span begins, where the annotations after
 * its end begin, and the annotations before it that hold it, nearest first (at most HOLDERS).
 * Found once, in time n log n plus what they hold (issue 15: each view scanned back over every
 * annotation within REACH, and forward until a firm one; 16,000 annotations crowded into 4 KB
 * took seconds per round).
 */
export interface Layout {
  /** The first index whose stored start is at most REACH before this one's. */
  lo: Int32Array;
  /** The first index whose stored start is more than REACH after this one's. */
  hi: Int32Array;
  /** The first index of its run on the same stored span (they are together in the order). */
  run: Int32Array;
  /** The first index whose stored start is at or after this one's stored end. */
  after: Int32Array;
  /** Indexes in [lo, run) whose stored end is at or after this one's, nearest first, at most HOLDERS. */
  holders: Int32Array[];
}

export function storedLayout(order: readonly Attempt[]): Layout {
  const n = order.length;
  const starts = order.map((a) => a.q.start!);
  const ends = order.map((a) => a.q.end!);
  const firstAtLeast = (x: number) => firstIndex(n, (k) => !(starts[k] < x));
  const layout: Layout = { lo: new Int32Array(n), hi: new Int32Array(n), run: new Int32Array(n), after: new Int32Array(n), holders: [] };
  const tree = new LastAtLeast(ends);
  for (let i = 0; i < n; i++) {
    layout.lo[i] = firstAtLeast(starts[i] - REACH);
    layout.hi[i] = firstAtLeast(starts[i] + REACH + 1);
    layout.run[i] = i > 0 && starts[i - 1] === starts[i] && ends[i - 1] === ends[i] ? layout.run[i - 1] : i;
    layout.after[i] = firstAtLeast(ends[i]);
    const held: number[] = [];
    for (let k = tree.find(layout.lo[i], layout.run[i], ends[i]); k >= 0 && held.length < HOLDERS; k = tree.find(layout.lo[i], k, ends[i])) held.push(k);
    layout.holders.push(Int32Array.from(held));
  }
  return layout;
}

/** The greatest of `values` under each node of a complete binary tree: the last index in a range holding at least a value, in log time. */
class LastAtLeast {
  private readonly size: number;
  private readonly max: Float64Array;

  constructor(values: readonly number[]) {
    let size = 1;
    while (size < values.length) size *= 2;
    this.size = size;
    this.max = new Float64Array(2 * size).fill(-Infinity);
    values.forEach((v, k) => (this.max[size + k] = v));
    for (let node = size - 1; node >= 1; node--) this.max[node] = Math.max(this.max[2 * node], this.max[2 * node + 1]);
  }

  /** The greatest index k in [from, to) with values[k] ≥ at; -1 when there is none. */
  find(from: number, to: number, at: number): number {
    return this.search(1, 0, this.size, from, to, at);
  }

  private search(node: number, left: number, right: number, from: number, to: number, at: number): number {
    if (right <= from || left >= to || this.max[node] < at) return -1;
    if (node >= this.size) return left;
    const mid = (left + right) >> 1;
    const found = this.search(2 * node + 1, mid, right, from, to, at);
    return found >= 0 ? found : this.search(2 * node, left, mid, from, to, at);
  }
}

const isFirm = (y: Attempt) => !y.lone && (y.result.state === 'anchored' || y.result.state === 'moved');

/** Every annotation's view of its neighbours as they are placed now, in time linear in the annotations and what they hold. */
export function neighbourViews(order: readonly Attempt[], layout: Layout): View[] {
  const n = order.length;
  // the nearest placed (and placed firm) annotation at or before, and at or after, each index
  const lastPlaced = new Int32Array(n);
  const lastFirm = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    lastPlaced[k] = order[k].placed ? k : k > 0 ? lastPlaced[k - 1] : -1;
    lastFirm[k] = order[k].placed && isFirm(order[k]) ? k : k > 0 ? lastFirm[k - 1] : -1;
  }
  const nextPlaced = new Int32Array(n + 1).fill(n);
  const nextFirm = new Int32Array(n + 1).fill(n);
  for (let k = n - 1; k >= 0; k--) {
    nextPlaced[k] = order[k].placed ? k : nextPlaced[k + 1];
    nextFirm[k] = order[k].placed && isFirm(order[k]) ? k : nextFirm[k + 1];
  }
  return order.map((x, i) => {
    const start = x.q.start!;
    const containers: { start: number; end: number }[] = [];
    const predictions: number[] = [];
    const predictedBy: Attempt[] = [];
    const within: View['within'] = [];
    const firm: View['firm'] = { predictions: [], predictedBy: [], containers: [] };
    const undecided: Judged[][] = [];
    const inner: number[] = [];
    const refusing: Attempt[] = [];
    // before it (on the same stored span: not a neighbour), within REACH
    const lo = layout.lo[i];
    const before = layout.run[i] - 1;
    const prev = before >= lo && lastPlaced[before] >= lo ? order[lastPlaced[before]] : undefined;
    const firmPrev = before >= lo && lastFirm[before] >= lo ? order[lastFirm[before]] : undefined;
    for (const k of layout.holders[i]) {
      const y = order[k];
      if (!y.placed) {
        if (y.decision.contenders.length > 1) undecided.push(y.decision.contenders);
        refusing.push(y);
        continue;
      }
      containers.push({ start: y.placed.start, end: y.placed.end });
      if (isFirm(y)) firm.containers.push({ start: y.placed.start, end: y.placed.end });
      const intact = y.result.state === 'anchored' || y.result.state === 'moved';
      // Its errors are counted in the folded text: a space doubled or a line ending changed
      // inside it (refetched, CRLF) costs none there, yet shifts what follows in the original.
      const grown = Math.abs(y.placed.end - y.placed.start - (y.q.end! - y.q.start!));
      within.push({ start: y.placed.start, end: y.placed.end, at: y.placed.start + (start - y.q.start!), slack: intact ? 0 : y.placed.errors + grown });
    }
    // after it, within REACH: an annotation inside this one (a name in the sentence) moved with
    // its words: where it went is this one's own evidence again, not a neighbour's (issue 12: a
    // name at the start of a copied sentence, whose prefix the copy happened to share, pulled
    // the sentence onto the copy)…
    const hi = layout.hi[i];
    const outside = Math.max(i + 1, layout.after[i]);
    const firstInside = nextPlaced[i + 1];
    // …though against an annotation from elsewhere landing on the same words it does speak:
    // the words it was on are there (separateClashes)
    if (firstInside < Math.min(outside, hi)) inner.push(start + (order[firstInside].placed!.start - order[firstInside].q.start!));
    const next = outside < n ? nextPlaced[outside] : n;
    if (next < hi) {
      predictions.push(start + (order[next].placed!.start - order[next].q.start!));
      predictedBy.push(order[next]);
    }
    const nextFirmOne = outside < n ? nextFirm[outside] : n;
    if (nextFirmOne < hi) {
      firm.predictions.push(start + (order[nextFirmOne].placed!.start - order[nextFirmOne].q.start!));
      firm.predictedBy.push(order[nextFirmOne]);
    }
    if (prev) {
      predictions.push(start + (prev.placed!.start - prev.q.start!));
      predictedBy.push(prev);
      // From where it ends, too: edits inside it (a word deleted, a typo) shift its start but not
      // the text between its end and this one (issue 12).
      if (prev.q.end! <= start) {
        predictions.push(start + (prev.placed!.end - prev.q.end!));
        predictedBy.push(prev);
      }
    }
    if (firmPrev) {
      firm.predictions.push(start + (firmPrev.placed!.start - firmPrev.q.start!));
      firm.predictedBy.push(firmPrev);
    }
    return { containers, predictions, predictedBy, within, firm, undecided, inner, refusing };
  });
}

/**
 * The exact place of an orphan's words inside the annotations it lay in: where they stood in a
 * container found word for word, or the one exact copy of them inside an edited container,
 * within as many units of where they stood as the edit there changed. Every container must
 * agree.
 */
function insideIntact(x: Attempt, v: View): Judged | undefined {
  if (v.within.length === 0) return undefined;
  const length = x.q.end! - x.q.start!;
  let found: Judged | undefined;
  for (const w of v.within) {
    const here = x.exactWithin(w.start, w.end).filter((c) => c.wordsAgree && c.end - c.start === length);
    const near = here.filter((c) => Math.abs(c.start - w.at) <= w.slack);
    if (near.length !== 1 || (w.slack > 0 && here.length !== 1) || (found && (found.start !== near[0].start || found.end !== near[0].end))) return undefined;
    found = near[0];
  }
  return found && x.at.slice(found.start, found.end) === x.q.quote && !disagrees(v, found) ? found : undefined;
}

/**
 * The one place of an orphan's words, a typo in them (TYPO_ERRORS: a name misspelt or corrected
 * where it stands), inside the annotations it lay in, where they stood in each, give or take the
 * typo (TYPO_ERRORS units). No other place inside any container comes close to its words. Every
 * container must agree.
 */
function insideEdited(x: Attempt, v: View): Judged | undefined {
  if (v.within.length === 0) return undefined;
  let found: Judged | undefined;
  const typo = (c: Judged) => c.errors > 0 && c.errors <= TYPO_ERRORS && c.quote >= TYPO_SHARE && c.wordsAgree && sameEdges(x, c);
  for (const w of v.within) {
    const here = x.fuzzyWithin(w.start - TOLERANCE, w.end + TOLERANCE).filter(typo);
    if (here.length === 0) return undefined;
    const best = here.reduce((a, b) => (b.rank > a.rank ? b : a));
    if (Math.abs(best.start - w.at) > TYPO_ERRORS || here.some((c) => c.end <= best.start || c.start >= best.end)) return undefined;
    if (found && (found.start !== best.start || found.end !== best.end)) return undefined;
    found = best;
  }
  return found && !disagrees(v, found) ? found : undefined;
}

/**
 * Begins and ends with a letter where the quote does, and has a space beside it where the quote
 * had one: "Russian-" or "Russian" in "Russian-Ukrainian" is not "Russians" with a typo.
 */
function sameEdges(x: Attempt, c: Judged): boolean {
  const first = (s: string) => (s.length > 0 ? String.fromCodePoint(s.codePointAt(0)!) : undefined);
  const last = (s: string) => Array.from(s.slice(-2)).pop();
  const here = x.at.slice(c.start, c.end);
  const letter = (ch: string | undefined) => ch !== undefined && /\p{L}/u.test(ch);
  if (letter(first(x.q.quote)) !== letter(first(here)) || letter(last(x.q.quote)) !== letter(last(here))) return false;
  // …nor is "Russian" followed by a hyphen where "Russians" was followed by a space.
  const space = (ch: string | undefined) => ch === undefined || /\s/u.test(ch);
  const before = last(x.q.prefix);
  const after = first(x.q.suffix);
  const left = c.start > 0 ? x.at.slice(c.start - 1, c.start) : undefined;
  const right = c.end < x.at.length ? x.at.slice(c.end, c.end + 1) : undefined;
  return (before === undefined || space(before) === space(left)) && (after === undefined || space(after) === space(right));
}

/** A typo in a name is at most one edit in five code points ("Harloow", not "Herlow" for "Basin"). */
const TYPO_SHARE = 0.8;

/** Whether `j` lies inside one of the places an undecided container is torn between. */
function torn(v: View, j: Judged): boolean {
  return v.undecided.some((places) => places.some((c) => inside(j, c)));
}
