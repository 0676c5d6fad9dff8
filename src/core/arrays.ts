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
