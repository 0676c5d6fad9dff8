// Where might the quote be now? Exact occurrences first; then, when those are missing or not
// convincing, places where the quote occurs with up to a quarter of it edited. Spans here are
// in the folded text. A long quote (Query.long) is aligned only from where it may start (its
// stored offset, its pieces found), in a band (myers.ts `banded`): linear in its length. A window
// whose every end lies within reach of an exact occurrence is answered from those (exactRun).

import type { AnchorText } from './anchor-text';
import { firstIndex } from '../bisect';
import { GRAM } from './grams';
import type { Query } from './query';

export interface Candidate {
  /** Folded span. */
  a: number;
  b: number;
  /** Edit distance between the folded quote and the folded text at [a, b). */
  errors: number;
}

/** Beyond this many exact occurrences a quote says nothing by itself; we stop listing them. */
export const MAX_OCCURRENCES = 50_000;

/** Folded starts of the quote's exact occurrences. */
export function exactPositions(at: AnchorText, q: Query): readonly number[] {
  if (q.length === 0) return [];
  const found = at.findAll(q.folded);
  return found.length > MAX_OCCURRENCES ? found.slice(0, MAX_OCCURRENCES) : found;
}

/** Searched around the stored position whatever the seeds say: most edits move text a little. */
const NEAR = 256;
/** A piece occurring more often than this points nowhere in particular. */
const MAX_PIECE_HITS = 64;
/** Seeds are pooled per diagonal bin; only the best-supported bins are verified. */
const BIN = 16;
const MAX_BINS = 24;
/** A long quote's pieces agree on few places; each place searched costs its length. */
const MAX_BINS_LONG = 4;

/**
 * `exact`: the quote's exact places (folded starts, ascending), every one of them, when the
 * caller has them: a window they cover is not scanned (exactRun).
 */
export function fuzzyCandidates(at: AnchorText, q: Query, exact?: readonly number[]): Candidate[] {
  const m = q.length;
  if (m === 0) return [];
  const text = at.folded.text;
  const k = q.maxErrors;
  const out: Candidate[] = [];
  if (q.long) {
    // Where it may start: near its stored offset, near where its pieces put it.
    const starts: [number, number][] = [];
    if (q.start !== undefined) {
      const h = at.toFolded(q.start);
      starts.push([h - NEAR, h + NEAR]);
    }
    for (const start of seeds(at, q).slice(0, MAX_BINS_LONG)) starts.push([start - k - BIN, start + k + BIN]);
    for (const [lo, hi] of merge(starts, text.length, 2 * (NEAR + k + BIN))) {
      const run = exact && exactRun(exact, m, k, lo, hi - lo, Math.min(hi - lo + m + k, text.length - lo));
      if (run) out.push(bounds(text, q, run, 0));
      else verify(text, q, (report) => q.pattern.banded(text, lo, hi - lo + m + k, 1, k, hi - lo, (e, errors) => report(lo + e, errors)), out);
    }
    return out;
  }
  const windows: [number, number][] = [];
  if (q.start !== undefined) {
    const h = at.toFolded(q.start);
    windows.push([h - NEAR, h + m + NEAR]);
  }
  for (const start of seeds(at, q)) windows.push([start - k - BIN, start + m + k + BIN]);
  for (const [lo, hi] of merge(windows, text.length)) {
    const run = exact && exactRun(exact, m, k, lo, null, hi - lo);
    if (run) out.push(bounds(text, q, run, 0));
    else verify(text, q, (report) => q.pattern.search(text, lo, hi, k, 1, report), out);
  }
  return out;
}

/**
 * A window's scan answered from the quote's exact places, where they lie so close together that
 * every end the scan could report is within `k` errors of one (issue 15: a quote of a periodic
 * text, each of 2,000 nested claims' windows scanned in full, was half the hostile bench's
 * 2,000 claims over a periodic 4 KB, only to find its exact places again). The errors at two
 * neighbouring ends differ by one at most (a unit of text more or less), so an end `d` units
 * from an exact place's end has at most `d` errors, plus what the place costs the scan: the
 * units it starts before the window (its first units dropped), or past the free start of a long
 * quote's band (each one an error there). Covered so, every end from the first the quote's
 * length allows (`m - k` units in) to the last is reported: one run, whose fewest errors are 0
 * at the exact places wholly inside. The scan keeps the first MAX_TIES of those (verify), and
 * bounds() chooses among them as it does for the scan.
 *
 * The window: the scan reads from `lo` for `steps` units; a long quote's band (`free` not null)
 * may begin anywhere in its first `free` units, a short quote's search anywhere. Returns the
 * ends to choose among, or null when the window must be scanned.
 */
function exactRun(exact: readonly number[], m: number, k: number, lo: number, free: number | null, steps: number): number[] | null {
  const first = Math.max(1, m - k);
  if (steps < first) return null;
  // the errors an exact place costs the scan: its units before the window, or past the free start
  const cost = (s: number) => (s < 0 ? -s : free !== null && s > free ? s - free : 0);
  const ties: number[] = [];
  let covered = first - 1;
  // a place's reach is [end - (k - cost), end + (k - cost)]; neither bound moves left as the
  // start moves right (before the window the cost falls by one a unit: the left bound stays, the
  // right one moves two; past the free start it rises by one: the left moves two, the right
  // stays), so a gap no earlier place fills is filled by no later one
  for (let i = firstIndex(exact.length, (x) => !(exact[x] - lo < -k)); i < exact.length; i++) {
    const s = exact[i] - lo;
    const c = cost(s);
    if (c > k) {
      if (s >= 0) break;
      continue;
    }
    const end = s + m;
    if (covered < steps) {
      if (end - (k - c) > covered + 1) return null;
      covered = Math.max(covered, end + (k - c));
    }
    // an exact place wholly inside: 0 errors at its end
    const inside = s >= 0 && end <= steps && (free === null || s <= free);
    if (inside && ties.length < MAX_TIES) ties.push(lo + end);
    // covered, and no place after this one is inside or kept
    if (covered >= steps && (ties.length === MAX_TIES || (s >= 0 && !inside))) break;
  }
  return covered >= steps && ties.length > 0 ? ties : null;
}

/**
 * Likely quote starts from intact 8-unit pieces of the quote and of its context. A quote with a
 * typo fixed still has intact pieces; a name whose spelling changed still has its context.
 */
function seeds(at: AnchorText, q: Query): number[] {
  const votes = new Map<number, number>();
  const grams = at.grams;
  const m = q.length;
  const vote = (piece: string, toStart: number) => {
    if (grams.count(piece) > MAX_PIECE_HITS * 4) return;
    let hits = 0;
    const found: number[] = [];
    grams.lookup(piece, (p) => {
      if (++hits <= MAX_PIECE_HITS) found.push(p + toStart);
    });
    if (hits > MAX_PIECE_HITS) return;
    for (const s of found) {
      const bin = Math.floor(s / BIN);
      votes.set(bin, (votes.get(bin) ?? 0) + 1);
    }
  };
  for (let o = 0; o + GRAM <= m; o += GRAM) vote(q.folded.slice(o, o + GRAM), -o);
  const lp = q.prefix.length;
  for (let o = lp - GRAM; o >= 0; o -= GRAM) vote(q.prefix.slice(o, o + GRAM), lp - o);
  for (let o = 0; o + GRAM <= q.suffix.length; o += GRAM) vote(q.suffix.slice(o, o + GRAM), -o - m);
  return [...votes.entries()]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, MAX_BINS)
    .map(([bin]) => bin * BIN);
}

/** Overlapping windows joined, none grown past `widest` (a long quote's band widens with it). */
function merge(windows: [number, number][], length: number, widest = Infinity): [number, number][] {
  const clamped = windows
    .map(([lo, hi]): [number, number] => [Math.max(0, lo), Math.min(length, hi)])
    .filter(([lo, hi]) => hi > lo)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const w of clamped) {
    const last = out[out.length - 1];
    if (last && w[0] <= last[1] && Math.max(last[1], w[1]) - last[0] <= widest) last[1] = Math.max(last[1], w[1]);
    else out.push(w);
  }
  return out;
}

/**
 * The ends a scan reports (ascending, with their errors), as places. Each run of reported ends
 * is one place; its boundaries are where the errors are fewest, and among equally good
 * boundaries, where the stored context agrees best: a deleted first word must not be "matched"
 * by substituting the end of the previous sentence for it.
 */
function verify(text: string, q: Query, scan: (report: (end: number, errors: number) => void) => void, out: Candidate[]): void {
  let runEnd = -2;
  let ends: number[] = [];
  let fewest = Infinity;
  const flush = () => {
    if (ends.length > 0) out.push(bounds(text, q, ends, fewest));
    ends = [];
    fewest = Infinity;
  };
  scan((end, errors) => {
    if (end > runEnd + 1) flush();
    runEnd = end;
    if (errors < fewest) {
      fewest = errors;
      ends = [];
    }
    if (errors === fewest && ends.length < MAX_TIES) ends.push(end);
  });
  flush();
}

const MAX_TIES = 8;

/** Whether `text` holds `quote` exactly, ending at `b`. */
function exactEndingAt(text: string, quote: string, b: number): boolean {
  return b >= quote.length && text.startsWith(quote, b - quote.length);
}

/**
 * The least distance of the quote to text ending at `b`, and every length of text reaching it
 * (`starts`, ascending): a long quote's in a band of the errors its end was found with.
 */
function startsBefore(text: string, q: Query, b: number, errors: number, starts: number[]): number {
  if (!q.long) return q.reversedPattern.anchored(text, b, q.length + q.maxErrors, -1, starts);
  let best = Infinity;
  starts.length = 0;
  q.reversedPattern.banded(text, b, q.length + errors, -1, errors, 0, (extent, d) => {
    if (d < best) {
      best = d;
      starts.length = 0;
    }
    if (d === best) starts.push(extent);
  });
  return best;
}

function bounds(text: string, q: Query, ends: number[], errors: number): Candidate {
  const starts: number[] = [];
  let best: Candidate | undefined;
  let bestScore = -Infinity;
  for (const b of ends) {
    // The end is known; find the start by aligning the reversed quote backwards from it. An
    // exact match needs no alignment: its one start is the quote's length back, at distance 0
    // (the alignment costs the quote's length squared over the word size, per end: 3,000
    // nested claims of a periodic text, each found exactly at many ends, took 111 s, issue 15)
    const d = errors === 0 && exactEndingAt(text, q.folded, b) ? ((starts.length = 0), starts.push(q.length), 0) : startsBefore(text, q, b, errors, starts);
    if (d !== errors) continue;
    const after = q.context.suffixScore(text, b) ?? 0;
    for (const extent of starts.slice(0, MAX_TIES)) {
      const a = b - extent;
      const score = (q.context.prefixScore(text, a) ?? 0) + after;
      // Ties go to the shorter span: text absorbed as substitutions is not the quote.
      if (score > bestScore || (score === bestScore && best && b - a < best.b - best.a)) {
        bestScore = score;
        best = { a, b, errors };
      }
    }
  }
  return best ?? { a: ends[0] - q.length, b: ends[0], errors };
}
