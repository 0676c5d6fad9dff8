// The reading rules added for hostile files (issue 8): the `source:` rule, control characters
// in ids and text, and parse failures that never escape a reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedSource, parseSidecar, parseSidecarQuick, parseWorkspace, readSidecarFast, readWorkspaceFast, sourceProblem } from '../../src/core/format';

const F = 'dir/a.txt.annotations.yaml';

test('source must name the sidecar’s own sibling: anything else is an error at the source line', () => {
  assert.equal(expectedSource(F), 'a.txt');
  assert.equal(expectedSource('/tmp/.merge_file_x'), null);
  for (const s of ['../secret.txt', 'sub/a.txt', '/etc/x', 'file:///etc/x', 'b.txt', '../../../../dev/zero', 'a.txt\n', 'a.txt\u001b']) {
    const p = parseSidecar(`marginalia: 1\nsource: ${JSON.stringify(s)}\nannotations: []\n`, F);
    assert.equal(p.writable, false, s);
    assert.deepEqual([p.problems[0].line, p.problems[0].column], [2, 9], s);
    assert.match(p.problems[0].message, /`source`/, s);
    assert.equal(readSidecarFast(`marginalia: 1\nsource: ${JSON.stringify(s)}\n`, F), null);
  }
  assert.equal(sourceProblem('a.txt', F), null);
  assert.equal(parseSidecar('marginalia: 1\nsource: a.txt\n', F).writable, true);
  // a temporary file (the merge driver's) is checked for shape only
  assert.equal(sourceProblem('a.txt', '/tmp/.merge_file_x'), null);
  assert.match(sourceProblem('../a.txt', '/tmp/.merge_file_x') ?? '', /beside the sidecar/);
});

const ann = (fields: string) => `marginalia: 1\nsource: a.txt\nannotations:\n  - {id: n1, kind: note, quote: q, ${fields}}\n`;
const controls: [string, string, boolean][] = [
  ['a line break in an id', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: "a\\n::error ::forged", kind: note, quote: q}\n', false],
  ['ESC in an id', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: "a\\e[2J", kind: note, quote: q}\n', false],
  ['a bidi override in an id', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: "a\\u202eb", kind: note, quote: q}\n', false],
  ['ESC in an author', ann('author: "A\\e[8m"'), false],
  ['a line break in an author', ann('author: "A\\nB"'), false],
  ['a C1 control in a tag', ann('tags: ["x\\u009b"]'), false],
  ['DEL in a link target', ann('links: [{rel: supports, to: "b.txt#x\\x7f"}]'), false],
  ['ESC in a note', ann('note: "x\\e[31m"'), false],
  ['line breaks and tabs in a note', ann('note: "one\\n\\ttwo\\r\\n"'), true],
  ['a form feed copied from the source in a quote', ann('prefix: "\\f"'), true],
];
for (const [name, text, ok] of controls) {
  test(`control characters: ${name} is ${ok ? 'accepted' : 'a located error'}`, () => {
    const p = parseSidecar(text, F);
    assert.equal(p.writable, ok, JSON.stringify(p.problems));
    if (!ok) assert.ok(p.problems.some((x) => x.severity === 'error' && x.line === 4));
    assert.equal(readSidecarFast(text, F) !== null, ok);
  });
}

test('registry: control characters in entity ids and names are located errors', () => {
  for (const e of ['{id: "x\\ny", name: X}', '{id: x, name: "X\\e[1m"}', '{id: x, name: X, aliases: ["a\\tb"]}']) {
    const text = `marginalia: 1\nentities:\n  - ${e}\n`;
    const p = parseWorkspace(text, 'marginalia.yaml');
    assert.ok(p.problems.some((x) => x.severity === 'error' && x.line === 3), e);
    assert.equal(readWorkspaceFast(text), null);
  }
});

test('every reader turns a 3,000-deep sequence into a located error, never an exception', () => {
  const deep = `deep:\n${'- '.repeat(3000)}x\n`;
  const s = `marginalia: 1\nsource: a.txt\n${deep}`;
  for (const p of [parseSidecar(s, F), parseSidecarQuick(s, F), parseSidecar(deep, F)]) {
    assert.equal(p.writable, false);
    assert.match(p.problems[0].message, /nested more than 64/);
  }
  assert.equal(readSidecarFast(s, F), null);
  const w = parseWorkspace(`marginalia: 1\n${deep}`, 'marginalia.yaml');
  assert.equal(w.writable, false);
  assert.match(w.problems[0].message, /nested more than 64/);
  assert.equal(readWorkspaceFast(`marginalia: 1\n${deep}`), null);
  // 64 levels is fine; unknown fields keep their data
  const ok = `marginalia: 1\nsource: a.txt\nx: ${'['.repeat(63)}${']'.repeat(63)}\n`;
  assert.equal(parseSidecar(ok, F).writable, true);
});
