// Which sources a change to one source can restyle besides itself (issue 15: a store change for
// one source refreshes that source's rows, not the corpus's). A claim without a status of its own
// shows "disputed" when a claim in another source contradicts it, either way round
// (Corpus.statusOf); so when a sidecar changes, the sources its `contradicts` links pointed
// into, the ones they point into now, and the sources whose links point into it may show other
// statuses. No other source can. Kept per source, so finding them costs the links, not the corpus.
import { parseLinkTarget, resolveLinkSource } from '../format';
import type { Annotation } from '../types';

/** The sources (relative to the corpus root) that `source`'s `contradicts` links point into, itself left out. */
export function contradictsTargets(source: string, annotations: readonly Annotation[]): string[] {
  const out = new Set<string>();
  for (const a of annotations) {
    for (const l of a.links ?? []) {
      if (l.rel !== 'contradicts') continue;
      const t = parseLinkTarget(l.to);
      const target = t && resolveLinkSource(source, t);
      if (target && target !== source) out.add(target);
    }
  }
  return [...out];
}

/** Links between sources both ways, by whatever keys the caller gives sources (the views: URIs). */
export class LinkedSources {
  private readonly to = new Map<string, Set<string>>();
  private readonly from = new Map<string, Set<string>>();

  /**
   * Records what `source` links into now (nothing: it is gone) and returns every source whose
   * statuses this may change: those it linked into before, those it links into now, and those
   * linking into it.
   */
  set(source: string, targets: Iterable<string>): Set<string> {
    const affected = new Set<string>(this.from.get(source) ?? []);
    for (const t of this.to.get(source) ?? []) {
      affected.add(t);
      const back = this.from.get(t);
      back?.delete(source);
      if (back?.size === 0) this.from.delete(t);
    }
    const next = new Set(targets);
    if (next.size) this.to.set(source, next);
    else this.to.delete(source);
    for (const t of next) {
      affected.add(t);
      let back = this.from.get(t);
      if (!back) this.from.set(t, (back = new Set()));
      back.add(source);
    }
    affected.delete(source);
    return affected;
  }

  clear(): void {
    this.to.clear();
    this.from.clear();
  }
}
