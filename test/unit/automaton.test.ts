// The phrase automaton under mentions and cues (src/core/mentions/automaton.ts, reverse.ts):
// each case runs through the trie walks and through the reverse Aho–Corasick automaton that
// takes over when walks exhaust their budget on hostile input (issue 8), and both must agree
// with the expected matches, on strings and on UTF-8 bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AliasAutomaton, type Pattern } from '../../src/core/mentions/automaton';

type Hit = [pattern: number, text: string];

function hits(patterns: Pattern[], text: string, walkBudget?: number): { str: Hit[]; bytes: number[][]; cps: number[][] } {
  const a = new AliasAutomaton(patterns, walkBudget === undefined ? {} : { walkBudget });
  const str: Hit[] = [];
  const cps: number[][] = [];
  a.scan(text, (p, s, e, s16, e16) => {
    str.push([p, text.slice(s16, e16)]);
    cps.push([p, s, e]);
  });
  const bytes: number[][] = [];
  a.scanUtf8(Buffer.from(text, 'utf8'), (p, s, e) => bytes.push([p, s, e]));
  return { str, bytes, cps };
}

const P = (...texts: (string | [string, true])[]): Pattern[] => texts.map((t) => (typeof t === 'string' ? { text: t } : { text: t[0], ignoreCase: true }));

const CASES: { name: string; patterns: Pattern[]; text: string; want: Hit[] }[] = [
  { name: 'failure link: "ab abc" read past, "abd" found', patterns: P('ab abc', 'abd'), text: 'ab abd', want: [[1, 'abd']] },
  { name: 'failure link: inner phrase after a failed longer one', patterns: P('ab abc', 'abd', 'ab'), text: 'ab abd ab abc', want: [[2, 'ab'], [1, 'abd'], [0, 'ab abc']] },
  { name: 'failure link to a phrase starting mid-way', patterns: P('x y z q', 'y z'), text: 'x y z w', want: [[1, 'y z']] },
  { name: 'overlapping aliases: leftmost wins', patterns: P('a b', 'b c'), text: 'a b c', want: [[0, 'a b']] },
  { name: 'overlapping aliases: longest at the same start', patterns: P('a', 'a b', 'a b c'), text: 'a b c a b a', want: [[2, 'a b c'], [1, 'a b'], [0, 'a']] },
  { name: 'a longer phrase that fails to end on a boundary', patterns: P('new york', 'new'), text: 'new yorker', want: [[1, 'new']] },
  { name: 'not inside a word, either end', patterns: P('cat'), text: 'cats scat cat', want: [[0, 'cat']] },
  { name: 'possessive ’ and \'', patterns: P('Halvik'), text: 'Halvik’s and Halvik\'s', want: [[0, 'Halvik'], [0, 'Halvik']] },
  { name: 'apostrophe inside a phrase matches either', patterns: P("O'Brien"), text: 'O’Brien O\'Brien', want: [[0, 'O’Brien'], [0, "O'Brien"]] },
  { name: 'white space runs match one space', patterns: P('a b'), text: 'a \n\t b', want: [[0, 'a \n\t b']] },
  { name: 'ignoreCase', patterns: P(['the pact', true]), text: 'THE PACT The Pact', want: [[0, 'THE PACT'], [0, 'The Pact']] },
  { name: 'case-sensitive wins a tie', patterns: P(['nss', true], 'NSS'), text: 'NSS nss', want: [[1, 'NSS'], [0, 'nss']] },
  { name: 'astral letter ends a phrase followed by spaces', patterns: P('a 𝒳'), text: 'a 𝒳   y', want: [[0, 'a 𝒳']] },
  { name: 'astral letters of the same high surrogate differ', patterns: P('a 𝒳'), text: 'a 𝒴.', want: [] },
  { name: 'astral letter joins the word', patterns: P('ab'), text: '𝐀ab ab𝐁 ab', want: [[0, 'ab']] },
  { name: 'phrase starting with punctuation', patterns: P('#tag'), text: 'x#tag #tag', want: [[0, '#tag'], [0, '#tag']] },
  { name: 'unknown characters reset the automaton', patterns: P('a b'), text: 'a\u0000b a b', want: [[0, 'a b']] },
];

for (const c of CASES) {
  test(`automaton: ${c.name}`, () => {
    const walks = hits(c.patterns, c.text);
    const reverse = hits(c.patterns, c.text, 0);
    assert.deepEqual(walks.str, c.want);
    assert.deepEqual(reverse.str, c.want);
    assert.deepEqual(walks.bytes, walks.cps);
    assert.deepEqual(reverse.bytes, walks.cps);
  });
}

test('automaton: the reverse automaton finds what the walks find, on generated texts and phrases', () => {
  const piece = fc.constantFrom('a', 'b', 'A', 'ab', ' ', '  ', '\n', "'", '’', '.', '-', 'é', 'σ', 'Σ', 'ς', '𝒳', '𝒴', '😀', '\u0301', '9');
  const phrase = fc.array(piece, { minLength: 1, maxLength: 5 }).map((xs) => xs.join(''));
  const patterns = fc.array(fc.record({ text: phrase, ignoreCase: fc.boolean() }), { minLength: 1, maxLength: 6 });
  const text = fc.array(piece, { maxLength: 40 }).map((xs) => xs.join(''));
  fc.assert(
    fc.property(patterns, text, (ps, t) => {
      const walks = hits(ps, t);
      const reverse = hits(ps, t, 0);
      assert.deepEqual(reverse.cps, walks.cps);
      assert.deepEqual(reverse.str, walks.str);
      assert.deepEqual(walks.bytes, walks.cps);
      assert.deepEqual(reverse.bytes, walks.cps);
    }),
    { numRuns: 300, seed: 8 },
  );
});

test('automaton: a scan that runs out of budget part-way continues with the same matches', () => {
  // Small budgets switch over after some walks, mid-text, on strings and on bytes.
  const ps = P('word word word word end', 'word', ['WORD END', true]);
  const text = 'word '.repeat(30) + 'word end, ' + 'word word word '.repeat(5) + 'Word End';
  const full = hits(ps, text);
  for (const budget of [1, 7, 20, 60, 200]) assert.deepEqual(hits(ps, text, budget), full, `budget ${budget}`);
});

test('automaton: a 100 KB alias the text follows from every word still matches what it should', () => {
  // Issue 8: this registry used to block a scan for minutes (O(text × alias)).
  const alias = 'word '.repeat(20_000) + 'end';
  const text = 'word '.repeat(40_000) + 'end';
  const a = new AliasAutomaton(P(alias, 'word'));
  const got: number[][] = [];
  a.scan(text, (p, s, e) => got.push([p, s, e]));
  assert.equal(got.length, 20_001);
  assert.deepEqual(got[0], [1, 0, 4]);
  assert.deepEqual(got[got.length - 1], [0, 100_000, text.length]);
});
