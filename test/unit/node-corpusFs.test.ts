// src/node/corpusFs: files of a corpus are read only when, after symlinks, they are regular
// files inside the root, under the cap, valid UTF-8 (issue 8, reproductions 2 and 5). Each
// hostile case must be refused with a reason and never hang; the FIFO case would block a
// plain read forever, so it is the test that it is never opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkWritable, decodedRead, isInside, readCorpusBytes, readCorpusFile, readCorpusFileSync, realRootSync } from '../../src/node/corpusFs';
import { scratchDir } from './scratch';

function layout(): { root: string; outside: string } {
  const base = scratchDir('marginalia-corpusfs-');
  const root = path.join(base, 'corpus');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET outside the corpus\n');
  fs.writeFileSync(path.join(root, 'good.txt'), 'plain text, inside\n');
  return { root: realRootSync(root), outside: path.join(base, 'secret.txt') };
}

const limits = { maxBytes: 1024 };

const both = async (root: string, file: string, l = limits) => {
  const a = readCorpusFileSync(root, file, l);
  const b = await readCorpusFile(root, file, l);
  assert.deepEqual(a, b, 'sync and async readers agree');
  // an index's read, its folders' real paths cached: the same answer, the first time and from the cache
  const realDirs = new Map<string, string>();
  assert.deepEqual(readCorpusFileSync(root, file, { ...l, realDirs }), a, 'the read with folders cached agrees');
  assert.deepEqual(readCorpusFileSync(root, file, { ...l, realDirs }), a, 'and again from its cache');
  // the bytes undecoded (a large sidecar's, for the editor's worker): the same refusals, the file's very bytes
  const bytes = await readCorpusBytes(root, file, l);
  assert.deepEqual(decodedRead(bytes), a, 'the bytes read, then decoded, agree');
  if (bytes.ok) assert.deepEqual(bytes.bytes, fs.readFileSync(bytes.realPath));
  return a;
};

test('folders cached (an index\'s read): a folder that is a symlink is resolved, inside or out; a folder is not a file (table)', async () => {
  const { root, outside } = layout();
  fs.mkdirSync(path.join(root, 'real'));
  fs.writeFileSync(path.join(root, 'real', 'b.txt'), 'in a real folder\n');
  fs.symlinkSync(path.join(root, 'real'), path.join(root, 'linked'));
  fs.symlinkSync(path.dirname(outside), path.join(root, 'away'));
  const cases: [string, string | true][] = [
    ['linked/b.txt', true],
    ['real/b.txt', true],
    ['away/secret.txt', 'outside'],
    ['away/corpus/good.txt', true], // out through the link and back in: inside after resolving
    ['real', 'not-file'],
    ['real/none.txt', 'missing'],
  ];
  for (const [file, want] of cases) {
    const r = await both(root, path.join(root, file));
    if (want === true) assert.ok(r.ok && r.realPath.startsWith(root), file);
    else assert.equal(!r.ok && r.reason, want, file);
  }
});

test('folders cached: a folder or file swapped for a symlink after its folder was resolved is read as it is now, never outside (table)', () => {
  // an index resolves a folder once per task; a checkout beside it may swap the folder meanwhile
  const cases: { swap: (root: string, outsideDir: string) => void; want: string | true }[] = [
    // the folder becomes a link out of the corpus, to a folder with a file of the same name
    { swap: (root, out) => (fs.rmSync(path.join(root, 'd'), { recursive: true }), fs.symlinkSync(out, path.join(root, 'd'))), want: 'outside' },
    // the file becomes a link out of the corpus
    { swap: (root, out) => (fs.rmSync(path.join(root, 'd', 'a.txt')), fs.symlinkSync(path.join(out, 'a.txt'), path.join(root, 'd', 'a.txt'))), want: 'outside' },
    // the folder becomes a link to another folder inside: read there
    { swap: (root) => (fs.rmSync(path.join(root, 'd'), { recursive: true }), fs.symlinkSync(path.join(root, 'e'), path.join(root, 'd'))), want: true },
    // the folder is renamed away
    { swap: (root) => fs.renameSync(path.join(root, 'd'), path.join(root, 'gone')), want: 'missing' },
  ];
  for (const [k, { swap, want }] of cases.entries()) {
    const { root } = layout();
    const outsideDir = path.join(path.dirname(root), 'elsewhere');
    fs.mkdirSync(outsideDir);
    fs.writeFileSync(path.join(outsideDir, 'a.txt'), 'TOP SECRET outside the corpus\n');
    for (const d of ['d', 'e']) {
      fs.mkdirSync(path.join(root, d));
      fs.writeFileSync(path.join(root, d, 'a.txt'), `inside, in ${d}\n`);
    }
    const realDirs = new Map<string, string>();
    const file = path.join(root, 'd', 'a.txt');
    assert.ok(readCorpusFileSync(root, file, { ...limits, realDirs }).ok, `case ${k}: read before the swap`);
    swap(root, outsideDir);
    const r = readCorpusFileSync(root, file, { ...limits, realDirs });
    assert.deepEqual(r, readCorpusFileSync(root, file, limits), `case ${k}: the same answer as a read without the cache`);
    if (want === true) assert.ok(r.ok && r.text === 'inside, in e\n', `case ${k}`);
    else assert.equal(!r.ok && r.reason, want, `case ${k}`);
    assert.ok(!JSON.stringify(r).includes('TOP SECRET'), `case ${k}: nothing of the outside file`);
  }
});

test('a regular file inside the corpus is read', async () => {
  const { root } = layout();
  const r = await both(root, path.join(root, 'good.txt'));
  assert.ok(r.ok && r.text === 'plain text, inside\n');
});

test('a symlink leading outside the corpus is refused, and its text is not returned', async () => {
  const { root, outside } = layout();
  fs.symlinkSync(outside, path.join(root, 'a.txt'));
  const r = await both(root, path.join(root, 'a.txt'));
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.reason, 'outside');
  assert.doesNotMatch(JSON.stringify(r), /TOP SECRET/);
});

test('../ in the path is resolved before the check', async () => {
  const { root } = layout();
  const r = await both(root, path.join(root, '..', 'secret.txt'));
  assert.equal(!r.ok && r.reason, 'outside');
});

test('a symlink to a FIFO is refused without being opened (no hang)', async () => {
  const { root } = layout();
  const fifo = path.join(root, 'pipe');
  execFileSync('mkfifo', [fifo]);
  fs.symlinkSync(fifo, path.join(root, 'a.txt.annotations.yaml'));
  for (const f of [fifo, path.join(root, 'a.txt.annotations.yaml')]) {
    const r = await both(root, f);
    assert.equal(!r.ok && r.reason, 'not-file');
  }
});

test('symlinks to /dev/zero and /dev/stdin are refused (outside, and not regular files)', async () => {
  const { root } = layout();
  fs.symlinkSync('/dev/zero', path.join(root, 'zero.txt'));
  fs.symlinkSync('/dev/stdin', path.join(root, 'stdin.txt'));
  for (const name of ['zero.txt', 'stdin.txt']) {
    // /dev/stdin resolves differently by reader (a socket, a pipe, a tty): each must refuse it
    for (const r of [readCorpusFileSync(root, path.join(root, name), limits), await readCorpusFile(root, path.join(root, name), limits)]) {
      assert.equal(r.ok, false, name);
      assert.ok(!r.ok && ['outside', 'not-file', 'missing'].includes(r.reason), `${name}: ${!r.ok && r.reason}`);
    }
  }
  // a corpus rooted at / still refuses the device itself
  const r = await both('/', '/dev/zero');
  assert.equal(!r.ok && r.reason, 'not-file');
});

test('a file over the size cap is refused with its size and the cap in the message', async () => {
  const { root } = layout();
  fs.writeFileSync(path.join(root, 'big.txt'), 'x'.repeat(4096));
  const r = await both(root, path.join(root, 'big.txt'));
  assert.equal(!r.ok && r.reason, 'too-large');
  assert.match(!r.ok ? r.message : '', /4\.0 KB.*1\.0 KB/);
});

test('invalid UTF-8 is an error with line and column, never U+FFFD text', async () => {
  const { root } = layout();
  fs.writeFileSync(path.join(root, 'bad.yaml'), Buffer.concat([Buffer.from('a: 1\nnote: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  const r = await both(root, path.join(root, 'bad.yaml'));
  assert.equal(!r.ok && r.reason, 'encoding');
  assert.equal(!r.ok && r.line, 2);
  assert.equal(!r.ok && r.column, 10);
});

test('a missing file is reported as missing', async () => {
  const { root } = layout();
  const r = await both(root, path.join(root, 'nope.txt'));
  assert.equal(!r.ok && r.reason, 'missing');
});

test('checkWritable refuses symlinks, special files and folders outside the root', async () => {
  const { root, outside } = layout();
  fs.symlinkSync(outside, path.join(root, 'link.yaml'));
  execFileSync('mkfifo', [path.join(root, 'fifo.yaml')]);
  assert.match((await checkWritable(root, path.join(root, 'link.yaml'))) ?? '', /symbolic link/);
  assert.match((await checkWritable(root, path.join(root, 'fifo.yaml'))) ?? '', /not a regular file/);
  assert.match((await checkWritable(root, outside)) ?? '', /outside/);
  assert.equal(await checkWritable(root, path.join(root, 'good.txt')), null);
  assert.equal(await checkWritable(root, path.join(root, 'new.yaml')), null);
});

/** isInside as it was before its quick path (issue 15): what it must still answer, always. */
function insideByRelative(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

test('isInside answers as path.relative does, the quick path included (table, then generated paths)', () => {
  const rows: [root: string, p: string, inside: boolean][] = [
    ['/c/root', '/c/root', true],
    ['/c/root', '/c/root/a.txt', true],
    ['/c/root', '/c/root/d/a.txt', true],
    ['/c/root', '/c/rootx/a.txt', false],
    ['/c/root', '/c/roo', false],
    ['/c/root', '/c/root/../secret.txt', false],
    ['/c/root', '/c/root/d/../../secret.txt', false],
    ['/c/root', '/c/root/./a.txt', true],
    ['/c/root', '/c/root//a.txt', true],
    ['/c/root', '/c/root/', true],
    ['/c/root', '/c/root/..', false],
    ['/c/root', '/c/root/...', true],
    ['/c/root', '/c/root/.hidden/a.txt', true],
    ['/c/root/', '/c/root/a.txt', true],
    ['/c/root/.', '/c/root/a.txt', true],
    ['/c/root/d/..', '/c/root/a.txt', true],
    ['/', '/etc/passwd', true],
    ['/c/root', '/etc/passwd', false],
    ['/c/root', '/c/root/a.txt (deleted)', true],
  ];
  for (const [root, p, inside] of rows) {
    assert.equal(isInside(root, p), inside, `${root} ∋ ${p}`);
    assert.equal(isInside(root, p), insideByRelative(root, p), `${root} ∋ ${p}, as path.relative says`);
  }
  const segment = fc.constantFrom('c', 'root', 'rootx', '.', '..', '', '.d', 'a.txt', '...');
  const pathOf = fc.array(segment, { maxLength: 6 }).map((s) => '/' + s.join('/'));
  fc.assert(fc.property(pathOf, pathOf, (root, p) => isInside(root, p) === insideByRelative(root, p)), { numRuns: 5000 });
});
