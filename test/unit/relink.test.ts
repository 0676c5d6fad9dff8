// Ranking the files a sidecar could be re-linked to (issue 8, reproduction 9: a source renamed
// with `git mv` leaves its sidecar behind).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_QUOTE_CHARS, MAX_QUOTES, rankCandidates, searchQuotes } from '../../src/core/relink';

const ARTICLE = 'Officials in Aurel said on Tuesday that the crossing at Lisková had reopened.\nTwo convoys were turned back overnight.';

test('the renamed file, which holds every quote, comes first', () => {
  const ranked = rankCandidates(
    ['the crossing at Lisková', 'Two convoys were turned back', 'Officials in Aurel'],
    [
      { id: 'other.txt', text: 'Officials in Aurel denied everything.' },
      { id: 'renamed.txt', text: ARTICLE },
      { id: 'empty.txt', text: '' },
    ],
  );
  assert.deepEqual(ranked, [
    { id: 'renamed.txt', found: 3, total: 3 },
    { id: 'other.txt', found: 1, total: 3 },
    { id: 'empty.txt', found: 0, total: 3 },
  ]);
});

test('a quote spanning a reflowed line break still counts', () => {
  const [best] = rankCandidates(['reopened. Two convoys'], [{ id: 'a.txt', text: ARTICLE }]);
  assert.equal(best.found, 1);
});

test('ties and files holding nothing are ordered by name, so every file stays pickable', () => {
  const ranked = rankCandidates(['zzz'], [{ id: 'b.txt', text: 'x' }, { id: 'a.txt', text: 'y' }]);
  assert.deepEqual(ranked.map((r) => r.id), ['a.txt', 'b.txt']);
});

test('repeated and empty quotes are looked for once, and their number and length are capped', () => {
  assert.deepEqual(searchQuotes(['a', 'a', ' ', '', 'b\n c']), ['a', 'b c']);
  const many = Array.from({ length: MAX_QUOTES * 3 }, (_, i) => `quote ${i}`);
  assert.equal(searchQuotes(many).length, MAX_QUOTES);
  const [long] = searchQuotes(['x'.repeat(MAX_QUOTE_CHARS - 1) + '😀' + 'y'.repeat(50)]);
  assert.equal(long.length, MAX_QUOTE_CHARS - 1, 'a cut never leaves half a surrogate pair');
  // a long quote still finds the file that holds it
  const text = 'intro ' + 'w'.repeat(1000) + ' outro';
  assert.equal(rankCandidates(['w'.repeat(1000)], [{ id: 'a', text }])[0].found, 1);
});
