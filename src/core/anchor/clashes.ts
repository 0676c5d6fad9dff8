// Two annotations on the same words after an edit, where they lay on different words before: one
// is in the wrong place. Which keeps the words — the one in step with its neighbours, the one
// every neighbour puts there against a stray, the one whose own context is intact, the sentence
// that reads there as itself — and which looks again (split from neighbours.ts, whose rounds call separateClashes).
import type { Attempt } from './attempt';
import { CLEAR_LEAD, DISTINCTIVE, LIGHT_EDIT, TYPO_ERRORS, complete, confidence, type Judged } from './decide';
import { agrees, type View } from './neighbourView';
import { TOLERANCE } from './verdicts';

/** How much more of its quote and context one annotation must agree with to keep a place
 *  two annotations landed on (confidence, decide.ts). */
const CLEARLY = 0.2;
/**
 * Two annotations both in step with a neighbour on the same words: the one every neighbour puts
 * within this many code points of them (a few words edited between)…
 */
const STEADY = 32;
/** …keeps them against one that some neighbour puts this far away (its own paragraph elsewhere). */
export const STRAYED = 256;

/**
 * Annotations that lay on different words (disjoint stored spans) cannot overlap now, and two
 * annotations on different spans cannot now share one: one of them is in the wrong place. The
 * one whose position agrees with its neighbours keeps its place, if exactly one does; the
 * other decides again without it (both do, when neither or both agree). Returns whether
 * anything changed.
 */
export function separateClashes(order: Attempt[], views: View[], last: boolean): boolean {
  const placed = order
    .map((_, i) => i)
    .filter((i) => order[i].placed)
    .sort((i, k) => order[i].placed!.start - order[k].placed!.start);
  type Span = { start: number; end: number };
  const losers = new Map<number, { spans: Span[]; settled: boolean; strayed: boolean }>();
  /**
   * `settled`: the other one's position agrees with its neighbours, so the place is its;
   * `strayed`: this one's neighbours put it far away while all the other's put it here.
   */
  const lose = (i: number, keeper: Span, settled: boolean, stray = false) => {
    if (order[i].still) return;
    const entry = losers.get(i) ?? { spans: [], settled: true, strayed: false };
    entry.spans.push(keeper);
    entry.settled &&= settled;
    entry.strayed ||= stray;
    losers.set(i, entry);
  };
  for (let p = 0; p < placed.length; p++) {
    const i = placed[p];
    const x = order[i];
    for (let r = p + 1; r < placed.length; r++) {
      const k = placed[r];
      const y = order[k];
      if (y.placed!.start >= x.placed!.end) break;
      if (!clash(x, y)) continue;
      const xa = x.still || agrees(views[i], x.placed!, false) || views[i].inner.includes(x.placed!.start);
      const ya = y.still || agrees(views[k], y.placed!, false) || views[k].inner.includes(y.placed!.start);
      // Failing that, one whose own context is intact there (or that agrees with its quote and
      // context clearly better there), against one whose context is not:
      // a stale guess for a name whose own place was edited must not unseat a family of
      // annotations found where they were (issue 12).
      const xc = complete(x.placed!) || confidence(x.q, x.placed!) >= confidence(y.q, y.placed!) + CLEARLY;
      const yc = complete(y.placed!) || confidence(y.q, y.placed!) >= confidence(x.q, x.placed!) + CLEARLY;
      // An edited place taken on a neighbour's say only (lone: a long claim with words changed
      // that a neighbour confirmed) gives way to one found word for word on its own evidence.
      if (y.lone && y.placed!.errors > 0 && !x.lone && x.placed!.errors === 0) lose(k, x.placed!, true);
      else if (x.lone && x.placed!.errors > 0 && !y.lone && y.placed!.errors === 0) lose(i, y.placed!, true);
      else if (xa && !ya) lose(k, x.placed!, true);
      else if (ya && !xa) lose(i, y.placed!, true);
      else if (xa && ya && steady(views[i], x.placed!) && strayed(views[k], y.placed!)) lose(k, x.placed!, true, true);
      else if (xa && ya && steady(views[k], y.placed!) && strayed(views[i], x.placed!)) lose(i, y.placed!, true, true);
      else if (xc && !yc) lose(k, x.placed!, true);
      else if (yc && !xc) lose(i, y.placed!, true);
      // Failing that, between two sentences, the one that reads there as itself (issue 12: a
      // sentence with a typo against a sibling of a deleted one, a sixth of its words different).
      else if (readsBetter(x, y)) lose(k, x.placed!, true);
      else if (readsBetter(y, x)) lose(i, y.placed!, true);
      else {
        // No telling which is right: neither keeps the place, and neither may take its
        // second-best place on the strength of that (see Attempt.reconsider).
        lose(i, y.placed!, false);
        lose(k, x.placed!, false);
      }
    }
  }
  // Clear verdicts first: the annotations ruled out may be what made others' positions agree
  // (a stale guess and the names inside it), so the undecided clashes wait a round, unless
  // none is clear or this is the last round (two annotations never stay on the same words).
  // Strays first of all: the annotations that strayed with them are what make their
  // neighbours' positions (and their own) agree on the wrong words.
  const stray = [...losers.values()].some((l) => l.strayed);
  const clear = [...losers.values()].some((l) => l.settled);
  for (const [i, { spans, settled, strayed }] of losers) {
    if ((stray ? !strayed : clear && !settled) && !last) {
      losers.delete(i);
      continue;
    }
    const there = (j: Judged) => spans.some((kp) => overlap(j, kp) > TOLERANCE || (j.start === kp.start && j.end === kp.end));
    order[i].reconsider(there, settled ? 'conflicts' : 'taken');
  }
  return losers.size > 0;
}

/**
 * Every neighbour puts the annotation within STEADY of `j`: its whole neighbourhood moved there.
 * One in step with the neighbour after it while the one before stayed thousands of units away
 * is a name from a deleted paragraph that found a template sibling, pulled along by its
 * neighbours that found the same sibling (issue 12: "Under questioning, Priya Nair" deleted,
 * its three names on the sentence that still opens that way).
 */
function steady(v: View, j: Judged): boolean {
  return v.predictions.length > 0 && v.predictions.every((p) => Math.abs(p - j.start) <= STEADY);
}

/** A neighbour before `x` and one after it both put it within STEADY of `j`. */
export function bracketed(x: Attempt, v: View, j: Judged): boolean {
  const near = (k: number) => Math.abs(v.predictions[k] - j.start) <= STEADY;
  const before = v.predictions.some((_, k) => v.predictedBy[k].q.start! < x.q.start! && near(k));
  const after = v.predictions.some((_, k) => v.predictedBy[k].q.start! > x.q.start! && near(k));
  return before && after;
}

/** Some neighbour puts the annotation further than STRAYED from `j`. */
function strayed(v: View, j: Judged): boolean {
  return v.predictions.some((p) => Math.abs(p - j.start) > STRAYED);
}

function clash(x: Attempt, y: Attempt): boolean {
  const [a, b] = [x.placed!, y.placed!];
  const sameStored = x.q.start === y.q.start && x.q.end === y.q.end;
  if (sameStored) return false; // the same words annotated twice (an entity and a claim, say)
  if (a.start === b.start && a.end === b.end) return true;
  const disjoint = x.q.end! <= y.q.start! || y.q.end! <= x.q.start!;
  return disjoint && overlap(a, b) > TOLERANCE;
}

function overlap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.min(a.end, b.end) - Math.max(a.start, b.start);
}

/**
 * Two sentences on the same words: `x` reads there as itself (a typo or two, or nine tenths of
 * its words), `y` clearly less so (a sibling of it, or what is left of it beside a deleted part).
 */
function readsBetter(x: Attempt, y: Attempt): boolean {
  const [a, b] = [x.placed!, y.placed!];
  if (x.q.length < DISTINCTIVE || y.q.length < DISTINCTIVE) return false;
  const itself = a.errors <= TYPO_ERRORS || a.quote >= LIGHT_EDIT;
  return itself && b.errors > TYPO_ERRORS && b.quote < LIGHT_EDIT && b.quote <= a.quote - CLEAR_LEAD;
}
