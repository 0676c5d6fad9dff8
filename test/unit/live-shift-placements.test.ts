// Placements carried across one edit (core/live/shiftPlacements.ts) must be exactly what the full
// anchoring would find in the new text, or not be given at all (null: the store anchors again).
// Differential, on generated texts and single-stretch edits (typing, pasting, deleting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { selectorFor } from '../../src/core/anchor';
import { shiftPlacements } from '../../src/core/live/shiftPlacements';
import { placeAnnotations } from '../../src/core/placement';
import type { Annotation } from '../../src/core/types';

const WORDS = ['the', 'minister', 'said', 'Aurel', 'border', 'troops', 'were', 'withdrawn', 'on', 'Monday', 'Zorić', '🇦🇲', 'report', 'denied', '.', '\n\n'];

const textArb = fc.array(fc.constantFrom(...WORDS), { minLength: 40, maxLength: 160 }).map((w) => w.join(' '));

/** Annotations on the spans, trimmed of white space at their ends as a selection is. */
function annotate(text: string, spans: [number, number][]): Annotation[] {
  const cps = Array.from(text);
  const out: Annotation[] = [];
  spans.forEach(([a, len], i) => {
    let start = a % Math.max(1, cps.length - 12);
    let end = Math.min(cps.length, start + 3 + (len % 10));
    while (start < end && /\s/.test(cps[start])) start++;
    while (end > start && /\s/.test(cps[end - 1])) end--;
    if (start === end) return;
    out.push({ id: `a${i}`, kind: 'note', ...selectorFor(text, start, end) } as Annotation);
  });
  return out;
}

// The oracle is the edit itself: a carried placement must sit where the edit put its words (the
// old offsets mapped through the edit, which the test knows) with its quote, prefix and suffix
// verbatim there — the words the analyst annotated, not another copy of them. (The full anchoring
// is not the oracle: in a text of repeated words it can refuse a short quote whose context is
// intact, or take the copy nearest the old offsets; issue 12.)
test('carried placements are the annotated words where the edit put them', () => {
  fc.assert(
    fc.property(textArb, fc.array(fc.tuple(fc.nat(400), fc.nat(20)), { minLength: 1, maxLength: 6 }), fc.nat(1000), fc.nat(30), fc.constantFrom('', 'x', ' Kostrov said ', '🇦🇲 ', '\n\nUpdate: '), (text, spans, at, cut, insert) => {
      const annotations = annotate(text, spans);
      const before = placeAnnotations(text, annotations);
      const i = at % (text.length + 1);
      // whole code points only: an editor never splits a surrogate pair
      const from = /[\udc00-\udfff]/.test(text[i] ?? '') ? i - 1 : i;
      let to = Math.min(text.length, from + cut);
      if (/[\udc00-\udfff]/.test(text[to] ?? '')) to++;
      const next = text.slice(0, from) + insert + text.slice(to);
      const carried = shiftPlacements(text, next, before);
      if (carried === null) return;
      const cp = (s: string) => Array.from(s).length;
      const [editFrom, editTo, delta] = [cp(text.slice(0, from)), cp(text.slice(0, to)), cp(insert) - cp(text.slice(from, to))];
      const words = (start: number, end: number) => {
        const t = selectorFor(next, start, end);
        return [t.quote, t.prefix, t.suffix];
      };
      carried.forEach((p, k) => {
        const old = before[k].result;
        const a = p.annotation;
        assert.deepEqual(words(p.result.start!, p.result.end!), [a.quote, a.prefix, a.suffix], 'the same words in the same context');
        assert.equal(p.result.state, p.result.start === a.start && p.result.end === a.end ? 'anchored' : 'moved');
        // where the test's edit puts them; another place only when the texts cannot tell the two
        // apart (an edit in repeated words is the same text whichever copy it is said to touch)
        const mapped = old.end! <= editFrom ? [old.start!, old.end!] : old.start! >= editTo ? [old.start! + delta, old.end! + delta] : null;
        if (mapped && (mapped[0] !== p.result.start || mapped[1] !== p.result.end)) {
          assert.deepEqual(words(mapped[0], mapped[1]), [a.quote, a.prefix, a.suffix], `carried to another copy: ${JSON.stringify({ from, to, insert, old, got: p.result })}`);
        }
      });
    }),
    { numRuns: 300, seed: 15 },
  );
});

// [what, text before, text after, carried?]
const CASES: [string, string, string, boolean][] = [
  ['typing far after every annotation keeps them', `The minister denied the report. ${'Filler words here. '.repeat(10)}`, `The minister denied the report. ${'Filler words here. '.repeat(10)}More.`, true],
  ['a paragraph pasted far before every annotation moves them', `${'Filler words here. '.repeat(10)}The minister denied the report.`, `New paragraph first.\n\n${'Filler words here. '.repeat(10)}The minister denied the report.`, true],
  ['an edit inside an annotation’s context leaves it to the anchoring', 'The minister denied the report on Monday.', 'The minister flatly denied the report on Monday.', false],
];

for (const [what, prev, next, carried] of CASES) {
  test(what, () => {
    const q = 'minister denied';
    const i = prev.indexOf(q);
    // ASCII texts: string offsets are code points
    const annotations = [{ id: 'a', kind: 'note', ...selectorFor(prev, i, i + q.length) } as Annotation];
    const got = shiftPlacements(prev, next, placeAnnotations(prev, annotations));
    assert.equal(got !== null, carried);
    if (got) assert.deepEqual(got.map((p) => [p.result.state, p.result.start, p.result.end]), placeAnnotations(next, annotations).map((p) => [p.result.state, p.result.start, p.result.end]));
  });
}
