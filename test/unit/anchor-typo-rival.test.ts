// A name still at its stored offsets is final only if its context agrees in full there, or no
// other place agrees better (issue 12, held-out edits `MARGINALIA_BENCH_SEED=2`): a sibling
// sentence from the same template can slide under the offsets while the annotated line, still
// standing with both sides of its context intact, got a typo in the name. The misspelt copy is
// the annotated one; the sibling is another mention. The fixture is an invented hearing
// transcript written for these tests.
import { test } from 'node:test';
import { placesAsExpected, replace, type AnchorRow } from './anchorText';

const LINE = 'MR FERREIRA: The pipes under Harlow Basin are older than any map that Fenwick Utilities holds of them.';
const SIBLING = 'Lead was found near Dunmore. The pipes under Harlow Basin are older than any map that Fenwick Utilities has.';
const OPENING = 'CHAIR BRENNAN: We turn to the pipes.\nDR DESHPANDE: Go on, please.\n';
const BASE = `${OPENING}${LINE}\nCHAIR BRENNAN: Thank you.\n`;
/** The sibling inserted so that its "Basin" stands exactly at the stored offsets of the annotated one. */
function slidUnder(t: string, line: string): string {
  const shift = SIBLING.indexOf('Basin') - LINE.indexOf('Basin');
  return replace(t, `${OPENING}${LINE}`, `${OPENING.slice(0, OPENING.length - shift)}${SIBLING}\n${line}`);
}

const ROWS: AnchorRow[] = [
  {
    // Before: "anchored" on the sibling, at the stored offsets, with half its prefix agreeing.
    name: 'a sibling slid under the offsets, the annotated name misspelt where it stands: placed on the misspelt one',
    quote: 'Basin',
    after: 'FERREIRA: The pipes under Harlow ',
    edit: (t) => slidUnder(t, LINE.replace('Basin', 'Bsain')),
    expect: { quote: 'Bsain' },
  },
  {
    name: 'control: the same sibling slid under the offsets, the annotated line unchanged: placed on the annotated one',
    quote: 'Basin',
    after: 'FERREIRA: The pipes under Harlow ',
    edit: (t) => slidUnder(t, LINE),
    expect: { quote: 'Basin', after: 'FERREIRA: The pipes under Harlow ' },
  },
];

for (const row of ROWS) {
  test(`anchor, typo rival: ${row.name}`, () => {
    placesAsExpected(BASE, { ...row, also: [{ quote: LINE }, { quote: 'Harlow', after: 'FERREIRA: The pipes under ' }] });
  });
}
