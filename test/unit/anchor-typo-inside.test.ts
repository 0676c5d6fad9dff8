// A name with a typo in it (misspelt, or its misspelling corrected) inside an annotated sentence
// that was placed (issue 12, random combinations of edits): the name's own context is often
// edited too — the names beside it misspelt or deleted — so its context no longer places it, and
// it has no exact copy inside the sentence for the words-inside-an-intact-container rule. Its
// one approximate place inside every sentence it lay in, within a typo of where its words stood
// there, a typo's worth of edits at most (one in five code points), a letter and a space at its
// edges where it had them: placed. A name replaced by another that merely begins the same way
// ("Russians" → "Russian-Ukrainian War") is not a typo: orphan. Fixture rows are an invented
// water-inquiry text; bench rows name cases of the generated set ("random combinations").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnchorText, anchorAll, selectorFor } from '../../src/core/anchor';
import { generatedSet } from '../../bench/lib/anchor-texts';
import { placedWhereTheirWordsAre, type BenchCaseRow } from './anchorCases';
import { span } from './anchorText';

const TAIL = ' from the pumping station, the storage tank or the treatment works in the four years before the leak.';
const SENTENCE = `Harlow Basin Water Authority said the Regional Audit Office had never asked for the logs${TAIL}`;
const BASE = [
  'Inquiry into the Harlow Basin supply, day three',
  '',
  `The chair opened the session at ten. ${SENTENCE} The session closed at noon.`,
  '',
  'The Regional Audit Office will give evidence on Friday.',
].join('\n');

const ROWS: { name: string; now: string; expect: string | 'orphan' }[] = [
  {
    name: 'a typo in the name, the words beside it in the sentence misspelt too: placed on the misspelt name',
    now: BASE.replace(SENTENCE, `Harlow Bsain Wtaer Athuroity siad teh Regional Auidt Office hda nveer aksed ofr hte lgos${TAIL}`),
    expect: 'Regional Auidt Office',
  },
  {
    name: 'the name replaced by another beginning the same way: orphan',
    now: BASE.replace(SENTENCE, `Harlow Bsain Wtaer Athuroity siad teh Regional Audit Offices-Review hda nveer aksed ofr hte lgos${TAIL}`),
    expect: 'orphan',
  },
];

for (const row of ROWS) {
  test(`anchor, a name with a typo inside a placed sentence: ${row.name}`, () => {
    const base = new AnchorText(BASE);
    const sel = (quote: string) => {
      const [s, e] = span(BASE, quote);
      return selectorFor(base, s, e);
    };
    const r = anchorAll(row.now, [sel('Regional Audit Office'), sel(SENTENCE)])[0];
    if (row.expect === 'orphan') assert.equal(r.state, 'orphaned', `placed at ${r.start}`);
    else assert.deepEqual([r.state, r.start, r.end], ['fuzzy', ...span(row.now, row.expect)]);
  });
}

const BENCH: BenchCaseRow[] = [
  { name: '"COUNCILLOR NAIR" misspelt, opening a claim placed with its edits', text: 'hearing-transcript', version: 1, placed: [[5794, 5809]] },
  { name: '"Regional Audit Office" misspelt inside a sentence placed with its edits', text: 'hearing-transcript', version: 4, placed: [[15519, 15540]] },
  { name: '"Oskar Lindqvist" misspelt', text: 'audit-report', version: 4, placed: [[2250, 2265]] },
  { name: '"Fenwick Utilities" misspelt', text: 'press-release', version: 4, placed: [[246, 263]] },
];

const articles = generatedSet();

for (const row of BENCH) test(`anchor, a name with a typo inside a placed sentence: ${row.name}`, () => placedWhereTheirWordsAre(articles, row));
