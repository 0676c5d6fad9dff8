// The CLI's standard output is written in blocks (src/cli/io.ts blockWriter, issue 15): every
// piece arrives, in order, nothing is held back once flushed, and the marginalia process prints
// the same bytes it printed when each piece was its own write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { blockWriter } from '../../src/cli/io';
import { scratchDir } from './scratch';

test('pieces are written in order, in blocks, and all of them once flushed', () => {
  const writes: string[] = [];
  const w = blockWriter((s) => writes.push(s), 10);
  for (const s of ['abc', 'def', 'ghij', 'k', '', 'lmnopqrstuvwxyz', '!']) w.out(s);
  assert.deepEqual(writes, ['abcdefghij', 'klmnopqrstuvwxyz'], 'a write when a block is full');
  w.flush();
  w.flush();
  assert.deepEqual(writes, ['abcdefghij', 'klmnopqrstuvwxyz', '!'], 'the rest on flush, and nothing twice');
});

test('the marginalia process prints every report, and errors after what came before', () => {
  const root = path.resolve(__dirname, '..', '..');
  const dir = scratchDir('marginalia-io-');
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities: []\n');
  const text = 'The convoy was turned back at the river. ';
  for (let n = 0; n < 200; n++) {
    fs.writeFileSync(path.join(dir, `a${n}.txt`), `Officials said so. ${text}The minister denied it.`);
    fs.writeFileSync(path.join(dir, `a${n}.txt.annotations.yaml`), `marginalia: 1\nsource: a${n}.txt\nannotations:\n  - {id: c${n}, kind: claim, quote: turned back at the river, note: "${'n'.repeat(200)}"}\n`);
  }
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(root, 'src/cli/main.ts'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, MARGINALIA_WORKERS: '0' } });
  const json = cli('check', '--json');
  assert.equal(json.status, 0, json.stderr);
  assert.equal((JSON.parse(json.stdout) as { sources: unknown[] }).sources.length, 200);
  const human = cli('check');
  assert.equal(human.stdout.split('\n').filter((l) => l.startsWith('✓ ')).length, 200);
  assert.match(human.stdout, /\n200 sidecars, 200 annotations: 0 anchored, 200 moved/);
  const usage = cli('check', '--max-size', 'x');
  assert.equal(usage.status, 2);
  assert.equal(usage.stdout, '');
  assert.match(usage.stderr, /--max-size takes a number/);
});

test('a reader that stops early (`check --json | head`) ends the run quietly with status 141, not a stack trace', async () => {
  const root = path.resolve(__dirname, '..', '..');
  const dir = scratchDir('marginalia-pipe-');
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities: []\n');
  for (let n = 0; n < 400; n++) {
    fs.writeFileSync(path.join(dir, `a${n}.txt`), `Officials said the convoy was turned back at the river.`);
    fs.writeFileSync(path.join(dir, `a${n}.txt.annotations.yaml`), `marginalia: 1\nsource: a${n}.txt\nannotations:\n  - {id: c${n}, kind: claim, quote: turned back at the river, note: "${'n'.repeat(1000)}"}\n`);
  }
  const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(root, 'src/cli/main.ts'), 'check', '--json'], { cwd: dir, env: { ...process.env, MARGINALIA_WORKERS: '0' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  // like `head -c 100`: read the first block, then close the pipe
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  assert.equal(stderr, '');
  assert.equal(status, 141);
});
