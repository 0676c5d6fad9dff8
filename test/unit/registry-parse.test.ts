// A large registry is parsed off the extension host's thread (src/node/registryParse.ts, issue
// 15): in the index's worker that is waiting for its init, else in one started for it. What
// comes back is exactly what the host's own fast read makes of the text; a file that needs the
// careful reader comes back null, for the host to report with positions.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readWorkspaceFast } from '../../src/core/format';
import type { IndexAnswer, IndexTask } from '../../src/node/indexRead';
import { OFF_THREAD_BYTES, parsedBy, parsedIn, parseRegistryOffThread } from '../../src/node/registryParse';
import { WorkerPool, workerScript } from '../../src/node/workerPool';
import { OWN_PARSE, packInit, unpackInit, WorkerMatchers } from '../../src/node/indexInit';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import { scratchDir } from './scratch';

const NODE_DIR = path.join(__dirname, '../../src/node');

/** A registry of `n` entities, each with an alias or two, over OFF_THREAD_BYTES from a few hundred. */
function registry(n: number, extra = ''): string {
  const lines = ['marginalia: 1', 'entities:'];
  for (let k = 0; k < n; k++) {
    lines.push(`  - id: person-${k}`, `    name: Person Number ${k} Invented`, '    type: person', `    aliases: [Invented${k}, { text: "the invented ${k}", ignoreCase: true }]`);
  }
  return lines.join('\n') + '\n' + extra;
}

test('a large clean registry parsed in a worker started for it is what the fast read makes of it', async () => {
  const text = registry(1500);
  assert.ok(text.length >= OFF_THREAD_BYTES, 'large enough to go off the thread');
  const config = await parseRegistryOffThread(text, null, NODE_DIR);
  assert.ok(config, 'a config');
  assert.deepEqual(config, readWorkspaceFast(text));
  assert.equal(config.entities.length, 1500);
});

test('a registry the careful reader must see (a duplicate id) comes back null, not a config', async () => {
  const text = registry(1500) + '  - id: person-3\n    name: Someone Else\n    type: person\n';
  assert.equal(readWorkspaceFast(text), null, 'the fast read refuses it too');
  assert.equal(await parseRegistryOffThread(text, null, NODE_DIR), null);
});

test('the index pool waiting for its init parses it (no other worker started); without any worker: undefined', async () => {
  const noWorkers = os.tmpdir(); // no indexWorker here: a worker started for it cannot be
  assert.equal(workerScript(noWorkers, 'indexWorker'), null);
  assert.equal(await parseRegistryOffThread(registry(1500), null, noWorkers), undefined, 'the caller parses it then');
  const pool = new WorkerPool<IndexTask, IndexAnswer>(workerScript(NODE_DIR, 'indexWorker')!, 1, WorkerPool.LATER);
  try {
    pool.warm();
    const text = registry(1500);
    assert.deepEqual(await parseRegistryOffThread(text, pool, noWorkers), readWorkspaceFast(text));
  } finally {
    await pool.close();
  }
});

test('a closed pool falls back to a worker started for the parse', async () => {
  const pool = new WorkerPool<IndexTask, IndexAnswer>(workerScript(NODE_DIR, 'indexWorker')!, 1, WorkerPool.LATER);
  await pool.close();
  const text = registry(1500);
  assert.deepEqual(await parseRegistryOffThread(text, pool, NODE_DIR), readWorkspaceFast(text));
});

test('the worker that parsed a registry builds its matcher straight after, and takes that one when the init names the parse (IndexInit.parsed)', async () => {
  const text = registry(800);
  const parsed = readWorkspaceFast(text)!;
  const source = 'Person Number 12 Invented met the invented 7 and Invented3.';
  const init = () => unpackInit(packInit({ registries: [structuredClone(parsed.entities)] })); // as a worker unpacks the host's copy
  const matchers = new WorkerMatchers();
  matchers.afterParse(5, parsed.entities);
  await new Promise((resolve) => setImmediate(resolve)); // the answer has gone: built meanwhile
  const named = { ...init(), parsed: [5] };
  const taken = matchers.get(named, 0)!;
  assert.equal(taken.entities, parsed.entities, 'the matcher built from this worker\'s own parse, not one built again from the init');
  assert.deepEqual(taken.findPacked(source), new MentionMatcher(named.registries[0]).findPacked(source), 'finding what the init\'s matcher would');
  assert.deepEqual(matchers.takeBuilt()?.map((b) => b.registry), [0], 'sent back to the host as built here');
  assert.equal(matchers.fromParse, 1, 'and counted in the marks the bench prints');
  // an init that comes before the build ran: built then, from the parse
  const early = new WorkerMatchers();
  early.afterParse(6, parsed.entities);
  assert.equal(early.get({ ...init(), parsed: [6] }, 0)!.entities, parsed.entities);
  // a worker that did not make that parse builds from the init, as before
  const other = { ...init(), parsed: [5] };
  assert.equal(new WorkerMatchers().get(other, 0)!.entities, other.registries[0]);
});

test('an index pool\'s parse is named for that pool only (parsedIn), and its worker answers with the matcher it built from it', async () => {
  const text = registry(1500);
  const script = workerScript(NODE_DIR, 'indexWorker')!;
  const pool = new WorkerPool<IndexTask, IndexAnswer>(script, 1, WorkerPool.LATER);
  const another = new WorkerPool<IndexTask, IndexAnswer>(script, 1, WorkerPool.LATER);
  const root = fs.realpathSync(scratchDir('marginalia-parsed-'));
  const source = 'Person Number 12 Invented met the invented 7 and Invented3.\n';
  fs.writeFileSync(path.join(root, 'a.txt'), source);
  try {
    pool.warm();
    const config = (await parseRegistryOffThread(text, pool, NODE_DIR))!;
    const parse = parsedIn(config.entities, pool);
    assert.equal(typeof parse, 'number', 'the parse is named for its pool');
    assert.equal(parsedIn(config.entities, another), undefined, 'and for no other');
    const own = (await parseRegistryOffThread(text, null, NODE_DIR))!;
    assert.equal(parsedIn(own.entities, pool), undefined, 'a parse in a worker started for it alone is named for no pool');
    pool.setInit({ ...packInit({ registries: [config.entities] }), parsed: [parse] });
    const answer = await pool.run({ root, maxBytes: 1 << 20, items: [{ source: path.join(root, 'a.txt'), sidecar: path.join(root, 'a.txt.annotations.yaml'), sidecarRel: 'a.txt.annotations.yaml' }], registry: 0 });
    assert.deepEqual(answer.reads[0].mentions, new MentionMatcher(config.entities).findPacked(source), 'the mentions the host\'s matcher finds');
    assert.equal(answer.built?.[0]?.registry, 0, 'the matcher comes back to the host, as one built in the pool');
    assert.equal(answer.marks?.fromParse, 1, 'the one the worker built from its parse');
  } finally {
    await Promise.all([pool.close(), another.close()]);
  }
});

test('an init that leaves a registry to the worker that parsed it (OWN_PARSE): that worker reads with its own parse\'s entities; another fails its tasks, for the host to read them', async () => {
  const text = registry(1500);
  const pool = new WorkerPool<IndexTask, IndexAnswer>(workerScript(NODE_DIR, 'indexWorker')!, 2, WorkerPool.LATER);
  const root = fs.realpathSync(scratchDir('marginalia-own-parse-'));
  const source = 'Person Number 12 Invented met the invented 7 and Invented3.\n';
  fs.writeFileSync(path.join(root, 'a.txt'), source);
  const task: IndexTask = { root, maxBytes: 1 << 20, items: [{ source: path.join(root, 'a.txt'), sidecar: path.join(root, 'a.txt.annotations.yaml'), sidecarRel: 'a.txt.annotations.yaml' }], registry: 0 };
  try {
    pool.allow(1);
    pool.warm();
    const config = (await parseRegistryOffThread(text, pool, NODE_DIR))!;
    const parse = parsedIn(config.entities, pool)!;
    const parser = parsedBy(config.entities, pool);
    assert.equal(typeof parser, 'number', 'the thread that parsed it is named');
    const own = { ...packInit({ registries: [OWN_PARSE] }), parsed: [parse] };
    const handed: number[] = [];
    // the one that parsed it gets the init without the entities; any other, the same (to show it fails)
    pool.setInit(undefined, (_k, thread) => (handed.push(thread), { init: own }));
    const answer = await pool.run(task);
    assert.deepEqual(handed, [parser], 'handed to the thread that parsed the registry');
    assert.deepEqual(answer.reads[0].mentions, new MentionMatcher(config.entities).findPacked(source), 'the mentions of the registry it parsed');
    assert.equal(answer.marks?.fromParse, 1, 'with the matcher built from that parse');
    pool.allow(2);
    // a second worker, handed the same init, has no such parse: its tasks fail (the host reads them)
    const both = await Promise.allSettled([pool.run(task), pool.run(task), pool.run(task)]);
    assert.equal(handed.length, 2, 'a second worker started');
    assert.ok(both.some((r) => r.status === 'rejected' && /did not make/.test(String(r.reason))), 'a task of the worker without the parse failed');
    assert.ok(both.every((r) => r.status === 'rejected' || r.value.marks?.thread === parser), 'only the parser answered');
  } finally {
    await pool.close();
  }
  // the rule itself: the parse's very entities, or an error; never an empty registry
  const matchers = new WorkerMatchers();
  const entities = readWorkspaceFast(registry(3))!.entities;
  matchers.afterParse(9, entities);
  assert.equal(unpackInit({ ...packInit({ registries: [OWN_PARSE] }), parsed: [9] }, matchers).registries[0], entities);
  assert.throws(() => unpackInit({ ...packInit({ registries: [OWN_PARSE] }), parsed: [8] }, matchers), /did not make/);
  assert.throws(() => unpackInit({ ...packInit({ registries: [OWN_PARSE] }), parsed: [9] }), /did not make/);
});
