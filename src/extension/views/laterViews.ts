// The store's changes as the views take them (core/redraw/laterUpdates.ts): a change to sources
// holding fewer than LARGE_CHANGE annotations (core/slices.ts) updates a view in the store's event, as it always
// did; a larger one updates each view in a turn of its own, and the store's whenDrawn waits for
// them (issue 15: one claim's status changed in a 20,000-annotation transcript held the host's
// thread 60-145 ms while the three views and the Review view went over its annotations in one
// task, each 25-40 ms on the bench machine, about 2 µs an annotation).
import type { CorpusStore, StoreChange } from '../store/corpusStore';
import { LaterUpdates } from '../../core/redraw/laterUpdates';
import { annotationsHeld, isLargeChange } from '../../core/slices';


/** A view's updates for the store's changes, `apply` run now or a turn later. */
export function laterUpdates(store: CorpusStore, apply: (change: StoreChange) => void): LaterUpdates<StoreChange> {
  return new LaterUpdates<StoreChange>({ merge: mergeChanges, large: (c) => isLarge(store, c) }, apply, (done) => store.drawingInSlices(done));
}

/** One change for both: everything if either is (a list-only draw only if both are), else every source either names. */
export function mergeChanges(a: StoreChange, b: StoreChange): StoreChange {
  if (a.all && b.all) return a.listOnly && b.listOnly ? { all: true, listOnly: true } : { all: true };
  if (a.all || b.all) return { all: true };
  const sources = new Map(a.sources.map((u) => [u.toString(), u]));
  for (const u of b.sources) sources.set(u.toString(), u);
  return { all: false, sources: [...sources.values()] };
}

/**
 * Whether a change names sources holding LARGE_CHANGE annotations or more (core/slices.ts); a
 * whole-index change is not (its views draw it in slices already). Asked once per change for
 * all the views that take it (a pull names hundreds of sources).
 */
function isLarge(store: CorpusStore, change: StoreChange): boolean {
  if (change.all) return false;
  let large = asked.get(change);
  if (large === undefined) asked.set(change, (large = isLargeChange(change.sources, (u) => annotationsHeld(store.sourceFor(u)?.entry))));
  return large;
}
const asked = new WeakMap<StoreChange, boolean>();
