// A re-index does not rebuild the registry's matcher (issue 15): the corpus builds it only when
// a mention is asked for that the index workers did not bring, and a new corpus from an
// unchanged registry gets the last one again; a changed registry gets a new one, and the one
// before it back (an Undo) that one's again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus } from '../../src/core/corpus';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import { MatcherCache } from '../../src/core/mentions/matcherCache';
import { packMatcher, unpackMatcher } from '../../src/node/indexInit';
import type { Entity, WorkspaceConfig } from '../../src/core/types';

const halden = { id: 'halden', name: 'Halden', type: 'place', aliases: [] } as unknown as Entity;
const mora = { id: 'mora', name: 'Ana Mora', type: 'person', aliases: [{ text: 'mora', ignoreCase: true }] } as unknown as Entity;
const registry = (entities: Entity[]) => ({ entities }) as unknown as WorkspaceConfig;
const TEXT = 'Ana Mora reached Halden.';

test('a corpus builds its matcher on first use only', () => {
  const cache = new MatcherCache();
  const corpus = new Corpus(registry([halden]), cache.for('root'));
  const e = corpus.update('a.txt', 'a.txt.annotations.yaml', { text: TEXT, sidecarText: null });
  e.mentions = []; // as the index workers hand them over
  assert.deepEqual(corpus.mentions(e), []);
  assert.equal(cache.builds, 0, 'nothing asked the matcher yet');
  assert.deepEqual(corpus.matcherFind(TEXT).map((m) => m.entity), ['halden']);
  assert.equal(cache.builds, 1);
});

test('re-indexing with the same registry reuses the matcher; a changed one builds anew', () => {
  const cache = new MatcherCache();
  const cases: { root: string; entities: Entity[]; builds: number; found: string[] }[] = [
    { root: 'r', entities: [halden, mora], builds: 1, found: ['mora', 'halden'] },
    { root: 'r', entities: [structuredClone(halden), structuredClone(mora)], builds: 1, found: ['mora', 'halden'] }, // read again, equal
    { root: 'r', entities: [halden], builds: 2, found: ['halden'] }, // an entity removed
    { root: 'other', entities: [halden], builds: 3, found: ['halden'] }, // another corpus root keeps its own
    { root: 'r', entities: [halden], builds: 3, found: ['halden'] },
    // an entity added and undone: the registry before comes back, and its matcher with it
    { root: 'r', entities: [halden, mora], builds: 3, found: ['mora', 'halden'] },
    { root: 'r', entities: [halden], builds: 3, found: ['halden'] },
    // another entity added and undone: the one asked for last is kept, not the one made last
    { root: 'r', entities: [mora], builds: 4, found: ['mora'] },
    { root: 'r', entities: [halden], builds: 4, found: ['halden'] },
    // the last two asked for are kept for a root, not every registry it had
    { root: 'r', entities: [halden, mora], builds: 5, found: ['mora', 'halden'] },
    { root: 'r', entities: [halden], builds: 5, found: ['halden'] },
    { root: 'r', entities: [mora], builds: 6, found: ['mora'] },
    // as long as a kept list, and equal but for one entity, first or last: another registry
    { root: 'r', entities: [halden, mora], builds: 7, found: ['mora', 'halden'] },
    { root: 'r', entities: [halden, { ...mora, name: 'Ana Morales', aliases: [] }], builds: 8, found: ['halden'] },
    { root: 'r', entities: [{ ...halden, name: 'Hald' }, mora], builds: 9, found: ['mora'] },
    { root: 'r', entities: [structuredClone(halden), { ...mora, name: 'Ana Morales', aliases: [] }], builds: 9, found: ['halden'] },
  ];
  for (const c of cases) {
    const corpus = new Corpus(registry(c.entities), cache.for(c.root));
    assert.deepEqual(corpus.matcherFind(TEXT).map((m) => m.entity), c.found, JSON.stringify(c));
    assert.equal(cache.builds, c.builds, JSON.stringify(c));
  }
});

test('setRegistry drops the matcher: mentions follow the new registry', () => {
  const cache = new MatcherCache();
  const corpus = new Corpus(registry([halden]), cache.for('r'));
  assert.deepEqual(corpus.matcherFind(TEXT).map((m) => m.entity), ['halden']);
  corpus.setRegistry(registry([mora]));
  assert.deepEqual(corpus.matcherFind(TEXT).map((m) => m.entity), ['mora']);
});

test('all() lists sources in path order after any addition or removal (its sorted list is kept between them)', () => {
  const corpus = new Corpus(null);
  const steps: { add?: string; remove?: string; expected: string[] }[] = [
    { add: 'b.txt', expected: ['b.txt'] },
    { add: 'a.txt', expected: ['a.txt', 'b.txt'] },
    { add: 'a.txt', expected: ['a.txt', 'b.txt'] }, // an update, not a new source
    { add: 'c/d.txt', expected: ['a.txt', 'b.txt', 'c/d.txt'] },
    { remove: 'a.txt', expected: ['b.txt', 'c/d.txt'] },
    { remove: 'zzz.txt', expected: ['b.txt', 'c/d.txt'] },
  ];
  for (const s of steps) {
    if (s.add) corpus.update(s.add, `${s.add}.annotations.yaml`, { text: 'x' });
    if (s.remove) corpus.remove(s.remove);
    const listed = corpus.all();
    assert.deepEqual(listed.map((e) => e.source), s.expected, JSON.stringify(s));
    listed.pop(); // a caller changing its copy changes nothing
    assert.deepEqual(corpus.all().map((e) => e.source), s.expected);
  }
});

test('a matcher adopted from an index worker is the one the next corpus and the next index get', () => {
  const cache = new MatcherCache();
  assert.equal(cache.peek('r', [halden]), undefined, 'peek never builds');
  const fromWorker = new MentionMatcher([halden]);
  cache.adopt('r', [halden], fromWorker);
  assert.equal(cache.peek('r', [structuredClone(halden)]), fromWorker);
  assert.equal(cache.peek('r', [mora]), undefined, 'not for another registry');
  new Corpus(registry([halden]), cache.for('r')).matcherFind(TEXT);
  assert.equal(cache.builds, 0, 'the host used the worker\'s');
});

test('keptFor(entities) finds the kept matcher of that very list, for the editor\'s worker; never builds', () => {
  const cache = new MatcherCache();
  const list = [halden];
  assert.equal(cache.keptFor(list), undefined);
  const m = new MentionMatcher(list);
  cache.adopt('r', list, m);
  assert.equal(cache.keptFor(list)?.matcher, m);
  assert.equal(cache.keptFor([halden]), undefined, 'an equal list that is another parse is not taken for it');
  assert.equal(cache.builds, 0);
});

test('a packed matcher (a worker\'s, the last session\'s) is kept as its bytes, handed on as they are, and restored only when the host finds mentions with it', () => {
  const cache = new MatcherCache({ pack: packMatcher, unpack: unpackMatcher });
  const list = [halden, mora];
  const bytes = packMatcher(new MentionMatcher(list).compiled());
  cache.adoptPacked('r', list, bytes);
  const kept = cache.kept('r', [structuredClone(halden), structuredClone(mora)]);
  assert.ok(kept, 'found for an equal list, as a built one is');
  assert.equal(kept.restored, false, 'not restored by being looked up');
  assert.equal(kept.packed, bytes, 'handed on as the very bytes it came as');
  assert.equal(cache.keptFor(list), kept);
  const corpus = new Corpus(registry(list), cache.for('r'));
  assert.deepEqual(corpus.matcherFind(TEXT).map((m) => m.entity), ['mora', 'halden'], 'restored, it finds what it was built to');
  assert.equal(kept.restored, true);
  assert.equal(cache.builds, 0, 'none built on the host');
  // one built on the host is packed once, when a worker is handed it
  const built = cache.kept('other', list) ?? (cache.for('other')(list), cache.kept('other', list)!);
  const once = built.packed;
  assert.ok(once instanceof SharedArrayBuffer);
  assert.equal(built.packed, once, 'packed once');
  assert.deepEqual(new Corpus(registry(list), () => MentionMatcher.restore(list, unpackMatcher(once))).matcherFind(TEXT), corpus.matcherFind(TEXT));
  assert.throws(() => new MatcherCache().adoptPacked('r', list, bytes), /a way to restore it/, 'a cache that cannot restore takes no bytes');
});
