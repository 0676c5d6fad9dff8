// Captured text is hostile input: a PDF's text layer and a saved page are whatever the file says.
// Three paths were superlinear: the PDF layout tested the end of a paragraph (or a segment) as it
// grew by `+=`, so V8 flattened the whole string at every line (80,000 lines in one paragraph took
// 3 to 4 minutes); and cleanText cut line ends with `/[ \t\u00a0]+$/`, which the regex engine
// retried from every space of a run that does not end the line (two lines of 100,000 spaces: 14
// to 18 s). Both are now linear; what the user relies on is that the text is the same to the
// byte. The oracles are the modules as they were (test/fixtures/oracles/pdfLayout-v1.ts,
// capture-text-v1.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { joinLines, layoutPdf, type PdfPage, type PdfRun } from '../../src/core/capture/pdfLayout';
import { blocksToText, cleanText, type Block } from '../../src/core/capture/text';
import * as pdfV1 from '../fixtures/oracles/pdfLayout-v1';
import * as textV1 from '../fixtures/oracles/capture-text-v1';

// ---- PDF layout ----

// pieces of a run's text: letters (Latin, German, astral ones of both cases: 𐐨 is lower case,
// 𝐀 upper case), hyphens and soft hyphens (the repair at a line end), digits (page numbers,
// running lines), spaces (segments' joins and collapsing)
const token = fc.constantFrom('a', 'Z', 'é', 'ß', 'Ä', 'govern', 'ment', 'Franco', 'German', '-', '\u00ad', '𐐨', '𝐀', '𐐨-', '𝐀\u00ad', 'x-', 'y\u00ad', '1', '42', 'Page', ' ', '  ', '\t', '–');
const str = fc.array(token, { minLength: 1, maxLength: 4 }).map((ts) => ts.join(''));

// runs scattered over a few baselines and columns: same-line joins, gaps, gutters, edges
const scattered: fc.Arbitrary<PdfRun[]> = fc.array(
  fc.record({
    str,
    x: fc.integer({ min: 0, max: 60 }).map((k) => k * 10),
    y: fc.integer({ min: 0, max: 40 }).map((k) => 800 - k * 12),
    width: fc.constantFrom(0.5, 3, 9, 10, 40, 120),
    size: fc.constantFrom(9, 10, 10, 12),
  }),
  { maxLength: 60 },
);

// one column, one run per line, mostly the usual spacing: long paragraphs, many joins
const column: fc.Arbitrary<PdfRun[]> = fc
  .array(fc.record({ str, gap: fc.constantFrom(12, 12, 12, 12, 20, 0.2), size: fc.constantFrom(10, 10, 10, 11), dx: fc.constantFrom(0, 0, 2, 15) }), { maxLength: 80 })
  .map((ls) => {
    let y = 800;
    return ls.map((l) => {
      y -= l.gap;
      return { str: l.str, x: 50 + l.dx, y, width: 100, size: l.size };
    });
  });

const pages = (runs: fc.Arbitrary<PdfRun[]>): fc.Arbitrary<PdfPage[]> => fc.array(runs.map((r) => ({ width: 600, height: 842, runs: r })), { minLength: 1, maxLength: 3 });

test('joinLines: the same string as before', () => {
  const line = fc.array(token, { maxLength: 5 }).map((ts) => ts.join(''));
  fc.assert(fc.property(line, line, (a, b) => assert.equal(joinLines(a, b), pdfV1.joinLines(a, b))), { numRuns: 3000 });
  for (const [a, b] of [['', ''], ['', 'x'], ['-', 'a'], ['a-', ''], ['a\u00ad', 'B'], ['𐐨-', '𐐨'], ['𐐨\u00ad', '𝐀'], ['1-', 'a'], ['a--', 'b']]) assert.equal(joinLines(a, b), pdfV1.joinLines(a, b), JSON.stringify([a, b]));
});

test('layoutPdf: the same text as before, to the byte (scattered runs)', () => {
  fc.assert(fc.property(pages(scattered), (ps) => assert.equal(layoutPdf(ps), pdfV1.layoutPdf(ps))), { numRuns: 600 });
});

test('layoutPdf: the same text as before, to the byte (long paragraphs, hyphens across pieces)', () => {
  fc.assert(fc.property(pages(column), (ps) => assert.equal(layoutPdf(ps), pdfV1.layoutPdf(ps))), { numRuns: 600 });
});

test('layoutPdf: many runs on one baseline join as before', () => {
  const line = fc.array(fc.record({ str, dx: fc.constantFrom(0, 1, 2, 5, 9, 14, 30), width: fc.constantFrom(1, 5, 9) }), { maxLength: 60 }).map((rs) => {
    let x = 0;
    return rs.map((r) => ({ str: r.str, x: (x += r.dx), y: 500, width: r.width, size: 10 }));
  });
  fc.assert(fc.property(pages(line), (ps) => assert.equal(layoutPdf(ps), pdfV1.layoutPdf(ps))), { numRuns: 600 });
});

test('layoutPdf: 8,000 lines in one paragraph join into one, hyphens repaired (the bench times 80,000: minutes before)', () => {
  const N = 8_000;
  const runs: PdfRun[] = Array.from({ length: N }, (_, i) => ({ str: i % 2 === 0 ? 'govern-' : `ment${i}`, x: 50, y: N * 12 - i * 12, width: 200, size: 10 }));
  const out = layoutPdf([{ width: 600, height: N * 12 + 100, runs }]);
  assert.equal(out, Array.from({ length: N / 2 }, (_, k) => `government${2 * k + 1}`).join(' ') + '\n');
});

// ---- cleanText ----

const textToken = fc.constantFrom('a', 'é', '𐐨', 'x y', ' ', ' ', '   ', '\t', '\u00a0', '\u2003', '\u200b', '\u00ad', '\n', '\n', '\r', '\r\n', '\u0007');

test('cleanText: the same text as before', () => {
  fc.assert(fc.property(fc.array(textToken, { maxLength: 40 }).map((ts) => ts.join('')), (s) => assert.equal(cleanText(s), textV1.cleanText(s))), { numRuns: 5000 });
});

test('blocksToText: the same text as before', () => {
  const kind = fc.constantFrom<Block['kind']>('heading', 'paragraph', 'caption', 'item', 'quote');
  const blocks = fc.array(fc.record({ kind, text: fc.array(textToken, { maxLength: 12 }).map((ts) => ts.join('')) }), { maxLength: 8 });
  fc.assert(fc.property(blocks, (bs) => assert.equal(blocksToText(bs), textV1.blocksToText(bs))), { numRuns: 2000 });
});

test('cleanText: long runs of spaces inside lines are kept, those ending lines trimmed (the bench times 100,000: 14 to 18 s before)', () => {
  const line = 'a' + ' \t\u00a0'.repeat(10_000) + 'b';
  const out = cleanText(`${line}   \n${line}\u00a0\t\r\n\n\n${' '.repeat(30_000)}\n`);
  assert.equal(out, `${line}\n${line}\n`);
});
