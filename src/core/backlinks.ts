// Which annotations link to a given one (`source#id` → who links there, with the relation), kept
// per source (issue 15). A claim's derived status asks it for every claim a view lists; rebuilt
// from the whole corpus after each sidecar change it cost ~25 ms at 10,000 sources, on every
// status change and every pulled sidecar. Here a changed source only takes out what it linked
// to before and puts in what it links to now, the next time anyone asks.
//
// Each list is ordered by the linking source's path (then by the annotation's place in its
// sidecar), whatever order the sources were read in, so hovers and exports list backlinks the
// same way every time.
import { parseLinkTarget, resolveLinkSource } from './format';
import type { Annotation, Link } from './types';

export interface Backlink {
  source: string;
  annotation: Annotation;
  rel: Link['rel'];
}

export class Backlinks {
  private readonly index = new Map<string, Backlink[]>();
  /** The keys each source contributes to, to take them out again. */
  private readonly keysOf = new Map<string, Set<string>>();
  /** Sources changed since the index was last brought up to date. */
  private readonly stale = new Set<string>();

  /** `annotationsOf` reads a source's annotations now (undefined: the source is gone). */
  constructor(private readonly annotationsOf: (source: string) => readonly Annotation[] | undefined) {}

  /** A source's sidecar changed, came or went: its links are read again when next asked. */
  changed(source: string): void {
    this.stale.add(source);
  }

  /** Who links to `source#id`. */
  of(source: string, id: string): Backlink[] {
    if (this.stale.size) this.refresh();
    return this.index.get(`${source}#${id}`) ?? [];
  }

  /**
   * Takes in the changed sources' links now rather than at the next question: an index calls it
   * after each batch of sources read, while it waits for the next, so the views' first draw
   * after the index does not rebuild every source's links at once (issue 15: ~80 ms at 10,000
   * sources, in that one long draw).
   */
  settle(): void {
    if (this.stale.size) this.refresh();
  }

  /**
   * Takes the changed sources' links out and in again, in time linear in the lists they touch
   * (plus sorting the changed sources): each list they linked into is filtered once, and what
   * they link to now is merged in once per list. Inserting each source's links where its path
   * goes, one source at a time, was quadratic in the sources linking to one claim: 10,000 of
   * them took 0.8 s of the host's thread, 40,000 took 15 s (a hub claim, or a hostile corpus).
   */
  private refresh(): void {
    const stale = this.stale;
    const before = new Set<string>();
    for (const source of stale) {
      for (const key of this.keysOf.get(source) ?? []) before.add(key);
      this.keysOf.delete(source);
    }
    for (const key of before) {
      const list = this.index.get(key)!.filter((b) => !stale.has(b.source));
      if (list.length) this.index.set(key, list);
      else this.index.delete(key);
    }
    // in path order of the linking sources (`<` on their paths, as everywhere here), each
    // source's links in its sidecar's order
    const added = new Map<string, Backlink[]>();
    for (const source of [...stale].sort()) {
      const annotations = this.annotationsOf(source);
      if (!annotations) continue;
      const keys = new Set<string>();
      for (const a of annotations) {
        for (const l of a.links ?? []) {
          const t = parseLinkTarget(l.to);
          const target = t && resolveLinkSource(source, t);
          if (!target) continue;
          const key = `${target}#${t!.id}`;
          let list = added.get(key);
          if (!list) added.set(key, (list = []));
          list.push({ source, annotation: a, rel: l.rel });
          keys.add(key);
        }
      }
      if (keys.size) this.keysOf.set(source, keys);
    }
    for (const [key, mine] of added) {
      const list = this.index.get(key);
      this.index.set(key, list ? mergeBySource(list, mine) : mine);
    }
    stale.clear();
  }
}

/** Two lists in path order of their sources, with no source in both, as one. */
function mergeBySource(a: Backlink[], b: Backlink[]): Backlink[] {
  const out: Backlink[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i].source < b[j].source ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
