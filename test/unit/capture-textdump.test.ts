// A web page saved as plain text (issue 14): the article found from the shape of its lines.
// Fixtures are texts written for the project (test/fixtures/capture/harbour-page-dump.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { articleOfTextDump } from '../../src/core/capture/textDump';

const DUMP = fs.readFileSync(path.join(__dirname, '../fixtures/capture/harbour-page-dump.txt'), 'utf8');

const para = (s: string) => `${s} ${'The statement was read outside the harbour gates and repeated later by the union, who gave no further details.'}`;

test('a page saved as text: the headline is the title; menus before it and the footer after the article are dropped', () => {
  const d = articleOfTextDump(DUMP);
  assert.ok(d);
  assert.equal(d.title, 'Dockworkers end nine-day strike at Port Selva after pay deal');
  assert.match(d.text, /^Dockworkers end nine-day strike at Port Selva after pay deal\n\nUnion leaders say the agreement falls short on night-shift safety\.\n\nMira Halvorsen Mar 23, 2027\n\n/);
  for (const kept of ['returned to work on Monday', 'reportedly disputes how overtime', 'could not be independently verified', 'Cranes stand idle']) assert.ok(d.text.includes(kept), kept);
  for (const gone of ['Skip to main content', 'Main Menu', 'Newsletter', 'Veldonia', 'You can search', 'Ports, Labour', 'Share this article', 'Sign up for', 'Related', 'Aurel Bay fishermen', 'Popular', '©']) assert.ok(!d.text.includes(gone), gone);
  assert.ok(d.droppedBefore >= 15, `${d.droppedBefore} lines before`);
  assert.ok(d.droppedAfter >= 8, `${d.droppedAfter} lines after`);
  assert.match(d.text, /\n$/);
  assert.doesNotMatch(d.text, /\n\n\n/);
});

// [what, text, expected title or null when the text is an article already]
const CASES: [string, string, string | null][] = [
  ['an article with its headline first is kept as it is', `Ferry fares rise again\n\n${para('Fares on the Lindmark ferry rise by a tenth in April, the operator said.')}\n\n${para('Passengers groups called the rise unjustified.')}\n`, null],
  ['an article with short subheadings between paragraphs is kept as it is', `Ferry fares rise again\n\n${para('Fares on the Lindmark ferry rise by a tenth in April.')}\n\nWhat passengers say\n\n${para('Passenger groups called the rise unjustified.')}\n\nWhat comes next\n\n${para('The regulator will review the fares in May.')}\n`, null],
  ['text that is all short lines is no article', 'Home\nNews\nSport\nWeather\n', null],
  ['a dump with one-word menus and a long cookie notice after the article',
    `Home\nNews\nSport\nWeather\nMore\nFerry fares rise again at Lindmark\n${para('Fares on the Lindmark ferry rise by a tenth in April, the operator said.')}\n${para('Passenger groups called the rise unjustified.')}\n, , , ,\nTerms | Privacy | Cookies\nCookies settings\nSave settings\nAccept all cookies\nWe use cookies to personalise content and ads, to provide social media features and to analyse our traffic, and we share information about your use of our site with our partners who may combine it with other information.\n`,
    'Ferry fares rise again at Lindmark'],
];

for (const [what, text, title] of CASES) {
  test(what, () => {
    const d = articleOfTextDump(text);
    if (title === null) return assert.equal(d, null, JSON.stringify(d));
    assert.ok(d, 'recognised as a page');
    assert.equal(d.title, title);
    assert.doesNotMatch(d.text, /cookies|Sport|Save settings|Terms/);
    assert.match(d.text, /Passenger groups called the rise unjustified/);
  });
}

test('linear: a 200,000-line dump of menu items is read in one pass', () => {
  const text = 'Menu item\n'.repeat(200_000) + `Headline of the piece here\n${para('A sentence that is long enough to read as prose in an article.')}\n`;
  const d = articleOfTextDump(text);
  assert.ok(d);
  assert.equal(d.title, 'Headline of the piece here');
});
