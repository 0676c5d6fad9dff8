// A sidecar read again keeps the objects of its unchanged annotations and their placements
// (core/live/reuseUnchanged.ts, issue 15): the Claims view tells an unchanged row by them, so a
// status change in a sidecar of 20,000 annotations makes one row instead of comparing 13,333.
// What the corpus holds must still be exactly what a fresh read and placing give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Corpus } from '../../src/core/corpus';
import { parsedFromFast, readSidecarFast, serializeSidecar } from '../../src/core/format';
import { placeAnnotations } from '../../src/core/placement';
import { textHash } from '../../src/core/sourceEntry';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import type { Annotation, ClaimStatus, WorkspaceConfig } from '../../src/core/types';

const WORDS = Array.from({ length: 60 }, (_, i) => `word${i}`);
const TEXT = WORDS.join(' ') + '\n';
const S = 'a.txt';
const SC = 'a.txt.annotations.yaml';
const STATUSES: ClaimStatus[] = ['unverified', 'disputed', 'corroborated', 'refuted'];

/** Claims on words of TEXT, in position order; some quote words not at their offsets (placed by the anchoring). */
function claims(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => {
    const w = i % 50;
    const start = TEXT.indexOf(`${WORDS[w]} `);
    const moved = i % 7 === 3;
    return { id: `c${i}`, kind: 'claim', quote: WORDS[w], start: moved ? start + 1 : start, end: (moved ? start + 1 : start) + WORDS[w].length, status: STATUSES[i % 4] } as Annotation;
  });
}

const sidecar = (annotations: Annotation[]) => serializeSidecar({ marginalia: 1, source: S, annotations });

/** Reads as the extension's store does: the text kept (an open editor), or read elsewhere and not sent (a closed source). */
const readers = {
  kept: (c: Corpus, text: string) => c.update(S, SC, { text: TEXT, sidecarText: text }),
  unsent: (c: Corpus, text: string) => {
    const fast = readSidecarFast(text, SC)!;
    c.update(S, SC, { textUnsent: true, textHash: textHash(TEXT), sidecarUnsent: text.length, sidecarHash: textHash(text), parsed: parsedFromFast(text, SC, fast), placements: placeAnnotations(TEXT, fast.annotations), mentions: [] });
  },
};

for (const [how, read] of Object.entries(readers)) {
  test(`${how}: a sidecar read again with one claim changed keeps the other annotations' objects and placements`, () => {
    const c = new Corpus(undefined, undefined, () => how === 'kept');
    const first = claims(40);
    read(c, sidecar(first));
    const before = c.get(S)!;
    const annotations = [...before.parsed!.sidecar!.annotations];
    const placements = [...before.placements];
    const next = structuredClone(first);
    next[10].status = 'refuted';
    read(c, sidecar(next));
    const after = c.get(S)!;
    for (let i = 0; i < 40; i++) {
      const a = after.parsed!.sidecar!.annotations[i];
      const p = after.placements[i];
      assert.equal(p.annotation, a, `placement ${i} of the annotation held`);
      if (i === 10) {
        assert.notEqual(a, annotations[i]);
        assert.equal(a.status, 'refuted');
        assert.equal(c.statusOf(S, a), 'refuted');
      } else {
        assert.equal(a, annotations[i], `annotation ${i} kept`);
        assert.equal(p, placements[i], `placement ${i} kept`);
      }
    }
  });
}

for (const [how, read] of Object.entries(readers)) {
  test(`${how}: a sidecar read again as it was (a watcher's late echo) keeps the entry's very list of placements`, () => {
    const c = new Corpus(undefined, undefined, () => how === 'kept');
    const text = sidecar(claims(40));
    read(c, text);
    const placements = c.get(S)!.placements;
    read(c, text);
    assert.equal(c.get(S)!.placements, placements);
  });
}

test('what is held after any change is what a fresh read and placing give', () => {
  const change = fc.record({ at: fc.nat(29), what: fc.constantFrom('status', 'quote', 'start', 'delete', 'add', 'none') });
  fc.assert(
    fc.property(fc.array(change, { minLength: 1, maxLength: 4 }), fc.constantFrom(...Object.keys(readers)), (changes, how) => {
      const c = new Corpus(undefined, undefined, () => how === 'kept');
      const read = readers[how as keyof typeof readers];
      const list = claims(30);
      read(c, sidecar(list));
      const heldBefore = new Set(c.get(S)!.parsed!.sidecar!.annotations);
      let next = structuredClone(list);
      for (const { at, what } of changes) {
        const a = next[at % next.length];
        if (!a) continue;
        if (what === 'status') a.status = STATUSES[(STATUSES.indexOf(a.status!) + 1) % 4];
        else if (what === 'quote') a.quote = 'word55';
        else if (what === 'start') a.start = (a.start ?? 0) + 1;
        else if (what === 'delete') next = next.filter((x) => x !== a);
        else if (what === 'add') next.push({ id: `n${at}`, kind: 'claim', quote: 'word3', start: TEXT.indexOf('word3 '), end: TEXT.indexOf('word3 ') + 5 } as Annotation);
      }
      const text = sidecar(next);
      read(c, text);
      const e = c.get(S)!;
      const fresh = readSidecarFast(text, SC)!.annotations;
      assert.deepEqual(e.parsed!.sidecar!.annotations, fresh);
      assert.deepEqual(e.placements, placeAnnotations(TEXT, fresh));
      e.placements.forEach((p, i) => assert.equal(p.annotation, e.parsed!.sidecar!.annotations[i]));
      // every annotation equal to one held before is that object
      const byId = new Map([...heldBefore].map((a) => [a.id, a]));
      for (const a of e.parsed!.sidecar!.annotations) if (byId.has(a.id) && JSON.stringify(byId.get(a.id)) === JSON.stringify(a)) assert.ok(heldBefore.has(a), `${a.id} kept`);
    }),
    { numRuns: 150, seed: 1503 },
  );
});

test('a closed source read again with the text its mentions were found in keeps them, not searched again', () => {
  let searches = 0;
  const config = { marginalia: 1, entities: [{ id: 'w7', name: 'word7', type: 'other', aliases: [] }] } as unknown as WorkspaceConfig;
  const c = new Corpus(config, (entities) => {
    const m = new MentionMatcher(entities);
    const find = m.find.bind(m);
    m.find = (text: string) => (searches++, find(text));
    return m;
  }, () => false);
  const first = claims(12);
  c.update(S, SC, { text: TEXT, sidecarText: sidecar(first) });
  const mentions = c.get(S)!.mentions;
  assert.equal(c.mentionsOf('w7').length, 1);
  const next = structuredClone(first);
  next[3].status = 'refuted';
  searches = 0;
  c.update(S, SC, { text: TEXT, sidecarText: sidecar(next) }); // a command's write: the text read again with it
  assert.equal(searches, 0, 'not searched again');
  assert.equal(c.get(S)!.mentions, mentions);
  // another text is searched
  c.update(S, SC, { text: TEXT.replace('word7', 'word7 word7'), sidecarText: sidecar(next) });
  assert.equal(searches, 1);
  assert.equal(c.mentionsOf('w7').length, 2);
});
