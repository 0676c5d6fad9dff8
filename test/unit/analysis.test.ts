// Issue 13's core, as tables: `when` dates and the date suggestion, ACH scores, weights and
// diagnosticity order, co-occurrence counts by sentence and paragraph, the timeline model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { achModel, diagnosticity, evidenceWeight, type EvidenceInput } from '../../src/core/analysis/ach';
import { cooccurrence, MAX_PER_UNIT, unitsOf } from '../../src/core/analysis/cooccurrence';
import { parseWhen, suggestWhen, suggestWhenAt } from '../../src/core/analysis/dates';
import { timelineModel } from '../../src/core/analysis/timeline';
import type { AchRating, Annotation, Entity } from '../../src/core/types';

test('when: dates, partial dates and ranges, as day spans', () => {
  const table: [unknown, [string, string, string] | null][] = [
    ['2024-09-01', ['2024-09-01', '2024-09-01', 'day']],
    ['2024-09', ['2024-09-01', '2024-09-30', 'month']],
    ['2024-02', ['2024-02-01', '2024-02-29', 'month']],
    ['2023-02', ['2023-02-01', '2023-02-28', 'month']],
    ['2024', ['2024-01-01', '2024-12-31', 'year']],
    [2024, ['2024-01-01', '2024-12-31', 'year']],
    ['2024-09-01/2024-09-03', ['2024-09-01', '2024-09-03', 'range']],
    ['2024-09/2024-10', ['2024-09-01', '2024-10-31', 'range']],
    ['2024/2025', ['2024-01-01', '2025-12-31', 'range']],
    ['2024-09-01/2024-09-01', ['2024-09-01', '2024-09-01', 'range']],
    ['2024-09-03/2024-09-01', null], // ends before it starts
    ['2024-02-30', null],
    ['2024-13', null],
    ['2024-00-10', null],
    ['0999', null],
    ['24-09-01', null],
    ['2024-9-1', null],
    ['2024-09-01T10:00:00Z', null],
    ['2024/2025/2026', null],
    ['', null],
    [null, null],
    [2024.5, null],
    ['September 2024', null],
  ];
  for (const [input, want] of table) {
    const got = parseWhen(input);
    assert.deepEqual(got && [got.first, got.last, got.precision], want, String(input));
  }
});

test('suggestWhen: one clear full date in a sentence, else nothing', () => {
  const table: [string, number | undefined, string | undefined][] = [
    ['The parade on 7 November 2026 was cancelled.', undefined, '2026-11-07'],
    ['Troops left on November 10, 2026, officials said.', undefined, '2026-11-10'],
    ['Troops left on 10 November, officials said.', 2026, '2026-11-10'],
    ['Troops left on 10 November, officials said.', undefined, undefined], // no year
    ['Filed 2026-11-02 by the NSS.', undefined, '2026-11-02'],
    ['Between 3 November 2026 and 10 November 2026.', undefined, undefined], // two dates
    ['On 3 Nov. 2026 and again on 3 November 2026.', undefined, '2026-11-03'], // the same date twice
    ['In November 2026 the pact was frozen.', undefined, undefined], // not a day
    ['On 31 February 2026.', undefined, undefined],
    ['No date here at all.', 2026, undefined],
  ];
  for (const [sentence, year, want] of table) assert.equal(suggestWhen(sentence, year), want, sentence);
});

const claim = (id: string, hypotheses: Record<string, AchRating> = {}, extra: Partial<Annotation> = {}): Annotation => ({ id, kind: 'claim', quote: `q ${id}`, hypotheses, ...extra });
const ev = (a: Annotation, reliability?: string, status: EvidenceInput['status'] = 'unverified'): EvidenceInput => ({ source: 'a.txt', annotation: a, status, ...(reliability ? { reliability } : {}) });

test('ACH: evidence weight by credibility and reliability; refuted weighs nothing', () => {
  const table: [EvidenceInput['status'], number | undefined, string | undefined, number][] = [
    ['unverified', 1, 'A', 1],
    ['corroborated', 2, 'B', 0.64],
    ['disputed', 3, 'C', 0.36],
    ['unverified', undefined, undefined, 0.25],
    ['unverified', 6, 'F', 0.25],
    ['unverified', 5, 'E', 0.04],
    ['refuted', 1, 'A', 0],
  ];
  for (const [status, c, r, w] of table) assert.equal(evidenceWeight(status, c, r), w, `${status} ${c} ${r}`);
});

test('ACH: a hypothesis ranks one above those scoring lower, ties sharing a rank, among thousands', () => {
  const hyps = Array.from({ length: 2000 }, (_, i) => ({ id: `h${i}`, text: `H ${i}` }));
  const ratings = Object.fromEntries(hyps.map((h, i) => [h.id, (['I', 'II', 'C', 'N'] as AchRating[])[i % 4]]));
  const m = achModel(hyps, [ev(claim('a', ratings, { credibility: 1 }), 'A'), ev(claim('b', ratings, { credibility: 2 }), 'B')]);
  for (const c of m.columns) assert.equal(c.rank, 1 + m.columns.filter((o) => o.score < c.score).length, c.id);
  assert.deepEqual([...new Set(m.columns.map((c) => c.rank))].sort((a, b) => a - b), [1, 1001, 1501]);
});

test('ACH: diagnosticity is the spread of a row’s ratings', () => {
  const table: [AchRating[], number][] = [[[], 0], [['I'], 0], [['C', 'C'], 0], [['CC', 'II'], 4], [['C', 'N', 'I'], 2], [['N', 'I'], 1]];
  for (const [r, d] of table) assert.equal(diagnosticity(r), d, r.join(','));
});

test('ACH: weighted inconsistency per hypothesis (Heuer): consistent evidence does not add, inconsistent does', () => {
  const hyps = [{ id: 'h1', text: 'One' }, { id: 'h2', text: 'Two' }, { id: 'h3', text: 'Three' }];
  const m = achModel(hyps, [
    ev(claim('a', { h1: 'I', h2: 'C', h3: 'C' }, { credibility: 1 }), 'A'), // w 1
    ev(claim('b', { h1: 'II', h2: 'CC', h3: 'I' }, { credibility: 3 }), 'C'), // w .36
    ev(claim('c', { h1: 'C', h2: 'C', h3: 'C' }, { credibility: 1 }), 'A'), // not diagnostic
    ev(claim('d', { h2: 'II', gone: 'II' } as Record<string, AchRating>, { credibility: 1 }), 'A', 'refuted'), // w 0, unknown id dropped
    ev(claim('e')),
  ]);
  assert.deepEqual(m.columns.map((c) => [c.id, c.score, c.inconsistent, c.consistent, c.rank]), [
    ['h1', 1.72, 2, 1, 3],
    ['h2', 0, 1, 3, 1],
    ['h3', 0.36, 1, 2, 2],
  ]);
  // rows: most diagnostic first (b spread 4, a 2), then by weight, then by source and id
  assert.deepEqual(m.rows.map((r) => [r.id, r.diagnosticity]), [['b', 4], ['a', 2], ['c', 0], ['e', 0], ['d', 0]]);
  assert.deepEqual(m.rows.find((r) => r.id === 'd')!.ratings, { h2: 'II' });
  assert.match(m.weighting, /credibility.*reliability/);
  assert.deepEqual(achModel(hyps, [ev(claim('z')), ev(claim('a'))], 'source').rows.map((r) => r.id), ['a', 'z']);
});

test('units: sentences end at . ! ? before white space, not after abbreviations; paragraphs at blank lines', () => {
  const text = 'Gen. Dobrev met Meder. Halvik spoke!\nThen Zorić left.\n\nNew para. Here.';
  const cut = (u: 'sentence' | 'paragraph') => unitsOf(text, u).map(([s, e]) => [...text].slice(s, e).join('').trim());
  assert.deepEqual(cut('sentence'), ['Gen. Dobrev met Meder.', 'Halvik spoke!', 'Then Zorić left.', 'New para.', 'Here.']);
  assert.deepEqual(cut('paragraph'), ['Gen. Dobrev met Meder. Halvik spoke!\nThen Zorić left.', 'New para. Here.']);
  // code points: an emoji before does not shift the units
  assert.deepEqual(unitsOf('😀 Ab. Cd.', 'sentence'), [[0, 5], [6, 9]]);
});

const ent = (id: string, type = 'person'): Entity => ({ id, name: id.toUpperCase(), type, aliases: [] });

function hitsOf(text: string, ids: string[]) {
  const chars = [...text];
  const s = chars.join('');
  const out: { entity: string; start: number; end: number }[] = [];
  for (const id of ids) {
    let i = s.indexOf(id);
    while (i >= 0) {
      const start = [...s.slice(0, i)].length;
      out.push({ entity: id, start, end: start + id.length });
      i = s.indexOf(id, i + 1);
    }
  }
  return out;
}

test('co-occurrence: counts per sentence or paragraph, filters by source, type and weight', () => {
  const ents = [ent('ana'), ent('ben'), ent('kar', 'place'), ent('dov')];
  const a = 'ana met ben. ana and ben again in kar.\n\nkar alone. dov.';
  const b = 'ben and kar. ana.';
  const corpus = [{ source: 'a.txt', text: a, hits: hitsOf(a, ['ana', 'ben', 'kar', 'dov']) }, { source: 'b.txt', text: b, hits: hitsOf(b, ['ana', 'ben', 'kar']) }];
  const edges = (m: ReturnType<typeof cooccurrence>) => m.edges.map((e) => `${e.a}-${e.b}:${e.weight}`);
  const table: [Parameters<typeof cooccurrence>[2], string[]][] = [
    [{}, ['ana-ben:2', 'ben-kar:2', 'ana-kar:1']],
    [{ unit: 'paragraph' }, ['ana-ben:2', 'ana-kar:2', 'ben-kar:2', 'dov-kar:1']],
    [{ sources: new Set(['a.txt']) }, ['ana-ben:2', 'ana-kar:1', 'ben-kar:1']],
    [{ types: new Set(['person']) }, ['ana-ben:2']],
    [{ minWeight: 2 }, ['ana-ben:2', 'ben-kar:2']],
    [{ maxNodes: 2 }, ['ana-ben:2']],
  ];
  for (const [opts, want] of table) assert.deepEqual(edges(cooccurrence(corpus, ents, opts)), want, JSON.stringify(opts, (_, v) => (v instanceof Set ? [...v] : v)));
  const m = cooccurrence(corpus, ents);
  assert.deepEqual(m.nodes.map((n) => [n.id, n.mentions]), [['ana', 3], ['ben', 3], ['kar', 3], ['dov', 1]]);
  assert.deepEqual(m.edges[0].places, [{ source: 'a.txt', start: 0, end: 12 }, { source: 'a.txt', start: 13, end: 38 }]);
  assert.deepEqual(m.allSources, ['a.txt', 'b.txt']);
  assert.deepEqual(m.allTypes, ['person', 'place']);
  assert.equal(cooccurrence(corpus, ents, { maxNodes: 2 }).hiddenNodes, 2);
});

test('co-occurrence: a sentence naming hundreds of entities costs MAX_PER_UNIT² pairs, not n²', () => {
  const ids = Array.from({ length: 500 }, (_, i) => `e${String(i).padStart(3, '0')}`);
  const text = ids.join(' ') + '.';
  const m = cooccurrence([{ source: 'x.txt', text, hits: hitsOf(text, ids) }], ids.map((i) => ent(i)));
  assert.equal(m.edges.length, (MAX_PER_UNIT * (MAX_PER_UNIT - 1)) / 2);
});

test('timeline: dated claims and notes only, sorted by date, rivals on overlapping dates contested', () => {
  const inputs = [
    { source: 'a.txt', annotation: claim('x', {}, { when: '2026-11-10' }), status: 'corroborated' as const, entities: ['ana'], contradicts: ['b.txt#y'] },
    { source: 'b.txt', annotation: claim('y', {}, { when: '2026-11' }), status: 'unverified' as const, entities: ['ana', 'ben'], contradicts: ['a.txt#x'] },
    { source: 'b.txt', annotation: claim('z', {}, { when: '2026-10-01' }), status: 'unverified' as const, contradicts: ['a.txt#w'] },
    { source: 'a.txt', annotation: { id: 'n', kind: 'note', quote: 'n', when: '2025' } as Annotation },
    { source: 'a.txt', annotation: claim('u') }, // undated
    { source: 'a.txt', annotation: { id: 'e', kind: 'entity', quote: 'e', when: '2025' } as Annotation }, // entities are not events
    { source: 'a.txt', annotation: claim('w', {}, { when: '2026-12-01' }), status: 'disputed' as const },
  ];
  const m = timelineModel(inputs);
  assert.deepEqual(m.items.map((i) => [i.key, i.contested, i.rivals]), [
    ['a.txt#n', false, []],
    ['b.txt#z', false, []], // its rival is dated elsewhere
    ['b.txt#y', true, ['a.txt#x']],
    ['a.txt#x', true, ['b.txt#y']],
    ['a.txt#w', true, []], // disputed
  ]);
  assert.deepEqual([m.first, m.last], ['2025-01-01', '2026-12-01']);
  assert.deepEqual(m.groups.map((g) => [g.id, g.items.length]), [['a.txt', 3], ['b.txt', 2]]);
  assert.deepEqual(timelineModel(inputs, 'entity').groups.map((g) => [g.id, g.items]), [
    ['(no entity)', ['a.txt#n', 'b.txt#z', 'a.txt#w']],
    ['ana', ['b.txt#y', 'a.txt#x']],
    ['ben', ['b.txt#y']],
  ]);
});

test('timeline: a claim contradicted by many, and named twice, lists each rival once, in the order first met', () => {
  const hub = { source: 'a.txt', annotation: claim('hub', {}, { when: '2026-11' }), status: 'unverified' as const, contradicts: ['b.txt#r2', 'b.txt#r2'] };
  const rivals = Array.from({ length: 3000 }, (_, i) => ({ source: 'b.txt', annotation: claim(`r${i}`, {}, { when: '2026-11-02' }), status: 'unverified' as const, contradicts: ['a.txt#hub', 'a.txt#hub'] }));
  const m = timelineModel([hub, ...rivals]);
  const h = m.items.find((i) => i.key === 'a.txt#hub')!;
  assert.equal(h.rivals.length, 3000);
  assert.equal(new Set(h.rivals).size, 3000);
  assert.deepEqual(h.rivals.slice(0, 3), ['b.txt#r2', 'b.txt#r0', 'b.txt#r1']);
  assert.deepEqual(m.items.find((i) => i.key === 'b.txt#r5')!.rivals, ['a.txt#hub']);
});

test('suggestWhenAt: the date of the claim’s own sentence, not of its neighbours', () => {
  const text = 'On 3 November 2026 the pact froze. The last units left the airfield on Monday, 9 November, the minister said. Talks resume on 20 November.';
  const at = (quote: string, year?: number) => {
    const i = text.indexOf(quote);
    return suggestWhenAt(text, i, i + quote.length, year);
  };
  assert.equal(at('The last units left the airfield', 2026), '2026-11-09');
  assert.equal(at('The last units left the airfield'), undefined, 'no year: nothing offered');
  assert.equal(at('the pact froze'), '2026-11-03');
  assert.equal(at('Talks resume', 2027), '2027-11-20');
});
