// Registry mentions carried across edits (core/live/shiftMentions.ts): what the matcher finds
// in the whole new text, from the old mentions moved and the text around each edit searched
// again. Differential against the full search, on generated texts and several edits at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { textEdits } from '../../src/core/live/editStretches';
import { shiftMentions } from '../../src/core/live/shiftMentions';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import type { Entity } from '../../src/core/types';

const ENTITIES: Entity[] = [
  { id: 'aurel', name: 'Aurel', type: 'place', aliases: [{ text: 'Republic of Aurel' }] },
  { id: 'zoric', name: 'Ana Zorić', type: 'person', aliases: [{ text: 'Zorić' }] },
  { id: 'kostrov', name: 'Kostrov', type: 'person', aliases: [{ text: 'the Kostrov talks', ignoreCase: true }] },
  { id: 'flag', name: '🇦🇲 Mission', type: 'organization', aliases: [] },
] as Entity[];
const WORDS = ['the', 'minister', 'said', 'Aurel', 'Republic', 'of', 'Kostrov', 'talks', 'Ana', 'Zorić', '🇦🇲', 'Mission', 'report', '.', '\n\n', 'border'];
const INSERTS = ['', 'x', ' Aurel', ' the Kostrov talks ', '🇦🇲 ', 'Ana ', '\n\nUpdate: '];

const textArb = fc.array(fc.constantFrom(...WORDS), { minLength: 1500, maxLength: 3000 }).map((w) => w.join(' '));
const editsArb = fc.array(fc.tuple(fc.nat(20000), fc.nat(12), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 6 });

function apply(text: string, draws: [number, number, string][]): string {
  // applied from the end, on whole code points, so each position is in the original text
  const cps = Array.from(text);
  const sorted = draws.map(([at, cut, ins]) => [at % (cps.length + 1), cut, ins] as const).sort((a, b) => b[0] - a[0]);
  let floor = cps.length;
  for (const [at, cut, ins] of sorted) {
    const to = Math.min(floor, at + cut);
    if (at > to) continue;
    cps.splice(at, to - at, ...Array.from(ins));
    floor = at;
  }
  return cps.join('');
}

test('mentions carried across edits are what a search of the whole new text finds', () => {
  const matcher = new MentionMatcher(ENTITIES);
  let carried = 0;
  fc.assert(
    fc.property(textArb, editsArb, (text, draws) => {
      const next = apply(text, draws);
      const got = shiftMentions(next, matcher.find(text), (t) => matcher.find(t), textEdits(text, next));
      if (got === null) return;
      carried++;
      assert.deepEqual(got, matcher.find(next));
    }),
    { numRuns: 400, seed: 15 },
  );
  assert.ok(carried > 100, `carried in only ${carried} of 400 cases`);
});

test('a 1 MB text typed at twenty places: only the text around the edits is searched again', () => {
  const matcher = new MentionMatcher(ENTITIES);
  const prev = 'The minister of the Republic of Aurel met Ana Zorić before the Kostrov talks. '.repeat(13_000);
  let next = prev;
  for (let k = 19; k >= 0; k--) {
    const at = next.indexOf(' ', 20_000 + k * 50_000);
    next = next.slice(0, at) + ' Aurel' + next.slice(at);
  }
  let searched = 0;
  const got = shiftMentions(next, matcher.find(prev), (t) => ((searched += t.length), matcher.find(t)), textEdits(prev, next));
  assert.deepEqual(got, matcher.find(next));
  assert.ok(searched < 20 * 1000, `searched ${searched} characters again`);
});

test('a 1 MB text with a passage cut and pasted far away: only the text around the two places is searched again', () => {
  const matcher = new MentionMatcher(ENTITIES);
  let seed = 15;
  const word = () => WORDS[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % (WORDS.length - 1)];
  const lines = Array.from({ length: 12_000 }, () => Array.from({ length: 14 }, word).join(' ') + '.\n');
  const prev = lines.join('');
  const next = [...lines.slice(0, 1000), ...lines.slice(8000, 8200), ...lines.slice(1000, 8000), ...lines.slice(8200)].join('');
  let searched = 0;
  const got = shiftMentions(next, matcher.find(prev), (t) => ((searched += t.length), matcher.find(t)), textEdits(prev, next));
  assert.deepEqual(got, matcher.find(next));
  // the passage where it went, and the text either side of both places
  const passage = lines.slice(8000, 8200).join('').length;
  assert.ok(searched < passage + 4 * 1000, `searched ${searched} characters again`);
});
