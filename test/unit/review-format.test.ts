// The review loop's fields in the sidecar (issue 11): `review` and `replies` are read by the one
// set of rules, written in a fixed order as small diffs, merged by the driver (replies as a set
// by id in time order, `review` as a field credited to each reviewer), and a later change to an
// approved assessment withdraws the approval in the history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSidecar, readSidecarFast, serializeSidecar } from '../../src/core/format';
import { mergeSidecarTexts } from '../../src/core/merge';
import { applyOps } from '../../src/core/ops';
import { replyOp, reviewOp } from '../../src/core/review/loop';
import type { Annotation, Sidecar } from '../../src/core/types';

const F = 'a.txt.annotations.yaml';
const sc = (annotations: Annotation[]): Sidecar => ({ marginalia: 1, source: 'a.txt', annotations });
const claim: Annotation = { id: 'c1', kind: 'claim', quote: 'the plot', start: 0, end: 8, status: 'disputed', author: 'Ana', created: '2026-11-28T09:00:00Z' };
const ben = { by: 'Ben Byrne', at: '2026-11-30T10:00:00Z' };
const cleo = { by: 'Cleo', at: '2026-11-30T11:00:00Z' };

const bad: [string, string, RegExp][] = [
  ['an unknown review state', 'review: {state: maybe, by: Ben, at: t}', /unknown review state "maybe"/],
  ['a review without who', 'review: {state: approved, at: t}', /`by` must be one line/],
  ['a review with an unknown key', 'review: {state: approved, by: Ben, at: t, url: x}', /unknown key "url"/],
  ['replies that are not a list', 'replies: yes', /`replies` must be a list/],
  ['a reply without text', 'replies: [{id: r1, by: Ben, at: t}]', /reply 1: `text` must be text/],
  ['duplicate reply ids', 'replies: [{id: r1, by: Ben, at: t, text: a}, {id: r1, by: Ben, at: t, text: b}]', /duplicate id "r1"/],
  ['ESC in a reply author', 'replies: [{id: r1, by: "B\\e[31m", at: t, text: a}]', /control characters/],
  ['a line break in a reply id', 'replies: [{id: "r\\n1", by: B, at: t, text: a}]', /control characters or line breaks/],
];
for (const [name, line, why] of bad) {
  test(`review fields: ${name} is a located error, and the fast reader refuses it too`, () => {
    const text = `marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: claim\n    quote: q\n    ${line}\n`;
    const p = parseSidecar(text, F);
    const err = p.problems.find((x) => x.severity === 'error');
    assert.ok(err, 'an error');
    assert.match(err.message, why);
    assert.equal(err.line, 7);
    assert.equal(readSidecarFast(text, F), null);
  });
}

test('review fields: a verdict is one line, a reply one line each, in a fixed place', () => {
  const a = { ...claim, review: { state: 'approved' as const, ...ben }, replies: [{ id: 'r1', ...cleo, text: 'Source?' }] };
  const text = serializeSidecar(sc([a]));
  assert.match(text, /\n {4}review: \{state: approved, by: Ben Byrne, at: 2026-11-30T10:00:00Z\}\n/);
  assert.match(text, /\n {4}replies:\n {6}- \{id: r1, by: Cleo, at: 2026-11-30T11:00:00Z, text: Source\?\}\n/);
  assert.ok(text.indexOf('review:') < text.indexOf('author:') && text.indexOf('replies:') > text.indexOf('created:'));
  assert.deepEqual(parseSidecar(text, F).sidecar?.annotations[0], a);
  assert.deepEqual(readSidecarFast(text, F)?.annotations[0], a);
});

test('review fields: a multi-line reply is a block and reads back exactly', () => {
  const a = { ...claim, replies: [{ id: 'r1', ...cleo, text: 'Two lines:\n  - [x](command:evil) $(verified)\nend' }] };
  const text = serializeSidecar(sc([a]));
  assert.deepEqual(parseSidecar(text, F).sidecar?.annotations[0].replies, a.replies);
});

test('review fields: approving and replying are small diffs', () => {
  const before = serializeSidecar(sc([claim]));
  const approved = applyOps([claim], [reviewOp('c1', 'approved', ben)], ben).annotations;
  const after = serializeSidecar(sc(approved));
  const added = after.split('\n').filter((l) => !before.split('\n').includes(l));
  // the verdict, the stamp, and one history entry (a verdict is too long for one flow line)
  assert.deepEqual(added.slice(0, 5).map((l) => l.trim().split(':')[0]), ['review', 'updated', 'updatedBy', 'history', '- at']);
  assert.ok(added.length <= 8, added.join('\n'));
  assert.ok(before.split('\n').every((l) => after.includes(l)), 'nothing removed');
  const replied = applyOps(approved, [replyOp(approved[0], 'Why C?', cleo, 'r1')!], cleo).annotations;
  const third = serializeSidecar(sc(replied));
  const more = third.split('\n').filter((l) => !after.split('\n').includes(l));
  assert.deepEqual(more.map((l) => l.trim().split(':')[0]), ['updated', 'updatedBy', 'replies', '- {id']);
});

const changes: [string, Partial<Annotation>, boolean][] = [
  ['a status change withdraws an approval', { status: 'refuted' }, true],
  ['a credibility change withdraws an approval', { credibility: 2 }, true],
  ['confirming new words (the quote) withdraws an approval', { quote: 'the new plot' }, true],
  ['a note does not', { note: 'more context' }, false],
  ['new offsets do not', { start: 3, end: 11 }, false],
];
for (const [name, set, withdrawn] of changes) {
  test(`review: ${name}`, () => {
    const approved = { ...claim, review: { state: 'approved' as const, ...ben } };
    const r = applyOps([approved], [{ type: 'update', id: 'c1', set }], cleo);
    const after = r.annotations[0];
    assert.equal(after.review === undefined, withdrawn);
    const entry = after.history?.find((e) => e.field === 'review');
    if (withdrawn) assert.deepEqual(entry, { at: cleo.at, by: cleo.by, field: 'review', from: approved.review });
    else assert.equal(entry, undefined);
    // Undo (replayed without an actor) gives the approval back
    assert.deepEqual(applyOps(r.annotations, r.inverse).annotations[0], approved);
  });
}

test('review: a rejection or a request for changes is not withdrawn by a change (it is what was asked)', () => {
  const asked = { ...claim, review: { state: 'changes-requested' as const, ...ben } };
  assert.deepEqual(applyOps([asked], [{ type: 'update', id: 'c1', set: { status: 'unverified' } }], cleo).annotations[0].review, asked.review);
});

test('review: a change that sets the review itself keeps it', () => {
  const approved = { ...claim, review: { state: 'approved' as const, ...ben } };
  const r = applyOps([approved], [{ type: 'update', id: 'c1', set: { status: 'refuted', review: { state: 'approved', ...cleo } } }], cleo);
  assert.deepEqual(r.annotations[0].review, { state: 'approved', ...cleo });
});

// ---- merge -----------------------------------------------------------------------------------

const text = (a: Annotation) => serializeSidecar(sc([a]));

test('merge: replies on two branches are both kept, in time order, the same bytes either way', () => {
  const base = { ...claim, replies: [{ id: 'r0', by: 'Ana', at: '2026-11-29T08:00:00Z', text: 'first' }] };
  const ours = applyOps([base], [replyOp(base, 'later, from Cleo', cleo, 'zz1')!], cleo).annotations[0];
  const theirs = applyOps([base], [replyOp(base, 'earlier, from Ben', ben, 'aa9')!], ben).annotations[0];
  const m1 = mergeSidecarTexts(text(base), text(ours), text(theirs), F);
  const m2 = mergeSidecarTexts(text(base), text(theirs), text(ours), F);
  assert.equal(m1.conflicts, 0);
  assert.equal(m1.text, m2.text);
  const merged = parseSidecar(m1.text!, F).sidecar!.annotations[0];
  assert.deepEqual(merged.replies?.map((r) => r.id), ['r0', 'aa9', 'zz1']);
});

test('merge: the review changed differently on both sides is a conflict, each value credited to its reviewer', () => {
  const ours = applyOps([claim], [reviewOp('c1', 'approved', ben)], ben).annotations[0];
  const theirs = applyOps([claim], [reviewOp('c1', 'changes-requested', cleo)], cleo).annotations[0];
  const m1 = mergeSidecarTexts(text(claim), text(ours), text(theirs), F);
  const m2 = mergeSidecarTexts(text(claim), text(theirs), text(ours), F);
  assert.equal(m1.text, m2.text);
  assert.equal(m1.conflicts, 1);
  const c = m1.details[0].conflict;
  assert.equal(c.field, 'review');
  assert.deepEqual(c.values.map((v) => [(v.value as { state: string }).state, v.author]).sort(), [['approved', 'Ben Byrne'], ['changes-requested', 'Cleo']]);
  const merged = parseSidecar(m1.text!, F);
  assert.equal(merged.problems.filter((p) => p.severity === 'error').length, 0);
  assert.equal(merged.sidecar!.annotations[0].review, undefined, 'the ancestor’s (no verdict) stays until resolved');
});

test('merge: a review on one side and a reply on the other are both kept', () => {
  const ours = applyOps([claim], [reviewOp('c1', 'approved', ben)], ben).annotations[0];
  const theirs = applyOps([claim], [replyOp(claim, 'ok', cleo, 'r1')!], cleo).annotations[0];
  const m = mergeSidecarTexts(text(claim), text(ours), text(theirs), F);
  assert.equal(m.conflicts, 0);
  const merged = parseSidecar(m.text!, F).sidecar!.annotations[0];
  assert.equal(merged.review?.state, 'approved');
  assert.equal(merged.replies?.length, 1);
});

test('review fields: a reply written by hand keeps its lines when another is appended', () => {
  const hand = `marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: claim\n    quote: the plot\n    replies:\n      - {id: r0, by: Cleo Marsh, at: 2026-11-29T08:00:00Z, text: "Source?"} # asked in the meeting\n`;
  const p = parseSidecar(hand, F);
  const a = p.sidecar!.annotations[0];
  const next = applyOps([a], [replyOp(a, 'Answered.', ben, 'r1')!], ben).annotations;
  const out = serializeSidecar({ ...p.sidecar!, annotations: next }, p.doc);
  const { added, removed } = { added: out.split('\n').filter((l) => !hand.includes(l)), removed: hand.split('\n').filter((l) => !out.includes(l)) };
  assert.deepEqual(removed, []);
  assert.deepEqual(added.filter((l) => l.includes('r1')), ['      - {id: r1, by: Ben Byrne, at: 2026-11-30T10:00:00Z, text: Answered.}']);
});
