// A full index takes the index before's entry again for a source whose files it found as they
// were (issue 15, indexRead.ts sameAsBefore): the same parse, placements and mentions, not new
// ones made of the same read; any change to either file, a sidecar with problems, or a source
// whose texts are kept (open in an editor) is applied as read. After a registry change, a source
// whose mentions were carried is found as held and only searched again (Held.search): its parse
// and placements taken again, its mentions the new registry's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../../src/core/corpus';
import { parsedFromFast } from '../../src/core/format/sidecar-fast';
import { MentionTable } from '../../src/core/mentions/matcher';
import type { SourceEntry } from '../../src/core/sourceEntry';
import type { Entity, WorkspaceConfig } from '../../src/core/types';
import { entryToTakeAgain, readTask, sameAsBefore, unpackPlacements, type IndexRead, type IndexTask } from '../../src/node/indexRead';
import { WorkerMatchers } from '../../src/node/indexInit';
import { registryKey, WorkerIndexCache } from '../../src/node/indexCache';
import { IndexCacheGenerations } from '../../src/node/cacheGenerations';
import { scratchDir } from './scratch';
import { sha256Hex } from '../../src/node/capture/provenance';

const entities = [
  { id: 'halden', name: 'Halden', type: 'place', aliases: [] },
  { id: 'mora', name: 'Ana Mora', type: 'person', aliases: [] },
] as unknown as Entity[];
const registry = { entities } as unknown as WorkspaceConfig;
const TEXT = 'Ana Mora said the bridge at Halden reopened.\n';
const SIDECAR = 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: c1, kind: claim, quote: the bridge at Halden, status: disputed}\n';

function folder(): { root: string; task: IndexTask } {
  const root = fs.realpathSync(scratchDir('marginalia-again-'));
  fs.writeFileSync(path.join(root, 'a.txt'), TEXT);
  fs.writeFileSync(path.join(root, 'a.txt.annotations.yaml'), SIDECAR);
  return { root, task: { root, maxBytes: 1 << 20, items: [{ source: path.join(root, 'a.txt'), sidecar: path.join(root, 'a.txt.annotations.yaml'), sidecarRel: 'a.txt.annotations.yaml' }], registry: 0 } };
}

const read = (task: IndexTask): IndexRead => readTask(task, { registries: [entities] }, new WorkerMatchers()).reads[0];

/** The entry a host makes of a worker's read of a closed source (applyRead.ts applyWorkerRead), in a corpus that keeps no text. */
function entryOf(r: IndexRead): SourceEntry {
  const corpus = new Corpus(registry, undefined, () => false);
  return corpus.update('a.txt', 'a.txt.annotations.yaml', {
    textUnsent: true,
    textHash: r.textHash,
    sidecarUnsent: r.sidecarOmitted,
    sidecarHash: r.sidecarHash,
    parsed: parsedFromFast('', 'a.txt.annotations.yaml', r.fast!),
    placements: unpackPlacements(r.fast!.annotations, r.placed!),
    mentions: { packed: r.mentions!, table: new MentionTable(entities) },
  });
}

test('the same files read again: the entry before is taken again, its parse, placements and mentions the very objects', () => {
  const { task } = folder();
  const before = entryOf(read(task));
  const again = sameAsBefore(before, read(task));
  assert.ok(again, 'taken again');
  assert.equal(again.parsed, before.parsed);
  assert.equal(again.placements, before.placements);
  assert.equal(again.mentions, before.mentions);
  // and a corpus given it holds what it held
  const corpus = new Corpus(registry, undefined, () => false);
  const entry = corpus.update('a.txt', 'a.txt.annotations.yaml', again);
  assert.deepEqual({ ...entry }, { ...before });
  assert.equal(corpus.claims().length, 1);
});

test('anything changed, doubtful or kept is applied as read, not taken again (table)', () => {
  const cases: { why: string; change?: (root: string) => void; task?: (t: IndexTask) => IndexTask; entry?: (e: SourceEntry) => SourceEntry }[] = [
    { why: 'the sidecar edited', change: (root) => fs.writeFileSync(path.join(root, 'a.txt.annotations.yaml'), SIDECAR.replace('disputed', 'refuted')) },
    { why: 'the sidecar edited, same length', change: (root) => fs.writeFileSync(path.join(root, 'a.txt.annotations.yaml'), SIDECAR.replace('c1', 'c2')) },
    { why: 'the text edited, same length', change: (root) => fs.writeFileSync(path.join(root, 'a.txt'), TEXT.replace('Halden', 'Holden')) },
    { why: 'the sidecar removed', change: (root) => fs.rmSync(path.join(root, 'a.txt.annotations.yaml')) },
    { why: 'the text removed', change: (root) => fs.rmSync(path.join(root, 'a.txt')) },
    { why: 'the source open in an editor (its text sent)', task: (t) => ({ ...t, items: t.items.map((i) => ({ ...i, keep: true })) }) },
    { why: 'an entry whose parse had problems', entry: (e) => ({ ...e, parsed: { ...e.parsed!, problems: [{ message: 'x', severity: 'warning', line: 1, column: 1 } as never] } }) },
    { why: 'an entry whose texts are kept', entry: (e) => ({ ...e, text: TEXT }) },
    { why: 'an entry never read', entry: (e) => ({ ...e, readable: false }) },
    { why: 'an entry whose mentions a registry change carried (an entity added was never looked for)', entry: (e) => ({ ...e, mentionsCarried: true }) },
  ];
  for (const c of cases) {
    const { root, task } = folder();
    const before = (c.entry ?? ((e) => e))(entryOf(read(task)));
    c.change?.(root);
    assert.equal(sameAsBefore(before, read((c.task ?? ((t) => t))(task))), null, c.why);
  }
});

/** The task as a full index's host cuts it, saying what it holds of each source (IndexItem.before). */
const holding = (task: IndexTask, entry: SourceEntry): IndexTask => ({ ...task, items: task.items.map((i) => ({ ...i, before: entryToTakeAgain(entry)! })) });

test('a worker told what the host holds sends a read that finds the same as its hashes alone; the host takes its entry again from that', () => {
  const { root, task } = folder();
  const before = entryOf(read(task));
  const sent = read(holding(task, before));
  assert.equal(sent.same, true);
  assert.equal(sent.fast, null, 'no parse sent');
  assert.equal(sent.placed, undefined, 'no placements sent');
  assert.equal(sent.mentions, undefined, 'no mentions sent');
  const again = sameAsBefore(before, sent);
  assert.ok(again);
  assert.equal(again.parsed, before.parsed);
  assert.equal(again.mentions, before.mentions);
  // a changed sidecar: sent whole, and applied as read
  fs.writeFileSync(path.join(root, 'a.txt.annotations.yaml'), SIDECAR.replace('disputed', 'refuted'));
  const changed = read(holding(task, before));
  assert.equal(changed.same, undefined);
  assert.equal(changed.fast?.annotations[0].status, 'refuted');
  assert.equal(sameAsBefore(before, changed), null);
});

test('what is not sent is still kept whole for the next session\'s index', () => {
  const { task } = folder();
  const base = scratchDir('marginalia-again-cache-');
  const before = entryOf(read(task));
  const index = (t: IndexTask) => {
    const generations = new IndexCacheGenerations(base);
    const dirs = generations.begin(false);
    const answer = readTask({ ...t, cache: dirs }, { registries: [entities] }, new WorkerMatchers(), { store: new WorkerIndexCache(dirs, 'build-1', 1), registry: registryKey(entities) });
    generations.commit(dirs);
    return answer;
  };
  assert.equal(index(holding(task, before)).reads[0].same, true, 'read, and sent as the hashes alone');
  const next = index(task); // a new session: the host holds nothing
  assert.equal(next.cached, 1, 'taken from the cache');
  assert.deepEqual(next.reads, [read(task)], 'whole: parse, placements and mentions');
});

/** The registry after New entity… added one the text names: a closed source's mentions are carried until it is searched again. */
const added = [...entities, { id: 'bridge', name: 'bridge', type: 'place', aliases: [] }] as unknown as Entity[];

/** `entry` as a registry change leaves it (Corpus.setRegistry): its mentions carried. */
const carried = (entry: SourceEntry): SourceEntry => ({ ...entry, mentionsCarried: true });

test('after a registry change, a source found as held is searched only: its mentions sent, the host takes its parse and placements again with them', () => {
  const { root, task } = folder();
  const before = carried(entryOf(read(task)));
  const held = entryToTakeAgain(before, true);
  assert.ok(held?.search, 'the worker is told to search it');
  assert.equal(entryToTakeAgain(before), null, 'not taken again without its mentions found');
  const sent = readTask({ ...task, items: task.items.map((i) => ({ ...i, before: held! })) }, { registries: [added] }, new WorkerMatchers()).reads[0];
  assert.equal(sent.same, true);
  assert.equal(sent.fast, null, 'no parse sent');
  assert.equal(sent.placed, undefined, 'no placements sent');
  assert.equal(sent.text.ok && sent.text.text, '', 'the text left out');
  assert.ok(sent.mentions, 'its mentions sent');
  const table = new MentionTable(added);
  const again = sameAsBefore(before, sent, { packed: sent.mentions, table });
  assert.ok(again, 'taken again');
  assert.equal(again.parsed, before.parsed, 'the same parse');
  assert.equal(again.placements, before.placements, 'the same placements');
  const corpus = new Corpus({ entities: added } as unknown as WorkspaceConfig, undefined, () => false);
  const entry = corpus.update('a.txt', 'a.txt.annotations.yaml', again);
  assert.equal(entry.mentionsCarried, false);
  assert.deepEqual(corpus.mentions(entry).map((m) => m.entity).sort(), ['bridge', 'halden', 'mora'], 'the added entity is found');
  // its mentions are required: a read without them is not taken
  assert.equal(sameAsBefore(before, sent), null);
  // a sidecar changed since: read whole, parsed and placed, and not taken again
  fs.writeFileSync(path.join(root, 'a.txt.annotations.yaml'), SIDECAR.replace('disputed', 'refuted'));
  const changed = readTask({ ...task, items: task.items.map((i) => ({ ...i, before: held! })) }, { registries: [added] }, new WorkerMatchers()).reads[0];
  assert.equal(changed.same, undefined);
  assert.equal(changed.fast?.annotations[0].status, 'refuted');
  assert.equal(sameAsBefore(before, changed, changed.mentions && { packed: changed.mentions, table }), null);
});

test('a captured source found as held has its digest computed again, never taken on the hash\'s word', () => {
  const { root, task } = folder();
  const provenance = `provenance:\n  url: https://e.example/a\n  sha256: ${sha256Hex(TEXT)}\n`;
  fs.writeFileSync(path.join(root, 'a.txt.annotations.yaml'), SIDECAR.replace('source: a.txt\n', `source: a.txt\n${provenance}`));
  const first = read(task);
  assert.ok(first.fast?.provenance, 'read with its provenance');
  const before = carried({ ...entryOf(first), sha256: first.sha256 ?? null });
  const held = entryToTakeAgain(before, true)!;
  assert.equal(held.digest, true);
  const sent = readTask({ ...task, items: task.items.map((i) => ({ ...i, before: held })) }, { registries: [added] }, new WorkerMatchers()).reads[0];
  assert.equal(sent.same, true);
  assert.equal(sent.sha256, sha256Hex(TEXT), 'computed from the text read now');
  const found = { packed: sent.mentions!, table: new MentionTable(added) };
  assert.equal(sameAsBefore(before, sent, found)?.sha256, sha256Hex(TEXT));
  assert.equal(sameAsBefore(before, { ...sent, sha256: undefined }, found), null, 'not taken without it');
});
