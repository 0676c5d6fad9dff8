// `marginalia review` and the review fields of `check --json` (issue 11), end to end in-process
// on folders written by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { scratchDir } from './scratch';

const text = 'Officials said the convoy was turned back. The minister denied it. Rain fell.\n';
const at = (q: string) => `start: ${text.indexOf(q)}\n    end: ${text.indexOf(q) + q.length}`;
const claim = (id: string, q: string, extra = '') => `  - id: ${id}\n    kind: claim\n    quote: ${q}\n    ${at(q)}\n${extra}`;

function corpus(annotations: string): string {
  const dir = scratchDir('marginalia-review-');
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities: []\n');
  fs.writeFileSync(path.join(dir, 'a.txt'), text);
  fs.writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), `marginalia: 1\nsource: a.txt\nannotations:\n${annotations}`);
  return dir;
}

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const approved = '    review: {state: approved, by: Ben, at: 2026-11-30T10:00:00Z}\n';
const sentBack = '    review: {state: changes-requested, by: Ben, at: 2026-11-30T10:00:00Z}\n    replies:\n      - {id: r1, by: Ben, at: 2026-11-30T10:00:00Z, text: "Which source?"}\n';

test('review: lists what awaits review by source, with why, and exits 1', async () => {
  const dir = corpus(claim('c1', 'the convoy was turned back', '    status: disputed\n') + claim('c2', 'The minister denied it', sentBack) + claim('c3', 'Rain fell', approved));
  const r = await run(dir, 'review');
  assert.equal(r.code, 1);
  assert.match(r.out, /^a\.txt\n/);
  assert.match(r.out, /c1 claim · disputed “the convoy was turned back”: not reviewed\n/);
  assert.match(r.out, /c2 claim · unverified “The minister denied it”: changes requested \(1 reply\)\n/);
  assert.doesNotMatch(r.out, /c3/);
  assert.match(r.out, /2 annotations awaiting review/);
});

test('review: nothing awaits when every claim is approved or rejected: exit 0', async () => {
  const dir = corpus(claim('c1', 'the convoy was turned back', approved) + claim('c2', 'Rain fell', '    review: {state: rejected, by: Ben, at: t}\n'));
  const r = await run(dir, 'review');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /nothing awaits review/);
});

test('review --require approved: only disputed and refuted claims without an approval fail', async () => {
  const ok = corpus(claim('c1', 'the convoy was turned back', `    status: disputed\n${approved}`) + claim('c2', 'Rain fell', '    status: unverified\n'));
  assert.equal((await run(ok, 'review', '--require', 'approved')).code, 0);
  const bad = corpus(claim('c1', 'the convoy was turned back', '    status: refuted\n    review: {state: rejected, by: Ben, at: t}\n'));
  const r = await run(bad, 'review', '--require', 'approved');
  assert.equal(r.code, 1);
  assert.match(r.out, /c1 claim · refuted .*needs an approval/);
  assert.equal((await run(bad, 'review', '--require', 'nothing')).code, 2);
});

test('review --json: reasons, review state and reply count per annotation; file text escaped', async () => {
  const dir = corpus(claim('c2', 'The minister denied it', sentBack) + '  - id: n1\n    kind: note\n    quote: Rain\n    conflicts:\n      - {field: note, values: [{value: a}, {value: b}]}\n');
  const r = await run(dir, 'review', '--json');
  const j = JSON.parse(r.out);
  assert.deepEqual(j.sources[0].awaiting.map((i: { id: string; reasons: string[]; review: string; replies: number }) => [i.id, i.reasons, i.review, i.replies]), [
    ['c2', ['changes-requested'], 'changes-requested', 1],
    ['n1', ['conflict'], 'not-reviewed', 0],
  ]);
});

test('review: an id with a line break and a CI command cannot forge output', async () => {
  const dir = corpus(`  - id: "c1\\u2028::error ::forged"\n    kind: claim\n    quote: Rain fell\n`);
  const r = await run(dir, 'review');
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.out, /\n::error/);
});

test('check --json carries the review and the reply count', async () => {
  const dir = corpus(claim('c2', 'The minister denied it', sentBack) + claim('c3', 'Rain fell'));
  const j = JSON.parse((await run(dir, 'check', '--json')).out);
  const [c2, c3] = j.sources[0].annotations;
  assert.deepEqual(c2.review, { state: 'changes-requested', by: 'Ben', at: '2026-11-30T10:00:00Z' });
  assert.equal(c2.replies, 1);
  assert.equal(c3.review, undefined);
  assert.equal(c3.replies, undefined);
});
