// Backlinks kept per source (core/backlinks.ts): after any sequence of one-source changes, who
// links to each annotation is what a fresh index of the same corpus says, in the linking
// sources' path order whatever order they were read in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Backlinks } from '../../src/core/backlinks';
import type { Annotation } from '../../src/core/types';

const SOURCES = ['a.txt', 'b.txt', 'sub/c.txt', 'sub/d.txt', 'z.txt'];
const RELS = ['contradicts', 'supports', 'same-as', 'see-also'] as const;

/** `to` as a sidecar of `from` writes it: relative to the linking source's folder. */
function linkTo(from: string, to: string, id: string): string {
  const up = from.split('/').length - 1;
  return `${'../'.repeat(up)}${to}#${id}`;
}

const annotationsArb = (source: string) =>
  fc.array(
    fc.record({
      id: fc.constantFrom('x1', 'x2', 'x3'),
      links: fc.array(fc.record({ rel: fc.constantFrom(...RELS), to: fc.constantFrom(...SOURCES), id: fc.constantFrom('x1', 'x2', 'nope') }), { maxLength: 3 }),
    }),
    { maxLength: 3 },
  ).map((as) => as.map((a) => ({ id: a.id, kind: 'claim', quote: 'q', links: a.links.map((l) => ({ rel: l.rel, to: linkTo(source, l.to, l.id) })) }) as unknown as Annotation));

const stepArb = fc.constantFrom(...SOURCES).chain((source) => fc.oneof(annotationsArb(source).map((annotations) => ({ source, annotations })), fc.constant({ source, annotations: undefined as Annotation[] | undefined })));

const view = (index: Backlinks) => {
  const out: string[] = [];
  for (const s of SOURCES) for (const id of ['x1', 'x2', 'x3', 'nope']) for (const b of index.of(s, id)) out.push(`${s}#${id} <- ${b.source}#${b.annotation.id} ${b.rel}`);
  return out;
};

test('after every one-source change, backlinks are those of a fresh index, in path order', () => {
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 25 }), (steps) => {
      const corpus = new Map<string, Annotation[]>();
      const kept = new Backlinks((s) => corpus.get(s));
      for (const { source, annotations } of steps) {
        if (annotations) corpus.set(source, annotations);
        else corpus.delete(source);
        kept.changed(source);
        // asked between changes too, as the views ask after each store change
        const fresh = new Backlinks((s) => corpus.get(s));
        for (const s of [...corpus.keys()].reverse()) fresh.changed(s); // read in another order
        assert.deepEqual(view(kept), view(fresh));
        for (const s of SOURCES) for (const id of ['x1', 'x2']) {
          const from = kept.of(s, id).map((b) => b.source);
          assert.deepEqual(from, [...from].sort(), `${s}#${id}: linking sources in path order`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('a removed source no longer links anywhere; a link that names no source is ignored', () => {
  const corpus = new Map<string, Annotation[]>([
    ['a.txt', [{ id: 'x1', kind: 'claim', quote: 'q', links: [{ rel: 'contradicts', to: 'b.txt#x1' }, { rel: 'supports', to: '#x9' }] } as unknown as Annotation]],
    ['b.txt', [{ id: 'x1', kind: 'claim', quote: 'q' } as unknown as Annotation]],
  ]);
  const index = new Backlinks((s) => corpus.get(s));
  for (const s of corpus.keys()) index.changed(s);
  assert.deepEqual(index.of('b.txt', 'x1').map((b) => [b.source, b.rel]), [['a.txt', 'contradicts']]);
  corpus.delete('a.txt');
  index.changed('a.txt');
  assert.deepEqual(index.of('b.txt', 'x1'), []);
});

// An index takes in each batch's links as it reads them (settle), so that the views' first draw
// after it does not rebuild every source's links at once: the same answers, and nothing left
// to read when the draw asks.
test('links settled batch by batch answer as a fresh index does, and leave nothing to read at the next question', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(stepArb, fc.boolean()), { minLength: 1, maxLength: 25 }), (steps) => {
      const corpus = new Map<string, Annotation[]>();
      let reads = 0;
      const kept = new Backlinks((s) => (reads++, corpus.get(s)));
      for (const [{ source, annotations }, batchEnds] of steps) {
        if (annotations) corpus.set(source, annotations);
        else corpus.delete(source);
        kept.changed(source);
        if (batchEnds) kept.settle();
      }
      kept.settle();
      const before = reads;
      const fresh = new Backlinks((s) => corpus.get(s));
      for (const s of corpus.keys()) fresh.changed(s);
      assert.deepEqual(view(kept), view(fresh));
      assert.equal(reads, before, 'the questions after settle read no source again');
    }),
    { numRuns: 300 },
  );
});
