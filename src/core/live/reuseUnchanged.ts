// A source's sidecar read again keeps the objects of the annotations that did not change, and
// their placements (issue 15). A status change in a sidecar of 20,000 annotations sends the
// whole file back through a reader, which makes 20,000 new objects for one changed claim; every
// incremental consumer (the Claims view's rows, the Review view's) then compared all 13,333 of
// its rows by what they show, ~300 ms of the extension host per change. With the objects kept,
// a consumer tells an unchanged row by identity (core/redraw/claimRows.ts).
//
// An annotation is kept when the one of the same id before holds the same value, field for
// field (sameValue: the reader's plain data); a placement when it is of a kept annotation and
// says the same. Linear in the annotations. The new array is changed in place, before anything
// indexes it (core/byId.ts keeps an index per array).
import { annotationById, placementById } from '../byId';
import type { Placement } from '../placement';
import { sameValue } from '../review/history';
import type { Annotation } from '../types';

/** Puts the unchanged annotations of `before` in `after`'s places; returns each replaced object's stand-in. */
export function reuseAnnotations(before: readonly Annotation[], after: Annotation[]): Map<Annotation, Annotation> {
  const replaced = new Map<Annotation, Annotation>();
  if (!before.length) return replaced;
  for (let i = 0; i < after.length; i++) {
    const a = after[i];
    const old = annotationById(before, a.id);
    if (old && old !== a && !replaced.has(a) && sameValue(old, a)) {
      after[i] = old;
      replaced.set(a, old);
    }
  }
  return replaced;
}

/**
 * `after` with each placement that says what the one before said, of the same (kept)
 * annotation, as that object; placements of replaced annotations pointed at their stand-ins.
 * `after` itself when nothing is kept.
 */
export function reusePlacements(before: readonly Placement[], after: Placement[], replaced: ReadonlyMap<Annotation, Annotation>): Placement[] {
  if (!before.length) return after;
  let out: Placement[] | null = null;
  for (let i = 0; i < after.length; i++) {
    const p = after[i];
    const annotation = replaced.get(p.annotation) ?? p.annotation;
    const old = placementById(before, annotation.id);
    let q = p;
    if (old && old !== p && old.annotation === annotation && sameBesides(old, p)) q = old;
    else if (annotation !== p.annotation) q = { ...p, annotation };
    if (q !== p) (out ??= after.slice())[i] = q;
  }
  return out ?? after;
}

/** The same placement but for its annotation (compared by the caller), field for field. */
function sameBesides(a: Placement, b: Placement): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (k !== 'annotation' && !sameValue(x[k], y[k])) return false;
  for (const k in y) if (!(k in x)) return false;
  return true;
}
