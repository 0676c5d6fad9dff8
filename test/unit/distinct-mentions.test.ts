// distinctMentions (core/sourceEntry.ts) decides what the views and the hovers count as one
// mention: a registry match is dropped when an `entity` annotation of the same entity overlaps it
// (issue 9, bug 3). It is now near-linear (20,000 mentions against 20,000 annotations took 3.5 s
// per call); what the user relies on is that it keeps exactly the mentions, in exactly the order,
// the plain quadratic rule kept. The oracle is that rule, copied from before the change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { distinctMentions } from '../../src/core/sourceEntry';

type Span = { entity: string; start: number; end: number };

/** The rule as it was: every mention against every annotation. */
function oracle<M extends Span>(mentions: readonly M[], annotated: readonly Span[]): M[] {
  if (annotated.length === 0) return [...mentions];
  return mentions.filter((m) => !annotated.some((a) => a.entity === m.entity && a.start < m.end && m.start < a.end));
}

// a few entities (some whose names are Object.prototype keys), spans mostly short, some long
// enough to cover many others, some empty, nested and touching ones by construction
const entity = fc.constantFrom('e1', 'e2', 'e3', '__proto__', 'constructor');
const length = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 2, arbitrary: fc.integer({ min: 5, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: 41, max: 200 }) });
const span = fc.record({ entity, start: fc.integer({ min: 0, max: 80 }), len: length }).map(({ entity, start, len }) => ({ entity, start, end: start + len }));
// what no caller should send, but the rule still answers for: reversed spans, fractions, NaN, infinities
const odd = fc.record({ entity, start: fc.constantFrom(3, 2.5, Number.NaN, -Infinity, 50), end: fc.constantFrom(1, 7.5, Number.NaN, Infinity, 10) });
const anySpan = fc.oneof({ weight: 12, arbitrary: span }, { weight: 1, arbitrary: odd });

test('the mentions kept, and their order, are exactly those of the quadratic rule', () => {
  fc.assert(
    fc.property(fc.array(anySpan, { maxLength: 60 }), fc.array(anySpan, { maxLength: 60 }), (ms, annotated) => {
      const mentions = ms.map((m, i) => ({ ...m, i }));
      const got = distinctMentions(mentions, annotated);
      assert.deepEqual(got, oracle(mentions, annotated));
      // the caller's own objects, not copies
      for (const m of got) assert.equal(m, mentions[m.i]);
    }),
    { numRuns: 2000 },
  );
});

test('a long annotation that starts before a short one still hides a mention inside it', () => {
  const annotated = [
    { entity: 'e1', start: 0, end: 100 },
    { entity: 'e1', start: 10, end: 12 },
    { entity: 'e2', start: 50, end: 60 },
  ];
  const mentions = [
    { entity: 'e1', start: 40, end: 45 }, // inside the long one only
    { entity: 'e1', start: 100, end: 105 }, // touches its end: not an overlap
    { entity: 'e2', start: 40, end: 50 }, // touches e2's start: not an overlap
    { entity: 'e2', start: 59, end: 70 },
    { entity: 'e3', start: 0, end: 100 }, // no annotation of e3
  ];
  assert.deepEqual(distinctMentions(mentions, annotated), [mentions[1], mentions[2], mentions[4]]);
  assert.deepEqual(distinctMentions(mentions, annotated), oracle(mentions, annotated));
});

test('with no annotations every mention is kept, in a new array', () => {
  const mentions = [{ entity: 'e1', start: 1, end: 2 }];
  const got = distinctMentions(mentions, []);
  assert.deepEqual(got, mentions);
  assert.notEqual(got, mentions);
});
