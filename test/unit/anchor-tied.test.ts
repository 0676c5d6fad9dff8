// A sentence found once, its context intact on both sides, beside a template sibling: the same
// context around other words, nearer the stored offset (issue 12). That tie is how a rewrite
// looks (the annotated sentence replaced, an identical sentence standing in the sibling), and
// then the stored offset is all that tells them apart, so the sentence is not placed by itself
// (rewritten.ts). But a bullet or a timestamp on every line shifts the sentence by more than the
// distance to its sibling; its neighbours shifted with it, and where they put it, it is. The
// fixture is an invented audit report written for these tests.
import { test } from 'node:test';
import { placesAsExpected, replace, type AnchorRow } from './anchorText';

const QUOTE = 'The pipes under Dunmore are older than any map that the Drinking Water Inspectorate holds.';
const FILLER = Array.from({ length: 30 }, (_, i) => `3.${i + 1} Item ${i + 1} was checked.`);
const SIBLING = 'Flows fell in 2018, according to internal emails. The valves at Saltmarsh were never logged. The Harlow Basin Water Authority has since apologised.';
const ANNOTATED = `Leaks rose in 2019, according to internal emails. ${QUOTE} The Harlow Basin Water Authority would not comment.`;

const BASE = ['Audit of the Harlow Basin network', '', ...FILLER.flatMap((l) => [l, '']), SIBLING, '', ANNOTATED, '', 'End of section 3.'].join('\n');

const timestamps = (t: string) => t.split('\n').map((l, i) => (l ? `[00:${String(10 + (i % 50)).padStart(2, '0')}:07] ${l}` : l)).join('\n');
/** The annotated sentence rewritten where it stood, an identical copy of it in the sibling. */
const rewritten = (t: string) =>
  replace(replace(t, QUOTE, 'Nobody could say who had signed the maintenance contract for the dam.'), 'The valves at Saltmarsh were never logged.', QUOTE);

const NEIGHBOURS = [{ quote: 'Leaks rose in 2019' }, { quote: 'would not comment' }];

const ROWS: AnchorRow[] = [
  {
    name: 'a timestamp on every line: placed where its neighbours put it, not given up for the sibling',
    quote: QUOTE,
    also: NEIGHBOURS,
    edit: timestamps,
    expect: { quote: QUOTE },
  },
  {
    name: 'control: rewritten where it stood, its words now in the sibling: an orphan',
    quote: QUOTE,
    also: NEIGHBOURS,
    edit: rewritten,
    expect: 'orphan',
  },
];

for (const row of ROWS) test(`tied with a sibling: ${row.name}`, () => placesAsExpected(BASE, row));
