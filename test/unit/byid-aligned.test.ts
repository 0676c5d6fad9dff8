// Lookups by id that look at the same index first (core/byId.ts annotationAt, placementAt;
// issue 15): a source's annotations and placements stand in its sidecar's order, so a pass over
// two of them finds each counterpart where it stands without indexing 20,000 entries per change.
// The readers drop a repeated id (an error in Problems), so what a file gives is found as before;
// these hold the helpers' contract, for arrays that do repeat one: each finds its own counterpart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotationAt, placementAt } from '../../src/core/byId';
import { reuseAnnotations } from '../../src/core/live/reuseUnchanged';
import type { Placement } from '../../src/core/placement';
import type { Annotation } from '../../src/core/types';

const TEXT = 'The ministry denied the report. Officials later confirmed the report.\n';

function claim(id: string, quote: string, from = 0): Annotation {
  const start = TEXT.indexOf(quote, from);
  return { id, kind: 'claim', quote, start, end: start + quote.length, status: 'disputed' } as Annotation;
}

test('byId: the counterpart at the same index when it has the id, else the first with it', () => {
  const a = [claim('c1', 'ministry'), claim('c2', 'report'), claim('c1', 'Officials')];
  assert.equal(annotationAt(a, 2, 'c1'), a[2], 'the repeat at its own index');
  assert.equal(annotationAt(a, 1, 'c1'), a[0], 'not at that index: the first with the id');
  assert.equal(annotationAt(a, 7, 'c2'), a[1], 'past the end: by id');
  assert.equal(annotationAt(a, 0, 'missing'), undefined);
  const p: Placement[] = a.map((annotation) => ({ annotation, result: { state: 'anchored', start: annotation.start!, end: annotation.end!, confidence: 1 } }));
  assert.equal(placementAt(p, 2, 'c1'), p[2]);
  assert.equal(placementAt(p, 1, 'c1'), p[0]);
});

test('a read again keeps each repeat of an id as its own unchanged object', () => {
  const before = [claim('c1', 'ministry'), claim('c2', 'report'), claim('c1', 'Officials')];
  const after = before.map((a) => structuredClone(a));
  after[1] = { ...after[1], status: 'refuted' } as Annotation;
  const was = reuseAnnotations(before, after);
  assert.ok(was, 'something was kept');
  assert.equal(after[0], before[0]);
  assert.equal(after[2], before[2], 'the second c1 is the second one kept, not compared with the first');
  assert.notEqual(after[1], before[1], 'the changed one is the new object');
  assert.equal(after[1].status, 'refuted');
});
