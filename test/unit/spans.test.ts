import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shiftSpan, shiftSpans, type TextChange } from '../../src/core/spans';

// Text: "The minister said the plot was foreign." — the span is "the plot" at 18..26.
const text = 'The minister said the plot was foreign.';
const span = { start: 18, end: 26 };

function apply(t: string, c: TextChange, ins: string): string {
  return t.slice(0, c.offset) + ins + t.slice(c.offset + c.removed);
}

const cases: [name: string, offset: number, removed: number, inserted: string, expected: string | null][] = [
  ['typing before it shifts it', 0, 0, 'Yesterday ', 'the plot'],
  ['typing right before it does not extend it', 18, 0, 'that ', 'the plot'],
  ['typing right after it does not extend it', 26, 0, ' itself', 'the plot'],
  ['typing after it leaves it', 30, 0, ' not', 'the plot'],
  ['typing inside it extends it', 22, 0, 'coup ', 'the coup plot'],
  ['replacing a word inside it', 22, 4, 'scheme', 'the scheme'],
  ['deleting text before it', 4, 9, '', 'the plot'],
  ['deleting it entirely removes it', 18, 8, '', null],
  ['deleting a larger region around it removes it', 13, 20, '', null],
  ['deleting its first word keeps the rest', 18, 4, '', 'plot'],
  ['deleting its last word and beyond keeps the rest', 22, 8, '', 'the '],
  ['replacing across its start', 14, 6, 'id: Th', 'The plot'.slice(0, 0) + 'e plot'],
];

for (const [name, offset, removed, inserted, expected] of cases) {
  test(`spans follow edits: ${name}`, () => {
    const c = { offset, removed, inserted: inserted.length };
    const after = apply(text, c, inserted);
    const s = shiftSpan(span, c);
    if (expected === null) assert.equal(s, null);
    else {
      assert.ok(s, 'span kept');
      assert.equal(after.slice(s.start, s.end), expected);
    }
  });
}

test('several changes in one event (multi-cursor) apply as VS Code reports them', () => {
  // two insertions reported against the original text
  const changes = [{ offset: 0, removed: 0, inserted: 2 }, { offset: 30, removed: 0, inserted: 4 }];
  const after = '>>' + text.slice(0, 30) + ' not' + text.slice(30);
  const { spans } = shiftSpans([span, { start: 31, end: 38 }], changes);
  assert.deepEqual(spans.map((s) => after.slice(s.start, s.end)), ['the plot', 'foreign']);
});
