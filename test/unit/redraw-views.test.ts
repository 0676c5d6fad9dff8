// The Claims and Entities views' models kept per source (core/redraw/claimRows.ts,
// mentionIndex.ts, groupedRows.ts; issue 15), held against a full rebuild after every one-source
// change of a seeded random corpus: the same rows, in the same groups and order, showing the
// same; and the change they report names every group whose rows came, went or moved and every
// row that shows something else — what the view redraws, so a row left out would stay stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus } from '../../src/core/corpus';
import { serializeSidecar } from '../../src/core/format';
import { ClaimRowsModel, CONFLICTS, type ClaimRow, type ClaimsRoot } from '../../src/core/redraw/claimRows';
import { GroupedRows } from '../../src/core/redraw/groupedRows';
import { MentionIndex, type EntityHitLike } from '../../src/core/redraw/mentionIndex';
import type { Annotation, ClaimStatus } from '../../src/core/types';

const GROUPS = [CONFLICTS, 'disputed', 'refuted', 'unverified', 'corroborated'];
const STATUSES: (ClaimStatus | undefined)[] = [undefined, undefined, 'disputed', 'refuted', 'unverified', 'corroborated'];
const SOURCES = ['a.txt', 'b.txt', 'c.txt', 'desk/d.txt', 'desk/e.txt', 'desk/sub/f.txt'];
const WORDS = Array.from({ length: 40 }, (_, i) => `word${i}`);
const TEXT = WORDS.join(' ') + '\n';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 4294967296;
  };
}

/** What a row shows, as the view's node would: the model's test node is this data. */
interface TestNode {
  id: string;
  group: string;
  shows: string;
}

const show = (r: ClaimRow): string => JSON.stringify([r.claim.status, r.claim.annotation.quote, r.claim.placement?.result.state ?? 'none', r.claim.annotation.note ?? '']);
const make = (r: ClaimRow, _root: number, id: string) => {
  const node: TestNode = { id, group: r.group, shows: show(r) };
  return { node, sig: () => node.shows };
};

/** A random sidecar for a source: claims on words of the text, some linking (contradicts, supports) into others. */
function randomClaims(rand: () => number, source: string, ids: Map<string, string[]>): Annotation[] {
  const n = Math.floor(rand() * 5);
  const out: Annotation[] = [];
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rand() * (WORDS.length - 2));
    // a repeated id now and then: the view must still tell the rows apart
    const id = rand() < 0.1 && out.length ? out[0].id : `${source.replace(/\W/g, '')}-${Math.floor(rand() * 6)}`;
    const a: Annotation = { id, kind: 'claim', quote: rand() < 0.1 ? 'nowhere in the text' : `${WORDS[at]} ${WORDS[at + 1]}` } as Annotation;
    const status = STATUSES[Math.floor(rand() * STATUSES.length)];
    if (status) a.status = status;
    if (rand() < 0.3) a.note = `note ${Math.floor(rand() * 3)}`;
    if (rand() < 0.08) (a as { conflicts?: unknown }).conflicts = [{ field: 'status', base: 'unverified', values: [{ value: 'disputed' }, { value: 'refuted' }] }];
    const links = [];
    for (let l = Math.floor(rand() * 3); l > 0; l--) {
      const other = SOURCES[Math.floor(rand() * SOURCES.length)];
      const otherIds = ids.get(other) ?? [];
      const target = otherIds.length && rand() < 0.8 ? otherIds[Math.floor(rand() * otherIds.length)] : 'missing';
      links.push({ rel: rand() < 0.7 ? 'contradicts' : 'supports', to: `${relative(source, other)}#${target}` });
    }
    if (links.length) a.links = links as Annotation['links'];
    out.push(a);
  }
  ids.set(source, out.map((a) => a.id));
  return out;
}

function relative(from: string, to: string): string {
  const up = from.split('/').length - 1;
  return '../'.repeat(up) + to;
}

function setSource(corpus: Corpus, source: string, annotations: Annotation[] | null): void {
  if (annotations === null) corpus.remove(source);
  else corpus.update(source, `${source}.annotations.yaml`, { text: TEXT, sidecarText: serializeSidecar({ marginalia: 1, source: source.slice(source.lastIndexOf('/') + 1), annotations }) });
}

/** The same claims, one of them with another status or note. */
function oneChanged(rand: () => number, annotations: readonly Annotation[]): Annotation[] {
  const out = structuredClone(annotations) as Annotation[];
  const a = out[Math.floor(rand() * out.length)];
  if (rand() < 0.5) a.status = STATUSES.find((s) => s && s !== a.status);
  else a.note = `note ${Math.floor(rand() * 5)}`;
  return out;
}

const groupsOf = (rows: GroupedRows<TestNode>) => Object.fromEntries(GROUPS.map((g) => [g, rows.nodes(g).map((n) => `${n.id} ${n.shows}`)]));

test('Claims rows: after each one-source change, the same as a full rebuild, and the change names what to redraw', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rand = rng(seed);
    const corpus = new Corpus();
    const ids = new Map<string, string[]>();
    for (const s of SOURCES) setSource(corpus, s, randomClaims(rand, s, ids));
    const roots: ClaimsRoot[] = [{ corpus, sourceId: (rel) => `claim:${rel}` }];
    const model = new ClaimRowsModel<TestNode>(GROUPS);
    model.build(roots, make);
    for (let step = 0; step < 30; step++) {
      const source = SOURCES[Math.floor(rand() * SOURCES.length)];
      const before = groupsOf(model.rows);
      // a source read again with one claim changed (its other annotations keep their objects), or new claims
      const held = corpus.get(source)?.parsed?.sidecar?.annotations ?? [];
      setSource(corpus, source, rand() < 0.1 ? null : rand() < 0.5 && held.length ? oneChanged(rand, held) : randomClaims(rand, source, ids));
      const change = model.update(roots, [{ root: 0, rel: source }], make);
      // the view refills the nodes it keeps
      for (const k of change.kept) Object.assign(k.node, k.next.node);
      const oracle = new ClaimRowsModel<TestNode>(GROUPS);
      oracle.build(roots, make);
      const after = groupsOf(model.rows);
      const where = `seed ${seed}, step ${step}, ${source} changed`;
      assert.deepEqual(after, groupsOf(oracle.rows), `${where}: as a full rebuild`);
      assert.deepEqual(model.rows.groups(), oracle.rows.groups(), `${where}: the same groups shown`);
      for (const g of GROUPS) {
        const ids0 = before[g].map((x) => x.split(' ')[0]);
        const ids1 = after[g].map((x) => x.split(' ')[0]);
        if (ids0.join() !== ids1.join()) assert.ok(change.groups.has(g), `${where}: group ${g} listed again`);
        else if (!change.groups.has(g)) {
          // a row that stayed in place and shows something else is redrawn
          for (let i = 0; i < ids1.length; i++) {
            if (before[g][i] === after[g][i]) continue;
            assert.ok(change.kept.some((k) => k.changed && k.node.id === ids1[i]), `${where}: ${ids1[i]} redrawn`);
          }
        }
      }
    }
  }
});

test('Claims rows: one claim of a large source changed makes one row; the others are the rows held, not compared', () => {
  const corpus = new Corpus();
  const claims = Array.from({ length: 300 }, (_, i) => ({ id: `c${i}`, kind: 'claim', quote: `${WORDS[i % 38]} ${WORDS[(i % 38) + 1]}`, status: STATUSES[2 + (i % 4)] }) as Annotation);
  setSource(corpus, 'a.txt', claims);
  const roots: ClaimsRoot[] = [{ corpus, sourceId: (rel) => `claim:${rel}` }];
  let made = 0;
  let compared = 0;
  const counting = (r: ClaimRow, root: number, id: string) => {
    made++;
    const { node } = make(r, root, id);
    return { node, sig: () => (compared++, node.shows) };
  };
  const model = new ClaimRowsModel<TestNode>(GROUPS);
  model.build(roots, counting);
  const rows = new Map(GROUPS.flatMap((g) => model.rows.nodes(g).map((n) => [n.id, n] as const)));
  // the sidecar written again (a status change), read back as the store reads it
  const next = structuredClone(claims);
  next[6].status = 'corroborated'; // was unverified
  next[8].note = 'Checked against the ministry statement.';
  setSource(corpus, 'a.txt', next);
  made = 0;
  compared = 0;
  const change = model.update(roots, [{ root: 0, rel: 'a.txt' }], counting);
  assert.equal(made, 2, 'rows made again: the two changed claims only');
  assert.ok(compared <= 2, `rows compared by what they show: ${compared}`);
  assert.deepEqual(change.kept.map((k) => k.node.id), ['claim:a.txt#c8'], 'the claim with a new note keeps its row, redrawn');
  assert.ok(change.kept[0].changed);
  assert.deepEqual([...change.groups].sort(), ['corroborated', 'unverified'], 'the moved claim leaves its group for another');
  for (const [id, node] of rows) if (id !== 'claim:a.txt#c6') assert.equal(GROUPS.flatMap((g) => model.rows.nodes(g)).find((n) => n.id === id), node, `${id} keeps its node`);
});

// The rows of an unchanged list of claims are taken in their held order without gathering and
// sorting the claims again (issue 15): these changes keep every claim's id and place in the
// sidecar and still change the list (a claim's words found elsewhere in the text, a claim
// appended, a note added before the claims), so the held order must not be taken for them.
test('Claims rows: a claim found elsewhere, a claim appended, a note added before them: as a full rebuild', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rand = rng(seed);
    const corpus = new Corpus();
    const words = (k: number) => `${WORDS[k]} ${WORDS[k + 1]}`;
    const claims: Annotation[] = Array.from({ length: 8 }, (_, i) => ({ id: `c${i}`, kind: 'claim', quote: words(Math.floor(rand() * 38)), status: STATUSES[2 + (i % 4)] }) as Annotation);
    setSource(corpus, 'a.txt', claims);
    const roots: ClaimsRoot[] = [{ corpus, sourceId: (rel) => `claim:${rel}` }];
    const model = new ClaimRowsModel<TestNode>(GROUPS);
    model.build(roots, make);
    for (let step = 0; step < 20; step++) {
      const held = corpus.get('a.txt')!.parsed!.sidecar!.annotations;
      const next = structuredClone(held) as Annotation[];
      const r = rand();
      if (r < 0.4) {
        const a = next.filter((x) => x.kind === 'claim')[Math.floor(rand() * 8)];
        a.quote = words(Math.floor(rand() * 38)); // found elsewhere: another place, same id and index
        delete a.start;
        delete a.end;
        delete a.prefix;
        delete a.suffix;
      } else if (r < 0.6) next.push({ id: `x${step}`, kind: 'claim', quote: words(Math.floor(rand() * 38)) } as Annotation);
      else if (r < 0.7) next.unshift({ id: `n${step}`, kind: 'note', quote: words(3) } as Annotation);
      else next.find((x) => x.kind === 'claim')!.status = STATUSES[2 + Math.floor(rand() * 4)];
      setSource(corpus, 'a.txt', next);
      const change = model.update(roots, [{ root: 0, rel: 'a.txt' }], make);
      for (const k of change.kept) Object.assign(k.node, k.next.node); // the view refills the nodes it keeps
      const oracle = new ClaimRowsModel<TestNode>(GROUPS);
      oracle.build(roots, make);
      assert.deepEqual(groupsOf(model.rows), groupsOf(oracle.rows), `seed ${seed}, step ${step}: as a full rebuild`);
    }
  }
});

test('Claims rows: a status derived from a contradicts link changes with the other source, either way round', () => {
  const corpus = new Corpus();
  const claim = (id: string, extra: Partial<Annotation> = {}): Annotation => ({ id, kind: 'claim', quote: 'word1 word2', ...extra }) as Annotation;
  setSource(corpus, 'a.txt', [claim('a1')]);
  setSource(corpus, 'b.txt', [claim('b1')]);
  const roots: ClaimsRoot[] = [{ corpus, sourceId: (rel) => rel }];
  const model = new ClaimRowsModel<TestNode>(GROUPS);
  model.build(roots, make);
  const ids = (g: string) => model.rows.nodes(g).map((n) => n.id);
  assert.deepEqual(ids('unverified'), ['a.txt#a1', 'b.txt#b1']);
  // b now contradicts a: a (not changed itself) shows as disputed, and so does b
  setSource(corpus, 'b.txt', [claim('b1', { links: [{ rel: 'contradicts', to: 'a.txt#a1' }] })]);
  let change = model.update(roots, [{ root: 0, rel: 'b.txt' }], make);
  assert.deepEqual(ids('disputed'), ['a.txt#a1', 'b.txt#b1']);
  assert.deepEqual([...change.groups].sort(), ['disputed', 'unverified']);
  // b drops its link: a (again not changed itself) is unverified again
  setSource(corpus, 'b.txt', [claim('b1')]);
  change = model.update(roots, [{ root: 0, rel: 'b.txt' }], make);
  assert.deepEqual(ids('unverified'), ['a.txt#a1', 'b.txt#b1']);
  assert.deepEqual(ids('disputed'), []);
  // a contradicts b from its side: b shows disputed when only a changed
  setSource(corpus, 'a.txt', [claim('a1', { status: 'corroborated', links: [{ rel: 'contradicts', to: 'b.txt#b1' }] })]);
  change = model.update(roots, [{ root: 0, rel: 'a.txt' }], make);
  assert.deepEqual(ids('disputed'), ['b.txt#b1']);
  assert.deepEqual(ids('corroborated'), ['a.txt#a1']);
});

test('GroupedRows: a row keeps its node while its key and group do; only a changed look is redrawn', () => {
  const rows = new GroupedRows<{ n: number }>(['x', 'y']);
  const row = (group: string, key: string, sig: string, n: number) => ({ group, key, sig: () => sig, node: { n } });
  rows.replace('s1', [row('x', 'k1', 'one', 1), row('x', 'k2', 'two', 2)]);
  rows.replace('s0', [row('y', 'k0', 'zero', 0)]);
  assert.deepEqual(rows.groups(), ['x', 'y']);
  const first = rows.nodes('x')[0];
  const c = rows.replace('s1', [row('x', 'k1', 'one', 10), row('x', 'k2', 'TWO', 20)]);
  assert.deepEqual([...c.groups], [], 'same keys, same order: no group listed again');
  assert.deepEqual(c.kept.map((k) => [k.node.n, k.changed]), [[1, false], [2, true]], 'the old nodes kept; the second shows otherwise');
  assert.equal(rows.nodes('x')[0], first);
  const d = rows.replace('s1', [row('y', 'k1', 'one', 1)]);
  assert.deepEqual([...d.groups].sort(), ['x', 'y'], 'a row moving group lists both again');
  assert.deepEqual(rows.groups(), ['y'], 'x is empty: not shown');
  assert.deepEqual(rows.nodes('y').map((n) => n.n), [0, 1], 'sources in order: s0 before s1');
  rows.replace('s0', []);
  assert.deepEqual(rows.sources(), ['s1']);
});

test('MentionIndex: after each source changes, the same as an index built afresh, and the entities it names are those that changed', () => {
  const ENTITIES = ['e0', 'e1', 'e2', 'e3', 'e4'];
  for (let seed = 1; seed <= 30; seed++) {
    const rand = rng(seed * 7919);
    const hitsOf = new Map<string, EntityHitLike<{ id: string }>[]>();
    const randomHits = () => {
      const out: EntityHitLike<{ id: string }>[] = [];
      for (let n = Math.floor(rand() * 6), at = 0; n > 0; n--, at += 1 + Math.floor(rand() * 20)) {
        const entity = ENTITIES[Math.floor(rand() * ENTITIES.length)];
        out.push(rand() < 0.3 ? { entity, start: at, end: at + 3, annotation: { id: `a${Math.floor(rand() * 3)}` } } : { entity, start: at, end: at + 3 });
      }
      return out;
    };
    const index = new MentionIndex();
    const held = new Map(ENTITIES.map((e) => [e, index.docsOf(e)]));
    for (const s of SOURCES) {
      hitsOf.set(s, randomHits());
      index.setSource(s, hitsOf.get(s)!);
    }
    for (let step = 0; step < 40; step++) {
      const s = SOURCES[Math.floor(rand() * SOURCES.length)];
      const old = hitsOf.get(s) ?? [];
      const next = rand() < 0.2 ? old.map((h) => ({ ...h })) : rand() < 0.1 ? [] : randomHits();
      hitsOf.set(s, next);
      const changed = index.setSource(s, next);
      const fresh = new MentionIndex();
      for (const src of SOURCES) fresh.setSource(src, hitsOf.get(src) ?? []);
      const where = `seed ${seed}, step ${step}, ${s}`;
      const view = (ix: MentionIndex) => Object.fromEntries(ENTITIES.map((e) => [e, Object.fromEntries([...ix.docsOf(e)].sort(([a], [b]) => (a < b ? -1 : 1)))]));
      assert.deepEqual(view(index), view(fresh), `${where}: as built afresh`);
      for (const e of ENTITIES) {
        assert.equal(index.total(e), fresh.total(e), `${where}: ${e}'s count`);
        assert.equal(index.docsOf(e), held.get(e), `${where}: ${e} keeps its map (a row holds it)`);
        const was = JSON.stringify(old.filter((h) => h.entity === e).map((h) => [h.start, h.end, h.annotation?.id]));
        const now = JSON.stringify(next.filter((h) => h.entity === e).map((h) => [h.start, h.end, h.annotation?.id]));
        assert.equal(changed.has(e), was !== now, `${where}: ${e} reported ${changed.has(e) ? 'changed' : 'unchanged'}`);
      }
    }
  }
});
