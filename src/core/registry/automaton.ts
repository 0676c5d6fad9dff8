// Finds many phrases in a text in one left-to-right pass: the engine under entity mentions and
// claim cues (issue #2, "Mentions"). Matches are whole words, so a match can only begin where a
// word begins; from there a trie is walked as far as the text follows it and the deepest
// complete phrase that also ends on a word boundary wins. That is leftmost-longest by
// construction, costs one table lookup per character plus a short walk per word start, and the
// walk is bounded by the longest phrase, so the scan is linear in the text. (A failure-link
// Aho–Corasick automaton would also report matches starting inside words, only to throw them
// away at the boundary check.)
//
// Everything the hot loop touches is a typed array indexed by UTF-16 code unit or node number.
import { CH_HIGH, CH_WORD, astralCodePointIsWord, astralIsWord, charTable, utf8Decode, utf8Length } from './chars';
import { Trie } from './trie';

export interface Pattern {
  text: string;
  ignoreCase?: boolean;
}

/** Receives each match: the pattern's index, code point offsets, then UTF-16 offsets. */
export type MatchSink = (pattern: number, start: number, end: number, start16: number, end16: number) => void;

/** Bits of the per-automaton character table, on top of `CH_*` from chars.ts. */
const START_EXACT = 8;
const START_FOLDED = 16;
const START = START_EXACT | START_FOLDED;

/** A phrase as the tries store it: trimmed, inner white space runs made one space. */
export function normalizePattern(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

export class AliasAutomaton {
  /** Patterns that cannot be matched as whole words (empty, or no letter or digit at all). */
  readonly rejected: { pattern: number; reason: string }[] = [];
  /** Patterns that normalise to one already present: the earlier one is reported instead. */
  readonly duplicates: { pattern: number; of: number }[] = [];
  private readonly exact: Trie | null;
  private readonly folded: Trie | null;
  /** `CH_*` properties plus START_* bits for characters some phrase can begin with. */
  private readonly info: Uint8Array;
  private foundPattern = -1;

  constructor(patterns: readonly Pattern[]) {
    const chars = charTable();
    const exact: { text: string; index: number }[] = [];
    const folded: { text: string; index: number }[] = [];
    patterns.forEach((p, index) => {
      const text = normalizePattern(p.text);
      if (text === '') this.rejected.push({ pattern: index, reason: 'empty' });
      else if (!/[\p{L}\p{N}]/u.test(text)) this.rejected.push({ pattern: index, reason: 'has no letter or digit' });
      else (p.ignoreCase ? folded : exact).push({ text, index });
    });
    const dup = (pattern: number, of: number) => this.duplicates.push({ pattern, of });
    this.exact = exact.length ? new Trie(exact, false, chars, dup) : null;
    this.folded = folded.length ? new Trie(folded, true, chars, dup) : null;
    this.info = chars.slice();
    for (const [trie, bit] of [[this.exact, START_EXACT], [this.folded, START_FOLDED]] as const) {
      if (!trie) continue;
      const starts = trie.startClasses();
      const map = trie.classMap;
      for (let c = 0; c < 0x10000; c++) if (starts[map[c]]) this.info[c] |= bit;
    }
  }

  /**
   * Reports every match, left to right, non-overlapping, leftmost then longest, and returns
   * how many there were. Code point offsets are counted as the scan goes, so texts with emoji
   * cost nothing extra.
   *
   * One loop, one table lookup per character, and a branch that is almost never taken: word
   * starts whose character some phrase begins with. The test is arithmetic on the table bits
   * (`startsHere`), not a chain of ifs, because a mispredicted branch per word costs more than
   * everything else the loop does.
   */
  scan(text: string, sink: MatchSink): number {
    const info = this.info;
    const n = text.length;
    let pairs = 0; // surrogate pairs before i: code point offset = i - pairs
    let prev = 0; // table bits of the previous character (only CH_WORD matters)
    let count = 0;
    for (let i = 0; i < n; i++) {
      let f = info[text.charCodeAt(i)];
      let width = 1;
      if (f & CH_HIGH) {
        // An astral character: rare enough for the slow path, but it must be counted.
        if (i + 1 < n && isLow(text.charCodeAt(i + 1))) {
          f = (f & START) | (astralIsWord(text, i) ? CH_WORD : 0);
          width = 2;
        } else f = 0;
      }
      if (startsHere(f, prev)) {
        const end = this.longest(text, i, n, f);
        if (end > 0) {
          const start = i - pairs;
          for (let k = i; k < end - 1; k++) if (info[text.charCodeAt(k)] & CH_HIGH && isLow(text.charCodeAt(k + 1))) pairs++;
          sink(this.foundPattern, start, end - pairs, i, end);
          count++;
          // The phrase ended on a boundary: what follows may start a word.
          prev = 0;
          i = end - 1;
          continue;
        }
      }
      if (width === 2) {
        pairs++;
        i++;
      }
      prev = f;
    }
    return count;
  }

  /**
   * `scan` over UTF-8 bytes, which must be valid (check with `isUtf8`): the same matches,
   * with code point offsets (the sink's UTF-16 offsets are -1). Saves decoding the file,
   * which costs about as much as the scan.
   */
  scanUtf8(buf: Uint8Array, sink: MatchSink): number {
    const info = this.info;
    const n = buf.length;
    let extra = 0; // continuation bytes before i: code point offset = i - extra
    let prev = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const b = buf[i];
      let f: number;
      let len = 1;
      if (b < 0x80) f = info[b];
      else {
        len = utf8Length(b);
        f = this.infoOf(utf8Decode(buf, i));
      }
      if (startsHere(f, prev)) {
        const end = this.longestUtf8(buf, i, n, f);
        if (end > 0) {
          const start = i - extra;
          for (let k = i; k < end; k++) if ((buf[k] & 0xc0) === 0x80) extra++;
          sink(this.foundPattern, start, end - extra, -1, -1);
          count++;
          prev = 0;
          i = end - 1;
          continue;
        }
      }
      if (len > 1) {
        extra += len - 1;
        i += len - 1;
      }
      prev = f;
    }
    return count;
  }

  /** Table bits for any code point; astral ones take START from their high surrogate. */
  private infoOf(cp: number): number {
    if (cp <= 0xffff) return this.info[cp];
    const start = this.info[0xd800 + ((cp - 0x10000) >> 10)] & START;
    return start | (astralCodePointIsWord(cp) ? CH_WORD : 0);
  }

  private longestUtf8(buf: Uint8Array, i: number, n: number, f: number): number {
    let best = -1;
    if (f & START_EXACT) {
      best = this.exact!.walkUtf8(buf, i, n);
      if (best > 0) this.foundPattern = this.exact!.found;
    }
    if (f & START_FOLDED) {
      const end = this.folded!.walkUtf8(buf, i, n);
      if (end > best) {
        best = end;
        this.foundPattern = this.folded!.found;
      }
    }
    return best;
  }

  private longest(text: string, i: number, n: number, f: number): number {
    let best = -1;
    if (f & START_EXACT) {
      best = this.exact!.walk(text, i, n);
      if (best > 0) this.foundPattern = this.exact!.found;
    }
    if (f & START_FOLDED) {
      // A case-sensitive phrase wins a tie: it is the more specific spelling.
      const end = this.folded!.walk(text, i, n);
      if (end > best) {
        best = end;
        this.foundPattern = this.folded!.found;
      }
    }
    return best;
  }
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Whether a phrase may start at a character with table bits `f` after one with `prev`: some
 * phrase begins with it, and it is not a word character following another one. Branch-free:
 * `(prev & f & CH_WORD) - 1` is 0 inside a word and all ones elsewhere.
 */
function startsHere(f: number, prev: number): boolean {
  return (f & START & ((prev & f & CH_WORD) - 1)) !== 0;
}
