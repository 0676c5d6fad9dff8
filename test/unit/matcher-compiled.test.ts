// The matcher the index workers restore instead of building (issue 15): the extension hands
// them a built matcher as plain data, through a structured clone as a worker's message would
// carry it. Restored, it must find exactly what the matcher it came from finds — on the walk
// path and on the reverse automaton a hostile text falls back to (built again after restoring),
// with case-folded aliases, ’ and ', astral text and shared aliases — and the packed answer the
// workers send must read back as `find`'s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MentionMatcher, MentionTable } from '../../src/core/mentions/matcher';
import type { Entity } from '../../src/core/types';

const ent = (id: string, name: string, ...aliases: (string | { text: string; ignoreCase?: boolean })[]): Entity =>
  ({ id, name, type: 'other', aliases: aliases.map((a) => (typeof a === 'string' ? { text: a } : a)) }) as Entity;

const REGISTRY: Entity[] = [
  ent('halvik', 'Teodor Halvik', 'Halvik', 'Veldonia’s prime minister'),
  ent('veldonia', 'Veldonia', 'Republic of Veldonia'),
  ent('pact', 'Eastern Pact', { text: 'the pact', ignoreCase: true }),
  ent('zoric', 'Matej Zorić', 'Zorić'),
  ent('moscow', 'Москва'),
  ent('obrien', "Seán O'Brien", "O'Brien"),
  ent('dup', 'Halvik'), // shares an alias: the first entity keeps it, with a warning
  ent('empty', '   '), // rejected
];

const TEXTS = [
  'Teodor Halvik spoke. Halvik left the Republic of Veldonia.',
  'THE PACT and the Pact, then Eastern Pact; Veldonia’s prime minister and Veldonia\'s prime minister.',
  '😀 Zorić met Seán O’Brien in Москва; O\'Brien 😀 Halvik',
  '',
  'Halvik'.repeat(50) + ' Halvik',
];

test('a restored matcher finds what the built one finds, on both scan paths', () => {
  for (const walkBudget of [undefined, 0]) {
    const built = new MentionMatcher(REGISTRY, walkBudget === undefined ? undefined : { walkBudget });
    const restored = MentionMatcher.restore(REGISTRY, structuredClone(built.compiled()));
    assert.deepEqual(restored.warnings, built.warnings);
    for (const text of TEXTS) {
      assert.deepEqual(restored.find(text), built.find(text), `${walkBudget}: ${text}`);
      assert.deepEqual(new MentionTable(REGISTRY).unpack(restored.findPacked(text)), built.find(text), `packed, ${walkBudget}: ${text}`);
    }
  }
  assert.ok(new MentionMatcher(REGISTRY).find(TEXTS[0]).length > 0);
});
