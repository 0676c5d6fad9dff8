// Replies written as one flow list (`replies: [{…}]`) keep that layout when a reply is added
// (core/format/sidecar-nodes.ts keepFlowList): the writer used to rewrite the list as a block, so
// replying to a hand-written thread rewrote its lines. Where one line cannot hold the list (a reply
// with a line break) the block list is written; either way it reads back the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSidecar, serializeSidecar } from '../../src/core/format';
import { applyOps } from '../../src/core/ops';
import { replyOp } from '../../src/core/review/loop';

const F = 'a.txt.annotations.yaml';
const ben = { by: 'Ben Byrne', at: '2026-11-30T10:00:00Z' };
const head = 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: claim\n    quote: the plot\n';

/** The file after Ben replies `text`, and the lines it removed and added. */
function reply(file: string, text: string): { out: string; removed: string[]; added: string[] } {
  const p = parseSidecar(file, F);
  assert.ok(p.sidecar, JSON.stringify(p.problems));
  const a = p.sidecar.annotations[0];
  const next = applyOps([a], [replyOp(a, text, ben, 'r9')!], ben).annotations;
  const out = serializeSidecar({ ...p.sidecar, annotations: next }, p.doc);
  const back = parseSidecar(out, F);
  assert.deepEqual(back.sidecar?.annotations[0].replies, next[0].replies, `reads back as written:\n${out}`);
  const a0 = file.split('\n');
  const b0 = out.split('\n');
  // a reply also sets `updated` and `updatedBy` (what a change records, apart from the layout)
  return { out, removed: a0.filter((l) => !b0.includes(l)), added: b0.filter((l) => !a0.includes(l) && !/^ {4}updated(By)?: /.test(l)) };
}

test('replies in one flow list: a new reply joins the list on its line, the others as written', () => {
  const CASES: [name: string, replies: string, expected: string][] = [
    ['one reply', 'replies: [{id: r0, by: Cleo Marsh, at: 2026-11-29T08:00:00Z, text: "Source?"}]', 'replies: [{id: r0, by: Cleo Marsh, at: 2026-11-29T08:00:00Z, text: "Source?"}, {id: r9, by: Ben Byrne, at: 2026-11-30T10:00:00Z, text: Answered.}]'],
    ['two, spaced as the author spaced them', 'replies: [ {id: r0, by: Cleo, at: 2026-11-29T08:00:00Z, text: a}, { id: r1, by: Ana, at: 2026-11-29T09:00:00Z, text: b } ]', 'replies: [{id: r0, by: Cleo, at: 2026-11-29T08:00:00Z, text: a}, {id: r1, by: Ana, at: 2026-11-29T09:00:00Z, text: b}, {id: r9, by: Ben Byrne, at: 2026-11-30T10:00:00Z, text: Answered.}]'],
    ['a comment after the list stays', 'replies: [{id: r0, by: Cleo, at: 2026-11-29T08:00:00Z, text: a}] # from the meeting', 'replies: [{id: r0, by: Cleo, at: 2026-11-29T08:00:00Z, text: a}, {id: r9, by: Ben Byrne, at: 2026-11-30T10:00:00Z, text: Answered.}] # from the meeting'],
    ['an empty list', 'replies: []', 'replies: [{id: r9, by: Ben Byrne, at: 2026-11-30T10:00:00Z, text: Answered.}]'],
  ];
  for (const [name, replies, expected] of CASES) {
    const { removed, added } = reply(`${head}    ${replies}\n`, 'Answered.');
    assert.deepEqual(removed, [`    ${replies}`], `${name}: only the list's line changes`);
    assert.deepEqual(added, [`    ${expected}`], name);
  }
});

test('replies in one flow list: a line break makes it a block list; a list over several lines becomes one line, its comment kept', () => {
  // a line break in the new reply
  let r = reply(`${head}    replies: [{id: r0, by: Cleo, at: 2026-11-29T08:00:00Z, text: a}]\n`, 'two\nlines');
  assert.match(r.out, /replies:\n {6}- \{id: r0, by: Cleo, at: 2026-11-29T08:00:00Z, text: a\}\n {6}- id: r9\n/);
  // a flow list over several lines, a comment in it: one line, the comment kept (after it)
  r = reply(`${head}    replies: [\n      {id: r0, by: Cleo, at: 2026-11-29T08:00:00Z, text: a}, # first\n    ]\n`, 'Answered.');
  assert.match(r.out, /replies: \[\{id: r0, .*, \{id: r9, .*\}\] # first\n/);
});

test('replies as a block list stay a block list', () => {
  const { removed, added } = reply(`${head}    replies:\n      - {id: r0, by: Cleo, at: 2026-11-29T08:00:00Z, text: a}\n`, 'Answered.');
  assert.deepEqual(removed, []);
  assert.deepEqual(added, ['      - {id: r9, by: Ben Byrne, at: 2026-11-30T10:00:00Z, text: Answered.}']);
});

test('many threads kept on their lines: each goes back to its own annotation, untouched ones unchanged', () => {
  // twelve annotations, each with a thread on one flow line and one with a long hand-written
  // reply kept verbatim: placeholders 1 and 10–11 share digits, and all go back in one pass
  const lines = ['marginalia: 1', 'source: a.txt', 'annotations:'];
  for (let k = 0; k < 12; k++) {
    lines.push(`  - id: c${k}`, '    kind: claim', `    quote: quote ${k}`);
    lines.push(`    replies: [{id: r${k}, by: Cleo, at: 2026-11-29T08:00:00Z, text: "thread ${k}, ${'long words '.repeat(k === 10 ? 12 : 1).trim()}"}]`, '');
  }
  const file = lines.join('\n');
  const p = parseSidecar(file, F);
  assert.ok(p.sidecar, JSON.stringify(p.problems));
  const target = p.sidecar.annotations[3];
  const changed = applyOps([target], [replyOp(target, 'Answered.', ben, 'r99')!], ben).annotations[0];
  const next = p.sidecar.annotations.map((a) => (a.id === target.id ? changed : a));
  const out = serializeSidecar({ ...p.sidecar, annotations: next }, p.doc);
  assert.doesNotMatch(out, /marginalia-verbatim/);
  for (let k = 0; k < 12; k++) {
    const line = out.split('\n').find((l) => l.includes(`id: r${k},`));
    assert.ok(line, `thread ${k} written`);
    assert.ok(line.includes(`"thread ${k}, `), `thread ${k} on its own annotation's line: ${line}`);
    if (k !== 3) assert.ok(file.includes(line + '\n'), `thread ${k} unchanged: ${line}`);
    else assert.match(line, /, \{id: r99, by: Ben Byrne, .*text: Answered\.\}\]$/);
  }
  const back = new Map(parseSidecar(out, F).sidecar?.annotations.map((a) => [a.id, a.replies]));
  for (const a of next) assert.deepEqual(back.get(a.id), a.replies, a.id);
});
