// Captured text is hostile input: a PDF's text layer and a saved page are whatever the file says.
// Three paths were superlinear: the PDF layout tested the end of a paragraph (or a segment) as it
// grew by `+=`, so V8 flattened the whole string at every line (80,000 lines in one paragraph took
// 3 to 4 minutes); and cleanText cut line ends with `/[ \t\u00a0]+$/`, which the regex engine
// retried from every space of a run that does not end the line (two lines of 100,000 spaces: 14
// to 18 s). Both are now linear; what the user relies on is that the text is the same to the
// byte. Likewise the column gutter, whose every candidate was counted over all segments (the
// candidates bounded only by the page box: 40,000 lines on a wide page, 8 s): it now counts by
// binary searches, and must choose the same gutter. The oracles are the modules as they were
// (test/fixtures/oracles/pdfLayout-v1.ts, capture-text-v1.ts).
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

// ---- columns: the gutter (findGutter counted each candidate over every segment, and the
// candidates are bounded only by the page box the file gives: 40,000 lines on a wide page took
// 8 s; it now counts by binary searches in edges sorted once) ----

// a page in two columns around a gutter at G: left and right parts on each baseline, edges
// ragged by a few units either way (a part ending at G - 1 gives a candidate at G, where the
// right column may start exactly), parts close enough to join into one line across the gutter,
// titles across the page, lines in a margin, and now and then a negative, empty or infinite
// width. How many lines cross the gutter varies by page (mess 0: none by construction, 2: many),
// so that pages fall on both sides of "at most a tenth".
const twoColumns = (hostile: boolean): fc.Arbitrary<PdfPage> => {
  const odd = hostile ? [Infinity, -Infinity, NaN, -50, -1e6] : [-3, 0];
  const width = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(60, 100, 150, 200, 240, 0.5) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
  const jitter = fc.constantFrom(-40, -30, -20, -16, -10.5, -1, -0.5, 0);
  const lines = (mess: number) => {
    // where a left part ends, from the gutter: well clear, close (the right part may join it),
    // or past it; and where a right part starts
    const clear = fc.constantFrom(-40, -30, -24, -20, -16);
    const close = fc.constantFrom(-11, -10.5, -10, -1.5, -1, -0.5, 0);
    const past = fc.constantFrom(0.5, 1, 5, 30);
    const leftEnd = mess === 0 ? clear : fc.oneof({ weight: 8 / mess, arbitrary: clear }, { weight: 1, arbitrary: close }, { weight: 1, arbitrary: past });
    const rightStart = mess === 0 ? fc.constantFrom(-1, -0.5, 0, 0, 0.5, 1, 10, 20) : fc.constantFrom(-5, -1, -0.5, 0, 0, 0.5, 1, 10, 20);
    const left = fc.record({ kind: fc.constant('left' as const), dx: jitter, dw: leftEnd });
    const right = fc.record({ kind: fc.constant('right' as const), dx: rightStart, dw: width });
    const parts = fc.oneof(
      { weight: 12, arbitrary: fc.tuple(left, right) },
      { weight: 2, arbitrary: fc.tuple(left) },
      { weight: 2, arbitrary: fc.tuple(right) },
      { weight: mess, arbitrary: fc.tuple(fc.record({ kind: fc.constant('full' as const), dx: jitter, dw: jitter })) },
      { weight: 1, arbitrary: fc.tuple(fc.record({ kind: fc.constant('margin' as const), dx: rightStart, dw: width }), right) },
    );
    const line = fc.record({ parts, str, gap: fc.constantFrom(12, 12, 12, 12, 20, 0), size: fc.constantFrom(9, 10, 10, 12) });
    return fc.array(line, { maxLength: 70, size: 'medium' });
  };
  const pageWidth = hostile ? fc.constantFrom(600, 10_000, 0, -600, NaN, Infinity, -Infinity) : fc.constantFrom(600, 612, 1000, 5000, 100_000);
  const at = fc.constantFrom(0.2, 0.3, 0.45, 0.5, 0.5, 0.55, 0.74, 0.8);
  return fc
    .record({ w: pageWidth, at, half: fc.boolean(), lines: fc.constantFrom(0, 1, 2).chain(lines), reversed: fc.boolean() })
    .map(({ w, at, half, lines, reversed }) => {
      const finite = Number.isFinite(w) ? Math.abs(w) : 600;
      const g = Math.round(finite * at) + (half ? 0.5 : 0);
      const margin = Math.round(finite * 0.08);
      const runs: PdfRun[] = [];
      let y = 800;
      for (const l of lines) {
        y -= l.gap;
        for (const p of l.parts) {
          const x = p.kind === 'left' || p.kind === 'full' ? margin + p.dx : p.kind === 'right' ? g + p.dx : finite - margin / 2 + p.dx;
          const w = p.kind === 'left' ? g - x + p.dw : p.kind === 'full' ? finite - 2 * margin + p.dw : p.dw;
          runs.push({ str: l.str, x, y, width: w, size: l.size });
        }
      }
      return { width: w, height: 842, runs: reversed ? runs.reverse() : runs };
    });
};

test('layoutPdf: the same text as before, to the byte (two columns: gutters, lines across them, wide pages)', () => {
  let split = 0;
  const runs = 1500;
  fc.assert(
    fc.property(fc.array(twoColumns(false), { minLength: 1, maxLength: 2 }), (ps) => {
      const out = layoutPdf(ps);
      assert.equal(out, pdfV1.layoutPdf(ps));
      // with no page box there is no gutter: count the pages read in columns
      if (out !== layoutPdf(ps.map((p) => ({ ...p, width: NaN })))) split++;
    }),
    { numRuns: runs },
  );
  // the pages exercise the gutter: a good share of them is read in columns
  assert.ok(split > runs / 3, `${split} of ${runs} read in columns`);
});

test('layoutPdf: the same text as before, to the byte (two columns, hostile widths: none, negative, infinite)', () => {
  fc.assert(fc.property(fc.array(twoColumns(true), { minLength: 1, maxLength: 2 }), (ps) => assert.equal(layoutPdf(ps), pdfV1.layoutPdf(ps))), { numRuns: 1500 });
});

test('layoutPdf: the gutter is the leftmost of those crossed by fewest lines, a title cuts the columns into bands', () => {
  const row = (y: number, left: string, right: string): PdfRun[] => [
    { str: left, x: 50, y, width: 230, size: 10 },
    { str: right, x: 320, y, width: 230, size: 10 },
  ];
  // gutters at 281 (after the left column) and at 300 (after the note) are each crossed by the
  // title alone: the first is taken, so the note, from 285 to 299, reads in the right column
  const runs: PdfRun[] = [
    ...row(800, 'l1', 'r1'),
    ...row(788, 'l2', 'r2'),
    ...row(776, 'l3', 'r3'),
    { str: 'note', x: 285, y: 764, width: 14, size: 10 },
    { str: 'Title across', x: 50, y: 740, width: 500, size: 10 },
    ...row(716, 'l4', 'r4'),
    ...row(704, 'l5', 'r5'),
    ...row(692, 'l6', 'r6'),
  ];
  const out = layoutPdf([{ width: 600, height: 842, runs }]);
  assert.equal(out, 'l1 l2 l3\n\nr1 r2 r3 note\n\nTitle across\n\nl4 l5 l6\n\nr4 r5 r6\n');
  assert.equal(out, pdfV1.layoutPdf([{ width: 600, height: 842, runs }]));
  // a two-column page 2,400 units wide, both columns ragged, under a title: each of its 600
  // right edges is a candidate and none is crossed by nothing
  const n = 300;
  const wide: PdfRun[] = [{ str: 'Title', x: 10, y: n * 12 + 40, width: 8 * n - 20, size: 10 }];
  for (let i = 0; i < n; i++) wide.push({ str: `l${i}`, x: 10, y: n * 12 - i * 12, width: 2 * n + i, size: 10 }, { str: `r${i}`, x: 3 * n + 100, y: n * 12 - i * 12, width: n + i, size: 10 });
  const page = [{ width: 8 * n, height: n * 12 + 100, runs: wide }];
  const text = layoutPdf(page);
  assert.equal(text, pdfV1.layoutPdf(page));
  assert.ok(text.startsWith('Title\n\nl0 l1 ') && text.includes(`l${n - 1}\n\nr0 r1 `));
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
