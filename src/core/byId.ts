// A source's annotations and placements by id, in time linear in the source (issue 15: "nothing
// from a file may take more than linear time"). Passes over a source's claims looked each one's
// placement up with Array.find: with 13,333 claims in one 20,000-annotation sidecar, a status
// change with the Claims and Review views open held the extension host 11-15 s. Each array gets
// an index on its first lookup, kept as long as the array: the corpus replaces a source's arrays
// when it changes and never edits them in place (a length that moved anyway builds it again).
// A sidecar may repeat an id (from a bad merge; Problems says so): the first one is found, as
// Array.find found it.
import type { Placement } from './placement';
import type { Annotation } from './types';

interface Index<T> {
  length: number;
  byId: Map<string, T>;
}

const annotationIndexes = new WeakMap<readonly Annotation[], Index<Annotation>>();
const placementIndexes = new WeakMap<readonly Placement[], Index<Placement>>();

/** The first annotation of `annotations` with this id. */
export function annotationById(annotations: readonly Annotation[], id: string): Annotation | undefined {
  return indexOf(annotationIndexes, annotations, (a) => a.id).get(id);
}

/** The placement of the first annotation with this id. */
export function placementById(placements: readonly Placement[], id: string): Placement | undefined {
  return indexOf(placementIndexes, placements, (p) => p.annotation.id).get(id);
}

/**
 * The annotation with this id, looked for at index `at` first: a source's arrays stand in its
 * sidecar's order, so a pass over two of them (before and after a read, annotations and their
 * placements) finds each counterpart at the same index and builds no index while they line up
 * (issue 15: a status change in a 20,000-annotation sidecar built three such indexes on the
 * host, 7-20 ms each). Where an id repeats, the one at `at` is taken when it has the id, else
 * the first.
 */
export function annotationAt(annotations: readonly Annotation[], at: number, id: string): Annotation | undefined {
  const x = annotations[at];
  return x !== undefined && x.id === id ? x : annotationById(annotations, id);
}

/** The placement of the annotation with this id, looked for at index `at` first (annotationAt). */
export function placementAt(placements: readonly Placement[], at: number, id: string): Placement | undefined {
  const x = placements[at];
  return x !== undefined && x.annotation.id === id ? x : placementById(placements, id);
}

function indexOf<T>(indexes: WeakMap<readonly T[], Index<T>>, items: readonly T[], idOf: (item: T) => string): Map<string, T> {
  let index = indexes.get(items);
  if (!index || index.length !== items.length) {
    const byId = new Map<string, T>();
    for (const item of items) {
      const id = idOf(item);
      if (!byId.has(id)) byId.set(id, item);
    }
    indexes.set(items, (index = { length: items.length, byId }));
  }
  return index.byId;
}
