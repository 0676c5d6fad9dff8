// The fast registry reader must agree with the located one on every file it accepts, and
// hand anything doubtful back (null) so the located reader can report it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseWorkspace, parseWorkspaceQuick, readWorkspaceFast } from '../../src/core/format';
import { edit, edited } from '../fixtures/written-edits';

const sample = fs.readFileSync(path.join(__dirname, '../../sample/marginalia.yaml'), 'utf8');

test('on a valid registry the fast reader gives exactly what parseWorkspace gives', () => {
  const full = parseWorkspace(sample, 'marginalia.yaml');
  assert.deepEqual(full.problems, []);
  assert.deepEqual(readWorkspaceFast(sample), full.config);
  const custom = 'marginalia: 1\nentityTypes: [unit]\ncues: [it is understood]\nentities:\n  - {id: b, name: Fifth Brigade, type: unit, aliases: [the brigade, {text: 5th bde, ignoreCase: true}]}\n  - {id: v, name: Vardan}\n';
  assert.deepEqual(readWorkspaceFast(custom), parseWorkspace(custom, 'x').config);
});

const doubtful: [string, string][] = [
  ['bad YAML', 'marginalia: 1\nentities: [\n'],
  ['another version', 'marginalia: 2\nentities: []\n'],
  ['a duplicate id', 'marginalia: 1\nentities:\n  - {id: x, name: X}\n  - {id: x, name: Y}\n'],
  ['an unknown type', 'marginalia: 1\nentities:\n  - {id: x, name: X, type: planet}\n'],
  ['a nested alias', 'marginalia: 1\nentities:\n  - {id: x, name: X, aliases: [[a]]}\n'],
  ['merge conflicts', 'marginalia: 1\nentities:\n  - {id: x, name: X, conflicts: [{field: name, values: [{value: X}, {value: Y}]}]}\n'],
  ['a duplicate key', 'marginalia: 1\nmarginalia: 1\n'],
  ['an alias bomb', 'marginalia: 1\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nentities: []\n'],
  ['a timestamp as a note', 'marginalia: 1\nentities:\n  - {id: x, name: X, note: 2026-11-21}\n'],
  // js-yaml took `<<` for a key of the mapping above (found by the random edits below)
  ['a key after a list item on its line', 'marginalia: 1\nentityTypes: [unit]\nentities:\nhypotheses:\n \n- {id: h1, text: "x"}<<: \n'],
  ['a key after a quoted list item', 'marginalia: 1\nentityTypes: [unit]\nentities:\ncues:\n- "it is said"x: 1\n'],
];
for (const [name, text] of doubtful) {
  test(`the fast reader hands back ${name}`, () => {
    const fast = readWorkspaceFast(text);
    const full = parseWorkspace(text, 'x');
    // either it declines, or it agrees exactly with the careful reader on a clean file
    if (fast !== null) {
      assert.deepEqual(full.problems.filter((p) => p.severity === 'error'), []);
      assert.deepEqual(fast, full.config);
    }
  });
}

// Random edits of a registry: whatever the fast reader accepts, the located reader reads to the
// same configuration with no problem at all (the sidecar's check, sidecar-fast.test.ts).
const word = fc.constantFrom('x', 'the brigade', 'said: he', '"quoted"', 'C# 1', '', '1', 'null', '- item', 'unit');
const registry = fc
  .record({
    entities: fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c'), name: word, type: fc.constantFrom('person', 'unit', 'org'), aliases: fc.array(word, { maxLength: 2 }) }), { maxLength: 3 }),
    hypotheses: fc.array(fc.record({ id: fc.constantFrom('h1', 'h2'), text: word }), { maxLength: 2 }),
  })
  .map(({ entities, hypotheses }) =>
    [
      'marginalia: 1',
      'entityTypes: [unit]',
      'entities:',
      ...entities.flatMap((e) => [`  - id: ${e.id}`, `    name: ${JSON.stringify(e.name)}`, `    type: ${e.type}`, `    aliases: [${e.aliases.map((a) => JSON.stringify(a)).join(', ')}]`]),
      'hypotheses:',
      ...hypotheses.map((h) => `  - {id: ${h.id}, text: ${JSON.stringify(h.text)}}`),
      '',
    ].join('\n'),
  );
test('random edits of a registry: what the fast reader accepts, the located reader reads the same, with no problem', () => {
  fc.assert(
    fc.property(registry, fc.array(edit, { maxLength: 3 }), (text, edits) => {
      const t = edited(text, edits);
      const fast = readWorkspaceFast(t);
      if (fast === null) return;
      const full = parseWorkspace(t, 'marginalia.yaml');
      assert.deepEqual(full.problems, [], t);
      assert.deepEqual(fast, full.config, t);
    }),
    { numRuns: 20000 },
  );
});

// A registry with findings in the writer's shape (a merge conflict on an entity, a bad type) is
// reported without the careful parse: the same problems at the same lines and columns.
function quickAsCareful(text: string): ReturnType<typeof parseWorkspaceQuick> {
  const quick = parseWorkspaceQuick(text, 'marginalia.yaml');
  const full = parseWorkspace(text, 'marginalia.yaml');
  assert.deepEqual(quick.problems, full.problems, text);
  assert.deepEqual(quick.config, full.config, text);
  assert.equal(quick.writable, full.writable, text);
  return quick;
}

test('a registry with findings is reported where the careful reader says, without its parse', () => {
  for (const [, text] of doubtful) quickAsCareful(text);
  const conflict = 'marginalia: 1\nentities:\n  - id: x\n    name: X\n    conflicts:\n      - field: name\n        values:\n          - value: X\n          - value: Y\n  - id: y\n    name: Y\n    type: planet\n';
  const quick = quickAsCareful(conflict);
  assert.deepEqual(quick.problems.map((p) => [p.line, p.severity]), [[6, 'warning'], [12, 'error']]);
  assert.equal(quick.doc, null, 'read the fast way');
});

test('random edits of a registry: the quick parse reports what the careful one does', () => {
  let located = 0;
  fc.assert(
    fc.property(registry, fc.array(edit, { maxLength: 3 }), (text, edits) => {
      const quick = quickAsCareful(edited(text, edits));
      if (quick.doc === null && quick.problems.length) located++;
    }),
    { numRuns: 5000 },
  );
  assert.ok(located > 300, `only ${located} registries with problems placed the fast way`);
});
