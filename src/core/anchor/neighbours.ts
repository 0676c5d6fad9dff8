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

/** Neighbours further than this (code points, as stored) say little about an annotation. */
const REACH = 4096;
/** Each round can settle annotations that then help others. */
const ROUNDS = 4;

export function settleWithNeighbours(attempts: Attempt[]): void {
  const order = attempts
    .filter((a) => a.q.start !== undefined && a.q.end !== undefined)
    .sort((x, y) => x.q.start! - y.q.start! || y.q.end! - x.q.end!);
  if (order.length < 2) return;
  for (let round = 0; round < ROUNDS; round++) {
    let views = order.map((_, i) => view(order, i));
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
    if (changed) views = order.map((_, i) => view(order, i));
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

function view(order: Attempt[], i: number): View {
  const x = order[i];
  const start = x.q.start!;
  const end = x.q.end!;
  const containers: { start: number; end: number }[] = [];
  const predictions: number[] = [];
  const predictedBy: Attempt[] = [];
  const within: View['within'] = [];
  const firm: View['firm'] = { predictions: [], predictedBy: [], containers: [] };
  const undecided: Judged[][] = [];
  const inner: number[] = [];
  const refusing: Attempt[] = [];
  const isFirm = (y: Attempt) => !y.lone && (y.result.state === 'anchored' || y.result.state === 'moved');
  let prev: Attempt | undefined;
  let firmPrev: Attempt | undefined;
  for (let k = i - 1; k >= 0 && order[k].q.start! >= start - REACH; k--) {
    const y = order[k];
    if (y.q.start === start && y.q.end === end) continue;
    if (!y.placed) {
      if (y.q.end! >= end && y.decision.contenders.length > 1) undecided.push(y.decision.contenders);
      if (y.q.end! >= end) refusing.push(y);
      continue;
    }
    prev ??= y;
    if (isFirm(y)) firmPrev ??= y;
    if (y.q.end! >= end) {
      containers.push({ start: y.placed.start, end: y.placed.end });
      if (isFirm(y)) firm.containers.push({ start: y.placed.start, end: y.placed.end });
      const intact = y.result.state === 'anchored' || y.result.state === 'moved';
      // Its errors are counted in the folded text: a space doubled or a line ending changed
      // inside it (refetched, CRLF) costs none there, yet shifts what follows in the original.
      const grown = Math.abs(y.placed.end - y.placed.start - (y.q.end! - y.q.start!));
      within.push({ start: y.placed.start, end: y.placed.end, at: y.placed.start + (start - y.q.start!), slack: intact ? 0 : y.placed.errors + grown });
    }
  }
  for (let k = i + 1; k < order.length && order[k].q.start! <= start + REACH; k++) {
    const y = order[k];
    // An annotation inside this one (a name in the sentence) moved with its words: where it went
    // is this one's own evidence again, not a neighbour's (issue 12: a name at the start of a
    // copied sentence, whose prefix the copy happened to share, pulled the sentence onto the copy).
    if (!y.placed) continue;
    if (y.q.start! < end) {
      // …though against an annotation from elsewhere landing on the same words it does speak:
      // the words it was on are there (separateClashes).
      if (inner.length === 0) inner.push(start + (y.placed.start - y.q.start!));
      continue;
    }
    if (predictions.length === 0) {
      predictions.push(start + (y.placed.start - y.q.start!));
      predictedBy.push(y);
    }
    if (isFirm(y)) {
      firm.predictions.push(start + (y.placed.start - y.q.start!));
      firm.predictedBy.push(y);
      break;
    }
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
