// Claim cues over a whole document, paragraph by paragraph, remembering each paragraph's result.
//
// Why not CueFinder.find(wholeText): V8's Intl.Segmenter is quadratic in the length of the
// string it segments (measured on the sample articles repeated: 100 kB 0.2 s, 300 kB 2.5 s,
// 1 MB 44 s), which would freeze the extension host on a long source. Sentences never cross a
// blank line (CueFinder ends a sentence there too), so paragraphs can be segmented one by one
// with the same result; and after an edit only the paragraph that changed is looked at again.
// No 'vscode' import: plain strings and offsets.
import type { CueFinder } from '../cues';
import { CodePointIndex } from '../text/positions';

/** A cue sentence in UTF-16 offsets (the editor's), with the cue that flagged it. */
export interface CueSpan {
  start: number;
  end: number;
  cue: string;
}

/** Pieces longer than this (a source without blank lines) are cut at line or sentence ends. */
const MAX_PIECE = 8_000;

export class CueScan {
  private finder: CueFinder | undefined;
  /** Paragraph text → its cue sentences (relative UTF-16 offsets), from the last full scan and any since. */
  private cache = new Map<string, CueSpan[]>();

  scan(text: string, finder: CueFinder): CueSpan[] {
    const steps = this.steps(text, finder);
    for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
  }

  /**
   * The same scan in steps, for a caller that must not hold its thread for long (a host without
   * the worker thread, issue 15): it yields after each paragraph it had to segment (a cached one costs
   * nothing) and returns the cue sentences. A scan abandoned half-way keeps what it segmented
   * for the next one.
   */
  *steps(text: string, finder: CueFinder): Generator<void, CueSpan[], void> {
    if (finder !== this.finder) {
      this.finder = finder;
      this.cache.clear();
    }
    const next = new Map<string, CueSpan[]>();
    const out: CueSpan[] = [];
    for (const [from, to] of pieces(text)) {
      const piece = text.slice(from, to);
      let found = next.get(piece) ?? this.cache.get(piece);
      if (!found) {
        const index = new CodePointIndex(piece);
        found = finder.find(piece).map((c) => ({ start: index.toUtf16(c.start), end: index.toUtf16(c.end), cue: c.cue }));
        this.cache.set(piece, found);
        next.set(piece, found);
        yield;
      }
      next.set(piece, found);
      for (const c of found) out.push({ start: c.start + from, end: c.end + from, cue: c.cue });
    }
    // only this text's paragraphs are kept: memory follows the document, not its history
    this.cache = next;
    return out;
  }
}

/** [from, to) of each paragraph (split at blank lines), long ones cut further. */
export function* pieces(text: string): Generator<[number, number]> {
  const blank = /\n[ \t\r]*\n/g;
  let from = 0;
  for (let m = blank.exec(text); m; m = blank.exec(text)) {
    yield* cut(text, from, m.index);
    from = m.index + m[0].length;
  }
  yield* cut(text, from, text.length);
}

function* cut(text: string, from: number, to: number): Generator<[number, number]> {
  while (to - from > MAX_PIECE) {
    // the last line break in the window, else the last sentence end, else the last space
    const window = text.slice(from, from + MAX_PIECE);
    let at = window.lastIndexOf('\n') + 1;
    if (at <= 0) {
      const ends = [...window.matchAll(/[.!?][”"’')\]]*\s+/g)];
      const last = ends.at(-1);
      at = last && last.index > 0 ? last.index + last[0].length : window.lastIndexOf(' ') + 1;
    }
    if (at <= 0) at = MAX_PIECE;
    yield [from, from + at];
    from += at;
  }
  if (to > from) yield [from, to];
}

/**
 * The cue sentences no span of `covered` overlaps (a claim already there), in their order: both
 * sorted, then one sweep, n log n however many of each a hostile source holds (a test of every
 * cue against every claim was cues × claims, both growing with the text).
 */
export function uncovered<T extends { start: number; end: number }>(cues: readonly T[], covered: readonly { start: number; end: number }[]): T[] {
  const byStart = [...covered].sort((a, b) => a.start - b.start);
  const order = cues.map((_, k) => k).sort((a, b) => cues[a].end - cues[b].end || a - b);
  const keep = new Uint8Array(cues.length);
  // the spans starting before the cue's end; one of them overlaps it iff the latest end among
  // them is past the cue's start (cues taken in order of their ends, so the set only grows)
  let j = 0;
  let maxEnd = -Infinity;
  for (const k of order) {
    const cue = cues[k];
    while (j < byStart.length && byStart[j].start < cue.end) maxEnd = Math.max(maxEnd, byStart[j++].end);
    if (!(maxEnd > cue.start)) keep[k] = 1;
  }
  return cues.filter((_, k) => keep[k] === 1);
}
