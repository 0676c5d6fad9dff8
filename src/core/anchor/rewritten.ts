// Where the words were, rewritten (issue 12). A name replaced by another in its sentence leaves
// its own place recognisable: the stored prefix and suffix still stand there, side by side, with
// other words between them. Templated text (a transcript, a report) often has a sibling sentence
// elsewhere in which the same name stands with one side of the same context, or most of both;
// placing the annotation there is the "name moved onto another copy of itself" of issue 12. So
// a place is refused when the annotation's own place is found, rewritten, with context agreeing
// better than the chosen place's (or as perfectly, and nearer to the stored offset: then that
// sibling was theirs): the words the analyst annotated are gone from where they were, and an orphan (with
// the chosen place as a suggestion) is right.
//
// A place is looked for as a piece of the prefix's end followed, within reach, by a piece of the
// suffix's start (gram index look-ups); only the pairs found are scored in full. An empty middle
// (the quote deleted, or its sentence moved away) is not a rewrite and refuses nothing; nor does
// that prefix pair with any suffix further on (a sibling sentence opening the same way); nor is a
// middle holding more sentence breaks than the quote a rewrite of it (a template's sentence
// ending and sentence opening around several other sentences).

import type { AnchorText } from './anchor-text';
import type { Judged } from './decide';
import { GRAM } from './grams';
import type { Query } from './query';

/** Both sides of a rewritten place must agree at least this well (raw similarity 7/8). */
const INTACT = 0.75;
/** A replacement may be this many times the quote's length, plus REACH_EXTRA units (a claim
 *  may be replaced by a sentence of several hundred). */
const REACH_FACTOR = 4;
const REACH_EXTRA = 640;
/** Look-ups that return more pieces than this are too common to pair up cheaply: no verdict. */
const MAX_PIECES = 4096;

/**
 * Whether the annotation's own place stands elsewhere, its words replaced, with context agreeing
 * better than `chosen`'s (measured past markers inserted beside it, Context.shifted), or as
 * perfectly and nearer to the stored offset.
 */
export function rewrittenElsewhere(at: AnchorText, q: Query, chosen: Judged): boolean {
  return rewrittenHow(at, q, chosen) !== false;
}

/**
 * rewrittenElsewhere, and why: 'better' where the rewritten place's context agrees better than
 * `chosen`'s, 'tie' where it agrees as perfectly and only its nearness to the stored offset
 * decided. Whole-text layout edits (a bullet or timestamp on every line) shift a place by more
 * than the distance to a template sibling, so a tie leaves the neighbours to say (neighbours.ts).
 */
export function rewrittenHow(at: AnchorText, q: Query, chosen: Judged): false | 'better' | 'tie' {
  const { prefix, suffix, context } = q;
  if (prefix.length < GRAM || suffix.length < GRAM) return false;
  const text = at.folded.text;
  const own = context.shifted(text, chosen.a, chosen.b);
  const lp = context.prefixLength;
  const ls = context.suffixLength;
  const ownEvidence = lp * (own.prefix ?? 0) + ls * (own.suffix ?? 0);
  // Two siblings with the same words around them, one with the quote and one without: only
  // where the annotation was stored tells which was its. (Only then does a tie refuse: a place whose context was
  // disturbed by markers, even if they are passed over, ties with template siblings far too
  // often to give it up on a tie.)
  const perfect = chosen.prefix === 1 && chosen.suffix === 1;
  // On such a tie, the stored offset is all there is: the sibling nearer to it was the one.
  const stored = q.start === undefined ? undefined : at.toFolded(Math.min(q.start, at.length));
  const nearer = (h: number) => stored !== undefined && Math.abs(h - stored) < Math.abs(chosen.a - stored);
  const ends = positions(at, prefix.slice(-GRAM));
  const starts = positions(at, suffix.slice(0, GRAM));
  if (!ends || !starts || ends.length === 0 || starts.length === 0) return false;
  const reach = REACH_FACTOR * q.length + REACH_EXTRA;
  // Where the prefix and the suffix meet with nothing between them, the quote was deleted (or
  // its sentence moved away): that is its own place, and a "rewritten" place agreeing less well
  // is a template's sibling sentences paired up by chance.
  // (Two fragments of a template can meet by chance, too: between equally good places, the one
  // nearer the stored offset is the annotation's own.)
  let deleted = -Infinity;
  let deletedAt = 0;
  let d = 0;
  for (const p of ends) {
    const h = p + GRAM;
    while (d < starts.length && starts[d] < h - ABUT) d++;
    const ev = abutting(text, context, h, starts, d);
    if (ev > deleted || (ev === deleted && stored !== undefined && Math.abs(h - stored) < Math.abs(deletedAt - stored))) {
      deleted = ev;
      deletedAt = h;
    }
  }
  const beyondDeleted = (ev: number, h: number) =>
    ev > deleted || (ev === deleted && stored !== undefined && Math.abs(h - stored) < Math.abs(deletedAt - stored));
  let k = 0;
  let tie = false;
  let middles = MAX_MIDDLES;
  const breaks = sentenceBreaks(q.folded);
  // Each side's agreement is measured once per place, not once per pair of places.
  const suffixAt = new Float64Array(starts.length).fill(-1);
  for (const p of ends) {
    const h = p + GRAM; // where the words after the prefix begin
    while (k < starts.length && starts[k] <= h) k++;
    const hp = context.prefixScore(text, h) ?? 0;
    if (hp < INTACT) continue;
    for (let s = k; s < starts.length && starts[s] <= h + reach; s++) {
      const e = starts[s];
      if (h < chosen.b && chosen.a < e) continue; // the chosen place itself, with markers
      const hs = suffixAt[s] >= 0 ? suffixAt[s] : (suffixAt[s] = context.suffixScore(text, e) ?? 0);
      if (hs < INTACT || !beyondDeleted(lp * hp + ls * hs, h)) continue;
      const better = lp * hp + ls * hs > ownEvidence;
      if (!better && (tie || !(perfect && hp === 1 && hs === 1 && nearer(h)))) continue;
      // Only a pair that would decide reads the words between: a periodic text pairs thousands of
      // prefixes with thousands of suffixes, and reading each middle cost its length (issue 15).
      if (middles-- <= 0) return tie ? 'tie' : false;
      const middle = text.slice(h, e);
      if (middle.trim() === '' || middle.includes(q.folded)) continue;
      // A rewrite puts a sentence where the quote was, not several: more sentence breaks than
      // the quote holds are a template's ending and opening meeting around other sentences.
      if (sentenceBreaks(middle) > breaks) continue;
      if (better) return 'better';
      tie = true;
    }
  }
  return tie ? 'tie' : false;
}

/** Pairs whose words between are read, at most (each costs up to its reach): past them, no verdict beyond what was found. */
const MAX_MIDDLES = 64;

/**
 * Whether the stored prefix and suffix meet somewhere with nothing but spaces between them, both
 * agreeing INTACT: the quote was deleted from between them (or its sentence moved away). Used for
 * a claim found nowhere: then the names inside it went with it (neighbours.ts, verdicts.ts).
 */
export function deletedBetweenContext(at: AnchorText, q: Query): boolean {
  const { prefix, suffix, context } = q;
  if (prefix.length < GRAM || suffix.length < GRAM) return false;
  const ends = positions(at, prefix.slice(-GRAM));
  const starts = positions(at, suffix.slice(0, GRAM));
  if (!ends || !starts) return false;
  let d = 0;
  for (const p of ends) {
    const h = p + GRAM;
    while (d < starts.length && starts[d] < h - ABUT) d++;
    if (abutting(at.folded.text, context, h, starts, d) > -Infinity) return true;
  }
  return false;
}

/** Units between a prefix's end and a suffix's start that still make them meet (spaces). */
const ABUT = 2;

/**
 * The evidence (agreeing characters) of a suffix starting within ABUT of `h` (spaces between),
 * with the prefix ending at `h`; -Infinity where none does, or the two do not agree INTACT.
 */
function abutting(text: string, context: Query['context'], h: number, starts: number[], d: number): number {
  let best = -Infinity;
  for (let s = d; s < starts.length && starts[s] <= h + ABUT; s++) {
    const e = starts[s];
    if (text.slice(Math.min(e, h), Math.max(e, h)).trim() !== '') continue;
    const hp = context.prefixScore(text, h) ?? 0;
    const hs = context.suffixScore(text, e) ?? 0;
    if (hp >= INTACT && hs >= INTACT) best = Math.max(best, context.prefixLength * hp + context.suffixLength * hs);
  }
  return best;
}

function positions(at: AnchorText, piece: string): number[] | undefined {
  if (at.grams.count(piece) > MAX_PIECES) return undefined;
  const out: number[] = [];
  at.grams.lookup(piece, (p) => out.push(p));
  return out.sort((x, y) => x - y);
}

/** A sentence's end mark (and any closing quotes or brackets) followed by more text. */
const BREAK = /[.!?…]["'”’»)\]]*\s+(?=\S)/gu;

function sentenceBreaks(s: string): number {
  return s.trim().match(BREAK)?.length ?? 0;
}
