// Names inside a sentence that was deleted whole (issue 12, held-out edits `MARGINALIA_BENCH_SEED=2`):
// the sentence is found nowhere, and its stored prefix and suffix now meet with nothing between,
// so the names inside it went with it. A template sibling elsewhere ("The deal for the storage tank
// was awarded to the Harlow Basin Water Authority without a competitive tender.") agrees with
// the names' context on one side word for word and partly on the other: that is another mention,
// not the annotated one. "Orphan over wrong": each name must be an orphan with a suggestion;
// the controls (the sentence moved, or edited where it stands) keep their names placed.
// The fixture is an invented water-inquiry report written for these tests.
import { test } from 'node:test';
import { placesAsExpected, replace, type AnchorRow } from './anchorText';

const DELETED = 'The maintenance contract for the main sewer was handed to the Harlow Basin Water Authority without a tender.';
const SIBLING = 'COUNCILLOR NAIR: The deal for the storage tank was awarded to the Harlow Basin Water Authority without a competitive tender.';
const FERREIRA = 'Ferreira accepted that the figures given to Eastmere Council in May were wrong.';
const HOUSEHOLDS = '2.2 More than 216 households in Saltmarsh Road lost their supply for most of a week.';
const BASE = [
  '2.1 The minutes of the January meeting do not mention the filtration plant at all.',
  '',
  `${HOUSEHOLDS} ${DELETED} ${FERREIRA}`,
  '',
  '2.3 In February 2020, the Drinking Water Inspectorate reported that the main sewer was operating normally.',
  '',
  'Brennan said the decision to reopen the pumping station was taken by the Regional Audit Office.',
  '',
  SIBLING,
  '',
  '5.5 The inquiry heard that 350 complaints about the taste of the water were closed without a visit.',
].join('\n');

const H = 'handed to the ';
const NAMES: [string, string][] = [
  ['Harlow', H],
  ['Basin', `${H}Harlow `],
  ['Water', `${H}Harlow Basin `],
  ['Authority', `${H}Harlow Basin Water `],
];
/** Everything annotated around the names, as the benchmark's analyst annotates it. */
const ALSO = [
  { quote: DELETED },
  { quote: 'Harlow Basin Water Authority', after: H },
  ...NAMES.map(([quote, after]) => ({ quote, after })),
  { quote: FERREIRA },
  { quote: 'Ferreira', after: 'tender. ' },
  { quote: HOUSEHOLDS },
  { quote: 'Saltmarsh Road' },
];
const deleted = (t: string) => replace(t, `${DELETED} `, '');
const markers = (t: string) => t.replace(/\n\n/g, ' 📌\n\n🇦🇲 Update 📌 ');

const ROWS: AnchorRow[] = [
  ...NAMES.flatMap(([quote, after]): AnchorRow[] => [
    // Before: placed on the sibling's copy, which agrees with the suffix word for word.
    { name: `"${quote}" in a sentence deleted, a template sibling elsewhere: orphan`, quote, after, edit: deleted, expect: 'orphan' },
    { name: `"${quote}" in a sentence deleted, markers put before every paragraph: orphan`, quote, after, edit: (t) => markers(deleted(t)), expect: 'orphan' },
  ]),
  {
    name: 'control: the sentence moved to another paragraph: its name moves with it',
    quote: 'Harlow',
    after: H,
    edit: (t) => replace(deleted(t), 'operating normally.', `operating normally. ${DELETED}`),
    expect: { quote: 'Harlow', after: H },
  },
  {
    name: 'control: the sentence edited where it stands, its name and context kept: placed',
    quote: 'Harlow',
    after: H,
    edit: (t) => replace(t, 'The maintenance contract for the main sewer was handed', 'In 2019 the contract for the sewer was handed'),
    expect: { quote: 'Harlow', after: H },
  },
];

for (const row of ROWS) {
  test(`anchor, deleted container: ${row.name}`, () => {
    placesAsExpected(BASE, { ...row, also: ALSO.filter((a) => !(a.quote === row.quote && a.after === row.after)) });
  });
}
