// What the Review view lists for a source (core/review/pending.ts): most pressing reason first,
// the sidecar's order within a reason, a repeated id once. A count may take the last count's
// word that no id repeats (issue 15: no set of 20,000 ids per change); these hold it to the
// rule written plainly, over sequences of changes where ids come, go, move and repeat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countPending, pendingReview, type PendingCount, type PendingTally } from '../../src/core/review/pending';
import { awaitingReview, AWAITING } from '../../src/core/review/loop';
import type { Placement } from '../../src/core/placement';
import type { Annotation } from '../../src/core/types';

/** The rule written plainly: each annotation's reasons, a repeated id skipped once one is listed, sorted by first reason. */
function oracle(annotations: readonly Annotation[], placements: readonly Placement[]): { id: string; why: string[]; annotation: Annotation }[] {
  const listed = new Set<string>();
  const out: { id: string; why: string[]; annotation: Annotation }[] = [];
  annotations.forEach((a, i) => {
    const p = placements.find((x, j) => j === i && x.annotation.id === a.id) ?? placements.find((x) => x.annotation.id === a.id) ?? { annotation: a, result: { state: 'orphaned', start: null, end: null, confidence: 0 } };
    const why = awaitingReview(p as Placement);
    if (!why.length || listed.has(a.id)) return;
    listed.add(a.id);
    out.push({ id: a.id, why, annotation: a });
  });
  return out.sort((x, y) => AWAITING.indexOf(x.why[0] as never) - AWAITING.indexOf(y.why[0] as never));
}

const annotation = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  kind: fc.constantFrom('claim', 'claim', 'note', 'entity'),
  review: fc.constantFrom(undefined, 'approved', 'changes-requested'),
  conflict: fc.boolean(),
  needsReview: fc.boolean(),
  placed: fc.boolean(),
});

function build(specs: { id: string; kind: string; review?: string; conflict: boolean; needsReview: boolean; placed: boolean }[]): { annotations: Annotation[]; placements: Placement[] } {
  const annotations = specs.map((s) => ({ id: s.id, kind: s.kind, quote: `q ${s.id}`, ...(s.review ? { review: { state: s.review, by: 'R', at: '2026-01-01T00:00:00Z' } } : {}), ...(s.conflict ? { conflicts: [{ field: 'status', base: 'unverified', values: [] }] } : {}) }) as unknown as Annotation);
  const placements = annotations.map((a, i): Placement => ({ annotation: a, result: specs[i].placed ? { state: 'anchored', start: i, end: i + 1, confidence: 1 } : { state: 'orphaned', start: null, end: null, confidence: 0 }, ...(specs[i].needsReview ? { needsReview: true } : {}) }) as Placement);
  return { annotations, placements };
}

test('pendingReview: over a sequence of counts, each the plain rule (reasons, order, a repeated id once)', () => {
  // a step keeps the last step's ids in order (the usual change: a claim's status or review) or
  // takes new ones; keeping them, each annotation keeps its objects (annotation and placement,
  // as the store keeps what did not change), is made anew, or keeps its annotation object with
  // a new placement (its words changed under it)
  const step = fc.record({ keepIds: fc.boolean(), specs: fc.array(annotation, { minLength: 1, maxLength: 8 }), objects: fc.array(fc.constantFrom('keep', 'new', 'placement'), { minLength: 8, maxLength: 8 }) });
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
      let last: PendingCount | undefined;
      let held: ReturnType<typeof build> | undefined;
      for (const step of steps) {
        const keep = step.keepIds && held?.annotations.length ? held : undefined;
        const specs = keep ? keep.annotations.map((a, i) => ({ ...step.specs[i % step.specs.length], id: a.id })) : step.specs;
        const fresh = build(specs);
        const annotations = keep ? fresh.annotations.map((a, i) => (step.objects[i % 8] === 'new' ? a : keep.annotations[i])) : fresh.annotations;
        const placements = keep
          ? fresh.placements.map((p, i) => (step.objects[i % 8] === 'keep' ? keep.placements[i] : step.objects[i % 8] === 'placement' ? { ...p, annotation: annotations[i] } : p))
          : fresh.placements;
        const count = pendingReview(annotations, placements, last);
        const want = oracle(annotations, placements);
        assert.deepEqual(count.pending.map((p) => [p.annotation.id, p.why]), want.map((w) => [w.id, w.why]));
        count.pending.forEach((p, k) => assert.equal(p.annotation, want[k].annotation, 'the very annotation listed'));
        assert.equal(count.unique, new Set(annotations.map((a) => a.id)).size === annotations.length, 'unique says whether an id repeats');
        last = count;
        held = { annotations, placements };
      }
    }),
    { numRuns: 500 },
  );
});

test('pendingReview: the same ids after a count that found a repeat are still told apart', () => {
  const { annotations, placements } = build([
    { id: 'a', kind: 'claim', conflict: false, needsReview: false, placed: true },
    { id: 'a', kind: 'claim', conflict: false, needsReview: false, placed: true },
  ]);
  const first = pendingReview(annotations, placements);
  assert.equal(first.unique, false);
  assert.deepEqual(first.pending.map((p) => p.annotation), [annotations[0]]);
  const again = build([
    { id: 'a', kind: 'claim', conflict: false, needsReview: false, placed: true },
    { id: 'a', kind: 'claim', conflict: true, needsReview: false, placed: true },
  ]);
  const second = pendingReview(again.annotations, again.placements, first);
  assert.deepEqual(second.pending.map((p) => p.annotation), [again.annotations[0]], 'listed once, though the ids are those of the last count');
});

test('countPending: over a sequence of counts, the number the plain rule lists, taking the last count or tally', () => {
  // the Review view's badge counts without listing (countPending), taking the source's last
  // count (its rows, when listed) or tally for the word that no id repeats
  const step = fc.record({ keepIds: fc.boolean(), specs: fc.array(annotation, { minLength: 1, maxLength: 8 }), fresh: fc.boolean(), from: fc.constantFrom('tally', 'count', 'none') });
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
      let lastTally: PendingTally | undefined;
      let lastCount: PendingCount | undefined;
      let held: ReturnType<typeof build> | undefined;
      for (const step of steps) {
        const keep = step.keepIds && held?.annotations.length ? held : undefined;
        const specs = keep ? keep.annotations.map((a, i) => ({ ...step.specs[i % step.specs.length], id: a.id })) : step.specs;
        const { annotations, placements } = build(specs);
        const last = step.from === 'tally' ? lastTally : step.from === 'count' ? lastCount : undefined;
        const tally = countPending(annotations, placements, last);
        assert.equal(tally.count, oracle(annotations, placements).length);
        assert.equal(tally.unique, new Set(annotations.map((a) => a.id)).size === annotations.length, 'unique says whether an id repeats');
        lastTally = tally;
        lastCount = step.fresh ? pendingReview(annotations, placements) : lastCount;
        held = { annotations, placements };
      }
    }),
    { numRuns: 500 },
  );
});

test('countPending: a repeated id counts once, though the last tally had the same ids unrepeated', () => {
  const one = build([
    { id: 'a', kind: 'claim', conflict: false, needsReview: false, placed: true },
    { id: 'b', kind: 'claim', conflict: false, needsReview: false, placed: true },
  ]);
  const first = countPending(one.annotations, one.placements);
  assert.deepEqual([first.count, first.unique], [2, true]);
  const repeated = build([
    { id: 'a', kind: 'claim', conflict: false, needsReview: false, placed: true },
    { id: 'a', kind: 'claim', conflict: true, needsReview: false, placed: false },
  ]);
  const second = countPending(repeated.annotations, repeated.placements, first);
  assert.deepEqual([second.count, second.unique], [1, false]);
});
