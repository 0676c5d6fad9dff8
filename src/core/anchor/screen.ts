// A common name occurs thousands of times in a long text, and judging each occurrence's context
// costs two alignments. Most occurrences can be ruled out for less: a context that agrees well
// with the stored one keeps some of its 8-unit pieces intact and almost where they belong (a
// piece can only be displaced by the edits between it and the quote). Counting the pieces found
// gives an upper bound on each occurrence's rank; occurrences are judged best bound first, until
// no bound can come within the deciding margin of the best rank found.

import type { AnchorText } from './anchor-text';
import { rescale } from './context';
import { HINT_BONUS, MAX_CLOSE, judge, marginFor, quoteWeight, type Judged } from './decide';
import { GRAM } from './grams';
import type { Query } from './query';
import { anyWithin, firstIndex } from '../bisect';

/** Judged occurrences between two looks for saturation, and the disjoint places that make it:
 *  four times decide()'s limit, as one place it keeps can overlap a few of these. */
const SATURATION_CHECK = 256;
const SATURATED = 4 * (MAX_CLOSE + 1);

/** Below this many exact occurrences, judging them all is cheaper than screening. */
const SCREEN_FROM = 24;
const EPSILON = 1e-9;

/**
 * The exact occurrences of a quote, judged lazily, best bound first. Judging stops when no
 * occurrence left could come within the deciding margin of the best rank known, which may
 * come from elsewhere (an approximate match): `advance` can resume with a higher floor.
 */
export class ExactOccurrences {
  readonly judged: Judged[] = [];
  private readonly order: ArrayLike<number>;
  private readonly bounds?: Float64Array;
  private readonly screen?: ContextScreen;
  private next = 0;
  private best = -Infinity;
  private everyOne = false;

  constructor(
    private readonly at: AnchorText,
    private readonly q: Query,
    /** Folded starts, ascending (search.ts exactPositions). */
    readonly positions: readonly number[],
  ) {
    if (positions.length <= SCREEN_FROM) {
      this.order = positions.map((_, i) => i);
    } else {
      this.screen = new ContextScreen(at, q);
      this.bounds = this.screen.bounds(positions);
      this.order = byBoundDescending(this.bounds);
    }
  }

  /** How many exact occurrences there are (up to search.ts's MAX_OCCURRENCES). */
  get count(): number {
    return this.positions.length;
  }

  /**
   * Judges occurrences until the rest cannot matter beside a best rank of at least `floor`,
   * or `budget` more have been judged. Returns whether it got to the end.
   */
  advance(floor = -Infinity, budget = Infinity): boolean {
    const { at, q, positions, bounds, screen } = this;
    const m = q.length;
    const text = at.folded.text;
    const margin = marginFor(q);
    for (; this.next < this.order.length; this.next++) {
      const i = this.order[this.next];
      const a = positions[i];
      // A rank `margin` below the best neither wins nor counts as a close rival (decide.ts).
      const cut = Math.max(this.best, floor) - margin + EPSILON;
      if (screen && bounds) {
        if (bounds[i] <= cut) return true;
        if (screen.boundWithPrefix(a, q.context.prefixScore(text, a)) <= cut) continue;
      }
      if (budget-- <= 0) return false;
      const j = judge(at, q, { a, b: a + m, errors: 0 });
      this.judged.push(j);
      if (j.rank > this.best) this.best = j.rank;
      if (this.judged.length % SATURATION_CHECK === 0 && this.saturated(Math.max(floor, this.best), margin)) {
        // Whatever the rest holds, decide() will find too many places within reach.
        this.next = this.order.length;
        return true;
      }
    }
    return true;
  }

  /**
   * Whether more than SATURATED disjoint places judged so far lie within the margin of any best
   * rank still possible: then the quote is spread too thin to place (decide.ts, MAX_CLOSE)
   * and judging thousands more copies would only cost time (issue 8). Counted with room to
   * spare, since decide() keeps one place per overlapping group, best rank first.
   */
  private saturated(best: number, margin: number): boolean {
    const { bounds, order, next } = this;
    const rest = bounds && next + 1 < order.length ? bounds[order[next + 1]] : bounds ? -Infinity : Infinity;
    const threshold = Math.max(best, rest) - margin;
    if (threshold === Infinity || threshold === -Infinity) return false;
    const reach = this.judged.filter((j) => j.rank > threshold).sort((x, y) => x.a - y.a);
    let disjoint = 0;
    let end = -Infinity;
    for (const j of reach) {
      if (j.a < end) continue;
      end = j.b;
      if (++disjoint > SATURATED) return true;
    }
    return false;
  }

  /** The occurrences lying within folded [a, b), judged. */
  within(a: number, b: number): Judged[] {
    const { at, q, positions } = this;
    const out: Judged[] = [];
    const lo = firstIndex(positions.length, (k) => !(positions[k] < a));
    for (let i = lo; i < positions.length && positions[i] + q.length <= b; i++) out.push(judge(at, q, { a: positions[i], b: positions[i] + q.length, errors: 0 }));
    return out;
  }

  /** Every occurrence judged: for when places are being ruled out and runners-up matter. */
  all(): Judged[] {
    if (!this.everyOne) {
      const { at, q, positions } = this;
      // each position is judged once at most (advance takes each in turn): as many judged is all
      if (this.judged.length < positions.length) {
        const seen = new Set(this.judged.map((j) => j.a));
        for (const a of positions) if (!seen.has(a)) this.judged.push(judge(at, q, { a, b: a + q.length, errors: 0 }));
      }
      this.next = this.order.length;
      this.everyOne = true;
    }
    return this.judged;
  }
}

/**
 * Indices by descending bound, ascending within a bound. Bounds take few distinct values (they
 * count pieces found), so the indices are counted into their groups, not sorted; and a run of
 * equal bounds (most of a common name's copies) costs one comparison each (a map look-up per
 * occurrence and an array per group were most of the time of 400 notes on one common phrase,
 * issue 15).
 */
export function byBoundDescending(bounds: Float64Array): Int32Array {
  const n = bounds.length;
  const values: number[] = [];
  const groupOf = new Map<number, number>();
  const group = new Int32Array(n);
  let last = NaN;
  let lastGroup = -1;
  for (let i = 0; i < n; i++) {
    const b = bounds[i];
    if (b !== last) {
      let g = groupOf.get(b);
      if (g === undefined) {
        g = values.length;
        values.push(b);
        groupOf.set(b, g);
      }
      last = b;
      lastGroup = g;
    }
    group[i] = lastGroup;
  }
  const descending = values.map((_, g) => g).sort((x, y) => values[y] - values[x]);
  const at = new Int32Array(values.length);
  const sizes = new Int32Array(values.length);
  for (let i = 0; i < n; i++) sizes[group[i]]++;
  let offset = 0;
  for (const g of descending) {
    at[g] = offset;
    offset += sizes[g];
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[at[group[i]]++] = i;
  return out;
}

/** How far from where it belongs a piece is looked for; must be ≥ the pieces per side. */
const SHIFT = 4;
/** Pieces per side; enough for the 32 code points stored. */
const PIECES = 4;

interface Side {
  length: number;
  /** Per piece: where it must start relative to the quote's start (prefix) or end (suffix)… */
  offsets: number[];
  /** …and where it occurs in the folded text, ascending. */
  hits: number[][];
}

export class ContextScreen {
  private readonly prefix: Side;
  private readonly suffix: Side;

  constructor(
    private readonly at: AnchorText,
    private readonly q: Query,
  ) {
    const lp = q.prefix.length;
    const po: number[] = [];
    for (let k = 0; k < PIECES && lp - GRAM * (k + 1) >= 0; k++) po.push(-(GRAM * (k + 1)));
    const so: number[] = [];
    for (let k = 0; k < PIECES && GRAM * (k + 1) <= q.suffix.length; k++) so.push(GRAM * k);
    this.prefix = side(at, q.prefix, lp, po.map((o) => lp + o), po);
    this.suffix = side(at, q.suffix, q.suffix.length, so, so);
  }

  /**
   * Upper bounds of the rank `judge` gives the exact occurrences at `positions` (ascending):
   * one sweep per piece along its sorted hits.
   */
  bounds(positions: readonly number[]): Float64Array {
    const n = positions.length;
    const out = new Float64Array(n);
    const found = new Uint8Array(n);
    for (const [s, shift] of [
      [this.prefix, 0],
      [this.suffix, this.q.length],
    ] as const) {
      found.fill(0);
      for (let k = 0; k < s.offsets.length; k++) {
        const hits = s.hits[k];
        let h = 0;
        for (let i = 0; i < n; i++) {
          const x = positions[i] + shift + s.offsets[k];
          while (h < hits.length && hits[h] < x - SHIFT) h++;
          if (h < hits.length && hits[h] <= x + SHIFT) found[i]++;
        }
      }
      for (let i = 0; i < n; i++) out[i] += boundFor(s, found[i]);
    }
    for (let i = 0; i < n; i++) out[i] += this.fixed(positions[i]);
    return out;
  }

  /**
   * The same bound with the prefix's agreement known exactly (a cheaper second look before
   * judging an occurrence in full).
   */
  boundWithPrefix(a: number, prefix: number | null): number {
    return this.fixed(a) + this.prefix.length * (prefix ?? 0) + this.suffixBound(a);
  }

  private suffixBound(a: number): number {
    return sideBound(this.suffix, a + this.q.length);
  }

  /** The parts of the rank an exact occurrence gets whatever its context. */
  private fixed(a: number): number {
    return quoteWeight(this.q) + (this.at.folded.from[a] === this.q.start ? HINT_BONUS : 0);
  }
}

function side(at: AnchorText, context: string, length: number, starts: number[], offsets: number[]): Side {
  const hits = starts.map((s) => {
    const found: number[] = [];
    at.grams.lookup(context.slice(s, s + GRAM), (p) => found.push(p));
    return found;
  });
  return { length, offsets, hits };
}

/**
 * With r pieces of which c are found near their place, an alignment with d ≤ SHIFT errors
 * leaves every error-free piece in view, so d ≥ r − c; otherwise d > SHIFT. Either way the
 * similarity is at most 1 − min(r − c, SHIFT + 1) / length.
 */
function sideBound(s: Side, origin: number): number {
  let c = 0;
  for (let k = 0; k < s.offsets.length; k++) if (near(s.hits[k], origin + s.offsets[k])) c++;
  return boundFor(s, c);
}

function boundFor(s: Side, found: number): number {
  const r = s.offsets.length;
  if (s.length === 0) return 0;
  if (r === 0) return s.length;
  const d = Math.min(r - found, SHIFT + 1);
  return s.length * rescale(1 - d / s.length);
}

/** Whether a sorted list holds a value within SHIFT of `x`. */
function near(sorted: number[], x: number): boolean {
  return anyWithin(sorted, x, SHIFT);
}
