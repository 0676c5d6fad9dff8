// The open documents' texts the editor's worker holds for the claim-cue scan
// (src/core/worker/docTexts.ts, issue 15): after the first request, a scan brings the edits
// since, or has the worker read a clean document's file, instead of posting the 1 MB text again.
// The text the worker makes is always the document's: edits applied as VS Code reports them
// give the editor's text, a file is taken only when its bytes are the text the store read (by
// the guarded read: nothing outside the corpus), and whatever cannot be made is asked for whole.
// A registry change's place request for an open source reads the file the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyReplaces, DocTexts, eventReplaces, type DocText } from '../../src/core/worker/docTexts';
import { Work } from '../../src/core/worker/work';
import { readCorpusTextMatching, realRootSync } from '../../src/node/corpusFs';
import { sha256Hex } from '../../src/node/capture/provenance';
import { WorkClient } from '../../src/extension/worker/workClient';
import { scratchDir } from './scratch';
import type { Annotation, WorkspaceConfig } from '../../src/core/types';

/** One editor event as VS Code reports it: non-overlapping changes, each offset in the text before the event. */
interface EventChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** The event applied the way the editor does: each change to the text before the event, none moving another. */
function applyEvent(text: string, changes: readonly EventChange[]): string {
  const sorted = [...changes].sort((a, b) => a.rangeOffset - b.rangeOffset);
  let out = '';
  let at = 0;
  for (const c of sorted) {
    out += text.slice(at, c.rangeOffset) + c.text;
    at = c.rangeOffset + c.rangeLength;
  }
  return out + text.slice(at);
}

/** Non-overlapping changes within a text of `length`, in any order (VS Code's multi-cursor edits). */
const eventOf = (length: number) =>
  fc
    .uniqueArray(fc.nat(length), { maxLength: 8 })
    .chain((cuts) => {
      const points = [...cuts].sort((a, b) => a - b);
      // pairs of cut points are the changed ranges: [p0, p1), [p2, p3), ...
      const ranges: [number, number][] = [];
      for (let k = 0; k + 1 < points.length; k += 2) ranges.push([points[k], points[k + 1]]);
      if (points.length % 2) ranges.push([points[points.length - 1], points[points.length - 1]]);
      return fc.tuple(fc.constant(ranges), fc.array(fc.string({ unit: fc.constantFrom('a', ' ', '\n', 'é', '🙂', '.') , maxLength: 6 }), { minLength: ranges.length, maxLength: ranges.length }));
    })
    .chain(([ranges, texts]) => fc.shuffledSubarray(ranges.map(([from, to], k) => ({ rangeOffset: from, rangeLength: to - from, text: texts[k] })), { minLength: ranges.length }));

test('edits as VS Code reports them, applied in the worker, give the editor\'s text, event after event', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '.', 'é', '🙂'), maxLength: 60 }),
      fc.integer({ min: 1, max: 6 }),
      fc.infiniteStream(fc.nat()),
      (start, events, seeds) => {
        const texts = new DocTexts();
        assert.equal(texts.take('d', 1, start.length, { whole: start }), start);
        let editor = start;
        let version = 1;
        const pending = [];
        for (let k = 0; k < events; k++) {
          const [event] = fc.sample(eventOf(editor.length), { numRuns: 1, seed: seeds.next().value });
          pending.push(...eventReplaces(event));
          editor = applyEvent(editor, event);
        }
        // several events' edits in one request, as after a pause in typing
        const made = texts.take('d', ++version, editor.length, { edits: { from: 1, changes: pending } });
        assert.equal(made, editor);
        // and then none: the text held serves the next scan as it is
        assert.equal(texts.take('d', ++version, editor.length, { edits: { from: 2, changes: [] } }), editor);
      },
    ),
  );
});

test('what the worker cannot make is asked for whole: another version, the wrong length, a forgotten document, an edit outside the text', () => {
  const texts = new DocTexts();
  const text = 'The mayor reportedly left.';
  assert.equal(texts.take('d', 3, text.length, { edits: { from: 2, changes: [] } }), undefined, 'nothing held yet');
  assert.equal(texts.take('d', 3, text.length, { whole: text }), text);
  assert.equal(texts.take('d', 5, text.length + 1, { edits: { from: 4, changes: [{ offset: 0, removed: 0, text: 'X' }] } }), undefined, 'the worker holds version 3, not 4');
  // a request that failed leaves nothing held: the next must bring the text whole
  assert.equal(texts.take('d', 5, text.length + 1, { edits: { from: 3, changes: [{ offset: 0, removed: 0, text: 'X' }] } }), undefined);
  assert.equal(texts.take('d', 3, text.length, { whole: text }), text);
  assert.equal(texts.take('d', 4, text.length + 2, { edits: { from: 3, changes: [{ offset: 0, removed: 0, text: 'X' }] } }), undefined, 'a length other than the host\'s is refused');
  assert.equal(texts.take('d', 3, text.length, { whole: text }), text);
  assert.equal(texts.take('d', 4, text.length, { edits: { from: 3, changes: [{ offset: text.length, removed: 1, text: 'X' }] } }), undefined, 'an edit past the end is refused');
  assert.equal(applyReplaces('abc', [{ offset: -1, removed: 0, text: 'x' }]), null);
  assert.equal(texts.take('d', 3, text.length, { whole: text }), text);
  texts.forget('d');
  assert.equal(texts.take('d', 4, text.length, { edits: { from: 3, changes: [] } }), undefined, 'forgotten with its document');
  assert.equal(texts.take('d', 4, text.length, { file: { root: '/', path: '/x', maxBytes: 10, sha256: '' } }), undefined, 'no reader on this side: the file is not read');
});

/** A corpus with one source, and a file outside it. */
function corpus(text: string): { root: string; file: string; outside: string } {
  const base = scratchDir('marginalia-doc-texts-');
  fs.mkdirSync(path.join(base, 'corpus'));
  const root = realRootSync(path.join(base, 'corpus'));
  const file = path.join(root, 'report.txt');
  fs.writeFileSync(file, text);
  const outside = path.join(base, 'secret.txt');
  fs.writeFileSync(outside, text);
  return { root, file, outside };
}

test('a clean document\'s text read from its file, only when the bytes are the text the store read, and only inside the corpus', () => {
  const text = 'Officials met. The mayor reportedly left.\n\n“Sources say” the council 🙂 disagrees.\n';
  const { root, file, outside } = corpus(text);
  const sha256 = sha256Hex(text);
  const ref = { root, path: file, maxBytes: 1 << 20, sha256 };
  assert.equal(readCorpusTextMatching(ref), text);
  assert.equal(readCorpusTextMatching({ ...ref, path: outside }), null, 'the same bytes outside the corpus are not read');
  fs.symlinkSync(outside, path.join(root, 'link.txt'));
  assert.equal(readCorpusTextMatching({ ...ref, path: path.join(root, 'link.txt') }), null, 'nor through a symlink leading out');
  assert.equal(readCorpusTextMatching({ ...ref, maxBytes: 10 }), null, 'nor over the size cap');
  fs.writeFileSync(file, text.replace('mayor', 'major'));
  assert.equal(readCorpusTextMatching(ref), null, 'a file changed since the store read it is not that text');
  fs.writeFileSync(file, Buffer.from([0x41, 0xff, 0x0a]));
  assert.equal(readCorpusTextMatching({ ...ref, sha256: sha256Hex('A\uFFFD\n') }), null, 'not UTF-8: refused, never taken as its replacement');
});

test('the cue scan of a document whose text came as its file, then as edits, finds what a scan of the text itself finds', async () => {
  const text = 'Officials met. The mayor reportedly left.\n\nThe council met.\n';
  const { root, file } = corpus(text);
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  const sentences = (t: string, cues: { start: number; end: number }[]) => cues.map((c) => t.slice(c.start, c.end));
  try {
    const fromFile = await client.cues('doc', 1, text.length, { file: { root, path: file, maxBytes: 1 << 20, sha256: sha256Hex(text) } }, []);
    assert.ok(client.threaded, 'answered by the worker thread');
    assert.deepEqual(sentences(text, fromFile.cues), ['The mayor reportedly left.']);
    // an edit: a second cue sentence, typed at the end of the second paragraph
    const at = text.indexOf('met.\n', 20) + 'met.'.length;
    const edited = `${text.slice(0, at)} Its members, reportedly, disagree.${text.slice(at)}`;
    const edits: DocText = { edits: { from: 1, changes: eventReplaces([{ rangeOffset: at, rangeLength: 0, text: ' Its members, reportedly, disagree.' }]) } };
    const afterEdit = await client.cues('doc', 2, edited.length, edits, []);
    assert.deepEqual(afterEdit, new Work().handle({ kind: 'cues', doc: 'x', version: 1, length: edited.length, text: { whole: edited }, cues: [] }));
    assert.deepEqual(sentences(edited, afterEdit.cues), ['The mayor reportedly left.', 'Its members, reportedly, disagree.']);
    assert.deepEqual(client.cueTexts, { whole: 0, file: 1, edits: 1, needed: 0 }, 'the text never crossed whole');
    // the file changed on disk since the store read it: not taken, the text is asked for
    fs.writeFileSync(file, edited);
    const stale = await client.cues('doc2', 1, text.length, { file: { root, path: file, maxBytes: 1 << 20, sha256: sha256Hex(text) } }, []);
    assert.deepEqual(stale, { kind: 'cues', cues: [], need: true });
    client.forget('doc');
    const forgotten = await client.cues('doc', 3, edited.length, { edits: { from: 2, changes: [] } }, []);
    assert.equal(forgotten.need, true, 'a closed document\'s text goes with it');
  } finally {
    client.dispose();
  }
});

test('without a worker thread, a scan asked with the file or with edits the host thread never saw answers `need`, and with the text whole it scans', async () => {
  const text = 'The mayor reportedly left.\n';
  const { root, file } = corpus(text);
  const client = new WorkClient(path.join(__dirname, 'no-such-worker.js'), { warn: () => undefined });
  try {
    // the host's thread reads no file for the worker: the caller has the text, and sends it
    assert.deepEqual(await client.cues('doc', 1, text.length, { file: { root, path: file, maxBytes: 1 << 20, sha256: sha256Hex(text) } }, []), { kind: 'cues', cues: [], need: true });
    assert.equal(client.threaded, false, 'answered in this thread');
    assert.equal((await client.cues('doc', 2, text.length, { edits: { from: 1, changes: [] } }, [])).need, true);
    const whole = await client.cues('doc', 2, text.length, { whole: text }, []);
    assert.deepEqual(whole.cues.map((c) => text.slice(c.start, c.end)), ['The mayor reportedly left.']);
    // and from then on, the edits since that text
    const edited = `${text}Officials allegedly met.\n`;
    const next = await client.cues('doc', 3, edited.length, { edits: { from: 2, changes: [{ offset: text.length, removed: 0, text: 'Officials allegedly met.\n' }] } }, []);
    assert.deepEqual(next.cues.map((c) => edited.slice(c.start, c.end)), ['The mayor reportedly left.', 'Officials allegedly met.']);
    assert.deepEqual(client.cueTexts, { whole: 1, file: 1, edits: 2, needed: 2 });
  } finally {
    client.dispose();
  }
});

test('a place request (an open source placed again at a registry change) has the worker read a clean document\'s file, and sends the text whole when the file is not that text', async () => {
  const text = '🙂 The mayor of Aurel reportedly left.\n\nIn Aurel, the council met.\n';
  const { root, file } = corpus(text);
  const registry: WorkspaceConfig = { marginalia: 1, entities: [{ id: 'aurel', name: 'Aurel', type: 'place', aliases: [] }], cues: [], entityTypes: [] };
  const ref = { root, path: file, maxBytes: 1 << 20, sha256: sha256Hex(text) };
  const annotations = [{ id: 'c1', kind: 'claim', quote: 'the council met', status: 'unverified' } as Annotation];
  const expected = new Work().handle({ kind: 'place', text, annotations, registry: { key: 1, entities: registry.entities } });
  assert.equal(expected.kind === 'place' && expected.mentions?.length, 2, 'the text has both mentions');
  const same = (answer: Awaited<ReturnType<WorkClient['place']>>) => {
    assert.equal(expected.kind, 'place');
    if (expected.kind !== 'place') return;
    assert.deepEqual(answer.spans, expected.spans);
    assert.deepEqual(answer.mentions, expected.mentions);
    assert.deepEqual([...(answer.found ?? [])], [...(expected.found ?? [])]);
  };
  const client = new WorkClient(path.join(__dirname, '../../src/node/anchorWorker.ts'));
  try {
    same(await client.place(text, annotations, registry, ref));
    assert.ok(client.threaded, 'answered by the worker thread');
    assert.deepEqual(client.placeTexts, { whole: 0, file: 1, needed: 0 }, 'the text never crossed');
    // the file changed on disk since the store read it: never taken for the document, which is sent
    fs.writeFileSync(file, text.replace('mayor', 'major'));
    same(await client.place(text, annotations, registry, ref));
    assert.deepEqual(client.placeTexts, { whole: 1, file: 2, needed: 1 });
    // a file whose bytes decode to another length than the editor's text: refused the same way
    fs.writeFileSync(file, text);
    same(await client.place(text, annotations, registry, ref));
    const longer = `${text}x`;
    const other = await client.place(longer, [], registry, ref);
    assert.deepEqual(other.mentions, (new Work().handle({ kind: 'place', text: longer, annotations: [], registry: { key: 1, entities: registry.entities } }) as { mentions: unknown }).mentions);
    assert.deepEqual(client.placeTexts, { whole: 2, file: 4, needed: 2 });
  } finally {
    client.dispose();
  }
  // no worker thread: the host's thread reads no file for it, the text goes whole
  const local = new WorkClient(path.join(__dirname, 'no-such-worker.js'), { warn: () => undefined });
  try {
    same(await local.place(text, annotations, registry, ref));
    assert.equal(local.threaded, false);
    assert.deepEqual(local.placeTexts, { whole: 1, file: 1, needed: 1 });
  } finally {
    local.dispose();
  }
});
