// marginalia.yaml and the sidecars come from git, so the hypotheses list and the claims rating
// them are as long as anyone made them. Two paths were quadratic: the merge built each side's
// version of a contested hypotheses list by scanning the clean hypotheses and the contested ids
// once per id (40,000 hypotheses both sides changed: 55 s), and the ACH matrix scanned every
// claim once per hypothesis (16,000 × 16,000: 57 s). Both are now linear; what the user relies
// on is that the merge writes the same file and the matrix shows the same scores, to the bit.
// The oracles are the modules as they were (test/fixtures/oracles/hypotheses-merge-v1.ts,
// ach-v1.ts). Speed is measured by the bench (bench/lib/hostile-analysis.ts), not here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { achModel, achModelSliced, type EvidenceInput, type RowOrder } from '../../src/core/analysis/ach';
import { finish } from '../../src/core/slices';
import { mergeHypotheses } from '../../src/core/merge/hypotheses-merge';
import { mergeRegistryTexts, resolveRegistryText } from '../../src/core/merge';
import type { Rec } from '../../src/core/merge/record-merge';
import { parseWorkspace } from '../../src/core/format';
import { briefMarkdown } from '../../src/core/export';
import type { AchRating, Annotation, ClaimStatus, Hypothesis } from '../../src/core/types';
import * as achV1 from '../fixtures/oracles/ach-v1';
import * as mergeV1 from '../fixtures/oracles/hypotheses-merge-v1';

// ---- hypotheses merge ----

const ORDER = ['marginalia', 'entityTypes', 'entities', 'cues', 'hypotheses'];

// a few ids (numbers too: YAML reads `id: 1` as one, merged by its text "1"), so that the sides
// share hypotheses, change them alike or differently, and repeat ids
const hypId = fc.constantFrom<unknown>('h1', 'h2', 'h3', 'h4', '1', 1, 'constructor');
const hypothesis: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ id: hypId, text: fc.constantFrom('A', 'B', 'C'), note: fc.constantFrom('n', 'm') }, { requiredKeys: ['id', 'text'] }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'loose', ['x']) },
);
const list = fc.oneof({ weight: 10, arbitrary: fc.array(hypothesis, { maxLength: 7 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, 'none', {}) });
const root = list.map((hypotheses): Rec => (hypotheses === undefined ? { marginalia: 1 } : { marginalia: 1, hypotheses }));

/** A side derived from the base: some hypotheses edited, dropped, added; so conflicts are common. */
const derived = (base: fc.Arbitrary<Rec>) =>
  fc.tuple(base, fc.array(fc.tuple(fc.nat(9), fc.constantFrom('edit', 'drop', 'add', 'note')), { maxLength: 4 }), hypothesis).map(([b, edits, extra]) => {
    const l = Array.isArray(b.hypotheses) ? (JSON.parse(JSON.stringify(b.hypotheses)) as unknown[]) : null;
    if (!l) return b;
    for (const [k, what] of edits) {
      const i = l.length ? k % l.length : 0;
      const h = l[i] as Rec | undefined;
      if (what === 'add') l.splice(i, 0, extra);
      else if (what === 'drop') l.splice(i, 1);
      else if (h && typeof h === 'object' && !Array.isArray(h)) h[what === 'edit' ? 'text' : 'note'] = `${what}${k}`;
    }
    return { ...b, hypotheses: l };
  });

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** What `merge` leaves in the merged root, or what it threw. */
function runMerge(f: typeof mergeHypotheses, b: Rec | undefined, o: Rec, t: Rec, merged: Rec): unknown {
  const m = clone(merged);
  try {
    f(clone(b), clone(o), clone(t), m, ORDER);
    return m;
  } catch (e) {
    return { threw: String(e) };
  }
}

// sides either edited from the base (often contested), or drawn on their own
const sides = fc.option(root, { nil: undefined }).chain((b0) => {
  const base = fc.constant(b0 ?? { marginalia: 1, hypotheses: [] });
  return fc.tuple(fc.constant(b0), fc.oneof({ weight: 3, arbitrary: fc.tuple(derived(base), derived(base)) }, { weight: 1, arbitrary: fc.tuple(root, root) }));
});

const earlier: Rec = { marginalia: 1, conflicts: [{ field: 'entities', values: [{ value: [] }, { value: [{ id: 'e1' }] }] }] };

test('hypotheses merge: the same merged list and conflict as before, on random sides', () => {
  let contested = 0;
  fc.assert(
    fc.property(sides, fc.constantFrom<Rec>({ marginalia: 1 }, earlier), ([b0, [o, t]], merged) => {
      const now = runMerge(mergeHypotheses, b0, o, t, merged);
      assert.deepStrictEqual(now, runMerge(mergeV1.mergeHypotheses, b0, o, t, merged));
      if (JSON.stringify(now).includes('"field":"hypotheses"')) contested++;
    }),
    { numRuns: 1500 },
  );
  assert.ok(contested > 100, `only ${contested} runs had a hypotheses conflict`);
});

test('hypotheses merge: thousands of hypotheses, repeated ids among them, as before', () => {
  const hyps = (n: number, text: (k: number) => string) => Array.from({ length: n }, (_, k) => ({ id: `h${k % (n - 7)}`, text: text(k) }));
  const b: Rec = { marginalia: 1, hypotheses: hyps(3000, (k) => `b${k}`) };
  const o: Rec = { marginalia: 1, hypotheses: hyps(3000, (k) => `o${k}`) };
  const t: Rec = { marginalia: 1, hypotheses: hyps(3000, (k) => (k % 3 ? `b${k}` : `t${k}`)) };
  const now = runMerge(mergeHypotheses, b, o, t, { marginalia: 1 }) as Rec;
  assert.deepStrictEqual(now, runMerge(mergeV1.mergeHypotheses, b, o, t, { marginalia: 1 }));
  assert.equal((now.conflicts as { field: string }[])[0].field, 'hypotheses');
});

const registry = (hyps: string) => `marginalia: 1\nentities: []\nhypotheses:\n${hyps}`;

test('hypotheses merge: one both sides changed differently is a conflict offering each side’s list, the rest merged', () => {
  const base = registry('  - {id: h1, text: A}\n  - {id: h2, text: B}\n');
  const r = mergeRegistryTexts(base, registry('  - {id: h1, text: X}\n  - {id: h2, text: B2}\n'), registry('  - {id: h1, text: Y}\n  - {id: h2, text: B}\n  - {id: h3, text: C}\n'), 'marginalia.yaml');
  assert.deepEqual(r.problems, []);
  assert.equal(r.conflicts, 1);
  // until resolved, the ancestor's list stands
  assert.deepEqual(parseWorkspace(r.text!, 'marginalia.yaml').config!.hypotheses, [{ id: 'h1', text: 'A' }, { id: 'h2', text: 'B' }]);
  const offered = [0, 1].map((index) => parseWorkspace(resolveRegistryText(r.text!, 'marginalia.yaml', [{ id: null, field: 'hypotheses', index }]), 'marginalia.yaml').config!.hypotheses);
  const rest = [{ id: 'h2', text: 'B2' }, { id: 'h3', text: 'C' }];
  assert.deepEqual(
    offered.sort((x, y) => x![0].text.localeCompare(y![0].text)),
    [[{ id: 'h1', text: 'X' }, ...rest], [{ id: 'h1', text: 'Y' }, ...rest]],
  );
  // changed alike, or on one side only: no conflict
  const clean = mergeRegistryTexts(base, registry('  - {id: h1, text: X}\n  - {id: h2, text: B}\n'), registry('  - {id: h1, text: X}\n  - {id: h2, text: B3}\n'), 'marginalia.yaml');
  assert.equal(clean.conflicts, 0);
  assert.deepEqual(parseWorkspace(clean.text!, 'marginalia.yaml').config!.hypotheses, [{ id: 'h1', text: 'X' }, { id: 'h2', text: 'B3' }]);
});

// ---- ACH ----

const RATINGS: AchRating[] = ['CC', 'C', 'N', 'I', 'II'];
// ids of the matrix, repeated (those every object inherits a property for were scored wrongly
// before: the test after this one holds them to the rule of any other id)
const achId = fc.constantFrom('h1', 'h2', 'h3', 'h4', '1', '0');
const hypotheses = fc.array(fc.record({ id: achId, text: fc.constantFrom('T', 'U'), note: fc.constant('n') }, { requiredKeys: ['id', 'text'] }), { maxLength: 8 });
const ratingValue = fc.oneof({ weight: 8, arbitrary: fc.constantFrom<unknown>(...RATINGS) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('X', '', 'i', null, 2) });
const ratings = fc.dictionary(fc.oneof(achId, fc.constantFrom('gone', 'h9')), ratingValue, { maxKeys: 6 });
const evidenceItem: fc.Arbitrary<EvidenceInput> = fc.record(
  {
    source: fc.constantFrom('a.txt', 'b.txt', 'c.txt'),
    id: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
    credibility: fc.constantFrom(1, 2, 3, 4, 5, 6, 0, 7, -0, 2.5),
    reliability: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'Z', ''),
    status: fc.constantFrom<ClaimStatus>('unverified', 'corroborated', 'disputed', 'refuted'),
    hypotheses: ratings,
  },
  { requiredKeys: ['source', 'id', 'status'] },
).map(({ source, id, credibility, reliability, status, hypotheses: h }) => ({
  source,
  annotation: { id, kind: 'claim', quote: `q ${id}`, ...(credibility !== undefined ? { credibility } : {}), ...(h !== undefined ? { hypotheses: h as Record<string, AchRating> } : {}) } as Annotation,
  status,
  ...(reliability !== undefined ? { reliability } : {}),
}));

test('ACH: the same rows, columns, scores (to the bit) and ranks as before, on random matrices', () => {
  fc.assert(
    fc.property(hypotheses, fc.array(evidenceItem, { maxLength: 40 }), fc.constantFrom<RowOrder | undefined>(undefined, 'diagnosticity', 'source'), (hyps, evidence, order) => {
      // every number compared with Object.is: -0 included
      assert.deepStrictEqual(achModel(hyps, evidence, order), achV1.achModel(hyps, evidence, order));
    }),
    { numRuns: 1500 },
  );
});

test('ACH: a page of the rows (achModelSliced’s `shown`) is the first rows of the whole model, with the same scores', () => {
  // the ACH matrix asks for the rows it shows (200 at first): the scores and the order must be
  // those of every claim, the rows the first of them, not some rows' scores or other rows
  fc.assert(
    fc.property(hypotheses, fc.array(evidenceItem, { maxLength: 40 }), fc.constantFrom<RowOrder>('diagnosticity', 'source'), fc.nat(45), (hyps, evidence, order, shown) => {
      const whole = achModel(hyps, evidence, order);
      const page = finish(achModelSliced(hyps, evidence, order, shown));
      assert.deepStrictEqual(page, { ...whole, rows: whole.rows.slice(0, shown) });
    }),
    { numRuns: 500 },
  );
});

test('ACH: a hypothesis named constructor, toString or __proto__ is rated and scored as any other', () => {
  // the same matrix with those ids, and with plain ones in their place: the same scores and
  // ranks (they were NaN, or the rating lost, and the brief showed a function as a rating)
  const names = ['constructor', 'toString', '__proto__'];
  const plain = ['p1', 'p2', 'p3'];
  const model = (ids: string[]) => {
    const hyps: Hypothesis[] = ids.map((id) => ({ id, text: id }));
    const rated = (k: number) => Object.fromEntries(ids.filter((_, i) => (k + i) % 3 !== 0).map((id, i) => [id, RATINGS[(k + i) % 5]]));
    const evidence: EvidenceInput[] = Array.from({ length: 12 }, (_, k) => ({
      source: 'a.txt',
      annotation: { id: `c${k}`, kind: 'claim', quote: `q${k}`, credibility: 1 + (k % 6), hypotheses: rated(k) },
      status: 'unverified',
      reliability: 'A',
    }));
    return achModel(hyps, evidence);
  };
  const odd = model(names);
  const usual = model(plain);
  assert.deepEqual(odd.columns.map((c) => [c.score, c.inconsistent, c.consistent, c.rank]), usual.columns.map((c) => [c.score, c.inconsistent, c.consistent, c.rank]));
  assert.ok(odd.columns.every((c) => Number.isFinite(c.score)));
  assert.deepEqual(odd.rows.map((r) => Object.keys(r.ratings).length), usual.rows.map((r) => Object.keys(r.ratings).length));
  // in the brief's table, a claim that rates none of them shows dots, not what objects inherit
  const md = briefMarkdown({ title: 'B', scope: 's', groups: [], entities: [], caveats: [], counts: { sources: 1, claims: 1, annotations: 1 }, ach: { ...odd, rows: [{ ...odd.rows[0], ratings: {} }], unrated: 0, claims: 1 } });
  assert.doesNotMatch(md, /function|native code/);
});

test('ACH: thousands of claims, repeated hypothesis ids, as before', () => {
  const hyps: Hypothesis[] = Array.from({ length: 300 }, (_, k) => ({ id: `h${k % 290}`, text: `H${k}` }));
  const evidence: EvidenceInput[] = Array.from({ length: 3000 }, (_, k) => ({
    source: `s${k % 7}.txt`,
    annotation: { id: `c${k}`, kind: 'claim', quote: 'q', credibility: 1 + (k % 6), hypotheses: { [`h${k % 290}`]: RATINGS[k % 5], [`h${(k * 31) % 290}`]: RATINGS[(k + 2) % 5], gone: 'I' } },
    status: k % 11 === 0 ? 'refuted' : 'unverified',
    reliability: 'ABCDEF'[(k * 5) % 6],
  }));
  const now = achModel(hyps, evidence);
  assert.deepStrictEqual(now, achV1.achModel(hyps, evidence));
  assert.ok(now.columns.some((c) => c.score > 0 && c.score !== Math.round(c.score)));
});

test('ACH: column scores of a small hand-made matrix', () => {
  const claim = (id: string, credibility: number, h: Record<string, AchRating>): Annotation => ({ id, kind: 'claim', quote: id, credibility, hypotheses: h });
  const hyps: Hypothesis[] = [{ id: 'h1', text: 'Directed' }, { id: 'h2', text: 'Local', note: 'lawyer' }, { id: 'h3', text: 'Unrated' }, { id: 'h1', text: 'Directed again' }];
  const m = achModel(hyps, [
    { source: 'a.txt', annotation: claim('a', 1, { h1: 'I', h2: 'C' }), status: 'unverified', reliability: 'A' }, // weight 1
    { source: 'a.txt', annotation: claim('b', 2, { h1: 'II', h2: 'I', gone: 'II' } as Record<string, AchRating>), status: 'corroborated', reliability: 'B' }, // 0.64
    { source: 'b.txt', annotation: claim('c', 1, { h2: 'II', h1: 'CC' }), status: 'refuted', reliability: 'A' }, // 0
  ]);
  assert.deepEqual(
    m.columns.map((c) => [c.id, c.text, c.note, c.score, c.inconsistent, c.consistent, c.rank]),
    [
      ['h1', 'Directed', undefined, 2.28, 2, 1, 3],
      ['h2', 'Local', 'lawyer', 0.64, 2, 1, 2],
      ['h3', 'Unrated', undefined, 0, 0, 0, 1],
      ['h1', 'Directed again', undefined, 2.28, 2, 1, 3],
    ],
  );
  assert.deepEqual(m.rows.map((r) => [r.id, r.weight, r.diagnosticity]), [['c', 0, 4], ['a', 1, 2], ['b', 0.64, 1]]);
});
