// Whether a keystroke changed which mentions a document has (core/live/mentionsAround.ts): when
// it did not, the extension sends no entity decorations (the editor moved them itself); when it
// did, a missed redraw would leave a highlight on the wrong words. Moved here from the
// integration suite (issue 12): pure offsets need no editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDIT_REACH, sameMentionsAround, touchesAny, type MentionSpan } from '../../src/core/live/mentionsAround';
import type { TextChange } from '../../src/core/spans';

const m = (start: number, end: number, entity = 'e'): MentionSpan => ({ start, end, entity });
const ins = (at: number, text: string): TextChange => ({ offset: at, removed: 0, inserted: text.length });
const del = (at: number, n: number): TextChange => ({ offset: at, removed: n, inserted: 0 });
const before = [m(10, 16), m(400, 406), m(1000, 1006)];

const CASES: [name: string, change: TextChange, after: MentionSpan[], same: boolean][] = [
  ['plain typing between mentions moves them', ins(200, 'x'), [m(10, 16), m(401, 407), m(1001, 1007)], true],
  ['typing right after a name that stays a name', ins(16, ' '), [m(10, 16), m(401, 407), m(1001, 1007)], true],
  ['typing right before a name that stays a name', ins(400, ' '), [m(10, 16), m(401, 407), m(1001, 1007)], true],
  ['a deletion between mentions moves them back', del(100, 5), [m(10, 16), m(395, 401), m(995, 1001)], true],
  ['typing inside a name', ins(12, 'x'), [m(400 + 1, 407), m(1001, 1007)], false],
  ['typing inside a name that is found again as the same name', ins(12, 'x'), [m(10, 17), m(401, 407), m(1001, 1007)], false],
  ['a deletion across a name', del(8, 10), [m(390, 396), m(990, 996)], false],
  ['a new name typed near', ins(200, 'Aurel'), [m(10, 16), m(200, 205), m(405, 411), m(1005, 1011)], false],
  ['a name changes entity', ins(200, 'x'), [m(10, 16), m(401, 407, 'f'), m(1001, 1007)], false],
  ['a near mention not shifted by the edit', ins(200, 'x'), [m(10, 16), m(400, 406), m(1001, 1007)], false],
  ['a mention lost far away (count differs)', ins(200, 'x'), [m(10, 16), m(401, 407)], false],
  ['no mentions before or after', ins(5, 'x'), [], false],
];

test('a keystroke redraws mentions only when it changed them (table)', () => {
  for (const [name, change, after, same] of CASES) assert.equal(sameMentionsAround(before, after, change), same, name);
  assert.equal(sameMentionsAround([], [], ins(5, 'x')), true, 'no mentions at all: nothing to redraw');
});

test('beyond EDIT_REACH nothing is compared: nobody looked there again', () => {
  // the far mention moved wrongly, but the live state never re-reads that far: only the count matters
  const far = [m(10, 16), m(10 + 3 * EDIT_REACH, 10 + 3 * EDIT_REACH + 6)];
  assert.equal(sameMentionsAround(far, [m(11, 17), m(10 + 3 * EDIT_REACH + 1, 10 + 3 * EDIT_REACH + 7)], ins(0, 'x')), true);
  assert.ok(EDIT_REACH >= 200, 'at least the live re-scan margin');
});

test('a keystroke redraws annotations only when it touched one (table; spans as they stand after it)', () => {
  // before: [10, 20) and [100, 140)
  const cases: [name: string, change: TextChange, after: { start: number; end: number }[], touched: boolean][] = [
    ['typing between annotations', ins(50, 'x'), [m(10, 20), m(101, 141)], false],
    ['deleting between annotations', del(30, 5), [m(10, 20), m(95, 135)], false],
    ['typing inside a claim (its words, maybe its review state, changed)', ins(15, 'x'), [m(10, 21), m(101, 141)], true],
    ['typing right after a claim', ins(20, 'x'), [m(10, 20), m(101, 141)], true],
    ['typing right before a claim', ins(100, 'x'), [m(10, 20), m(101, 141)], true],
    ['a replacement reaching into a claim', { offset: 95, removed: 10, inserted: 2 }, [m(10, 20), m(97, 132)], true],
  ];
  for (const [name, change, after, touched] of cases) assert.equal(touchesAny(after, change), touched, name);
  assert.equal(touchesAny([], ins(0, 'x')), false);
});
