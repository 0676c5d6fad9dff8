// Placements kept when a sidecar changes and the text does not (core/live/keepPlacements.ts):
// a save writes the sidecar back, and a claim whose words changed (which keeps its assessed
// quote) or an orphan must not send the whole source through the anchoring again. Kept only
// where the anchoring would be asked the same question; otherwise null (the anchoring decides).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectorFor } from '../../src/core/anchor';
import fc from 'fast-check';
import { keepPlacements, keepPlacementsUnread } from '../../src/core/live/keepPlacements';
import { placeAnnotations } from '../../src/core/placement';
import type { Annotation } from '../../src/core/types';

const TEXT = `${'Filler words here. '.repeat(10)}The minister flatly denied the report on Monday. ${'More filler. '.repeat(10)}Troops were withdrawn.`;
const at = (q: string) => TEXT.indexOf(q);
const note = (id: string, q: string): Annotation => ({ id, kind: 'note', ...selectorFor(TEXT, at(q), at(q) + q.length) }) as Annotation;
// a claim assessed on words the text no longer has: placed fuzzy, needs review
const assessed = { id: 'c', kind: 'claim', status: 'disputed', quote: 'The minister denied the report on Monday', prefix: 'here. ', suffix: '. More', start: at('The minister'), end: at('The minister') + 40 } as Annotation;
const gone = { id: 'o', kind: 'note', quote: 'a sentence nobody wrote', prefix: '', suffix: '', start: 5, end: 28 } as Annotation;

const previous = placeAnnotations(TEXT, [note('n', 'Troops were withdrawn'), assessed, gone]);
const [, claimPlaced, orphan] = previous;

// [what, the new sidecar's annotations, expected: per annotation [state, start] or null]
const CASES: [string, Annotation[], [string, number | null][] | null][] = [
  ['a note moved by hand onto other words that stand there verbatim is anchored there', [note('n', 'More filler'), assessed, gone], [['anchored', at('More filler')], [claimPlaced.result.state, claimPlaced.result.start], ['orphaned', null]]],
  ['a status changed, nothing the anchoring reads: every placement kept', [note('n', 'Troops were withdrawn'), { ...assessed, status: 'corroborated' } as Annotation, gone], [['anchored', at('Troops')], [claimPlaced.result.state, claimPlaced.result.start], ['orphaned', null]]],
  ['a save wrote the claim’s offsets where it stands, its assessed quote kept: kept', [note('n', 'Troops were withdrawn'), { ...assessed, start: claimPlaced.result.start!, end: claimPlaced.result.end!, prefix: 'x', suffix: 'y' } as Annotation, gone], [['anchored', at('Troops')], [claimPlaced.result.state, claimPlaced.result.start], ['orphaned', null]]],
  ['a claim re-quoted: the anchoring decides', [note('n', 'Troops were withdrawn'), { ...assessed, quote: 'The minister denied it' } as Annotation, gone], null],
  ['an orphan given other offsets by hand: the anchoring decides', [note('n', 'Troops were withdrawn'), assessed, { ...gone, start: 40, end: 63 } as Annotation], null],
  ['a new annotation whose words are not there: the anchoring decides', [note('n', 'Troops were withdrawn'), assessed, gone, { ...gone, id: 'new' } as Annotation], null],
];

for (const [what, annotations, expected] of CASES) {
  test(what, () => {
    assert.equal(orphan.result.state, 'orphaned');
    assert.ok(claimPlaced.needsReview, 'the fixture claim needs review');
    const kept = keepPlacements(TEXT, previous, annotations);
    if (expected === null) return assert.equal(kept, null);
    assert.ok(kept);
    assert.deepEqual(kept.map((p) => [p.result.state, p.result.start]), expected);
    kept.forEach((p, i) => assert.equal(p.annotation, annotations[i], 'the new annotation objects'));
    // a kept needs-review claim still needs review
    const c = kept.find((p) => p.annotation.id === 'c');
    assert.equal(c?.needsReview, true);
  });
}

test('the same annotation objects in this very text keep their placements as they are; moved across edits, they are asked again', () => {
  const annotations = previous.map((p) => p.annotation);
  const kept = keepPlacements(TEXT, previous, annotations, true);
  assert.ok(kept);
  kept.forEach((p, i) => assert.equal(p, previous[i], 'the placement held'));
  // a moved placement (unmoved false) of a verbatim note is placed at its stored offsets again
  const shifted = previous.map((p, i) => (i === 0 ? { ...p, result: { ...p.result, start: 3, end: 24 } } : p));
  assert.deepEqual(keepPlacements(TEXT, shifted, annotations)![0].result.start, at('Troops'));
});

// keepPlacementsUnread (issue 15): a closed source's placements kept without reading its text.
// Wherever it answers, its answer is keepPlacements' with the text, value for value; a status
// or a note changed on annotations that stand where they point needs no text at all.
test('keepPlacementsUnread: where it answers, keepPlacements\' answer with the text; a status or note change needs no text', () => {
  const words = ['The minister', 'flatly denied', 'the report', 'Troops were withdrawn', 'More filler', 'Filler words'];
  const base: Annotation[] = [
    ...words.map((w, i) => ({ ...note(`n${i}`, w), kind: i % 2 ? 'claim' : 'note', status: 'disputed' }) as Annotation),
    assessed,
    gone,
    { ...note('shifted', 'the report'), start: at('the report') + 1, end: at('the report') + 11 } as Annotation, // fuzzy: offsets one off
  ];
  const previous = placeAnnotations(TEXT, base);
  const edit = fc.oneof(
    fc.constant((a: Annotation) => ({ ...a, status: 'refuted' }) as Annotation),
    fc.constant((a: Annotation) => ({ ...a, note: 'checked again' }) as Annotation),
    fc.constant((a: Annotation) => ({ ...a, quote: `${a.quote} x` }) as Annotation),
    fc.constant((a: Annotation) => ({ ...a, start: (a.start ?? 0) + 1, end: (a.end ?? 0) + 1 }) as Annotation),
    fc.constant((a: Annotation) => ({ ...a, prefix: 'other words ' }) as Annotation),
    fc.constant((a: Annotation) => a),
  );
  let answered = 0;
  fc.assert(
    // a command changes one annotation or a few; the others are the objects placed
    fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), edit), { maxLength: 3 }), fc.boolean(), (edits, add) => {
      const next = [...base];
      for (const [i, f] of edits) next[i] = f(next[i]);
      if (add) next.push(note('added', 'Filler words'));
      const unread = keepPlacementsUnread(previous, next);
      const withText = keepPlacements(TEXT, previous, next, true);
      if (unread === null) return;
      answered++;
      assert.ok(withText, 'the text keeps them too');
      assert.deepEqual(unread, withText);
    }),
    { numRuns: 400 },
  );
  assert.ok(answered > 40, `answered without the text in ${answered} of 400 runs`);
  // the usual change: a status and a note on annotations that stand where they point
  const verbatim = previous.filter((p) => p.result.state === 'anchored').map((p) => p.annotation);
  assert.ok(verbatim.length >= 5, 'the fixture has verbatim annotations');
  const changed = verbatim.map((a, i) => (i === 1 ? ({ ...a, status: 'refuted' } as Annotation) : i === 2 ? ({ ...a, note: 'seen' } as Annotation) : a));
  const kept = keepPlacementsUnread(previous.filter((p) => p.result.state === 'anchored'), changed);
  assert.ok(kept, 'no text needed');
  assert.deepEqual(kept, keepPlacements(TEXT, previous.filter((p) => p.result.state === 'anchored'), changed, true));
  assert.equal(kept[0], previous.find((p) => p.annotation === changed[0]), 'an untouched annotation keeps its placement object');
  assert.equal(keepPlacementsUnread(previous, [...base, note('added', 'Filler words')]), null, 'an added annotation needs the text');
});
