// The benchmark's second set of texts (issue 12), so that anchoring is not tuned to five news
// articles: generated here from sentence templates of our own about a fictional water inquiry,
// in shapes the seed articles lack. A hearing transcript (long; the same speaker names on every
// turn), a report with numbered paragraphs, a news page wrapped in navigation lists that repeat
// the names of the story, and a short press release. Seeded: the same texts every run.

import type { Article } from './anchor-corpus';
import { rng as seeded, type Rng } from './anchor-edits';

const PEOPLE = [
  ['Ilse', 'Vantongeren', 'MS VANTONGEREN'],
  ['Tomas', 'Brennan', 'CHAIR BRENNAN'],
  ['Anaya', 'Deshpande', 'DR DESHPANDE'],
  ['Oskar', 'Lindqvist', 'MR LINDQVIST'],
  ['Priya', 'Nair', 'COUNCILLOR NAIR'],
  ['Joaquim', 'Ferreira', 'MR FERREIRA'],
] as const;
const PLACES = ['Eastmere', 'Harlow Basin', 'Kestrel Bridge', 'Saltmarsh Road', 'Upper Fenwick', 'the Millpond reservoir', 'Dunmore'];
const ORGS = ['the Harlow Basin Water Authority', 'Eastmere Council', 'the Regional Audit Office', 'the Drinking Water Inspectorate', 'Fenwick Utilities'];
const THINGS = ['the pumping station', 'the filtration plant', 'the main sewer', 'the overflow culvert', 'the treatment works', 'the chlorination unit', 'the storage tank'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Sentence templates: {P} a full name, {S} a surname, {L} a place, {O} an organisation, {T} a
 *  piece of plant, {N} a number, {X} a percentage, {M} a month, {Y} a year; [a|b|c] one of
 *  several wordings. Real writers and speakers say the same thing in different words each time:
 *  without the alternatives, two sentences from one template share every character but the slot
 *  values, 64 characters and more around a name, which no real report or transcript does (a
 *  sibling sentence then agrees with an annotation's context on both sides, word for word). */
const SENTENCES = [
  '{O} [knew|had known|was aware|had been told] about the [fault|problem|failure] at {T} in {L} by {M} {Y}, according to [internal emails|emails seen by the inquiry|its own records].',
  '[Inspectors|Auditors|Scientists from the university] found {N} samples above the [legal limit|permitted level|safe limit] for [nitrates|lead|bacteria] [near|around|downstream of] {L}.',
  '{P} told the [inquiry|panel|hearing] that the [budget|maintenance budget|spending] for {T} had been cut by {X} over [three|four|five] years.',
  'Residents of {L} were [told|asked|advised] to boil their water for {N} days in {M}.',
  'The [contract|maintenance contract|deal] for {T} was [awarded|given|handed] to {O} without a [competitive tender|tender|public tender].',
  '{S} [said|insisted|admitted] the warning signs had been [missed|overlooked|ignored] because nobody read the [monthly logs|logs|weekly reports].',
  '[According to {P}|{P} said|In the words of {P}], the valves at {T} had not been [replaced|serviced|inspected] since {Y}.',
  'A [report|review|study] by {O} put the cost of the repairs at {N} million.',
  '{S} [denied|disputed|rejected the claim] that {O} had been [warned|told|alerted] about {T} before {M}.',
  '[Some|Around|More than] {N} households in {L} lost their supply for [most of a week|several days|nearly a fortnight].',
  'The chair asked {S} [why|how long|when] the alarm at {T} had been switched off.',
  '{P} [described|called|summed up] the response of {O} as [slow, confused and badly led|chaotic|too little, too late].',
  'Leakage from {T} rose by {X} between {Y} and the following [spring|summer|winter].',
  'In {M} {Y}, {O} [reported|told ministers|claimed] that {T} was operating normally.',
  '{S} [accepted|admitted|agreed] that the figures given to {O} in {M} were [wrong|incomplete|out of date].',
  'Water from {L} was [diverted|pumped|sent] through {T} while engineers [searched for|looked for|traced] the leak.',
  'The inquiry heard that {N} complaints about [discoloured|brown|cloudy] water were closed without a visit.',
  '{P} said that staff at {T} had asked for more [inspectors|engineers|staff] at least {N} times.',
  '{O} has since [promised|agreed|undertaken] to publish its test results for {L} every [week|month|fortnight].',
  'Engineers from {O} reached {T} more than {N} hours after the first alarm.',
  '{S} could not explain why the samples from {L} were taken only once a [month|quarter|year].',
  'The minutes of the {M} meeting do not [mention|refer to|say a word about] {T} at all.',
  '{P} argued that the fault began at {T} and spread [along the main|through the network|down the valley] to {L}.',
  'A whistleblower told {O} in {Y} that the logs from {T} were being [rewritten|altered|destroyed].',
  '[Farmers|Anglers|Walkers] near {L} said the river had smelled of chlorine for {N} days.',
  '{S} conceded that {O} should have closed {T} [sooner|earlier|weeks before].',
  'Under questioning, {P} said the decision to reopen {T} was taken by {O}.',
  'By the end of {M}, {X} of the homes in {L} had their supply back.',
  '{O} fined {O2} for failing to report the incident at {T} within {N} hours.',
  'The pipes under {L} are older than any map that {O} [holds of them|has|keeps].',
  '{S} said that the engineers on duty at {T} had done [everything they were trained to do|what they could|their best].',
  'Nobody at {O} checked whether the new pumps at {T} suited the pressure in {L}.',
  '{P} will give evidence again in {M}, when the inquiry turns to {T}.',
  'The insurance claim [lodged|filed|made] by {O} lists {N} separate failures at {T}.',
  'It took {N} weeks for {O} to confirm what residents of {L} already knew.',
  '{S} [repeated|insisted|maintained] that {O} had met every [legal standard|standard it was set|rule] in {Y}.',
];

/** MARGINALIA_BENCH_FRAMES=fixed: every template in its first wording, as the set was first
 *  written (the figures reported before the wordings were varied). */
const VARIED = process.env.MARGINALIA_BENCH_FRAMES !== 'fixed';

/** Short turns and asides in the transcript, repeated as people repeat them. */
const ASIDES = ['Thank you.', 'Yes.', 'No, that is not right.', 'Could you repeat the question?', 'I will come back to that.', 'Go on.', 'That is correct.'];

function filler(r: Rng, used: Set<string>): string {
  for (let tries = 0; ; tries++) {
    const [first, last] = r.pick(PEOPLE);
    let o2 = r.pick(ORGS);
    const o = r.pick(ORGS);
    while (o2 === o) o2 = r.pick(ORGS);
    const s = r
      .pick(SENTENCES)
      .replace(/\[([^\]]+)\]/g, (_, options: string) => (VARIED ? r.pick(options.split('|')) : options.split('|')[0]))
      .replace('{P}', `${first} ${last}`)
      .replace('{S}', last)
      .replace('{L}', r.pick(PLACES))
      .replace('{O2}', o2)
      .replace('{O}', o)
      .replace('{T}', r.pick(THINGS))
      .replace('{N}', String(2 + r.int(400)))
      .replace('{X}', `${3 + r.int(60)} per cent`)
      .replace('{M}', r.pick(MONTHS))
      .replace('{Y}', String(2014 + r.int(10)));
    const sentence = s.charAt(0).toUpperCase() + s.slice(1);
    // Whole sentences do not repeat in a real text; names and phrases do.
    if (!used.has(sentence) || tries > 50) {
      used.add(sentence);
      return sentence;
    }
  }
}

function sentencesOf(r: Rng, used: Set<string>, n: number): string {
  return Array.from({ length: n }, () => filler(r, used)).join(' ');
}

function transcript(r: Rng): string {
  const used = new Set<string>();
  const out = [
    'Harlow Basin Water Inquiry',
    'Transcript of the public hearing, day 4',
    `Present: ${PEOPLE.map(([f, l]) => `${f} ${l}`).join(', ')}`,
    '',
  ];
  let previous = '';
  for (let turn = 0; turn < 100; turn++) {
    let speaker = r.pick(PEOPLE)[2];
    while (speaker === previous) speaker = r.pick(PEOPLE)[2];
    previous = speaker;
    const body = r.next() < 0.25 ? r.pick(ASIDES) : sentencesOf(r, used, 1 + r.int(4));
    out.push(`${speaker}: ${body}`);
    if (r.next() < 0.05) out.push('[Crosstalk]');
  }
  out.push('', '(The hearing adjourned.)');
  return out.join('\n');
}

function report(r: Rng): string {
  const used = new Set<string>();
  const out = ['Regional Audit Office', 'Report on the supply failures in the Harlow Basin', ''];
  const sections = ['Background', 'What happened', 'The response of the Authority', 'Oversight', 'Findings', 'Recommendations'];
  sections.forEach((title, si) => {
    out.push(`Section ${si + 1}: ${title}`, '');
    const n = 4 + r.int(5);
    for (let p = 1; p <= n; p++) out.push(`${si + 1}.${p} ${sentencesOf(r, used, 2 + r.int(3))}`, '');
  });
  return out.join('\n');
}

function page(r: Rng): string {
  const used = new Set<string>();
  const nav = ['Home', 'News', 'Eastmere', 'Harlow Basin', 'Dunmore', 'Opinion', 'Sport', 'Weather', 'Sign in'];
  const headline = () => filler(r, used).replace(/\.$/, '');
  const out = [...nav, '', 'News > Harlow Basin > Water inquiry', ''];
  out.push(headline(), '', `By ${r.pick(PEOPLE)[0]} ${r.pick(PEOPLE)[1]}, ${r.pick(MONTHS)} ${1 + r.int(28)}`, '');
  for (let p = 0; p < 9; p++) out.push(sentencesOf(r, used, 2 + r.int(4)), '');
  out.push('Related stories', ...Array.from({ length: 6 }, headline), '');
  out.push('Most read', ...Array.from({ length: 5 }, headline), '');
  out.push(...nav, 'Contact us', 'Privacy', 'Terms', '');
  return out.join('\n');
}

function release(r: Rng): string {
  const used = new Set<string>();
  const out = ['PRESS RELEASE', 'Harlow Basin Water Authority', ''];
  for (let p = 0; p < 4; p++) out.push(sentencesOf(r, used, 2 + r.int(2)), '');
  out.push('Ends', 'Media enquiries: press office, Harlow Basin Water Authority');
  return out.join('\n');
}

/** The second set: four texts of different length, shape and repetition. */
export function generatedSet(): Article[] {
  return [
    { name: 'hearing-transcript', text: transcript(seeded(12_001)) },
    { name: 'audit-report', text: report(seeded(12_002)) },
    { name: 'news-page-with-navigation', text: page(seeded(12_003)) },
    { name: 'press-release', text: release(seeded(12_004)) },
  ];
}
