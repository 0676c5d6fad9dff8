// Which entities' highlights one keystroke changed (core/redraw/mentionChanges.ts): the editor
// is sent only those types again (issue 15: a keystroke at most 5 ms). A missed one would leave a
// highlight on the wrong words; an extra one only costs time. The "before" is a copy of what was
// drawn: LiveDocuments moves its own mention objects in place, which made the old comparison of
// its list with itself see a change on nearly every keystroke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entitiesChangedAround, mentionsIn, sameMentionsIn } from '../../src/core/redraw/mentionChanges';
import { EDIT_REACH, type MentionSpan } from '../../src/core/live/mentionsAround';
import type { TextChange } from '../../src/core/spans';

const m = (start: number, end: number, entity = 'e'): MentionSpan => ({ start, end, entity });
const ins = (at: number, text: string): TextChange => ({ offset: at, removed: 0, inserted: text.length });
const del = (at: number, n: number): TextChange => ({ offset: at, removed: n, inserted: 0 });
const before = [m(10, 16, 'a'), m(400, 406, 'b'), m(1000, 1006, 'c')];
const all = { from: 0, to: 10_000 };

const CASES: [name: string, change: TextChange, after: MentionSpan[], changed: string[], within?: { from: number; to: number }][] = [
  ['plain typing between mentions moves them: nothing to send', ins(200, 'x'), [m(10, 16, 'a'), m(401, 407, 'b'), m(1001, 1007, 'c')], []],
  ['typing right after a name that stays a name', ins(16, ' '), [m(10, 16, 'a'), m(401, 407, 'b'), m(1001, 1007, 'c')], []],
  ['typing right before a name that stays a name', ins(400, ' '), [m(10, 16, 'a'), m(401, 407, 'b'), m(1001, 1007, 'c')], []],
  ['a deletion between mentions moves them back', del(100, 5), [m(10, 16, 'a'), m(395, 401, 'b'), m(995, 1001, 'c')], []],
  ['typing inside a name that is no longer one: its entity only', ins(12, 'x'), [m(401, 407, 'b'), m(1001, 1007, 'c')], ['a']],
  ['typing inside a name found again over the grown words (the editor grew the range too)', ins(12, 'x'), [m(10, 17, 'a'), m(401, 407, 'b'), m(1001, 1007, 'c')], []],
  ['typing inside a name found again over fewer words', ins(12, 'x'), [m(10, 13, 'a'), m(401, 407, 'b'), m(1001, 1007, 'c')], ['a']],
  ['a deletion across a name', del(8, 10), [m(390, 396, 'b'), m(990, 996, 'c')], ['a']],
  ['a new name typed near: its entity only', ins(200, 'Aurel'), [m(10, 16, 'a'), m(200, 205, 'n'), m(405, 411, 'b'), m(1005, 1011, 'c')], ['n']],
  ['a name changes entity: both', ins(200, 'x'), [m(10, 16, 'a'), m(401, 407, 'f'), m(1001, 1007, 'c')], ['b', 'f']],
  ['a near mention not shifted by the edit', ins(200, 'x'), [m(10, 16, 'a'), m(400, 406, 'b'), m(1001, 1007, 'c')], ['b']],
  ['a change farther than EDIT_REACH is not looked at (nobody looked again there)', ins(200, 'x'), [m(10, 16, 'a'), m(401, 407, 'b')], []],
  ['a mention found outside the drawn window is not drawn, so not sent', ins(200, 'Aurel'), [m(10, 16, 'a'), m(200, 205, 'n'), m(405, 411, 'b'), m(1005, 1011, 'c')], [], { from: 300, to: 10_000 }],
  ['two of the same entity, one lost', ins(12, 'x'), [m(20, 26, 'a'), m(401, 407, 'b')], ['a']],
];

test('a keystroke sends only the entities whose mentions it changed (table)', () => {
  for (const [name, change, after, expected, within] of CASES) {
    // what was drawn: the window's mentions only
    const drawn = name.startsWith('two of the same') ? [m(10, 16, 'a'), m(19, 25, 'a'), m(400, 406, 'b')] : mentionsIn(before, within?.from ?? 0, within?.to ?? Infinity);
    const got = [...entitiesChangedAround(drawn, after, change, within ?? all)].sort();
    assert.deepEqual(got, expected, name);
  }
});

test('only mentions within EDIT_REACH of the edit are compared', () => {
  const far = m(200 + EDIT_REACH + 10, 200 + EDIT_REACH + 16, 'far');
  assert.deepEqual([...entitiesChangedAround([far], [], ins(200, 'x'), all)], []);
  assert.deepEqual([...entitiesChangedAround([m(210, 216, 'near')], [], ins(200, 'x'), all)], ['near']);
});

test('mentionsIn copies the mentions of a window, so moving the live ones leaves the copy as drawn', () => {
  const live = [m(10, 16, 'a'), m(400, 406, 'b'), m(1000, 1006, 'c')];
  const copy = mentionsIn(live, 300, 1000);
  assert.deepEqual(copy, [m(400, 406, 'b')]);
  live[1].start += 5;
  assert.equal(copy[0].start, 400);
  assert.deepEqual(mentionsIn(live, 0, 11), [m(10, 16, 'a')], 'a mention straddling the window edge is in it');
});

test('sameMentionsIn: a store change that kept the window\'s mentions redraws no entity', () => {
  const live = [m(10, 16, 'a'), m(400, 406, 'b'), m(1000, 1006, 'c')];
  const drawn = mentionsIn(live, 300, 1100);
  const CASES: [name: string, now: MentionSpan[], same: boolean][] = [
    ['the same mentions (new objects)', live.map((x) => ({ ...x })), true],
    ['a change outside the window does not count', [m(12, 18, 'a'), m(400, 406, 'b'), m(1000, 1006, 'c')], true],
    ['one moved', [m(10, 16, 'a'), m(401, 407, 'b'), m(1000, 1006, 'c')], false],
    ['one of another entity', [m(10, 16, 'a'), m(400, 406, 'x'), m(1000, 1006, 'c')], false],
    ['one gone', [m(10, 16, 'a'), m(1000, 1006, 'c')], false],
    ['one more', [m(10, 16, 'a'), m(400, 406, 'b'), m(500, 506, 'd'), m(1000, 1006, 'c')], false],
  ];
  for (const [name, now, same] of CASES) assert.equal(sameMentionsIn(drawn, now, 300, 1100), same, name);
});
