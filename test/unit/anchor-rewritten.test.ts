// A name rewritten where it stood, while a sibling sentence elsewhere keeps the same name in the
// same words (templated minutes, transcripts, reports): the annotation must become an orphan,
// never move onto the sibling (issue 12, rewritten.ts). When the sibling was rewritten instead,
// the annotation stays on its own words. A table of (which copy is annotated, which copy is
// rewritten, what must happen); every version also has a paragraph inserted at the top, so no
// annotation is still at its stored offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnchorText, anchor, anchorAll, selectorFor } from '../../src/core/anchor';

const SESSION = (n: string, extra: string) =>
  `Minutes of the ${n} session. ${extra}The board heard that the response of the Harbour Water Authority was slow and confused, and asked for the logs.`;
const BASE = [
  'Harbour board minutes',
  '',
  SESSION('first', 'Members arrived late. '),
  '',
  'Questions were taken from the floor about the reservoir and the new pumps.',
  '',
  SESSION('second', ''),
].join('\n');
const NAME = 'Authority';

/** Code point start of the k-th (0-based) occurrence of `needle`. */
function nth(text: string, needle: string, k: number): number {
  let i = -1;
  for (let n = 0; n <= k; n++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error('fixture');
  return Array.from(text.slice(0, i)).length;
}

/** BASE with copy `k` of the name replaced, and a paragraph inserted at the top. */
function rewrite(k: number, by: string): string {
  const i = BASE.split(NAME, k + 1).join(NAME).length;
  return `Agenda item 4 was deferred.\n\n${BASE.slice(0, i)}${by}${BASE.slice(i + NAME.length)}`;
}

const ROWS: { name: string; annotated: number; rewritten: number; by: string; expect: 'orphan' | 'the same words' }[] = [
  { name: 'second copy rewritten, second annotated: orphan (the first has the very same frame)', annotated: 1, rewritten: 1, by: 'Trust', expect: 'orphan' },
  { name: 'first copy rewritten, first annotated: orphan', annotated: 0, rewritten: 0, by: 'Trust', expect: 'orphan' },
  { name: 'second copy rewritten, first annotated: stays on its own words', annotated: 0, rewritten: 1, by: 'Trust', expect: 'the same words' },
  { name: 'first copy rewritten, second annotated: stays on its own words', annotated: 1, rewritten: 0, by: 'Trust', expect: 'the same words' },
  { name: 'second copy deleted (nothing between its frame), first annotated: stays on its own words', annotated: 0, rewritten: 1, by: '', expect: 'the same words' },
];

for (const row of ROWS) {
  for (const together of [false, true]) {
    test(`anchor, rewritten in place: ${row.name}${together ? ', beside its neighbours' : ', alone'}`, () => {
      const base = new AnchorText(BASE);
      const start = nth(BASE, NAME, row.annotated);
      const sel = selectorFor(base, start, start + NAME.length);
      // Neighbours: the other copy of the name and the sentence openings, as an analyst marks them.
      const marks: [string, number][] = [[NAME, 1 - row.annotated], ['Minutes', 0], ['Minutes', 1]];
      const others = marks.map(([word, k]) => {
        const s = nth(BASE, word, k);
        return selectorFor(base, s, s + word.length);
      });
      const now = rewrite(row.rewritten, row.by);
      const r = together ? anchorAll(now, [sel, ...others])[0] : anchor(now, sel);
      if (row.expect === 'orphan') {
        assert.equal(r.state, 'orphaned', `placed at ${r.start}`);
        assert.ok(r.suggestion, 'the sibling is offered as a suggestion');
      } else {
        const inserted = Array.from('Agenda item 4 was deferred.\n\n').length;
        const shift = row.rewritten < row.annotated ? Array.from(row.by).length - NAME.length : 0;
        assert.deepEqual([r.state, r.start, r.end], ['moved', start + inserted + shift, start + inserted + shift + NAME.length]);
      }
    });
  }
}
