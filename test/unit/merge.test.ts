// The three-way merge (issue #5) as tables of fixture triples: base / ours / theirs → expected.
// Every case is also run with the sides swapped: the result must be the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSidecar, parseWorkspace, serializeSidecar } from '../../src/core/format';
import {
  listConflicts,
  mergeRegistryTexts,
  mergeSidecars,
  mergeSidecarTexts,
  resolveConflict,
  resolveRegistryText,
  resolveSidecarText,
  splitConflictMarkers,
  type MergedSidecar,
} from '../../src/core/merge';
import { applyOps, type Op } from '../../src/core/ops';
import type { Annotation, FieldConflict } from '../../src/core/types';

// ---------------------------------------------------------------------------------------------
// Model merge: annotations as objects

const T0 = '2026-11-21T10:00:00Z';
const T1 = '2026-11-22T09:00:00Z';
const T2 = '2026-11-23T08:00:00Z';

const claim = (id: string, extra: Partial<Annotation> = {}): Annotation => ({
  id, kind: 'claim', quote: `quote of ${id}`, prefix: 'before ', suffix: ' after', start: 10 * id.length, end: 10 * id.length + 9, status: 'unverified', author: 'Ana', updated: T0, ...extra,
});
const doc = (annotations: Annotation[], top: Partial<MergedSidecar> = {}): MergedSidecar => ({ marginalia: 1, source: 'a.txt', annotations, ...top });

interface Case {
  name: string;
  base: MergedSidecar | null;
  ours: MergedSidecar;
  theirs: MergedSidecar;
  expected: MergedSidecar;
  conflicts?: number;
}

const c1 = claim('c1');
const T1b = '2026-11-22T12:00:00Z';
const hAna = { at: '2026-11-21T11:00:00Z', by: 'Ana', field: 'credibility', to: 3 };
const hBen = { at: T1, by: 'Ben', field: 'status', from: 'unverified', to: 'refuted' };
const hCleo = { at: T1b, by: 'Cleo', field: 'status', from: 'unverified', to: 'corroborated' };
const hDan = { at: T2, by: 'Dan', field: 'note', to: 'ask AP' };
const c2 = claim('c22');
const moved = { prefix: 'new before ', start: 110, end: 119 };

const cases: Case[] = [
  { name: 'added on ours is kept', base: doc([c1]), ours: doc([c1, c2]), theirs: doc([c1]), expected: doc([c1, c2]) },
  { name: 'added on both sides (different ids) keeps both', base: doc([]), ours: doc([c1]), theirs: doc([c2]), expected: doc([c1, c2]) },
  { name: 'deleted on one side, untouched on the other → deleted', base: doc([c1, c2]), ours: doc([c1]), theirs: doc([c1, c2]), expected: doc([c1]) },
  { name: 'deleted on both sides → deleted', base: doc([c1, c2]), ours: doc([c1]), theirs: doc([c1]), expected: doc([c1]) },
  {
    name: 'deleted on one side, only re-anchored on the other (check --write) → deleted',
    base: doc([c1, c2]), ours: doc([c1]), theirs: doc([c1, { ...c2, ...moved }]), expected: doc([c1]),
  },
  {
    name: 'deleted on one side, changed on the other → kept as changed, with an `annotation` conflict',
    base: doc([c1, c2]),
    ours: doc([c1]),
    theirs: doc([c1, { ...c2, status: 'refuted', author: 'Ben', updated: T1 }]),
    expected: doc([c1, { ...c2, status: 'refuted', author: 'Ben', updated: T1, conflicts: [{ field: 'annotation', values: [{ author: 'Ben', updated: T1 }, { deleted: true }] }] }]),
    conflicts: 1,
  },
  {
    name: 'different fields changed on each side → both changes, the later `updated`',
    base: doc([c1]),
    ours: doc([{ ...c1, status: 'disputed', updated: T1 }]),
    theirs: doc([{ ...c1, note: 'checked with the ministry', credibility: 3, updated: T2 }]),
    expected: doc([{ ...c1, status: 'disputed', note: 'checked with the ministry', credibility: 3, updated: T2 }]),
  },
  {
    name: 'the same field changed identically → no conflict',
    base: doc([c1]), ours: doc([{ ...c1, status: 'refuted', updated: T1 }]), theirs: doc([{ ...c1, status: 'refuted', updated: T2 }]),
    expected: doc([{ ...c1, status: 'refuted', updated: T2 }]),
  },
  {
    name: 'the same field changed differently → the ancestor’s value kept, both values in canonical order',
    base: doc([c1]),
    ours: doc([{ ...c1, status: 'refuted', author: 'Ana', updated: T2 }]),
    theirs: doc([{ ...c1, status: 'corroborated', author: 'Ana', updated: T1 }]),
    expected: doc([{ ...c1, updated: T2, conflicts: [{ field: 'status', base: 'unverified', values: [{ value: 'corroborated', author: 'Ana', updated: T1 }, { value: 'refuted', author: 'Ana', updated: T2 }] }] }]),
    conflicts: 1,
  },
  {
    name: 'a field removed on one side and changed on the other → conflict with a deletion',
    base: doc([{ ...c1, note: 'first' }]),
    ours: doc([c1]),
    theirs: doc([{ ...c1, note: 'second' }]),
    expected: doc([{ ...c1, note: 'first', conflicts: [{ field: 'note', base: 'first', values: [{ value: 'second', author: 'Ana', updated: T0 }, { deleted: true, author: 'Ana', updated: T0 }] }] }]),
    conflicts: 1,
  },
  {
    name: 'tags merge as sets: one side adds, the other removes',
    base: doc([{ ...c1, tags: ['a', 'b'] }]),
    ours: doc([{ ...c1, tags: ['a', 'b', 'c'] }]),
    theirs: doc([{ ...c1, tags: ['b', 'd'] }]),
    expected: doc([{ ...c1, tags: ['b', 'c', 'd'] }]),
  },
  {
    name: 'links merge as sets keyed by rel + to',
    base: doc([{ ...c1, links: [{ rel: 'supports', to: '#x' }] }]),
    ours: doc([{ ...c1, links: [{ rel: 'supports', to: '#x' }, { rel: 'contradicts', to: 'b.txt#y' }] }]),
    theirs: doc([{ ...c1, links: [{ rel: 'see-also', to: '#x' }] }]),
    expected: doc([{ ...c1, links: [{ rel: 'see-also', to: '#x' }, { rel: 'contradicts', to: 'b.txt#y' }] }]),
  },
  {
    name: 're-anchored on one side, status changed on the other → both',
    base: doc([c1]), ours: doc([{ ...c1, ...moved }]), theirs: doc([{ ...c1, status: 'disputed' }]),
    expected: doc([{ ...c1, ...moved, status: 'disputed' }]),
  },
  {
    name: 'same quote, different hints on each side → no conflict (hints are recomputed)',
    base: doc([c1]), ours: doc([{ ...c1, ...moved }]), theirs: doc([{ ...c1, start: 500, end: 509 }]),
    expected: doc([{ ...c1, ...moved }]),
  },
  {
    name: 're-attached to new text on one side, only re-anchored on the other → the new quote',
    base: doc([c1]), ours: doc([{ ...c1, quote: 'one reading', start: 1, end: 12 }]), theirs: doc([{ ...c1, ...moved }]),
    expected: doc([{ ...c1, quote: 'one reading', start: 1, end: 12 }]),
  },
  {
    name: 're-attached to different text on each side → conflict on `quote`, the ancestor’s anchor kept',
    base: doc([c1]),
    ours: doc([{ ...c1, quote: 'one reading', start: 1, end: 12 }]),
    theirs: doc([{ ...c1, quote: 'another reading', start: 40, end: 55 }]),
    expected: doc([{ ...c1, conflicts: [{ field: 'quote', base: 'quote of c1', values: [{ value: 'another reading', author: 'Ana', updated: T0 }, { value: 'one reading', author: 'Ana', updated: T0 }] }] }]),
    conflicts: 1,
  },
  {
    name: 'a conflict resolved on one side and untouched on the other stays resolved',
    base: doc([{ ...c1, conflicts: [{ field: 'status', base: 'unverified', values: [{ value: 'disputed' }, { value: 'refuted' }] }] }]),
    ours: doc([{ ...c1, status: 'refuted' }]),
    theirs: doc([{ ...c1, conflicts: [{ field: 'status', base: 'unverified', values: [{ value: 'disputed' }, { value: 'refuted' }] }] }]),
    expected: doc([{ ...c1, status: 'refuted' }]),
  },
  {
    name: 'an old conflict and a new one on the same field become one entry with every value',
    base: doc([c1]),
    ours: doc([{ ...c1, status: 'refuted', conflicts: [{ field: 'status', base: 'unverified', values: [{ value: 'disputed' }, { value: 'refuted' }] }] }]),
    theirs: doc([{ ...c1, status: 'corroborated' }]),
    expected: doc([{
      ...c1,
      conflicts: [{ field: 'status', base: 'unverified', values: [{ value: 'corroborated', author: 'Ana', updated: T0 }, { value: 'disputed' }, { value: 'refuted', author: 'Ana', updated: T0 }, { value: 'refuted' }] }],
    }]),
    conflicts: 1,
  },
  {
    name: 'top level: reliability changed on one side is taken',
    base: doc([c1]), ours: doc([c1], { reliability: 'B' }), theirs: doc([c1]), expected: doc([c1], { reliability: 'B' }),
  },
  {
    name: 'top level: reliability changed differently → a top-level conflict',
    base: doc([c1], { reliability: 'C' }), ours: doc([c1], { reliability: 'B' }), theirs: doc([c1], { reliability: 'E' }),
    expected: doc([c1], { reliability: 'C', conflicts: [{ field: 'reliability', base: 'C', values: [{ value: 'B' }, { value: 'E' }] }] }),
    conflicts: 1,
  },
  {
    name: 'no ancestor: union by id, nothing deleted, a field on one side only is kept',
    base: null,
    ours: doc([c1, { ...c2, note: 'mine' }]),
    theirs: doc([{ ...c1, tags: ['x'] }]),
    expected: doc([{ ...c1, tags: ['x'] }, { ...c2, note: 'mine' }]),
  },
  {
    name: 'no ancestor: a field that differs is a conflict keeping the first value in canonical order',
    base: null,
    ours: doc([{ ...c1, status: 'refuted', tags: ['a'] }]),
    theirs: doc([{ ...c1, status: 'disputed', tags: ['b'] }]),
    expected: doc([{ ...c1, status: 'disputed', tags: ['a', 'b'], conflicts: [{ field: 'status', values: [{ value: 'disputed', author: 'Ana', updated: T0 }, { value: 'refuted', author: 'Ana', updated: T0 }] }] }]),
    conflicts: 1,
  },
  {
    name: 'the same id added on both sides after the ancestor: merged as a union',
    base: doc([]), ours: doc([{ ...c1, note: 'n' }]), theirs: doc([{ ...c1, tags: ['t'] }]),
    expected: doc([{ ...c1, note: 'n', tags: ['t'] }]),
  },
  // who changed what (issue 9)
  {
    name: 'who: each side of a status conflict is credited from that side’s history, not to whoever touched it last; history is the union',
    base: doc([c1]),
    ours: doc([{ ...c1, status: 'refuted', updated: T1, updatedBy: 'Ben', history: [hBen] }]),
    theirs: doc([{ ...c1, status: 'corroborated', note: 'ask AP', updated: T2, updatedBy: 'Dan', history: [hCleo, hDan] }]),
    expected: doc([{
      ...c1, note: 'ask AP', updated: T2, updatedBy: 'Dan', history: [hBen, hCleo, hDan],
      conflicts: [{ field: 'status', base: 'unverified', values: [{ value: 'corroborated', author: 'Cleo', updated: T1b }, { value: 'refuted', author: 'Ben', updated: T1 }] }],
    }]),
    conflicts: 1,
  },
  {
    name: 'who: without history a conflict value is credited to the side’s updatedBy, else to the creator',
    base: doc([c1]),
    ours: doc([{ ...c1, status: 'refuted', updated: T1, updatedBy: 'Ben' }]),
    theirs: doc([{ ...c1, status: 'disputed' }]),
    expected: doc([{ ...c1, updated: T1, updatedBy: 'Ben', conflicts: [{ field: 'status', base: 'unverified', values: [{ value: 'disputed', author: 'Ana', updated: T0 }, { value: 'refuted', author: 'Ben', updated: T1 }] }] }]),
    conflicts: 1,
  },
  {
    name: 'who: updatedBy follows the later updated, never a conflict; shared entries are kept once, all sorted by time',
    base: doc([{ ...c1, updatedBy: 'Ana', history: [hAna] }]),
    ours: doc([{ ...c1, note: 'n', updated: T2, updatedBy: 'Dan', history: [hAna, hDan] }]),
    theirs: doc([{ ...c1, status: 'corroborated', updated: T1b, updatedBy: 'Cleo', history: [hAna, hCleo] }]),
    expected: doc([{ ...c1, status: 'corroborated', note: 'n', updated: T2, updatedBy: 'Dan', history: [hAna, hCleo, hDan] }]),
  },
  {
    name: 'who: the same updated on both sides picks updatedBy by content, whichever side is ours',
    base: doc([c1]),
    ours: doc([{ ...c1, note: 'n', updated: T1, updatedBy: 'Ben' }]),
    theirs: doc([{ ...c1, tags: ['t'], updated: T1, updatedBy: 'Cleo' }]),
    expected: doc([{ ...c1, note: 'n', tags: ['t'], updated: T1, updatedBy: 'Cleo' }]),
  },
];

for (const c of cases) {
  test(`merge: ${c.name}`, () => {
    const ab = mergeSidecars(c.base, c.ours, c.theirs);
    const ba = mergeSidecars(c.base, c.theirs, c.ours);
    assert.deepEqual(ab.sidecar, c.expected);
    assert.equal(ab.conflicts, c.conflicts ?? 0);
    assert.deepEqual(ba.sidecar, ab.sidecar, 'the same whichever side is ours');
    assert.equal(serializeSidecar(ba.sidecar), serializeSidecar(ab.sidecar), 'byte-identical either way');
  });
}

// ---------------------------------------------------------------------------------------------
// Text merge: comments, unknown fields, the written conflict, refusal

const BASE = `# Team notes on the withdrawal article.
marginalia: 1
source: a.txt
annotations:
  - id: c1
    kind: claim
    quote: the convoy was turned back
    start: 10
    end: 36
    status: unverified # first reading
    tags: [convoy]
    author: Ana
    updated: ${T0}
    x-review: pending
`;

interface TextCase {
  name: string;
  base: string | null;
  ours: string;
  theirs: string;
  /** Substrings the merged file must contain, in this order. */
  has: string[];
  hasNot?: string[];
  conflicts?: number;
}

const textCases: TextCase[] = [
  {
    name: 'comments and unknown fields from both sides survive, each side’s change with its comment',
    base: BASE,
    ours: BASE.replace('status: unverified # first reading', 'status: disputed # Ben: the ministry denies it').replace(`updated: ${T0}`, `updated: ${T1}`) +
      '\n  # Ben’s question\n  - id: n1\n    kind: note\n    quote: convoy\n    note: which convoy?\n',
    theirs: BASE.replace('tags: [convoy]', 'tags: [convoy, border] # Cleo').replace('x-review: pending', 'x-review: done') +
      '\n  - id: n2 # Cleo’s\n    kind: note\n    quote: turned back\n    x-source-check: {by: Cleo, ok: true}\n',
    has: ['# Team notes on the withdrawal article.\n', 'status: disputed # Ben: the ministry denies it', 'tags: [convoy, border] # Cleo', `updated: ${T1}`, 'x-review: done',
      '# Ben’s question\n  - id: n1', '- id: n2 # Cleo’s', 'x-source-check: {by: Cleo, ok: true}'],
  },
  {
    name: 'an unknown field changed differently on both sides is a conflict too',
    base: BASE,
    ours: BASE.replace('x-review: pending', 'x-review: done'),
    theirs: BASE.replace('x-review: pending', 'x-review: rejected'),
    has: ['field: x-review', 'x-review: pending'],
    conflicts: 1,
  },
  {
    name: 'the conflict is written under the annotation, the field keeping the ancestor’s value',
    base: BASE,
    ours: BASE.replace('status: unverified # first reading', 'status: refuted').replace(`updated: ${T0}`, `updated: ${T1}`),
    theirs: BASE.replace('status: unverified # first reading', 'status: corroborated').replace('author: Ana', 'author: Ben'),
    has: [
      'status: unverified # first reading',
      'author: Ben', // changed on one side only: taken
      `updated: ${T1}`,
      `    conflicts:
      - field: status
        base: unverified
        values:
          - value: corroborated
            author: Ben
            updated: ${T0}
          - value: refuted
            author: Ana
            updated: ${T1}
`,
    ],
    conflicts: 1,
  },
];

/** Every needle occurs in `text`, each after the previous one. */
function assertInOrder(text: string, needles: readonly string[]): void {
  let at = 0;
  for (const s of needles) {
    const i = text.indexOf(s, at);
    assert.ok(i >= 0, `expected ${JSON.stringify(s)} after offset ${at} in:\n${text}`);
    at = i + s.length;
  }
}

for (const c of textCases) {
  test(`text merge: ${c.name}`, () => {
    const ab = mergeSidecarTexts(c.base, c.ours, c.theirs, 'a.txt.annotations.yaml');
    const ba = mergeSidecarTexts(c.base, c.theirs, c.ours, 'a.txt.annotations.yaml');
    assert.deepEqual(ab.problems, []);
    assert.ok(ab.text !== null);
    assert.equal(ba.text, ab.text, 'byte-identical whichever side is ours');
    assert.equal(ab.conflicts, c.conflicts ?? 0);
    assertInOrder(ab.text, c.has);
    const parsed = parseSidecar(ab.text, 'merged');
    assert.ok(parsed.writable, JSON.stringify(parsed.problems));
    assert.equal(serializeSidecar(parsed.sidecar!, parsed.doc), ab.text, 'the merged file is already in canonical form');
    assert.equal(listConflicts('sidecar', ab.text, 'merged').length, ab.conflicts);
  });
}

test('text merge refuses a side that does not parse, naming the file and line', () => {
  const marked = BASE.replace('    status: unverified # first reading\n', '<<<<<<< HEAD\n    status: refuted\n=======\n    status: disputed\n>>>>>>> b\n');
  for (const [b, o, t] of [[BASE, BASE, marked], [BASE, 'marginalia: 2\nsource: a.txt\n', BASE], [BASE, BASE, 'annotations: [\n']]) {
    const r = mergeSidecarTexts(b, o, t, 'a.txt.annotations.yaml');
    assert.equal(r.text, null);
    assert.ok(r.problems.length > 0);
    assert.match(r.problems[0].file, /a\.txt\.annotations\.yaml \((ours|theirs)\)/);
    assert.ok(r.problems[0].line >= 1);
  }
});

// ---------------------------------------------------------------------------------------------
// The registry: entities by id, aliases/cues/entityTypes as sets, comments kept

const REG = `# The team's registry.
marginalia: 1
entityTypes: [unit]
entities:
  # People
  - id: halvik
    name: Teodor Halvik
    type: person
    aliases: [Halvik, the prime minister]
  - id: meder
    name: Ruslan Meder
    type: person
    aliases: [Meder]
  # Places
  - id: aurel
    name: Aurel
    type: place
cues: [sources close to]
`;

interface RegCase {
  name: string;
  ours: string;
  theirs: string;
  has: string[];
  hasNot?: string[];
  conflicts?: number;
}

const regCases: RegCase[] = [
  {
    name: 'aliases merge as sets (3-way): added on both sides, removed on one',
    ours: REG.replace('aliases: [Halvik, the prime minister]', 'aliases: [Halvik, the prime minister, PM Halvik]'),
    theirs: REG.replace('aliases: [Halvik, the prime minister]', 'aliases: [Halvik, Veldonia’s premier]'),
    has: ['aliases: [Halvik, Veldonia’s premier, PM Halvik]'],
    hasNot: ['the prime minister'],
  },
  {
    name: 'entities added on both sides go after the entity they followed; comments stay with their group',
    ours: REG.replace('  # Places\n', '  - id: dobrev\n    name: Kasimir Dobrev\n    type: person\n  # Places\n'),
    theirs: REG + '',
    has: ['# The team\'s registry.', '# People\n  - id: halvik', 'id: meder', 'id: dobrev', '# Places\n  - id: aurel'],
  },
  {
    name: 'two entities added at the same place are ordered by content, not by side',
    ours: REG.replace('cues:', '  - id: zoric\n    name: Matej Zorić\n    type: person\ncues:'),
    theirs: REG.replace('cues:', '  - id: kareva\n    name: Kareva airfield\n    type: place\ncues:'),
    has: ['id: aurel', 'id: kareva', 'id: zoric', 'cues:'],
  },
  {
    name: 'cues and entityTypes merge as sets',
    ours: REG.replace('cues: [sources close to]', 'cues: [sources close to, reportedly]').replace('entityTypes: [unit]', 'entityTypes: [unit, vessel]'),
    theirs: REG.replace('cues: [sources close to]', 'cues: [according to]'),
    has: ['entityTypes: [unit, vessel]', 'cues: [according to, reportedly]'],
  },
  {
    name: 'an entity field changed differently is recorded on the entity',
    ours: REG.replace('name: Aurel\n', 'name: Aurel City\n'),
    theirs: REG.replace('name: Aurel\n', 'name: City of Aurel\n'),
    has: ['name: Aurel\n', 'conflicts:\n      - field: name\n        base: Aurel\n        values:\n          - value: Aurel City\n          - value: City of Aurel\n'],
    conflicts: 1,
  },
  {
    name: 'an entity deleted on one side and changed on the other is kept with an `entity` conflict',
    ours: REG.replace('  - id: meder\n    name: Ruslan Meder\n    type: person\n    aliases: [Meder]\n', ''),
    theirs: REG.replace('aliases: [Meder]', 'aliases: [Meder, Colonel Meder]'),
    has: ['aliases: [Meder, Colonel Meder]', 'field: entity', 'deleted: true'],
    conflicts: 1,
  },
  {
    name: 'an entity deleted on one side and untouched on the other is deleted',
    ours: REG.replace('  - id: meder\n    name: Ruslan Meder\n    type: person\n    aliases: [Meder]\n', ''),
    theirs: REG.replace('cues: [sources close to]', 'cues: [sources close to, allegedly]'),
    has: ['id: halvik', 'id: aurel', 'allegedly'],
    hasNot: ['meder'],
  },
];

for (const c of regCases) {
  test(`registry merge: ${c.name}`, () => {
    const ab = mergeRegistryTexts(REG, c.ours, c.theirs, 'marginalia.yaml');
    const ba = mergeRegistryTexts(REG, c.theirs, c.ours, 'marginalia.yaml');
    assert.deepEqual(ab.problems, []);
    assert.ok(ab.text !== null);
    assert.equal(ba.text, ab.text, 'byte-identical whichever side is ours');
    assert.equal(ab.conflicts, c.conflicts ?? 0);
    assertInOrder(ab.text, c.has);
    for (const s of c.hasNot ?? []) assert.ok(!ab.text.includes(s), `unexpected ${s}`);
    const parsed = parseWorkspace(ab.text, 'marginalia.yaml');
    assert.ok(parsed.writable);
    assert.equal(parsed.problems.filter((p) => p.severity === 'warning').length, ab.conflicts, 'each conflict is reported as a warning');
  });
}

test('registry: an unchanged side gives back the other side, comments and all', () => {
  const ours = REG.replace('  # Places\n', '  # Places (checked by Cleo)\n');
  assert.equal(mergeRegistryTexts(REG, ours, REG, 'marginalia.yaml').text, ours);
});

test('registry: entity conflicts are read into Entity.conflicts', () => {
  const r = mergeRegistryTexts(REG, REG.replace('type: place', 'type: unit'), REG.replace('type: place', 'type: other'), 'marginalia.yaml');
  const aurel = parseWorkspace(r.text!, 'marginalia.yaml').config!.entities.find((e) => e.id === 'aurel')!;
  assert.equal(aurel.type, 'place');
  assert.deepEqual(aurel.conflicts, [{ field: 'type', base: 'place', values: [{ value: 'other' }, { value: 'unit' }] }]);
  const settled = resolveRegistryText(r.text!, 'marginalia.yaml', [{ id: 'aurel', field: 'type', index: 1 }]);
  assert.equal(settled, REG.replace('type: place', 'type: unit'));
});

// ---------------------------------------------------------------------------------------------
// Conflict markers

const markerCases: { name: string; text: string; expected: ReturnType<typeof splitConflictMarkers> }[] = [
  { name: 'no markers', text: 'a\nb\n', expected: null },
  {
    name: 'two-way markers: no ancestor',
    text: 'top\n<<<<<<< HEAD\nours 1\n=======\ntheirs 1\ntheirs 2\n>>>>>>> branch\nmiddle\n<<<<<<< HEAD\nours 2\n=======\n>>>>>>> branch\nend\n',
    expected: { ours: 'top\nours 1\nmiddle\nours 2\nend\n', theirs: 'top\ntheirs 1\ntheirs 2\nmiddle\nend\n', base: null },
  },
  {
    name: 'diff3 markers: the ancestor too',
    text: 'top\n<<<<<<< HEAD\nours\n||||||| merged common ancestors\nbase\n=======\ntheirs\n>>>>>>> branch\nend',
    expected: { ours: 'top\nours\nend', theirs: 'top\ntheirs\nend', base: 'top\nbase\nend' },
  },
  { name: 'an unterminated conflict', text: '<<<<<<< HEAD\nx\n=======\ny\n', expected: null },
  { name: 'a closing marker without an opening one', text: 'x\n>>>>>>> b\n', expected: null },
];

for (const c of markerCases) {
  test(`markers: ${c.name}`, () => assert.deepEqual(splitConflictMarkers(c.text), c.expected));
}

test('markers: a file merged by git without the driver is rebuilt to the driver’s result', () => {
  const ours = BASE.replace('status: unverified # first reading', 'status: disputed');
  const theirs = BASE.replace('tags: [convoy]', 'tags: [convoy, border]');
  const marked = BASE.replace('    status: unverified # first reading\n    tags: [convoy]\n', '<<<<<<< HEAD\n    status: disputed\n    tags: [convoy]\n=======\n    status: unverified # first reading\n    tags: [convoy, border]\n>>>>>>> theirs\n');
  const sides = splitConflictMarkers(marked)!;
  assert.equal(sides.ours, ours);
  assert.equal(sides.theirs, theirs);
  const rebuilt = mergeSidecarTexts(sides.base, sides.ours, sides.theirs, 'a').text!;
  assert.match(rebuilt, /status: disputed/);
  assert.match(rebuilt, /tags: \[convoy, border\]/);
});

// ---------------------------------------------------------------------------------------------
// Resolving a conflict

const conflicted: Annotation = {
  ...c1,
  conflicts: [
    { field: 'status', base: 'unverified', values: [{ value: 'corroborated', author: 'Ben' }, { value: 'refuted', author: 'Ana' }] },
    { field: 'note', values: [{ value: 'a note' }, { deleted: true }] },
  ],
};

const resolveCases: { name: string; input: Annotation; field: string; pick: number; expected: Annotation | null }[] = [
  {
    name: 'picking a value sets the field and drops that conflict only',
    input: conflicted, field: 'status', pick: 1,
    expected: { ...c1, status: 'refuted', conflicts: [conflicted.conflicts![1]] },
  },
  { name: 'picking a deletion removes the field', input: { ...conflicted, note: 'a note', conflicts: [conflicted.conflicts![1]] }, field: 'note', pick: 1, expected: { ...c1 } },
  {
    name: 'keeping an annotation deleted on the other side',
    input: { ...c1, conflicts: [{ field: 'annotation', values: [{ author: 'Ana' }, { deleted: true }] }] }, field: 'annotation', pick: 0, expected: { ...c1 },
  },
  { name: 'deleting it', input: { ...c1, conflicts: [{ field: 'annotation', values: [{ author: 'Ana' }, { deleted: true }] }] }, field: 'annotation', pick: 1, expected: null },
  {
    name: 'a new quote drops the old context and offsets (anchoring finds it by its text)',
    input: { ...c1, conflicts: [{ field: 'quote', base: c1.quote, values: [{ value: 'another reading' }, { value: 'one reading' }] }] }, field: 'quote', pick: 0,
    expected: { id: 'c1', kind: 'claim', quote: 'another reading', status: 'unverified', author: 'Ana', updated: T0 },
  },
];

for (const c of resolveCases) {
  test(`resolveConflict: ${c.name}`, () => assert.deepEqual(resolveConflict(c.input, c.field, c.pick), c.expected));
}

test('resolveConflict refuses a field without a conflict and a value that is not there', () => {
  assert.throws(() => resolveConflict(c1, 'status', 0), /no unresolved conflict/);
  assert.throws(() => resolveConflict(conflicted, 'status', 2), RangeError);
});

test('resolving in the text: a merged conflict settles back to a clean file', () => {
  const ours = BASE.replace('status: unverified # first reading', 'status: refuted');
  const theirs = BASE.replace('status: unverified # first reading', 'status: corroborated');
  const merged = mergeSidecarTexts(BASE, ours, theirs, 'a').text!;
  const settled = resolveSidecarText(merged, 'a', [{ id: 'c1', field: 'status', index: 1 }]);
  assert.deepEqual(listConflicts('sidecar', settled, 'a'), []);
  assert.equal(settled, ours.replace('status: refuted', 'status: refuted # first reading'), 'only the value changed; the comment stays');
});

test('resolving a top-level conflict (reliability) in the text', () => {
  const b = BASE.replace('source: a.txt\n', 'source: a.txt\nreliability: C\n');
  const merged = mergeSidecarTexts(b, b.replace('reliability: C', 'reliability: B'), b.replace('reliability: C', 'reliability: E'), 'a').text!;
  assert.match(merged, /reliability: C\n/);
  assert.deepEqual(listConflicts('sidecar', merged, 'a').map((c) => [c.id, c.conflict.field]), [[null, 'reliability']]);
  const settled = resolveSidecarText(merged, 'a', [{ id: null, field: 'reliability', index: 1 }]);
  assert.equal(settled, b.replace('reliability: C', 'reliability: E'));
});

test('a written conflict reads back as the same FieldConflict', () => {
  const r = mergeSidecars(doc([c1]), doc([{ ...c1, status: 'refuted' }]), doc([{ ...c1, status: 'disputed' }]));
  const text = serializeSidecar(r.sidecar);
  const back = parseSidecar(text, 'a').sidecar!.annotations[0].conflicts as FieldConflict[];
  assert.deepEqual(back, r.sidecar.annotations[0].conflicts);
});

// ---------------------------------------------------------------------------------------------
// Symmetry beyond the tables: seeded random edits on both sides of a real sidecar and registry

function seeded(seed: number): <T>(items: readonly T[]) => T {
  return (items) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return items[Math.floor((seed / 2147483648) * items.length)];
  };
}

test('symmetry and idempotence on random edits of the sample corpus (seeded)', async () => {
  const fs = await import('node:fs');
  const sample = (f: string) => fs.readFileSync(`${__dirname}/../../sample/${f}`, 'utf8');
  const pick = seeded(42);
  const sidecar = sample('coup-plot-uncovered.txt.annotations.yaml');
  const editSidecar = (text: string): string => {
    const p = parseSidecar(text, 'f');
    let list = p.sidecar!.annotations.map((a) => ({ ...a }));
    for (let i = pick([1, 2, 3]); i > 0; i--) {
      const a = pick(list);
      const edit = pick(['delete', 'add', 'status', 'tag', 'untag', 'note', 'move']);
      if (edit === 'delete') list = list.filter((x) => x !== a);
      else if (edit === 'add') list.push({ id: pick(['x1', 'x2']), kind: 'note', quote: pick(['a', 'b']), note: pick(['n1', 'n2']) });
      else if (edit === 'move') Object.assign(a, { start: (a.start ?? 0) + 5, end: (a.end ?? 0) + 5 });
      else {
        // judged fields change as the extension changes them: credited to an analyst, in the history
        const set: Extract<Op, { type: 'update' }>['set'] =
          edit === 'status' ? { status: pick(['disputed', 'refuted', 'corroborated'] as const) }
          : edit === 'tag' ? { tags: [...new Set([...(a.tags ?? []), pick(['t1', 't2'])])] }
          : edit === 'untag' ? { tags: a.tags?.slice(1) }
          : { note: pick(['note A', 'note B', null]) };
        const actor = { by: pick(['Ana Analyst', 'Ben Byrne']), at: pick([T1, T1b, T2]) };
        list = applyOps(list, [{ type: 'update', id: a.id, set }], actor).annotations;
      }
    }
    list = list.filter((a, i) => list.findIndex((x) => x.id === a.id) === i);
    const out = serializeSidecar({ ...p.sidecar!, annotations: list }, p.doc);
    return pick([0, 1, 2]) === 0 ? out.replace(/\n {2}- id: (\w+)\n/, `\n  # ${pick(['one', 'two'])}\n  - id: $1\n`) : out;
  };
  const registry = sample('marginalia.yaml');
  const editRegistry = (text: string): string => {
    const ids = [...text.matchAll(/^ {2}- id: (.+)$/gm)].map((m) => m[0]);
    const at = pick(ids);
    const out = pick([
      () => text.replace(at, `  - id: new-${pick(['a', 'b'])}\n    name: New\n    type: place\n${at}`),
      () => text.replace(new RegExp(`${at}\\n(?: {4}.*\\n)*`), ''),
      () => text.replace(/aliases: \[/, `aliases: [${pick(['Alias1', 'Alias2'])}, `),
      () => text.replace(/note: .*/, `note: ${pick(['changed', 'altered'])}`),
      () => text.replace(at, `  # ${pick(['one', 'two'])}\n${at}`),
    ])();
    return parseWorkspace(out, 'm').writable ? out : text;
  };
  let credited = 0;
  for (let i = 0; i < 40; i++) {
    const base = pick([null, sidecar, sidecar, sidecar]);
    const [o, t] = [editSidecar(sidecar), editSidecar(sidecar)];
    const ab = mergeSidecarTexts(base, o, t, 'f').text!;
    assert.equal(mergeSidecarTexts(base, t, o, 'f').text, ab, `sidecar case ${i}`);
    assert.equal(mergeSidecarTexts(ab, ab, ab, 'f').text, ab, `sidecar case ${i} merges with itself to itself`);
    if (/updatedBy: /.test(ab) && /history:\n/.test(ab)) credited++;
    const rbase = pick([null, registry, registry, registry]);
    const [ro, rt] = [editRegistry(registry), editRegistry(registry)];
    const rab = mergeRegistryTexts(rbase, ro, rt, 'm').text!;
    assert.equal(mergeRegistryTexts(rbase, rt, ro, 'm').text, rab, `registry case ${i}`);
    assert.equal(mergeRegistryTexts(rab, rab, rab, 'm').text, rab, `registry case ${i} merges with itself to itself`);
  }
  assert.ok(credited >= 10, `history and updatedBy were exercised (${credited} cases)`);
});
