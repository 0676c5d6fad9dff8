// Where exactly does an approximate match begin and end? The search settles on the fewest
// errors, but "Nikol" against "Nikool" is one error as "Niko" and as "Nikool"; word boundaries
// and the context decide which, so small shifts of each boundary are judged and the best kept.

import { HINT_BONUS, judge, type Judged } from './decide';
import type { AnchorText } from './anchor-text';
import { levenshtein } from './myers';
import type { Query } from './query';
import type { Candidate } from './search';
import { boundaryAt, isWordUnit } from './words';

/** Boundaries move by up to this many units. */
const SLACK = 2;
/** Longer quotes skip this (a unit at either end barely changes how they are shown or judged);
 *  their ends go to word boundaries nearby when one falls inside a word or on a space. (A short
 *  quote's ends stay within SLACK: further out, "• Water" is a better match than "Water".) */
const MAX_LENGTH = 64;

export function refine(at: AnchorText, q: Query, c: Candidate): Judged {
  let best = judge(at, q, c);
  // An exact match needs no refining, unless it cuts a word the quote did not cut
  // ("Pashinyan" inside "PPashinyan", after a typo at the start of the quote).
  if (c.errors === 0 && best.wordsAgree && best.spacesAgree) return best;
  const text = at.folded.text;
  // Distances from each start to every end within reach, one bit-parallel pass per start
  // (was a full Levenshtein table per pair of ends: the largest cost of anchoring, issue 12).
  const reach = c.b - c.a + 2 * (SLACK + WORD_SNAP) + 2;
  const rows = new Map<number, Int32Array>();
  // (A long quote's distances within its errors only, in a band: beyond them it is no match.)
  const distance = (a: number, b: number) => {
    let row = rows.get(a);
    if (!row) {
      const r = (row = new Int32Array(reach + 1).fill(-1));
      if (q.long) q.pattern.banded(text, a, reach, 1, q.maxErrors, 0, (e, d) => (r[e] = d));
      else q.pattern.distancesFrom(text, a, reach, row);
      rows.set(a, row);
    }
    const e = b - a;
    if (e < row.length && row[e] >= 0) return row[e];
    return q.long ? q.maxErrors + 1 : levenshtein(q.folded, text.slice(a, b));
  };
  const prefixes = new Map<number, number | null>();
  const suffixes = new Map<number, number | null>();
  const consider = (a: number, b: number) => {
    if ((a === c.a && b === c.b) || a < 0 || b > text.length || b <= a) return;
    const errors = distance(a, b);
    if (errors > q.maxErrors) return;
    // Five starts and five ends: each side's context is aligned once, not once per pair.
    const prefix = prefixes.has(a) ? prefixes.get(a)! : prefixes.set(a, q.context.prefixScore(text, a)).get(a)!;
    const suffix = suffixes.has(b) ? suffixes.get(b)! : suffixes.set(b, q.context.suffixScore(text, b)).get(b)!;
    const j = judge(at, q, { a, b, errors }, { prefix, suffix });
    // The stored offset must not pull a boundary: it may sit one unit off by coincidence.
    const [r, rb] = [j.rank - (j.atHint ? HINT_BONUS : 0), best.rank - (best.atHint ? HINT_BONUS : 0)];
    const edges = 2 * (Number(j.wordsAgree) - Number(best.wordsAgree)) + Number(j.spacesAgree) - Number(best.spacesAgree);
    if (edges > 0 || (edges === 0 && (r > rb || (r === rb && errors < best.errors)))) best = j;
  };
  if (q.length <= MAX_LENGTH) for (const a of around(c.a, SLACK)) for (const b of around(c.b, SLACK)) consider(a, b);
  if (q.length > MAX_LENGTH && !best.wordsAgree) {
    // A long quote whose first (or last) word was deleted: the search fills the gap with the end
    // of the word before ("gs. denied" for "Lindqvist denied"). Its ends go to the word
    // boundaries nearby instead, as the stored quote's did (the alignment judges which).
    const { a: a0, b: b0 } = best;
    const as = boundary(text, a0) ? [a0] : [a0, ...nearestBoundaries(text, a0)];
    const bs = boundary(text, b0) ? [b0] : [b0, ...nearestBoundaries(text, b0)];
    for (const a of as) for (const b of bs) consider(a, b);
  }
  if (q.length > MAX_LENGTH && !best.spacesAgree) {
    // Or with the space before the next word: the space is not part of it.
    const { a: a0, b: b0 } = best;
    const a = text.charCodeAt(a0) === SPACE && q.folded.charCodeAt(0) !== SPACE ? a0 + 1 : a0;
    const b = text.charCodeAt(b0 - 1) === SPACE && q.folded.charCodeAt(q.length - 1) !== SPACE ? b0 - 1 : b0;
    consider(a, b);
  }
  return best;
}

function around(x: number, slack: number): number[] {
  const out: number[] = [];
  for (let d = -slack; d <= slack; d++) out.push(x + d);
  return out;
}

/** Units a long quote's end moves to reach a word boundary. */
const WORD_SNAP = 12;

const SPACE = 0x20;

const boundary = boundaryAt;

/** The nearest word boundary before `x`, and after it the nearest boundary and the next word's start, within WORD_SNAP units. */
function nearestBoundaries(text: string, x: number): number[] {
  const out: number[] = [];
  for (let y = x - 1; y >= Math.max(0, x - WORD_SNAP); y--) {
    if (boundaryAt(text, y)) {
      out.push(y);
      break;
    }
  }
  let found = 0;
  for (let y = x + 1; y <= Math.min(text.length, x + WORD_SNAP) && found < 2; y++) {
    if (boundaryAt(text, y) && (found === 0 || isWordUnit(text.charCodeAt(y)))) {
      out.push(y);
      found++;
    }
  }
  return out;
}
