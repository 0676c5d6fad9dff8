import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CueFinder, DEFAULT_CUES, findCueSentences } from '../../src/core/cues';

// Texts written for these tests.

/** [cue, sentence] pairs, checking each span's offsets (code points) give back its sentence. */
function cues(text: string, extra?: string[]): [string, string][] {
  const cps = Array.from(text);
  return findCueSentences(text, extra).map((c) => {
    assert.equal(cps.slice(c.start, c.end).join(''), c.sentence, `offsets of ${JSON.stringify(c.sentence)}`);
    return [c.cue, c.sentence];
  });
}

const CASES: { name: string; text: string; extra?: string[]; want: [string, string][] }[] = [
  {
    name: 'one cue sentence among plain ones',
    text: 'The council met on Monday. The minister reportedly resigned. Talks resume today.',
    want: [['reportedly', 'The minister reportedly resigned.']],
  },
  {
    name: 'case-insensitive',
    text: 'ACCORDING TO the ministry, nothing happened. Allegedly, it did.',
    want: [
      ['according to', 'ACCORDING TO the ministry, nothing happened.'],
      ['allegedly', 'Allegedly, it did.'],
    ],
  },
  {
    name: 'longest cue at a place wins',
    text: 'Based on unconfirmed information, the border was closed.',
    want: [['based on unconfirmed information', 'Based on unconfirmed information, the border was closed.']],
  },
  {
    name: 'the first cue of a sentence is reported once',
    text: 'Sources say the unit was allegedly moved, according to a driver.',
    want: [['sources say', 'Sources say the unit was allegedly moved, according to a driver.']],
  },
  { name: 'whole words only', text: 'The bags were unclaimed. A reportedlyish tone. Claimedly odd.', want: [] },
  {
    name: '’ and \' are the same',
    text: "It's likely, it is likely. It’s said to be cold.",
    extra: ["it's said"],
    want: [
      ['it is likely', "It's likely, it is likely."],
      ["it's said", 'It’s said to be cold.'],
    ],
  },
  {
    name: 'a cue across a line break and a wrapped sentence',
    text: 'The plan was, according\nto two officers, drafted\nin March.\n\nNext paragraph.',
    want: [['according to', 'The plan was, according\nto two officers, drafted\nin March.']],
  },
  {
    name: 'a blank line still ends a sentence',
    text: 'A title without a stop\n\nThe claim was unverified.',
    want: [['unverified', 'The claim was unverified.']],
  },
  {
    name: 'abbreviations do not end a sentence',
    text: 'Gen. Dobrev and Mr. Varga are said to have met. They denied it.',
    want: [['are said to', 'Gen. Dobrev and Mr. Varga are said to have met.']],
  },
  {
    name: 'extra cues from the workspace',
    text: 'Per a leaked memo, troops left. Nothing else.',
    extra: ['per a leaked memo', '  '],
    want: [['per a leaked memo', 'Per a leaked memo, troops left.']],
  },
  { name: 'no cues, no sentences', text: 'Plain facts. Nothing hedged.', want: [] },
  { name: 'empty text', text: '', want: [] },
];

for (const c of CASES) {
  test(`cues: ${c.name}`, () => {
    assert.deepEqual(cues(c.text, c.extra), c.want);
  });
}

test('cues: offsets are code points and the span is trimmed', () => {
  const text = '😀 Intro.\n\n   🇦🇲 The vote was supposedly rigged.   \n';
  const [c] = findCueSentences(text);
  assert.equal(c.cue, 'supposedly');
  assert.equal(c.sentence, '🇦🇲 The vote was supposedly rigged.');
  assert.equal(c.start, Array.from('😀 Intro.\n\n   ').length);
  assert.equal(c.end - c.start, Array.from(c.sentence).length);
});

test('cues: the defaults include the issue’s examples', () => {
  for (const cue of ['based on unconfirmed information', 'reportedly', 'allegedly', 'according to', 'supposedly', 'it is likely', 'sources say']) {
    assert.ok(DEFAULT_CUES.includes(cue), cue);
  }
});

test('cues: a CueFinder is reusable across texts', () => {
  const finder = new CueFinder(['per the memo']);
  assert.equal(finder.find('Per the memo, yes.').length, 1);
  assert.equal(finder.find('Reportedly, yes.').length, 1);
  assert.equal(finder.find('Yes.').length, 0);
});

test('cues: a whole text is read paragraph by paragraph, with the same sentences and offsets as in one go', () => {
  // paragraphs with astral characters before them (offsets are code points), and one paragraph
  // longer than a piece, without blank lines, so it is cut at line ends
  const long = Array.from({ length: 1000 }, (_, i) => (i % 50 === 7 ? `Line ${i} reportedly held.` : `Line ${i} held.`)).join('\n');
  const text = `😀 Intro, allegedly.\n\n${long}\n\n🇦🇲 Sources say the vote was rigged. Next.\n\n`;
  assert.ok(long.length > 8_000, 'the long paragraph is cut');
  const whole = new CueFinder().find(text);
  assert.ok(whole.length >= 10);
  assert.deepEqual(findCueSentences(text), whole);
});
