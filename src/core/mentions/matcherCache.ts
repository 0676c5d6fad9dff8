// The registry's mention matcher, kept across re-indexes (issue 15). Building the matcher of a
// 5,000-entity registry takes 100–300 ms of the extension host's time, and a Refresh, a changed
// setting or a new workspace folder re-indexes with new corpora and, until now, a new matcher
// each, from the very same registry. The last matcher of each corpus root is kept with the
// registry's entities as its key, and given again while they are equal. The index workers build
// one too when they have none to restore; the first they send back is kept here (`adopt`), so
// the next index hands them this one and the host never builds its own.
import { MentionMatcher } from './matcher';
import type { Entity } from '../types';

export class MatcherCache {
  /**
   * By corpus root: the very list of entities the matcher came with and, once another list is
   * compared with it, their JSON (a re-index that reads the same registry text is given the same
   * parse, registryFiles.ts: then no JSON is made, ~10 ms at 5,000 entities each time; nor is it
   * made as a matcher is kept, in the task that took it from an index worker).
   */
  private readonly last = new Map<string, { key?: string; entities: readonly Entity[]; matcher: MentionMatcher }>();
  /** Matchers built so far, for the tests. */
  builds = 0;

  /** The matcher kept for `root` if it was built from these entities; never builds. */
  peek(root: string, entities: readonly Entity[]): MentionMatcher | undefined {
    const hit = this.last.get(root);
    return hit && (hit.entities === entities || (hit.key ??= JSON.stringify(hit.entities)) === JSON.stringify(entities)) ? hit.matcher : undefined;
  }

  /** The kept matcher built from this very list of entities, whatever its root; never builds. */
  built(entities: readonly Entity[]): MentionMatcher | undefined {
    for (const hit of this.last.values()) if (hit.entities === entities) return hit.matcher;
    return undefined;
  }

  /** Keeps a matcher built elsewhere (restored from a worker's) for these entities. */
  adopt(root: string, entities: readonly Entity[], matcher: MentionMatcher): void {
    this.last.set(root, { entities, matcher });
  }

  /** What a corpus at `root` builds its matcher with (Corpus's `matcherFor`). */
  for(root: string): (entities: readonly Entity[]) => MentionMatcher {
    return (entities) => {
      const kept = this.peek(root, entities);
      if (kept) return kept;
      const matcher = new MentionMatcher(entities);
      this.builds++;
      this.adopt(root, entities, matcher);
      return matcher;
    };
  }
}
