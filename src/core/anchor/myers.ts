// Edit distance by Myers' bit-parallel algorithm, in blocks of 32 pattern units with Ukkonen's
// cut-off (G. Myers, "A fast bit-vector algorithm for approximate string matching based on
// dynamic programming", J. ACM 46(3), 1999). One text character costs a few word operations
// per active block, so a fuzzy search over a megabyte takes milliseconds, and comparing a
// 32-character context with the text beside a candidate costs about 40 steps.
//
// Texts are scanned in either direction: scanning backwards with a reversed pattern answers
// "how well does the stored prefix match the text ending here?".
//
// A long quote is aligned in a band (`banded`): only the rows an alignment of k errors can pass
// through, so its cost grows with its length times k, not with its length squared; and its match
// masks are kept per block (sparse), not per distinct character times block (issue 15: one
// claim of half a megabyte, edited, took 83 s; one of 55,000 CJK characters held 370 MB).
//
// A pattern's masks are one typed array (dense: a table of where each ASCII unit's masks are,
// a block of zeros, then each distinct unit's masks): every annotation being placed holds two
// context patterns to the end of its text's placing, and one array per unit (with a table of
// 128 and a map beside them) was the largest part of the anchoring's garbage that lived long
// enough to be copied by the collector (issue 15).

import { firstIndex } from '../bisect';

const W = 32;
/** Past this many masks (distinct characters × blocks), a pattern keeps its masks per block. */
const DENSE_CELLS = 1 << 20;
const HIGH = 1 << 31;
/** In a dense pattern's masks: the ASCII table's length, where the block of zeros (a unit not in the pattern) begins. */
const NONE = 128;
/** Each ASCII unit's slot while a pattern is built (patterns are built one at a time). */
const asciiSlots = new Int32Array(128);

export type Direction = 1 | -1;

/** A character's masks in a sparse pattern: the blocks it occurs in, ascending, and its bits there. */
interface Sparse {
  blocks: Int32Array;
  masks: Int32Array;
}

export class Pattern {
  readonly length: number;
  private readonly blocks: number;
  /**
   * Dense: at [c] for each ASCII unit c, where its masks begin (NONE: not in the pattern); at
   * NONE, a block of zeros; then each unit's masks, one per block. Sparse: the masks of the unit
   * last asked for, spread over the blocks (spreadOver). A unit's masks for block b are at
   * masks[eq(unit) + b].
   */
  private readonly masks: Int32Array;
  /** Where each unit from U+0080 on begins in a dense pattern's masks; none until one occurs. */
  private readonly other?: Map<number, number>;
  /** Each character's masks where it occurs, for a pattern too long for dense masks. */
  private readonly sparse?: Map<number, Sparse>;
  /** What spreadOver last wrote into a sparse pattern's masks. */
  private spreadFrom?: Sparse;
  private spreadStart = 0;
  private spreadEnd = 0;
  /** The bit holding the last block's last row (row m-1); every other block's is bit 31. */
  private readonly lastBit: number;
  // Scratch state, reused between scans (a Pattern is used from one thread at a time).
  private readonly pv: Int32Array;
  private readonly mv: Int32Array;
  private readonly score: Int32Array;

  /** `layout`: 'sparse' keeps the masks per block whatever the pattern's size (the tests compare the two). */
  constructor(
    readonly source: string,
    layout: 'auto' | 'sparse' = 'auto',
  ) {
    const m = source.length;
    this.length = m;
    const blocks = (this.blocks = Math.max(1, Math.ceil(m / W)));
    if (layout === 'sparse' || (m * blocks > DENSE_CELLS && distinctUnits(source) * blocks > DENSE_CELLS)) {
      this.sparse = sparseMasks(source);
      this.masks = new Int32Array(blocks);
    } else {
      // each distinct unit's slot, then the masks: the table, the zeros, a block run per slot
      asciiSlots.fill(-1);
      let slots = 0;
      let other: Map<number, number> | undefined;
      for (let i = 0; i < m; i++) {
        const c = source.charCodeAt(i);
        if (c < 128) {
          if (asciiSlots[c] < 0) asciiSlots[c] = slots++;
        } else if (!(other ??= new Map()).has(c)) other.set(c, slots++);
      }
      const masks = (this.masks = new Int32Array(NONE + blocks * (1 + slots)));
      const at = (slot: number) => NONE + blocks * (1 + slot);
      for (let c = 0; c < 128; c++) masks[c] = asciiSlots[c] < 0 ? NONE : at(asciiSlots[c]);
      if (other) for (const [c, slot] of other) other.set(c, at(slot));
      this.other = other;
      for (let i = 0; i < m; i++) masks[this.eqDense(source.charCodeAt(i)) + ((i / W) | 0)] |= 1 << i % W;
    }
    this.lastBit = m > 0 ? 1 << (m - 1) % W : HIGH;
    this.pv = new Int32Array(this.blocks);
    this.mv = new Int32Array(this.blocks);
    this.score = new Int32Array(this.blocks);
  }

  /** This pattern reversed, for scanning a text backwards. */
  reversed(): Pattern {
    return new Pattern(reverseUnits(this.source), this.sparse ? 'sparse' : 'auto');
  }

  /** Where unit `c`'s match masks begin in `masks`, one per block (a sparse pattern writes them there first). */
  private eq(c: number): number {
    return this.sparse ? this.spreadOver(c, 0, this.blocks - 1) : this.eqDense(c);
  }

  private eqDense(c: number): number {
    return c < 128 ? this.masks[c] : (this.other?.get(c) ?? NONE);
  }

  /**
   * A sparse pattern's masks for `c` in blocks [top, bottom], written into `masks` by block (the
   * blocks outside hold 0 or stale masks: callers read only these); where they begin (0).
   * Costs the blocks written.
   */
  private spreadOver(c: number, top: number, bottom: number): number {
    const out = this.masks;
    const was = this.spreadFrom;
    if (was) for (let i = this.spreadStart; i < this.spreadEnd; i++) out[was.blocks[i]] = 0;
    const s = this.sparse!.get(c);
    this.spreadFrom = s;
    if (!s) return 0;
    let i = top === 0 ? 0 : firstIndex(s.blocks.length, (x) => !(s.blocks[x] < top));
    this.spreadStart = i;
    for (; i < s.blocks.length && s.blocks[i] <= bottom; i++) out[s.blocks[i]] = s.masks[i];
    this.spreadEnd = i;
    return 0;
  }

  /**
   * One column of the DP for block b: updates its vertical deltas and returns the horizontal
   * delta (-1, 0, +1) leaving its last row, given the one entering its first row.
   */
  private advance(b: number, eqAt: number, hin: number): number {
    let pv = this.pv[b];
    let mv = this.mv[b];
    let eq = this.masks[eqAt + b];
    const xv = eq | mv;
    if (hin < 0) eq |= 1;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    const bit = b === this.blocks - 1 ? this.lastBit : HIGH;
    const hout = ph & bit ? 1 : mh & bit ? -1 : 0;
    ph <<= 1;
    mh <<= 1;
    if (hin < 0) mh |= 1;
    else if (hin > 0) ph |= 1;
    this.pv[b] = mh | ~(xv | ph);
    this.mv[b] = ph & xv;
    return hout;
  }

  private height(b: number): number {
    return Math.min(W, this.length - b * W);
  }

  /**
   * Approximate search: scans text[from, to) in direction `dir` and reports every position
   * where some occurrence of the pattern with at most `k` errors ends (for dir = 1 the
   * exclusive end offset; for dir = -1 the start offset), with its error count.
   */
  search(text: string, from: number, to: number, k: number, dir: Direction, report: (at: number, errors: number) => void): void {
    const m = this.length;
    if (m === 0) return;
    const bmax = this.blocks - 1;
    let y = Math.min(bmax, Math.max(0, Math.ceil(k / W) - 1));
    for (let b = 0; b <= y; b++) {
      this.pv[b] = -1;
      this.mv[b] = 0;
      this.score[b] = Math.min((b + 1) * W, m);
    }
    const n = to - from;
    for (let step = 0; step < n; step++) {
      const j = dir === 1 ? from + step : to - 1 - step;
      const eq = this.eq(text.charCodeAt(j));
      let carry = 0;
      for (let b = 0; b <= y; b++) {
        carry = this.advance(b, eq, carry);
        this.score[b] += carry;
      }
      if (y < bmax && this.score[y] - carry <= k && ((this.masks[eq + y + 1] & 1) !== 0 || carry < 0)) {
        // The band of rows within reach of k errors grows into the next block.
        y++;
        this.pv[y] = -1;
        this.mv[y] = 0;
        this.score[y] = this.score[y - 1] - carry + this.height(y);
        this.score[y] += this.advance(y, eq, carry);
      } else {
        while (y > 0 && this.score[y] >= k + W) y--;
      }
      if (y === bmax && this.score[y] <= k) report(dir === 1 ? j + 1 : j, this.score[y]);
    }
  }

  /**
   * Anchored alignment: the pattern must begin exactly at `origin` (reading in direction `dir`)
   * and may end anywhere within `limit` units. Returns the least edit distance; `extents`, if
   * given, receives every length of text reaching it (ascending).
   */
  anchored(text: string, origin: number, limit: number, dir: Direction, extents?: number[]): number {
    const m = this.length;
    if (extents) {
      extents.length = 0;
      extents.push(0);
    }
    if (m === 0) return 0;
    const bmax = this.blocks - 1;
    for (let b = 0; b <= bmax; b++) {
      this.pv[b] = -1;
      this.mv[b] = 0;
    }
    let best = m;
    let value = m;
    const n = dir === 1 ? Math.min(limit, text.length - origin) : Math.min(limit, origin);
    for (let step = 0; step < n; step++) {
      const j = dir === 1 ? origin + step : origin - 1 - step;
      const eq = this.eq(text.charCodeAt(j));
      // Row 0 grows by one per text unit: the alignment may not skip text before the pattern.
      let carry = 1;
      for (let b = 0; b <= bmax; b++) carry = this.advance(b, eq, carry);
      value += carry;
      if (value < best) {
        best = value;
        if (extents) extents.length = 0;
      }
      if (value === best && extents) extents.push(step + 1);
    }
    return best;
  }

  /**
   * Banded alignment (Ukkonen's band, in blocks): the pattern begins within `free` units of
   * `origin` (reading in direction `dir`; each unit skipped past `free` counts as an error) and
   * ends within `n` units of it; `report(extent, errors)` is called for every extent (units read
   * from `origin`) at which it ends with at most `k` errors, with the exact edit distance. Only
   * the rows such an alignment can pass through are computed: about (free + 2k) / 32 + 2 blocks
   * per text unit, whatever the pattern's length. (Rows above the band are taken to grow by one
   * per unit, rows entering below it to lie one below another: each is the cost of some real
   * alignment, so no value is too low, and one of k errors or fewer never leaves the band.)
   */
  banded(text: string, origin: number, n: number, dir: Direction, k: number, free: number, report: (extent: number, errors: number) => void): void {
    const m = this.length;
    if (m === 0) return;
    const bmax = this.blocks - 1;
    let top = 0;
    let bottom = Math.min(bmax, Math.floor(k / W));
    for (let b = 0; b <= bottom; b++) {
      this.pv[b] = -1;
      this.mv[b] = 0;
      this.score[b] = Math.min((b + 1) * W, m);
    }
    const steps = Math.min(n, dir === 1 ? text.length - origin : origin, m + free + k);
    for (let t = 1; t <= steps; t++) {
      const j = dir === 1 ? origin + t - 1 : origin - t;
      // Rows above t - free - k cost more than k wherever the pattern began.
      top = Math.min(bottom, Math.max(top, Math.ceil((t - free - k - W) / W)));
      const want = Math.min(bmax, Math.floor((t + k - 1) / W));
      const c = text.charCodeAt(j);
      const eq = this.sparse ? this.spreadOver(c, top, Math.min(want, bottom + 1)) : this.eq(c);
      // Row 0 (or the row above the band, which starts only past `free`) grows by one per unit.
      let carry = t > free ? 1 : 0;
      for (let b = top; b <= bottom; b++) {
        carry = this.advance(b, eq, carry);
        this.score[b] += carry;
      }
      if (bottom < want) {
        // The band reaches the next block's rows: they enter one below another.
        bottom++;
        this.pv[bottom] = -1;
        this.mv[bottom] = 0;
        this.score[bottom] = this.score[bottom - 1] - carry + this.height(bottom);
        this.score[bottom] += this.advance(bottom, eq, carry);
      }
      if (bottom === bmax && this.score[bmax] <= k) report(t, this.score[bmax]);
    }
  }

  /**
   * Anchored alignment from `origin` forwards, reporting the edit distance of the pattern to
   * text[origin, origin + e) for every extent e in 1..n (`out[e]`; `out[0]` is the pattern's
   * length): the distances to many ends of one start in one pass.
   */
  distancesFrom(text: string, origin: number, n: number, out: Int32Array): void {
    const m = this.length;
    out[0] = m;
    const bmax = this.blocks - 1;
    for (let b = 0; b <= bmax; b++) {
      this.pv[b] = -1;
      this.mv[b] = 0;
    }
    let value = m;
    const steps = Math.min(n, text.length - origin);
    for (let step = 0; step < steps; step++) {
      const eq = this.eq(text.charCodeAt(origin + step));
      let carry = 1;
      for (let b = 0; b <= bmax; b++) carry = this.advance(b, eq, carry);
      value += carry;
      out[step + 1] = value;
    }
  }

  /**
   * `anchored` for one block, with the column in two local words: context scoring calls this
   * for every occurrence of a quote, thousands of times for a common name in a long text.
   */
  anchoredDistance(text: string, origin: number, limit: number, dir: Direction): number {
    const m = this.length;
    if (m === 0) return 0;
    if (this.blocks > 1 || this.sparse) return this.anchored(text, origin, limit, dir);
    // One block: the whole column lives in two local words.
    const bit = this.lastBit;
    let pv = -1;
    let mv = 0;
    let value = m;
    let best = m;
    const n = dir === 1 ? Math.min(limit, text.length - origin) : Math.min(limit, origin);
    for (let step = 0; step < n; step++) {
      const c = text.charCodeAt(dir === 1 ? origin + step : origin - 1 - step);
      const eq = this.masks[this.eqDense(c)];
      const xv = eq | mv;
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      const mh = pv & xh;
      if (ph & bit) value++;
      else if (mh & bit) value--;
      // Row 0 grows by one per text unit (anchored): a +1 enters the first row.
      ph = (ph << 1) | 1;
      pv = (mh << 1) | ~(xv | ph);
      mv = ph & xv;
      if (value < best) best = value;
    }
    return best;
  }
}

/** How many distinct UTF-16 units `s` holds. */
function distinctUnits(s: string): number {
  const seen = new Set<number>();
  for (let i = 0; i < s.length; i++) seen.add(s.charCodeAt(i));
  return seen.size;
}

/** Each unit's masks in the blocks where it occurs: as many entries as (unit, block) pairs, at most the length. */
function sparseMasks(source: string): Map<number, Sparse> {
  const count = new Map<number, number>();
  const last = new Map<number, number>();
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    const b = (i / W) | 0;
    if (last.get(c) !== b) {
      last.set(c, b);
      count.set(c, (count.get(c) ?? 0) + 1);
    }
  }
  const out = new Map<number, Sparse>();
  const filled = new Map<number, number>();
  for (const [c, n] of count) {
    out.set(c, { blocks: new Int32Array(n).fill(-1), masks: new Int32Array(n) });
    filled.set(c, 0);
  }
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    const b = (i / W) | 0;
    const s = out.get(c)!;
    let at = filled.get(c)!;
    if (at > 0 && s.blocks[at - 1] === b) at--;
    else filled.set(c, at + 1);
    s.blocks[at] = b;
    s.masks[at] |= 1 << i % W;
  }
  return out;
}

export function reverseUnits(s: string): string {
  // Into an array, then a string in pieces: adding one unit at a time made a string object per
  // unit, most of the garbage of 2,000 long claims' searches (issue 15).
  const n = s.length;
  const units = new Uint16Array(n);
  for (let i = 0; i < n; i++) units[i] = s.charCodeAt(n - 1 - i);
  let r = '';
  for (let i = 0; i < n; i += 8192) r += String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  return r;
}

/** Plain Levenshtein distance (for short strings and tests). */
export function levenshtein(a: string, b: string): number {
  if (a.length < b.length) [a, b] = [b, a];
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
