// `marginalia check` end to end, in-process, on folders written by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { scratchDir } from './scratch';

const article = [
  'Border talks stall in Aurel',
  '',
  'Officials said on Monday that the talks had stalled. According to a source close to the delegation, the convoy was turned back at the river.',
  '',
  'The minister denied it.',
  '',
].join('\n');

function corpus(files: Record<string, string>): string {
  const dir = scratchDir('marginalia-check-');
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

// Issue 9: what was judged and by whom in --json (bug 11), and claims whose words changed.
const assessed = sidecar.replace('    status: disputed\n', `    status: disputed
    credibility: 4
    note: single source
    tags: [convoy]
    author: Ana Analyst
    created: 2026-11-28T09:00:00Z
    updated: 2026-11-29T10:00:00Z
    updatedBy: Ben Byrne
    history:
      - {at: 2026-11-29T10:00:00Z, by: Ben Byrne, field: status, from: unverified, to: disputed}
`);

test('check --json gives each annotation its assessment: status, credibility, note, tags, author, updated, updatedBy', async () => {
  const dir = corpus({ 'talks.txt': article, 'talks.txt.annotations.yaml': assessed });
  const r = await run(dir, 'check', '--json');
  assert.equal(r.code, 0, r.out + r.err);
  const [c1, n1] = JSON.parse(r.out).sources[0].annotations;
  assert.deepEqual(
    [c1.status, c1.credibility, c1.note, c1.tags, c1.author, c1.updated, c1.updatedBy, c1.needsReview],
    ['disputed', 4, 'single source', ['convoy'], 'Ana Analyst', '2026-11-29T10:00:00Z', 'Ben Byrne', undefined],
  );
  assert.equal(n1.note, 'which one?');
  assert.ok(!('status' in n1) && !('author' in n1), 'absent fields are left out');
});

test('a claim whose words changed: --json flags it with both quotes, text mode says so, exit 1, --write keeps the assessed quote', async () => {
  const changed = article.replace('the convoy was turned back', 'the convoy was not turned back');
  const dir = corpus({ 'talks.txt': changed, 'talks.txt.annotations.yaml': assessed });
  const j = await run(dir, 'check', '--json');
  assert.equal(j.code, 1, 'needs review fails the check');
  const c1 = JSON.parse(j.out).sources[0].annotations[0];
  assert.deepEqual([c1.state, c1.needsReview, c1.assessedQuote, c1.currentQuote, c1.quote], ['fuzzy', true, quote, 'the convoy was not turned back at the river', quote]);

  const t = await run(dir, 'check');
  assert.equal(t.code, 1);
  assert.match(t.out, /needs review: claim c1 \(disputed\) at \d+–\d+ in talks\.txt: its words changed since it was assessed: “the convoy was turned back at the river” → “the convoy was not turned back at the river”/);
  assert.match(t.out, /1 claim to review/);

  const w = await run(dir, 'check', '--write');
  assert.equal(w.code, 1);
  const written = fs.readFileSync(path.join(dir, 'talks.txt.annotations.yaml'), 'utf8');
  assert.match(written, new RegExp(`quote: ${quote}\\n`), 'the assessed quote is never replaced');
  assert.match(written, /updatedBy: Ben Byrne\n/, 'nothing else about the assessment changes');
  const again = JSON.parse((await run(dir, 'check', '--json')).out).sources[0].annotations[0];
  assert.deepEqual([again.needsReview, again.currentQuote], [true, 'the convoy was not turned back at the river'], 'still flagged until someone confirms');
});

test('needs-review text from the file is made inert for the terminal', async () => {
  const hostile = article.replace('the convoy was turned back', 'the convoy \u001b[2Jwas not turned back');
  const dir = corpus({ 'talks.txt': hostile, 'talks.txt.annotations.yaml': assessed });
  const t = await run(dir, 'check');
  assert.match(t.out, /needs review: claim c1/);
  assert.doesNotMatch(t.out, /\u001b/);
});

test('typography only (case, quote marks, line breaks) is not a change of words: no review, exit 0', async () => {
  const typo = article.replace('the convoy was turned back at the river', 'The convoy was turned\nback at the river');
  const dir = corpus({ 'talks.txt': typo, 'talks.txt.annotations.yaml': assessed });
  const r = await run(dir, 'check', '--json');
  assert.equal(r.code, 0, r.out);
  assert.equal(JSON.parse(r.out).sources[0].annotations[0].needsReview, undefined);
});

test('a command name that is no command (an Object property name too) is a usage error naming it', async () => {
  for (const name of ['constructor', 'toString', 'chek']) {
    const r = await run(os.tmpdir(), name);
    assert.equal(r.code, 2, name);
    assert.match(r.err, new RegExp(`unknown command "${name}"`));
  }
});

// A registry with findings: `entities` reports each at the careful reader's line and column
// (read the fast way when the file is in the writer's shape), and scans with it when no finding
// is an error.
test('entities: a registry\'s merge conflict is a warning at its line, and the scan goes on; an error stops it at its line', async () => {
  const registry = 'marginalia: 1\nentities:\n  - id: aurel\n    name: Aurel\n    type: place\n    conflicts:\n      - field: name\n        values:\n          - value: Aurel\n          - value: Aurél\n';
  const dir = corpus({ 'marginalia.yaml': registry, 'talks.txt': article });
  const r = await run(dir, 'entities', '--json');
  assert.equal(r.code, 0);
  const out = JSON.parse(r.out);
  assert.equal(out.summary.mentions, 1);
  assert.deepEqual(out.problems.map((p: { line: number; column: number; severity: string }) => [p.line, p.column, p.severity]), [[7, 9, 'warning']]);
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), registry.replace('type: place', 'type: planet'));
  const bad = await run(dir, 'entities', '--json');
  assert.equal(bad.code, 1);
  assert.deepEqual(JSON.parse(bad.out).problems.filter((p: { severity: string }) => p.severity === 'error').map((p: { line: number; column: number }) => [p.line, p.column]), [[5, 11]]);
});
