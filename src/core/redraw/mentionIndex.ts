// Mentions per entity per source, kept per source (issue 15). The Entities view lists every
// entity with its mention count across the corpus; indexing all mentions again on every store
// change (10,000 sources at the bench's size) stalled the extension host for a second or more
// when the view was visible, although one source's change can move only that source's counts.
// Here a source's hits are replaced on their own, and the entities whose hits in it changed are
// reported, so the view redraws those rows and nothing else.
//
// A hit is what Corpus.entityHits gives: an `entity` annotation or a registry match, counted once.

export interface Hit<A = unknown> {
  start: number;
  end: number;
  annotation?: A;
}

export interface EntityHitLike<A = unknown> extends Hit<A> {
  entity: string;
}

export class MentionIndex<A extends { id: string } = { id: string }> {
  /**
   * entity → source → hits in it, by position. A map, once made, stays the entity's (empty when
   * it has no hits left): a view's row holds it and sees it change.
   */
  private readonly byEntity = new Map<string, Map<string, Hit<A>[]>>();
  /** source → entity → hits: what `setSource` replaces. */
  private readonly bySource = new Map<string, Map<string, Hit<A>[]>>();

  /**
   * Sets one source's hits (sorted by position, as entityHits gives them; none: the source is
   * gone) and returns the entities whose hits in it changed (count, place, or annotation).
   */
  setSource(source: string, hits: readonly EntityHitLike<A>[]): Set<string> {
    const next = new Map<string, Hit<A>[]>();
    for (const h of hits) {
      let list = next.get(h.entity);
      if (!list) next.set(h.entity, (list = []));
      list.push(h.annotation ? { start: h.start, end: h.end, annotation: h.annotation } : { start: h.start, end: h.end });
    }
    const before = this.bySource.get(source);
    const changed = new Set<string>();
    for (const entity of before?.keys() ?? []) {
      if (next.has(entity)) continue;
      changed.add(entity);
      this.byEntity.get(entity)!.delete(source);
    }
    for (const [entity, list] of next) {
      const old = before?.get(entity);
      if (!old || signature(old) !== signature(list)) changed.add(entity);
      // the newest hits even when they look the same: their annotations are the current objects
      this.docsOf(entity).set(source, list);
    }
    if (next.size) this.bySource.set(source, next);
    else this.bySource.delete(source);
    return changed;
  }

  /** An entity's hits per source (the same map for as long as this index lives). */
  docsOf(entity: string): Map<string, Hit<A>[]> {
    let docs = this.byEntity.get(entity);
    if (!docs) this.byEntity.set(entity, (docs = new Map()));
    return docs;
  }

  /** The entities with hits, in the order they were first seen. */
  *mentioned(): Iterable<string> {
    for (const [entity, docs] of this.byEntity) if (docs.size) yield entity;
  }

  /** Mentions of an entity across the corpus. */
  total(entity: string): number {
    let n = 0;
    for (const hits of this.byEntity.get(entity)?.values() ?? []) n += hits.length;
    return n;
  }

  clear(): void {
    this.byEntity.clear();
    this.bySource.clear();
  }
}

function signature(hits: readonly Hit<{ id: string }>[]): string {
  return hits.map((h) => `${h.start}:${h.end}:${h.annotation?.id ?? ''}`).join(',');
}
