// src/node/walkFolder: the index's listing of a workspace folder (issue 15), which must list
// what a corpus from git holds without ever leaving it: a link to a folder outside (to `/`, say)
// is not walked, nor a link cycle, and links to files, dangling links and FIFOs are
// listed so that reading refuses each by name. The same rule as the CLI's walk, checked here
// against it (cli/fsutil.ts walkFiles) on the same tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkFolder } from '../../src/node/walkFolder';
import { walkFiles } from '../../src/cli/fsutil';
import { scratchDir } from './scratch';

function tree(): { base: string; root: string } {
  const base = scratchDir('marginalia-walk-');
  const root = path.join(base, 'corpus');
  const write = (rel: string, text = 'x\n') => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('a.txt');
  write('desk/b.txt');
  write('desk/b.txt.annotations.yaml');
  write('desk/deep/c.md');
  write('node_modules/pkg/readme.txt');
  write('.git/objects/ab');
  fs.mkdirSync(path.join(base, 'outside'));
  fs.writeFileSync(path.join(base, 'outside', 'secret.txt'), 'outside\n');
  fs.symlinkSync(path.join(base, 'outside'), path.join(root, 'escape')); // a folder outside
  fs.symlinkSync('/', path.join(root, 'disk')); // the whole disk
  fs.symlinkSync(path.join(root, 'desk'), path.join(root, 'desk', 'deep', 'loop')); // a cycle
  fs.symlinkSync(path.join(root, 'desk', 'deep'), path.join(root, 'alias')); // a folder inside, reached twice
  fs.symlinkSync(path.join(base, 'outside', 'secret.txt'), path.join(root, 'leak.txt')); // a file outside
  fs.symlinkSync(path.join(root, 'gone.txt'), path.join(root, 'dangling.txt'));
  execFileSync('mkfifo', [path.join(root, 'pipe.txt')]);
  return { base, root };
}

test('every file in the folder is listed, relative and /-separated; links to files, dangling links and FIFOs too', async () => {
  const { base, root } = tree();
  try {
    const files = (await walkFolder(root)).sort();
    for (const f of ['a.txt', 'desk/b.txt', 'desk/b.txt.annotations.yaml', 'desk/deep/c.md', 'leak.txt', 'dangling.txt', 'pipe.txt', '.git/objects/ab', 'node_modules/pkg/readme.txt']) {
      assert.ok(files.includes(f), `${f} is listed`);
    }
    assert.ok(!files.some((f) => /^(escape|disk|alias)(\/|$)/.test(f)), 'no link to a folder is followed or listed (not even one to /)');
    assert.ok(!files.some((f) => f.includes('secret')), 'nothing of the folder outside is listed');
    assert.equal(files.filter((f) => f.endsWith('c.md')).length, 1, 'a folder linked from inside is listed once, under its own path');
    assert.ok(!files.some((f) => f.includes('loop')), 'the cycle is not followed');
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('a pruned folder is not entered; a folder that cannot be read is reported and the others are listed', async () => {
  const { base, root } = tree();
  const locked = path.join(root, 'locked');
  fs.mkdirSync(locked);
  fs.writeFileSync(path.join(locked, 'hidden.txt'), 'x\n');
  fs.chmodSync(locked, 0o000);
  try {
    const asked: string[] = [];
    const errors: string[] = [];
    const files = await walkFolder(root, { prune: (rel) => (asked.push(rel), rel === 'node_modules' || rel.endsWith('.git')), onError: (dir) => errors.push(dir) });
    assert.ok(!files.some((f) => f.startsWith('node_modules/') || f.startsWith('.git/')), 'pruned folders are not listed');
    assert.ok(asked.includes('desk/deep'), 'prune is asked of nested folders by their relative path');
    assert.ok(files.includes('desk/deep/c.md'));
    if (process.getuid?.() !== 0) {
      assert.deepEqual(errors, [locked], 'the unreadable folder is reported');
      assert.ok(!files.includes('locked/hidden.txt'));
    }
  } finally {
    fs.chmodSync(locked, 0o755);
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the same files as the CLI walk, less the folders the CLI skips (dot and build folders)', async () => {
  const { base, root } = tree();
  try {
    const cli = walkFiles(root, () => true).map((f) => path.relative(root, f).split(path.sep).join('/'));
    const mine = await walkFolder(root, { prune: (rel) => /(^|\/)(node_modules|\.git)$/.test(rel) });
    assert.deepEqual(mine.sort(), cli.sort());
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('only the files `want` keeps are listed, and a link to a folder is not one, whatever its name', async () => {
  const { base, root } = tree();
  fs.symlinkSync(path.join(root, 'desk'), path.join(root, 'folder.txt'));
  try {
    const asked: string[] = [];
    const files = await walkFolder(root, { want: (rel) => (asked.push(rel), rel.endsWith('.txt')) });
    assert.deepEqual(files.sort(), ['a.txt', 'dangling.txt', 'desk/b.txt', 'leak.txt', 'node_modules/pkg/readme.txt', 'pipe.txt']);
    assert.ok(asked.includes('desk/deep/c.md') && !asked.includes('desk'), 'asked of files, not of folders');
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('a root that does not exist rejects', async () => {
  await assert.rejects(() => walkFolder(path.join(os.tmpdir(), 'marginalia-walk-none-' + process.pid)));
});

test('a folder of many thousand files is listed whole, a batch of entries per turn of the event loop, never in one piece', async () => {
  const { base, root } = tree();
  const big = path.join(root, 'wire');
  fs.mkdirSync(big);
  const names: string[] = [];
  for (let i = 0; i < 12_000; i++) names.push(`wire-report-${String(i).padStart(6, '0')}.txt`);
  for (const n of names) fs.writeFileSync(path.join(big, n), '');
  fs.symlinkSync(path.join(root, 'desk'), path.join(big, 'desk-link')); // a link to a folder, among them
  fs.symlinkSync(path.join(base, 'outside', 'secret.txt'), path.join(big, 'zz-leak.txt')); // a link to a file
  fs.mkdirSync(path.join(big, 'sub'));
  fs.writeFileSync(path.join(big, 'sub', 'inner.txt'), 'x\n');
  // the folder is one the walk reads in batches: its size on disk says it holds thousands
  assert.ok(fs.statSync(big).size > 128 * 1024, `the test folder's size on disk (${fs.statSync(big).size}) is over 128 KiB`);
  try {
    // turns of the event loop, counted as the walk goes: the files taken in one turn
    let turn = 0;
    let stopped = false;
    const ticker = () => {
      turn++;
      if (!stopped) setImmediate(ticker);
    };
    setImmediate(ticker);
    const perTurn = new Map<number, number>();
    const files = await walkFolder(root, { want: (rel) => (perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1), true) });
    stopped = true;
    const listed = new Set(files);
    for (const n of names) assert.ok(listed.has(`wire/${n}`), `wire/${n} is listed`);
    assert.ok(listed.has('wire/sub/inner.txt') && listed.has('wire/zz-leak.txt'), 'its subfolder and a link to a file are listed');
    assert.ok(!files.some((f) => f.startsWith('wire/desk-link')), 'a link to a folder among the batches is not followed');
    assert.equal(files.length, listed.size, 'no file listed twice');
    const most = Math.max(...perTurn.values());
    assert.ok(most <= 1_024, `at most a batch of entries in one turn of the event loop (${most} of ${names.length + 3} in one turn)`);
    const cli = walkFiles(root, () => true).map((f) => path.relative(root, f).split(path.sep).join('/'));
    const pruned = await walkFolder(root, { prune: (rel) => /(^|\/)(node_modules|\.git)$/.test(rel) });
    assert.deepEqual(pruned.sort(), cli.sort(), 'the same files as the CLI walk');
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
