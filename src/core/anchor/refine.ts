// Where exactly does an approximate match begin and end? The search settles on the fewest
// errors, but "Nikol" against "Nikool" is one error as "Niko" and as "Nikool"; word boundaries
// and the context decide which, so small shifts of each boundary are judged and the best kept.

import { HINT_BONUS, judge, type Judged } from './decide';
import type { AnchorText } from './anchor-text';
import { levenshtein } from './myers';
import type { Query } from './query';
import type { Candidate } from './search';

/** Boundaries move by up to this many units. */
const SLACK = 2;
/** Longer quotes skip this: a unit at either end barely changes how they are shown or judged. */
const MAX_LENGTH = 64;

export function refine(at: AnchorText, q: Query, c: Candidate): Judged {
  let best = judge(at, q, c);
  // An exact match needs no refining, unless it cuts a word the quote did not cut
  // ("Pashinyan" inside "PPashinyan", after a typo at the start of the quote).
  if ((c.errors === 0 && best.wordsAgree && best.spacesAgree) || q.length > MAX_LENGTH) return best;
  const text = at.folded.text;
  for (let da = -SLACK; da <= SLACK; da++) {
    for (let db = -SLACK; db <= SLACK; db++) {
      const a = c.a + da;
      const b = c.b + db;
      if ((da === 0 && db === 0) || a < 0 || b > text.length || b <= a) continue;
      const errors = levenshtein(q.folded, text.slice(a, b));
      if (errors > q.maxErrors) continue;
      const j = judge(at, q, { a, b, errors });
      // The stored offset must not pull a boundary: it may sit one unit off by coincidence.
      const [r, rb] = [j.rank - (j.atHint ? HINT_BONUS : 0), best.rank - (best.atHint ? HINT_BONUS : 0)];
      const edges = 2 * (Number(j.wordsAgree) - Number(best.wordsAgree)) + Number(j.spacesAgree) - Number(best.spacesAgree);
      if (edges > 0 || (edges === 0 && (r > rb || (r === rb && errors < best.errors)))) best = j;
    }
  }
  return best;
}
