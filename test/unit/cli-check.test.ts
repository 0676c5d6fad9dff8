// `marginalia check` end to end, in-process, on folders written by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

const article = [
  'Border talks stall in Aurel',
  '',
  'Officials said on Monday that the talks had stalled. According to a source close to the delegation, the convoy was turned back at the river.',
  '',
  'The minister denied it.',
  '',
].join('\n');

function corpus(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const quote = 'the convoy was turned back at the river';
const start = article.indexOf(quote);
const sidecar = `marginalia: 1
source: talks.txt
annotations:
  - id: c1
    kind: claim
    quote: ${quote}
    prefix: "source close to the delegation, "
    suffix: ".\\n\\nThe minister denied it.\\n"
    start: ${start}
    end: ${start + quote.length}
    status: disputed
  - {id: n1, kind: note, quote: The minister, note: which one?}
`;

test('check reports every annotation anchored and exits 0 on a clean corpus', async () => {
  const dir = corpus({ 'talks.txt': article, 'talks.txt.annotations.yaml': sidecar });
  const r = await run(dir, 'check', '--json');
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  assert.equal(json.sources.length, 1);
  const s = json.sources[0];
  assert.equal(s.source, 'talks.txt');
  assert.equal(s.sidecar, 'talks.txt.annotations.yaml');
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.annotations.map((a: { id: string; state: string; start: number }) => [a.id, a.state, a.start]), [
    ['c1', 'anchored', start],
    ['n1', 'moved', article.indexOf('The minister')],
  ]);
});

test('check --write stores new offsets for moved annotations and keeps the rest of the file', async () => {
  const dir = corpus({ 'talks.txt': 'UPDATED: new paragraph first.\n\n' + article, 'talks.txt.annotations.yaml': '# team file\n' + sidecar });
  const before = await run(dir, 'check', '--json');
  assert.equal(JSON.parse(before.out).sources[0].annotations[0].state, 'moved');
  const w = await run(dir, 'check', '--write');
  assert.equal(w.code, 0);
  assert.match(w.out, /offsets updated/);
  const written = fs.readFileSync(path.join(dir, 'talks.txt.annotations.yaml'), 'utf8');
  assert.ok(written.startsWith('# team file\n'));
  const after = JSON.parse((await run(dir, 'check', '--json')).out).sources[0].annotations;
  assert.deepEqual(after.map((a: { state: string }) => a.state), ['anchored', 'anchored']);
});

test('an orphan fails the check (exit 1) and is never rewritten', async () => {
  const text = article.replace(quote, 'nothing of the sort happened');
  const dir = corpus({ 'talks.txt': text, 'talks.txt.annotations.yaml': sidecar });
  const r = await run(dir, 'check', '--write');
  assert.equal(r.code, 1);
  assert.match(r.out, /orphaned claim c1/);
  assert.match(r.out, /1 orphaned/);
  const kept = fs.readFileSync(path.join(dir, 'talks.txt.annotations.yaml'), 'utf8');
  assert.match(kept, new RegExp(`quote: ${quote}`));
});

test('an invalid sidecar fails with file:line:column and is left byte for byte', async () => {
  const broken = sidecar.replace('status: disputed', 'status: maybe');
  const dir = corpus({ 'talks.txt': article, 'talks.txt.annotations.yaml': broken });
  const r = await run(dir, 'check', '--write');
  assert.equal(r.code, 1);
  assert.match(r.out, /talks\.txt\.annotations\.yaml:11:13: error: annotation "c1": unknown status "maybe"/);
  assert.equal(fs.readFileSync(path.join(dir, 'talks.txt.annotations.yaml'), 'utf8'), broken);
});

test('a sidecar whose source is missing is an error naming the source line', async () => {
  const dir = corpus({ 'talks.txt.annotations.yaml': sidecar });
  const r = await run(dir, 'check', '--json');
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.out).sources[0].errors[0], { line: 2, column: 9, message: 'source file not found: talks.txt', severity: 'error' });
});

test('usage errors exit 2 and every command has --help', async () => {
  assert.equal((await run(os.tmpdir(), 'check', '--bogus')).code, 2);
  assert.equal((await run(os.tmpdir(), 'frobnicate')).code, 2);
  assert.equal((await run(os.tmpdir(), 'check', '/no/such/path')).code, 2);
  for (const cmd of ['check', 'entities']) {
    const r = await run(os.tmpdir(), cmd, '--help');
    assert.equal(r.code, 0);
    assert.match(r.out, new RegExp(`Usage: marginalia ${cmd}`));
  }
});
