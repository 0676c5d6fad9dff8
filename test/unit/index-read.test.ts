// What the index workers hand the extension host (issue 15): for each source, the guarded
// reads, the sidecar as the fast reader found it, the registry's mentions and the annotations'
// placements, equal to what the host computed itself before (parseSidecarQuick,
// MentionMatcher.find, placeAnnotations) once unpacked, and a refusal for anything the guarded
// read refuses. Run here in-process and through a real worker pool.
import { test } from 'node:test';
import { sha256Hex } from '../../src/node/capture/provenance';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { parseSidecar, parseSidecarQuick } from '../../src/core/format';
import { MentionMatcher, MentionTable } from '../../src/core/mentions/matcher';
import { placeAnnotations } from '../../src/core/placement';
import type { Entity } from '../../src/core/types';
import { LARGE_TEXT, internAnnotations, packPlacements, readTask, readTaskFirst, unpackPlacements, type IndexAnswer, type IndexRead, type IndexTask } from '../../src/node/indexRead';
import { packInit, peerInits, unpackInit, unpackMatcher, WorkerMatchers, type IndexInit } from '../../src/node/indexInit';
import { WorkerPool } from '../../src/node/workerPool';
import { scratchDir } from './scratch';

const entities: Entity[] = [
  { id: 'halden', name: 'Halden', type: 'place', aliases: [{ text: 'the bridge town' }] },
  { id: 'mora', name: 'Ana Mora', type: 'person', aliases: [{ text: 'mora', ignoreCase: true }] },
] as Entity[];
const TEXT = 'Ana Mora said the bridge at Halden reopened. MORA later denied it; the bridge town was quiet.\n';
const SIDECAR = 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: c1, kind: claim, quote: the bridge at Halden reopened, status: disputed}\n';
/** Written where the text has it, with its whole context: placed without anchoring. */
const VERBATIM = 'marginalia: 1\nsource: e.txt\nannotations:\n  - {id: n1, kind: note, quote: Ana Mora, prefix: "", suffix: " said the bridge at Halden reope", start: 0, end: 8}\n';
const WARNED = 'marginalia: 1\nsource: b.txt\nannotations:\n  - {id: c1, kind: claim, quote: the bridge, status: perhaps}\n';

function folder(): { root: string; task: IndexTask } {
  const root = fs.realpathSync(scratchDir('marginalia-index-'));
  const outside = scratchDir('marginalia-outside-');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'not yours\n');
  const files: Record<string, string> = { 'a.txt': TEXT, 'a.txt.annotations.yaml': SIDECAR, 'b.txt': TEXT, 'b.txt.annotations.yaml': WARNED, 'c.txt': TEXT, 'e.txt': TEXT, 'e.txt.annotations.yaml': VERBATIM };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'd.txt'));
  const item = (name: string) => ({ source: path.join(root, name), sidecar: path.join(root, `${name}.annotations.yaml`), sidecarRel: `${name}.annotations.yaml` });
  return { root, task: { root, maxBytes: 1 << 20, items: ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'].map(item), registry: 0 } };
}

function expectations(reads: IndexRead[]): void {
  const [a, b, c, d, e] = reads;
  assert.ok(a.text.ok && a.sidecar.ok);
  assert.deepEqual(a.fast, parseSidecarQuick(SIDECAR, 'a.txt.annotations.yaml').sidecar, 'the fast reader gives the host reader\'s sidecar');
  const mentions = new MentionTable(entities).unpack(a.mentions!);
  assert.deepEqual(mentions, new MentionMatcher(entities).find(TEXT), 'the mentions are the host matcher\'s');
  assert.deepEqual(mentions.map((m) => m.entity), ['mora', 'halden', 'mora', 'halden']);
  assert.ok(Array.isArray(a.placed), 'a quote without offsets is anchored, and the answer says where');
  assert.deepEqual(unpackPlacements(a.fast!.annotations, a.placed!), placeAnnotations(TEXT, a.fast!.annotations), 'the placements are the host\'s');
  assert.equal(e.placed, 'verbatim', 'an annotation standing where its sidecar says costs one word');
  assert.deepEqual(unpackPlacements(e.fast!.annotations, e.placed!), placeAnnotations(TEXT, e.fast!.annotations));
  assert.ok(b.sidecar.ok && b.fast === null, 'a sidecar with a finding is left to the careful reader on the host');
  // in the writer's shape, its problems come placed, as the careful reader places them
  const careful = parseSidecar(WARNED, 'b.txt.annotations.yaml');
  assert.deepEqual(b.located, { sidecar: careful.sidecar, problems: careful.problems });
  assert.equal(careful.problems.length, 1);
  // and its annotations placed here too, as the host places the careful reader's (it placed them itself before)
  assert.ok(b.placed !== undefined, 'placed in the worker');
  assert.deepEqual(unpackPlacements(b.located!.sidecar!.annotations, b.placed!), placeAnnotations(TEXT, careful.sidecar!.annotations));
  assert.ok(!c.sidecar.ok && c.sidecar.reason === 'missing' && c.fast === null);
  assert.ok(!d.text.ok && d.text.reason === 'outside', 'a link outside the corpus is refused, never read');
  assert.equal(d.mentions, undefined);
}

test('readTask: guarded reads, the fast sidecar and the mentions, as the host would compute them', () => {
  const { task } = folder();
  expectations(readTask(task, { registries: [entities] }, new WorkerMatchers()).reads);
});

test('a worker restores the matcher it is handed; one it had to build goes back once, for the host to keep', () => {
  const { task } = folder();
  const matchers = new WorkerMatchers();
  const first = readTask(task, { registries: [entities] }, matchers);
  assert.equal(first.built?.length, 1, 'built here: sent back');
  assert.equal(readTask(task, { registries: [entities] }, matchers).built, undefined, 'sent once per worker');
  const restored = MentionMatcher.restore(entities, unpackMatcher(structuredClone(first.built![0].packed)));
  const handed = readTask(task, { registries: [entities], compiled: [restored.compiled()] }, new WorkerMatchers());
  assert.equal(handed.built, undefined, 'handed a matcher, the worker builds none');
  expectations(handed.reads);
  // prepared on init, before any task: the first answer still brings what was built
  const early = new WorkerMatchers();
  early.prepare({ registries: [entities] });
  assert.equal(readTask(task, { registries: [entities] }, early).built?.length, 1);
});

test('a worker that built the matcher packs the next init with it: handed on, a worker restores it (builds none) and finds the same mentions', () => {
  const { task } = folder();
  const first = readTask(task, { registries: [entities] }, new WorkerMatchers());
  assert.ok(first.built && first.nextInit, 'built here: the next init comes packed with it');
  // what packInit would make on the host: the same registries and matcher
  assert.equal(first.nextInit.matchers?.[0], first.built[0].packed, 'the same bytes as the matcher sent back: packed once');
  const next = unpackInit({ ...first.nextInit });
  assert.deepEqual(next.registries, [entities]);
  assert.deepEqual(next.compiled, [unpackMatcher(first.built[0].packed)]);
  // as an index worker takes its init (indexWorker.ts): unpacked, then read with
  const handed = readTask(task, unpackInit({ ...first.nextInit }), new WorkerMatchers());
  assert.equal(handed.built, undefined, 'restored from the packed init, not built');
  assert.equal(handed.nextInit, undefined, 'nothing built, nothing packed');
  expectations(handed.reads);
});

test('an index that holds its reads for the cache gets the next init when it asks for them, not with its first answer (packLater)', () => {
  const { task } = folder();
  const matchers = new WorkerMatchers();
  const first = readTask({ ...task, keepLater: true }, { registries: [entities] }, matchers);
  assert.equal(first.built?.length, 1, 'the matcher comes back with the first answer, as ever');
  assert.equal(first.nextInit, undefined, 'its packing put off');
  const packed = matchers.packedLater();
  assert.ok(packed, 'packed when asked');
  assert.equal(matchers.packedLater(), undefined, 'once');
  const next = unpackInit({ ...packed });
  assert.deepEqual(next.registries, [entities]);
  assert.deepEqual(next.compiled, [unpackMatcher(first.built![0].packed)]);
});

test('the same through an index worker, and a pool whose worker cannot start rejects (the caller reads itself)', async () => {
  const { task } = folder();
  const pool = new WorkerPool<IndexTask, IndexAnswer>(path.join(__dirname, '../../src/node/indexWorker.ts'), 1, { registries: [entities] } satisfies IndexInit);
  try {
    pool.warm(); // started before any task, as the store does while it lists files
    expectations((await pool.run(task)).reads);
  } finally {
    await pool.close();
  }
  const broken = new WorkerPool<IndexTask, IndexAnswer>(path.join(os.tmpdir(), 'no-such-worker.js'), 1);
  await assert.rejects(broken.run(task));
  await broken.close();
});

test('a pool whose first worker builds the matcher for all (peerInits): the others restore it, only the first sends it back, every answer finds the same mentions', async () => {
  const { task } = folder();
  const init = packInit({ registries: [entities], compiled: [undefined] }); // as the store sends it
  const pool = new WorkerPool<IndexTask, IndexAnswer>(path.join(__dirname, '../../src/node/indexWorker.ts'), 3, init, 20_000, 2, peerInits(init, 3));
  try {
    pool.warm();
    const answers = await Promise.all(Array.from({ length: 9 }, () => pool.run(task)));
    assert.equal(answers.filter((a) => a.built).length, 1, 'one worker built the matcher (and sent it back once)');
    for (const a of answers) expectations(a.reads);
  } finally {
    await pool.close();
  }
});

test('the init goes to the workers as one shared buffer (packInit): each unpacks the registries and the matcher it is handed, restores it without building, and finds the same mentions', async () => {
  const { task } = folder();
  const init = packInit({ registries: [entities], compiled: [new MentionMatcher(entities).compiled()] });
  assert.ok(init.packed instanceof SharedArrayBuffer, 'posted without a copy');
  assert.deepEqual(init.registries, [], 'the registries travel in the buffer only');
  const pool = new WorkerPool<IndexTask, IndexAnswer>(path.join(__dirname, '../../src/node/indexWorker.ts'), 2, init, 20_000, 2);
  try {
    pool.warm();
    const answers = await Promise.all(Array.from({ length: 4 }, () => pool.run(task)));
    assert.equal(answers.filter((a) => a.built).length, 0, 'the matcher handed was restored, not built');
    for (const a of answers) expectations(a.reads);
  } finally {
    await pool.close();
  }
});

test('a pool of three held back to one worker (allow): it builds the matcher and reads alone; peerInits.close closes the ends it never handed', async () => {
  const { task } = folder();
  const init: IndexInit = { registries: [entities], compiled: [undefined] };
  const peers = peerInits(init, 3);
  const pool = new WorkerPool<IndexTask, IndexAnswer>(path.join(__dirname, '../../src/node/indexWorker.ts'), 3, init, 20_000, 2, peers);
  try {
    pool.allow(1);
    pool.warm();
    const answers = await Promise.all(Array.from({ length: 4 }, () => pool.run(task)));
    assert.equal(answers.filter((a) => a.built).length, 1);
    for (const a of answers) expectations(a.reads);
  } finally {
    await pool.close();
  }
  peers.close();
  peers.close(); // twice is harmless
});

test('a worker waiting for its peer\'s matcher restores what comes, or builds its own when the port closes first', async () => {
  const { task } = folder();
  const compiled = new MentionMatcher(entities).compiled();
  for (const peerSends of [true, false]) {
    const { port1, port2 } = new MessageChannel();
    const init: IndexInit = { registries: [entities], fromPeer: port2 };
    const matchers = new WorkerMatchers();
    matchers.prepare(init);
    assert.ok(matchers.ready(), 'waiting');
    if (peerSends) port1.postMessage({ compiled: [compiled] });
    else port1.close(); // the peer died
    await matchers.ready();
    const answer = readTask(task, init, matchers);
    assert.equal(answer.built?.length, peerSends ? undefined : 1, peerSends ? 'restored: nothing to send back' : 'built here: sent back');
    expectations(answer.reads);
  }
});

test('packed placements read back as placeAnnotations gave them: verbatim, moved, fuzzy, orphaned', () => {
  const text = 'Ana Mora said the bridge at Halden reopened.\nMORA later denied it.\n';
  const sidecars = [
    VERBATIM.replace('source: e.txt', 'source: x.txt'),
    'marginalia: 1\nsource: x.txt\nannotations:\n  - {id: m, kind: note, quote: MORA later, start: 3, end: 13}\n', // moved
    'marginalia: 1\nsource: x.txt\nannotations:\n  - {id: f, kind: claim, quote: the bridge at Halden reopend, status: disputed}\n', // fuzzy, words changed
    'marginalia: 1\nsource: x.txt\nannotations:\n  - {id: o, kind: note, quote: nothing like this here at all}\n', // orphaned
    'marginalia: 1\nsource: x.txt\nannotations: []\n',
  ];
  for (const yaml of sidecars) {
    const annotations = parseSidecarQuick(yaml, 'x.txt.annotations.yaml').sidecar!.annotations;
    const placed = placeAnnotations(text, annotations);
    const packed = packPlacements(placed);
    assert.deepEqual(unpackPlacements(annotations, structuredClone(packed)), placed, yaml);
  }
  assert.throws(() => unpackPlacements([], [{ result: { state: 'orphaned', start: null, end: null, confidence: 0 } }]), 'placements for another sidecar are refused');
});

test('table: which texts a worker leaves out (issue 15: the host keeps no closed source\'s text)', () => {
  const { task } = folder();
  task.items[4] = { ...task.items[4], keep: true }; // e.txt is open in an editor
  const [a, b, c, d, e] = readTask(task, { registries: [entities] }, new WorkerMatchers()).reads;
  const cases: { name: string; read: IndexRead; text: boolean; sidecar: boolean }[] = [
    { name: 'placed and searched: neither text is sent', read: a, text: false, sidecar: false },
    { name: 'a sidecar for the careful reader: both are sent (the host parses and places)', read: b, text: true, sidecar: true },
    { name: 'no sidecar: nothing to place, the text is not sent', read: c, text: false, sidecar: true },
    { name: 'open in an editor: both are sent (the host keeps them)', read: e, text: true, sidecar: true },
  ];
  for (const k of cases) {
    assert.equal(k.read.textOmitted === true, !k.text, `${k.name}: text`);
    assert.equal(k.read.text.ok && k.read.text.text === '', !k.text, `${k.name}: no text in the answer`);
    assert.equal(k.read.sidecarOmitted !== undefined, !k.sidecar, `${k.name}: sidecar`);
    if (k.read.textOmitted) assert.ok(k.read.textHash !== undefined && k.read.mentions, `${k.name}: the hash and mentions stand for the text`);
  }
  assert.equal(a.sidecarOmitted, SIDECAR.length);
  assert.equal(d.textOmitted, undefined, 'a refused source has no text to leave out');
});

test('received annotations share one string per repeating value; long and other fields are left as they are', () => {
  const copy = <T>(v: T): T => structuredClone(v);
  const a = { id: 'a1', kind: 'claim', quote: 'the bridge', author: 'Priya Raman', created: '2026-11-01T00:02:00Z', note: 'x'.repeat(300) } as const;
  const received = [copy(a), copy(a), copy({ ...a, id: 'a2', author: 'Ana Mora' })] as unknown as Parameters<typeof internAnnotations>[0];
  const pool = new Map<string, string>();
  internAnnotations(received, pool);
  const [x] = received as unknown as (typeof a)[];
  assert.deepEqual(received, [a, a, { ...a, id: 'a2', author: 'Ana Mora' }], 'the values are unchanged');
  assert.equal(pool.get('Priya Raman'), x.author);
  assert.ok(pool.has('claim') && pool.has('2026-11-01T00:02:00Z') && pool.has('Ana Mora'));
  assert.ok(!pool.has(a.note) && !pool.has('the bridge') && !pool.has('a1'), 'a note over 200 characters, quotes and ids are not pooled');
});

test('readTaskFirst: the files are read and placed in the first step, while the peer\'s matcher is awaited; the mentions come with the second', async () => {
  const { root, task } = folder();
  const { port1, port2 } = new MessageChannel();
  const init: IndexInit = { registries: [entities], fromPeer: port2 };
  const matchers = new WorkerMatchers();
  matchers.prepare(init);
  const finish = readTaskFirst(task); // before the matcher is here
  // what the first step read is what the answer says, whatever the disk says later
  for (const name of ['a.txt', 'a.txt.annotations.yaml', 'e.txt']) fs.rmSync(path.join(root, name));
  port1.postMessage({ compiled: [new MentionMatcher(entities).compiled()] });
  await matchers.ready();
  const answer = finish(() => init, matchers);
  assert.equal(answer.built, undefined, 'the peer\'s matcher, restored');
  expectations(answer.reads);
  const found = (a: IndexAnswer) => a.reads.map((r) => [r.fast, r.mentions, r.placed, r.textHash, r.sidecarHash, r.sha256, r.textOmitted, r.sidecarOmitted]);
  assert.deepEqual(found(answer), found(readTask(folder().task, init, matchers)), 'what one step finds in the same files');
});

test('a worker takes its peer\'s matcher the moment it is on the port: at once when started after it was sent, and before its next task when it came during one', async () => {
  const compiled = new MentionMatcher(entities).compiled();
  // started late: the peer posted long before
  const late = new MessageChannel();
  late.port1.postMessage({ compiled: [compiled] });
  const lateMatchers = new WorkerMatchers();
  const lateInit: IndexInit = { registries: [entities], fromPeer: late.port2 };
  lateMatchers.prepare(lateInit);
  assert.equal(lateMatchers.ready(), null, 'taken while the init was handled, before any task');
  assert.equal(readTask(folder().task, lateInit, lateMatchers).built, undefined, 'the peer\'s, restored');
  // waiting, then the matcher comes while a task is read: the next task takes it without a turn of the event loop
  const { port1, port2 } = new MessageChannel();
  const init: IndexInit = { registries: [entities], fromPeer: port2 };
  const matchers = new WorkerMatchers();
  matchers.prepare(init);
  assert.ok(matchers.ready(), 'waiting');
  port1.postMessage({ compiled: [compiled] });
  matchers.take();
  assert.equal(matchers.ready(), null, 'taken');
  expectations(readTask(folder().task, init, matchers).reads);
});

// the text's SHA-256 serves only a captured source's provenance check: it comes with a text whose
// sidecar has provenance (or goes to the careful reader, which may find some), and not otherwise
test('a text\'s digest comes where its sidecar has provenance or needs the careful reader, not elsewhere', () => {
  const { root, task } = folder();
  const captured = `marginalia: 1\nsource: f.txt\nprovenance:\n  url: https://example.org/a\n  sha256: ${'ab'.repeat(32)}\nannotations: []\n`;
  fs.writeFileSync(path.join(root, 'f.txt'), TEXT);
  fs.writeFileSync(path.join(root, 'f.txt.annotations.yaml'), captured);
  task.items.push({ source: path.join(root, 'f.txt'), sidecar: path.join(root, 'f.txt.annotations.yaml'), sidecarRel: 'f.txt.annotations.yaml' });
  const [a, b, c, , e, f] = readTask(task, { registries: [entities] }, new WorkerMatchers()).reads;
  assert.ok(f.fast?.provenance, 'the captured sidecar is read the fast way');
  assert.equal(f.sha256, sha256Hex(TEXT), 'a captured source: its digest, to check against provenance.sha256');
  assert.equal(b.sha256, sha256Hex(TEXT), 'left to the careful reader: the digest comes in case it finds provenance');
  assert.equal(a.sha256, undefined, 'no provenance: no digest');
  assert.equal(e.sha256, undefined);
  assert.equal(c.sha256, undefined, 'no sidecar: no provenance');
});

// and a long text's, whatever its sidecar: once it is open, the editor's worker reads its file
// itself, and takes it only when the bytes have this digest (core/worker/docTexts.ts)
test('a long text\'s digest comes whatever its sidecar, for the editor\'s worker to read its file once it is open', () => {
  const { root, task } = folder();
  const long = `${'The mayor reportedly left. '.repeat(Math.ceil(LARGE_TEXT / 27))}\n`;
  const short = long.slice(0, LARGE_TEXT - 2) + '\n';
  fs.writeFileSync(path.join(root, 'long.txt'), long);
  fs.writeFileSync(path.join(root, 'short.txt'), short);
  for (const name of ['long.txt', 'short.txt']) task.items.push({ source: path.join(root, name), sidecar: path.join(root, `${name}.annotations.yaml`), sidecarRel: `${name}.annotations.yaml` });
  const reads = readTask(task, { registries: [entities] }, new WorkerMatchers()).reads;
  const [longRead, shortRead] = reads.slice(-2);
  assert.ok(long.length >= LARGE_TEXT && short.length < LARGE_TEXT);
  assert.equal(longRead.sha256, sha256Hex(long), 'a long text: its digest, with no sidecar at all');
  assert.equal(shortRead.sha256, undefined, 'a shorter one: none (posted whole, it costs the host little)');
});
