// Helpers shared by the anchoring unit tables (anchor*.test.ts): where a quote stands in a fixture
// text, in code points as the anchoring counts, and an edit that fails loudly when the fixture
// no longer holds what it replaces (a table row must not pass because its edit did nothing).

export const cps = (s: string) => Array.from(s).length;

/** Code point span of `needle` in `text`, found right after `after` (or its first occurrence). */
export function span(text: string, needle: string, after = ''): [number, number] {
  const i = text.indexOf(after + needle);
  if (i < 0) throw new Error(`fixture: ${JSON.stringify(after + needle)} not found`);
  const start = cps(text.slice(0, i + after.length));
  return [start, start + cps(needle)];
}

export function replace(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}
