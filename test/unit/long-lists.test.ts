// Lists as long as a file makes them (core/arrays.ts): `out.push(...items)` and
// `Math.max(...xs)` pass each item as an argument, and a call takes about 125,000, so a claim
// note of 200,000 lines, a source of 200,000 sentences or a PDF column of that many paragraphs
// threw "Maximum call stack size exceeded" where the user asked for a brief, a network or a
// capture (issue 15). What is checked: the output is whole, not only that nothing throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxOf, pushAll } from '../../src/core/arrays';
import { briefHtml, briefMarkdown } from '../../src/core/export';
import type { Brief } from '../../src/core/export/brief';
import { unitsOf } from '../../src/core/analysis/cooccurrence';
import { layoutPdf, type PdfRun } from '../../src/core/capture/pdfLayout';

const MANY = 200_000;

test('pushAll appends every item in order; maxOf takes the largest of any number, else the floor', () => {
  const out = pushAll([1, 2], Array.from({ length: MANY }, (_, i) => i + 3));
  assert.equal(out.length, MANY + 2);
  assert.deepEqual([out[0], out[2], out[MANY + 1]], [1, 3, MANY + 2]);
  assert.equal(maxOf(Array.from({ length: MANY }, (_, i) => (i * 7919) % MANY)), MANY - 1);
  assert.equal(maxOf([], 6), 6);
  assert.equal(maxOf([3, 4], 6), 6);
});

test('a brief whose claim note has 200,000 lines is written whole, in Markdown and in HTML', () => {
  const note = Array.from({ length: MANY }, (_, i) => `line ${i}`).join('\n');
  const brief: Brief = {
    title: 'Brief',
    scope: 'the workspace',
    groups: [{ status: 'disputed', claims: [{ source: 'a.txt', id: 'c1', quote: 'It happened.', status: 'disputed', derived: false, note, tags: [], state: 'exact', evidence: [] }] }],
    entities: [],
    caveats: [],
    counts: { sources: 1, claims: 1, annotations: 1 },
  };
  const md = briefMarkdown(brief);
  assert.ok(md.includes('  > line 0  \n  > line 1  \n'), 'the note quoted line by line');
  assert.ok(md.includes(`  > line ${MANY - 1}\n`), 'to its last line');
  const html = briefHtml(brief);
  assert.ok(html.includes(`line ${MANY - 1}`));
});

test('a source of 200,000 sentences is cut into 200,000 units for the network', () => {
  const units = unitsOf('Xa. '.repeat(MANY), 'sentence');
  assert.equal(units.length, MANY);
  assert.deepEqual(units[MANY - 1], [(MANY - 1) * 4, MANY * 4 - 1]);
});

test('a PDF page of 150,000 one-line paragraphs is laid out whole', () => {
  const n = 150_000;
  // the type size changes at every line: each is its own paragraph
  const runs: PdfRun[] = Array.from({ length: n }, (_, i) => ({ str: `p${i}`, x: 50, y: n * 14 - i * 14, width: 20, size: i % 2 ? 10 : 12 }));
  const paragraphs = layoutPdf([{ width: 600, height: n * 14 + 100, runs }]).split('\n\n');
  assert.equal(paragraphs.length, n);
  assert.equal(paragraphs[n - 1].trim(), `p${n - 1}`);
});
