// applyOps in one pass (core/ops.ts): a save of a long source sends one update per annotation,
// and the scan-per-op version took seconds on 20,000 of them. The oracle is that version,
// copied here verbatim: the map-based one must give the same annotations in the same order,
// the same inverse, and the same refusals, also on a sidecar that repeats an id (a bad merge).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyOps, ASSESSMENT, HINTS, OpError, type Actor, type Op } from '../../src/core/ops';
import { changesBetween, sameValue } from '../../src/core/review/history';
import type { Annotation } from '../../src/core/types';

// ---- the oracle: applyOps as it was before (one scan of the list per op), unchanged ----

const STAMP = ['updated', 'updatedBy', 'history'] as const;
const NOT_A_CHANGE = new Set<string>([...STAMP, ...HINTS]);
type Fields = Record<string, unknown>;

function applyOpsBefore(annotations: readonly Annotation[], ops: readonly Op[], actor?: Actor): { annotations: Annotation[]; inverse: Op[] } {
  let list = annotations.map((a) => ({ ...a }));
  const inverse: Op[] = [];
  for (const op of ops) {
    switch (op.type) {
      case 'add':
        if (list.some((a) => a.id === op.annotation.id)) throw new OpError(`an annotation with id "${op.annotation.id}" already exists`);
        list.push({ ...op.annotation });
        inverse.unshift({ type: 'delete', id: op.annotation.id });
        break;
      case 'delete': {
        const old = list.find((a) => a.id === op.id);
        if (!old) throw new OpError(`annotation "${op.id}" no longer exists (deleted elsewhere?)`);
        list = list.filter((a) => a.id !== op.id);
        inverse.unshift({ type: 'add', annotation: old });
        break;
      }
      case 'update': {
        const i = list.findIndex((a) => a.id === op.id);
        if (i < 0) throw new OpError(`annotation "${op.id}" no longer exists (deleted elsewhere?)`);
        const before = list[i] as unknown as Fields;
        const after: Fields = { ...before };
        const touched = new Set<string>();
        for (const [k, v] of Object.entries(op.set)) {
          if (k === 'id' || v === undefined) continue;
          touched.add(k);
          if (v === null) delete after[k];
          else after[k] = v;
        }
        if (actor && !touched.has('review') && isApproved(before.review) && ASSESSMENT.some((k) => !sameValue(before[k], after[k]))) {
          delete after.review;
          touched.add('review');
        }
        if (actor && [...touched].some((k) => !NOT_A_CHANGE.has(k) && !sameValue(before[k], after[k]))) stamp(before, after, actor, touched);
        const undo: Fields = {};
        for (const k of touched) undo[k] = k in before ? before[k] : null;
        list[i] = after as unknown as Annotation;
        inverse.unshift({ type: 'update', id: op.id, set: undo as Extract<Op, { type: 'update' }>['set'] });
        break;
      }
    }
  }
  return { annotations: list, inverse };
}

const isApproved = (r: unknown): boolean => typeof r === 'object' && r !== null && (r as { state?: unknown }).state === 'approved';

function stamp(before: Fields, after: Fields, actor: Actor, touched: Set<string>): void {
  after.updated = actor.at;
  after.updatedBy = actor.by;
  const entries = changesBetween(before, after, actor.by, actor.at);
  const past = Array.isArray(before.history) ? before.history : [];
  if (entries.length) after.history = [...past, ...entries];
  else if (past.length) after.history = past;
  else delete after.history;
  for (const k of STAMP) touched.add(k);
}

// ---- generators: few ids, so lists repeat them and ops hit present, deleted and re-added ones ----

const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const who = fc.constantFrom('Ana Analyst', 'Ben Byrne');
const when = fc.constantFrom('2026-11-28T09:00:00Z', '2026-11-29T10:00:00Z');
const status = fc.constantFrom('unverified', 'disputed', 'corroborated', 'refuted');
const quote = fc.constantFrom('the plot', 'the convoy', 'Aurel');
const plain = { noNullPrototype: true }; // objects as a sidecar reads them
const review = fc.record({ state: fc.constantFrom('approved', 'approved', 'rejected', 'changes-requested'), by: who, at: when }, plain);
const entry = fc.record({ at: when, by: who, field: fc.constantFrom('status', 'note', 'quote'), from: status, to: status }, plain);
const offset = fc.nat(1000);

const annotation: fc.Arbitrary<Annotation> = fc.record(
  {
    id,
    kind: fc.constantFrom('claim', 'note', 'entity'),
    quote,
    prefix: fc.string({ maxLength: 3 }),
    suffix: fc.string({ maxLength: 3 }),
    start: offset, // also tells apart two annotations with the same id
    end: offset,
    status,
    credibility: fc.integer({ min: 1, max: 6 }),
    note: fc.string({ maxLength: 4 }),
    tags: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }),
    author: who,
    updated: when,
    updatedBy: who,
    review,
    history: fc.array(entry, { maxLength: 2 }),
  },
  { ...plain, requiredKeys: ['id', 'kind', 'quote'] },
) as fc.Arbitrary<Annotation>;

/** A field to set: a value, null (remove it), or undefined (ignored). */
const setTo = <T>(value: fc.Arbitrary<T>) => fc.oneof(value, fc.constant(null), fc.constant(undefined));
const set = fc.record(
  {
    id, // ignored by applyOps: an update never renames
    quote: setTo(quote),
    status: setTo(status),
    credibility: setTo(fc.integer({ min: 1, max: 6 })),
    note: setTo(fc.string({ maxLength: 4 })),
    tags: setTo(fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 })),
    review: setTo(review),
    start: setTo(offset),
    end: setTo(offset),
    prefix: setTo(fc.string({ maxLength: 3 })),
    suffix: setTo(fc.string({ maxLength: 3 })),
    updated: setTo(when),
    history: setTo(fc.array(entry, { maxLength: 2 })),
  },
  { ...plain, requiredKeys: [] },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: annotation.map((annotation) => ({ type: 'add', annotation }) as Op) },
  { weight: 5, arbitrary: fc.tuple(id, set).map(([id, set]) => ({ type: 'update', id, set }) as Op) },
  { weight: 2, arbitrary: id.map((id) => ({ type: 'delete', id }) as Op) },
);
const actor = fc.option(fc.record({ by: who, at: when }), { nil: undefined });

type Outcome = { annotations: Annotation[]; inverse: Op[] } | { error: string };
function outcome(f: () => { annotations: Annotation[]; inverse: Op[] }): Outcome {
  try {
    return f();
  } catch (e) {
    if (e instanceof OpError) return { error: e.message };
    throw e; // anything else is a bug in either version: let fast-check report it
  }
}

test('applyOps gives what the scan-per-op version gave: annotations and order, inverse, refusals, repeated ids', () => {
  let refused = 0;
  let applied = 0;
  fc.assert(
    fc.property(fc.array(annotation, { maxLength: 8 }), fc.array(op, { maxLength: 10 }), actor, (list, ops, by) => {
      const listCopy = structuredClone(list);
      const opsCopy = structuredClone(ops);
      const expected = outcome(() => applyOpsBefore(list, ops, by));
      const got = outcome(() => applyOps(list, ops, by));
      assert.deepEqual(got, expected);
      if ('error' in got) refused++;
      else applied++;
      // neither touches its input (the sidecar as read, the ops the undo stack keeps)
      assert.deepEqual(list, listCopy);
      assert.deepEqual(ops, opsCopy);
      // and undoing what applied gives the same as undoing it the old way
      if (!('error' in got) && !('error' in expected)) assert.deepEqual(outcome(() => applyOps(got.annotations, got.inverse)), outcome(() => applyOpsBefore(expected.annotations, expected.inverse)));
    }),
    { numRuns: 3000, seed: 11 },
  );
  // both kinds of outcome were compared, not only refusals (random ids refuse often)
  assert.ok(refused > 300, `only ${refused} batches refused`);
  assert.ok(applied > 300, `only ${applied} batches applied`);
});

test('applyOps on a repeated id (a bad merge): an update changes the first, a delete removes all, a re-add is a new one', () => {
  const x = (start: number): Annotation => ({ id: 'x', kind: 'note', quote: 'q', start });
  const y: Annotation = { id: 'y', kind: 'note', quote: 'r' };
  const list = [x(1), y, x(2)];
  const batches: Op[][] = [
    [{ type: 'update', id: 'x', set: { start: 9 } }],
    [{ type: 'delete', id: 'x' }],
    [{ type: 'delete', id: 'x' }, { type: 'add', annotation: x(5) }, { type: 'update', id: 'x', set: { start: 6 } }],
    [{ type: 'update', id: 'x', set: { note: 'n' } }, { type: 'delete', id: 'x' }, { type: 'delete', id: 'x' }],
    [{ type: 'add', annotation: x(7) }],
  ];
  for (const ops of batches) assert.deepEqual(outcome(() => applyOps(list, ops)), outcome(() => applyOpsBefore(list, ops)));
  assert.deepEqual(applyOps(list, batches[0]).annotations, [x(9), y, x(2)]);
  assert.deepEqual(applyOps(list, batches[2]).annotations, [y, x(6)]);
});

test('20,000 updates to 20,000 annotations (a save of a long source), then their inverse, give back the original', () => {
  const N = 20000;
  const list: Annotation[] = Array.from({ length: N }, (_, i) => ({ id: `01m6a${String(i).padStart(6, '0')}`, kind: 'claim', quote: `q${i}`, status: 'unverified', prefix: 'p', suffix: 's', start: i * 10, end: i * 10 + 5 }));
  const ops: Op[] = list.map((a, i) => ({ type: 'update', id: a.id, set: i % 100 === 0 ? { start: a.start! + 3, end: a.end! + 3, prefix: 'q' } : { start: a.start! + 3, end: a.end! + 3 } }));
  const r = applyOps(list, ops, { by: 'Ana Analyst', at: '2026-11-29T10:00:00Z' });
  assert.equal(r.annotations.length, N);
  assert.deepEqual(r.annotations[N - 1], { ...list[N - 1], start: list[N - 1].start! + 3, end: list[N - 1].end! + 3 }); // hints only: no stamp
  assert.equal(r.inverse.length, N);
  assert.deepEqual(r.inverse[0], { type: 'update', id: list[N - 1].id, set: { start: list[N - 1].start, end: list[N - 1].end } }); // the last change is undone first
  assert.deepEqual(applyOps(r.annotations, r.inverse).annotations, list);
});
