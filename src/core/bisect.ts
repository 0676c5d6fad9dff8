// The one binary search over sorted data (issue 15 made many lookups logarithmic: placements near
// an edit, mentions under the cursor, units holding an offset, rows in path order). Each caller
// says what "at or past the place" means for an index; the search is written once.

/**
 * The first index in [0, n) at which `past(i)` holds, or n when none does; `past` must hold at
 * every index after one where it holds (false… false, true… true). Callers write it as the
 * negation of "before the place" (`!(x < y)`), so that a NaN compares as it did in each
 * search this one replaced.
 */
export function firstIndex(n: number, past: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (past(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether `sorted` (ascending) holds a value within `reach` of `x`. */
export function anyWithin(sorted: ArrayLike<number>, x: number, reach: number): boolean {
  const i = firstIndex(sorted.length, (k) => !(sorted[k] < x - reach));
  return i < sorted.length && sorted[i] <= x + reach;
}
