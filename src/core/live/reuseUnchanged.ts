// A source's sidecar read again keeps the objects of the annotations that did not change, and
// their placements (issue 15). A status change in a sidecar of 20,000 annotations sends the
// whole file back through a reader, which makes 20,000 new objects for one changed claim; every
// incremental consumer (the Claims view's rows, the Review view's) then compared all 13,333 of
// its rows by what they show, ~300 ms of the extension host per change. With the objects kept,
// a consumer tells an unchanged row by identity (core/redraw/claimRows.ts).
//
// An annotation is kept when the one of the same id before holds the same value, field for
// field (sameValue: the reader's plain data); a placement when it is of a kept annotation and
// says the same. Linear in the annotations; the one before is looked for at the same index
// first (byId.ts annotationAt), so no index is built while the two line up. The new array is
// changed in place, before anything indexes it (core/byId.ts keeps an index per array).
import { annotationAt, placementAt } from '../byId';
import type { Placement } from '../placement';
import { sameValue } from '../review/history';
import type { Annotation } from '../types';

/**
 * Puts the unchanged annotations of `before` in `after`'s places. Returns `after` as it was
 * (the objects replaced stand at the same index), or null when nothing was replaced.
 */
export function reuseAnnotations(before: readonly Annotation[], after: Annotation[]): readonly Annotation[] | null {
  if (!before.length) return null;
  let was: Annotation[] | null = null;
  for (let i = 0; i < after.length; i++) {
    const a = after[i];
    const old = annotationAt(before, i, a.id);
    if (old && old !== a && sameFields(old, a)) {
      was ??= after.slice();
      after[i] = old;
    }
  }
  return was;
}

/**
 * `after` with each placement that says what the one before said, of the same (kept)
 * annotation, as that object; placements of replaced annotations pointed at their stand-ins
 * (`was`: reuseAnnotations' answer, `now`: the annotations after it). `after` itself when
 * nothing is kept, and `before` itself when every placement is kept where it was.
 */
export function reusePlacements(before: readonly Placement[], after: Placement[], was: readonly Annotation[] | null, now: readonly Annotation[]): Placement[] {
  if (!before.length || before === after) return after;
  let standIns: Map<Annotation, Annotation> | undefined;
  const standIn = (a: Annotation, i: number): Annotation => {
    if (!was) return a;
    if (was[i] === a) return now[i]; // placements stand in the sidecar's order
    if (now[i] === a) return a;
    if (!standIns) {
      standIns = new Map();
      was.forEach((x, k) => x !== now[k] && standIns!.set(x, now[k]));
    }
    return standIns.get(a) ?? a;
  };
  let out: Placement[] | null = null;
  for (let i = 0; i < after.length; i++) {
    const p = after[i];
    const annotation = standIn(p.annotation, i);
    const old = placementAt(before, i, annotation.id);
    let q = p;
    if (old && old !== p && old.annotation === annotation && sameBesides(old, p)) q = old;
    else if (annotation !== p.annotation) q = { ...p, annotation };
    if (q !== p) (out ??= after.slice())[i] = q;
  }
  const list = out ?? after;
  // every placement kept, in the same places: the list before itself, so that a read that found
  // nothing changed (a watcher's late echo) leaves the entry's placements as they were
  return list.length === before.length && list.every((p, i) => p === before[i]) ? (before as Placement[]) : list;
}

/** Two annotations as read (plain data), field for field; no allocation for the usual flat fields. */
export function sameFields(a: Annotation, b: Annotation): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    n++;
    const u = x[k];
    const v = y[k];
    if (u === v ? u === undefined && !(k in y) : typeof u !== 'object' || !sameValue(u, v)) return false;
  }
  for (const _key in y) if (--n < 0) return false;
  return n === 0;
}

/** The same placement but for its annotation (compared by the caller), field for field. */
function sameBesides(a: Placement, b: Placement): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (k !== 'annotation' && !sameValue(x[k], y[k])) return false;
  for (const k in y) if (!(k in x)) return false;
  return true;
}
