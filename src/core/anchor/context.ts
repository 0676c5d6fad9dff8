// How well the stored prefix and suffix agree with the text beside a candidate place. This is
// what tells one "Pashinyan" from the nineteen others, so it must tolerate small edits (a typo
// fixed next to the quote) yet give nothing for unrelated text. Unrelated 32-character snippets
// of news prose reach a raw edit similarity of 0.25 (median) to 0.5 (one in a thousand), so
// similarity is rescaled to put 0.5 at zero: what remains is evidence, not chance.

import { Pattern, reverseUnits } from './myers';

/** Raw similarity that unrelated text reaches by chance (see the file comment). */
export const CHANCE = 0.5;

export class Context {
  private readonly prefix: Pattern | null;
  private readonly suffix: Pattern | null;
  private readonly shiftedAt = new Map<number, { prefix: number | null; suffix: number | null }>();

  /** `prefix` and `suffix` folded, as stored. */
  constructor(prefix: string, suffix: string) {
    // The prefix is read backwards from the candidate's start, so its pattern is reversed.
    this.prefix = prefix.length > 0 ? new Pattern(reverseUnits(prefix)) : null;
    this.suffix = suffix.length > 0 ? new Pattern(suffix) : null;
  }

  get prefixLength(): number {
    return this.prefix?.length ?? 0;
  }

  get suffixLength(): number {
    return this.suffix?.length ?? 0;
  }

  get present(): boolean {
    return this.prefix !== null || this.suffix !== null;
  }

  /** Agreement of the stored prefix with the folded text ending at `a`, 0..1; null if none was stored. */
  prefixScore(text: string, a: number): number | null {
    return side(this.prefix, text, a, -1);
  }

  /** Agreement of the stored suffix with the folded text starting at `b`, likewise. */
  suffixScore(text: string, b: number): number | null {
    return side(this.suffix, text, b, 1);
  }

  /**
   * Each side's agreement when up to SKIP units right beside the quote are passed over: what
   * survives of the context when a marker, bullet or timestamp was put between it and the quote
   * (issue 12), which the anchored scores count as that many edits.
   */
  shifted(text: string, a: number, b: number): { prefix: number | null; suffix: number | null } {
    // A query is judged against one text: the same place is asked about by several stages.
    const key = a * 2 ** 22 + b;
    const known = this.shiftedAt.get(key);
    if (known) return known;
    const found = this.shiftedFresh(text, a, b);
    this.shiftedAt.set(key, found);
    return found;
  }

  private shiftedFresh(text: string, a: number, b: number): { prefix: number | null; suffix: number | null } {
    let prefix = this.prefixScore(text, a);
    let suffix = this.suffixScore(text, b);
    for (let g = 1; g <= SKIP; g++) {
      if (prefix !== null && prefix < 1 && a - g >= 0) prefix = Math.max(prefix, side(this.prefix, text, a - g, -1) ?? 0);
      if (suffix !== null && suffix < 1 && b + g <= text.length) suffix = Math.max(suffix, side(this.suffix, text, b + g, 1) ?? 0);
    }
    return { prefix, suffix };
  }

  /** The better side of `shifted`; 0 when no context was stored. */
  shiftedSupport(text: string, a: number, b: number): number {
    const { prefix, suffix } = this.shifted(text, a, b);
    return Math.max(prefix ?? 0, suffix ?? 0);
  }
}

/** Units passed over beside the quote by `shiftedSupport`: "🇦🇲 Update 📌 " is 15. */
const SKIP = 24;

function side(p: Pattern | null, text: string, origin: number, dir: 1 | -1): number | null {
  if (!p) return null;
  const m = p.length;
  // Context was stored on this side, and the text has nothing there: nothing agrees.
  const room = dir === 1 ? text.length - origin : origin;
  if (room === 0) return 0;
  // Room for a few inserted units: an edit inside the context should cost what it is.
  return rescale(1 - p.anchoredDistance(text, origin, m + (m >> 2) + 2, dir) / m);
}

/** Maps raw similarity to 0 at chance level and 1 at identity. */
export function rescale(similarity: number): number {
  return Math.max(0, (similarity - CHANCE) / (1 - CHANCE));
}
