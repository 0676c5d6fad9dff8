// The shortcuts `marginalia check` takes on 10,000 sources (issue 15) give what the careful
// steps gave: a file decoded by Buffer's decoder reads as the fatal TextDecoder read it (a
// byte-order mark dropped, invalid UTF-8 still refused with its place), the realpath(3) call
// still refuses a path leading outside, and annotations verbatim at their offsets are placed
// without splitting their context into code points only where that changes nothing; a path is
// shown relative to the current folder as path.relative shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { selectorFor } from '../../src/core/anchor';
import { placeAnnotations } from '../../src/core/placement';
import type { Annotation } from '../../src/core/types';
import { readCorpusFile, readCorpusFileSync, realRootSync } from '../../src/node/corpusFs';
import { displayPath } from '../../src/cli/fsutil';
import { scratchDir } from './scratch';

const fatal = new TextDecoder('utf-8', { fatal: true });

const BYTES: [string, number[]][] = [
  ['ASCII', [...Buffer.from('marginalia: 1\n')]],
  ['multi-byte letters and an emoji', [...Buffer.from('Rieshösil “peace” 你好 😀\n')]],
  ['a byte-order mark, dropped as TextDecoder drops it', [0xef, 0xbb, 0xbf, ...Buffer.from('a: 1\n')]],
  ['a byte-order mark alone', [0xef, 0xbb, 0xbf]],
  ['two byte-order marks: only the first is dropped', [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61]],
  ['empty', []],
  ['a lone continuation byte', [0x61, 0x80, 0x62]],
  ['a truncated sequence at the end', [0x61, 0xe2, 0x80]],
  ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ['an overlong encoding', [0xc0, 0xaf]],
  ['on a second line', [...Buffer.from('ok\nbad: '), 0xff, 0x0a]],
];

test('files are decoded as the strict decoder decodes them, sync and async', async () => {
  const root = realRootSync(scratchDir('marginalia-decode-'));
  for (const [name, bytes] of BYTES) {
    const file = path.join(root, 'a.txt');
    fs.writeFileSync(file, Buffer.from(bytes));
    let expected: string | null;
    try {
      expected = fatal.decode(new Uint8Array(bytes));
    } catch {
      expected = null;
    }
    for (const r of [readCorpusFileSync(root, file, { maxBytes: 1024 }), await readCorpusFile(root, file, { maxBytes: 1024 })]) {
      if (expected === null) {
        assert.equal(r.ok, false, `${name}: refused`);
        assert.ok(!r.ok && r.reason === 'encoding' && typeof r.line === 'number', `${name}: says where`);
      } else {
        assert.ok(r.ok, `${name}: read`);
        assert.equal(r.text, expected, name);
      }
    }
  }
});

test('a sidecar reached through a link leading outside is still refused', () => {
  const base = scratchDir('marginalia-realpath-');
  const root = path.join(base, 'corpus');
  fs.mkdirSync(path.join(root, 'desk'), { recursive: true });
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside\n');
  fs.symlinkSync(base, path.join(root, 'desk', 'up'));
  const r = readCorpusFileSync(realRootSync(root), path.join(root, 'desk', 'up', 'secret.txt'), { maxBytes: 1024 });
  assert.ok(!r.ok && r.reason === 'outside');
});

// texts with and without astral characters (and a lone surrogate), an annotation stored where it
// stands: placed `anchored` at its own offsets, whichever way its context was compared
const piece = fc.constantFrom('the convoy ', 'was turned back ', 'at the river. ', 'Rieshösil “peace” ', '😀', '𝔘 ', '\n', 'é', '\ud800', 'x');
const text = fc.array(piece, { minLength: 3, maxLength: 60 }).map((p) => p.join(''));

test('annotations verbatim at their offsets are anchored there, with or without astral characters', () => {
  fc.assert(
    fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
      const length = Array.from(t).length;
      const start = a % length;
      const end = start + 1 + (b % Math.max(1, length - start));
      if (end > length) return true;
      const sel = selectorFor(t, start, end);
      const ann: Annotation = { id: 'a1', kind: 'note', ...sel } as Annotation;
      const [p] = placeAnnotations(t, [ann]);
      assert.deepEqual({ state: p.result.state, start: p.result.start, end: p.result.end }, { state: 'anchored', start, end });
      return true;
    }),
    { numRuns: 500, seed: 15 },
  );
});

// paths are shown relative to the current folder; the shortcut for plain absolute paths must
// give what path.relative gives, for every kind of path
test('displayPath shows what path.relative shows', () => {
  const reference = (cwd: string, p: string) => {
    const rel = path.relative(cwd, p);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
  };
  const part = fc.constantFrom('a', 'b', '..', '.', '', '..x', 'x..', '.a', 'c d', 'é');
  const abs = fc.tuple(fc.array(part, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([ps, slash]) => '/' + ps.join('/') + (slash ? '/' : ''));
  const pair = fc.oneof(
    fc.tuple(abs, abs),
    fc.tuple(abs, fc.array(part, { minLength: 1, maxLength: 4 })).map(([cwd, ps]) => [cwd, `${cwd}/${ps.join('/')}`] as [string, string]),
    fc.tuple(fc.constant('/'), abs),
  );
  fc.assert(fc.property(pair, ([cwd, p]) => displayPath(cwd, p) === reference(cwd, p)), { numRuns: 5000, seed: 15 });
});
