// Two annotations that lay on different words landing on the same words (issue 12), as a table of
// cases the benchmark found (text of the generated set, version of "random combinations", the
// annotation's stored start): where each must be now. A paragraph deleted, its names find a
// template sibling of their sentence, and each is "in step with a neighbour" there, its
// neighbours from the same paragraph having found the same sibling, as the sibling's own
// annotations are. Before, neither kept the words: the sibling's own names and sentence were lost
// too. Now the one every neighbour puts there keeps the words against the one a neighbour puts
// thousands of code points away, and those strays are decided first, so they no longer vouch for
// each other. And two sentences on the same words, neither in step nor intact: the one that
// reads there as itself keeps them. Each case is checked whole too: nothing in it placed wrong.
import { test } from 'node:test';
import { generatedSet } from '../../bench/lib/anchor-texts';
import { placedWhereTheirWordsAre, type BenchCaseRow } from './anchorCases';

const ROWS: BenchCaseRow[] = [
  {
    name: '"CHAIR BRENNAN: Under questioning, Priya Nair…" and its names against the same names from a deleted paragraph',
    text: 'hearing-transcript',
    version: 3,
    placed: [[10046, 10178], [10061, 10066], [10080, 10085], [10086, 10090]],
  },
  {
    name: '"The insurance claim lodged by the Drinking Water Inspectorate…" and its names against a later "Drinking Water Inspectorate" pulled onto it',
    text: 'hearing-transcript',
    version: 2,
    placed: [[8576, 8691], [8610, 8618], [8619, 8624], [8625, 8637]],
  },
  {
    name: 'a speaker label and its first word against the same label from a deleted exchange',
    text: 'hearing-transcript',
    version: 0,
    placed: [[17013, 17024], [17026, 17031]],
  },
  {
    name: 'a numbered paragraph, markers around every paragraph, against names of a deleted paragraph',
    text: 'audit-report',
    version: 1,
    placed: [[96, 214], [7206, 7212], [7213, 7218]],
  },
  // Two sentences on the same words, neither in step with its neighbours nor with its context
  // intact: the one that reads there as itself (a typo or two, nine tenths of its words) keeps
  // them against one with a sixth or more of its words different (a sibling of a deleted one).
  {
    name: '"Under questioning, Joaquim Ferreira said the decision…", edited in three places, against "Priya Nair said the decision…" from a deleted paragraph',
    text: 'hearing-transcript',
    version: 0,
    placed: [[10179, 10288]],
  },
  {
    name: '"Anglers near Eastmere said the river had smelled…", a typo, against an exchange of which a sentence was deleted',
    text: 'hearing-transcript',
    version: 1,
    placed: [[1407, 1480]],
  },
  {
    name: '"Water from Harlow Basin was diverted…" against a sibling sentence',
    text: 'hearing-transcript',
    version: 4,
    placed: [[19563, 19665]],
  },
];

const articles = generatedSet();

for (const row of ROWS) test(`clash: ${row.name}`, () => placedWhereTheirWordsAre(articles, row));
