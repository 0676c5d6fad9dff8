// A merge or resolve checks the file it wrote before handing it back (core/format/written-errors.ts):
// the plain reading first, the careful reader only when that finds an error. The shortcut must
// never change the answer: for any text, the errors are exactly those parseSidecar and
// parseWorkspace report, in order and with their positions. Checked on a table (valid files,
// warnings only, each kind of error) and on random edits of written files, where an edit that
// breaks the YAML or a rule must come out as the careful reader's located errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSidecar, parseWorkspace, serializeSidecar } from '../../src/core/format';
import * as YAML from 'yaml';
import { configOf, sidecarErrors, sidecarOf, workspaceErrors } from '../../src/core/format/written-errors';
import { listConflicts, sidecarConflicts } from '../../src/core/merge';
import { isConflictList } from '../../src/core/merge/record-merge';
import { annotation, defined, edit, edited, word, writtenSidecar } from '../fixtures/written-edits';

const F = 'a.txt.annotations.yaml';
const careful = (text: string, file = F) => parseSidecar(text, file).problems.filter((p) => p.severity === 'error');
const carefulWs = (text: string) => parseWorkspace(text, 'marginalia.yaml').problems.filter((p) => p.severity === 'error');

const SIDECARS: [string, string, number][] = [
  ['a clean file', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: claim, quote: x, status: disputed}\n', 0],
  ['a merge conflict (a warning)', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: claim, quote: x, conflicts: [{field: status, values: [{value: disputed}, {value: refuted}]}]}\n', 0],
  ['status on a note (a warning)', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: note, quote: x, status: disputed}\n', 0],
  ['an unknown status', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: claim, quote: x, status: maybe}\n', 1],
  ['a duplicate id', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: note, quote: x}\n  - {id: a, kind: note, quote: y}\n', 1],
  ['bad YAML', 'marginalia: 1\nsource: a.txt\nannotations: [\n', 1],
  ['conflict markers', 'marginalia: 1\nsource: a.txt\n<<<<<<< HEAD\nannotations: []\n=======\nannotations: []\n>>>>>>> x\n', 1],
  ['a duplicate key', 'marginalia: 1\nsource: a.txt\nsource: a.txt\nannotations: []\n', 1],
  ['an alias', 'marginalia: 1\nsource: a.txt\nx: &a hello\nannotations:\n  - {id: n1, kind: note, quote: q, mine: *a}\n', 1],
  ['a source of another file', 'marginalia: 1\nsource: b.txt\nannotations: []\n', 1],
  ['an unknown kind (a link)', 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: "[Undo](command:x)"\n    quote: q\n', 1],
];

for (const [name, text, count] of SIDECARS) {
  test(`a written sidecar's errors are the careful reader's: ${name}`, () => {
    const errors = sidecarErrors(text, F);
    assert.deepEqual(errors, careful(text));
    assert.equal(errors.length > 0, count > 0);
  });
}

test('the source rule is checked against the real path when the problems name another', () => {
  const text = 'marginalia: 1\nsource: a.txt\nannotations: []\n';
  assert.deepEqual(sidecarErrors(text, 'tmp-ours', { sidecarPath: F }), []);
  assert.ok(sidecarErrors(text, 'tmp-ours', { sidecarPath: 'b.txt.annotations.yaml' }).length > 0);
  assert.deepEqual(sidecarErrors(text, 'tmp-ours', { sidecarPath: 'b.txt.annotations.yaml' }), parseSidecar(text, 'tmp-ours', { sidecarPath: 'b.txt.annotations.yaml' }).problems.filter((p) => p.severity === 'error'));
});

const REGISTRIES: [string, string, number][] = [
  ['a clean registry', 'marginalia: 1\nentities:\n  - {id: e1, name: E, type: person}\nhypotheses:\n  - {id: h1, text: one}\n', 0],
  ['a hypotheses conflict (a warning)', 'marginalia: 1\nentities: []\nhypotheses: []\nconflicts:\n  - field: hypotheses\n    values:\n      - value: [{id: h1, text: a}]\n      - value: [{id: h1, text: b}]\n', 0],
  ['an entity type no list has', 'marginalia: 1\nentityTypes: [unit]\nentities:\n  - {id: e1, name: E, type: vessel}\n', 1],
  ['a duplicate entity id', 'marginalia: 1\nentities:\n  - {id: e1, name: E, type: person}\n  - {id: e1, name: F, type: person}\n', 1],
  ['bad YAML', 'marginalia: 1\nentities: {\n', 1],
];

for (const [name, text, count] of REGISTRIES) {
  test(`a written registry's errors are the careful reader's: ${name}`, () => {
    const errors = workspaceErrors(text, 'marginalia.yaml');
    assert.deepEqual(errors, carefulWs(text));
    assert.equal(errors.length > 0, count > 0, JSON.stringify(errors));
  });
}

// written files as the writer prints them, then edited at random: a character that matters to
// YAML or to a rule, put in, taken out or replaced
test('random edits of written sidecars: the same errors as the careful reader, positions included', () => {
  fc.assert(
    fc.property(writtenSidecar, fc.array(edit, { maxLength: 3 }), (text, edits) => {
      const t = edited(text, edits);
      assert.deepEqual(sidecarErrors(t, F), careful(t));
    }),
    { numRuns: 4000 },
  );
});

const registryText = fc.array(fc.record({ id: fc.constantFrom('h1', 'h2', 'h3'), text: word }), { maxLength: 4 }).map(
  (hs) => `marginalia: 1\nentityTypes: [unit]\nentities:\n  - {id: e1, name: E, type: unit}\nhypotheses:\n${hs.map((h) => `  - {id: ${h.id}, text: ${JSON.stringify(h.text)}}`).join('\n')}\n`,
);

test('random edits of written registries: the same errors as the careful reader, positions included', () => {
  fc.assert(
    fc.property(registryText, fc.array(edit, { maxLength: 3 }), (text, edits) => {
      const t = edited(text, edits);
      assert.deepEqual(workspaceErrors(t, 'marginalia.yaml'), carefulWs(t));
    }),
    { numRuns: 4000 },
  );
});

// Where no position is asked for, the writer's shape is read directly for the value itself:
// the conflicts Resolve lists, the annotations an Undo compares. The same as the careful reader,
// warnings and errors alike, on written files with conflicts and random edits of them.
const conflicted = fc.array(annotation, { maxLength: 4 }).chain((list) =>
  fc.tuple(fc.constant(list), fc.array(fc.record({ field: fc.constantFrom('status', 'note', 'tags'), values: fc.array(fc.record({ value: word }), { minLength: 2, maxLength: 2 }) }), { maxLength: 2 })),
).map(([list, conflicts]) =>
  serializeSidecar({
    marginalia: 1,
    source: 'a.txt',
    annotations: list.map((a, i) => ({ ...defined(a), ...(i === 0 && conflicts.length ? { conflicts } : {}) })),
  }) + (conflicts.length ? 'conflicts:\n  - field: reliability\n    values:\n      - value: A\n      - value: B\n' : ''),
);

test('conflict lists and sidecars read without positions: the careful reader’s, on random edits of files with conflicts', () => {
  fc.assert(
    fc.property(conflicted, fc.array(edit, { maxLength: 2 }), (text, edits) => {
      const t = edited(text, edits);
      const full = parseSidecar(t, F);
      assert.deepEqual(listConflicts('sidecar', t, F), sidecarConflicts(full));
      assert.deepEqual(sidecarOf(t, F), full.sidecar);
    }),
    { numRuns: 3000 },
  );
});

const conflictedRegistry = registryText.map((t) => `${t}conflicts:\n  - field: hypotheses\n    values:\n      - value: [{id: h1, text: a}]\n      - value: [{id: h1, text: b}]\n`);

test('a registry’s conflict list read without positions: the careful reader’s, on random edits', () => {
  const careful = (t: string) => {
    const p = parseWorkspace(t, 'marginalia.yaml');
    if (!p.config) return [];
    const top = YAML.isMap(p.doc?.contents) ? (p.doc!.contents.toJSON() as Record<string, unknown>).conflicts : undefined;
    return [...(isConflictList(top) ? top.map((conflict) => ({ id: null, conflict })) : []), ...p.config.entities.flatMap((e) => (e.conflicts ?? []).map((conflict) => ({ id: e.id, conflict })))];
  };
  fc.assert(
    fc.property(conflictedRegistry, fc.array(edit, { maxLength: 2 }), (text, edits) => {
      const t = edited(text, edits);
      assert.deepEqual(listConflicts('registry', t, 'marginalia.yaml'), careful(t));
      // the configuration Mark Entity reads back after adding one
      assert.deepEqual(configOf(t, 'marginalia.yaml'), parseWorkspace(t, 'marginalia.yaml').config);
    }),
    { numRuns: 3000 },
  );
});
