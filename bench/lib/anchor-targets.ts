// What an analyst annotates in a news article: claims (sentences and clauses) and entities
// (names, which repeat: the hard case for anchoring). Spans are code points.

import { CodePointIndex } from '../../src/core/text/positions';

export type TargetType = 'claim' | 'entity';

export interface Target {
  type: TargetType;
  start: number;
  end: number;
}

/** Capitalised words that start sentences rather than name things. */
const NOT_NAMES = new Set(
  (
    'The A An And But Or If In On At As By For From To Of With Without It Its He She They We You I This That These ' +
    'Those There Their His Her Our Your What When Where Which Who Why How After Before While During Since Until Although ' +
    'Though Because So Yet Now Then Also According Amid Despite However Meanwhile Moreover Still Even Such One Some Many ' +
    'Most Both Each Other Another More Not No Yes Related Popular Sign Help Support Photo Read See Mr Ms Dr'
  ).split(' '),
);

const NAME = /\p{Lu}[\p{L}\p{M}’'.-]*(?: \p{Lu}[\p{L}\p{M}’'.-]*)*/gu;

export function pickTargets(text: string): Target[] {
  const cp = new CodePointIndex(text);
  const span = (a: number, b: number) => ({ start: cp.toCodePoint(a), end: cp.toCodePoint(b) });
  const out: Target[] = [];
  const seen = new Set<string>();
  const add = (type: TargetType, a: number, b: number) => {
    const key = `${a}:${b}`;
    if (b > a && !seen.has(key)) {
      seen.add(key);
      out.push({ type, ...span(a, b) });
    }
  };

  // Segmented line by line: sentences here never span lines, and Intl.Segmenter slows down
  // badly on megabyte strings.
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const sentences: { segment: string; index: number }[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    for (const { segment, index } of segmenter.segment(line)) sentences.push({ segment, index: lineStart + index });
    lineStart += line.length + 1;
  }
  for (const { segment, index } of sentences) {
    const lead = segment.length - segment.trimStart().length;
    const body = segment.trim();
    const a = index + lead;
    // Body text only: navigation lists and bylines are not what analysts annotate.
    if (body.includes('\n') || body.length < 30 || body.length > 600 || words(body) < 6) continue;
    add('claim', a, a + body.length);
    // Clauses: the part of a sentence a claim often is.
    const clause = /[^,;:—]+/g;
    for (let m = clause.exec(body); m; m = clause.exec(body)) {
      const c = m[0].trim();
      const ca = a + m.index + (m[0].length - m[0].trimStart().length);
      if (c.length >= 25 && c.length < body.length - 5 && words(c) >= 4) add('claim', ca, ca + c.length);
    }
    NAME.lastIndex = 0;
    for (let m = NAME.exec(body); m; m = NAME.exec(body)) {
      let name = m[0].replace(/[’']s$/u, '').replace(/[.’'-]+$/u, '');
      if (NOT_NAMES.has(name)) continue;
      // "The Kremlin" → "Kremlin": a leading sentence word is not part of the name.
      const first = name.split(' ')[0];
      let skip = 0;
      if (NOT_NAMES.has(first) && name.includes(' ')) {
        skip = first.length + 1;
        name = name.slice(skip);
      }
      if (name.length < 2) continue;
      const na = a + m.index + skip;
      add('entity', na, na + name.length);
      // Each word of a longer name too ("Pashinyan" in "Prime Minister Nikol Pashinyan"):
      // short, often repeated quotes are where anchoring goes wrong.
      if (name.includes(' ')) {
        let off = 0;
        for (const w of name.split(' ')) {
          if (w.length >= 3 && !NOT_NAMES.has(w)) add('entity', na + off, na + off + w.length);
          off += w.length + 1;
        }
      }
    }
  }
  return out.sort((x, y) => x.start - y.start || y.end - x.end);
}

function words(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}
