// What awaits review, what a filter keeps and what a search finds (issue 11): the pure rules the
// Review view, the views' filters, Find Annotation… and `marginalia review` share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Placement } from '../../src/core/placement';
import { matchesFilter, matchesQuery, describeFilter, type AnnotationFilter } from '../../src/core/review/filters';
import { awaitingReview, lacksRequiredApproval, replyOp, tagOp } from '../../src/core/review/loop';
import type { Annotation } from '../../src/core/types';

const placed = (a: Annotation, extra: Partial<Placement> = {}): Placement => ({ annotation: a, result: { state: 'anchored', start: 0, end: 1, confidence: 1 }, ...extra });
const ok = { by: 'Ben', at: '2026-11-30T10:00:00Z' };
const c = (extra: Partial<Annotation> = {}): Annotation => ({ id: 'c1', kind: 'claim', quote: 'the forces are directed', status: 'disputed', ...extra });
const conflict = [{ field: 'status', base: 'unverified', values: [{ value: 'refuted' }, { value: 'corroborated' }] }];

const awaiting: [string, Placement, string[]][] = [
  ['a claim nobody reviewed', placed(c()), ['not-reviewed']],
  ['an approved claim', placed(c({ review: { state: 'approved', ...ok } })), []],
  ['a rejected claim', placed(c({ review: { state: 'rejected', ...ok } })), []],
  ['a claim sent back', placed(c({ review: { state: 'changes-requested', ...ok } })), ['changes-requested']],
  ['a claim whose words changed (approved or not)', placed(c({ review: { state: 'approved', ...ok } }), { needsReview: true }), ['needs-review']],
  ['an unreviewed claim whose words changed: once', placed(c(), { needsReview: true }), ['needs-review']],
  ['a note in conflict', placed({ id: 'n', kind: 'note', quote: 'q', conflicts: conflict }), ['conflict']],
  ['a note', placed({ id: 'n', kind: 'note', quote: 'q' }), []],
  ['an entity', placed({ id: 'e', kind: 'entity', quote: 'q', entity: 'x' }), []],
];
for (const [name, p, want] of awaiting) test(`awaits review: ${name} → ${want.join(', ') || 'nothing'}`, () => assert.deepEqual(awaitingReview(p), want));

test('--require approved: disputed and refuted claims need an approval, others do not', () => {
  assert.equal(lacksRequiredApproval(c(), 'disputed'), true);
  assert.equal(lacksRequiredApproval(c({ status: 'refuted', review: { state: 'rejected', ...ok } }), 'refuted'), true);
  assert.equal(lacksRequiredApproval(c({ review: { state: 'approved', ...ok } }), 'disputed'), false);
  assert.equal(lacksRequiredApproval(c({ status: 'corroborated' }), 'corroborated'), false);
  assert.equal(lacksRequiredApproval(c({ status: undefined }), 'disputed'), true, 'disputed because contradicted elsewhere');
});

test('replies: appended with who and when, empty text refused, line endings normalised', () => {
  const op = replyOp(c({ replies: [{ id: 'r0', by: 'Ana', at: 't', text: 'x' }] }), '  why?\r\nsource?  ', ok, 'r1');
  assert.deepEqual(op, { type: 'update', id: 'c1', set: { replies: [{ id: 'r0', by: 'Ana', at: 't', text: 'x' }, { id: 'r1', by: 'Ben', at: ok.at, text: 'why?\nsource?' }] } });
  assert.equal(replyOp(c(), ' \n ', ok), null);
  assert.equal(replyOp(c(), 'x', ok)!.type, 'update');
});

test('tags: added once, removed, nothing to do is null, the last removed removes the field', () => {
  assert.deepEqual(tagOp(c({ tags: ['a'] }), ['b', 'a', ' ']), { type: 'update', id: 'c1', set: { tags: ['a', 'b'] } });
  assert.equal(tagOp(c({ tags: ['a'] }), ['a']), null);
  assert.deepEqual(tagOp(c({ tags: ['a'] }), [], ['a']), { type: 'update', id: 'c1', set: { tags: null } });
});

const ana = c({ id: 'a', author: 'Ana', tags: ['coup'], credibility: 4 });
const benRefuted = c({ id: 'b', author: 'Ana', updatedBy: 'Ben', status: 'refuted', review: { state: 'approved', ...ok } });
const unassessed = c({ id: 'u', status: undefined, author: 'Cleo' });
const note: Annotation = { id: 'n', kind: 'note', quote: 'q', author: 'Ana', tags: ['coup'] };
const filters: [string, AnnotationFilter, Annotation[]][] = [
  ['status', { status: ['disputed'] }, [ana]],
  ['status: either of two', { status: ['disputed', 'refuted'] }, [ana, benRefuted]],
  ['status: not assessed', { status: ['not-assessed'] }, [unassessed]],
  ['author: creator or last changer', { author: ['Ben'] }, [benRefuted]],
  ['tag (any kind)', { tag: ['coup'] }, [ana, note]],
  ['credibility', { credibility: [4] }, [ana]],
  ['review: approved', { review: ['approved'] }, [benRefuted]],
  ['review: not reviewed', { review: ['not-reviewed'] }, [ana, unassessed, note]],
  ['facets combine with AND', { author: ['Ana'], tag: ['coup'], status: ['disputed'] }, [ana]],
  ['no facet keeps all', {}, [ana, benRefuted, unassessed, note]],
];
for (const [name, f, want] of filters) {
  test(`filter: ${name}`, () => assert.deepEqual([ana, benRefuted, unassessed, note].filter((a) => matchesFilter(a, f)).map((a) => a.id), want.map((a) => a.id)));
}

test('filter: source reliability comes from the sidecar; an effective status counts', () => {
  assert.equal(matchesFilter(ana, { reliability: ['C'] }, { reliability: 'C' }), true);
  assert.equal(matchesFilter(ana, { reliability: ['C'] }, {}), false);
  assert.equal(matchesFilter(unassessed, { status: ['disputed'] }, { status: 'disputed' }), true);
  assert.equal(describeFilter({ status: ['disputed', 'refuted'], tag: ['coup'] }), 'status: disputed, refuted · tag: coup');
});

test('search: every word, any field, ignoring case and accents', () => {
  const a: Annotation = { id: 'x', kind: 'entity', quote: 'Pashinyan', entity: 'nikol-pashinyan', note: 'Prime minister', tags: ['Arménie'], author: 'Ana Analyst' };
  assert.equal(matchesQuery(a, 'prime armenie'), true);
  assert.equal(matchesQuery(a, 'ANALYST pashin'), true);
  assert.equal(matchesQuery(a, 'Nikol', 'Nikol Pashinyan'), true);
  assert.equal(matchesQuery(a, 'prime kremlin'), false);
  assert.equal(matchesQuery(a, '   '), true);
});

test('search: the folded text kept per annotation follows its entity’s name, and a re-read annotation is folded anew', () => {
  const a: Annotation = { id: 'x', kind: 'entity', quote: 'the premier', entity: 'p1' };
  assert.equal(matchesQuery(a, 'nikol', 'Nikol Pashinyan'), true);
  // the registry renamed the entity: the same annotation object searched under its new name
  assert.equal(matchesQuery(a, 'nikol', 'Serzh Sargsyan'), false);
  assert.equal(matchesQuery(a, 'sargsyan', 'Serzh Sargsyan'), true);
  // a sidecar read again gives new objects, with their own words
  const reread: Annotation = { ...a, quote: 'the president' };
  assert.equal(matchesQuery(reread, 'president', 'Serzh Sargsyan'), true);
  assert.equal(matchesQuery(a, 'president', 'Serzh Sargsyan'), false);
});
