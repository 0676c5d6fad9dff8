// Helpers shared by the anchoring unit tables (anchor*.test.ts): where a quote stands in a fixture
// text, in code points as the anchoring counts, and an edit that fails loudly when the fixture
// no longer holds what it replaces (a table row must not pass because its edit did nothing); and
// the check of a row "annotated here, edited so, must now stand there (or be an orphan)".
import assert from 'node:assert/strict';
import { AnchorText, anchorAll, selectorFor, type Selector } from '../../src/core/anchor';

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

/** The selector of `quote` in `text`, found right after `after` (or its first occurrence). */
export function selector(text: AnchorText, quote: string, after?: string): Selector {
  const [s, e] = span(text.text, quote, after);
  return selectorFor(text, s, e);
}

export interface AnchorRow {
  name: string;
  /** What was annotated in the base text (located right after `after`), with the annotations beside it. */
  quote: string;
  after?: string;
  also?: { quote: string; after?: string }[];
  edit: (base: string) => string;
  /** Where it must be now (same convention), or 'orphan' (with a suggestion). */
  expect: { quote: string; after?: string } | 'orphan';
}

/** Anchors the row's annotations in its edit of `base` and checks where the first one is now. */
export function placesAsExpected(base: string, row: AnchorRow): void {
  const at = new AnchorText(base);
  const sels = [selector(at, row.quote, row.after), ...(row.also ?? []).map((a) => selector(at, a.quote, a.after))];
  const now = row.edit(base);
  const r = anchorAll(now, sels)[0];
  if (row.expect === 'orphan') {
    assert.equal(r.state, 'orphaned', `placed at ${r.start}: ${JSON.stringify(Array.from(now).slice(r.start ?? 0, r.end ?? 0).join(''))}`);
    assert.ok(r.suggestion, 'a suggestion is offered');
  } else {
    const [s, e] = span(now, row.expect.quote, row.expect.after);
    assert.notEqual(r.state, 'orphaned', 'placed');
    assert.deepEqual([r.start, r.end], [s, e]);
  }
}
