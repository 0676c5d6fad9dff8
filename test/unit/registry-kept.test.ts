// A registry's parse kept for the next session (node/cacheGenerations.ts, issue 15): made in the
// worker that parsed a large registry outside an index (a registry's change), so that neither
// its fingerprint nor its serialization runs on the extension host; read back only for the very
// text it was made of, and a file kept for another text is refused from its description alone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { test } from 'node:test';
import { readWorkspaceFast } from '../../src/core/format';
import { IndexCacheGenerations, registryKeptParts } from '../../src/node/cacheGenerations';
import { knownRegistryKey, registryKey } from '../../src/node/indexCache';
import { entitiesPacked, keptPartsOf, packedAlone, parseRegistryOffThread } from '../../src/node/registryParse';
import { packInit, packRegistries, unpackRegistry } from '../../src/node/indexInit';
import { scratchDir } from './scratch';

const NODE_DIR = path.join(__dirname, '../../src/node');

function registry(n: number, first = 'Person'): string {
  const lines = ['marginalia: 1', 'entities:'];
  for (let k = 0; k < n; k++) lines.push(`  - id: person-${k}`, `    name: ${first} Number ${k} Invented`, '    type: person', `    aliases: [Invented${k}]`);
  return lines.join('\n') + '\n';
}

test('a parse kept by the worker that made it is read back for that text, with its fingerprint, and refused for another', async () => {
  const base = scratchDir('registry-kept');
  const file = path.join(base, 'corpus', 'marginalia.yaml');
  const text = registry(1500);
  const config = await parseRegistryOffThread(text, null, NODE_DIR, 'build-1');
  assert.ok(config, 'parsed in a worker');
  const made = keptPartsOf(config.entities);
  assert.ok(made, 'the worker made what is kept');
  // the fingerprint is the one the host would take of the same entities, and is taken as this list's
  assert.equal(made.key, registryKey(structuredClone(config.entities)));
  assert.equal(knownRegistryKey(config.entities), made.key, 'no fingerprint to take on the host');
  // and the index workers' init of this registry, packed there as the host would pack it
  const alone = packedAlone(config.entities);
  assert.ok(alone, 'packed in the worker');
  assert.deepEqual(v8.deserialize(new Uint8Array(alone)), v8.deserialize(new Uint8Array(packRegistries([config.entities]))));
  assert.equal(packInit({ registries: [config.entities], packed: alone }).packed, alone, 'the init takes it as it is');
  const kept = new IndexCacheGenerations(base);
  await kept.saveRegistry(file, text, 'build-1', config, made);
  const back = kept.loadRegistry(file, text, 'build-1');
  assert.deepEqual(back, readWorkspaceFast(text));
  assert.equal(knownRegistryKey(back!.entities), made.key, 'the next session has its fingerprint too');
  // for the editor's worker, either parse's entities as bytes already made: the worker's, or those the kept parse was read from
  assert.equal(entitiesPacked(config.entities), alone);
  const read = entitiesPacked(back!.entities);
  assert.ok(read instanceof SharedArrayBuffer, 'the kept parse\'s bytes, shared');
  assert.deepEqual(unpackRegistry(read), back!.entities);
  assert.deepEqual(unpackRegistry(alone), config.entities);
  assert.equal(entitiesPacked(structuredClone(back!.entities)), undefined, 'another list of the same entities was read from nothing');
  // another text (the registry changed), another build: nothing
  assert.equal(kept.loadRegistry(file, registry(1500, 'Someone'), 'build-1'), null);
  assert.equal(kept.loadRegistry(file, text, 'build-2'), null);
});

test('without `keepFor` the worker makes nothing to keep, but packs the entities still; the host makes the same file itself', async () => {
  const base = scratchDir('registry-kept-host');
  const file = path.join(base, 'marginalia.yaml');
  const text = registry(1500);
  const config = await parseRegistryOffThread(text, null, NODE_DIR);
  assert.ok(config);
  assert.equal(keptPartsOf(config.entities), undefined);
  // packed for the editor's worker all the same (cloned on the host's thread, 20 ms at 5,000 entities)
  assert.deepEqual(unpackRegistry(packedAlone(config.entities)!), config.entities);
  const kept = new IndexCacheGenerations(base);
  await kept.saveRegistry(file, text, 'b', config);
  const name = fs.readdirSync(base).find((f) => f.startsWith('registry-'))!;
  const hostMade = fs.readFileSync(path.join(base, name));
  // byte for byte what the worker would have made
  const parts = registryKeptParts('b', text, config).parts;
  assert.deepEqual(hostMade.subarray(20), Buffer.concat(parts));
  assert.deepEqual(kept.loadRegistry(file, text, 'b'), config);
});

// The Undo of a registry change writes the text before it back, whose parse the store takes
// again (registryFiles.ts): what is kept of that parse is the parts it was kept as, or read from,
// written again as they are, not serialized anew on the host's thread (issue 15).
test('a parse kept, or read from what was kept, is kept again from its own parts, and reads back the same', async () => {
  const base = scratchDir('registry-kept-again');
  const file = path.join(base, 'marginalia.yaml');
  const text = registry(300);
  const other = registry(300, 'Someone');
  const config = readWorkspaceFast(text)!;
  const kept = new IndexCacheGenerations(base);
  await kept.saveRegistry(file, text, 'b', config);
  const saved = keptPartsOf(config.entities);
  assert.ok(saved, 'the parts it was kept as, by its entities');
  assert.deepEqual(saved, registryKeptParts('b', text, config));
  const back = kept.loadRegistry(file, text, 'b')!;
  const read = keptPartsOf(back.entities);
  assert.ok(read, 'the parts it was read from, by its entities');
  // another registry kept in its place (a change), then this one's parse taken again (its Undo)
  await kept.saveRegistry(file, other, 'b', readWorkspaceFast(other)!);
  assert.equal(kept.loadRegistry(file, text, 'b'), null);
  await kept.saveRegistry(file, text, 'b', back, read);
  assert.deepEqual(kept.loadRegistry(file, text, 'b'), config, 'read back from the parts it was read from');
  assert.equal(knownRegistryKey(kept.loadRegistry(file, text, 'b')!.entities), saved.key);
});

test('a kept file cut short, changed or in the earlier layout is no cache', async () => {
  const base = scratchDir('registry-kept-bad');
  const file = path.join(base, 'marginalia.yaml');
  const text = registry(20);
  const config = readWorkspaceFast(text)!;
  const kept = new IndexCacheGenerations(base);
  await kept.saveRegistry(file, text, 'b', config);
  const name = path.join(base, fs.readdirSync(base).find((f) => f.startsWith('registry-'))!);
  const good = fs.readFileSync(name);
  const { createHash } = await import('node:crypto');
  const earlier = v8.serialize({ build: 'b', text: 'x', config, key: 'k' });
  for (const [what, bytes] of [
    ['cut short', good.subarray(0, good.length - 7)],
    ['a byte changed', Buffer.from(good).fill(1, good.length - 3, good.length - 2)],
    ['the earlier layout (one serialized record)', Buffer.concat([createHash('sha1').update(earlier).digest(), earlier])],
    ['empty', Buffer.alloc(0)],
  ] as const) {
    fs.writeFileSync(name, bytes);
    assert.equal(kept.loadRegistry(file, text, 'b'), null, what);
  }
  fs.writeFileSync(name, good);
  assert.deepEqual(kept.loadRegistry(file, text, 'b'), config, 'the file as written');
});
