// `marginalia check` on a folder mixing every hostile file of issue 8 with two good sources
// ("Done when"): exit 1, each bad sidecar named with a line, none rewritten by --write, nothing
// read outside the folder (the secret's text appears in no output and no file), no forged CI
// line or ANSI code in the output, and the good sources still reported. The CLI runs as a child
// process with a deadline, so a FIFO that is opened fails the test instead of hanging it. (No
// wall-clock target here: `npm run bench` measures speed.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildHostileFolder, UNSEEN } from '../fixtures/hostile-folder';
import { scratchDir } from './scratch';

const ROOT = path.join(__dirname, '../..');
let base = '';
let dir = '';
/** Bad sidecars: name → what makes it hostile. Each must be named with a line in the output. */
let BAD: Record<string, string> = {};

before(() => {
  base = scratchDir('marginalia-hostile-');
  ({ dir, bad: BAD } = buildHostileFolder(base));
});

after(() => fs.rmSync(base, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: dir, encoding: 'utf8', timeout: 300_000, killSignal: 'SIGKILL', env: { ...process.env, MARGINALIA_DEBUG: '' },
  });
  assert.notEqual(r.signal, 'SIGKILL', 'the check finished (it hung on a file, or ran past the deadline)');
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file under the folder (not following links), as bytes; links as their target. */
function snapshot(): Map<string, string> {
  const m = new Map<string, string>();
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = fs.lstatSync(p);
    m.set(name, st.isSymbolicLink() ? `-> ${fs.readlinkSync(p)}` : fs.readFileSync(p).toString('base64'));
  }
  return m;
}

test('check --write on the hostile folder: exit 1, every bad sidecar named with a line, none rewritten, nothing read outside, no forged output', () => {
  const before = snapshot();
  const r = run('check', '--write');
  const all = r.out + r.err;
  assert.equal(r.code, 1, all);
  for (const [name, why] of Object.entries(BAD)) {
    if (name === 'forge.txt.annotations.yaml') continue; // valid, but orphaned: named below
    assert.match(all, new RegExp(`^  ${name.replace(/\./g, '\\.')}:\\d+:\\d+: error: `, 'm'), `${name} (${why}) is named with a line`);
  }
  assert.match(all, /^✗ forge\.txt\.annotations\.yaml /m);
  assert.doesNotMatch(all, /^::/m, 'no line of output starts a workflow command');
  assert.doesNotMatch(all, /\x1b/, 'no ESC byte reaches the terminal');
  assert.ok(!all.includes(UNSEEN), 'the secret appears nowhere in the output');
  assert.doesNotMatch(all, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  // the good sources are still reported, and the moved note of good2 was written
  assert.match(all, /^✓ good1\.txt\.annotations\.yaml /m);
  assert.match(all, /^✓ good2\.txt\.annotations\.yaml .*offsets updated/m);
  const after = snapshot();
  for (const [name, bytes] of before) {
    if (name === 'good2.txt.annotations.yaml') assert.notEqual(after.get(name), bytes, 'good2 was re-anchored');
    else assert.equal(after.get(name), bytes, `${name} is byte for byte as it was`);
  }
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file created or removed');
  for (const [name, bytes] of after) if (!bytes.startsWith('-> ')) assert.ok(!Buffer.from(bytes, 'base64').toString('latin1').includes(UNSEEN), `${name} holds no text from outside`);
});

test('check --json on the hostile folder: each bad sidecar has a located error, the good ones none', () => {
  const r = run('check', '--json');
  assert.equal(r.code, 1, r.err);
  assert.doesNotMatch(r.out, /[\x1b\x80-\x9f]/);
  const json = JSON.parse(r.out) as { sources: { sidecar: string; errors: { line: number; column: number; severity: string }[]; annotations: { id: string; state: string }[] }[] };
  const by = new Map(json.sources.map((s) => [s.sidecar, s]));
  for (const [name, why] of Object.entries(BAD)) {
    const s = by.get(name);
    assert.ok(s, `${name} (${why}) is reported`);
    if (name === 'forge.txt.annotations.yaml') {
      assert.deepEqual(s.annotations.map((a) => a.state), ['orphaned']);
      continue;
    }
    const e = s.errors.find((x) => x.severity === 'error');
    assert.ok(e && e.line >= 1 && e.column >= 1, `${name} (${why}) has an error with a line`);
  }
  for (const g of ['good1.txt.annotations.yaml', 'good2.txt.annotations.yaml']) assert.deepEqual(by.get(g)?.errors, [], g);
  assert.ok(!r.out.includes(UNSEEN));
});

test('entities on the hostile folder finishes, reports the refused links, and reads nothing outside', () => {
  const r = run('entities');
  const all = r.out + r.err;
  assert.equal(r.code, 1, all);
  assert.match(all, /^linked\.txt:1:1: error: refused: /m);
  assert.ok(!all.includes(UNSEEN));
  assert.doesNotMatch(all, /\x1b/);
});
