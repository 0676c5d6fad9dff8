// Mentions kept current on each keystroke (core/live/refind.ts): what the editor holds after a
// text event is what a search of the whole new text finds (the oracle), while only the text
// around the edit is read and searched. Generated texts with overlapping aliases (a chain of
// them flips along its whole length when one word goes), case-folded and astral ones, and
// events of one to four changes as VS Code sends them (offsets in the text before the event).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { refindMentions, type TextReader } from '../../src/core/live/refind';
import type { MentionSpan } from '../../src/core/live/mentionsAround';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import { CodePointIndex } from '../../src/core/text/positions';
import type { TextChange } from '../../src/core/spans';
import type { Entity } from '../../src/core/types';

const ENTITIES: Entity[] = [
  { id: 'aurel', name: 'Aurel', type: 'place', aliases: [{ text: 'Republic of Aurel' }] },
  { id: 'zoric', name: 'Ana Zorić', type: 'person', aliases: [{ text: 'Zorić' }] },
  { id: 'kostrov', name: 'Kostrov', type: 'person', aliases: [{ text: 'the Kostrov talks', ignoreCase: true }] },
  { id: 'flag', name: '🇦🇲 Mission', type: 'organization', aliases: [] },
  // a chain: "a b c d e" is "a b", "c d"; without the "a" it is "b c", "d e"
  { id: 'ab', name: 'a b', type: 'other', aliases: [] },
  { id: 'bc', name: 'b c', type: 'other', aliases: [] },
  { id: 'cd', name: 'c d', type: 'other', aliases: [] },
  { id: 'de', name: 'd e', type: 'other', aliases: [] },
  { id: 'ea', name: 'e a', type: 'other', aliases: [] },
] as Entity[];
const WORDS = ['the', 'said', 'a b c d e a b c d e a b c d e', 'Aurel', 'Republic', 'of', 'Kostrov', 'talks', 'Ana', 'Zorić', '🇦🇲', 'Mission', '.', '\n', 'a', 'b', 'c', 'd', 'e', 'a', 'b', 'c', 'd', 'e'];
const INSERTS = ['', 'x', ' ', 'a', 'a ', ' Aurel', ' the Kostrov talks ', '🇦🇲 ', 'Ana ', '\n', 'b c d'];

function finder(matcher: MentionMatcher): (text: string) => MentionSpan[] {
  return (text) => {
    const index = new CodePointIndex(text);
    return matcher.find(text).map((m) => ({ start: index.toUtf16(m.start), end: index.toUtf16(m.end), entity: m.entity }));
  };
}

/** A reader that counts what was read. */
function reader(text: string): TextReader & { read: number } {
  const r = { length: text.length, read: 0, slice: (a: number, b: number) => ((r.read += b - a), text.slice(a, b)) };
  return r;
}

/** Changes at code point boundaries, not overlapping, offsets in `text`; and the text after them. */
function event(text: string, draws: [number, number, string][]): { changes: TextChange[]; next: string } {
  const starts: number[] = [];
  for (let i = 0; i <= text.length; i++) if (i === text.length || !(text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff)) starts.push(i);
  const picked = draws.map(([at, cut, ins]) => [at % starts.length, cut, ins] as const).sort((a, b) => b[0] - a[0]);
  const changes: TextChange[] = [];
  let next = text;
  let floor = starts.length - 1;
  for (const [k, cut, ins] of picked) {
    const to = Math.min(floor, k + cut);
    if (k > to || (changes.length && k === floor)) continue;
    const offset = starts[k];
    const removed = starts[to] - offset;
    next = next.slice(0, offset) + ins + next.slice(offset + removed);
    changes.push({ offset, removed, inserted: ins.length });
    floor = k;
  }
  return { changes, next };
}

const textArb = (min: number, max: number) => fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max }).map((w) => w.join(' '));
const drawsArb = fc.array(fc.tuple(fc.nat(20000), fc.nat(12), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 4 });

for (const [name, margin] of [['the editor’s margin', undefined], ['a margin of 24, so that chains reach past it', 24]] as const) {
  test(`mentions after a text event are what a search of the whole new text finds (${name})`, () => {
    const matcher = new MentionMatcher(ENTITIES);
    const find = finder(matcher);
    fc.assert(
      fc.property(textArb(20, 600), drawsArb, fc.boolean(), (text, draws, shuffle) => {
        const { changes, next } = event(text, draws);
        if (!changes.length) return;
        // VS Code gives one event's changes in no promised order
        if (shuffle) changes.reverse();
        const got = refindMentions(find(text), changes, reader(next), find, margin);
        assert.deepEqual(got, find(next));
      }),
      { numRuns: 600, seed: 1515 },
    );
  });
}

test('a keystroke in a 1 MB text reads and searches only the text around it', () => {
  const matcher = new MentionMatcher(ENTITIES);
  const find = finder(matcher);
  const text = 'The minister of the Republic of Aurel met Ana Zorić before the Kostrov talks. '.repeat(13_000);
  let mentions = find(text);
  let current = text;
  let searched = 0;
  const counting = (t: string) => ((searched += t.length), find(t));
  for (const [at, removed, ins] of [[500_000, 0, 'x'], [500_001, 1, ''], [600_010, 0, ' Aurel '], [700_000, 30, '']] as const) {
    const next = current.slice(0, at) + ins + current.slice(at + removed);
    const r = reader(next);
    mentions = refindMentions(mentions, [{ offset: at, removed, inserted: ins.length }], r, counting);
    assert.ok(r.read < 2_000, `read ${r.read} characters for one edit`);
    current = next;
  }
  assert.ok(searched < 4 * 1_000, `searched ${searched} characters again`);
  assert.deepEqual(mentions, find(current));
});

test('an edit that flips a chain of overlapping aliases past the margin searches on until the matches agree again', () => {
  const matcher = new MentionMatcher(ENTITIES);
  const find = finder(matcher);
  const text = `said ${'a b c d e '.repeat(40)}said the end`;
  const next = text.replace('said a', 'said  ');
  const searched: { from: number; to: number }[] = [];
  const got = refindMentions(find(text), [{ offset: 5, removed: 1, inserted: 1 }], reader(next), find, 24, searched);
  assert.deepEqual(got, find(next));
  // the editor redraws every entity of its window when the search went past its usual reach
  assert.equal(searched.length, 1);
  assert.ok(searched[0].to > 6 + 24 * 4, `searched to ${searched[0].to} only`);
  assert.notDeepEqual(find(text).map((m) => m.entity), find(next).map((m) => m.entity));
});

test('a mention with white space inside, cut by the region searched again, is kept whole', () => {
  const matcher = new MentionMatcher(ENTITIES);
  const find = finder(matcher);
  // the region's start lands inside "Republic of Aurel": it must not be dropped
  const text = `${'x '.repeat(10)}Republic of Aurel ${'y '.repeat(6)}tail`;
  const at = text.indexOf('tail');
  const next = `${text.slice(0, at)}Z${text.slice(at)}`;
  const got = refindMentions(find(text), [{ offset: at, removed: 0, inserted: 1 }], reader(next), find, 16);
  assert.deepEqual(got, find(next));
  assert.equal(got.length, 1);
});

test('mentions held for another text (one past its end) end the search: the host is never held in a loop', () => {
  const matcher = new MentionMatcher(ENTITIES);
  const find = finder(matcher);
  // the mentions of a longer text, the last one cut by this text's end (a state that missed an edit)
  const longer = 'the Kostrov talks with Ana Zorić and the Republic of Aurel';
  const text = longer.slice(0, longer.indexOf(' of Aurel'));
  const held = find(longer);
  assert.ok(held[held.length - 1].start < text.length && held[held.length - 1].end > text.length);
  // a reader that gives up after many reads: a loop that never ends fails here instead of hanging the suite
  const r = reader(text);
  let reads = 0;
  const bounded = { length: text.length, slice: (a: number, b: number) => (assert.ok(++reads < 100, 'read again and again: the search does not end'), r.slice(a, b)) };
  const got = refindMentions(held, [{ offset: 0, removed: 0, inserted: 0 }], bounded, find);
  // around the edit, what this text holds; the rest as it was handed (not this function's to mend)
  assert.deepEqual(got.filter((m) => m.end <= text.length), find(text));
});

test('whatever mentions and changes it is handed, the search ends', () => {
  const matcher = new MentionMatcher(ENTITIES);
  const find = finder(matcher);
  const mentionsArb = fc.array(fc.tuple(fc.integer({ min: -20, max: 400 }), fc.nat(50), fc.constantFrom('aurel', 'ab', 'bc')), { maxLength: 12 });
  const changesArb = fc.array(fc.tuple(fc.integer({ min: -10, max: 400 }), fc.nat(40), fc.nat(5)), { minLength: 1, maxLength: 3 });
  fc.assert(
    fc.property(textArb(0, 80), mentionsArb, changesArb, fc.integer({ min: 1, max: 300 }), (text, ms, cs, margin) => {
      const held = ms.map(([start, length, entity]) => ({ start, end: start + length, entity })).sort((a, b) => a.start - b.start);
      let reads = 0;
      const bounded = { length: text.length, slice: (a: number, b: number) => (assert.ok(++reads < 5_000, 'read again and again: the search does not end'), text.slice(a, b)) };
      refindMentions(held, cs.map(([offset, removed, inserted]) => ({ offset, removed, inserted })), bounded, find, margin);
    }),
    { numRuns: 2_000, seed: 2026 },
  );
});
