// A large registry is parsed off the extension host's thread (src/node/registryParse.ts, issue
// 15): in the index's worker that is waiting for its init, else in one started for it. What
// comes back is exactly what the host's own fast read makes of the text; a file that needs the
// careful reader comes back null, for the host to report with positions.
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readWorkspaceFast } from '../../src/core/format';
import type { IndexAnswer, IndexTask } from '../../src/node/indexRead';
import { OFF_THREAD_BYTES, parseRegistryOffThread } from '../../src/node/registryParse';
import { WorkerPool, workerScript } from '../../src/node/workerPool';

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
