import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOps, OpError, type Op } from '../../src/core/ops';
import type { Annotation } from '../../src/core/types';

const a1: Annotation = { id: 'a1', kind: 'claim', quote: 'the plot', status: 'unverified', note: 'check' };
const n1: Annotation = { id: 'n1', kind: 'note', quote: 'Aurel' };

const cases: [string, Annotation[], Op[], Annotation[]][] = [
  ['add', [a1], [{ type: 'add', annotation: n1 }], [a1, n1]],
  ['delete', [a1, n1], [{ type: 'delete', id: 'a1' }], [n1]],
  ['update sets and removes fields', [a1], [{ type: 'update', id: 'a1', set: { status: 'disputed', note: null, credibility: 3 } }], [{ id: 'a1', kind: 'claim', quote: 'the plot', status: 'disputed', credibility: 3 }]],
  ['several ops in order', [a1], [{ type: 'add', annotation: n1 }, { type: 'update', id: 'n1', set: { note: 'capital' } }, { type: 'delete', id: 'a1' }], [{ ...n1, note: 'capital' }]],
];

for (const [name, before, ops, after] of cases) {
  test(`ops: ${name}, and the inverse restores the original`, () => {
    const r = applyOps(before, ops);
    assert.deepEqual(r.annotations, after);
    const undone = applyOps(r.annotations, r.inverse).annotations;
    const byId = (xs: Annotation[]) => [...xs].sort((x, y) => (x.id < y.id ? -1 : 1));
    assert.deepEqual(byId(undone), byId(before));
  });
}

test('ops on an annotation deleted elsewhere fail clearly instead of resurrecting it', () => {
  assert.throws(() => applyOps([n1], [{ type: 'update', id: 'a1', set: { status: 'refuted' } }]), OpError);
  assert.throws(() => applyOps([n1], [{ type: 'delete', id: 'a1' }]), /no longer exists/);
  assert.throws(() => applyOps([n1], [{ type: 'add', annotation: n1 }]), /already exists/);
});

test('ops never mutate their input', () => {
  const before = [{ ...a1 }];
  applyOps(before, [{ type: 'update', id: 'a1', set: { status: 'refuted' } }]);
  assert.deepEqual(before, [a1]);
});
