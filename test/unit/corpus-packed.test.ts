// Issue 15 (10,000 sources in ≤ 300 MB): a closed source keeps its registry mentions packed as an
// index worker sent them (three Int32s each: phrase, start, end) with the registry's shared
// table, and the store copies a chunk's mentions into one buffer. What the views read
// (Corpus.mentions, entityHits) must be exactly what the objects gave, and stay so through a
// registry change, an editor opened on the source, and a save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../../src/core/corpus';
import { parseWorkspace } from '../../src/core/format';
import { isPacked, mentionList, MentionMatcher, MentionTable } from '../../src/core/mentions/matcher';
import { shareBuffer } from '../../src/node/indexRead';

const sample = path.join(__dirname, '../../sample');
const read = (rel: string) => fs.readFileSync(path.join(sample, rel), 'utf8');
const registry = () => parseWorkspace(read('marginalia.yaml'), 'marginalia.yaml').config!;
const SOURCES = fs.readdirSync(sample).filter((f) => f.endsWith('.txt')).sort();

/** A closed source's entry given its mentions packed, as the store gives a worker's. */
function packedCorpus(open = new Set<string>()): { corpus: Corpus; objects: Corpus } {
  const config = registry();
  const matcher = new MentionMatcher(config.entities);
  const table = new MentionTable(config.entities);
  const corpus = new Corpus(config, undefined, (s) => open.has(s));
  const objects = new Corpus(config, undefined, () => false);
  for (const s of SOURCES) {
    const sidecar = fs.existsSync(path.join(sample, s + '.annotations.yaml')) ? read(s + '.annotations.yaml') : null;
    corpus.update(s, s + '.annotations.yaml', { text: read(s), sidecarText: sidecar, mentions: { packed: matcher.findPacked(read(s)), table } });
    objects.update(s, s + '.annotations.yaml', { text: read(s), sidecarText: sidecar });
  }
  return { corpus, objects };
}

test('packed mentions read back as the matcher finds them, source by source (entity, alias, offsets)', () => {
  const { corpus, objects } = packedCorpus();
  let total = 0;
  for (const s of SOURCES) {
    const e = corpus.get(s)!;
    assert.ok(e.mentions && isPacked(e.mentions), `${s}: kept packed`);
    assert.deepEqual(corpus.mentions(e), objects.mentions(objects.get(s)!), s);
    assert.deepEqual(corpus.entityHits(e), objects.entityHits(objects.get(s)!), s);
    total += corpus.mentions(e).length;
  }
  assert.ok(total > 10, 'the sample mentions registry entities');
  for (const id of registry().entities.map((x) => x.id)) assert.deepEqual(corpus.mentionsOf(id), objects.mentionsOf(id), id);
});

test('table: MentionTable on packed mentions — unpack, entityOf, entityIds', () => {
  const config = registry();
  const matcher = new MentionMatcher(config.entities);
  const table = new MentionTable(config.entities);
  const cases = [
    { name: 'none', text: 'Nothing here at all.' },
    ...SOURCES.slice(0, 4).map((s) => ({ name: s, text: read(s) })),
  ];
  for (const c of cases) {
    const packed = matcher.findPacked(c.text);
    const found = matcher.find(c.text);
    assert.deepEqual(table.unpack(packed), found, `${c.name}: unpack`);
    assert.deepEqual(mentionList({ packed, table }), found, `${c.name}: mentionList`);
    assert.deepEqual(found.map((_, k) => table.entityOf(packed, k)), found.map((m) => m.entity), `${c.name}: entityOf`);
    assert.deepEqual(table.entityIds(packed), found.map((m) => m.entity), `${c.name}: entityIds`);
  }
});

test('a registry change keeps a packed source\'s mentions of entities still registered, packed', () => {
  const { corpus, objects } = packedCorpus();
  const s = SOURCES.find((x) => new Set(objects.mentions(objects.get(x)!).map((m) => m.entity)).size >= 2)!;
  const before = objects.mentions(objects.get(s)!);
  const removed = before[0].entity;
  const config = registry();
  corpus.setRegistry({ ...config, entities: config.entities.filter((x) => x.id !== removed) });
  const e = corpus.get(s)!;
  assert.ok(e.mentions && isPacked(e.mentions), 'still packed');
  assert.deepEqual(corpus.mentions(e), before.filter((m) => m.entity !== removed));
  // what the Sources view counts (summary.ts entryCounts), read from the packed list as it is
  assert.deepEqual(corpus.mentionedIds(e), before.filter((m) => m.entity !== removed).map((m) => m.entity));
  assert.ok(corpus.mentionedIds(objects.get(s)!).includes(removed), 'the corpus the registry did not change still counts it');
});

test('an editor opened on a packed source, then a save: the mentions move with the text as the objects did', () => {
  const s = SOURCES[0];
  const open = new Set<string>();
  const { corpus } = packedCorpus(open);
  const objects = new Corpus(registry(), undefined, () => true);
  const sidecar = read(s + '.annotations.yaml');
  objects.update(s, s + '.annotations.yaml', { text: read(s), sidecarText: sidecar });
  open.add(s);
  assert.equal(corpus.adopt(s, read(s)), true);
  const edited = 'A new first line.\n' + read(s);
  corpus.update(s, s + '.annotations.yaml', { text: edited });
  objects.update(s, s + '.annotations.yaml', { text: edited });
  assert.deepEqual(corpus.mentions(corpus.get(s)!), objects.mentions(objects.get(s)!));
  assert.deepEqual(corpus.mentions(corpus.get(s)!), new MentionMatcher(registry().entities).find(edited));
});

test('shareBuffer: a chunk\'s mentions in one buffer, each read\'s a view with the same values; reads without mentions untouched', () => {
  const reads: { mentions?: Int32Array }[] = [{ mentions: Int32Array.from([1, 2, 3]) }, {}, { mentions: new Int32Array(0) }, { mentions: Int32Array.from([4, 5, 6, 7, 8, 9]) }];
  const values = reads.map((r) => (r.mentions ? [...r.mentions] : undefined));
  shareBuffer(reads);
  assert.deepEqual(reads.map((r) => (r.mentions ? [...r.mentions] : undefined)), values);
  assert.equal(reads[0].mentions!.buffer, reads[3].mentions!.buffer, 'one buffer');
  assert.equal(reads[1].mentions, undefined);
});
