// core/byId.ts: a source's annotations and placements by id, as Array.find found them (the
// first of a repeated id), from an index kept with the array (issue 15: lookups in a pass over a
// source's claims made the views quadratic in one large sidecar).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { annotationById, placementById } from '../../src/core/byId';
import type { Placement } from '../../src/core/placement';
import type { Annotation } from '../../src/core/types';

const note = (id: string, quote: string): Annotation => ({ id, kind: 'note', quote });
const placed = (a: Annotation): Placement => ({ annotation: a, result: { state: 'anchored', start: 0, end: 1, confidence: 1 } });

test('the answer Array.find gives, for any ids (repeats included) and any id asked', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 }), fc.constantFrom('a', 'b', 'c', 'd', 'e'), (ids, asked) => {
      const annotations = ids.map((id, i) => note(id, `q${i}`));
      const placements = annotations.map(placed);
      assert.equal(annotationById(annotations, asked), annotations.find((a) => a.id === asked));
      assert.equal(placementById(placements, asked), placements.find((p) => p.annotation.id === asked));
    }),
  );
});

test('an array that grew after its first lookup is indexed again', () => {
  const annotations = [note('a', 'one')];
  assert.equal(annotationById(annotations, 'b'), undefined);
  annotations.push(note('b', 'two'));
  assert.equal(annotationById(annotations, 'b'), annotations[1]);
});
