// Claim cues of a whole document, paragraph by paragraph (core/live/cueScan.ts): the same
// sentences as one CueFinder.find over the text, from the cache after an edit, and in steps
// that a caller can pause between without changing the answer. Moved here from the integration
// suite (issue 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CueFinder } from '../../src/core/cues';
import fc from 'fast-check';
import { CueScan, pieces, uncovered } from '../../src/core/live/cueScan';

const SAMPLE = path.join(__dirname, '../../sample');
const ARTICLES = ['troops-withdrawn-from-sovren.txt', 'coup-plot-uncovered.txt', 'analysis/satellite-images-kareva.txt'];
const finder = new CueFinder(['sources close to', 'on condition of anonymity']);

/** Spans in code points, as CueFinder reports them. */
function inCodePoints(text: string, spans: { start: number; end: number; cue: string }[]): [number, number, string][] {
  return spans.map((c) => [[...text.slice(0, c.start)].length, [...text.slice(0, c.end)].length, c.cue]);
}

function article(rel: string): string {
  return fs.readFileSync(path.join(SAMPLE, rel), 'utf8') + '\n\n🙂 It was reportedly 🏛️ quiet.\n';
}

test('cue sentences paragraph by paragraph are those of the whole text (sample articles)', () => {
  for (const rel of ARTICLES) {
    const text = article(rel);
    const whole = finder.find(text).map((c) => [c.start, c.end, c.cue]);
    assert.ok(whole.length > 0, `${rel} has cues`);
    const scan = new CueScan();
    assert.deepEqual(inCodePoints(text, scan.scan(text, finder)), whole, rel);
    assert.deepEqual(inCodePoints(text, scan.scan(text, finder)), whole, `${rel}, from the cache`);
  }
});

test('after an edit only the changed paragraph is segmented again, with the same answer', () => {
  const text = article(ARTICLES[0]);
  const scan = new CueScan();
  scan.scan(text, finder);
  const edited = text.replace('\n\n', '\n\nAllegedly, a new first line.\n\n');
  const steps = scan.steps(edited, finder);
  let segmented = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) segmented++;
  assert.equal(segmented, 1, 'one paragraph was new');
  assert.deepEqual(inCodePoints(edited, r.value), finder.find(edited).map((c) => [c.start, c.end, c.cue]));
});

test('a scan abandoned half-way keeps its work, and the next scan answers right', () => {
  const text = ARTICLES.map(article).join('\n\n');
  const scan = new CueScan();
  const first = scan.steps(text, finder);
  for (let k = 0; k < 3; k++) first.next();
  let segmented = 0;
  const second = scan.steps(text, finder);
  let r = second.next();
  for (; !r.done; r = second.next()) segmented++;
  const all = [...pieces(text)].length;
  assert.ok(segmented <= all - 3, `${segmented} of ${all} paragraphs segmented again`);
  assert.deepEqual(inCodePoints(text, r.value), finder.find(text).map((c) => [c.start, c.end, c.cue]));
});

test('a text without blank lines is cut into pieces of at most 8,000 units, at line or sentence ends', () => {
  const sentence = 'The unit reportedly moved north overnight. ';
  const text = sentence.repeat(600);
  const cut = [...pieces(text)];
  assert.ok(cut.length > 1);
  for (const [from, to] of cut) {
    assert.ok(to - from <= 8_000);
    if (to < text.length) assert.ok(text.slice(0, to).endsWith('. '), 'cut after a sentence');
  }
  assert.deepEqual(cut.map(([f, t]) => text.slice(f, t)).join(''), text);
});

// The hints the editor shows: the cue sentences no claim overlaps. One sweep (the test of every
// cue against every claim was quadratic in a source's size), with the same answer.
test('uncovered keeps the cues no claim overlaps, in order, as the test of each pair does', () => {
  const span = fc.tuple(fc.nat(300), fc.nat(40)).map(([start, length]) => ({ start, end: start + length }));
  // cue sentences never overlap one another: made from cut points, in order
  const cues = fc.uniqueArray(fc.nat(400), { maxLength: 40 }).map((cuts) => {
    const points = [...cuts].sort((a, b) => a - b);
    const out: { start: number; end: number; cue: string }[] = [];
    for (let k = 0; k + 1 < points.length; k += 2) out.push({ start: points[k], end: points[k + 1], cue: `c${k}` });
    return out;
  });
  fc.assert(
    fc.property(cues, fc.array(span, { maxLength: 30 }), (found, claims) => {
      const naive = found.filter((c) => !claims.some((s) => s.start < c.end && c.start < s.end));
      assert.deepEqual(uncovered(found, claims), naive);
    }),
    { numRuns: 2000 },
  );
  // the cases by name: touching is not overlapping; a claim inside, around or across a cue is
  const cue = { start: 10, end: 20, cue: 'x' };
  assert.deepEqual(uncovered([cue], [{ start: 0, end: 10 }, { start: 20, end: 30 }]), [cue]);
  for (const claim of [{ start: 12, end: 14 }, { start: 0, end: 40 }, { start: 5, end: 11 }, { start: 19, end: 25 }]) assert.deepEqual(uncovered([cue], [claim]), [], JSON.stringify(claim));
  // a long claim early on still covers a later cue after many short ones
  assert.deepEqual(uncovered([{ start: 100, end: 110, cue: 'late' }], [{ start: 0, end: 200 }, ...Array.from({ length: 50 }, (_, k) => ({ start: k, end: k + 1 }))]), []);
});
