// A claim whose words changed needs a human (issue 9): placement flags a claim placed fuzzy
// whose letters or digits changed, keeps its assessed quote on refresh, and leaves typography
// changes, entities and notes as before (re-quoted silently).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectorFor } from '../../src/core/anchor';
import { applyOps } from '../../src/core/ops';
import { confirmOp, placeAnnotations, refreshed, needsRefresh } from '../../src/core/placement';
import type { Annotation, Kind } from '../../src/core/types';

const BEFORE = 'The ministry said on Monday that the units are directed by the Kremlin, according to officials. Nobody else confirmed it.';
const QUOTE = 'the units are directed by the Kremlin';

function annotated(kind: Kind): Annotation {
  const start = BEFORE.indexOf(QUOTE);
  return { id: 'x1', kind, ...selectorFor(BEFORE, start, start + QUOTE.length), ...(kind === 'claim' ? { status: 'disputed' as const } : {}) };
}

const cases: { name: string; kind: Kind; after: string; review: string | null }[] = [
  { name: 'a word inserted in a claim', kind: 'claim', after: BEFORE.replace('are directed', 'are not directed'), review: 'the units are not directed by the Kremlin' },
  { name: 'a digit changed in a claim', kind: 'claim', after: BEFORE.replace('the units', 'the 2 units'), review: 'the 2 units are directed by the Kremlin' },
  { name: 'a letter changed in a claim (typo fixed)', kind: 'claim', after: BEFORE.replace('directed', 'direkted'), review: 'the units are direkted by the Kremlin' },
  { name: 'line break and case only', kind: 'claim', after: BEFORE.replace('are directed by', 'are\nDirected by'), review: null },
  { name: 'quote marks and dashes only', kind: 'claim', after: BEFORE.replace('by the Kremlin', 'by the “Kremlin”'), review: null },
  { name: 'a word inserted in an entity', kind: 'entity', after: BEFORE.replace('are directed', 'are not directed'), review: null },
  { name: 'a word inserted in a note', kind: 'note', after: BEFORE.replace('are directed', 'are not directed'), review: null },
];

for (const c of cases) {
  test(`placement review: ${c.name}`, () => {
    const a = annotated(c.kind);
    const [p] = placeAnnotations(c.after, [a]);
    if (c.review === null) {
      assert.equal(p.needsReview, undefined, JSON.stringify(p));
      if (p.result.state === 'fuzzy') {
        const r = refreshed(c.after, p);
        assert.equal(r.quote, c.after.slice(r.start, r.end), 'typography (or a non-claim) is re-quoted silently');
      }
      return;
    }
    assert.equal(p.result.state, 'fuzzy');
    assert.deepEqual([p.needsReview, p.assessedQuote, p.currentQuote], [true, QUOTE, c.review]);
    // a refresh stores the new place and context, never the new words
    const r = refreshed(c.after, p);
    assert.equal(r.quote, QUOTE);
    assert.equal(c.after.slice(r.start, r.end), c.review);
    assert.deepEqual([r.start, r.end], [p.result.start, p.result.end]);
    // stored and placed again: still needs review, and nothing more to store
    const [again] = placeAnnotations(c.after, [r]);
    assert.deepEqual([again.needsReview, again.currentQuote], [true, c.review]);
    assert.equal(needsRefresh(r, refreshed(c.after, again)), false);
  });
}

test('placement review: an unchanged claim, or one that only moved, needs no review', () => {
  const a = annotated('claim');
  assert.equal(placeAnnotations(BEFORE, [a])[0].needsReview, undefined);
  const [moved] = placeAnnotations('A new first paragraph.\n\n' + BEFORE, [a]);
  assert.deepEqual([moved.result.state, moved.needsReview], ['moved', undefined]);
});

test('confirming the new words (Confirm Claim Text) stores them and records who confirmed, from what to what; then no review', () => {
  const after = BEFORE.replace('are directed', 'are not directed');
  const a = { ...annotated('claim'), author: 'Ana Analyst' };
  const [p] = placeAnnotations(after, [a]);
  assert.equal(confirmOp(BEFORE, placeAnnotations(BEFORE, [a])[0]), null, 'nothing to confirm');
  const op = confirmOp(after, p)!;
  const { annotations: [c], inverse } = applyOps([a], [op], { by: 'Cleo Reviewer', at: '2026-11-30T08:00:00Z' });
  assert.equal(c.quote, 'the units are not directed by the Kremlin');
  assert.deepEqual(c.history, [{ at: '2026-11-30T08:00:00Z', by: 'Cleo Reviewer', field: 'quote', from: QUOTE, to: c.quote }]);
  assert.deepEqual([c.updatedBy, c.status, c.author], ['Cleo Reviewer', 'disputed', 'Ana Analyst']);
  const [placed] = placeAnnotations(after, [c]);
  assert.deepEqual([placed.result.state, placed.needsReview], ['anchored', undefined]);
  assert.deepEqual(applyOps([c], inverse).annotations, [a], 'Undo restores the assessed quote and leaves no trace');
});
