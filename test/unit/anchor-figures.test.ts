// Sibling sentences that differ in a figure (issue 12, figures.ts): templated reports state the
// same thing about other numbers, and a figure changed is another statement, never the quote
// edited. And a sentence moved away leaves its prefix and suffix meeting where it was: that is its
// own place, not a "rewrite" made of template siblings further on (rewritten.ts). A table of
// (what was annotated, how the report changed, where it must be now); the fixture is an invented
// audit report written for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnchorText, anchor, selectorFor } from '../../src/core/anchor';
import { figureReplaced, figuresOf } from '../../src/core/anchor/figures';

const CLAIM = 'The inquiry heard that 338 complaints about discoloured water were closed without a visit.';
const SIBLING = 'The inquiry heard that 240 complaints about discoloured water were closed without a visit.';
const REPAIRS = 'A report by Fenwick Utilities put the cost of the repairs at 368 million.';
const REPAIRS_SIBLING = 'A report by Fenwick Utilities put the cost of the repairs at 149 million.';

const BASE = [
  'Report on the supply failures',
  '',
  `3.6 Fenwick Utilities knew about the fault by May, according to internal emails. ${SIBLING}`,
  '',
  `3.7 ${CLAIM} The chair asked Vantongeren why the alarm at the storage tank had been switched off.`,
  '',
  `3.8 Samples from Dunmore were taken only once a month. ${REPAIRS} The Harlow Basin Water Authority knew about the leak by June.`,
  '',
  `3.9 ${REPAIRS_SIBLING} The Harlow Basin Water Authority reported that the plant was operating normally.`,
  '',
  '3.10 Engineers reached the pumping station more than 40 hours after the first alarm, and found the logs rewritten by hand.',
].join('\n');

const PUMPS = 'Nobody checked whether the new pumps at the storage tank suited the pressure in Upper Fenwick.';
/** Two paragraphs opening alike ("…were taken only once a month.") and both followed, sooner or later, by the same organisation. */
const SAMPLES = [
  'Section 4',
  '',
  `4.1 Samples from Dunmore were taken only once a month. ${PUMPS} The Harlow Basin Water Authority denied it.`,
  '',
  '4.2 Samples from Eastmere were taken only once a month. The minutes do not mention the tank. The Harlow Basin Water Authority reported a fault.',
  '',
  '4.3 Engineers reached the pumping station more than 40 hours after the first alarm.',
].join('\n');

const cps = (s: string) => Array.from(s).length;

function span(text: string, needle: string): [number, number] {
  const i = text.indexOf(needle);
  if (i < 0 || text.indexOf(needle, i + 1) >= 0) throw new Error(`fixture: ${JSON.stringify(needle)} not found once`);
  const start = cps(text.slice(0, i));
  return [start, start + cps(needle)];
}

function replace(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}

const ROWS: { name: string; quote: string; base?: string; edit: (t: string) => string; expect: string | 'orphan'; suggestion?: string }[] = [
  {
    name: 'claim deleted, its template sibling with another figure just before its place (one side of context): orphan',
    quote: `3.7 ${CLAIM}`,
    edit: (t) => replace(replace(t, `3.7 ${CLAIM} `, ''), '3.6 Fenwick', 'Fenwick'),
    expect: 'orphan',
    suggestion: 'any',
  },
  {
    name: 'figure corrected in place ("338" to "383"): orphan, the corrected sentence suggested',
    quote: CLAIM,
    edit: (t) => replace(t, '338 complaints', '383 complaints'),
    expect: 'orphan',
    suggestion: CLAIM.replace('338', '383'),
  },
  {
    name: 'sentence moved to another paragraph while a sibling with another figure keeps its suffix: the moved sentence',
    quote: REPAIRS,
    edit: (t) => replace(replace(t, `${REPAIRS} `, ''), 'found the logs rewritten by hand.', `found the logs rewritten by hand. ${REPAIRS}`),
    expect: REPAIRS,
  },
  {
    name: 'paragraph renumbered ("3.7" to "3.8", a paragraph inserted before it), the statement intact: placed',
    quote: `3.7 ${CLAIM}`,
    edit: (t) => replace(t, `3.7 ${CLAIM}`, `3.7 The board met twice in May.\n\n3.8 ${CLAIM}`),
    expect: `3.8 ${CLAIM}`,
  },
  {
    name: 'a word corrected beside the figure ("discolored"): still placed, edited',
    quote: CLAIM,
    edit: (t) => replace(t, '338 complaints about discoloured', '338 complaints about discolored'),
    expect: CLAIM.replace('discoloured', 'discolored'),
  },
  {
    name: 'sentence moved away (its prefix and suffix now meet), a sibling paragraph opening alike with the suffix further on: the moved sentence, not a "rewrite"',
    quote: PUMPS,
    base: SAMPLES,
    edit: (t) => replace(t, `${PUMPS} `, '') + ` ${PUMPS}`,
    expect: PUMPS,
  },
];

for (const row of ROWS) {
  test(`anchor, figures and closed-up places: ${row.name}`, () => {
    const text = row.base ?? BASE;
    const base = new AnchorText(text);
    const [s, e] = span(text, row.quote);
    const now = row.edit(text);
    const r = anchor(now, selectorFor(base, s, e));
    if (row.expect === 'orphan') {
      assert.equal(r.state, 'orphaned', `placed at ${r.start}: ${JSON.stringify(Array.from(now).slice(r.start ?? 0, r.end ?? 0).join(''))}`);
      if (row.suggestion === 'any') assert.ok(r.suggestion, 'a suggestion is offered');
      else if (row.suggestion) assert.deepEqual([r.suggestion?.start, r.suggestion?.end], span(now, row.suggestion));
    } else {
      assert.notEqual(r.state, 'orphaned', 'placed');
      assert.deepEqual([r.start, r.end], span(now, row.expect));
    }
  });
}

const FIGURES: [string, string, boolean][] = [
  ['338 complaints were closed', '240 complaints were closed', true],
  ['10 per cent of the homes', '26 per cent of the homes', true],
  ['cost 1,200 pounds in 2016', 'cost 1,200 pounds in 2016', false],
  ['3.7 The inquiry heard that 338 complaints', '3.8 The inquiry heard that 338 complaints', false],
  ['12. In May 2023 the board met', '13. In May 2023 the board met', false],
  ['The board met in May', 'The board met in June', false],
  ['The board met in 2019 and again', 'The board met in 2019 [00:12:07] and again', false],
  ['The board met in 2019 and again in 2020', 'The board met again', false],
];

for (const [quote, found, replaced] of FIGURES) {
  test(`figures: ${JSON.stringify(quote)} → ${JSON.stringify(found)}: ${replaced ? 'another statement' : 'the same figures'}`, () => {
    assert.equal(figureReplaced(figuresOf(quote), found), replaced);
  });
}
