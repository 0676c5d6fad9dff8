// A command's sidecar sent back as what changed (core/live/sidecarDelta.ts, issue 15): the read
// the host rebuilds from the one it holds is the worker's read, value for value, and every
// annotation outside the changed run is the held object itself (the views tell unchanged rows
// by identity).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applySidecarDelta, sidecarDelta } from '../../src/core/live/sidecarDelta';
import type { Annotation, Sidecar } from '../../src/core/types';

const annotation = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd'),
  kind: fc.constantFrom('claim', 'note'),
  quote: fc.constantFrom('one', 'two'),
  status: fc.option(fc.constantFrom('disputed', 'refuted'), { nil: undefined }),
  tags: fc.option(fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }), { nil: undefined }),
}).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as unknown as Annotation);

const sidecar = (annotations: Annotation[], reliability?: string): Sidecar => ({ marginalia: 1, source: 's.txt', ...(reliability ? { reliability } : {}), annotations });

/** A read of the same values as `s`, as a reader makes it: new objects throughout. */
const readAgain = (s: Sidecar): Sidecar => structuredClone(s);

test('sidecarDelta: the rebuilt read is the new one, and holds the base objects outside the changed run', () => {
  fc.assert(
    fc.property(fc.array(annotation, { maxLength: 12 }), fc.array(fc.tuple(fc.nat(), fc.option(annotation, { nil: undefined }), fc.boolean())), fc.option(fc.constantFrom('A', 'C'), { nil: undefined }), (start, edits, reliability) => {
      const base = sidecar(start);
      // edits as commands make them: one annotation changed, added or deleted at a time
      const next = start.map((a) => structuredClone(a));
      for (const [at, a, remove] of edits) {
        const i = next.length ? at % (next.length + 1) : 0;
        if (remove && i < next.length) next.splice(i, 1);
        else if (a && i < next.length) next[i] = a;
        else if (a) next.splice(i, 0, a);
      }
      const after = readAgain(sidecar(next, reliability));
      const delta = sidecarDelta(readAgain(base), after);
      const rebuilt = applySidecarDelta(base, delta);
      assert.deepEqual(rebuilt, after, 'value for value');
      rebuilt.annotations.forEach((a, i) => {
        const held = i < delta.from ? base.annotations[i] : i >= delta.from + delta.annotations.length ? base.annotations[delta.to + i - delta.from - delta.annotations.length] : undefined;
        if (held) assert.equal(a, held, `annotation ${i} is the held object`);
      });
      // only what changed travels: the unchanged run at the start is as long as it can be, and so is the one at the end after it
      const same = (x: Annotation, y: Annotation) => JSON.stringify(x) === JSON.stringify(y);
      const [was, now] = [base.annotations, after.annotations];
      assert.ok(delta.from === Math.min(was.length, now.length) || !same(was[delta.from], now[delta.from]), 'the run starts at a change');
      const tail = was.length - delta.to;
      assert.ok(tail === Math.min(was.length, now.length) - delta.from || !same(was[delta.to - 1], now[now.length - tail - 1]), 'and ends at one');
    }),
    { numRuns: 500 },
  );
});

test('sidecarDelta: one status changed among many sends that one annotation', () => {
  const many = Array.from({ length: 1000 }, (_, i) => ({ id: `c${i}`, kind: 'claim', quote: `q${i}`, status: 'disputed' }) as Annotation);
  const after = readAgain(sidecar(many));
  (after.annotations[417] as { status?: string }).status = 'refuted';
  const delta = sidecarDelta(readAgain(sidecar(many)), after);
  assert.deepEqual([delta.from, delta.to, delta.annotations.map((a) => a.id)], [417, 418, ['c417']]);
  const rebuilt = applySidecarDelta(sidecar(many), delta);
  assert.equal(rebuilt.annotations[416], many[416]);
  assert.equal((rebuilt.annotations[417] as { status?: string }).status, 'refuted');
});
