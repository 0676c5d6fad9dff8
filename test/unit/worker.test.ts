// The editor's heavy work as messages (core/worker/work.ts) and the thread that runs it
// (src/node/anchorWorker.ts through src/extension/worker/workClient.ts): the answers are those
// of the same code run directly, offsets come back in UTF-16, a registry travels once, and a
// worker that cannot start loses no request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import { Work } from '../../src/core/worker/work';
import { joinResponse, PART_SIZE, RECORDS_PART_SIZE, splitResponse } from '../../src/core/worker/parts';
import { fromHypothesis, fromW3c } from '../../src/core/import';
import { decodeUtf8Strict } from '../../src/core/text/utf8';
import { placeAnnotations, unpackPlacements } from '../../src/core/placement';
import { textHash } from '../../src/core/sourceEntry';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import { KeptMatcher } from '../../src/core/mentions/matcherCache';
import { packMatcher, unpackMatcher, unpackRegistry } from '../../src/node/indexInit';
import { registryKeptParts } from '../../src/node/cacheGenerations';
import { readWorkspaceFast } from '../../src/core/format/workspace-fast';
import { listReads } from '../../src/core/format/registryAppend';
import { packedAlone, parseRegistryOffThread } from '../../src/node/registryParse';
import type { RegistryRef } from '../../src/core/worker/protocol';
import { saveOps } from '../../src/core/live/saveOps';
import { WorkClient } from '../../src/extension/worker/workClient';
import { scratchDir } from './scratch';
import { niceByThread, threadsHaveNice } from './threadNice';
import type { Annotation, Entity, Sidecar, WorkspaceConfig } from '../../src/core/types';
import { applyOps as applyOpsTo, type Op } from '../../src/core/ops';
import { parseSidecar, readSidecarFast, serializeSidecar } from '../../src/core/format';
import { applySidecarDelta } from '../../src/core/live/sidecarDelta';
import { selectorFor } from '../../src/core/anchor';
import { keepLineEnds } from '../../src/core/text/lineEnds';

const TEXT = '🙂 Intro.\n\nThe mayor of Aurel said the bridge would reopen in May.\n\nIn Aurel, nobody believed it.\n';
const cp = (s: string) => [...s].length;
const at = (quote: string, from = 0) => cp(TEXT.slice(0, TEXT.indexOf(quote, from)));
const claim = (id: string, quote: string, shift = 0): Annotation => ({
  id,
  kind: 'claim',
  quote,
  start: at(quote) + shift,
  end: at(quote) + cp(quote) + shift,
  prefix: [...TEXT.slice(0, TEXT.indexOf(quote))].slice(-32).join(''),
  suffix: [...TEXT.slice(TEXT.indexOf(quote) + quote.length)].slice(0, 32).join(''),
  status: 'unverified',
} as Annotation);
const ENTITIES: Entity[] = [{ id: 'aurel', name: 'Aurel', type: 'place', aliases: [] }];
const SIDECAR = `marginalia: 1
source: a.txt
annotations:
  - id: c1
    kind: claim
    quote: said the bridge would reopen in May
    status: unverified
  - id: c2
    kind: note
    quote: nobody believed it
    body: sure
`;

test('placing answers in UTF-16 what placeAnnotations answers in code points, orphans as null', () => {
  const annotations = [claim('c1', 'said the bridge would reopen in May', 5), { ...claim('gone', 'a sentence that is not there'), start: 0, end: 3 }];
  const answer = new Work().handle({ kind: 'place', text: TEXT, annotations, registry: { key: 1, entities: ENTITIES } });
  assert.equal(answer.kind, 'place');
  if (answer.kind !== 'place') return;
  const direct = placeAnnotations(TEXT, annotations);
  assert.equal(answer.spans[1], null, 'the missing sentence is an orphan');
  assert.equal(direct[0].result.state, 'moved');
  assert.deepEqual(answer.spans[0], { start: TEXT.indexOf('said the'), end: TEXT.indexOf('said the') + 'said the bridge would reopen in May'.length, state: 'moved', confidence: 1 });
  const mentions = new MentionMatcher(ENTITIES).find(TEXT);
  assert.equal(mentions.length, 2);
  assert.deepEqual(answer.mentions, [TEXT.indexOf('Aurel'), TEXT.lastIndexOf('Aurel')].map((s) => ({ start: s, end: s + 5, entity: 'aurel' })));
});

test('a registry travels once: later requests name it by number; an unknown number finds no mentions', () => {
  const work = new Work();
  work.handle({ kind: 'place', text: TEXT, annotations: [], registry: { key: 7, entities: ENTITIES } });
  const again = work.handle({ kind: 'place', text: TEXT, annotations: [], registry: { key: 7 } });
  assert.equal(again.kind === 'place' && again.mentions?.length, 2);
  const unknown = work.handle({ kind: 'place', text: TEXT, annotations: [], registry: { key: 8 } });
  assert.equal(unknown.kind === 'place' && unknown.mentions, null);
});

test('a matcher the worker built is answered packed, once, for the host to keep; one the host sent is not sent back', () => {
  const work = new Work({ unpackMatcher, packMatcher });
  const first = work.handle({ kind: 'place', text: TEXT, annotations: [], registry: { key: 3, entities: ENTITIES } });
  assert.ok(first.kind === 'place' && first.matcher instanceof SharedArrayBuffer, 'built here: answered packed');
  // restored on the host, it finds what the worker found
  const restored = MentionMatcher.restore(ENTITIES, unpackMatcher(first.matcher!));
  assert.deepEqual(restored.find(TEXT), new MentionMatcher(ENTITIES).find(TEXT));
  const again = work.handle({ kind: 'place', text: TEXT, annotations: [], registry: { key: 3 } });
  assert.ok(again.kind === 'place' && again.mentions?.length === 2 && again.matcher === undefined, 'kept: not sent again');
  const sent = work.handle({ kind: 'place', text: TEXT, annotations: [], registry: { key: 4, entities: ENTITIES, packed: first.matcher! } });
  assert.ok(sent.kind === 'place' && sent.mentions?.length === 2 && sent.matcher === undefined, 'the host\'s own: not sent back');
  // a worker without a way to pack (the host's own thread) answers none
  const local = new Work().handle({ kind: 'place', text: TEXT, annotations: [], registry: { key: 1, entities: ENTITIES } });
  assert.ok(local.kind === 'place' && local.matcher === undefined);
});

test('save operations: from live spans, else anchored; an unreadable sidecar gives none (table)', () => {
  const work = new Work();
  const s = TEXT.indexOf('said the');
  const cases: [name: string, sidecar: string, live: { id: string; start: number; end: number }[], want: string[]][] = [
    ['both from live spans', SIDECAR, [{ id: 'c1', start: s, end: s + 35 }, { id: 'c2', start: TEXT.indexOf('nobody'), end: TEXT.indexOf('nobody') + 18 }], ['c1', 'c2']],
    ['one without a live span is anchored', SIDECAR, [{ id: 'c1', start: s, end: s + 35 }], ['c1', 'c2']],
    ['a sidecar with an error is never rewritten', SIDECAR.replace('status: unverified', 'status: [oops'), [{ id: 'c1', start: s, end: s + 35 }], []],
  ];
  for (const [name, sidecar, live, want] of cases) {
    const answer = work.handle({ kind: 'saveOps', text: TEXT, sidecarText: sidecar, file: 'a.txt.annotations.yaml', live });
    assert.equal(answer.kind, 'saveOps', name);
    if (answer.kind !== 'saveOps') continue;
    assert.deepEqual(answer.ops.map((o) => (o.type === 'update' ? o.id : '?')), want, name);
  }
  // the offsets written are code points: the emoji before counts one
  const [op] = saveOps(TEXT, [{ id: 'c1', kind: 'claim', quote: 'said the bridge would reopen in May' } as Annotation], [{ id: 'c1', start: s, end: s + 35 }]);
  assert.deepEqual(op.type === 'update' && [op.set.start, op.set.end], [s - 1, s + 34]);
});

test('a claim whose words changed keeps its assessed quote when saved; its offsets move', () => {
  const text = TEXT.replace('would reopen', 'would not reopen');
  const s = text.indexOf('said the');
  const [op] = saveOps(text, [claim('c1', 'said the bridge would reopen in May')], [{ id: 'c1', start: s, end: s + 'said the bridge would not reopen in May'.length }]);
  assert.ok(op.type === 'update');
  assert.equal(op.set.quote, 'said the bridge would reopen in May');
  assert.equal(op.set.end, cp(text.slice(0, s)) + cp('said the bridge would not reopen in May'));
});

test('locating ids in a sidecar: line and column of each, and of `source`', () => {
  const answer = new Work().handle({ kind: 'locate', sidecarText: SIDECAR, file: 'a.txt.annotations.yaml', ids: ['c2', 'nope'] });
  assert.deepEqual(answer, { kind: 'locate', ids: { c2: { line: 8, column: 9 }, nope: { line: 1, column: 1 } }, source: { line: 2, column: 9 } });
});

test('claim cues: the sentences the paragraph-wise scan finds, with the registry\'s extra cues, per document', () => {
  const work = new Work();
  const text = 'Officials met. The mayor reportedly left.\n\nThe council, per insiders, disagrees.\n';
  const ask = (cues: string[], doc = 'd1') => {
    const a = work.handle({ kind: 'cues', doc, version: 1, length: text.length, text: { whole: text }, cues });
    return a.kind === 'cues' ? a.cues.map((c) => [text.slice(c.start, c.end), c.cue]) : a;
  };
  assert.deepEqual(ask([]), [['The mayor reportedly left.', 'reportedly']]);
  assert.deepEqual(ask(['per insiders']), [['The mayor reportedly left.', 'reportedly'], ['The council, per insiders, disagrees.', 'per insiders']], 'a registry cue counts');
  assert.deepEqual(ask([]), [['The mayor reportedly left.', 'reportedly']], 'and stops counting when the registry drops it');
  assert.deepEqual(work.handle({ kind: 'forget', doc: 'd1' }), { kind: 'forget' });
  assert.deepEqual(ask([], 'd2'), [['The mayor reportedly left.', 'reportedly']]);
});

test('the worker thread gives the answers of the same code run here', async () => {
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    const registry = { entities: ENTITIES } as WorkspaceConfig;
    const annotations = [claim('c1', 'said the bridge would reopen in May', 5)];
    const [first, second] = await Promise.all([client.place(TEXT, annotations, registry), client.place(TEXT, annotations, registry)]);
    const here = new Work().handle({ kind: 'place', text: TEXT, annotations, registry: { key: 1, entities: ENTITIES } });
    // the thread built the registry's matcher for the first, and answered it packed for the host (once)
    const { matcher, ...firstRest } = first;
    assert.ok(matcher instanceof SharedArrayBuffer);
    assert.deepEqual(firstRest, here);
    assert.deepEqual(second, here, 'the registry sent once serves the next request');
    assert.equal((await client.locate(SIDECAR, 'a.txt.annotations.yaml', ['c1'])).ids.c1.line, 4);
    // a write's computation crosses the thread as plain data
    const ops: Op[] = [{ type: 'update', id: 'c1', set: { status: 'disputed' } }];
    const actor = { by: 'Ana', at: '2026-11-29T10:00:00Z' };
    const empty: Sidecar = { marginalia: 1, source: 'a.txt', annotations: [] };
    const bytes = new TextEncoder().encode(SIDECAR);
    const there = await client.applyOpsToBytes(bytes, 'a.txt.annotations.yaml', empty, ops, true, actor);
    assert.deepEqual({ ...there, bytes: [...(there as { bytes: Uint8Array }).bytes] }, { ...(new Work().handle({ kind: 'applyOpsToBytes', sidecar: bytes, file: 'a.txt.annotations.yaml', empty, ops, actor, withText: true }) as object), bytes: [...new TextEncoder().encode((there as { text: string }).text)] });
    // as applyOps on the text answers, with the text's bytes and length
    const asText = new Work().handle({ kind: 'applyOps', sidecarText: SIDECAR, file: 'a.txt.annotations.yaml', empty, ops, actor });
    assert.ok(there.kind === 'applyOpsToBytes' && asText.kind === 'applyOps');
    assert.equal(there.text, asText.text);
    assert.equal(there.length, asText.text.length);
    assert.equal(new TextDecoder().decode(there.bytes), asText.text);
    assert.ok(client.threaded, 'answered by the worker thread, not the fallback here');
  } finally {
    client.dispose();
  }
});

test('a saved text placed in the worker thread: placeAnnotations\' answer, packed, joined again to the annotations', async () => {
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    const annotations = [claim('c1', 'said the bridge would reopen in May', 5), claim('c2', 'nobody believed it'), { ...claim('gone', 'a sentence that is not there'), start: 0, end: 3 }];
    const saved = `Update.\n${TEXT}`;
    const placed = await client.placeAll(saved, annotations);
    assert.ok(client.threaded, 'answered by the worker thread');
    const direct = placeAnnotations(saved, annotations);
    assert.deepEqual(unpackPlacements(annotations, placed), direct);
    assert.deepEqual(direct.map((p) => p.result.state), ['moved', 'moved', 'orphaned'], 'the answer has each kind of placement in it');
  } finally {
    client.dispose();
  }
});

test('a large registry a worker parsed goes to the editor\'s worker as that worker packed it, and finds the same mentions', async () => {
  const lines = ['marginalia: 1', 'entities:', '  - id: aurel', '    name: Aurel', '    type: place'];
  for (let k = 0; k < 1000; k++) lines.push(`  - id: person-${k}`, `    name: Person Number ${k} Invented`, '    type: person', `    aliases: [Invented${k}]`);
  const config = await parseRegistryOffThread(lines.join('\n') + '\n', null, path.join(__dirname, '../../src/node'), 'build-1');
  assert.ok(config && packedAlone(config.entities), 'parsed and packed in a worker');
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    // the registry goes as the parsing worker's bytes, not cloned from the host's objects
    const ref = (client as unknown as { registryRef(c: WorkspaceConfig): RegistryRef }).registryRef(config);
    assert.equal(ref.entities, undefined);
    assert.equal(ref.packedEntities, packedAlone(config.entities));
    (client as unknown as { sent: Set<number> }).sent.clear();
    const text = `${TEXT}Invented7 met Person Number 999 Invented.\n`;
    const there = await client.place(text, [], config);
    assert.ok(client.threaded, 'answered by the worker thread');
    const here = new Work().handle({ kind: 'place', text, annotations: [], registry: { key: 1, entities: config.entities } });
    assert.ok(here.kind === 'place');
    assert.deepEqual(there.mentions, here.mentions);
    assert.deepEqual(new Set(there.mentions!.map((m) => m.entity)), new Set(['aurel', 'person-7', 'person-999']));
  } finally {
    client.dispose();
  }
});

// A registry text the worker writes comes parsed by the store's own rules (readWorkspaceFast),
// its entities packed and what the next session keeps of it made there (issue 15: the store took
// ~250 ms to parse it again in an index worker started for it). Not on the host's thread.
test('a registry edit in the worker thread answers the new text parsed, packed and kept; the same edit on the host\'s thread does not', async () => {
  const lines = ['marginalia: 1', 'entities:'];
  for (let k = 0; k < 50; k++) lines.push(`  - id: person-${k}`, `    name: Person Number ${k}`, '    type: person');
  const text = lines.join('\n') + '\n';
  const entity = { id: 'quill', name: 'Quill Trust', type: 'organization', aliases: [] } as Entity;
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    const added = await client.addToRegistry(text, 'marginalia.yaml', [entity], 'build-1');
    assert.ok(client.threaded, 'answered by the worker thread');
    assert.ok(added.kind === 'addToRegistry' && added.parsed, 'parsed');
    assert.deepEqual(added.parsed.config, readWorkspaceFast(added.text), 'by the store\'s own reading rules');
    assert.equal(added.parsed.config.entities.at(-1)?.id, 'quill');
    assert.deepEqual(unpackRegistry(added.parsed.packed), added.parsed.config.entities, 'its entities packed as an index init\'s');
    const keep = added.parsed.keep as ReturnType<typeof registryKeptParts>;
    const want = registryKeptParts('build-1', added.text, added.parsed.config);
    assert.equal(keep.key, want.key, 'what the next session keeps of it');
    // (serialized there, its objects may share what a copy's do not: read back, the same)
    assert.deepEqual(keep.parts.slice(1).map((p) => v8.deserialize(p)), want.parts.slice(1).map((p) => v8.deserialize(p)));
    // and the new registry's matcher, built there: the same as one built here, finding the new entity
    assert.ok(added.parsed.matcher, 'the addition\'s matcher comes with its parse');
    const sent = MentionMatcher.restore(added.parsed.config.entities, unpackMatcher(added.parsed.matcher));
    const said = 'Person Number 7 wrote to the Quill Trust.';
    assert.deepEqual(sent.find(said), new MentionMatcher(added.parsed.config.entities).find(said));
    assert.deepEqual(sent.find(said).map((m) => m.entity), ['person-7', 'quill']);
    const none = await client.addToRegistry(text, 'marginalia.yaml', [entity]);
    assert.ok(none.kind === 'addToRegistry' && none.parsed && none.parsed.keep === undefined, 'nothing kept without a build to keep it for');
    const removed = await client.removeFromRegistry(added.text, 'marginalia.yaml', added.added, 'build-1');
    assert.ok(removed.kind === 'removeFromRegistry' && removed.text !== undefined && removed.parsed);
    assert.deepEqual(removed.parsed.config, readWorkspaceFast(removed.text));
    // an Undo's registry is the one before, whose matcher the store keeps: none built for it
    assert.equal(removed.parsed.matcher, undefined);
  } finally {
    client.dispose();
  }
  const here = new Work().handle({ kind: 'addToRegistry', text, file: 'marginalia.yaml', entities: [entity], keepFor: 'build-1' });
  assert.ok(here.kind === 'addToRegistry' && here.parsed === undefined, 'not parsed on the host\'s thread');
});

// On two cores a save's full anchoring in the worker left the extension host's thread waiting
// for a processor (issue 15): the worker lowers its own thread's priority, as the index workers do.
test('the worker thread runs below the editor\'s priority (nice 10), this thread as it was', { skip: !threadsHaveNice && 'threads have no priority of their own here' }, async () => {
  const before = niceByThread();
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    await client.placeAll(TEXT, [claim('c1', 'nobody believed it')]);
    assert.ok(client.threaded, 'answered by the worker thread');
    const started = [...niceByThread()].filter(([tid]) => !before.has(tid));
    assert.deepEqual(started.filter(([, nice]) => nice >= 10).length, 1, `one new thread at nice 10, the worker: ${JSON.stringify(started)}`);
    assert.equal(niceByThread().get(process.pid), before.get(process.pid), 'this thread keeps its priority');
  } finally {
    client.dispose();
  }
});

test('a worker that cannot start answers in this thread: nothing is lost', async () => {
  const warnings: string[] = [];
  const client = new WorkClient(path.join(__dirname, 'no-such-worker.js'), { warn: (m) => warnings.push(m) });
  try {
    const answer = await client.place(TEXT, [claim('c1', 'said the bridge would reopen in May')], { entities: ENTITIES } as WorkspaceConfig);
    assert.equal(answer.mentions?.length, 2);
    assert.equal(answer.spans[0]?.state, 'anchored');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /working on the extension host instead/);
  } finally {
    client.dispose();
  }
});

// Mark Entity's pick showing: the registry read ahead in the worker, for the addition of that
// same text to start from its list (registryAppend.ts readAhead); never on the host's thread.
test('a registry read ahead: the worker\'s addition of that text reads it no more; a client without a worker reads nothing here', async () => {
  const text = 'marginalia: 1\nentities:\n  - id: aurel\n    name: Aurel\n    type: place\n';
  const entity = { id: 'quill', name: 'Quill Trust', type: 'organization', aliases: [] } as Entity;
  const work = new Work();
  assert.deepEqual(work.handle({ kind: 'readRegistryAhead', text }), { kind: 'readRegistryAhead' });
  const before = listReads.count;
  const added = work.handle({ kind: 'addToRegistry', text, file: 'marginalia.yaml', entities: [entity] });
  assert.ok(added.kind === 'addToRegistry' && added.text.endsWith('  - id: quill\n    name: Quill Trust\n    type: organization\n'));
  assert.equal(listReads.count - before, 1, 'only the new text read back');
  const warnings: string[] = [];
  const client = new WorkClient(path.join(__dirname, 'no-such-worker.js'), { warn: (m) => warnings.push(m) });
  try {
    const other = text.replace('Aurel', 'Aurel City');
    const was = listReads.count;
    client.readRegistryAhead(other);
    // the worker's failure, which answers what was sent to it in this thread
    for (let k = 0; k < 200 && !warnings.length; k++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(warnings.length, 1, 'the worker failed');
    assert.equal(listReads.count, was, 'nothing read on the host\'s thread');
    const here = await client.addToRegistry(other, 'marginalia.yaml', [entity]);
    assert.ok(here.kind === 'addToRegistry' && here.text.startsWith(other), 'the addition itself answered here, as any request');
  } finally {
    client.dispose();
  }
});

// The guarded writer's computation in the worker (issue 15): what the host wrote before — the
// careful parse, the operations, the serialization keeping comments — and the same refusals.
const EMPTY = { marginalia: 1, source: 'a.txt', annotations: [] } as const;
const COMMENTED = SIDECAR.replace('  - id: c2\n', '  # checked with the desk\n  - id: c2\n');
const applied = (work: Work, sidecarText: string | null, ops: Op[]) => work.handle({ kind: 'applyOps', sidecarText, file: 'a.txt.annotations.yaml', empty: { ...EMPTY, annotations: [] }, ops, actor: { by: 'Ana', at: '2026-11-29T10:00:00Z' } });

// [what, sidecar on disk, ops, expected: the written text's checks, or the refusal]
const APPLY_CASES: [string, string | null, Op[], { has?: RegExp[]; refused?: { why: string; line?: number } }][] = [
  ['an update keeps comments and other annotations', COMMENTED, [{ type: 'update', id: 'c1', set: { status: 'disputed' } }], { has: [/# checked with the desk/, /status: disputed/, /updatedBy: Ana/, /id: c2/] }],
  ['no sidecar yet: the empty one is created with the addition', null, [{ type: 'add', annotation: { id: 'n1', kind: 'note', quote: 'Intro' } as Annotation }], { has: [/source: a\.txt/, /id: n1/] }],
  ['a sidecar with errors is refused at its first error', 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: wrong\n    quote: x\n', [{ type: 'delete', id: 'c1' }], { refused: { why: 'invalid', line: 5 } }],
  ['an operation that no longer applies is refused', SIDECAR, [{ type: 'delete', id: 'gone' }], { refused: { why: 'op' } }],
];

for (const [what, disk, ops, expected] of APPLY_CASES) {
  test(`applyOps: ${what}`, () => {
    const answer = applied(new Work(), disk, ops);
    if (expected.refused) {
      assert.equal(answer.kind, 'refused');
      if (answer.kind !== 'refused') return;
      assert.equal(answer.why, expected.refused.why);
      if (expected.refused.line) assert.equal(answer.line, expected.refused.line);
      return;
    }
    assert.equal(answer.kind, 'applyOps', JSON.stringify(answer));
    if (answer.kind !== 'applyOps') return;
    for (const re of expected.has ?? []) assert.match(answer.text, re);
    assert.ok(answer.inverse.length > 0, 'the inverse for Undo');
    // the host takes this read of the new text instead of parsing it again: the fast reader's own
    assert.deepEqual(answer.read, readSidecarFast(answer.text, 'a.txt.annotations.yaml') ?? undefined);
    assert.ok(answer.read, 'the text written is one the fast reader reads');
  });
}

test('applyOps: a parse kept for one text is never used for another', () => {
  const work = new Work();
  // saveOps and applyOps of the same text share one parse; a changed file is parsed again
  work.handle({ kind: 'saveOps', text: TEXT, sidecarText: SIDECAR, file: 'a.txt.annotations.yaml', live: [] });
  const changed = SIDECAR.replace('body: sure', 'body: changed on disk meanwhile');
  const answer = applied(work, changed, [{ type: 'update', id: 'c1', set: { status: 'disputed' } }]);
  assert.equal(answer.kind, 'applyOps');
  if (answer.kind === 'applyOps') assert.match(answer.text, /changed on disk meanwhile/);
  const again = applied(work, SIDECAR, [{ type: 'update', id: 'c1', set: { status: 'disputed' } }]);
  assert.ok(again.kind === 'applyOps' && /body: sure/.test(again.text));
});

// A save's write (offsets and context only) is patched into the text (format/sidecar-patch.ts):
// the same text the careful path writes, the same inverse, and the careful path's refusals.
test('applyOps: a save\'s offsets are written in place, as the careful path writes them', () => {
  const file = 'a.txt.annotations.yaml';
  const saved = new Work().handle({ kind: 'saveOps', text: `Update.\n${TEXT}`, sidecarText: POSITIONED, file, live: [] });
  assert.ok(saved.kind === 'saveOps' && saved.ops.length === 2, JSON.stringify(saved));
  const ops = (saved as { ops: Op[] }).ops;
  const patched = new Work().handle({ kind: 'applyOps', sidecarText: POSITIONED, file, empty: { ...EMPTY, annotations: [] }, ops });
  assert.ok(patched.kind === 'applyOps');
  const p = parseSidecar(POSITIONED, file);
  const careful = applyOpsTo(p.sidecar!.annotations, ops);
  assert.equal(patched.text, serializeSidecar({ ...p.sidecar!, annotations: careful.annotations }, p.doc));
  assert.deepEqual(patched.inverse, careful.inverse);
  assert.match(patched.text, /start: 37\n {4}end: 72\n/);
  // a file with errors is refused as before, whatever the operations
  const bad = new Work().handle({ kind: 'applyOps', sidecarText: POSITIONED.replace('kind: note', 'kind: wrong'), file, empty: { ...EMPTY, annotations: [] }, ops });
  assert.equal(bad.kind, 'refused');
});

const POSITIONED = `marginalia: 1
source: a.txt
annotations:
  - id: c1
    kind: claim
    quote: ${claim('c1', 'said the bridge would reopen in May').quote}
    prefix: ${JSON.stringify(claim('c1', 'said the bridge would reopen in May').prefix)}
    suffix: ${JSON.stringify(claim('c1', 'said the bridge would reopen in May').suffix)}
    start: ${claim('c1', 'said the bridge would reopen in May').start}
    end: ${claim('c1', 'said the bridge would reopen in May').end}
    status: unverified

  - id: c2
    kind: note
    quote: nobody believed it
    prefix: ${JSON.stringify(claim('c2', 'nobody believed it').prefix)}
    suffix: "\\n"
    start: ${claim('c2', 'nobody believed it').start}
    end: ${claim('c2', 'nobody believed it').end}
`;

// issue 15: the host's matcher (built by an index worker) goes with a registry's entities, and
// the worker restores it instead of building its own: 100-300 ms at 5,000 entities before a
// first opened source's highlights. Handed a matcher built from other entities, the mentions
// found are that matcher's ("bridge", not "Aurel"): it was restored, not built from the entities.
// One the host built itself and never packed is not packed for the worker thread (30-50 ms of
// the host's thread at 5,000 entities): that thread builds its own from the entities ("Aurel").
test('the host\'s matcher travels with the registry as its bytes and is used, in the worker thread and in this one; one built on the host is used in this thread, and not packed for the worker', async () => {
  const BRIDGE: Entity[] = [{ id: 'bridge', name: 'bridge', type: 'place', aliases: [] }];
  const packing = { pack: packMatcher, unpack: unpackMatcher };
  const scripts = [path.join(__dirname, '../../src/node/anchorWorker.ts'), path.join(__dirname, 'no-such-worker.js')];
  // kept as an index worker packed it (never restored on the host), or as the host built it
  for (const [how, kept] of [['packed', () => new KeptMatcher(ENTITIES, packMatcher(new MentionMatcher(BRIDGE).compiled()), packing)], ['built here', () => new KeptMatcher(ENTITIES, new MentionMatcher(BRIDGE), packing)]] as const) {
    for (const script of scripts) {
      const asked: (readonly Entity[])[] = [];
      const registry = { entities: ENTITIES } as WorkspaceConfig;
      const matcher = kept();
      const client = new WorkClient(script, { warn: () => undefined }, (entities) => (asked.push(entities), entities === ENTITIES ? matcher : undefined));
      try {
        const first = await client.place(TEXT, [], registry);
        const second = await client.place(TEXT, [], registry);
        const threaded = script.endsWith('.ts');
        const hosts = how === 'packed' || !threaded;
        assert.deepEqual(first.mentions?.map((m) => TEXT.slice(m.start, m.end)), hosts ? ['bridge'] : ['Aurel', 'Aurel'], `${how}, ${script}`);
        assert.deepEqual(second.mentions, first.mentions);
        assert.equal(asked[0], ENTITIES, 'asked for the matcher of these very entities');
        assert.equal(client.threaded, threaded, 'the worker thread, or this one when it cannot start');
        assert.equal(matcher.restored, how === 'built here', 'handed on as its bytes: the host restores none of its own for it');
        assert.equal(matcher.bytesKept === undefined, how === 'built here', 'one built on the host is never packed to be handed on');
        // the worker thread built its own, and answers it packed: the host keeps those bytes for the next worker
        assert.equal(first.matcher !== undefined, !hosts, 'the matcher comes back packed only when the worker built it');
        if (first.matcher) {
          matcher.keepBytes(first.matcher);
          assert.equal(matcher.bytesKept, first.matcher);
          const next = new WorkClient(script, { warn: () => undefined }, () => matcher);
          try {
            const again = await next.place(TEXT, [], registry);
            assert.deepEqual(again.mentions, first.mentions, 'the next worker restores the bytes kept');
            assert.equal(again.matcher, undefined, 'and builds none');
          } finally {
            next.dispose();
          }
        }
      } finally {
        client.dispose();
      }
    }
  }
});

test('reading a sidecar from disk: its bytes decoded there, the fast reader\'s sidecar, its placements packed as the index workers pack them, and the texts\' hashes; a sidecar that is not clean is sent back for the careful reader, one that is not UTF-8 refused', async () => {
  const moved = SIDECAR.replace('    status: unverified\n', '    status: unverified\n    start: 2\n    end: 9\n'); // stored offsets that no longer hold: placed by its quote
  const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  const answer = new Work().handle({ kind: 'read', text: TEXT, sidecar: bytes(moved), file: 'a.txt.annotations.yaml' });
  assert.equal(answer.kind, 'read');
  if (answer.kind !== 'read' || !answer.fast) return assert.fail('read the fast way');
  const fast = readSidecarFast(moved, 'a.txt.annotations.yaml')!;
  assert.deepEqual(answer.fast, fast);
  assert.deepEqual(unpackPlacements(answer.fast.annotations, structuredClone(answer.placed)), placeAnnotations(TEXT, fast.annotations), 'the placements are placeAnnotations\' own, across a structured clone');
  assert.equal(answer.textHash, textHash(TEXT));
  assert.equal(answer.sidecarHash, textHash(moved));
  assert.equal(answer.sidecarLength, moved.length);
  const unclean = SIDECAR + '  - id: c3\n    kind: [oops\n';
  const broken = new Work().handle({ kind: 'read', text: TEXT, sidecar: bytes(unclean), file: 'a.txt.annotations.yaml' });
  assert.deepEqual(broken, { kind: 'read', fast: null, sidecarText: unclean }, 'nothing placed: the host reads it carefully and says what is wrong');
  const latin1 = Buffer.concat([Buffer.from(SIDECAR.replace('bridge', 'br'), 'utf8'), Buffer.from([0xe9, 0x0a])]); // "é" as Latin-1 at the end
  const refused = new Work().handle({ kind: 'read', text: TEXT, sidecar: new Uint8Array(latin1), file: 'a.txt.annotations.yaml' });
  const said = decodeUtf8Strict(latin1);
  assert.ok(!said.ok);
  assert.deepEqual(refused, { kind: 'read', fast: null, notUtf8: { message: said.message, line: said.line, column: said.column } }, 'the guarded read\'s own refusal, where it is');
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    assert.deepEqual(await client.read(TEXT, bytes(moved), 'a.txt.annotations.yaml'), answer, 'the worker thread answers the same');
    const handed = bytes(moved);
    assert.deepEqual(await client.read(TEXT, handed, 'a.txt.annotations.yaml', true), answer, 'bytes handed over: the same answer');
    assert.equal(handed.byteLength, 0, 'handed over, not copied');
    assert.ok(client.threaded, 'answered by the worker thread');
  } finally {
    client.dispose();
  }
});

test('reading a sidecar with findings in the writer\'s shape: its problems at the careful reader\'s lines, its annotations placed, its text sent back for the host to keep; one with nothing to read, its problems alone', async () => {
  const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  // a pull that left a merge conflict on c1's status (a warning: the sidecar reads)
  const conflicted = SIDECAR.replace('    status: unverified\n', '    status: unverified\n    conflicts:\n      - field: status\n        values:\n          - value: unverified\n          - value: disputed\n');
  const file = 'desk/a.txt.annotations.yaml';
  const careful = parseSidecar(conflicted, file);
  assert.ok(careful.problems.length && careful.sidecar, 'the fixture has a warning and reads');
  const answer = new Work().handle({ kind: 'read', text: TEXT, sidecar: bytes(conflicted), file });
  if (answer.kind !== 'read' || !answer.fast || !('findings' in answer) || !answer.findings) return assert.fail('read with its findings');
  assert.deepEqual(answer.findings, { problems: careful.problems, sidecarText: conflicted }, 'the careful reader\'s problems, at its lines and columns');
  assert.deepEqual(answer.fast, careful.sidecar, 'the careful reader\'s sidecar');
  assert.deepEqual(unpackPlacements(answer.fast.annotations, answer.placed), placeAnnotations(TEXT, careful.sidecar!.annotations), 'placed as the host places it');
  assert.equal(answer.sidecarHash, textHash(conflicted));
  // an error that leaves nothing to read: the sidecar names another source
  const misnamed = SIDECAR.replace('source: a.txt', 'source: b.txt');
  const nothing = parseSidecar(misnamed, file);
  assert.equal(nothing.sidecar, null);
  assert.deepEqual(new Work().handle({ kind: 'read', text: TEXT, sidecar: bytes(misnamed), file }), { kind: 'read', fast: null, sidecarText: misnamed, problems: nothing.problems });
  // through the worker thread, a large one in parts: the same answer
  const many = conflicted + Array.from({ length: PART_SIZE + 5 }, (_, i) => `  - id: m${i}\n    kind: note\n    quote: nobody believed it\n`).join('');
  const large = new Work().handle({ kind: 'read', text: TEXT, sidecar: bytes(many), file });
  if (large.kind !== 'read' || !large.fast || !('findings' in large) || !large.findings) return assert.fail('read with its findings');
  assert.ok(splitResponse(large).parts.length > 1, 'crosses in parts');
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    assert.deepEqual(await client.read(TEXT, bytes(many), file), large, 'the worker thread\'s answer, joined');
    assert.ok(client.threaded, 'answered by the worker thread');
  } finally {
    client.dispose();
  }
});

test('applyOps on a CRLF sidecar (a checkout on Windows): its LF twin\'s answer with CRLF, patched in place without the careful parse, its hash of the text written', () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  const ask = (text: string) => {
    const work = new Work();
    const answer = work.handle({ kind: 'applyOps', sidecarText: text, file: 'a.txt.annotations.yaml', empty: { marginalia: 1, source: 'a.txt', annotations: [] }, ops: [{ type: 'update', id: 'c1', set: { status: 'disputed' } }], actor: { by: 'ana', at: '2026-12-03T10:00:00Z' } });
    return { answer, work };
  };
  const written = serializeSidecar(readSidecarFast(SIDECAR, 'a.txt.annotations.yaml')!); // as the writer prints it
  const lf = ask(written);
  const cr = ask(crlf(written));
  if (lf.answer.kind !== 'applyOps' || cr.answer.kind !== 'applyOps') return assert.fail('applied');
  assert.equal(lf.work.carefulParses, 0, 'the LF file is patched in place');
  assert.equal(cr.work.carefulParses, 0, 'and so is the CRLF one');
  assert.equal(cr.answer.text, crlf(lf.answer.text), 'the LF twin\'s text with CRLF: the text written');
  assert.equal(cr.answer.sidecarHash, textHash(cr.answer.text), 'the hash the store keeps is of the text written');
  assert.deepEqual(cr.answer.inverse, lf.answer.inverse);
  assert.equal(keepLineEnds(crlf(written), cr.answer.text), cr.answer.text, 'the guarded edit has nothing more to do');
  // a sidecar in another shape (no blank line between items) takes the careful path: the same there
  const lfCareful = ask(SIDECAR);
  const crCareful = ask(crlf(SIDECAR));
  if (lfCareful.answer.kind !== 'applyOps' || crCareful.answer.kind !== 'applyOps') return assert.fail('applied');
  assert.equal(crCareful.work.carefulParses, 1);
  assert.equal(crCareful.answer.text, crlf(lfCareful.answer.text));
  assert.equal(crCareful.answer.sidecarHash, textHash(crCareful.answer.text));
});

test('a large read answer crosses in parts of PART_SIZE annotations and is joined whole, in order', async () => {
  const n = 2 * PART_SIZE + 7;
  const lines = Array.from({ length: n }, (_, i) => `Sentence number ${i} of the long transcript.`);
  const text = lines.join('\n');
  const annotations = lines.map((line, i) => `  - id: n${i}\n    kind: note\n    quote: ${JSON.stringify(line)}\n    body: a note\n`);
  const sidecar = `marginalia: 1\nsource: long.txt\nannotations:\n${annotations.join('')}`;
  const whole = new Work().handle({ kind: 'read', text, sidecar: new Uint8Array(Buffer.from(sidecar)), file: 'long.txt.annotations.yaml' });
  if (whole.kind !== 'read' || !whole.fast) return assert.fail('read the fast way');
  assert.equal(whole.fast.annotations.length, n);
  const { parts, rest } = splitResponse(whole);
  assert.equal(parts.length, 3, 'two full parts and the rest');
  assert.ok(parts.every((p) => p.annotations.length <= PART_SIZE));
  assert.deepEqual(joinResponse(structuredClone(rest), structuredClone(parts)), whole, 'joined across a structured clone: the very answer');
  assert.equal(joinResponse(rest, parts.slice(1)).kind, 'error', 'a part missing is an error, never a shorter sidecar');
  // moved annotations: placements that are not 'verbatim' travel in the parts too
  const shifted = 'Preface.\n' + text;
  const placed = new Work().handle({ kind: 'read', text: shifted, sidecar: new Uint8Array(Buffer.from(sidecar)), file: 'long.txt.annotations.yaml' });
  if (placed.kind !== 'read' || !placed.fast || placed.placed === 'verbatim') return assert.fail('placed by quote');
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    assert.deepEqual(await client.read(shifted, new Uint8Array(Buffer.from(sidecar)), 'long.txt.annotations.yaml'), placed, 'the worker thread\'s answer, in parts, joined');
    assert.ok(client.threaded, 'answered by the worker thread');
  } finally {
    client.dispose();
  }
});

test('a worker that dies with a sidecar\'s bytes handed over answers with an error, never with an empty sidecar (the store then reads it itself)', async () => {
  const dir = scratchDir('marginalia-dying-worker-');
  const script = path.join(dir, 'dies.js');
  fs.writeFileSync(script, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
  const client = new WorkClient(script, { warn: () => undefined });
  try {
    const bytes = new Uint8Array(Buffer.from(SIDECAR));
    await assert.rejects(client.read(TEXT, bytes, 'a.txt.annotations.yaml', true), /stopped while it read the sidecar/);
    assert.equal(bytes.byteLength, 0, 'the bytes had gone to the worker');
    const kept = new Uint8Array(Buffer.from(SIDECAR));
    const answer = await client.read(TEXT, kept, 'a.txt.annotations.yaml');
    assert.ok(answer.fast, 'bytes not handed over: read in this thread instead');
  } finally {
    client.dispose();
  }
});

// A command's write to a large sidecar starts from the store's read of it (issue 15): the read
// names the file by its path in the corpus, the write by its path on disk; the rules read only
// the name, so the same text is not read again (4 MB: ~0.7 s of the worker before each change).
test('applyOps after a read of the same sidecar under another path: not read again; another name or text is', () => {
  const work = new Work();
  // as Marginalia writes it: a change is patched in place, its result read back by the patch itself
  const written = serializeSidecar(parseSidecar(POSITIONED, 'a.txt.annotations.yaml').sidecar!);
  const bytes = new TextEncoder().encode(written);
  const read = work.handle({ kind: 'read', text: TEXT, sidecar: bytes, file: 'desk/a.txt.annotations.yaml' });
  assert.ok(read.kind === 'read' && read.fast);
  assert.equal(work.fastReads, 1);
  const ops: Op[] = [{ type: 'update', id: 'c1', set: { status: 'disputed' } }];
  const answer = work.handle({ kind: 'applyOps', sidecarText: written, file: '/home/ana/corpus/desk/a.txt.annotations.yaml', empty: { ...EMPTY, annotations: [] }, ops });
  assert.ok(answer.kind === 'applyOps' && /status: disputed/.test(answer.text));
  assert.equal(work.fastReads, 1, 'the read before was taken');
  assert.deepEqual(answer, new Work().handle({ kind: 'applyOps', sidecarText: written, file: '/home/ana/corpus/desk/a.txt.annotations.yaml', empty: { ...EMPTY, annotations: [] }, ops }));
  // a sidecar named for another source is read again (the `source:` rule reads the name)
  const other = work.handle({ kind: 'applyOps', sidecarText: written, file: '/home/ana/corpus/b.txt.annotations.yaml', empty: { ...EMPTY, annotations: [] }, ops });
  assert.equal(work.fastReads, 2);
  assert.equal(other.kind, 'refused');
});

// The read after the store's own write to a large sidecar, or a watcher's event for files that
// did not change, finds what the host holds: the worker says so instead of sending it all back.
test('read of the very files the host holds: `same`, and nothing else; any other files are read', () => {
  const bytes = () => new TextEncoder().encode(SIDECAR);
  const full = new Work().handle({ kind: 'read', text: TEXT, sidecar: bytes(), file: 'a.txt.annotations.yaml' });
  assert.ok(full.kind === 'read' && full.fast);
  const held = { textHash: full.textHash, sidecarHash: full.sidecarHash, sidecarLength: full.sidecarLength };
  assert.deepEqual(new Work().handle({ kind: 'read', text: TEXT, sidecar: bytes(), file: 'a.txt.annotations.yaml', held }), { kind: 'read', fast: null, same: held });
  for (const [what, text, sidecar] of [
    ['another text', TEXT.replace('May', 'June'), SIDECAR],
    ['another sidecar', TEXT, SIDECAR.replace('body: sure', 'body: surer')],
  ] as const) {
    const answer = new Work().handle({ kind: 'read', text, sidecar: new TextEncoder().encode(sidecar), file: 'a.txt.annotations.yaml', held });
    assert.ok(answer.kind === 'read' && answer.fast && !('same' in answer), what);
  }
});

// issue 15: a command's write answered as the change from the read the host holds, when the
// text changed is the one that read was made of (its length and hash), both ways it is written
// (patched in place, careful); whole otherwise. What the host rebuilds is the read of the text.
test('applyOps: the change from the host\'s read when it holds the read of the text changed; whole when not', () => {
  const file = 'a.txt.annotations.yaml';
  const empty = { ...EMPTY, annotations: [] };
  const holding = (text: string) => ({ sidecarLength: text.length, sidecarHash: textHash(text) });
  const cases: { text: string; ops: Op[] }[] = [
    { text: SIDECAR, ops: [{ type: 'update', id: 'c2', set: { note: 'checked' } }] }, // careful: parse and serialize
    { text: POSITIONED, ops: [{ type: 'update', id: 'c1', set: { start: 38, end: 73 } }] }, // patched in place
    { text: SIDECAR, ops: [{ type: 'delete', id: 'c1' }] },
  ];
  for (const { text, ops } of cases) {
    const hostRead = readSidecarFast(text, file)!;
    const answer = new Work().handle({ kind: 'applyOps', sidecarText: text, file, empty, ops, held: holding(text) });
    assert.ok(answer.kind === 'applyOps' && answer.delta && !answer.read, JSON.stringify(answer));
    const rebuilt = applySidecarDelta(hostRead, answer.delta);
    assert.deepEqual(rebuilt, readSidecarFast(answer.text, file), 'the read of the text written');
    assert.equal(answer.sidecarHash, textHash(answer.text));
    const kept = rebuilt.annotations.filter((a) => hostRead.annotations.includes(a));
    assert.ok(kept.length >= hostRead.annotations.length - 1, 'the unchanged annotations are the host\'s objects');
    // the host holds the read of another text (a pull landed meanwhile): the read, whole
    const other = new Work().handle({ kind: 'applyOps', sidecarText: text, file, empty, ops, held: holding(text + ' ') });
    assert.ok(other.kind === 'applyOps' && other.read && !other.delta);
    assert.deepEqual(other.read, readSidecarFast(other.text, file));
  }
});

test('applyOpsToBytes: a sidecar that is not UTF-8 is refused where the guarded read refuses it, and nothing is computed', () => {
  const bad = new Uint8Array([...new TextEncoder().encode(SIDECAR.slice(0, 40)), 0xff, 0xfe, ...new TextEncoder().encode(SIDECAR.slice(40))]);
  const answer = new Work().handle({ kind: 'applyOpsToBytes', sidecar: bad, file: 'a.txt.annotations.yaml', empty: { ...EMPTY, annotations: [] }, ops: [{ type: 'update', id: 'c1', set: { status: 'disputed' } }], withText: false });
  const d = decodeUtf8Strict(bad);
  assert.ok(!d.ok);
  assert.deepEqual(answer, { kind: 'refused', why: 'encoding', message: d.message, line: d.line, column: d.column });
  // no text asked: none sent, only its bytes and length
  const good = new Work().handle({ kind: 'applyOpsToBytes', sidecar: new TextEncoder().encode(SIDECAR), file: 'a.txt.annotations.yaml', empty: { ...EMPTY, annotations: [] }, ops: [], withText: false });
  assert.ok(good.kind === 'applyOpsToBytes' && good.text === undefined && good.length === new TextDecoder().decode(good.bytes).length);
});

// issue 15: a sidecar read again from disk after a read the host holds (a command's write, the
// last pull) comes back as the change from it when every annotation stands verbatim; whole when
// the host does not hold that read, or this worker last read another text.
test('read: the change from the read the host holds, when it is this worker\'s last read; whole otherwise', () => {
  const file = 'a.txt.annotations.yaml';
  const enc = (s: string) => new TextEncoder().encode(s);
  const noteAt = (id: string, quote: string, note: string) => {
    const start = TEXT.indexOf(quote);
    const s = selectorFor(TEXT, cp(TEXT.slice(0, start)), cp(TEXT.slice(0, start)) + cp(quote));
    return `  - id: ${id}\n    kind: note\n    quote: ${JSON.stringify(s.quote)}\n    prefix: ${JSON.stringify(s.prefix)}\n    suffix: ${JSON.stringify(s.suffix)}\n    start: ${s.start}\n    end: ${s.end}\n    note: ${note}\n`;
  };
  const version = (note: string) => `marginalia: 1\nsource: a.txt\nannotations:\n${noteAt('n1', 'the bridge', 'one')}${noteAt('n2', 'reopen in May', note)}${noteAt('n3', 'nobody believed', 'three')}`;
  const held = (s: string) => ({ textHash: textHash(TEXT), sidecarHash: textHash(s), sidecarLength: s.length });
  const work = new Work();
  const first = work.handle({ kind: 'read', text: TEXT, sidecar: enc(version('two')), file });
  assert.ok(first.kind === 'read' && first.fast && first.placed === 'verbatim', JSON.stringify(first).slice(0, 300));
  const hostRead = first.fast;
  const next = work.handle({ kind: 'read', text: TEXT, sidecar: enc(version('checked')), file, held: held(version('two')), heldRead: true });
  assert.ok(next.kind === 'read' && 'delta' in next, JSON.stringify(next).slice(0, 300));
  const rebuilt = applySidecarDelta(hostRead, next.delta);
  assert.deepEqual(rebuilt, readSidecarFast(version('checked'), file));
  assert.deepEqual(next.delta.annotations.map((a) => a.id), ['n2'], 'only the changed annotation travels');
  assert.equal(rebuilt.annotations[0], hostRead.annotations[0]);
  // the host holds no clean read of it: whole
  const again = new Work();
  again.handle({ kind: 'read', text: TEXT, sidecar: enc(version('two')), file });
  const whole = again.handle({ kind: 'read', text: TEXT, sidecar: enc(version('checked')), file, held: held(version('two')), heldRead: false });
  assert.ok(whole.kind === 'read' && whole.fast && !('delta' in whole));
  // this worker's last read was of another text than the host holds: whole
  const other = again.handle({ kind: 'read', text: TEXT, sidecar: enc(version('later')), file, held: held(version('two')), heldRead: true });
  assert.ok(other.kind === 'read' && other.fast && !('delta' in other));
});

// Import Annotations…' records (issue 15): a JSON file's bytes decoded, parsed and taken apart
// in the worker, the records sent back in parts; what the host would have made of the file.
test('importRecords: a W3C or Hypothesis file\'s records as fromW3c and fromHypothesis make them, its format told, refusals said', async () => {
  const annotation = (i: number) => ({
    id: `urn:x${i}`,
    type: 'Annotation',
    body: { type: 'TextualBody', purpose: 'commenting', value: `note ${i} “é”` },
    target: { source: `s${i % 7}.txt`, selector: { type: 'TextQuoteSelector', exact: `words ${i}` } },
  });
  const w3c = { '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', first: { type: 'AnnotationPage', items: Array.from({ length: 2500 }, (_, i) => annotation(i)) } };
  const bytes = (v: unknown) => new Uint8Array(Buffer.from(JSON.stringify(v)));
  const work = new Work();
  const answer = work.handle({ kind: 'importRecords', bytes: bytes(w3c) });
  assert.ok(answer.kind === 'importRecords' && 'batch' in answer);
  assert.equal(answer.format, 'w3c', 'told from the file');
  assert.deepEqual(answer.batch, fromW3c(w3c));
  const hypothesis = { total: 1, rows: [{ id: 'h1', uri: 'https://example.org/a', text: 'a note', target: [{ source: 'https://example.org/a', selector: [{ type: 'TextQuoteSelector', exact: 'the words' }] }] }] };
  const h = work.handle({ kind: 'importRecords', bytes: bytes(hypothesis) });
  assert.ok(h.kind === 'importRecords' && 'batch' in h);
  assert.equal(h.format, 'hypothesis');
  assert.deepEqual(h.batch, fromHypothesis(hypothesis));
  const notUtf8 = new Uint8Array([0x7b, 0xff, 0x7d]);
  const where = decodeUtf8Strict(notUtf8);
  assert.ok(!where.ok);
  assert.deepEqual(work.handle({ kind: 'importRecords', bytes: notUtf8 }), { kind: 'importRecords', refused: where.message, encoding: true }, 'not UTF-8: refused, saying where');
  const bad = work.handle({ kind: 'importRecords', bytes: new Uint8Array(Buffer.from('{"items": [')) });
  assert.ok(bad.kind === 'importRecords' && 'refused' in bad && !bad.encoding, 'not JSON: refused, not an encoding error');
  // in parts: three of RECORDS_PART_SIZE and the rest, joined to the very answer across structured clones
  const { parts, rest } = splitResponse(answer);
  assert.equal(parts.length, Math.ceil(2500 / RECORDS_PART_SIZE));
  assert.deepEqual(joinResponse(structuredClone(rest), structuredClone(parts)), answer);
  assert.equal(joinResponse(rest, parts.slice(1)).kind, 'error', 'a part missing is an error, never fewer records');
  // and through the worker thread, its bytes handed over
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    const sent = bytes(w3c);
    assert.deepEqual(await client.importRecords(sent), answer, "the worker thread's answer, in parts, joined");
    assert.ok(client.threaded, 'answered by the worker thread');
    assert.equal(sent.byteLength, 0, 'the bytes were handed over, not copied');
  } finally {
    client.dispose();
  }
});
