// The paging of long tree lists (core/redraw/paging.ts): what a list shows, what its "more" row
// adds, and that a reveal beyond the page grows it to include the row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_SIZE, Paging } from '../../src/core/redraw/paging';

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

test('a list shows one page and says how many are hidden and how many the next page adds', () => {
  const cases: { size: number; length: number; shows: number; hidden: number; next: number }[] = [
    { size: 3, length: 0, shows: 0, hidden: 0, next: 0 },
    { size: 3, length: 2, shows: 2, hidden: 0, next: 0 },
    { size: 3, length: 3, shows: 3, hidden: 0, next: 0 },
    { size: 3, length: 4, shows: 3, hidden: 1, next: 1 },
    { size: 3, length: 10, shows: 3, hidden: 7, next: 3 },
    { size: PAGE_SIZE, length: 10_000, shows: PAGE_SIZE, hidden: 10_000 - PAGE_SIZE, next: PAGE_SIZE },
  ];
  for (const c of cases) {
    const p = new Paging(c.size).page('g', rows(c.length));
    assert.deepEqual(p.rows, rows(c.shows), JSON.stringify(c));
    assert.equal(p.hidden, c.hidden, JSON.stringify(c));
    assert.equal(p.next, c.next, JSON.stringify(c));
  }
});

test('"more" grows that list by a page, and only that list', () => {
  const paging = new Paging(3);
  paging.more('a');
  assert.deepEqual(paging.page('a', rows(10)).rows, rows(6));
  assert.equal(paging.page('a', rows(10)).next, 3);
  assert.deepEqual(paging.page('b', rows(10)).rows, rows(3));
  paging.more('a');
  paging.more('a');
  const p = paging.page('a', rows(10));
  assert.deepEqual(p.rows, rows(10));
  assert.equal(p.hidden, 0);
});

test('a grown list keeps its size across refreshes, even while it shrinks and grows again', () => {
  const paging = new Paging(3);
  paging.more('a');
  assert.equal(paging.page('a', rows(4)).rows.length, 4);
  assert.equal(paging.page('a', rows(20)).rows.length, 6);
});

test('a reveal beyond the page grows the list to the end of that row\'s page', () => {
  const cases: { index: number; grew: boolean; shows: number }[] = [
    { index: 0, grew: false, shows: 3 },
    { index: 2, grew: false, shows: 3 },
    { index: 3, grew: true, shows: 6 },
    { index: 7, grew: true, shows: 9 },
    { index: 9, grew: true, shows: 10 },
  ];
  for (const c of cases) {
    const paging = new Paging(3);
    assert.equal(paging.include('g', c.index), c.grew, JSON.stringify(c));
    const p = paging.page('g', rows(10));
    assert.equal(p.rows.length, c.shows, JSON.stringify(c));
    assert.ok(p.rows.includes(c.index), JSON.stringify(c));
  }
});

test('reset puts every list back to one page', () => {
  const paging = new Paging(3);
  paging.more('a');
  paging.include('b', 8);
  paging.reset();
  assert.equal(paging.page('a', rows(10)).rows.length, 3);
  assert.equal(paging.page('b', rows(10)).rows.length, 3);
});

test('a page size that is not a positive integer is refused', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => new Paging(bad), RangeError);
    assert.throws(() => (new Paging(3).pageSize = bad), RangeError);
  }
});

test('a new page size puts every list back to one page of that size', () => {
  const paging = new Paging(3);
  paging.more('a');
  paging.pageSize = 4;
  assert.equal(paging.page('a', rows(10)).rows.length, 4);
  paging.more('a');
  assert.equal(paging.page('a', rows(10)).rows.length, 8);
});
