// A name rewritten where it stood, while a sibling sentence elsewhere keeps the same name in the
// same words (templated minutes, transcripts, reports): the annotation must become an orphan,
// never move onto the sibling (issue 12, rewritten.ts). When the sibling was rewritten instead,
// the annotation stays on its own words. A table of (which copy is annotated, which copy is
// rewritten, what must happen); every version also has a paragraph inserted at the top, so no
// annotation is still at its stored offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnchorText, anchor, anchorAll, selectorFor } from '../../src/core/anchor';
import { generatedSet } from '../../bench/lib/anchor-texts';
import { placedWhereTheirWordsAre, type BenchCaseRow } from './anchorCases';

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

// A sentence's stored context is often a template's: the sentence before it ends as others do
// ("…the main sewer was operating normally."), the one after opens as others do ("The Drinking
// Water Inspectorate…"). Elsewhere, that ending and that opening can stand around other
// sentences, and with the sentence's own context edited (a typo beside it) they agree better
// than its own: it is not rewritten there. A rewrite puts a sentence in its place, not several:
// a "rewritten place" holding more sentence breaks than the quote does is a template's pieces
// meeting by chance, and refuses nothing (issue 12). A claim rewritten into one sentence while
// its words stand quoted elsewhere is still an orphan.
const CLAIM = 'Nair conceded that the Audit Office should have closed the storage tank far earlier than it did.';
const REPORT = [
  'Inquiry report',
  '',
  `1.1 Ferreira said the main sewer was operating normally. ${CLAIM} The Drinking Water Inspectorate had been warned twice.`,
  '',
  '1.2 Brennan said the main sewer was operating normally. The pipes under Dunmore are older than any map the council holds. Walkers complained of the smell for weeks. The Drinking Water Inspectorate kept no record of it.',
  '',
  '1.3 Residents were asked to boil their water for a month.',
].join('\n');

const CLAIM_ROWS: { name: string; edit: (t: string) => string; expect: 'placed' | 'orphan' }[] = [
  {
    name: 'a typo in the sentence after it; the same ending and opening around two other sentences elsewhere: placed',
    edit: (t) => `Agenda.\n\n${t.replace('had been warned twice', 'had been wanred twice').replace(' Drinking Water Inspectorate had', ' Drinking Wtaer Inspectorate had')}`,
    expect: 'placed',
  },
  {
    name: 'rewritten into another sentence, its words quoted in a later paragraph: orphan',
    edit: (t) => `${t.replace(CLAIM, 'Nair said nothing about the storage tank.')}\n\nThe report quotes the hearing: ${CLAIM}`,
    expect: 'orphan',
  },
];

for (const row of CLAIM_ROWS) {
  for (const together of [false, true]) {
    test(`anchor, a sentence's context found around other sentences: ${row.name}${together ? ', beside its neighbours' : ', alone'}`, () => {
      const base = new AnchorText(REPORT);
      const start = Array.from(REPORT.slice(0, REPORT.indexOf(CLAIM))).length;
      const sel = selectorFor(base, start, start + Array.from(CLAIM).length);
      const residents = Array.from(REPORT.slice(0, REPORT.indexOf('Residents'))).length;
      const now = row.edit(REPORT);
      const r = together ? anchorAll(now, [sel, selectorFor(base, residents, residents + 9)])[0] : anchor(now, sel);
      if (row.expect === 'orphan') assert.equal(r.state, 'orphaned', `placed at ${r.start}`);
      else {
        const at = Array.from(now.slice(0, now.indexOf(CLAIM))).length;
        assert.deepEqual([r.state, r.start, r.end], ['moved', at, at + Array.from(CLAIM).length]);
      }
    });
  }
}

// The same in cases of the benchmark (generated set, "random combinations"): placed, with the
// names inside them, and nothing in the case placed wrong.
const BENCH: BenchCaseRow[] = [
  {
    name: '"Fenwick Utilities fined the Harlow Basin Water Authority…", the paragraph before it changed',
    text: 'press-release',
    version: 2,
    placed: [[246, 377], [246, 263]],
  },
  {
    name: '"Ferreira conceded that the Regional Audit Office…" with its first letter lost, a typo in the sentence after it',
    text: 'audit-report',
    version: 5,
    placed: [[1622, 1715]],
  },
  {
    name: '"A whistleblower told Fenwick Utilities in 2021…", the sentence before it changed and markers after it',
    text: 'hearing-transcript',
    version: 3,
    placed: [[1915, 2019], [1936, 1953], [1936, 1943], [1944, 1953]],
  },
];

const articles = generatedSet();

for (const row of BENCH) test(`anchor, a sentence's context found around other sentences: ${row.name}`, () => placedWhereTheirWordsAre(articles, row));
