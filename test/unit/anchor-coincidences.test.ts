// Coincidences of templated text (issue 12), as a table of (what was annotated, how the source
// changed, where it must be now). Reports and transcripts repeat their sentence frames, so a
// sibling sentence can agree with an annotation's context by accident: slide under its stored
// offsets, read the same a word further on, or stand before a copied sentence exactly as the
// original's neighbour did. Each row is a case the benchmark's generated set found placed wrong
// (or lost) before its rule; "orphan over wrong" decides every tie. The fixture is an invented
// water-inquiry report written for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnchorText, anchorAll, selectorFor } from '../../src/core/anchor';
import { cps, placesAsExpected, replace, selector, span, type AnchorRow } from './anchorText';

const PIPES = 'The pipes under Dunmore are older than any map that the council keeps.';
const FINED = 'The Regional Audit Office fined the Drinking Water Inspectorate for failing to report the incident at the plant.';
const SIBLING_FINED = 'The Drinking Water Inspectorate fined Fenwick Utilities for failing to report the incident at the plant.';
const DECIDED = 'Under questioning, Joaquim Ferreira said the decision to reopen the main sewer was taken by Eastmere Council.';
const SIBLING_DECIDED = 'Under questioning, Anaya Deshpande said the decision to reopen the culvert was taken by Eastmere Council.';
const WATER = 'Water from Eastmere was sent through the overflow culvert while engineers searched for the leak.';
const RESIDENTS = 'Residents of Harlow Basin were advised to boil their water for nine days.';
const QUESTION = 'What is Turkey’s role in the conflict?';
const LONG = 'Engineers from Fenwick Utilities reached the storage tank at Saltmarsh Road more than nine hours after the first alarm.';
/** LONG's sibling from the same template, a few words apart. */
const SIB_LONG = 'Engineers from Fenwick Utilities reached the filter house at Saltmarsh Road more than ten hours after the first alarm.';

const BASE = [
  'Inquiry into the Harlow Basin supply failures: second report',
  '',
  `1.1 ${FINED} The board met in March to discuss it.`,
  '',
  `1.2 Leakage rose by a third in the spring. ${PIPES} Nobody could say who drew the last one.`,
  '',
  `1.3 ${SIBLING_DECIDED}`,
  '',
  `1.4 Repairs began in May. ${DECIDED} ${WATER} ${RESIDENTS}`,
  '',
  `1.5 ${QUESTION} Analysts were divided on it.`,
  '',
  `1.6 The inquiry heard from the night shift. ${LONG} ${SIB_LONG} The alarm log was kept on paper.`,
  '',
  `1.7 ${SIBLING_FINED} The fine was paid in June.`,
].join('\n');

/**
 * A sibling of PIPES ("The pipes under Dunmore are older than anyone…") put before section 1.2,
 * padded so that its "Dunmore" stands exactly at the stored offset of the annotated one, and
 * section 1.1 cut down to make room: the annotated sentence moves on, the sibling slides under.
 */
function siblingUnderOffset(base: string): string {
  const [stored] = span(base, 'Dunmore', 'The pipes under ');
  const sibling = 'Leakage was logged. The pipes under Dunmore are older than anyone at the works.';
  const head = 'Inquiry into the Harlow Basin supply failures: second report\n\n';
  const rest = base.slice(base.indexOf('1.2 '));
  const before = stored - cps(head) - cps(sibling.slice(0, sibling.indexOf('Dunmore')));
  if (before < 4) throw new Error('fixture: no room for the sibling');
  const pad = `1.1 ${'x'.repeat(before - 4)}`.replace(/x/g, (_, i: number) => (i % 6 === 5 ? ' ' : 'a'));
  return `${head}${pad}${sibling}\n\n${rest}`;
}

/**
 * WATER copied to follow SIBLING_DECIDED, which ends like DECIDED ("…was taken by Eastmere
 * Council."), while around the original a typo, a deleted name and a deleted word changed its
 * context on both sides.
 */
function copiedAfterSibling(t: string): string {
  const edited = replace(t, `Eastmere Council. ${WATER} Residents of Harlow Basin`, `Eastmeer . ${WATER} of Harlow Basi`);
  return replace(replace(edited, 'Under questioning, Joaquim', 'nder questioning, Joaquim'), SIBLING_DECIDED, `${SIBLING_DECIDED}\n${WATER} The chair moved on.`);
}

const ROWS: AnchorRow[] = [
  {
    // Before: still at its offsets, on the sibling, because one side of the context agreed there.
    name: 'a sibling slid exactly under the stored offsets, the annotated sentence elsewhere intact: the annotated one',
    quote: 'Dunmore',
    after: 'The pipes under ',
    also: [{ quote: PIPES }],
    edit: siblingUnderOffset,
    expect: { quote: 'Dunmore', after: 'spring. The pipes under ' },
  },
  {
    name: 'a sibling slid exactly under the stored offsets, the annotation alone: the annotated one',
    quote: 'Dunmore',
    after: 'The pipes under ',
    edit: siblingUnderOffset,
    expect: { quote: 'Dunmore', after: 'spring. The pipes under ' },
  },
  {
    // " fined " passed over, the sibling reads " for failing to report…" like the annotated one.
    name: 'a name deleted, a sibling sentence whose own object was deleted reading the same past one word: orphan',
    quote: 'Inspectorate',
    after: 'fined the Drinking Water ',
    edit: (t) => replace(replace(t, 'fined the Drinking Water Inspectorate for', 'fined the Drinking Water for'), 'fined Fenwick Utilities for', 'fined  for'),
    expect: 'orphan',
  },
  {
    // The copy agrees perfectly on one side, the original partly on both; the previous sentence,
    // annotated and found (edited) right before the original, says which is which.
    name: 'a sentence copied after a sibling ending like its own previous sentence, its own context edited, the previous sentence annotated: the original',
    quote: WATER,
    also: [{ quote: 'Water', after: 'Council. ' }, { quote: 'Eastmere', after: 'Water from ' }, { quote: DECIDED }, { quote: 'Council', after: 'reopen the main sewer was taken by Eastmere ' }],
    edit: copiedAfterSibling,
    expect: { quote: WATER, after: 'Eastmeer . ' },
  },
  {
    // Its names moved with it: where they went is its own evidence again, not a neighbour's.
    name: 'the same, only the names inside it annotated: orphan',
    quote: WATER,
    also: [{ quote: 'Water', after: 'Council. ' }, { quote: 'Eastmere', after: 'Water from ' }],
    edit: copiedAfterSibling,
    expect: 'orphan',
  },
  {
    // The name's context is the sentence's context and the sentence's words: no more than the
    // sentence knows, which could not choose.
    name: 'a name opening that copied sentence, the sentence undecided: orphan',
    quote: 'Water',
    after: 'Council. ',
    also: [{ quote: WATER }, { quote: 'Eastmere', after: 'Water from ' }],
    edit: copiedAfterSibling,
    expect: 'orphan',
  },
  {
    name: 'a name opening that copied sentence, the sentence placed by its annotated neighbour: inside it',
    quote: 'Water',
    after: 'Council. ',
    also: [{ quote: WATER }, { quote: 'Eastmere', after: 'Water from ' }, { quote: DECIDED }, { quote: 'Council', after: 'reopen the main sewer was taken by Eastmere ' }],
    edit: copiedAfterSibling,
    expect: { quote: 'Water', after: 'Eastmeer . ' },
  },
  {
    name: 'a name inside a question placed approximately because spaces were doubled in it, its context gone on one side: inside the question',
    quote: 'Turkey',
    also: [{ quote: QUESTION }],
    edit: (t) => replace(t, `${RESIDENTS}\n\n1.5 ${QUESTION} Analysts`, `The night shift has not been heard.\n\nWhat is  Turkey’s  role in the conflict? Analysts`),
    expect: { quote: 'Turkey' },
  },
  {
    name: 'a name inside two annotated containers found word for word, its context gone on one side: inside them',
    quote: 'Harlow',
    after: 'Residents of ',
    also: [{ quote: RESIDENTS }, { quote: 'Residents of Harlow Basin' }, { quote: 'Harlow Basin', after: 'Residents of ' }],
    edit: (t) => replace(t, `${WATER} ${RESIDENTS}`, `${WATER.replace('Eastmere', 'Dunmore')}\n\n${RESIDENTS}`).replace('Water from Dunmore was sent', 'Water from Dunmore went'),
    expect: { quote: 'Harlow', after: 'Residents of ' },
  },
  {
    name: 'a long sentence with two names deleted inside it and its suffix gone, its prefix intact, in one place only: placed, edited',
    quote: LONG,
    edit: (t) => replace(t, `${LONG} ${SIB_LONG} The alarm log was kept on paper.`, `${LONG.replace('Fenwick ', '').replace(' Road', '')}\n\n1.7 New section.`),
    expect: { quote: LONG.replace('Fenwick ', '').replace(' Road', '') },
  },
  {
    // Its suffix begins right where the sibling begins: the annotated sentence was deleted.
    name: 'a long sentence deleted, a sibling differing in a few words right after its place: orphan',
    quote: LONG,
    edit: (t) => replace(t, `${LONG} `, ''),
    expect: 'orphan',
  },
];

for (const row of ROWS) {
  test(`anchor, coincidences of templated text: ${row.name}`, () => {
    placesAsExpected(BASE, row);
  });
}

// Two annotations of one name from sibling sentences: one sentence deleted, its annotation lands
// on the other's words (one side of its context agrees there). Neither has neighbours to vouch
// for it; the one whose own context is intact there keeps the place (before: both orphaned).
test('anchor, coincidences of templated text: two annotations on the same words, the one with its context intact keeps them', () => {
  const review = '1.8 A review by the Drinking Water Inspectorate put the cost of the repairs at 4 million.';
  const study = '2.1 A study by the Drinking Water Inspectorate put the cost of the repairs at 6 million.';
  const text = `Costs\n\n${review}\n\nThe board asked for the figures again in April.\n\n${study}\n\nNo vote was taken.`;
  const at = new AnchorText(text);
  const [as, ae] = span(text, 'Drinking Water Inspectorate', 'A study by the ');
  const [bs, be] = span(text, 'Drinking Water Inspectorate', 'A review by the ');
  const now = replace(text, `${review}\n\n`, '');
  const [a, b] = anchorAll(now, [selectorFor(at, as, ae), selectorFor(at, bs, be)]);
  assert.deepEqual([a.start, a.end], span(now, 'Drinking Water Inspectorate', 'A study by the '));
  assert.equal(b.state, 'orphaned');
});

// A name with both sides of its context edited: its own place is the one its context supports,
// but a sibling agreeing by halves on both sides comes close in rank. Alone it is an orphan; the
// next annotation, found word for word, puts it exactly there (before: an orphan either way).
test('anchor, coincidences of templated text: the one supported place beside a close unsupported sibling, where a neighbour puts it', () => {
  const text =
    'Section one\n\n1.2 Leakage rose by a third in the spring. The pipes under Dunmore are older than any map that the council keeps. ' +
    'Nobody could say who drew the last one.\n\n1.3 The board met again.';
  const now = replace(
    replace(text, 'The pipes under Dunmore are older than any map', 'The old pipes beneath Dunmore are elder than our map'),
    'The board met again.',
    'The board met again. It rose by a third in spring. Pipes under Dunmore seem older than any maps.',
  );
  const at = new AnchorText(text);
  const name = selector(at, 'Dunmore');
  const next = selector(at, 'Nobody could say who drew the last one.');
  const [alone] = anchorAll(now, [name]);
  assert.equal(alone.state, 'orphaned');
  const [placed] = anchorAll(now, [name, next]);
  assert.deepEqual([placed.start, placed.end], span(now, 'Dunmore', 'beneath '));
});
