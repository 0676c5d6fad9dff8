// `marginalia check` on a folder mixing every hostile file of issue 8 with two good sources
// ("Done when"): exit 1, each bad sidecar named with a line, none rewritten by --write, nothing
// read outside the folder (the secret's text appears in no output and no file), no forged CI
// line or ANSI code in the output, and the good sources still reported. The CLI runs as a child
// process with a deadline, so a FIFO that is opened fails the test instead of hanging it. (No
// wall-clock target here: `npm run bench` measures speed.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.join(__dirname, '../..');
const SECRET = 'TOP-SECRET-7f3a credentials of the newsroom';
/** The part of the secret no sidecar quotes (the attacker's guess is the head): it must never appear. */
const UNSEEN = 'credentials of the newsroom';

let base = '';
let dir = '';

const good = 'Officials said on Monday that the talks had stalled. The minister denied it.\n';
const goodSidecar = (src: string, start: number) => `marginalia: 1
source: ${src}
annotations:
  - {id: n1, kind: note, quote: The minister denied it, start: ${start}, end: ${start + 22}, note: which one?}
`;
/** A sidecar whose one note is `moved` (stale offsets): old code rewrote such files on --write. */
const movedNote = (src: string, quote: string, extra = '') => `marginalia: 1
source: ${src}
${extra}annotations:
  - {id: m1, kind: note, quote: "${quote}", start: 3, end: ${3 + quote.length}}
`;

/** Bad sidecars: name → what makes it hostile. Each must be named with a line in the output. */
const BAD: Record<string, string> = {};

before(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-hostile-'));
  dir = path.join(base, 'corpus');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(base, 'secret.txt'), `${SECRET}\n`);
  execFileSync('mkfifo', [path.join(base, 'pipe')]);
  const w = (name: string, data: string | Buffer) => fs.writeFileSync(path.join(dir, name), data);

  // a registry with a 100 KB alias (mention matching cost: helper "core")
  w('marginalia.yaml', `marginalia: 1\nentities:\n  - id: long\n    name: Long\n    type: other\n    aliases: [${'a'.repeat(100_000)}]\n`);
  // two good sources; the second has a moved note, so --write must still update it
  w('good1.txt', good);
  w('good1.txt.annotations.yaml', goodSidecar('good1.txt', good.indexOf('The minister denied it')));
  w('good2.txt', good);
  w('good2.txt.annotations.yaml', movedNote('good2.txt', 'The minister denied it'));

  // 1. a command link as the version
  w('version.txt', good);
  w('version.txt.annotations.yaml', `marginalia: "[Repair this sidecar](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22touch%20PWNED%5Cn%22%7D)"\nsource: version.txt\nannotations: []\n`);
  BAD['version.txt.annotations.yaml'] = 'command-link version';
  // 2. source: ../secret.txt (no sibling source)
  w('traversal.txt.annotations.yaml', movedNote('../secret.txt', 'TOP-SECRET-7f3a'));
  BAD['traversal.txt.annotations.yaml'] = 'source: ../secret.txt';
  // 2. a symlinked source leading outside
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(dir, 'linked.txt'));
  w('linked.txt.annotations.yaml', movedNote('linked.txt', 'TOP-SECRET-7f3a'));
  BAD['linked.txt.annotations.yaml'] = 'symlinked source outside';
  // 3. a block sequence nested 3,000 deep
  w('deep.txt', good);
  w('deep.txt.annotations.yaml', `marginalia: 1\nsource: deep.txt\ndeep:\n${'- '.repeat(3000)}x\nannotations: []\n`);
  BAD['deep.txt.annotations.yaml'] = 'nesting 3,000 deep';
  // 4. 520 KB of one repeated sentence, ten `the cat` notes (anchoring cost: helper "core")
  w('cats.txt', 'the cat sat. '.repeat(40_000));
  w('cats.txt.annotations.yaml', `marginalia: 1\nsource: cats.txt\nannotations:\n${Array.from({ length: 10 }, (_, i) => `  - {id: c${i}, kind: note, quote: the cat, prefix: zz, suffix: yy}\n`).join('')}`);
  // 5. a sidecar symlinked to a FIFO, and one to /dev/zero
  fs.symlinkSync(path.join(base, 'pipe'), path.join(dir, 'fifo.txt.annotations.yaml'));
  w('fifo.txt', good);
  BAD['fifo.txt.annotations.yaml'] = 'FIFO';
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.txt.annotations.yaml'));
  w('zero.txt', good);
  BAD['zero.txt.annotations.yaml'] = '/dev/zero';
  // 7. ids with ESC and newlines that would forge workflow commands; orphaned, so printed
  w('forge.txt', good);
  w('forge.txt.annotations.yaml', `marginalia: 1\nsource: forge.txt\nannotations:\n  - id: f1\n    kind: note\n    quote: "nowhere in the text\\n::error file=good1.txt::forged\\n::stop-commands::tok\\e[2J\\e[8m"\n`);
  BAD['forge.txt.annotations.yaml'] = 'a forging quote (orphaned, so printed)';
  // ids may not hold control characters at all: refused with a line, and still printed escaped
  w('forgeid.txt', good);
  w('forgeid.txt.annotations.yaml', `marginalia: 1\nsource: forgeid.txt\nannotations:\n  - id: "x\\n::error file=good1.txt::forged\\n::stop-commands::tok\\e[2J\\e[8m"\n    kind: note\n    quote: The minister\n`);
  BAD['forgeid.txt.annotations.yaml'] = 'forging id';
  // 8. invalid UTF-8 in a note, on a moved note (old --write replaced the byte with U+FFFD)
  w('utf8.txt', good);
  w('utf8.txt.annotations.yaml', Buffer.concat([Buffer.from(movedNote('utf8.txt', 'The minister denied it').replace('}\n', ', note: "caf')), Buffer.from([0xe9, 0xff]), Buffer.from('"}\n')]));
  BAD['utf8.txt.annotations.yaml'] = 'invalid UTF-8';
  // 8. an alias bomb in an unknown field (parser: helper "format")
  w('bomb.txt', good);
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  w('bomb.txt.annotations.yaml', `marginalia: 1\nsource: bomb.txt\nbomb:\n${levels.map((l) => `  ${l}\n`).join('')}annotations: []\n`);
  BAD['bomb.txt.annotations.yaml'] = 'alias bomb';
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
