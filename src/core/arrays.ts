// Appending and measuring lists as long as a file makes them. `out.push(...items)` and
// `Math.max(...xs)` pass every item as an argument, and a call takes about 125,000 of them:
// a claim note of 200,000 lines, a source of 200,000 sentences or a sidecar with that many
// problems threw "Maximum call stack size exceeded" (issue 15). Use these wherever the list
// comes from a file.

/** Appends `items` to `out`, one by one; returns `out`. */
export function pushAll<T>(out: T[], items: Iterable<T>): T[] {
  for (const x of items) out.push(x);
  return out;
}

/** The largest of `xs`, or `floor` when none is larger. */
export function maxOf(xs: Iterable<number>, floor = -Infinity): number {
  let m = floor;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/**
 * `sorted` without the items in `drop` and with `add` put in at their places, in one pass: what
 * removing each dropped item and inserting each added one before the first item not `before` it
 * (a binary search, then a splice) leaves, without moving the whole list once per change (a
 * view of 10,000 sources updated for 500 of them). Added items equal in order go before the kept
 * ones, the later added first, as those splices put them.
 */
export function editSorted<T>(sorted: readonly T[], drop: ReadonlySet<T>, add: readonly T[], before: (a: T, b: T) => boolean): T[] {
  // the added ones in order, ties latest first (a stable sort of them reversed)
  const adds = add
    .map((x, i) => ({ x, i }))
    .sort((p, q) => (before(p.x, q.x) ? -1 : before(q.x, p.x) ? 1 : q.i - p.i))
    .map((p) => p.x);
  const out: T[] = [];
  let a = 0;
  for (const x of sorted) {
    if (drop.has(x)) continue;
    while (a < adds.length && !before(x, adds[a])) out.push(adds[a++]);
    out.push(x);
  }
  while (a < adds.length) out.push(adds[a++]);
  return out;
}
