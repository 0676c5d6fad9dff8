// Claim cues (issue #2, "Claim cues"): sentences that hedge or attribute — "reportedly",
// "according to", "based on unconfirmed information" — offered to the analyst as candidate
// claims. Only suggestions: the analyst decides what is a claim. Cues are matched with the
// same engine as entity mentions (whole words, ’ = ', white space runs = one space), always
// case-insensitively.
import { AliasAutomaton } from './mentions/automaton';
import { CodePointIndex } from './text/positions';
import { pieces } from './live/cueScan';

/** Built-in cues; `cues:` in marginalia.yaml adds more. Lower case, matched in any case. */
export const DEFAULT_CUES: string[] = [
  // Attribution to sources the reader cannot check
  'according to',
  'sources say',
  'sources said',
  'a source said',
  'sources close to',
  'a source close to',
  'unnamed source',
  'unnamed sources',
  'anonymous',
  'anonymously',
  'on condition of anonymity',
  'is said to',
  'are said to',
  'was said to',
  'were said to',
  'reportedly',
  'it was reported',
  'it is reported',
  'claimed',
  'claims that',
  'claiming that',
  'alleged',
  'allegedly',
  'purportedly',
  'supposedly',
  'rumoured',
  'rumored',
  // Hedging
  'it is likely',
  'is likely to',
  'are likely to',
  'it is believed',
  'is believed to',
  'are believed to',
  'it is thought',
  'is thought to',
  'appears to',
  'appear to',
  'appeared to',
  'seems to',
  'apparently',
  'presumably',
  'there are indications',
  'indications that',
  // Unverified information
  'unconfirmed',
  'based on unconfirmed information',
  'unverified',
  'could not be verified',
  'could not be independently verified',
  'cannot be independently verified',
  'has not been independently verified',
];

export interface CueSentence {
  /** The sentence, trimmed of surrounding white space; offsets in code points. */
  start: number;
  end: number;
  /** The first cue in the sentence, as listed (not as written in the text). */
  cue: string;
  sentence: string;
}

/**
 * ICU's sentence rules end a sentence at "Mr. " or "Gen. " (V8 has no abbreviation
 * suppression), which news copy is full of; such a break is undone. Also single initials.
 */
const ABBREVIATION = /(?:^|[\s(“"'‘])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Capt|Sgt|Cpl|Adm|Sen|Rep|Gov|Pres|Amb|St|Jr|Sr|vs|etc|approx|[A-Z])\.$/;

const SOFT_BREAK = /(?<=\S[^\S\r\n]*)\r?\n(?=[^\S\r\n]*\S)/g;

/** Finds cue sentences; build once per cue list and reuse across texts. */
export class CueFinder {
  private readonly cues: string[];
  private readonly automaton: AliasAutomaton;
  private readonly segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

  constructor(extraCues: readonly string[] = []) {
    this.cues = [...DEFAULT_CUES, ...extraCues.filter((c) => c.trim() !== '')];
    this.automaton = new AliasAutomaton(this.cues.map((text) => ({ text, ignoreCase: true })));
  }

  find(text: string): CueSentence[] {
    // Cues first: most texts have few, and a text with none needs no segmenting at all.
    const hits: number[] = []; // pairs: UTF-16 start, cue index
    this.automaton.scan(text, (cue, _s, _e, start16) => hits.push(start16, cue));
    if (hits.length === 0) return [];
    const cps = new CodePointIndex(text);
    const out: CueSentence[] = [];
    let h = 0;
    for (const [from, to] of this.sentences(text)) {
      if (h >= hits.length) break;
      if (hits[h] >= to) continue;
      const raw = text.slice(from, to);
      const lead = raw.length - raw.trimStart().length;
      const sentence = raw.trim();
      out.push({
        start: cps.toCodePoint(from + lead),
        end: cps.toCodePoint(from + lead + sentence.length),
        cue: this.cues[hits[h + 1]],
        sentence,
      });
      while (h < hits.length && hits[h] < to) h += 2;
    }
    return out;
  }

  /** Sentence spans [from, to) in UTF-16 units, abbreviation breaks undone. */
  private *sentences(text: string): Generator<[number, number]> {
    // ICU ends a sentence at every line break, but saved articles are often wrapped at 70–80
    // columns. A break between two lines with text is made a space (same length, so offsets
    // hold); a blank line still ends a paragraph and its sentence.
    const flat = text.replace(SOFT_BREAK, (m) => ' '.repeat(m.length));
    let from = -1;
    let to = 0;
    for (const s of this.segmenter.segment(flat)) {
      if (from < 0) from = s.index;
      to = s.index + s.segment.length;
      if (ABBREVIATION.test(s.segment.trimEnd())) continue;
      yield [from, to];
      from = -1;
    }
    if (from >= 0) yield [from, to];
  }
}

/**
 * Sentences of `text` holding a claim cue (default cues plus `extraCues`), in order. Found
 * paragraph by paragraph (live/cueScan.ts `pieces`, the same cut the editor's scan makes): V8's
 * sentence segmenter is quadratic in the length it is given (18 s for a 1 MB source in one go).
 */
export function findCueSentences(text: string, extraCues?: string[]): CueSentence[] {
  const finder = new CueFinder(extraCues);
  const cps = new CodePointIndex(text);
  const out: CueSentence[] = [];
  for (const [from, to] of pieces(text)) {
    const shift = cps.toCodePoint(from);
    for (const c of finder.find(text.slice(from, to))) out.push({ ...c, start: c.start + shift, end: c.end + shift });
  }
  return out;
}
