// The keystroke rehearsal (core/live/rehearse.ts): the editor runs the keystroke path once on a
// piece of a document before the analyst's first keystroke, so that keystroke finds the code
// compiled. It must be the real path on a real edit: after its letter and after its backspace,
// the mentions it holds are what a search of the whole piece finds (the re-find's oracle),
// including when the letter breaks a mention and when the piece has astral characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rehearseKeystroke } from '../../src/core/live/rehearse';
import type { MentionSpan } from '../../src/core/live/mentionsAround';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import { CodePointIndex } from '../../src/core/text/positions';
import type { Entity } from '../../src/core/types';

const ENTITIES: Entity[] = [
  { id: 'aurel', name: 'Aurel', type: 'place', aliases: [{ text: 'Republic of Aurel' }] },
  { id: 'zoric', name: 'Ana Zorić', type: 'person', aliases: [{ text: 'Zorić' }] },
  { id: 'flag', name: '🇦🇲 Mission', type: 'organization', aliases: [] },
  { id: 'ab', name: 'a b', type: 'other', aliases: [] },
  { id: 'bc', name: 'b c', type: 'other', aliases: [] },
] as Entity[];
const matcher = new MentionMatcher(ENTITIES);
const find = (text: string): MentionSpan[] => {
  const index = new CodePointIndex(text);
  return matcher.find(text).map((m) => ({ start: index.toUtf16(m.start), end: index.toUtf16(m.end), entity: m.entity }));
};
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The rehearsal of `piece`, checked: each keystroke's mentions are the whole search of its text, and no character was split. */
function rehearsed(piece: string): { typedText: string; typed: MentionSpan[] } {
  const { at, typed, undone } = rehearseKeystroke(piece, find);
  const typedText = piece.slice(0, at) + 'x' + piece.slice(at);
  assert.ok(!LONE_SURROGATE.test(typedText), `the letter split a character of ${JSON.stringify(piece)} at ${at}`);
  assert.deepEqual(typed, find(typedText), `after the letter, in ${JSON.stringify(typedText)}`);
  assert.deepEqual(undone, find(piece), `after the backspace, in ${JSON.stringify(piece)}`);
  return { typedText, typed };
}

test('the rehearsal types a letter into the first mention and takes it back; the mentions are the whole search each time', () => {
  const { typedText, typed } = rehearsed('Ana Zorić said the Republic of Aurel would wait.\n');
  assert.equal(typedText, 'Axna Zorić said the Republic of Aurel would wait.\n');
  // the letter broke "Ana Zorić": only its alias is left there
  assert.deepEqual(
    typed.map((m) => typedText.slice(m.start, m.end)),
    ['Zorić', 'Republic of Aurel'],
  );
});

test('a piece without mentions, an empty one, one letter, and one opening with an astral mention', () => {
  assert.equal(rehearsed('nothing to find here').typedText, 'nothing tox find here');
  assert.equal(rehearsed('').typedText, 'x');
  assert.equal(rehearsed('a').typedText, 'xa');
  // inside "🇦🇲 Mission" but past its first character's second half, not between them
  assert.equal(rehearsed('🇦🇲 Mission, then a b c.').typedText, '\u{1F1E6}x\u{1F1F2} Mission, then a b c.');
});

test('property: whatever the piece, after the letter and after the backspace the mentions are what the whole search finds', () => {
  const WORDS = ['the', 'said', 'Ana', 'Zorić', 'Aurel', 'Republic', 'of', '🇦🇲', 'Mission', 'a', 'b', 'c', '\n', '.'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }), fc.constantFrom(' ', '', '  '), (words, sep) => {
      rehearsed(words.join(sep));
    }),
    { numRuns: 500 },
  );
});
