// What awaits review in one source, in the order the Review view lists it (issue 11): the rule
// of each annotation is review/loop.ts `awaitingReview`; here the source's list, most pressing
// first, each id once. Apart from the view so that it is tested in plain Node.
//
// Issue 15: a change of one claim in a source of 20,000 annotations counts the source again,
// and a set of its ids (to list a repeated id once) was half of that on the host's thread, and
// a sort by reason the most of the rest. The readers drop a repeated id (rules/sidecar.ts), so
// the set only guards a list made otherwise: it is made only when the ids are not those of the
// last count in the same order, or that count found one repeated. Reasons are few: a list per
// reason, each in order, is the sort. An annotation whose objects (it and its placement) are
// those of the last count keeps what that count made of it: 13,333 claims judged and allocated
// again per change were most of the rest.
import { placementAt } from '../byId';
import type { Placement } from '../placement';
import type { Annotation } from '../types';
import { awaitingBits, awaitingReview, AWAITING, type Awaiting } from './loop';

/** An annotation awaiting review, with why (most pressing first). */
export interface Pending {
  annotation: Annotation;
  /** Its placement (an orphan's stands in when it has none): the row is drawn from it. */
  placement: Placement;
  why: Awaiting[];
}

/** One source's count: what awaits review, and what the next count may take from it. */
export interface PendingCount {
  pending: Pending[];
  /** The annotations counted. */
  annotations: readonly Annotation[];
  /** Whether no id repeats among them. */
  unique: boolean;
  /** By annotation: the placement it was judged with, and what it awaits (null: nothing). */
  used: readonly Placement[];
  entries: readonly (Pending | null)[];
}

/**
 * What awaits review among `annotations` (placed by `placements`, in the sidecar's order, or
 * found by id), grouped by the first reason in AWAITING's order, each group in the sidecar's
 * order; a repeated id is listed once, at its first occurrence that awaits review. `last`: the
 * source's previous count.
 */
export function pendingReview(annotations: readonly Annotation[], placements: readonly Placement[], last?: PendingCount): PendingCount {
  const unique = idsUnique(annotations, last);
  // a repeated id: listed once, at its first occurrence that awaits review
  const listed = unique ? null : new Set<string>();
  const byReason: Pending[][] = AWAITING.map(() => []);
  const used: Placement[] = new Array(annotations.length);
  const entries: (Pending | null)[] = new Array(annotations.length);
  for (let i = 0; i < annotations.length; i++) {
    const a = annotations[i];
    const placement = placementOf(placements, i, a);
    // the same annotation and placement objects as at this index last time: judged then
    let entry: Pending | null;
    if (last && last.annotations[i] === a && last.used[i] === placement) entry = last.entries[i];
    else {
      const why = awaitingReview(placement);
      entry = why.length ? { annotation: a, placement, why } : null;
    }
    used[i] = placement;
    entries[i] = entry;
    if (!entry || listed?.has(a.id)) continue;
    listed?.add(a.id);
    byReason[AWAITING.indexOf(entry.why[0])].push(entry);
  }
  return { pending: byReason.flat(), annotations, unique, used, entries };
}

/** What `countPending` tells: how many await review, and what the next count may take from it. */
export interface PendingTally {
  count: number;
  annotations: readonly Annotation[];
  unique: boolean;
}

/**
 * How many of `annotations` await review: `pendingReview(...).pending.length`, without making
 * the list (issue 15: the Review view's badge counts every source after each index, and the
 * list of a 20,000-annotation source was 20-35 ms and 13,333 objects of the host's thread in one
 * piece; the rows are listed only when the view shows them). `last`: the source's previous
 * count or tally, whose word that no id repeats is taken when its ids are these.
 */
export function countPending(annotations: readonly Annotation[], placements: readonly Placement[], last?: PendingTally | PendingCount): PendingTally {
  const unique = idsUnique(annotations, last);
  const listed = unique ? null : new Set<string>();
  let count = 0;
  for (let i = 0; i < annotations.length; i++) {
    const a = annotations[i];
    if (!awaitingBits(placementOf(placements, i, a)) || listed?.has(a.id)) continue;
    listed?.add(a.id);
    count++;
  }
  return { count, annotations, unique };
}

/** Whether no id repeats among `annotations`: said by `last` without a set when its ids are these, in order, and none repeated. */
function idsUnique(annotations: readonly Annotation[], last?: { annotations: readonly Annotation[]; unique: boolean }): boolean {
  const was = last?.unique ? last.annotations : undefined;
  return (was !== undefined && was.length === annotations.length && annotations.every((a, i) => a.id === was[i].id)) || new Set(annotations.map((a) => a.id)).size === annotations.length;
}

/** The annotation's placement, or an orphan's standing in when it has none. */
function placementOf(placements: readonly Placement[], i: number, a: Annotation): Placement {
  return placementAt(placements, i, a.id) ?? { annotation: a, result: { state: 'orphaned' as const, start: null, end: null, confidence: 0 } };
}
