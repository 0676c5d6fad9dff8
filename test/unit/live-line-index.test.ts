// Line/character positions of files nobody opened (core/live/lineIndex.ts): Problems places
// sidecar errors and orphans with them, so they must count as VS Code does (UTF-16, \r\n).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../src/core/live/lineIndex';

const text = 'first line\r\nsecond 🙂 x\n\nlast';
const index = new LineIndex(text);
const at = (s: string) => text.indexOf(s);

test('offsets become line and UTF-16 character (table)', () => {
  const cases: [string, number, { line: number; character: number }][] = [
    ['start of the text', 0, { line: 0, character: 0 }],
    ['before the \\r', at('\r'), { line: 0, character: 10 }],
    ['start of the second line', at('second'), { line: 1, character: 0 }],
    ['after an emoji (two UTF-16 units)', at(' x'), { line: 1, character: 9 }],
    ['an empty line', at('\n\n') + 1, { line: 2, character: 0 }],
    ['the end of the text', text.length, { line: 3, character: 4 }],
  ];
  for (const [name, offset, want] of cases) assert.deepEqual(index.position(offset), want, name);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.range(at('second'), at(' x')), { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
});

test('from a column to the end of its line, without the line break (table)', () => {
  const cases: [string, number, number, { start: number; end: number; line: number }][] = [
    ['stops before \\r\\n', 0, 6, { line: 0, start: 6, end: 10 }],
    ['stops before \\n', 1, 0, { line: 1, start: 0, end: 11 }],
    ['an empty line is the column itself', 2, 0, { line: 2, start: 0, end: 0 }],
    ['a column past the line end stays', 3, 9, { line: 3, start: 9, end: 9 }],
    ['a line past the end stays where it was asked', 7, 2, { line: 7, start: 2, end: 2 }],
  ];
  for (const [name, line, column, want] of cases) {
    assert.deepEqual(index.fromColumn(line, column), { start: { line: want.line, character: want.start }, end: { line: want.line, character: want.end } }, name);
  }
});
