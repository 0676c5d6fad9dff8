// Hostile inputs to the merge driver and conflict resolution (issue 8): whatever a side holds,
// the merge and resolve functions answer with located problems, never an exception, and never
// produce a file the readers would refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseSidecar } from '../../src/core/format';
import { mergeRegistryTexts, mergeSidecarTexts, resolveRegistryText, resolveSidecarText } from '../../src/core/merge';

const F = 'a.txt.annotations.yaml';
const bomb = (key: string) =>
  `${key}: &a [x,x,x,x,x,x,x,x,x,x]\nb1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nb2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nb3: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`;

test('an alias bomb in an unknown field: the merge refuses with the alias line, no ReferenceError', () => {
  const text = `marginalia: 1\nsource: a.txt\n${bomb('extra')}annotations: []\n`;
  const r = mergeSidecarTexts(text, text, text, F);
  assert.equal(r.text, null);
  assert.ok(r.problems.length > 0);
  assert.ok(r.problems.every((p) => p.severity === 'error' && p.line >= 3 && /alias/i.test(p.message)), JSON.stringify(r.problems));
  const reg = `marginalia: 1\n${bomb('extra')}entities: []\n`;
  const rr = mergeRegistryTexts(reg, reg, reg, 'marginalia.yaml');
  assert.equal(rr.text, null);
  assert.ok(rr.problems.some((p) => /alias/i.test(p.message)));
});

test('an alias in an annotation’s unknown field is a located error for the reader too', () => {
  const text = 'marginalia: 1\nsource: a.txt\nx: &a hello\nannotations:\n  - {id: n1, kind: note, quote: q, mine: *a}\n';
  const p = parseSidecar(text, F);
  assert.equal(p.writable, false);
  assert.deepEqual(p.problems.filter((x) => x.severity === 'error').map((x) => [x.line, /alias/i.test(x.message)]), [[5, true]]);
});

const deepSidecar = (n: number) => `marginalia: 1\nsource: a.txt\ndeep:\n${'- '.repeat(n)}x\n`;
const deepRegistry = (n: number) => `marginalia: 1\nentities: []\ndeep:\n${'- '.repeat(n)}x\n`;
// the depth at which the yaml package's recursion gives out depends on the stack left: try a range
const DEPTHS = Array.from({ length: 25 }, (_, i) => 600 + 100 * i);

test('a sequence nested thousands deep: merge and resolve answer with a located problem, never throw', () => {
  for (const n of DEPTHS) {
    const s = deepSidecar(n);
    const m = mergeSidecarTexts(s, s, s, F);
    assert.equal(m.text, null, `depth ${n}`);
    assert.ok(m.problems.some((p) => p.line === 4 && /nest/i.test(p.message)), `depth ${n}: ${JSON.stringify(m.problems)}`);
    const w = deepRegistry(n);
    const rm = mergeRegistryTexts(w, w, w, 'marginalia.yaml');
    assert.equal(rm.text, null, `registry depth ${n}`);
    // resolve reports a file it cannot read with a message naming it: an Error, not a stack overflow
    for (const f of [() => resolveSidecarText(s, F, []), () => resolveRegistryText(w, 'marginalia.yaml', [])]) {
      try {
        f();
      } catch (e) {
        assert.ok(!(e instanceof RangeError), `depth ${n}: ${String(e)}`);
        assert.match((e as Error).message, /nest/i);
      }
    }
  }
});

const crafted = (conflicts: string, extra = '') =>
  `marginalia: 1\nsource: a.txt\n${extra}annotations:\n  - id: c1\n    kind: claim\n    quote: the words\n    status: disputed\n    conflicts: ${conflicts}\n\n  - {id: c2, kind: note, quote: other}\n`;

const bad: [string, string, { id: string | null; field: string; index: number }][] = [
  ['an unknown kind', crafted('[{field: kind, values: [{value: "[Undo](command:workbench.view.scm)"}, {value: note}]}]'), { id: 'c1', field: 'kind', index: 0 }],
  ['an id another annotation has', crafted('[{field: id, values: [{value: c2}, {value: c3}]}]'), { id: 'c1', field: 'id', index: 0 }],
  ['a status that is not text', crafted('[{field: status, values: [{value: {x: 1}}, {value: refuted}]}]'), { id: 'c1', field: 'status', index: 0 }],
  ['an empty quote', crafted('[{field: quote, values: [{value: ""}, {value: w}]}]'), { id: 'c1', field: 'quote', index: 0 }],
  ['a source outside the folder', crafted('[{field: x, values: [{value: 1}, {value: 2}]}]', 'conflicts: [{field: source, values: [{value: ../secret.txt}, {value: a.txt}]}]\n'), { id: null, field: 'source', index: 0 }],
];

for (const [name, text, pick] of bad) {
  test(`resolve --pick refuses a crafted conflict value (${name}) instead of writing an invalid sidecar`, () => {
    let out: string | undefined;
    try {
      out = resolveSidecarText(text, F, [pick]);
    } catch (e) {
      assert.ok(!(e instanceof RangeError) && !(e instanceof TypeError), String(e));
      return;
    }
    assert.fail(`wrote an invalid sidecar:\n${out}\n${JSON.stringify(parseSidecar(out, F).problems)}`);
  });

  test(`a conflict value that is not valid for its field is a located error (${name})`, () => {
    const p = parseSidecar(text, F);
    assert.equal(p.writable, false);
    const errors = p.problems.filter((x) => x.severity === 'error');
    assert.ok(errors.some((x) => x.line >= 3 && /conflict/i.test(x.message)), JSON.stringify(p.problems));
  });
}

test('an entity with thousands of aliases changed on both sides merges to the union, each alias once, its old items as written', () => {
  const aliases = Array.from({ length: 3000 }, (_, i) => `Alias ${i}`);
  const reg = (list: string[]) => `marginalia: 1\nentities:\n  - id: e1\n    name: E\n    type: person\n    aliases: [${list.map((a) => JSON.stringify(a)).join(', ')}]\n`;
  const r = mergeRegistryTexts(reg(aliases), reg([...aliases, 'Ours']), reg(['Theirs', ...aliases]), 'marginalia.yaml');
  assert.ok(r.text, JSON.stringify(r.problems.slice(0, 2)));
  const merged = (parse(r.text!) as { entities: { aliases: string[] }[] }).entities[0].aliases;
  assert.equal(merged.length, 3002);
  assert.equal(new Set(merged).size, 3002);
  assert.ok(merged.includes('Ours') && merged.includes('Theirs'));
  assert.match(r.text!, /"Alias 7"/, 'an alias kept as it was written (quoted)');
});
