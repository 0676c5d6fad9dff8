// A name placed between its neighbours (issue 12), as a table of cases the benchmark found (text
// of the generated set, version of "random combinations", the annotation's stored start). Its
// own evidence supports one place, or a few equally (a template's sentences: "…will give
// evidence again in February" twice), but not enough to choose alone: one side of its context
// edited, and the neighbours' positions do not land exactly on it because words between were
// edited too. When a neighbour before it and one after it both put it within a few words of one
// of those places, and every other place is far from where any neighbour puts it, it is there:
// a deleted paragraph between the neighbours would set their predictions a paragraph apart.
// Each case is checked whole too: nothing in it placed wrong.
import { test } from 'node:test';
import { generatedSet } from '../../bench/lib/anchor-texts';
import { placedWhereTheirWordsAre, type BenchCaseRow } from './anchorCases';

const ROWS: BenchCaseRow[] = [
  { name: 'two equal places for "Residents", one between its neighbours', text: 'audit-report', version: 4, placed: [[4402, 4411]] },
  { name: 'two equal places for "Road" (numbered paragraphs, markers), one between its neighbours', text: 'audit-report', version: 1, placed: [[7625, 7629]] },
  { name: '"Water" and "Eastmere" of an edited sentence, one side of their context edited', text: 'hearing-transcript', version: 0, placed: [[10289, 10294], [10300, 10308], [8766, 8770]] },
  { name: '"Deshpande" with one side of its context only', text: 'hearing-transcript', version: 2, placed: [[13168, 13177]] },
  { name: '"Dunmore" with one side of its context only', text: 'hearing-transcript', version: 1, placed: [[15049, 15056]] },
  { name: '"Fenwick" with one side of its context only', text: 'hearing-transcript', version: 4, placed: [[4438, 4445]] },
];

const articles = generatedSet();

for (const row of ROWS) test(`between neighbours: ${row.name}`, () => placedWhereTheirWordsAre(articles, row));
