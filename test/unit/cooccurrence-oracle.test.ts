// The faster entity network (issue 13's 2 s target) against the first version, kept as an
// oracle in test/fixtures/oracles: on generated texts (abbreviations, initials, closing quotes,
// blank lines with spaces and CRs, astral and lone surrogates) and generated mentions (out of
// order, overlapping, unknown entities) with every option, units, nodes, edges, weights and
// places are the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cooccurrence, packUnits, unitsOf, type NetworkOptions, type SourceMentions } from '../../src/core/analysis/cooccurrence';
import * as v1 from '../fixtures/oracles/cooccurrence-v1';
import type { Entity } from '../../src/core/types';

const TOKENS = ['Ab', 'cd', 'Gen', 'J', 'Mr', 'etc', 'x', '.', '.', '!', '?', '…', '"', "'", '”', '’', ')', ']', '(', '“', '‘', ' ', ' ', ' ', '\n', '\n', '\t', '\r', '😀', '\ud800', '\udc00', '..'];
const text = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(''));
const IDS = ['e0', 'e1', 'e2', 'e3', 'e4', 'B', 'a'];
const entities: Entity[] = IDS.map((id, k) => ({ id, name: id, type: k % 2 ? 'person' : 'place', aliases: [] }) as unknown as Entity);

const source = (name: string) =>
  text.chain((t) => {
    const len = [...t].length + 1;
    const hit = fc.record({ entity: fc.constantFrom(...IDS, 'unknown'), start: fc.nat(len), width: fc.integer({ min: 1, max: 4 }) }).map((h) => ({ entity: h.entity, start: h.start, end: h.start + h.width }));
    return fc.array(hit, { maxLength: 14 }).map((hits) => ({ source: name, text: t, hits }) as SourceMentions);
  });

const options: fc.Arbitrary<NetworkOptions> = fc.record(
  {
    unit: fc.constantFrom('sentence' as const, 'paragraph' as const),
    sources: fc.subarray(['s0', 's1', 's2']).map((x) => new Set(x)),
    types: fc.subarray(['place', 'person', 'event']).map((x) => new Set(x)),
    minWeight: fc.integer({ min: 0, max: 3 }),
    maxNodes: fc.integer({ min: 0, max: 8 }),
    maxPlaces: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: [] },
);

test('unitsOf: the same units as the first version, sentence and paragraph', () => {
  const cases = ['Gen. Ab went. Cd!” x', 'a.\n \r\n\nb', '😀 Ab. Cd.', '\ud800 . x. y', 'J. Ab said.) Next', '', '\n\n\n', 'x..\t y?\n'];
  for (const t of cases) for (const u of ['sentence', 'paragraph'] as const) assert.deepEqual(unitsOf(t, u), v1.unitsOf(t, u), JSON.stringify([t, u]));
  fc.assert(
    fc.property(text, fc.constantFrom('sentence' as const, 'paragraph' as const), (t, u) => assert.deepEqual(unitsOf(t, u), v1.unitsOf(t, u))),
    { numRuns: 3000 },
  );
});

test('cooccurrence: the same network as the first version for any mentions and options', () => {
  fc.assert(
    fc.property(fc.tuple(source('s0'), source('s1'), source('s2')), options, (corpus, opts) => {
      assert.deepEqual(cooccurrence(corpus, entities, opts), v1.cooccurrence(corpus as { source: string; text: string; hits: SourceMentions['hits'] }[], entities, opts));
    }),
    { numRuns: 2000 },
  );
});

test('cooccurrence: a corpus given its units (packUnits of unitsOf) instead of its texts gives the same network', () => {
  fc.assert(
    fc.property(fc.tuple(source('s0'), source('s1'), source('s2')), options, (corpus, opts) => {
      const units = corpus.map(({ source, text, hits }) => ({ source, units: packUnits(unitsOf(text!, opts.unit ?? 'sentence')), hits }));
      assert.deepEqual(cooccurrence(units, entities, opts), cooccurrence(corpus, entities, opts));
    }),
    { numRuns: 1000 },
  );
  assert.deepEqual([...packUnits([[0, 3], [4, 9]])], [0, 3, 4, 9]);
});
