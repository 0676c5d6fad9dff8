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

// A name opening a sentence whose whole paragraph was deleted (held-out seed 2, press release):
// half of its stored context is the paragraph's previous sentence, gone too, and a sibling
// sentence pasted elsewhere agrees with the other half word for word.
const ARGUED = 'Joaquim Ferreira argued that the fault began at the overflow culvert and spread down the valley to the Millpond reservoir.';
const PASTED = 'MS VANTONGEREN: Joaquim Ferreira argued that the fault began at the storage tank and spread down the valley to Eastmere.';
const RELEASE = [
  'PRESS RELEASE',
  'Harlow Basin Water Authority',
  '',
  'Fenwick Utilities fined the Harlow Basin Water Authority for failing to report the incident at the treatment works within 26 hours.',
  '',
  `A whistleblower said the logs from the storage tank were being destroyed. ${ARGUED}`,
  '',
  'Anglers near Kestrel Bridge said the river had smelled of chlorine for 137 days.',
  '',
  'Ends',
].join('\n');
const RELEASE_ALSO = [
  { quote: ARGUED },
  { quote: 'Joaquim Ferreira' },
  { quote: 'Joaquim' },
  { quote: 'Ferreira' },
  { quote: 'Anglers near Kestrel Bridge said the river had smelled of chlorine for 137 days.' },
  { quote: 'Kestrel Bridge' },
];
const pasted = (t: string) =>
  replace(replace(t, `A whistleblower said the logs from the storage tank were being destroyed. ${ARGUED}\n\n`, ''), 'Harlow Basin Water Authority\n\n', `Harlow Basin Water Authority\n\n${PASTED}\n\n`);
const RELEASE_ROWS: AnchorRow[] = [
  ...['Joaquim Ferreira', 'Joaquim', 'Ferreira'].map((quote): AnchorRow => ({
    // Before: placed on the pasted sibling's copy, which agrees with its suffix word for word.
    name: `"${quote}" opening a sentence whose paragraph was deleted, a sibling pasted elsewhere: orphan`,
    quote,
    edit: pasted,
    expect: 'orphan',
  })),
  {
    name: 'control: the paragraph kept and the sibling pasted too: the name stays where it was',
    quote: 'Joaquim Ferreira',
    edit: (t) => replace(t, 'Harlow Basin Water Authority\n\n', `Harlow Basin Water Authority\n\n${PASTED}\n\n`),
    expect: { quote: 'Joaquim Ferreira', after: 'destroyed. ' },
  },
];
for (const row of RELEASE_ROWS) {
  test(`anchor, deleted container: ${row.name}`, () => {
    placesAsExpected(RELEASE, { ...row, also: RELEASE_ALSO.filter((a) => a.quote !== row.quote) });
  });
}
