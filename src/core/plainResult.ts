// What a command hands back to VS Code. When a user runs a command (palette, menu, keybinding,
// a tree button, a link), VS Code sends its result to the workbench, serialised as JSON, so a
// result that holds a class instance serialises everything that instance reaches. The analysis
// views' Open commands returned their panel, which held the store: each Open Timeline from the
// palette kept the extension host's thread for ~21 s, then streamed over 300 MB to the browser,
// on the sample corpus (measured in the UI harness, once the network view had filled the
// store's caches). So a result crosses only as plain data (primitives, arrays, plain objects, and the
// values `allowed` names, such as a Uri VS Code marshals itself), walked as JSON would write it
// (a value reached twice counts twice) within a budget, so in bounded time; anything else, or a
// result past the budget (a cycle always is), crosses as nothing.

/** At most this many values in a command's result (a summary, a URI, a found annotation). */
export const RESULT_VALUES = 10_000;

/** `value` if it is plain data within `budget` values, else undefined. */
export function plainResult(value: unknown, allowed: (v: object) => boolean = () => false, budget = RESULT_VALUES): unknown {
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > budget) return undefined;
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'bigint' || typeof v === 'symbol') return undefined;
      continue; // primitives; functions are left out by JSON, as VS Code sends it
    }
    if (allowed(v)) continue;
    if (Array.isArray(v)) {
      if (count + stack.length + v.length > budget) return undefined;
      for (const x of v) stack.push(x);
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return undefined;
    for (const x of Object.values(v)) stack.push(x);
  }
  return value;
}
