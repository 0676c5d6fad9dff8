// The fast sidecar reader used for indexing must give exactly what parseSidecar gives on every
// file it accepts, and decline (null) anything with a problem, so Problems still shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseSidecar, readSidecarFast, parseSidecarQuick, serializeSidecar } from '../../src/core/format';
import { edit, edited, writtenSidecar } from '../fixtures/written-edits';
import type { Annotation } from '../../src/core/types';
import { subsetLocator } from '../../src/core/format/located';

const F = 'a.txt.annotations.yaml';

const sampleDir = path.join(__dirname, '../../sample');
const sidecars = ['troops-withdrawn-from-sovren.txt.annotations.yaml', 'coup-plot-uncovered.txt.annotations.yaml', 'analysis/satellite-images-kareva.txt.annotations.yaml'];

test('the sample sidecars read the same both ways', () => {
  for (const f of sidecars) {
    const text = fs.readFileSync(path.join(sampleDir, f), 'utf8');
    const full = parseSidecar(text, f);
    assert.deepEqual(full.problems, []);
    assert.deepEqual(readSidecarFast(text), full.sidecar, f);
  }
});

test('odd but valid strings read the same both ways', () => {
  const odd = ['  lead', 'trail  ', 'a\n\nb\n', 'x: y # no', '"q"', 'yes', '1234', '~', 'null', '2026-11-21', '😀 é', 'or hours.\n\nThe Halden '];
  const text = serializeSidecar({ marginalia: 1, source: 'a.txt', annotations: odd.map((q, i) => ({ id: `o${i}`, kind: 'claim' as const, quote: q, prefix: q, status: 'disputed' as const, tags: ['x', q.replace(/\n/g, ' ')], links: [{ rel: 'supports' as const, to: `b.txt#o${i}` }] })) });
  assert.deepEqual(readSidecarFast(text), parseSidecar(text, 'x').sidecar);
});

test('a whole number as id reads as its digits both ways', () => {
  const text = 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: 0012, kind: note, quote: x}\n';
  assert.equal(readSidecarFast(text)?.annotations[0].id, '12');
  assert.deepEqual(readSidecarFast(text), parseSidecar(text, 'x').sidecar);
});

const declined: [string, string][] = [
  ['bad YAML', 'marginalia: 1\nsource: a.txt\nannotations: [\n'],
  ['an unknown status', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: claim, quote: x, status: maybe}\n'],
  ['status on a note (a warning)', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: note, quote: x, status: disputed}\n'],
  ['a duplicate id', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: note, quote: x}\n  - {id: a, kind: note, quote: y}\n'],
  ['conflict markers', 'marginalia: 1\nsource: a.txt\n<<<<<<< HEAD\nannotations: []\n=======\nannotations: []\n>>>>>>> x\n'],
  ['a merge conflict', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: claim, quote: x, conflicts: [{field: status, values: [{value: disputed}, {value: refuted}]}]}\n'],
  ['a URI link', 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a, kind: claim, quote: x, links: [{rel: supports, to: "command:x#y"}]}\n'],
  ['YAML aliases', 'marginalia: 1\nsource: a.txt\nx: &a [1]\nannotations:\n  - {id: a, kind: claim, quote: x, tags: *a}\n'],
  ['an absolute source', 'marginalia: 1\nsource: /etc/passwd\n'],
];
for (const [name, text] of declined) {
  test(`the fast reader declines ${name}, and the quick parse reports what the careful one does`, () => {
    assert.equal(readSidecarFast(text), null);
    const quick = parseSidecarQuick(text, 'f');
    const full = parseSidecar(text, 'f');
    assert.deepEqual(quick.problems, full.problems);
    assert.equal(quick.writable, full.writable);
  });
}

test('the quick parse still locates an annotation’s id line for Problems', () => {
  const text = fs.readFileSync(path.join(sampleDir, sidecars[0]), 'utf8');
  const quick = parseSidecarQuick(text, 'f');
  assert.equal(quick.doc, null);
  const id = quick.sidecar!.annotations[1].id;
  assert.deepEqual(quick.locate('id', id), parseSidecar(text, 'f').locate('id', id));
});

// Random edits of written sidecars: whatever the fast reader accepts, the careful reader reads
// to the same sidecar with no problem at all. Each of these made js-yaml read a file clean that
// the careful reader reports, the first four as errors (the indexer then showed no problem for
// a file every writer refused), the anchor as a warning.
const editedCases: [string, string][] = [
  ['a key left empty before a mapping', 'marginalia: 1\nsource: a.txt\n: annotations:\n  - {id: a, kind: note, quote: x}\n'],
  ['a lone carriage return', '\rmarginalia: 1\nsource: a.txt\nannotations: []\n'],
  ['a document end marker first', '...\nmarginalia: 1\nsource: a.txt\nannotations: []\n'],
  ['a tab where a value would be indented', 'marginalia: 1\nsource: a.txt\nannotations: []\nnote:\n\t'],
  ['an anchor ending in a colon', 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: a\n    kind: note\n    quote: x\n    &~: a note: "said"\n'],
];
for (const [name, text] of editedCases) {
  test(`the fast reader declines ${name}, which the careful reader reports`, () => {
    assert.ok(parseSidecar(text, F).problems.length > 0);
    assert.equal(readSidecarFast(text, F), null);
  });
}

test('a CRLF sidecar is still read the fast way', () => {
  const text = 'marginalia: 1\r\nsource: a.txt\r\nannotations:\r\n  - {id: a, kind: note, quote: x}\r\n';
  assert.deepEqual(readSidecarFast(text, F), parseSidecar(text, F).sidecar);
  assert.notEqual(readSidecarFast(text, F), null);
});

test('random edits of written sidecars: what the fast reader accepts, the careful reader reads the same, with no problem', () => {
  fc.assert(
    fc.property(writtenSidecar, fc.array(edit, { maxLength: 3 }), (text, edits) => {
      const t = edited(text, edits);
      const fast = readSidecarFast(t, F);
      if (fast === null) return;
      const full = parseSidecar(t, F);
      assert.deepEqual(full.problems, [], t);
      assert.deepEqual(fast, full.sidecar, t);
    }),
    { numRuns: 20000 },
  );
});

// A file in the writer's shape with findings (an unresolved merge conflict, a bad field) is
// reported from where the shape's reader found each value, without the careful parse: the same
// problems, lines and columns, the same sidecar and the same verdict on writing over it.
function quickAsCareful(text: string): ReturnType<typeof parseSidecarQuick> {
  const quick = parseSidecarQuick(text, F);
  const full = parseSidecar(text, F);
  assert.deepEqual(quick.problems, full.problems, text);
  assert.deepEqual(quick.sidecar, full.sidecar, text);
  assert.equal(quick.writable, full.writable, text);
  return quick;
}

const located: [string, Annotation[]][] = [
  ['an unresolved merge conflict', [{ id: 'a', kind: 'claim', quote: 'x', status: 'disputed', conflicts: [{ field: 'status', values: [{ value: 'disputed' }, { value: 'refuted' }] }] } as Annotation]],
  ['status on a note', [{ id: 'a', kind: 'claim', quote: 'x' }, { id: 'b', kind: 'note', quote: 'y\nz', status: 'disputed' }]],
  ['an unknown status and an unknown field', [{ id: 'a', kind: 'claim', quote: 'x', status: 'maybe', colour: 'red' } as unknown as Annotation]],
  ['a bad link and a duplicate id', [{ id: 'a', kind: 'claim', quote: 'x', links: [{ rel: 'supports', to: 'command:x#y' }] }, { id: 'a', kind: 'note', quote: 'x' }] as Annotation[]],
];
for (const [name, annotations] of located) {
  test(`a written sidecar with ${name}: reported where the careful reader says, without its parse`, () => {
    const text = serializeSidecar({ marginalia: 1, source: 'a.txt', annotations });
    const quick = quickAsCareful(text);
    assert.ok(quick.problems.length > 0);
    assert.equal(quick.doc, null, 'read the fast way');
  });
}

test('random edits of written sidecars: the quick parse reports what the careful one does', () => {
  let located = 0;
  fc.assert(
    fc.property(writtenSidecar, fc.array(edit, { maxLength: 3 }), fc.boolean(), (text, edits, crlf) => {
      // as checked out on Windows too
      const quick = quickAsCareful(edited(crlf ? text.replace(/\n/g, '\r\n') : text, edits));
      if (quick.doc === null && quick.problems.length) located++;
    }),
    { numRuns: 5000 },
  );
  assert.ok(located > 500, `only ${located} files with problems placed the fast way`);
});

// An orphan's line in the sidecar for Problems (ParsedSidecar.locate): from where the writer's
// shape put each value, the careful reader's very line and column, for every id and field.
test('locate without the careful parse: every annotation field\'s place, and the file\'s keys, as the careful reader gives them', () => {
  const keys = ['id', 'kind', 'quote', 'note', 'status', 'tags', 'start', 'nowhere'];
  let placed = 0;
  fc.assert(
    fc.property(writtenSidecar, fc.array(edit, { maxLength: 2 }), fc.boolean(), (text, edits, crlf) => {
      const t = edited(crlf ? text.replace(/\n/g, '\r\n') : text, edits);
      const quick = parseSidecarQuick(t, F);
      const full = parseSidecar(t, F);
      const ids = [...new Set([...(full.sidecar?.annotations ?? []).map((a) => a.id), 'a', 'b', 'c', 'd', 'missing'])];
      for (const key of ['source', 'marginalia', 'annotations', 'nowhere']) assert.deepEqual(quick.locate(key), full.locate(key), `${key} in:\n${t}`);
      for (const id of ids) for (const key of keys) assert.deepEqual(quick.locate(key, id), full.locate(key, id), `${id}.${key} in:\n${t}`);
      if (subsetLocator(t)) placed++;
    }),
    { numRuns: 3000 },
  );
  assert.ok(placed > 1000, `only ${placed} located the fast way`);
});
