// The Timeline's per-annotation questions (core/analysis/overlaps.ts, issue 15): which sentence
// holds a place, which entity hits meet a stretch — answered from an index exactly as the scans
// they replace answered them (Array.find over the sentences, Array.filter over the hits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Overlaps, unitAt } from '../../src/core/analysis/overlaps';
import { unitsOf } from '../../src/core/analysis/cooccurrence';

const span = fc.tuple(fc.nat(500), fc.nat(300)).map(([start, len]) => ({ start, end: start + len, entity: `e${start % 7}` }));

test('the spans meeting a stretch: those Array.filter finds, in the order given', () => {
  fc.assert(
    fc.property(fc.array(span, { maxLength: 60 }), fc.array(fc.tuple(fc.nat(900), fc.nat(200)), { minLength: 1, maxLength: 20 }), (spans, stretches) => {
      const index = new Overlaps(spans);
      for (const [from, len] of stretches) {
        const to = from + len;
        assert.deepEqual(index.meeting(from, to), spans.filter((h) => h.start < to && from < h.end));
      }
    }),
    { numRuns: 400, seed: 1504 },
  );
});

test('one long span over everything does not hide the short ones, nor make them all answers', () => {
  const spans = [{ start: 0, end: 10_000 }, ...Array.from({ length: 1000 }, (_, i) => ({ start: i * 10, end: i * 10 + 3 }))];
  assert.deepEqual(new Overlaps(spans).meeting(500, 512), [spans[0], spans[51], spans[52]]);
});

test('the sentence holding a place: the one Array.find finds, none between sentences', () => {
  const text = 'The convoy was seen at dawn.  Officials denied it!\n\nA second report? It came later. ';
  const units = unitsOf(text, 'sentence');
  for (let at = 0; at <= text.length + 2; at++) assert.deepEqual(unitAt(units, at), units.find(([from, to]) => from <= at && at < to), `at ${at}`);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(20), fc.integer({ min: 1, max: 30 })), { maxLength: 30 }), fc.nat(700), (gaps, at) => {
      let pos = 0;
      const list = gaps.map(([gap, len]) => [(pos += gap), (pos += len)] as [number, number]);
      assert.deepEqual(unitAt(list, at), list.find(([from, to]) => from <= at && at < to));
    }),
    { numRuns: 300, seed: 1505 },
  );
});
