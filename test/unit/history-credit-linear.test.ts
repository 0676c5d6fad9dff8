// Crediting conflict values from a history in linear time (issue 8, bounded cost): each value of
// each conflict read the annotation's whole history (values × entries: 32,000 of each took 35 s
// in `reportConflicts`, `marginalia check` of a 3 MB sidecar 17 s). creditIndex reads the
// history once; it must credit exactly whom creditFor credited, for any history and any value,
// including the values sameValue treats oddly (NaN, -0, key order, undefined in an object,
// the very same object).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { creditFor, creditIndex, type HistoryEntry } from '../../src/core/review/history';
import { reportConflicts, type ConflictReport, type MergedSidecar } from '../../src/core/merge';
import type { FieldConflict } from '../../src/core/types';

// ---- Reference oracle: the implementation before creditIndex (src/core/review/history.ts and
// src/core/merge/sidecar-merge.ts at the parent commit), kept verbatim in substance.
function oldSameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => oldSameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
function oldCreditFor(history: readonly HistoryEntry[] | undefined, field: string, value: unknown): { by: string; at: string } | undefined {
  const list = history ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i];
    if (e.field === field && oldSameValue(e.to, value)) return { by: e.by, at: e.at };
  }
  return undefined;
}
function oldCredited(c: FieldConflict, history: readonly HistoryEntry[] | undefined): FieldConflict {
  if (!history?.length) return c;
  const values = c.values.map((v) => {
    if (v.deleted && c.field === 'annotation') return v;
    const h = oldCreditFor(history, c.field, v.deleted ? undefined : v.value);
    return h ? { ...v, author: h.by, updated: h.at } : v;
  });
  return { ...c, values };
}
function oldReportConflicts(s: MergedSidecar): ConflictReport[] {
  const of = (r: object) => (Array.isArray((r as { conflicts?: unknown }).conflicts) ? ((r as { conflicts: FieldConflict[] }).conflicts) : []);
  return [...of(s).map((conflict) => ({ id: null, conflict })), ...s.annotations.flatMap((a) => of(a).map((conflict) => ({ id: a.id, conflict: oldCredited(conflict, a.history) })))];
}
// ---- end of the oracle

const FIELDS = ['status', 'note', 'tags'] as const;

/** Small values, so that histories repeat them: equal by content, in another key order, or the same object. */
const leaf = fc.constantFrom<unknown>('a', 'b', '', 'refuted', 0, -0, 1, 2.5, NaN, Infinity, true, false, null, undefined, 7n);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('x', 'y', 'z', '0', '1'), tie('v'), { maxKeys: 3 })),
})).v;

/** The same content built again, keys in reverse order (sameValue does not mind the order). */
function rebuilt(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(rebuilt);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).reverse()) out[k] = rebuilt((v as Record<string, unknown>)[k]);
  return out;
}

interface Step {
  field: (typeof FIELDS)[number];
  to: unknown;
  /** Absent `to` (the field was removed). */
  removed: boolean;
  /** `to` wraps an earlier entry's very object: `{w: earlier.to}`. */
  wrap: number | null;
}
const step: fc.Arbitrary<Step> = fc.record({ field: fc.constantFrom(...FIELDS), to: value, removed: fc.boolean(), wrap: fc.option(fc.nat(20), { freq: 4 }) });

function historyOf(steps: Step[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  steps.forEach((s, i) => {
    const e: HistoryEntry = { at: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`, by: `analyst ${i}`, field: s.field };
    if (s.wrap !== null && out.length) e.to = { w: out[s.wrap % out.length].to };
    else if (!s.removed) e.to = s.to;
    out.push(e);
  });
  return out;
}

/** What to ask of a history: random values, each entry's `to` itself, rebuilt, and wrapped afresh. */
function queriesOf(history: HistoryEntry[], extra: unknown[]): unknown[] {
  return [...extra, undefined, ...history.flatMap((e) => [e.to, rebuilt(e.to), { w: e.to }])];
}

test('creditIndex credits whom creditFor did before, for random histories and values (oracle: the old creditFor)', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 25 }), fc.array(value, { maxLength: 8 }), (steps, extra) => {
      const history = historyOf(steps);
      const credit = creditIndex(history);
      for (const q of queriesOf(history, extra)) {
        for (const f of [...FIELDS, 'credibility']) {
          const want = oldCreditFor(history, f, q);
          assert.deepEqual(credit(f, q), want, `${f} = ${inspect(q)}`);
          assert.deepEqual(creditFor(history, f, q), want);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('creditIndex: the corner cases of sameValue, one by one', () => {
  const nanBox = { x: NaN };
  const history: HistoryEntry[] = [
    { at: 't0', by: 'zero', field: 'note', to: 0 },
    { at: 't1', by: 'nan', field: 'note', to: NaN },
    { at: 't2', by: 'box', field: 'note', to: nanBox },
    { at: 't3', by: 'wrapped box', field: 'note', to: [nanBox, 'k'] },
    { at: 't4', by: 'ordered', field: 'note', to: { a: 1, b: [1, { c: 2 }] } },
    { at: 't5', by: 'one-sided', field: 'note', to: { a: 1, u: undefined, v: 2 } },
    { at: 't6', by: 'removed', field: 'note' },
    { at: 't7', by: 'array', field: 'note', to: ['a'] },
    { at: 't8', by: 'object', field: 'note', to: { 0: 'a' } },
  ];
  const credit = creditIndex(history);
  const by = (v: unknown) => credit('note', v)?.by;
  assert.equal(by(-0), 'zero', '-0 is 0');
  assert.equal(by(NaN), undefined, 'NaN equals nothing');
  assert.equal(by(nanBox), 'box', 'an object holding NaN equals itself');
  assert.equal(by({ x: NaN }), undefined, '…and nothing else');
  assert.equal(by([nanBox, 'k']), 'wrapped box', 'the very object inside a new array');
  assert.equal(by({ b: [1, { c: 2 }], a: 1 }), 'ordered', 'keys in another order');
  assert.equal(by({ a: 1, z: 5, v: 2 }), 'one-sided', '{a: 1, u: undefined, v: 2} equals {a: 1, z: 5, v: 2} one way round, as before');
  assert.equal(oldCreditFor(history, 'note', { a: 1, z: 5, v: 2 })?.by, 'one-sided');
  assert.equal(by({ a: 1, u: undefined }), undefined, 'not the other way round');
  assert.equal(by(undefined), 'removed');
  assert.equal(by(['a']), 'array');
  assert.equal(by({ 0: 'a' }), 'object', 'an array is not an object with the same keys');
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.equal(creditIndex([{ at: 't', by: 'cycle', field: 'note', to: cyclic }])('note', cyclic)?.by, 'cycle', 'the very same cyclic value');
});

const conflictValue = fc.oneof(value.map((v) => ({ value: v, author: 'side' })), fc.constant({ deleted: true as const, author: 'side' }));
const conflict: fc.Arbitrary<FieldConflict> = fc.record({ field: fc.constantFrom(...FIELDS, 'annotation'), values: fc.array(conflictValue, { minLength: 1, maxLength: 3 }) });

test('reportConflicts credits every value as before (oracle: the old reportConflicts)', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ steps: fc.array(step, { maxLength: 15 }), conflicts: fc.array(conflict, { maxLength: 5 }), asked: fc.array(fc.nat(30), { maxLength: 4 }) }), { maxLength: 4 }), (specs) => {
      const annotations = specs.map((s, i) => {
        const history = historyOf(s.steps);
        // conflicts on values the history set, the same object or rebuilt
        const asked: FieldConflict[] = history.length ? s.asked.map((k) => ({ field: history[k % history.length].field, values: [{ value: history[k % history.length].to }, { value: rebuilt(history[k % history.length].to) }] })) : [];
        return { id: `c${i}`, kind: 'claim' as const, quote: 'q', ...(history.length ? { history } : {}), conflicts: [...s.conflicts, ...asked] };
      });
      const sidecar: MergedSidecar = { marginalia: 1, source: 'a.txt', annotations };
      assert.deepEqual(reportConflicts(sidecar), oldReportConflicts(sidecar));
    }),
    { numRuns: 200 },
  );
});

test('a conflict report over 16,000 history entries credits each value from the entry that set it', () => {
  const n = 16_000;
  const history: HistoryEntry[] = Array.from({ length: n }, (_, i) => ({ at: `t${i}`, by: `Analyst ${i % 7}`, field: i % 2 ? 'tags' : 'note', to: i % 2 ? [`t${i}`, 'seen'] : `note ${i}` }));
  const conflicts: FieldConflict[] = Array.from({ length: n / 2 }, (_, k) => {
    const j = (k * 7919) % n;
    return { field: j % 2 ? 'tags' : 'note', values: [{ value: j % 2 ? [`t${j}`, 'seen'] : `note ${j}` }, { value: `never ${k}` }] };
  });
  const sidecar: MergedSidecar = { marginalia: 1, source: 'a.txt', annotations: [{ id: 'c1', kind: 'claim', quote: 'q', history, conflicts }] };
  const reports = reportConflicts(sidecar);
  // the first value of each conflict is the entry it names; the second, set by no entry, is not credited
  assert.equal(reports.length, n / 2);
  reports.forEach((r, k) => {
    const j = (k * 7919) % n;
    assert.equal(r.conflict.values[0].author, `Analyst ${j % 7}`);
    assert.equal(r.conflict.values[0].updated, `t${j}`);
    assert.equal(r.conflict.values[1].author, undefined);
  });
});
