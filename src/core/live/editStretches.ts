// Where two versions of a text differ, as stretches in order (issue 15: a save after typing at
// twenty places must not re-anchor a 1 MB source on the extension host; a common start and end
// alone sees those twenty edits as one stretch covering most of the text). Between the
// stretches the texts are equal, character for character, so anything lying wholly in such a
// gap stands verbatim in the new text, moved by the length change of the stretches before it.
//
// Not a minimal diff, a bounded one: after a mismatch the texts are put back in step at the
// nearest place where ANCHOR characters agree, looked for at most REACH characters ahead on
// each side (a few growing rounds, so a typed word costs a few dozen comparisons). An edit
// longer than that, or more than MAX_STRETCHES of them, makes the rest one stretch: the
// caller treats it as changed, which is always safe. Linear in the texts; stretch boundaries
// never split a surrogate pair, so they convert to code points exactly.
import { CodePointIndex } from '../text/positions';

/** One changed stretch: prev[prevStart, prevEnd) became next[nextStart, nextEnd) (UTF-16). */
export interface Stretch {
  prevStart: number;
  prevEnd: number;
  nextStart: number;
  nextEnd: number;
}

/** Characters that must agree for the texts to count as in step again. */
const ANCHOR = 24;
/** How far ahead, per side, each round looks for the texts to be in step again. */
const REACHES = [64, 512, 4096];
const MAX_STRETCHES = 2000;

/**
 * `budget`: characters the search for the texts back in step may look at in all (each round of
 * inStep: the reach on each side); once spent, the rest is one stretch. A caller on the editor's
 * thread bounds it (a cut and paste of 20 KB in a 1 MB text found 64 stretches by matches in
 * repeated phrases, 45-100 ms here and 200 ms in the extension host; typing at twenty places
 * spends ~2,500).
 */
export function editStretches(prev: string, next: string, budget = Infinity): Stretch[] {
  if (prev === next) return [];
  const max = Math.min(prev.length, next.length);
  const head = sameFrom(prev, 0, next, 0, max);
  let tail = 0;
  // the common end, a chunk at a time while chunks agree
  while (tail + CHUNK <= max - head && prev.substr(prev.length - tail - CHUNK, CHUNK) === next.substr(next.length - tail - CHUNK, CHUNK)) tail += CHUNK;
  while (tail < max - head && prev.charCodeAt(prev.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)) tail++;
  return stretchesBetween(prev, next, head, tail, { left: budget });
}

/** Characters of a chunk compared as one string (a native comparison), before going one by one. */
const CHUNK = 512;

/** How many characters from prev[i] and next[j] agree, at most `max`. */
function sameFrom(prev: string, i: number, next: string, j: number, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && prev.substr(i + n, CHUNK) === next.substr(j + n, CHUNK)) n += CHUNK;
  while (n < max && prev.charCodeAt(i + n) === next.charCodeAt(j + n)) n++;
  return n;
}

function stretchesBetween(prev: string, next: string, head: number, tail: number, budget: { left: number }): Stretch[] {
  // never split a surrogate pair: widen the edit to whole code points
  if (head > 0 && isHigh(prev.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLow(prev.charCodeAt(prev.length - tail))) tail--;
  const endP = prev.length - tail;
  const endN = next.length - tail;
  const out: Stretch[] = [];
  let i = head;
  let j = head;
  for (;;) {
    const runStart = i;
    const run = sameFrom(prev, i, next, j, Math.min(endP - i, endN - j));
    i += run;
    j += run;
    if (i >= endP || j >= endN) {
      if (i < endP || j < endN) out.push({ prevStart: i, prevEnd: endP, nextStart: j, nextEnd: endN });
      return out;
    }
    if (i > runStart && isHigh(prev.charCodeAt(i - 1))) {
      i--;
      j--;
    }
    const sync = out.length < MAX_STRETCHES - 1 ? inStep(prev, next, i, j, endP, endN, budget) : null;
    if (!sync) {
      out.push({ prevStart: i, prevEnd: endP, nextStart: j, nextEnd: endN });
      return out;
    }
    let [p, n] = sync;
    // the anchor agrees from here: a low surrogate there is the same character on both sides
    if (p < endP && isLow(prev.charCodeAt(p))) {
      p++;
      n++;
    }
    out.push({ prevStart: i, prevEnd: p, nextStart: j, nextEnd: n });
    i = p;
    j = n;
  }
}

/**
 * The nearest (fewest characters skipped on both sides) place after a mismatch at (i, j) where
 * the texts agree again for ANCHOR characters, or where both reach the common end; null when
 * there is none within reach.
 */
function inStep(prev: string, next: string, i: number, j: number, endP: number, endN: number, budget: { left: number }): [number, number] | null {
  for (const reach of REACHES) {
    const maxDi = Math.min(reach, endP - i);
    const maxDj = Math.min(reach, endN - j);
    budget.left -= maxDi + maxDj;
    if (budget.left < 0) return null;
    // the common end is always in step
    let best = endP - i <= reach && endN - j <= reach ? endP - i + endN - j : Infinity;
    let found: [number, number] | null = best < Infinity ? [endP, endN] : null;
    const first = new Map<string, number>();
    for (let dj = 0; dj <= maxDj && j + dj + ANCHOR <= next.length; dj++) {
      const key = next.substr(j + dj, ANCHOR);
      if (!first.has(key)) first.set(key, dj);
    }
    for (let di = 0; di <= maxDi && di < best && i + di + ANCHOR <= prev.length; di++) {
      const dj = first.get(prev.substr(i + di, ANCHOR));
      if (dj !== undefined && di + dj < best) {
        best = di + dj;
        found = [i + di, j + dj];
      }
    }
    if (found) return found;
    if (maxDi === endP - i && maxDj === endN - j) return null;
  }
  return null;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The stretches of an edit in UTF-16 and in code points, with the new text's index: computed once, used by every carry-over. */
export interface TextEdits {
  stretches: Stretch[];
  /** The same stretches in code points. */
  cp: Stretch[];
  /** The old text's length in code points. */
  prevLength: number;
  next: CodePointIndex;
}

/** `budget`: editStretches'. */
export function textEdits(prev: string, next: string, budget = Infinity): TextEdits {
  const ni = new CodePointIndex(next);
  const stretches = editStretches(prev, next, budget);
  // the gaps are the same text on both sides: the old text's code points follow from the new
  // one's and the stretches' own (no second pass over a megabyte)
  let delta = 0;
  const cp = stretches.map((s) => {
    const nextStart = ni.toCodePoint(s.nextStart);
    const nextEnd = ni.toCodePoint(s.nextEnd);
    const prevStart = nextStart - delta;
    const prevEnd = prevStart + codePoints(prev, s.prevStart, s.prevEnd);
    delta += nextEnd - nextStart - (prevEnd - prevStart);
    return { prevStart, prevEnd, nextStart, nextEnd };
  });
  return { stretches, cp, prevLength: ni.length - delta, next: ni };
}

function codePoints(s: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from + 1; i < to; i++) if (isLow(s.charCodeAt(i)) && isHigh(s.charCodeAt(i - 1))) n--;
  return n;
}

/** An equal gap between stretches: prev [from, to) is next [from + shift, to + shift), code points. */
export interface Gap {
  from: number;
  to: number;
  shift: number;
}

/** The equal gaps around the stretches, in order, covering prev. */
export function gapsOf(edits: TextEdits): Gap[] {
  const gaps: Gap[] = [];
  let from = 0;
  let shift = 0;
  for (const s of edits.cp) {
    gaps.push({ from, to: s.prevStart, shift });
    from = s.prevEnd;
    shift = s.nextEnd - s.prevEnd;
  }
  gaps.push({ from, to: edits.prevLength, shift });
  return gaps;
}

/** The last gap starting at or before `x` (gaps are in order and cover the text). */
export function gapAt(gaps: readonly Gap[], x: number): number {
  let lo = 0;
  let hi = gaps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (gaps[mid].from <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
