// Closing an index's workers (issue 15, extension/store/indexPools.ts `close`): workers that
// held their reads for the cache (indexCache.ts keepLater) write them when the index has had its
// last answer, and the next index's init, packed by the worker that built the registry's matcher
// (indexInit.ts packLater), is kept as a first answer's was: the next index's workers are handed
// it and the host packs nothing. Real index workers (src/node/indexWorker.ts under tsx).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Entity, WorkspaceConfig } from '../../src/core/types';
import { MatcherCache } from '../../src/core/mentions/matcherCache';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import { buildOf, knownRegistryKey, registryKey } from '../../src/node/indexCache';
import { IndexCacheGenerations } from '../../src/node/cacheGenerations';
import { packInit, packMatcher, unpackMatcher, type IndexInit } from '../../src/node/indexInit';
import type { IndexAnswer, IndexTask } from '../../src/node/indexRead';
import { WorkerPool } from '../../src/node/workerPool';
import { IndexPools, type IndexWorkers } from '../../src/extension/store/indexPools';
import type { CorpusRoot } from '../../src/extension/store/storeTypes';
import { scratchDir } from './scratch';

const entities: Entity[] = [
  { id: 'halden', name: 'Halden', type: 'place', aliases: [] },
  { id: 'mora', name: 'Ana Mora', type: 'person', aliases: [] },
] as Entity[];
const WORKER = path.join(__dirname, '../../src/node/indexWorker.ts');

function corpus(count: number): { root: string; items: IndexTask['items'] } {
  const root = fs.realpathSync(scratchDir('marginalia-pools-'));
  const items: IndexTask['items'] = [];
  for (let k = 0; k < count; k++) {
    fs.writeFileSync(path.join(root, `s${k}.txt`), `Ana Mora said the bridge at Halden reopened (${k}).\n`);
    fs.writeFileSync(path.join(root, `s${k}.txt.annotations.yaml`), `marginalia: 1\nsource: s${k}.txt\nannotations:\n  - {id: c${k}, kind: claim, quote: the bridge at Halden, status: disputed}\n`);
    items.push({ source: path.join(root, `s${k}.txt`), sidecar: path.join(root, `s${k}.txt.annotations.yaml`), sidecarRel: `s${k}.txt.annotations.yaml` });
  }
  return { root, items };
}

/** An index's workers as the store makes them for one corpus root whose registry has no matcher yet: the first worker builds it. */
function workersFor(config: { entities: Entity[] }, init: IndexInit): IndexWorkers {
  const root = { corpus: { registry: config } } as unknown as CorpusRoot;
  return { pool: new WorkerPool<IndexTask, IndexAnswer>(WORKER, 1, init, 20_000), registries: [{ key: 'file:///corpus', config: config as unknown as WorkspaceConfig, root }], timeline: { spawned: 0, workers: {}, answers: [], given: 0, packedFull: false } };
}

test('closing workers that held their reads for the cache: the reads are written, and the init the worker packed is kept for the next index', async () => {
  const { root, items } = corpus(6);
  const base = scratchDir('marginalia-pools-storage-');
  const generations = new IndexCacheGenerations(base);
  const dirs = generations.begin(false);
  const matchers = new MatcherCache({ pack: packMatcher, unpack: unpackMatcher });
  const pools = new IndexPools(matchers);
  const config = { entities };
  const workers = workersFor(config, packInit({ registries: [entities] }));
  const answer = await workers.pool.run({ root, maxBytes: 1 << 20, items, registry: 0, cache: dirs, keepLater: true });
  assert.equal(answer.built?.length, 1, 'the worker built the matcher');
  assert.equal(answer.nextInit, undefined, 'and put off packing the next init');
  pools.adopt(workers, answer.built, answer.nextInit); // as the store takes an answer
  const matcher = matchers.kept('file:///corpus', entities);
  assert.ok(matcher, 'the host has the matcher the worker built');
  assert.equal(matcher.restored, false, 'kept packed, as it came: nothing asked the host to find mentions with it');
  assert.deepEqual(fs.readdirSync(dirs.write!), [], 'nothing written while the index reads');

  await pools.close(workers, true);
  assert.equal(workers.pool.started, 0, 'the workers closed');
  const packed = (pools as unknown as { packed: { key: unknown[]; init: IndexInit }[] }).packed;
  const next = packed.find((p) => p.key[0] === entities && p.key[1] === matcher);
  assert.ok(next?.init.packed instanceof SharedArrayBuffer, 'the next init kept, packed by the worker');
  generations.commit(dirs);

  // the next index's workers, handed that init, take every source from what the first wrote
  const again = new WorkerPool<IndexTask, IndexAnswer>(WORKER, 1, next!.init, 20_000);
  try {
    const taken = await again.run({ root, maxBytes: 1 << 20, items, registry: 0, cache: generations.begin(false) });
    assert.equal(taken.cached, 6);
    assert.equal(taken.built, undefined, 'no matcher built again');
  } finally {
    await again.close();
  }
});

test('a matcher a worker built comes to the host packed, which finds what it finds and keeps the very bytes for the next session', async () => {
  const { root, items } = corpus(2);
  const generations = new IndexCacheGenerations(scratchDir('marginalia-pools-storage-'));
  const matchers = new MatcherCache({ pack: packMatcher, unpack: unpackMatcher });
  const pools = new IndexPools(matchers, () => generations);
  const workers = workersFor({ entities }, packInit({ registries: [entities] }));
  try {
    const answer = await workers.pool.run({ root, maxBytes: 1 << 20, items, registry: 0 });
    const packed = answer.built?.[0]?.packed;
    // a shared buffer crosses to the host without a copy: it is unpacked in a task of the host's choosing
    assert.ok(packed instanceof SharedArrayBuffer, 'the matcher comes as one shared buffer of bytes');
    pools.adopt(workers, answer.built);
    const text = 'Ana Mora said the bridge at Halden reopened.';
    assert.deepEqual(matchers.peek('file:///corpus', entities)?.find(text), new MentionMatcher(entities).find(text), 'unpacked, it finds what a matcher built here finds');
    await pools.keepBuiltMatchers();
    const kept = generations.loadMatcher(entities, buildOf(path.join(__dirname, '../../src/extension/store/indexPools.ts')));
    assert.ok(kept, 'kept for the next session');
    assert.deepEqual(MentionMatcher.restore(entities, unpackMatcher(kept)).find(text), new MentionMatcher(entities).find(text), 'restored from what was kept, it finds the same');
  } finally {
    await workers.pool.close();
  }
});

test('a matcher a worker built for a cached index comes with its registry\'s fingerprint: the host keeps it by that, taking none of its own', async () => {
  const { root, items } = corpus(2);
  const generations = new IndexCacheGenerations(scratchDir('marginalia-pools-storage-'));
  const matchers = new MatcherCache({ pack: packMatcher, unpack: unpackMatcher });
  const pools = new IndexPools(matchers, () => generations);
  const mine = entities.map((e) => ({ ...e })); // a list no fingerprint was taken of
  const workers = workersFor({ entities: mine }, packInit({ registries: [mine] }));
  try {
    const answer = await workers.pool.run({ root, maxBytes: 1 << 20, items, registry: 0, cache: generations.begin(false) });
    const expected = registryKey(structuredClone(mine));
    assert.equal(answer.built?.[0]?.key, expected, 'the worker sends the fingerprint of the registry it built the matcher for');
    assert.equal(knownRegistryKey(mine), undefined, 'the host has taken none');
    pools.adopt(workers, answer.built);
    assert.equal(knownRegistryKey(mine), expected, 'the host keeps the worker\'s');
    await pools.keepBuiltMatchers();
    assert.ok(generations.loadMatcher(structuredClone(mine), buildOf(path.join(__dirname, '../../src/extension/store/indexPools.ts'))), 'the matcher kept under it is found for the same entities next session');
  } finally {
    await workers.pool.close();
  }
});

test('closing workers that held nothing asks them nothing', async () => {
  const { root, items } = corpus(2);
  const workers = workersFor({ entities }, packInit({ registries: [entities] }));
  await workers.pool.run({ root, maxBytes: 1 << 20, items, registry: 0 });
  let asked = 0;
  const runOnEach = workers.pool.runOnEach.bind(workers.pool);
  workers.pool.runOnEach = (task) => (asked++, runOnEach(task));
  await new IndexPools(new MatcherCache()).close(workers, false);
  assert.equal(asked, 0);
  assert.equal(workers.pool.started, 0, 'closed all the same');
  await new IndexPools(new MatcherCache()).close(null, true); // no workers: nothing to do
});
