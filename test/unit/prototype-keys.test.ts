// Names from a file that every JavaScript object already answers to: `__proto__`,
// `constructor`, `toString`. A sidecar with an annotation field `__proto__:` threw in the reader
// ("rule is not a function") on both paths, so the extension and `check` could not read it; a
// hypothesis rated under such a name was lost or read from the prototype (core/records.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSidecar, parseSidecarQuick, serializeSidecar } from '../../src/core/format';
import { mergeTexts } from '../../src/core/merge';
import { ownValue } from '../../src/core/records';
import { Work } from '../../src/core/worker/work';

const F = 'a.txt.annotations.yaml';
const file = [
  'marginalia: 1',
  'source: a.txt',
  'annotations:',
  '  - id: a1',
  '    kind: claim',
  '    quote: hello',
  '    __proto__:',
  '      status: refuted',
  '    constructor: kept as written',
  '    hypotheses: {constructor: C, __proto__: I, toString: II, h1: CC}',
  '',
].join('\n');

for (const [name, read] of [['careful', parseSidecar], ['quick', parseSidecarQuick]] as const) {
  test(`${name} reader: fields named __proto__ or constructor are unknown fields, not rules or a prototype`, () => {
    const p = read(file, F);
    assert.deepEqual(p.problems, []);
    const a = p.sidecar!.annotations[0];
    assert.equal(a.id, 'a1');
    assert.equal(a.status, undefined, 'no status from a field named __proto__');
    assert.equal(Object.getPrototypeOf(a), Object.prototype);
  });

  test(`${name} reader: a hypothesis named __proto__, constructor or toString keeps its rating`, () => {
    const h = read(file, F).sidecar!.annotations[0].hypotheses!;
    assert.deepEqual(Object.entries(h).sort(), [['__proto__', 'I'], ['constructor', 'C'], ['h1', 'CC'], ['toString', 'II']]);
  });
}

test('written back, those fields and ratings stay as they were', () => {
  const p = parseSidecar(file, F);
  const out = serializeSidecar(p.sidecar!, p.doc);
  assert.match(out, /\n {4}__proto__:\n {6}status: refuted\n/);
  assert.match(out, /\n {4}constructor: kept as written\n/);
  assert.deepEqual(parseSidecar(out, F).sidecar!.annotations[0].hypotheses, p.sidecar!.annotations[0].hypotheses);
});

test('merged: ratings and fields under those names merge as any other', () => {
  const side = (lines: string) => `marginalia: 1\nsource: a.txt\nannotations:\n  - id: a1\n    kind: claim\n    quote: hello\n${lines}`;
  // ratings added on each side: all kept
  let r = mergeTexts('sidecar', side('    hypotheses: {h1: C}\n'), side('    hypotheses: {h1: C, __proto__: I}\n'), side('    hypotheses: {h1: C, constructor: II}\n'), F);
  assert.equal(r.conflicts, 0);
  assert.deepEqual(Object.entries(parseSidecar(r.text!, F).sidecar!.annotations[0].hypotheses!).sort(), [['__proto__', 'I'], ['constructor', 'II'], ['h1', 'C']]);
  // fields: one side's change taken, the other's deletion taken
  const base = side('    __proto__:\n      status: refuted\n    constructor: x\n');
  r = mergeTexts('sidecar', base, side('    __proto__:\n      status: refuted\n'), side('    __proto__:\n      status: disputed\n    constructor: x\n'), F);
  assert.equal(r.conflicts, 0);
  assert.match(r.text!, /\n {4}__proto__:\n {6}status: disputed\n/);
  assert.doesNotMatch(r.text!, /constructor/);
});

test('an annotation with the id __proto__ is located at its line, as any other (Problems, hovers)', () => {
  const text = 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: note\n    quote: a\n  - id: __proto__\n    kind: note\n    quote: b\n';
  const answer = new Work().handle({ kind: 'locate', sidecarText: text, file: F, ids: ['__proto__', 'c1'] });
  assert.equal(answer.kind, 'locate');
  const ids = (answer as { ids: Record<string, { line: number }> }).ids;
  assert.deepEqual(Object.keys(ids).sort(), ['__proto__', 'c1']);
  assert.equal(ownValue(ids, '__proto__')?.line, 7);
  // across a thread the answer is cloned: an own field survives it, a prototype does not
  assert.equal(ownValue(structuredClone(ids), '__proto__')?.line, 7);
});
