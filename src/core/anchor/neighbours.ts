// What the other annotations of a source tell about one of them. Two copies of a caption give
// their words identical context, so the quote and its context cannot choose; but the annotations
// around it moved somewhere, and the words must have moved with them:
//
//  - an annotation that lay inside another (a name in an annotated sentence) lies inside it still;
//  - where the nearest placed neighbour moved by d, a place exactly d from the stored offset is
//    where the text between them was left alone;
//  - two annotations that were on different words are not on the same words now: the one whose
//    position agrees with its neighbours keeps the place, the other looks again without it.
//
// This only ever chooses among places the annotation's own evidence already supports, or rules
// places out; it never places an annotation on position alone.

import type { Attempt } from './attempt';
import type { Judged } from './decide';

/** Neighbours further than this (code points, as stored) say little about an annotation. */
const REACH = 4096;
/** A container placed approximately may have its ends a unit or two off. */
const TOLERANCE = 2;
/** Each round can settle annotations that then help others. */
const ROUNDS = 3;

interface View {
  /** Where the placed annotations whose stored span contains this one's are now. */
  containers: { start: number; end: number }[];
  /** Starts predicted by the nearest placed neighbour on each side. */
  predictions: number[];
}

export function settleWithNeighbours(attempts: Attempt[]): void {
  const order = attempts
    .filter((a) => a.q.start !== undefined && a.q.end !== undefined)
    .sort((x, y) => x.q.start! - y.q.start! || y.q.end! - x.q.end!);
  if (order.length < 2) return;
  for (let round = 0; round < ROUNDS; round++) {
    const views = order.map((_, i) => view(order, i));
    let changed = false;
    order.forEach((x, i) => {
      if (x.still) return;
      const v = views[i];
      if (x.placed) {
        // Placed outside an annotation it used to lie in: look again inside it.
        if (disagrees(v, x.placed)) {
          x.reconsider((j) => disagrees(v, j));
          changed = true;
        }
        return;
      }
      const pick = x.decision.contenders.filter((c) => agrees(v, c) && !disagrees(v, c));
      if (x.decision.contenders.length > 1 && pick.length === 1) {
        x.place(pick[0]);
        changed = true;
      }
    });
    if (separateSharedPlaces(order, views)) changed = true;
    if (!changed) break;
  }
}

function view(order: Attempt[], i: number): View {
  const x = order[i];
  const start = x.q.start!;
  const end = x.q.end!;
  const containers: { start: number; end: number }[] = [];
  const predictions: number[] = [];
  let prev: Attempt | undefined;
  for (let k = i - 1; k >= 0 && order[k].q.start! >= start - REACH; k--) {
    const y = order[k];
    if (!y.placed || (y.q.start === start && y.q.end === end)) continue;
    prev ??= y;
    if (y.q.end! >= end) containers.push({ start: y.placed.start, end: y.placed.end });
  }
  for (let k = i + 1; k < order.length && order[k].q.start! <= start + REACH; k++) {
    const y = order[k];
    if (!y.placed || (y.q.start === start && y.q.end === end)) continue;
    predictions.push(start + (y.placed.start - y.q.start!));
    break;
  }
  if (prev) predictions.push(start + (prev.placed!.start - prev.q.start!));
  return { containers, predictions };
}

function inside(j: Judged, y: { start: number; end: number }): boolean {
  return j.start >= y.start - TOLERANCE && j.end <= y.end + TOLERANCE;
}

function agrees(v: View, j: Judged): boolean {
  return (
    j.atHint ||
    v.predictions.includes(j.start) ||
    (v.containers.length > 0 && v.containers.every((y) => inside(j, y)))
  );
}

function disagrees(v: View, j: Judged): boolean {
  return v.containers.some((y) => !inside(j, y));
}

/**
 * Annotations that were on different words but landed on the same ones: keep the one whose
 * position agrees with its neighbours (if exactly one does); the others decide again without
 * that place. Returns whether anything changed.
 */
function separateSharedPlaces(order: Attempt[], views: View[]): boolean {
  const byPlace = new Map<string, number[]>();
  order.forEach((x, i) => {
    if (!x.placed) return;
    const key = `${x.placed.start}:${x.placed.end}`;
    const list = byPlace.get(key);
    if (list) list.push(i);
    else byPlace.set(key, [i]);
  });
  let changed = false;
  for (const members of byPlace.values()) {
    if (members.length < 2) continue;
    const stored = new Set(members.map((i) => `${order[i].q.start}:${order[i].q.end}`));
    if (stored.size < 2) continue; // the same words annotated twice (an entity and a claim, say)
    const agreeing = members.filter((i) => agrees(views[i], order[i].placed!));
    const keeper = agreeing.length === 1 ? agreeing[0] : undefined;
    const keeperSpan = keeper === undefined ? undefined : `${order[keeper].q.start}:${order[keeper].q.end}`;
    for (const i of members) {
      const x = order[i];
      if (x.still || `${x.q.start}:${x.q.end}` === keeperSpan) continue;
      const { start, end } = x.placed!;
      x.reconsider((j) => j.start === start && j.end === end);
      changed = true;
    }
  }
  return changed;
}
