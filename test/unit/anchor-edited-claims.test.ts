// A long claim edited where it stands while the text around it was edited too (issue 12, the
// largest share of what random combinations of edits lost): typos fixed and a name deleted in
// it, both sides of its context changed, so neither its words nor its context place it alone.
// Its words are still far closer to it there than anywhere else, and a neighbouring annotation
// found word for word puts it there: placed. Without that neighbour, or where the claim was
// deleted and a template sibling stands elsewhere, an orphan. With no more than a typo in it, a
// long sentence is its own evidence (as one found word for word once is): placed without a
// neighbour, unless the same words stand in two places. The fixture is an invented
// water-inquiry transcript written for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnchorText, anchorAll, selectorFor, type Selector } from '../../src/core/anchor';
import { span, replace } from './anchorText';
import { generatedSet } from '../../bench/lib/anchor-texts';
import { placedWhereTheirWordsAre, type BenchCaseRow } from './anchorCases';

const CLAIM = 'Nair rejected the claim that the Regional Audit Office had been warned about the filtration plant before August.';
/** CLAIM edited in place: a name deleted, two typos. */
const EDITED = 'Nair rejected the claim that the Regional  Offie had been warned about the filtration plant before Augsut.';
const BEFORE = 'MR FERREIRA: I will come back to that.';
const AFTER = 'Leakage from the pumping station rose by a third.';
const SIBLING = 'Brennan rejected the claim that the Drinking Water Inspectorate had been told about the pumping station before June.';

const BASE = [
  'Harlow Basin inquiry, day two',
  `CHAIR BRENNAN: Good morning. ${SIBLING}`,
  BEFORE,
  `CHAIR BRENNAN: ${CLAIM} ${AFTER}`,
  'MR LINDQVIST: The minutes of the September meeting do not refer to the overflow culvert at all.',
].join('\n');

/** CLAIM with one typo fixed and nothing else changed in it. */
const TYPO = 'Nair rejected the claim that the Regional Audit Office had been warned about the filtration plant before Augsut.';
/** Both sides of CLAIM's context edited (a speaker renamed, a sentence cut), CLAIM edited. */
const editedAround = (t: string) =>
  replace(replace(t, `CHAIR BRENNAN: ${CLAIM} ${AFTER}`, `CHAIR BRRENNAN: ${EDITED} \nCOUNCILLOR NAIR: Anaya Deshpande`), BEFORE, 'MR FERREeRA: ');

function selector(text: AnchorText, quote: string): Selector {
  const [s, e] = span(text.text, quote);
  return selectorFor(text, s, e);
}

/** The same, CLAIM with a typo only. */
const typoAround = (t: string) =>
  replace(replace(t, `CHAIR BRENNAN: ${CLAIM} ${AFTER}`, `CHAIR BRRENNAN: ${TYPO} \nCOUNCILLOR NAIR: Anaya Deshpande`), BEFORE, 'MR FERREeRA: ');

const ROWS: { name: string; also: string[]; edit: (t: string) => string; expect: string | 'orphan' }[] = [
  {
    name: 'a typo only, both sides of its context edited, no neighbour annotated: placed (a sentence with a typo is its own evidence)',
    also: [],
    edit: typoAround,
    expect: TYPO,
  },
  {
    name: 'a typo only, and the same typo in a copy elsewhere: orphan (two places as good)',
    also: [],
    edit: (t) => `${typoAround(t)}\nMR LINDQVIST: ${TYPO}`,
    expect: 'orphan',
  },
  {
    name: 'edited in place, both sides of its context edited, a neighbour found word for word beside it: placed',
    also: ['Harlow Basin inquiry, day two'],
    edit: editedAround,
    expect: EDITED,
  },
  {
    name: 'the same with no neighbour annotated: orphan (its words alone do not place it)',
    also: [],
    edit: editedAround,
    expect: 'orphan',
  },
  {
    name: 'deleted, a template sibling elsewhere, a neighbour found word for word: orphan',
    also: ['MR LINDQVIST: The minutes of the September meeting'],
    edit: (t) => replace(t, `${CLAIM} `, ''),
    expect: 'orphan',
  },
];

for (const row of ROWS) {
  test(`anchor, a long claim edited in place: ${row.name}`, () => {
    const base = new AnchorText(BASE);
    const now = row.edit(BASE);
    const r = anchorAll(now, [selector(base, CLAIM), ...row.also.map((q) => selector(base, q))])[0];
    if (row.expect === 'orphan') {
      assert.equal(r.state, 'orphaned', `placed at ${r.start}: ${JSON.stringify(Array.from(now).slice(r.start ?? 0, r.end ?? 0).join(''))}`);
    } else {
      assert.equal(r.state, 'fuzzy');
      assert.deepEqual([r.start, r.end], span(now, row.expect));
    }
  });
}

// Cases of the benchmark (generated set, "random combinations"): a long claim with a typo or two
// in it, its context edited on both sides, no neighbour found word for word beside it. Placed,
// with the names inside it; nothing in the case placed wrong.
const BENCH: BenchCaseRow[] = [
  {
    name: '"Scientists from the university found 16 samples…" with a typo, the lines before and after it changed',
    text: 'hearing-transcript',
    version: 1,
    placed: [[19229, 19339], [19242, 19339], [19229, 19240]],
  },
  {
    name: '"Anglers near Harlow Basin said the river had smelled…" with a typo, a name before it and the paragraph after it changed',
    text: 'audit-report',
    version: 4,
    placed: [[8381, 8459], [8381, 8388], [8401, 8406]],
  },
];

// A long claim edited in place (names deleted, typos), its context edited on both sides, put
// there by a neighbour that was itself placed with edits (a sentence with a typo beside it), not
// found word for word: placed, with the names inside it. Such a placement gives way to an
// annotation found word for word on the same words (clashes.ts).
const CONFIRMED: BenchCaseRow[] = [
  {
    name: '"The contract for the main sewer was handed to the…", its neighbour placed with a typo',
    text: 'hearing-transcript',
    version: 1,
    placed: [[4635, 4743], [4692, 4697], [4698, 4703]],
  },
  {
    name: '"4.6 The insurance claim filed by the Harlow Basin…", markers around its paragraph',
    text: 'audit-report',
    version: 1,
    placed: [[6414, 6531], [6451, 6457], [6458, 6463], [6470, 6479]],
  },
  {
    name: '"Lindqvist conceded that Eastmere Council should have…"',
    text: 'hearing-transcript',
    version: 2,
    placed: [[17606, 17695], [17606, 17615], [17630, 17638]],
  },
];

const articles = generatedSet();

for (const row of CONFIRMED) test(`anchor, a long claim edited in place, a neighbour placed with edits beside it: ${row.name}`, () => placedWhereTheirWordsAre(articles, row));

for (const row of BENCH) test(`anchor, a long claim with a typo, its context edited: ${row.name}`, () => placedWhereTheirWordsAre(articles, row));
