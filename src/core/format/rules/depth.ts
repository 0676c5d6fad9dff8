// How deeply a value nests (issue 8, reproduction 3: a sequence nested 3,000 deep overflowed the
// YAML package's recursion and crashed `check`, `resolve` and `merge`). Files Marginalia writes
// nest fewer than ten levels; anything past MAX_DEPTH is refused before any recursive code
// (YAML composition to JS, cloning, printing) sees it. Iterative: no recursion here either.

export const MAX_DEPTH = 64;

/** True when `v`, itself at nesting level `level` (the root map is 1), holds a collection deeper than MAX_DEPTH. */
export function nestsTooDeep(v: unknown, level: number): boolean {
  const stack: [unknown, number][] = [[v, level]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (d > MAX_DEPTH) return true;
    for (const c of Array.isArray(x) ? x : Object.values(x)) if (typeof c === 'object' && c !== null) stack.push([c, d + 1]);
  }
  return false;
}

export const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep: Marginalia files never need that many`;
