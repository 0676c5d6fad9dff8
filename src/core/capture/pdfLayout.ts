// A PDF's text layer in reading order (issue 14). pdf.js gives positioned runs of text; a
// report is laid out in two columns with running headers, footers and page numbers, and words
// hyphenated at line ends. This turns the runs of every page into paragraphs:
//
// 1. Runs on one baseline are joined into segments; a wide gap (a column gutter) splits them.
// 2. The lines set apart at the top and bottom of each page that repeat on most pages (digits ignored, so
//    "Page 3 of 9" matches "Page 4 of 9") are running headers and footers; a line that is
//    only a page number is dropped wherever it is at the top or bottom.
// 3. Columns: when a vertical gutter near the middle is crossed by few segments, the page is
//    cut into bands at the full-width segments (a title, a wide table), and each band reads
//    its left column before its right one.
// 4. Lines become paragraphs at a larger vertical gap or a change of font size; a word
//    hyphenated at a line end is joined again ("govern-" + "ment" → "government"), while a
//    hyphen before a capital stays ("Franco-" + "German" → "Franco-German").
//
// Pure, over plain numbers: pdf.js is called in src/node/capture/pdf.ts. Near-linear: sorting,
// and binary searches for each candidate gutter.
// A segment's or paragraph's text is kept as pieces and joined once: testing the end of a string
// grown by `+=` makes V8 flatten it each time (80,000 lines in one paragraph took 3 to 4 minutes).

import { firstIndex } from '../bisect';
import { pushAll } from '../arrays';

export interface PdfRun {
  str: string;
  /** Left edge and baseline, in PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
}

export interface PdfPage {
  width: number;
  height: number;
  runs: PdfRun[];
}

interface Segment {
  x0: number;
  x1: number;
  y: number;
  size: number;
  text: string;
}

/** The pages' text, paragraphs separated by blank lines. */
export function layoutPdf(pages: readonly PdfPage[]): string {
  const segmented = pages.map((p) => ({ page: p, lines: baselines(p.runs) }));
  const running = runningLines(segmented.map((s) => s.lines));
  const paragraphs: string[] = [];
  for (const { page, lines } of segmented) {
    const edge = edgeLines(lines);
    const kept = lines.filter((line, i) => !(edge.has(i) && (running.has(signature(line)) || isPageNumber(line))));
    const segments = kept.flat();
    for (const column of readingOrder(segments, page.width)) pushAll(paragraphs, toParagraphs(column));
  }
  return paragraphs.filter((p) => p.trim() !== '').join('\n\n') + (paragraphs.length ? '\n' : '');
}

/** Runs grouped by baseline (top of the page first), each line split into segments at wide gaps. */
function baselines(runs: readonly PdfRun[]): Segment[][] {
  const visible = runs.filter((r) => r.str.trim() !== '' && Number.isFinite(r.x) && Number.isFinite(r.y));
  visible.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PdfRun[][] = [];
  for (const r of visible) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last[0].y - r.y) <= Math.max(1, 0.4 * Math.max(r.size, last[0].size))) last.push(r);
    else lines.push([r]);
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    const segs: Segment[] = [];
    // each segment's text as pieces (visible runs: never empty), joined once below
    const pieces: string[][] = [];
    for (const r of line) {
      const s = segs[segs.length - 1];
      const gap = s ? r.x - s.x1 : Infinity;
      if (s && gap < 1.5 * Math.max(r.size, 1)) {
        const own = pieces[pieces.length - 1];
        if (gap > 0.15 * r.size && !own[own.length - 1].endsWith(' ') && !r.str.startsWith(' ')) own.push(' ');
        own.push(r.str);
        s.x1 = Math.max(s.x1, r.x + r.width);
        s.size = Math.max(s.size, r.size);
      } else {
        segs.push({ x0: r.x, x1: r.x + r.width, y: r.y, size: r.size, text: '' });
        pieces.push([r.str]);
      }
    }
    segs.forEach((s, i) => (s.text = pieces[i].join('').replace(/\s+/g, ' ').trim()));
    return segs;
  });
}

const EDGE = 2;

/**
 * The lines set apart at the top and bottom of a page: up to EDGE lines before (after) a gap
 * wider than 1.5 times the page's usual line spacing. A body line is never one, even if a
 * page is short and its first line resembles the next page's.
 */
function edgeLines(lines: Segment[][]): Set<number> {
  const out = new Set<number>();
  const y = (i: number) => lines[i][0].y;
  const gaps = lines.slice(1).map((_, i) => y(i) - y(i + 1));
  // the line spacing: a low quantile, as the few wide gaps are exactly what is looked for
  const spacing = gaps.filter((g) => g > 0).sort((a, b) => a - b);
  const wide = 1.5 * (spacing[Math.floor(spacing.length / 4)] ?? 0);
  let top = 0;
  for (let k = 1; k <= EDGE && k < lines.length; k++) if (y(k - 1) - y(k) > wide) top = k;
  let bottom = 0;
  for (let k = 1; k <= EDGE && k < lines.length; k++) if (y(lines.length - k - 1) - y(lines.length - k) > wide) bottom = k;
  for (let i = 0; i < top; i++) out.add(i);
  for (let i = 0; i < bottom; i++) out.add(lines.length - 1 - i);
  return out;
}
const signature = (line: Segment[]) => line.map((s) => s.text).join(' ').toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
const isPageNumber = (line: Segment[]) => /^(?:page\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i.test(line.map((s) => s.text).join(' ').trim());

/** Signatures of the edge lines found on most pages (at least two, and at least half of them). */
function runningLines(pages: Segment[][][]): Set<string> {
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set<string>();
    for (const i of edgeLines(lines)) seen.add(signature(lines[i]));
    for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const need = Math.max(2, Math.ceil(pages.length / 2));
  return new Set([...counts].filter(([s, n]) => n >= need && s !== '').map(([s]) => s));
}

/**
 * Segments in reading order, as columns (lists of segments top to bottom). One column unless a
 * gutter in the middle half of the page is crossed by at most a tenth of the segments.
 */
function readingOrder(segments: Segment[], width: number): Segment[][] {
  if (segments.length === 0) return [];
  const byY = (a: Segment, b: Segment) => b.y - a.y || a.x0 - b.x0;
  const gutter = findGutter(segments, width);
  if (gutter === null) return [segments.sort(byY)];
  const out: Segment[][] = [];
  let left: Segment[] = [];
  let right: Segment[] = [];
  const flush = () => {
    if (left.length) out.push(left);
    if (right.length) out.push(right);
    left = [];
    right = [];
  };
  for (const s of segments.sort(byY)) {
    if (s.x1 <= gutter) left.push(s);
    else if (s.x0 >= gutter) right.push(s);
    else {
      flush();
      out.push([s]);
    }
  }
  flush();
  return out;
}

/**
 * The gutter: of the candidates (a right edge in the middle half, plus one, to a whole unit),
 * the first from the left crossed by fewest segments, if at most a tenth, with three or more
 * segments wholly on each side. A segment is left of x when x1 <= x, else right when x0 >= x,
 * else it crosses. The page box (so the width, and the number of candidates) is the file's to
 * say: each candidate is counted by binary searches in edges sorted once, not over all segments.
 */
function findGutter(segments: Segment[], width: number): number | null {
  const n = segments.length;
  // A segment crosses x when x0 < x and not x1 <= x. One whose x1 <= x0 (a negative width)
  // never does: x0 < x puts x1 below x too. For the others, x1 <= x implies x0 < x, so the
  // crossing ones are those with x0 < x less those with x1 <= x (an x1 of NaN never is).
  const right = Float64Array.from(segments, (s) => s.x1).filter((x) => !Number.isNaN(x)).sort();
  const spanning = segments.filter((s) => !(s.x1 <= s.x0));
  const spanLeft = Float64Array.from(spanning, (s) => s.x0).sort();
  const spanRight = Float64Array.from(spanning, (s) => s.x1).filter((x) => !Number.isNaN(x)).sort();
  const atMost = (xs: Float64Array, x: number) => firstIndex(xs.length, (k) => !(xs[k] <= x));
  const below = (xs: Float64Array, x: number) => firstIndex(xs.length, (k) => !(xs[k] < x));
  let best: { x: number; crossing: number } | null = null;
  const candidates = new Set(segments.map((s) => Math.round(s.x1 + 1)).filter((x) => x >= width * 0.25 && x <= width * 0.75));
  for (const x of [...candidates].sort((a, b) => a - b)) {
    const l = atMost(right, x);
    const crossing = below(spanLeft, x) - atMost(spanRight, x);
    const r = n - l - crossing;
    if (l >= 3 && r >= 3 && crossing <= n / 10 && (!best || crossing < best.crossing)) best = { x, crossing };
    if (best?.crossing === 0) break;
  }
  return best?.x ?? null;
}

/** One column's lines joined into paragraphs (see the header, step 4). */
function toParagraphs(column: Segment[]): string[] {
  const gaps: number[] = [];
  for (let i = 1; i < column.length; i++) gaps.push(column[i - 1].y - column[i].y);
  const usual = median(gaps.filter((g) => g > 0)) ?? 0;
  const paragraphs: string[] = [];
  let cur = new Paragraph('');
  for (let i = 0; i < column.length; i++) {
    const s = column[i];
    const prev = column[i - 1];
    const breakHere = !prev || s.y - prev.y > 0 || prev.y - s.y > usual * 1.4 + 0.5 || Math.abs(s.size - prev.size) > 0.5;
    if (breakHere) {
      if (!cur.empty) paragraphs.push(cur.text());
      cur = new Paragraph(s.text);
    } else cur.join(s.text);
  }
  if (!cur.empty) paragraphs.push(cur.text());
  return paragraphs;
}

/** Two lines of one paragraph: a hyphen at the end of the first is repaired (see the header). */
export function joinLines(a: string, b: string): string {
  const p = new Paragraph(a);
  p.join(b);
  return p.text();
}

/**
 * A paragraph's text as it grows line by line (joinLines, in linear time): its pieces, none
 * empty, joined once by text(). Only its last few characters are ever looked at.
 */
class Paragraph {
  private readonly pieces: string[] = [];

  constructor(first: string) {
    this.add(first);
  }

  get empty(): boolean {
    return this.pieces.length === 0;
  }

  /** The next line: after a space, or in place of the hyphen that ends the text so far. */
  join(b: string): void {
    // a letter (one code point: up to two units) then a hyphen or soft hyphen, at the very end
    const tail = this.tail(4);
    if (/(\p{L})[-\u00ad]$/u.test(tail)) {
      if (/^\p{Ll}/u.test(b) || tail.endsWith('\u00ad')) this.dropLast();
    } else this.add(' ');
    this.add(b);
  }

  text(): string {
    return this.pieces.join('');
  }

  private add(s: string): void {
    if (s) this.pieces.push(s);
  }

  /** The last n UTF-16 units of the text (all of it when shorter). */
  private tail(n: number): string {
    let t = '';
    for (let i = this.pieces.length - 1; i >= 0 && t.length < n; i--) t = this.pieces[i].slice(-(n - t.length)) + t;
    return t;
  }

  private dropLast(): void {
    const i = this.pieces.length - 1;
    const rest = this.pieces[i].slice(0, -1);
    if (rest) this.pieces[i] = rest;
    else this.pieces.pop();
  }
}

function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
