import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addEntitiesToWorkspace, addEntityToWorkspace, parseWorkspace } from '../../src/core/format';
import type { Entity } from '../../src/core/types';
import { freshEntityId, newId, slugify } from '../../src/core/ids';

const W = 'corpus/marginalia.yaml';
const text = `# registry for the Vardan corpus
marginalia: 1
entityTypes: [unit]
entities:
  - id: ara-vardan
    name: Ara Vardan
    type: person
    aliases: [Vardan, the prime minister, {text: PM Vardan, ignoreCase: true}]
    note: Prime minister since 2019.
  - id: fifth-brigade
    name: Fifth Brigade
    type: unit   # a custom type
cues: [sources close to, "it is understood"]
`;

test('the workspace file reads entities, aliases, custom types and cues', () => {
  const p = parseWorkspace(text, W);
  assert.deepEqual(p.problems, []);
  assert.ok(p.config);
  assert.deepEqual(p.config.entities[0], {
    id: 'ara-vardan', name: 'Ara Vardan', type: 'person', note: 'Prime minister since 2019.',
    aliases: [{ text: 'Vardan' }, { text: 'the prime minister' }, { text: 'PM Vardan', ignoreCase: true }],
  });
  assert.equal(p.config.entities[1].type, 'unit');
  assert.deepEqual(p.config.cues, ['sources close to', 'it is understood']);
});

const bad: [string, string, number, number, RegExp][] = [
  ['unknown version', 'marginalia: 3\nentities: []\n', 1, 13, /unsupported format version 3/],
  ['unknown type', 'marginalia: 1\nentities:\n  - {id: x, name: X, type: planet}\n', 3, 28, /unknown type "planet"/],
  ['duplicate entity', 'marginalia: 1\nentities:\n  - {id: x, name: X}\n  - {id: x, name: Y}\n', 4, 10, /duplicate entity id "x"/],
  ['missing name', 'marginalia: 1\nentities:\n  - {id: x}\n', 3, 5, /missing `name`/],
  ['bad alias', 'marginalia: 1\nentities:\n  - {id: x, name: X, aliases: [[nested]]}\n', 3, 32, /alias must be text/],
];
for (const [name, t, line, column, message] of bad) {
  test(`bad workspace file is located: ${name}`, () => {
    const p = parseWorkspace(t, W);
    const e = p.problems.find((x) => x.severity === 'error');
    assert.ok(e);
    assert.match(e.message, message);
    assert.deepEqual([e.file, e.line, e.column], [W, line, column], e.message);
  });
}

test('adding an entity keeps comments and the rest of the file', () => {
  const out = addEntityToWorkspace(parseWorkspace(text, W), { id: 'lake-seran', name: 'Lake Seran', type: 'place', aliases: [{ text: 'the lake' }] });
  assert.ok(out.includes('# registry for the Vardan corpus'));
  assert.ok(out.includes('type: unit # a custom type'));
  const p = parseWorkspace(out, W);
  assert.deepEqual(p.config?.entities.map((e) => e.id), ['ara-vardan', 'fifth-brigade', 'lake-seran']);
});

test('adding an alias to an existing entity does not duplicate it', () => {
  const once = addEntityToWorkspace(parseWorkspace(text, W), { id: 'ara-vardan', name: 'Ara Vardan', type: 'person', aliases: [{ text: 'Mr Vardan' }, { text: 'Vardan' }] });
  const p = parseWorkspace(once, W);
  assert.deepEqual(p.config?.entities[0].aliases.map((a) => a.text), ['Vardan', 'the prime minister', 'PM Vardan', 'Mr Vardan']);
});

test('an invalid workspace file is never rewritten', () => {
  assert.throws(() => addEntityToWorkspace(parseWorkspace('marginalia: 1\nentities: [\n', W), { id: 'x', name: 'X', type: 'person', aliases: [] }), /has errors/);
});

test('generated ids sort by time and differ across analysts at the same millisecond', () => {
  const t = Date.UTC(2026, 10, 21, 10);
  const a = newId(t);
  const b = newId(t);
  assert.match(a, /^[0-9a-z]{20}$/);
  assert.notEqual(a, b);
  assert.ok(newId(t + 1) > a.slice(0, 10));
  const ids = new Set(Array.from({ length: 10_000 }, () => newId(t)));
  assert.equal(ids.size, 10_000);
});

test('slugify makes readable registry ids', () => {
  assert.equal(slugify('Nikol Pashinyan'), 'nikol-pashinyan');
  assert.equal(slugify('Collective Security Treaty Organization (CSTO)'), 'collective-security-treaty-organization-csto');
  assert.equal(slugify('Zoë Ménard’s'), 'zoe-menards');
});

test('entities added at once give the registry that adding them one by one gives, in order, a repeated id adding aliases', () => {
  const base = '# the team’s registry\nmarginalia: 1\nentities:\n  # people\n  - id: ana\n    name: Ana\n    type: person\n    aliases: [Ani]\n';
  const adds: Entity[] = [
    ...Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, name: `Entity ${i}`, type: 'organization', aliases: [] }) as Entity),
    { id: 'ana', name: 'Ana', type: 'person', aliases: [{ text: 'A. P.' }] } as Entity,
    { id: 'e7', name: 'Entity 7', type: 'organization', aliases: [{ text: 'E7', ignoreCase: true }] } as Entity,
  ];
  let oneByOne = base;
  for (const e of adds) oneByOne = addEntityToWorkspace(parseWorkspace(oneByOne, 'marginalia.yaml'), e);
  assert.equal(addEntitiesToWorkspace(parseWorkspace(base, 'marginalia.yaml'), adds), oneByOne);
  assert.match(oneByOne, /^# the team’s registry\n/);
});

test('an entity of an unknown type names the types expected, the first twelve of a long list and how many more; the rest still read', () => {
  const types = Array.from({ length: 3000 }, (_, k) => `type${k}`);
  const entities = Array.from({ length: 2000 }, (_, k) => `  - {id: e${k}, name: E${k}, type: ${k % 2 ? 'planet' : `type${k}`}}`).join('\n');
  const p = parseWorkspace(`marginalia: 1\nentityTypes: [${types.join(', ')}]\nentities:\n${entities}\n`, W);
  const unknown = p.problems.filter((x) => /unknown type/.test(x.message));
  assert.equal(unknown.length, 1000, 'one error per entity of an unknown type');
  assert.match(unknown[0].message, /unknown type "planet" \(expected person, .*type\d+ and \d+ more, or add it to `entityTypes`\)/);
  // the error does not grow with the registry's types: 3,000 of them are counted, not listed
  assert.ok(unknown.every((x) => x.message.length < 400), `${unknown[0].message.length} characters`);
  assert.equal(p.config?.entities.length, 1000, 'the entities of known types are read');
  const clean = parseWorkspace(`marginalia: 1\nentityTypes: [unit]\nentities:\n  - {id: x, name: X, type: moon}\n`, W);
  assert.match(clean.problems[0].message, /expected person, organization, .*unit, or add it/);
});

test('a new entity’s id is its name’s slug, else the first numbered one no entity has', () => {
  const ids = (...xs: string[]) => xs.map((id) => ({ id }));
  assert.equal(freshEntityId('Acme Corp', []), 'acme-corp');
  assert.equal(freshEntityId('Acme', ids('acme')), 'acme-2');
  assert.equal(freshEntityId('Acme', ids('acme', 'acme-2', 'acme-4')), 'acme-3');
  assert.equal(freshEntityId('  ', ids('entity')), 'entity-2');
  // a registry of acme … acme-80000: the next free one
  const many = ids('acme', ...Array.from({ length: 79_999 }, (_, i) => `acme-${i + 2}`));
  assert.equal(freshEntityId('ACME', many), 'acme-80001');
});
