// What a name's containers and neighbours say about one place for it (issue 12), for
// neighbours.ts: whether an unplaced sentence around a name refuses the place the name found
// (a template sibling of a deleted sentence), and whether a neighbour found word for word
// confirms the one edited place of a long claim whose context was edited on both sides.

import type { Attempt } from './attempt';
import { REWORDED, complete, type Judged } from './decide';
import type { View } from './neighbourView';

/** A container placed approximately may have its ends a unit or two off. */
export const TOLERANCE = 2;

export function inside(j: Judged, y: { start: number; end: number }): boolean {
  return j.start >= y.start - TOLERANCE && j.end <= y.end + TOLERANCE;
}

/**
 * Whether a container left unplaced (a claim around a name) refuses the place `j` of the name
 * inside it: the container's candidate around `j` is not the best place it saw (it saw its
 * words better elsewhere), or is its best but states something else there (a figure changed) or
 * reads as another sentence (a sixth or more of its words changed). Templated text holds sibling
 * sentences that differ from the annotated one in a name or a figure ("Residents of Saltmarsh
 * Road were told to boil their water for 13 days" beside "…for 393 days"): when the annotated
 * one is deleted, the names in it find their context again in a sibling, and the container,
 * which read more of the sentence, is what tells the sibling apart (issue 12, held-out edits).
 * The container speaks for a name whose stored context lies mostly inside it (it saw those
 * words and more), or one whose context does not agree in full at `j` anyway; not for prose, and not
 * where a placed container (a clause of that sentence) holds `j`.
 */
export function refused(x: Attempt, v: View, j: Judged): boolean {
  // Prose is its own evidence (decide.ts, SELF_EVIDENT); and a placed container around `j`
  // found its words there, whatever a longer one around both says (a sentence split in two).
  if (x.q.prose || v.containers.some((y) => inside(j, y))) return false;
  for (const y of v.refusing) {
    const best = y.decision.best;
    // A container found nowhere, its stored context meeting with nothing between: it was
    // deleted (or moved away), and the words inside it with it. A name whose context does not
    // agree in full where it was found, the sentence's own words beside it differing there,
    // found a template sibling. (A sentence found nowhere with
    // only ONE side of its context found nowhere, its paragraph deleted, would catch a name opening
    // it too, but costs 0.1 point of random combinations on the seed articles, held-out seeds 1
    // and 2: that side may only have been edited.)
    if (!best) {
      if (!complete(j) && insideDisagrees(x, y, j) && y.deletedBetween()) return true;
      continue;
    }
    const within = contextInside(x, y);
    const refuse =
      !inside(j, best) || !best.figuresAgree
        ? within || !complete(j)
        : within && best.quote < REWORDED && !nearPrediction(v, y, j);
    // Only where the container has a place of its own around `j` (its words are there at all).
    if (refuse && y.candidates().some((c) => inside(j, c))) return true;
  }
  return false;
}

/**
 * Whether a neighbour outside the container `y` puts `j` within the container's length of where
 * it is: an edited container's words shift by about that much. Neighbours inside `y` (the other
 * words of the same name) are under its verdict too and do not count.
 */
function nearPrediction(v: View, y: Attempt, j: Judged): boolean {
  const reach = y.q.end! - y.q.start!;
  return v.predictions.some((p, k) => {
    const by = v.predictedBy[k];
    return !(by.q.start! >= y.q.start! && by.q.end! <= y.q.end!) && Math.abs(p - j.start) <= reach;
  });
}

/**
 * Whether a neighbour placed on its own evidence (word for word or with edits, not on a
 * neighbour's say), on other words than `x`'s, puts `x` near `j`: within
 * a context's length, plus what the edit inside `x` changed of its length (the text between
 * them may have been edited too; that is why its context no longer vouches for it).
 */
export function confirmed(x: Attempt, v: View, j: Judged): boolean {
  const reach = x.q.context.prefixLength + Math.abs(j.end - j.start - (x.q.end! - x.q.start!));
  return v.predictions.some((p, k) => {
    const by = v.predictedBy[k];
    // Found on its own evidence, word for word or with edits (a sentence with a typo beside it):
    // not placed itself on a neighbour's say (lone).
    const firm = !by.lone && (by.result.state === 'anchored' || by.result.state === 'moved' || by.result.state === 'fuzzy');
    const apart = by.q.end! <= x.q.start! || by.q.start! >= x.q.end!;
    return firm && apart && Math.abs(p - j.start) <= reach;
  });
}

/**
 * Whether the part of `x`'s stored context that lies within its container `y` (the sentence's own
 * words beside the name) differs at `j`: a template sibling's words, not the sentence's. Where
 * they agree word for word, `j` is inside the sentence itself, moved away from the context that
 * now meets where it stood (a sentence moved to another paragraph).
 */
function insideDisagrees(x: Attempt, y: Attempt, j: Judged): boolean {
  const text = x.at.folded.text;
  // Less the TOLERANCE units at the sentence's edge: a quotation mark or a space there may stay
  // behind when a sentence is moved.
  const before = Math.max(0, Math.min(x.q.prefix.length, x.q.start! - y.q.start!) - TOLERANCE);
  const after = Math.max(0, Math.min(x.q.suffix.length, y.q.end! - x.q.end!) - TOLERANCE);
  if (before + after === 0) return false;
  const prefixHere = before === 0 || text.slice(Math.max(0, j.a - before), j.a) === x.q.prefix.slice(x.q.prefix.length - before);
  const suffixHere = after === 0 || text.slice(j.b, j.b + after) === x.q.suffix.slice(0, after);
  return !prefixHere || !suffixHere;
}

/** Share of `x`'s stored context that must lie within its container for the container to speak for it. */
const MOSTLY = 0.75;

/** Whether most of `x`'s stored context lies within `y`'s stored span (offsets as stored). */
function contextInside(x: Attempt, y: Attempt): boolean {
  const lp = x.q.context.prefixLength;
  const ls = x.q.context.suffixLength;
  const within = Math.min(lp, x.q.start! - y.q.start!) + Math.min(ls, y.q.end! - x.q.end!);
  return lp + ls > 0 && within >= MOSTLY * (lp + ls);
}
