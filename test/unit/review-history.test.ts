import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesBetween, creditFor, mergeHistories, setBy, type HistoryEntry } from '../../src/core/review/history';

const ana = { id: 'c1', kind: 'claim', quote: 'directed by the Kremlin', status: 'unverified', author: 'Ana Analyst', created: '2026-11-28T09:00:00Z' };

test('a status change by Ben is recorded as his, with what it was', () => {
  const after = { ...ana, status: 'refuted' };
  assert.deepEqual(changesBetween(ana, after, 'Ben Byrne', '2026-11-29T10:00:00Z'), [
    { at: '2026-11-29T10:00:00Z', by: 'Ben Byrne', field: 'status', from: 'unverified', to: 'refuted' },
  ]);
});

test('setting a field that was unset and removing one are recorded without from / to', () => {
  const after: Record<string, unknown> = { ...ana, credibility: 2 };
  delete after.status;
  assert.deepEqual(changesBetween(ana, after, 'Ben', 't'), [
    { at: 't', by: 'Ben', field: 'status', from: 'unverified' },
    { at: 't', by: 'Ben', field: 'credibility', to: 2 },
  ]);
});

test('bookkeeping (offsets, context, updated) is not an assessment change', () => {
  assert.deepEqual(changesBetween(ana, { ...ana, start: 5, end: 9, prefix: 'x', updated: 'later' }, 'Ben', 't'), []);
});

test('tags and links compare by value, not identity', () => {
  const a = { ...ana, tags: ['coup'], links: [{ rel: 'supports', to: '#c2' }] };
  assert.deepEqual(changesBetween(a, { ...a, tags: ['coup'], links: [{ rel: 'supports', to: '#c2' }] }, 'Ben', 't'), []);
  assert.equal(changesBetween(a, { ...a, tags: ['coup', 'csto'] }, 'Ben', 't')[0].field, 'tags');
});

test('who set the current value: the last entry for the field, else the creator', () => {
  const history: HistoryEntry[] = [
    { at: '2026-11-28T10:00:00Z', by: 'Ana Analyst', field: 'status', from: 'unverified', to: 'disputed' },
    { at: '2026-11-29T10:00:00Z', by: 'Ben Byrne', field: 'status', from: 'disputed', to: 'refuted' },
  ];
  assert.deepEqual(setBy({ ...ana, history }, 'status'), { by: 'Ben Byrne', at: '2026-11-29T10:00:00Z', from: 'disputed', hasFrom: true });
  assert.deepEqual(setBy({ ...ana, history }, 'credibility'), { by: 'Ana Analyst', at: '2026-11-28T09:00:00Z', hasFrom: false });
  assert.deepEqual(creditFor(history, 'status', 'disputed'), { by: 'Ana Analyst', at: '2026-11-28T10:00:00Z' });
});

test('histories merge as a set, sorted by time, the same whichever side comes first', () => {
  const base: HistoryEntry[] = [{ at: '2026-11-27T00:00:00Z', by: 'Ana', field: 'note', to: 'x' }];
  const ours = [...base, { at: '2026-11-29T00:00:00Z', by: 'Ana', field: 'status', to: 'disputed' }];
  const theirs = [...base, { at: '2026-11-28T00:00:00Z', by: 'Ben', field: 'status', to: 'refuted' }];
  const m = mergeHistories(ours, theirs);
  assert.deepEqual(m, mergeHistories(theirs, ours));
  assert.deepEqual(m.map((e) => e.by + ':' + e.field), ['Ana:note', 'Ben:status', 'Ana:status']);
});
