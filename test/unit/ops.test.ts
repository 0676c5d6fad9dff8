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

// Who changed what (issue 9): an actor's update is credited to them, and Undo leaves no trace.
const ana: Annotation = { id: 'c1', kind: 'claim', quote: 'the plot', status: 'unverified', author: 'Ana Analyst', created: '2026-11-28T09:00:00Z', updated: '2026-11-28T09:00:00Z' };
const ben = { by: 'Ben Byrne', at: '2026-11-29T10:00:00Z' };

test('ops with an actor: a status change records updated, updatedBy and one history entry; author stays the creator', () => {
  const r = applyOps([ana], [{ type: 'update', id: 'c1', set: { status: 'refuted', updated: '2026-11-29T09:59:59Z' } }], ben);
  assert.deepEqual(r.annotations, [{
    ...ana, status: 'refuted', updated: ben.at, updatedBy: 'Ben Byrne',
    history: [{ at: ben.at, by: 'Ben Byrne', field: 'status', from: 'unverified', to: 'refuted' }],
  }]);
});

test('ops with an actor: entries are appended in field order, one per changed judged field; removal has no `to`', () => {
  const first = applyOps([{ ...ana, note: 'check' }], [{ type: 'update', id: 'c1', set: { status: 'disputed' } }], { by: 'Ana Analyst', at: '2026-11-28T10:00:00Z' }).annotations;
  const r = applyOps(first, [{ type: 'update', id: 'c1', set: { note: null, credibility: 2, status: 'refuted' } }], ben);
  assert.deepEqual(r.annotations[0].history, [
    { at: '2026-11-28T10:00:00Z', by: 'Ana Analyst', field: 'status', from: 'unverified', to: 'disputed' },
    { at: ben.at, by: 'Ben Byrne', field: 'status', from: 'disputed', to: 'refuted' },
    { at: ben.at, by: 'Ben Byrne', field: 'credibility', to: 2 },
    { at: ben.at, by: 'Ben Byrne', field: 'note', from: 'check', to: undefined },
  ].map((e) => JSON.parse(JSON.stringify(e))));
});

test('ops with an actor: the inverse, replayed without one, restores history, updated and updatedBy exactly', () => {
  const once = applyOps([ana], [{ type: 'update', id: 'c1', set: { status: 'disputed' } }], { by: 'Ana Analyst', at: '2026-11-28T10:00:00Z' }).annotations;
  for (const ops of [
    [{ type: 'update', id: 'c1', set: { status: 'refuted', note: 'see AP' } }],
    [{ type: 'update', id: 'c1', set: { status: 'refuted' } }, { type: 'update', id: 'c1', set: { credibility: 5 } }],
  ] as Op[][]) {
    for (const start of [[ana], once]) {
      const r = applyOps(start, ops, ben);
      const undone = applyOps(r.annotations, r.inverse).annotations;
      assert.deepEqual(undone, start);
      assert.deepEqual(Object.keys(undone[0]), Object.keys(start[0]), 'no key left behind, not even undefined');
    }
  }
});

test('ops with an actor: an update that changes nothing, or only offsets and context, stamps nothing', () => {
  assert.deepEqual(applyOps([ana], [{ type: 'update', id: 'c1', set: { status: 'unverified' } }], ben).annotations, [ana]);
  assert.deepEqual(applyOps([ana], [{ type: 'update', id: 'c1', set: { start: 4, end: 12, prefix: 'x' } }], ben).annotations, [{ ...ana, start: 4, end: 12, prefix: 'x' }]);
});
