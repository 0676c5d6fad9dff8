// Many questions about one text's spans, each in time logarithmic plus its answer (issue 15:
// "nothing from a file may take more than linear time"). The Timeline asked, for each dated
// annotation of a source, which sentence holds it and which entity hits meet that sentence, by
// scanning every sentence and every hit: quadratic in a source with thousands of dated claims.
//
// `unitAt` is a binary search over units in text order that do not overlap (sentences).
// `Overlaps` keeps spans sorted by start, with a tree of the greatest end under each node: the
// spans meeting a stretch are those starting before its end whose end lies past its start, and
// a subtree ending before the stretch is never entered, however long some span is.
import { firstIndex } from '../bisect';

export interface SpanLike {
  start: number;
  end: number;
}

/** The unit holding `at` (from ≤ at < to), of units in order that do not overlap; undefined when none does. */
export function unitAt(units: readonly (readonly [number, number])[], at: number): readonly [number, number] | undefined {
  // the unit before the first starting after `at`
  const u = units[firstIndex(units.length, (i) => !(units[i][0] <= at)) - 1];
  return u && at < u[1] ? u : undefined;
}

export class Overlaps<T extends SpanLike> {
  /** The spans' indexes in `spans`, by start (ties in their order). */
  private readonly order: number[];
  private readonly starts: number[];
  /** A complete binary tree over `order`: the greatest end under each node (leaves from `size`). */
  private readonly maxEnd: Float64Array;
  private readonly size: number;

  constructor(private readonly spans: readonly T[]) {
    this.order = spans.map((_, i) => i).sort((a, b) => spans[a].start - spans[b].start || a - b);
    this.starts = this.order.map((i) => spans[i].start);
    let size = 1;
    while (size < spans.length) size *= 2;
    this.size = size;
    this.maxEnd = new Float64Array(2 * size).fill(-Infinity);
    this.order.forEach((i, k) => (this.maxEnd[size + k] = spans[i].end));
    for (let n = size - 1; n >= 1; n--) this.maxEnd[n] = Math.max(this.maxEnd[2 * n], this.maxEnd[2 * n + 1]);
  }

  /** The spans meeting [from, to) (start < to and from < end), in the order they were given. */
  meeting(from: number, to: number): T[] {
    // spans starting at or after `to` do not meet it: only the first `limit` in start order may
    const limit = firstIndex(this.starts.length, (i) => !(this.starts[i] < to));
    const found: number[] = [];
    // nodes to visit, and the range of start-order positions under each (pushed left, right)
    const stack = [1];
    const bounds: number[] = [0, this.size];
    while (stack.length) {
      const node = stack.pop()!;
      const right = bounds.pop()!;
      const left = bounds.pop()!;
      if (left >= limit || this.maxEnd[node] <= from) continue;
      if (node >= this.size) {
        found.push(this.order[node - this.size]);
        continue;
      }
      const mid = (left + right) >> 1;
      stack.push(2 * node + 1, 2 * node);
      bounds.push(mid, right, left, mid);
    }
    return found.sort((a, b) => a - b).map((i) => this.spans[i]);
  }
}
