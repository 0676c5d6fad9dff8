// Placements kept when a sidecar changes and the text does not (core/live/keepPlacements.ts):
// a save writes the sidecar back, and a claim whose words changed (which keeps its assessed
// quote) or an orphan must not send the whole source through the anchoring again. Kept only
// where the anchoring would be asked the same question; otherwise null (the anchoring decides).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectorFor } from '../../src/core/anchor';
import { keepPlacements } from '../../src/core/live/keepPlacements';
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
