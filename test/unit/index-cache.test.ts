// The index's reads kept between sessions (issue 15, node/indexCache.ts): the next full index
// takes a source from the cache only while both its files are the very files it was read from,
// under the same build, root, size cap and registry; anything else is read again, with the
// guarded read, and gives what a read without a cache gives. A broken cache is no cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { createHash } from 'node:crypto';
import type { Entity, WorkspaceConfig } from '../../src/core/types';
import { buildOf, knownRegistryKey, registryKey, WorkerIndexCache, type IndexCacheDirs } from '../../src/node/indexCache';
import { IndexCacheGenerations } from '../../src/node/cacheGenerations';
import { readTask, readTaskFirst, type IndexAnswer, type IndexRead, type IndexTask } from '../../src/node/indexRead';
import { packInit, packMatcher, unpackMatcher, WorkerMatchers, type IndexInit } from '../../src/node/indexInit';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import { WorkerPool } from '../../src/node/workerPool';
import { scratchDir } from './scratch';

const entities: Entity[] = [
  { id: 'halden', name: 'Halden', type: 'place', aliases: [] },
  { id: 'mora', name: 'Ana Mora', type: 'person', aliases: [] },
] as Entity[];
const TEXT = 'Ana Mora said the bridge at Halden reopened.\n';
const sidecar = (name: string) => `marginalia: 1\nsource: ${name}\nannotations:\n  - {id: c1, kind: claim, quote: the bridge at Halden, status: disputed}\n`;

function corpus(): { root: string; base: string; task: IndexTask; init: IndexInit } {
  const root = fs.realpathSync(scratchDir('marginalia-cache-'));
  const base = scratchDir('marginalia-storage-');
  for (const name of ['a.txt', 'b.txt', 'c.txt']) {
    fs.writeFileSync(path.join(root, name), TEXT);
    if (name !== 'c.txt') fs.writeFileSync(path.join(root, `${name}.annotations.yaml`), sidecar(name));
  }
  const items = ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ source: path.join(root, name), sidecar: path.join(root, `${name}.annotations.yaml`), sidecarRel: `${name}.annotations.yaml` }));
  return { root, base, task: { root, maxBytes: 1 << 20, items, registry: 0 }, init: { registries: [entities] } };
}

/** One full index as the store runs it: a generation begun, the task read by a worker with the cache, the generation made current. */
function index(base: string, task: IndexTask, init: IndexInit, options: { reread?: boolean; build?: string } = {}): { reads: IndexRead[]; cached: number; copied: number; written: Buffer } {
  const generations = new IndexCacheGenerations(base);
  const dirs = generations.begin(options.reread ?? false);
  const store = new WorkerIndexCache(dirs, options.build ?? 'build-1', 1);
  const answer = readTask({ ...task, cache: dirs }, init, new WorkerMatchers(), { store, registry: registryKey(init.registries[0]) });
  const written = fs.readFileSync(path.join(dirs.write!, '1.bin'));
  generations.commit(dirs);
  return { reads: answer.reads, cached: answer.cached ?? 0, copied: store.copied, written };
}

/** A read without any cache, to compare with. */
const fresh = (task: IndexTask, init: IndexInit) => readTask(task, init, new WorkerMatchers()).reads;

test('an unchanged corpus is taken from the cache whole, and gives what reading it gives', () => {
  const { base, task, init } = corpus();
  const first = index(base, task, init);
  assert.equal(first.cached, 0, 'nothing kept before the first index');
  const second = index(base, task, init);
  assert.equal(second.cached, 3, 'every source taken unread (one without a sidecar too)');
  assert.deepEqual(second.reads, fresh(task, init));
  // each as small as its own: a view of the cache file's buffer would be posted to the host whole
  for (const r of second.reads) if (r.mentions) assert.equal(r.mentions.buffer.byteLength, r.mentions.byteLength, 'mentions in a buffer of their own');
  assert.equal(index(base, task, init).cached, 3, 'and again from the generation the second index wrote');
  assert.deepEqual(fs.readdirSync(base).filter((n) => n.startsWith('gen-')).length, 1, 'the generations before are deleted');
});

test('a source or sidecar changed, replaced, removed or added since is read again (table)', () => {
  const cases: { change: (root: string, outside: string) => void; want: (r: IndexRead) => boolean }[] = [
    // the text edited (same length: the change time tells it)
    { change: (root) => fs.writeFileSync(path.join(root, 'a.txt'), TEXT.replace('Halden', 'Holden')), want: (r) => r.mentions!.length === 3 },
    // the sidecar edited
    { change: (root) => fs.writeFileSync(path.join(root, 'a.txt.annotations.yaml'), sidecar('a.txt').replace('disputed', 'refuted')), want: (r) => r.fast?.annotations[0].status === 'refuted' },
    // the sidecar removed
    { change: (root) => fs.rmSync(path.join(root, 'a.txt.annotations.yaml')), want: (r) => !r.sidecar.ok && r.sidecar.reason === 'missing' },
    // the text swapped for a symlink out of the corpus
    { change: (root, out) => (fs.rmSync(path.join(root, 'a.txt')), fs.symlinkSync(path.join(out, 'secret.txt'), path.join(root, 'a.txt'))), want: (r) => !r.text.ok && r.text.reason === 'outside' },
    // the text removed
    { change: (root) => fs.rmSync(path.join(root, 'a.txt')), want: (r) => !r.text.ok && r.text.reason === 'missing' },
  ];
  for (const [k, { change, want }] of cases.entries()) {
    const { root, base, task, init } = corpus();
    const outside = scratchDir('marginalia-outside-');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET\n');
    index(base, task, init);
    change(root, outside);
    const { reads, cached } = index(base, task, init);
    assert.equal(cached, 2, `case ${k}: the two others taken`);
    assert.ok(want(reads[0]), `case ${k}: ${JSON.stringify(reads[0]).slice(0, 300)}`);
    assert.deepEqual(reads, fresh(task, init), `case ${k}: what a read without the cache gives`);
    assert.ok(!JSON.stringify(reads).includes('TOP SECRET'), `case ${k}`);
  }
  // a sidecar added to a source that had none
  const { root, base, task, init } = corpus();
  index(base, task, init);
  fs.writeFileSync(path.join(root, 'c.txt.annotations.yaml'), sidecar('c.txt'));
  const { reads, cached } = index(base, task, init);
  assert.equal(cached, 2);
  assert.ok(reads[2].sidecar.ok && reads[2].fast?.annotations.length === 1);
});

test('another build, size cap, registry or corpus root reads everything again; so does a Refresh (reread)', () => {
  const { base, task, init } = corpus();
  index(base, task, init);
  assert.equal(index(base, task, init, { build: 'build-2' }).cached, 0, 'a new version of the reading rules');
  assert.equal(index(base, task, init, { build: 'build-2' }).cached, 3);
  assert.equal(index(base, { ...task, maxBytes: 1 << 19 }, init, { build: 'build-2' }).cached, 0, 'another size cap');
  const more: IndexInit = { registries: [[...entities, { id: 'bridge', name: 'the bridge', type: 'thing', aliases: [] } as Entity]] };
  const { reads, cached } = index(base, { ...task, maxBytes: 1 << 19 }, more, { build: 'build-2' });
  assert.equal(cached, 0, 'another registry: the mentions are found again');
  assert.equal(reads[0].mentions!.length, 9, 'with the new entity');
  assert.equal(index(base, { ...task, maxBytes: 1 << 19 }, more, { build: 'build-2', reread: true }).cached, 0, 'Refresh reads everything');
  assert.equal(index(base, { ...task, maxBytes: 1 << 19 }, more, { build: 'build-2' }).cached, 3, 'and keeps what it read');
});

test('a task taken from the cache whole never asks for the registries and matcher; one with a source to read does, and finds its mentions', () => {
  const { root, base, task, init } = corpus();
  index(base, task, init);
  let asked = 0;
  const initOf = () => (asked++, init);
  const step = () => {
    const generations = new IndexCacheGenerations(base);
    const dirs = generations.begin(false);
    const store = new WorkerIndexCache(dirs, 'build-1', 1);
    const answer = readTaskFirst({ ...task, cache: dirs }, { store, registry: registryKey(entities) })(initOf, new WorkerMatchers());
    generations.commit(dirs);
    return answer;
  };
  const whole = step();
  assert.equal(whole.cached, 3);
  assert.equal(asked, 0, 'a reopen with nothing changed unpacks nothing');
  assert.deepEqual(whole.reads, fresh(task, init), 'mentions and all, as a read finds them');
  assert.equal(index(base, task, init).cached, 3, 'and kept for the next index all the same');
  fs.writeFileSync(path.join(root, 'a.txt'), TEXT.replace('Halden', 'Holden'));
  const changed = step();
  assert.equal(changed.cached, 2);
  assert.equal(asked, 1, 'the changed source needs the matcher');
  assert.equal(changed.reads[0].mentions!.length, 3, 'its mentions found again');
  assert.deepEqual(changed.reads, fresh(task, init));
});

test('through index workers given the registries\' fingerprints (IndexInit.keys): a reopen is answered from the cache without the init, a changed source with it', async () => {
  const { root, base, task, init } = corpus();
  const worker = path.join(__dirname, '../../src/node/indexWorker.ts');
  const keys = [registryKey(entities)];
  const packed = packInit({ registries: [entities], compiled: [new MentionMatcher(entities).compiled()], keys });
  assert.deepEqual(packed.keys, keys, 'the fingerprints travel beside the buffer');
  // an init a worker cannot unpack: any task that needed it would fail
  const unreadable: IndexInit = { registries: [], packed: new SharedArrayBuffer(16), keys };
  new Uint8Array(unreadable.packed!).fill(0xff);
  const run = async (given: IndexInit): Promise<IndexAnswer> => {
    const generations = new IndexCacheGenerations(base);
    const dirs = generations.begin(false);
    const pool = new WorkerPool<IndexTask, IndexAnswer>(worker, 1, given, 20_000);
    try {
      const answer = await pool.run({ ...task, cache: dirs });
      generations.commit(dirs);
      return answer;
    } finally {
      await pool.close();
    }
  };
  assert.equal((await run(packed)).cached ?? 0, 0, 'the first index reads everything');
  const reopened = await run(unreadable);
  assert.equal(reopened.cached, 3, 'every source taken, the init never unpacked');
  assert.deepEqual(reopened.reads, fresh(task, init));
  fs.writeFileSync(path.join(root, 'b.txt'), TEXT.replace('Halden', 'Holden'));
  await assert.rejects(run(unreadable), 'a source to read needs the init');
  const changed = await run(packed);
  assert.equal(changed.cached, 2);
  assert.deepEqual(changed.reads, fresh(task, init), 'the changed source\'s mentions found with the matcher unpacked then');
});

test('a source open in an editor (its text wanted) is read, and no source text is kept in the cache', () => {
  const { base, task, init } = corpus();
  const kept = { ...task, items: task.items.map((item, k) => (k === 0 ? { ...item, keep: true } : item)) };
  index(base, kept, init);
  const files = fs.readdirSync(base).filter((n) => n.startsWith('gen-'));
  const bytes = Buffer.concat(files.flatMap((g) => fs.readdirSync(path.join(base, g)).map((f) => fs.readFileSync(path.join(base, g, f)))));
  assert.ok(!bytes.includes(Buffer.from('Ana Mora said')), 'no text of a source in the cache');
  const again = index(base, kept, init);
  assert.equal(again.cached, 2, 'the open one read');
  assert.ok(again.reads[0].text.ok && again.reads[0].text.text === TEXT);
});

test('a cache that cannot be read is no cache: cut short, overwritten with garbage, or its generation gone', () => {
  const breakings: ((dir: string) => void)[] = [
    (dir) => {
      const f = path.join(dir, fs.readdirSync(dir)[0]);
      fs.truncateSync(f, fs.statSync(f).size - 3);
    },
    (dir) => fs.writeFileSync(path.join(dir, fs.readdirSync(dir)[0]), Buffer.from([9, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])),
    (dir) => fs.rmSync(dir, { recursive: true }),
  ];
  for (const [k, breakIt] of breakings.entries()) {
    const { base, task, init } = corpus();
    index(base, task, init);
    const current = fs.readFileSync(path.join(base, 'current'), 'utf8');
    breakIt(path.join(base, current));
    const { reads, cached } = index(base, task, init);
    assert.equal(cached, 0, `case ${k}`);
    assert.deepEqual(reads, fresh(task, init), `case ${k}`);
    assert.equal(index(base, task, init).cached, 3, `case ${k}: the index after it takes what that one kept`);
  }
});

test('a batch is read when a task first asks for it: one whose generation is gone by then is read from the corpus, the same as without a cache', () => {
  const { base, task, init } = corpus();
  const tasks = [{ ...task, items: task.items.slice(0, 1) }, { ...task, items: task.items.slice(1) }];
  const registry = registryKey(entities);
  // two tasks, so the generation holds two batches
  for (let k = 0; k < 2; k++) {
    const generations = new IndexCacheGenerations(base);
    const dirs = generations.begin(false);
    const store = new WorkerIndexCache(dirs, 'build-1', 1);
    for (const t of tasks) readTask({ ...t, cache: dirs }, init, new WorkerMatchers(), { store, registry });
    generations.commit(dirs);
  }
  const generations = new IndexCacheGenerations(base);
  const dirs = generations.begin(false);
  const store = new WorkerIndexCache(dirs, 'build-1', 1);
  const first = readTask({ ...tasks[0], cache: dirs }, init, new WorkerMatchers(), { store, registry });
  assert.equal(first.cached, 1, 'the first batch taken');
  fs.rmSync(dirs.read!, { recursive: true }); // another window's index ended meanwhile and deleted it
  const second = readTask({ ...tasks[1], cache: dirs }, init, new WorkerMatchers(), { store, registry });
  assert.equal(second.cached ?? 0, 0, 'the second batch could not be read: its sources are read');
  assert.deepEqual(second.reads, fresh(tasks[1], init));
});

test('an index that did not end leaves the current generation as it was', () => {
  const { base, task, init } = corpus();
  index(base, task, init);
  const generations = new IndexCacheGenerations(base);
  const dirs: IndexCacheDirs = generations.begin(false);
  readTask({ ...task, cache: dirs }, init, new WorkerMatchers(), { store: new WorkerIndexCache(dirs, 'build-1', 1), registry: registryKey(entities) });
  generations.abandon(dirs);
  assert.ok(!fs.existsSync(dirs.write!));
  assert.equal(index(base, task, init).cached, 3);
});

test('reads held for the cache (keepLater) are written when the index asks for them (keepHeld), and the next index takes them as if kept at once', () => {
  const { base, task, init } = corpus();
  const generations = new IndexCacheGenerations(base);
  const dirs = generations.begin(false);
  const store = new WorkerIndexCache(dirs, 'build-1', 1);
  const cache = { store, registry: registryKey(entities) };
  const answer = readTask({ ...task, cache: dirs, keepLater: true }, init, new WorkerMatchers(), cache);
  assert.deepEqual(answer.reads, fresh(task, init), 'the answer does not wait for the cache');
  assert.ok(!fs.existsSync(path.join(dirs.write!, '1.bin')), 'nothing written while the index reads');
  assert.equal(store.keepHeld(), 3, 'every source held, written when asked');
  assert.equal(store.keepHeld(), 0, 'once');
  generations.commit(dirs);
  const next = index(base, task, init);
  assert.equal(next.cached, 3);
  assert.deepEqual(next.reads, fresh(task, init));
});

test('a task the cache gave whole, as the one batch it kept, is kept again as those very bytes, not packed anew; the next index takes it all the same', () => {
  const { root, base, task, init } = corpus();
  const first = index(base, task, init);
  assert.equal(first.copied, 0, 'a first index packs what it read');
  const second = index(base, task, init);
  assert.equal(second.cached, 3);
  assert.equal(second.copied, 1, 'the batch copied');
  assert.ok(second.written.equals(first.written), 'byte for byte what the index before kept');
  const third = index(base, task, init);
  assert.equal(third.cached, 3, 'and taken whole from the copy');
  assert.deepEqual(third.reads, fresh(task, init));
  // one source changed: the task is read in part, and packed as ever
  fs.writeFileSync(path.join(root, 'b.txt.annotations.yaml'), sidecar('b.txt').replace('disputed', 'refuted'));
  const fourth = index(base, task, init);
  assert.equal(fourth.cached, 2);
  assert.equal(fourth.copied, 0, 'not the batch kept before');
  assert.equal(index(base, task, init).cached, 3, 'what was packed is taken next time');
  // the same sources in another order, or fewer of them: not that batch either
  const reordered = { ...task, items: [...task.items].reverse() };
  assert.equal(index(base, reordered, init).copied, 0, 'another order');
  assert.equal(index(base, reordered, init).copied, 1, 'that order, once kept so');
  assert.equal(index(base, { ...task, items: task.items.slice(0, 2) }, init).copied, 0, 'fewer sources');
});

test('a batch held for the cache (keepLater) that the cache gave whole is copied when the index asks; if its generation is gone by then, its reads are packed', () => {
  const { base, task, init } = corpus();
  index(base, task, init);
  const generations = new IndexCacheGenerations(base);
  let dirs = generations.begin(false);
  let store = new WorkerIndexCache(dirs, 'build-1', 1);
  readTask({ ...task, cache: dirs, keepLater: true }, init, new WorkerMatchers(), { store, registry: registryKey(entities) });
  assert.equal(store.keepHeld(), 3);
  assert.equal(store.copied, 1, 'copied when asked');
  generations.commit(dirs);
  dirs = generations.begin(false);
  store = new WorkerIndexCache(dirs, 'build-1', 1);
  readTask({ ...task, cache: dirs, keepLater: true }, init, new WorkerMatchers(), { store, registry: registryKey(entities) });
  fs.rmSync(dirs.read!, { recursive: true, force: true }); // the generation it was kept in, gone before the index asks
  assert.equal(store.keepHeld(), 3);
  assert.equal(store.copied, 0, 'nothing to copy: packed from the reads held');
  generations.commit(dirs);
  const next = index(base, task, init);
  assert.equal(next.cached, 3);
  assert.deepEqual(next.reads, fresh(task, init));
});

test('a worker holds at most so many sources\' reads for the cache: beyond, the oldest batches are written as the index reads', () => {
  const { base, task, init } = corpus();
  const generations = new IndexCacheGenerations(base);
  const dirs = generations.begin(false);
  const store = new WorkerIndexCache(dirs, 'build-1', 1, 4);
  const cache = { store, registry: registryKey(entities) };
  const file = path.join(dirs.write!, '1.bin');
  readTask({ ...task, cache: dirs, keepLater: true }, init, new WorkerMatchers(), cache);
  assert.ok(!fs.existsSync(file), 'three held');
  readTask({ ...task, cache: dirs, keepLater: true }, init, new WorkerMatchers(), cache);
  const written = fs.statSync(file).size;
  assert.ok(written > 0, 'six over four: the first batch written');
  assert.equal(store.keepHeld(), 3, 'the second batch still held');
  assert.ok(fs.statSync(file).size > written);
});

test('through index workers: each worker writes the reads it held when the pool asks every one (runOnEach), and the next index takes them all', async () => {
  const { root, base, init } = corpus();
  for (let k = 0; k < 12; k++) {
    fs.writeFileSync(path.join(root, `s${k}.txt`), TEXT);
    fs.writeFileSync(path.join(root, `s${k}.txt.annotations.yaml`), sidecar(`s${k}.txt`));
  }
  const items = Array.from({ length: 12 }, (_, k) => ({ source: path.join(root, `s${k}.txt`), sidecar: path.join(root, `s${k}.txt.annotations.yaml`), sidecarRel: `s${k}.txt.annotations.yaml` }));
  const tasks: IndexTask[] = [0, 3, 6, 9].map((k) => ({ root, maxBytes: 1 << 20, items: items.slice(k, k + 3), registry: 0 }));
  const worker = path.join(__dirname, '../../src/node/indexWorker.ts');
  const generations = new IndexCacheGenerations(base);
  const dirs = generations.begin(false);
  const pool = new WorkerPool<IndexTask, IndexAnswer>(worker, 2, packInit(init), 20_000);
  try {
    await pool.run({ ...tasks[0], cache: dirs, keepLater: true }); // the first worker started
    await Promise.all(tasks.slice(1).map((t) => pool.run({ ...t, cache: dirs, keepLater: true })));
    assert.equal(pool.started, 2);
    assert.deepEqual(fs.readdirSync(dirs.write!), [], 'nothing written while the index reads');
    const kept = await pool.runOnEach({ root: '', maxBytes: 0, items: [], keepHeld: true });
    assert.equal(kept.length, 2, 'each worker asked once');
    assert.equal(kept.reduce((n, k) => n + (k.status === 'fulfilled' ? (k.value.kept ?? 0) : 0), 0), 12, 'every source written');
  } finally {
    await pool.close();
  }
  generations.commit(dirs);
  const next = generations.begin(false);
  const again = new WorkerPool<IndexTask, IndexAnswer>(worker, 1, packInit(init), 20_000);
  try {
    const answer = await again.run({ root, maxBytes: 1 << 20, items, registry: 0, cache: next });
    assert.equal(answer.cached, 12, 'the next index takes every source from what both workers wrote');
    assert.deepEqual(answer.reads, fresh({ root, maxBytes: 1 << 20, items, registry: 0 }, init));
  } finally {
    await again.close();
  }
});

test('the registry\'s matcher is kept for the next session: restored for the same entities and build, refused for others or when damaged', async () => {
  const { MentionMatcher } = await import('../../src/core/mentions/matcher');
  const { base } = corpus();
  const generations = new IndexCacheGenerations(base);
  const matcher = new MentionMatcher(entities);
  assert.equal(generations.loadMatcher(entities, 'build-1'), null, 'none kept yet');
  await generations.saveMatcher(entities, 'build-1', packMatcher(matcher.compiled())); // as a worker packed it
  const packed = generations.loadMatcher(entities, 'build-1');
  assert.ok(packed instanceof SharedArrayBuffer, 'given back as its bytes, for the workers as they are');
  assert.deepEqual(MentionMatcher.restore(entities, unpackMatcher(packed)).find(TEXT), matcher.find(TEXT), 'finds what the matcher it was kept from finds');
  assert.equal(generations.loadMatcher(entities, 'build-2'), null, 'another build');
  assert.equal(generations.loadMatcher([...entities, { id: 'bridge', name: 'the bridge', type: 'thing', aliases: [] } as Entity], 'build-1'), null, 'another registry');
  const file = path.join(base, fs.readdirSync(base).find((n) => n.startsWith('matcher'))!);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 5] ^= 0xff;
  fs.writeFileSync(file, bytes);
  assert.equal(generations.loadMatcher(entities, 'build-1'), null, 'a damaged file');
  fs.writeFileSync(file, 'garbage');
  assert.equal(generations.loadMatcher(entities, 'build-1'), null, 'garbage');
  // the file as sessions before this one wrote it: a checksum, then one v8 serialization of it all
  const before = v8.serialize({ build: 'build-1', registry: registryKey(entities), packed: Buffer.from(packMatcher(matcher.compiled())) });
  fs.writeFileSync(file, Buffer.concat([createHash('sha1').update(before).digest(), before]));
  assert.equal(generations.loadMatcher(entities, 'build-1'), null, 'a file of the format before: another build wrote it, and it is no cache');
  const head = Buffer.alloc(24);
  head.writeUInt32LE(1 << 30, 20);
  fs.writeFileSync(file, head);
  assert.equal(generations.loadMatcher(entities, 'build-1'), null, 'a description said to be longer than the file');
  await generations.saveMatcher(entities, 'build-1', packMatcher(matcher.compiled()));
  fs.truncateSync(file, fs.statSync(file).size - 1);
  assert.equal(generations.loadMatcher(entities, 'build-1'), null, 'a file cut short');
});

test('a registry\'s fast parse is kept for the next session: given back for the very same text and build only', async () => {
  const { base } = corpus();
  const generations = new IndexCacheGenerations(base);
  const file = '/corpus/marginalia.yaml';
  const text = 'marginalia: 1\nentities:\n  - {id: halden, name: Halden, type: place}\n';
  const config = { entities } as unknown as WorkspaceConfig;
  assert.equal(generations.loadRegistry(file, text, 'build-1'), null, 'none kept yet');
  await generations.saveRegistry(file, text, 'build-1', config);
  const restored = generations.loadRegistry(file, text, 'build-1');
  assert.deepEqual(restored, config);
  // its entities' fingerprint comes with it, the one they give (the kept matcher is found by it, none taken again)
  assert.equal(knownRegistryKey(restored!.entities!), registryKey(structuredClone(entities)), 'the fingerprint kept with the parse');
  assert.equal(generations.loadMatcher(restored!.entities!, 'build-1'), null, 'no matcher kept yet');
  await generations.saveMatcher(entities, 'build-1', packMatcher(new MentionMatcher(entities).compiled()));
  assert.ok(generations.loadMatcher(generations.loadRegistry(file, text, 'build-1')!.entities!, 'build-1'), 'the matcher kept for these entities, found by the kept fingerprint');
  assert.equal(generations.loadRegistry(file, text + ' ', 'build-1'), null, 'another text (one space more)');
  assert.equal(generations.loadRegistry(file, text, 'build-2'), null, 'another build');
  assert.equal(generations.loadRegistry('/other/marginalia.yaml', text, 'build-1'), null, 'another registry file');
  const kept = path.join(base, fs.readdirSync(base).find((n) => n.startsWith('registry-'))!);
  const bytes = fs.readFileSync(kept);
  bytes[bytes.length - 3] ^= 0xff;
  fs.writeFileSync(kept, bytes);
  assert.equal(generations.loadRegistry(file, text, 'build-1'), null, 'a damaged file');
});

test('a build is the very bundle file (device, inode, times), not its code: the same code in another file is another build', () => {
  const dir = scratchDir('build-');
  try {
    const a = path.join(dir, 'a.js');
    const b = path.join(dir, 'b.js');
    fs.writeFileSync(a, 'console.log(1);\n');
    fs.writeFileSync(b, 'console.log(1);\n');
    assert.equal(buildOf(a), buildOf(a), 'taken once per file');
    assert.notEqual(buildOf(a), buildOf(b), 'the same code in another file is another build');
    assert.match(buildOf(path.join(dir, 'missing.js')), /^unread:/, 'a bundle that cannot be read matches nothing');
    assert.notEqual(buildOf(path.join(dir, 'missing.js')), buildOf(path.join(dir, 'missing2.js')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
