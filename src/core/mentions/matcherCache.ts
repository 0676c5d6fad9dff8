// The registry's mention matcher, kept across re-indexes (issue 15). Building the matcher of a
// 5,000-entity registry takes 100–300 ms of the extension host's time, and a Refresh, a changed
// setting or a new workspace folder re-indexes with new corpora and, until now, a new matcher
// each, from the very same registry. The last matcher of each corpus root is kept with the
// registry's entities as its key, and given again while they are equal.
import { MentionMatcher } from './matcher';
import type { Entity } from '../types';

export class MatcherCache {
  private readonly last = new Map<string, { key: string; matcher: MentionMatcher }>();
  /** Matchers built so far, for the tests. */
  builds = 0;

  /** What a corpus at `root` builds its matcher with (Corpus's `matcherFor`). */
  for(root: string): (entities: readonly Entity[]) => MentionMatcher {
    return (entities) => {
      const key = JSON.stringify(entities);
      const hit = this.last.get(root);
      if (hit && hit.key === key) return hit.matcher;
      const matcher = new MentionMatcher(entities);
      this.builds++;
      this.last.set(root, { key, matcher });
      return matcher;
    };
  }
}
