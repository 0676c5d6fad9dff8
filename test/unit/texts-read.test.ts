// Many closed sources' texts read in an index worker (src/node/textsRead.ts, issue 15): the
// answer for each file is what the host's own guarded read gives (the text, or nothing where it
// refuses: a symlink out of the corpus, a file over the cap, invalid UTF-8, a missing file), in
// the order asked, over many chunks; a text's units instead of the text are the host's own
// unitsOf; and a reader with no worker to start answers undefined, for
// the caller to read the files itself.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { packUnits, unitsOf } from '../../src/core/analysis/cooccurrence';
import { readCorpusFileSync } from '../../src/node/corpusFs';
import { readTexts, TEXTS_CHUNK, TextsReader } from '../../src/node/textsRead';
import { scratchDir } from './scratch';

const NODE_DIR = path.join(__dirname, '../../src/node');
const MAX = 4096;

/** A corpus with readable texts and every kind of file the guarded read refuses, and the list of them all. */
function corpus(): { root: string; files: string[] } {
  const root = fs.realpathSync(scratchDir('texts-read-'));
  const outside = fs.realpathSync(scratchDir('texts-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'not in the corpus\n');
  fs.mkdirSync(path.join(root, 'desk'));
  const files: string[] = [];
  for (let n = 0; n < 30; n++) {
    const f = path.join(root, 'desk', `a${n}.txt`);
    fs.writeFileSync(f, `Report ${n}: the bridge at Halden reopened — “quoted” ${'é'.repeat(n)}\n`);
    files.push(f);
  }
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'desk', 'link.txt'));
  fs.writeFileSync(path.join(root, 'desk', 'large.txt'), 'x'.repeat(MAX + 1));
  fs.writeFileSync(path.join(root, 'desk', 'bad.txt'), Buffer.from([0x41, 0xff, 0x42]));
  files.splice(3, 0, path.join(root, 'desk', 'link.txt'), path.join(root, 'desk', 'large.txt'), path.join(root, 'desk', 'bad.txt'), path.join(root, 'desk', 'missing.txt'));
  files.push(path.join(outside, 'secret.txt')); // named outright, outside the root
  return { root, files };
}

const ownRead = (root: string, file: string) => {
  const r = readCorpusFileSync(root, file, { maxBytes: MAX });
  return r.ok ? r.text : null;
};

test('texts read in a worker are what the guarded read gives, file by file, refusals as null', async () => {
  const { root, files } = corpus();
  const reader = new TextsReader(root, MAX, NODE_DIR);
  try {
    const texts = await reader.read(files);
    assert.ok(texts, 'a worker answered');
    assert.deepEqual(texts, files.map((f) => ownRead(root, f)));
    assert.equal(texts.filter((t) => t === null).length, 5, 'the symlink out, the large, the invalid, the missing and the outside file refused');
    assert.equal(texts[0], fs.readFileSync(files[0], 'utf8'));
    assert.equal(reader.failure, undefined, 'nothing to report');
  } finally {
    reader.close();
  }
});

test('a text’s units asked instead: each file’s sentences (or paragraphs) as the host finds them, refusals as null', async () => {
  const { root, files } = corpus();
  const reader = new TextsReader(root, MAX, NODE_DIR);
  try {
    for (const unit of ['sentence', 'paragraph'] as const) {
      const units = await reader.readUnits(files, unit);
      assert.ok(units, 'a worker answered');
      assert.deepEqual(
        units.map((u) => (u ? [...u] : null)),
        files.map((f) => {
          const text = ownRead(root, f);
          return text === null ? null : [...packUnits(unitsOf(text, unit))];
        }),
        unit,
      );
    }
  } finally {
    reader.close();
  }
});

test('many chunks handed over at once come back each with its own texts', async () => {
  const { root, files } = corpus();
  const many = Array.from({ length: 3 * TEXTS_CHUNK + 7 }, (_, k) => files[k % files.length]);
  const reader = new TextsReader(root, MAX, NODE_DIR);
  try {
    const chunks: string[][] = [];
    for (let i = 0; i < many.length; i += TEXTS_CHUNK) chunks.push(many.slice(i, i + TEXTS_CHUNK));
    const answers = await Promise.all(chunks.map((c) => reader.read(c)));
    answers.forEach((texts, k) => assert.deepEqual(texts, chunks[k].map((f) => ownRead(root, f)), `chunk ${k}`));
  } finally {
    reader.close();
  }
});

test('the worker-side read alone, as the index worker runs it, matches too', () => {
  const { root, files } = corpus();
  assert.deepEqual(readTexts(root, files, MAX), files.map((f) => ownRead(root, f)));
});

test('with no worker bundle to start, a reader answers undefined, and says why: the caller reads the files itself', async () => {
  const { root, files } = corpus();
  const reader = new TextsReader(root, MAX, scratchDir('texts-no-bundle-'));
  try {
    assert.equal(await reader.read(files), undefined);
    assert.equal(reader.failure, 'no worker bundle');
  } finally {
    reader.close();
  }
});
