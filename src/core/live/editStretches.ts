// Where two versions of a text differ, as stretches in order (issue 15: a save after typing at
// twenty places must not re-anchor a 1 MB source on the extension host; a common start and end
// alone sees those twenty edits as one stretch covering most of the text). Between the
// stretches the texts are equal, character for character, so anything lying wholly in such a
// gap stands verbatim in the new text, moved by the length change of the stretches before it.
//
// Not a minimal diff, a bounded one: after a mismatch the texts are put back in step at the
// nearest place where ANCHOR characters agree, looked for at most REACH characters ahead on
// each side (a few growing rounds, so a typed word costs a few dozen comparisons). At the first
// edit longer than a typed word the rest is split after lines found once in each text (patience
// diffing's anchors, sameLines) and each part searched on its own, so a passage cut and pasted
// far away is two stretches. An edit longer than the reach makes the rest of its part one
// stretch; a spent budget, or more than MAX_STRETCHES, the rest of the text: the caller treats
// it as changed, which is always safe. Linear in the texts; stretch boundaries never split a
// surrogate pair, so they convert to code points exactly.
import { firstIndex } from '../bisect';
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
/** The first of them alone: a typed word is back in step within it. */
const NEAR = REACHES.slice(0, 1);
const MAX_STRETCHES = 2000;

/**
 * `budget`: characters the search for the texts back in step may look at in all (each round of
 * inStep: the reach on each side); once spent, the rest is one stretch. A caller on the editor's
 * thread bounds it (a cut and paste of 20 KB in a 1 MB text found 64 stretches by matches in
 * repeated phrases, 45-100 ms here and 200 ms in the extension host; typing at twenty places
 * spends ~2,500). Each line split at (sameLines) spends one.
 */
export function editStretches(prev: string, next: string, budget = Infinity): Stretch[] {
  if (prev === next) return [];
  const max = Math.min(prev.length, next.length);
  let head = sameFrom(prev, 0, next, 0, max);
  let tail = sameBefore(prev, prev.length, next, next.length, max - head);
  // never split a surrogate pair: widen the edit to whole code points
  if (head > 0 && isHigh(prev.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLow(prev.charCodeAt(prev.length - tail))) tail--;
  const endP = prev.length - tail;
  const endN = next.length - tail;
  const out: Stretch[] = [];
  stretchesBetween(prev, next, head, endP, head, endN, { left: budget, endP, endN }, out, true);
  return out;
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

/** How many characters before prev[i] and next[j] agree, at most `max`. */
function sameBefore(prev: string, i: number, next: string, j: number, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && prev.substr(i - n - CHUNK, CHUNK) === next.substr(j - n - CHUNK, CHUNK)) n += CHUNK;
  while (n < max && prev.charCodeAt(i - 1 - n) === next.charCodeAt(j - 1 - n)) n++;
  return n;
}

/** Below this many characters left to compare on both sides, the lines are not looked at: the character search alone is cheap. */
const LINES_FROM = 8192;

/**
 * Lines (each to and with its newline) found exactly once in prev[i, endP) and once in
 * next[j, endN), the longest run of them in the same order in both (patience diffing's
 * anchors): where each run of them ends in prev and in next, in order. A passage cut and pasted
 * far away, or a long rewrite, is then a stretch of its own, with the text between standing in
 * gaps; the search for the texts back in step sees only 4,096 characters ahead, and took chance
 * matches of repeated phrases in between. Each line costs the budget one; null when it cannot
 * pay (a megabyte of newlines). Linear in the texts, plus k log k for k such lines.
 */
function sameLines(prev: string, next: string, i: number, endP: number, j: number, endN: number, budget: Budget): [number, number][] | null {
  if (endP - i < LINES_FROM && endN - j < LINES_FROM) return [];
  const prevLines = linesOf(prev, i, endP, budget);
  const nextLines = prevLines && linesOf(next, j, endN, budget);
  if (!prevLines || !nextLines) return null;
  // per line's fingerprint (open addressing): where it stands in prev (-1: more than once), and in next (-1: more than once, -2: not yet)
  const size = 1 << Math.ceil(Math.log2(2 * prevLines.length + 2));
  const keys = new Int32Array(size);
  const inPrev = new Int32Array(size).fill(-3); // -3: an empty slot
  const inNext = new Int32Array(size).fill(-2);
  const slot = (key: number): number => {
    let x = Math.imul(key, 0x9e3779b1) >>> 0;
    for (x &= size - 1; inPrev[x] !== -3 && keys[x] !== key; x = (x + 1) & (size - 1));
    return x;
  };
  for (let k = 0; k + 1 < prevLines.length; k++) {
    const key = fingerprint(prev, prevLines[k], prevLines[k + 1]);
    const x = slot(key);
    if (inPrev[x] === -3) {
      keys[x] = key;
      inPrev[x] = k;
    } else inPrev[x] = -1;
  }
  for (let k = 0; k + 1 < nextLines.length; k++) {
    const x = slot(fingerprint(next, nextLines[k], nextLines[k + 1]));
    if (inPrev[x] !== -3) inNext[x] = inNext[x] === -2 ? k : -1;
  }
  // the pairs in prev's order (a fingerprint is not the line: a part ending in a line that is
  // not the same on both sides is searched as any other, so such a pair costs only its part)
  const nextOf = new Int32Array(prevLines.length).fill(-1);
  for (let x = 0; x < size; x++) if (inPrev[x] >= 0 && inNext[x] >= 0) nextOf[inPrev[x]] = inNext[x];
  const pairs: [number, number][] = [];
  for (let k = 0; k < nextOf.length; k++) if (nextOf[k] >= 0) pairs.push([k, nextOf[k]]);
  if (!pairs.length) return [];
  // the longest run of them in next's order too (patience sorting)
  const tails: number[] = []; // index into pairs of the smallest end of a run of each length
  const before = new Int32Array(pairs.length);
  for (let x = 0; x < pairs.length; x++) {
    const lo = firstIndex(tails.length, (m) => !(pairs[tails[m]][1] < pairs[x][1]));
    before[x] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = x;
  }
  // where each run of them next to each other in both texts ends (the search between needs no more)
  const out: [number, number][] = [];
  for (let x = tails[tails.length - 1], after = -1; x >= 0; after = x, x = before[x]) {
    const [p, n] = pairs[x];
    if (after < 0 || pairs[after][0] !== p + 1 || pairs[after][1] !== n + 1) out.push([prevLines[p + 1], nextLines[n + 1]]);
  }
  return out.reverse();
}

/** Characters of a line its fingerprint reads besides its length: this many at each end (numbered lines differ at the start), and as many spread over it (not the whole line: a megabyte's lines hashed as strings cost ~3 ms). */
const PRINT_CHARS = 16;

/** A number standing for text[from, to): equal lines have equal ones; unequal ones seldom do (and then only split the search there). */
function fingerprint(text: string, from: number, to: number): number {
  const len = to - from;
  let h = len | 0;
  if (len <= 3 * PRINT_CHARS) {
    for (let x = from; x < to; x++) h = Math.imul(h ^ text.charCodeAt(x), 0x01000193);
    return h;
  }
  const step = len / PRINT_CHARS;
  for (let x = 0; x < PRINT_CHARS; x++) {
    h = Math.imul(h ^ text.charCodeAt(from + x), 0x01000193);
    h = Math.imul(h ^ text.charCodeAt(to - 1 - x), 0x01000193);
    h = Math.imul(h ^ text.charCodeAt(from + Math.floor(x * step)), 0x01000193);
  }
  return h;
}

/** Where each whole line of text[from, end) begins, and where the last one ends (each just after a newline); null when the budget cannot pay for them. */
function linesOf(text: string, from: number, end: number, budget: Budget): number[] | null {
  const starts: number[] = [];
  for (let at = text.indexOf('\n', from); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) {
    if (--budget.left < 0) return null;
    starts.push(at + 1);
  }
  return starts;
}

/**
 * The stretches of prev[i, endP) against next[j, endN), added to `out`. False when the search ran
 * out of budget (or stretches): the rest of both texts (to state.endP, state.endN) is then one
 * stretch, and nothing more is to be added. `lines`: at the first edit longer than a typed word
 * (not back in step within the first reach), the rest is split after lines found once in each
 * (sameLines), each part searched on its own.
 */
function stretchesBetween(prev: string, next: string, i: number, endP: number, j: number, endN: number, state: Budget, out: Stretch[], lines: boolean): boolean {
  // the common end of this part
  let tail = sameBefore(prev, endP, next, endN, Math.min(endP - i, endN - j));
  if (tail > 0 && isLow(prev.charCodeAt(endP - tail))) tail--;
  endP -= tail;
  endN -= tail;
  for (;;) {
    const runStart = i;
    const run = sameFrom(prev, i, next, j, Math.min(endP - i, endN - j));
    i += run;
    j += run;
    if (i >= endP || j >= endN) {
      if (i < endP || j < endN) out.push({ prevStart: i, prevEnd: endP, nextStart: j, nextEnd: endN });
      return true;
    }
    if (i > runStart && isHigh(prev.charCodeAt(i - 1))) {
      i--;
      j--;
    }
    const room = out.length < MAX_STRETCHES - 1;
    const sync = room ? inStep(prev, next, i, j, endP, endN, state, lines ? NEAR : REACHES) : null;
    if (!sync && lines && room && state.left >= 0) {
      const parts = sameLines(prev, next, i, endP, j, endN, state);
      if (parts) {
        for (const [p, n] of parts) {
          if (!stretchesBetween(prev, next, i, p, j, n, state, out, false)) return false;
          i = p;
          j = n;
        }
        return stretchesBetween(prev, next, i, endP, j, endN, state, out, false);
      }
    }
    if (!sync) {
      const spent = state.left < 0 || !room;
      out.push({ prevStart: i, prevEnd: spent ? state.endP : endP, nextStart: j, nextEnd: spent ? state.endN : endN });
      return !spent;
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

/** What is left of the search's budget, and where the texts' common end begins (the rest's end). */
interface Budget {
  left: number;
  endP: number;
  endN: number;
}

/**
 * The nearest (fewest characters skipped on both sides) place after a mismatch at (i, j) where
 * the texts agree again for ANCHOR characters, or where both reach the common end; null when
 * there is none within reach.
 */
function inStep(prev: string, next: string, i: number, j: number, endP: number, endN: number, budget: Budget, reaches: readonly number[]): [number, number] | null {
  for (const reach of reaches) {
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
