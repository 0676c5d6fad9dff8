// Finds many phrases in a text in one left-to-right pass: the engine under entity mentions and
// claim cues (issue #2, "Mentions"). Matches are whole words, so a match can only begin where a
// word begins; from there a trie is walked as far as the text follows it and the deepest
// complete phrase that also ends on a word boundary wins. That is leftmost-longest by
// construction and costs one table lookup per character plus a short walk per word start.
//
// A walk is short on real text, but not on hostile text: a shared registry with a 100 KB name
// that the text follows from every word would cost O(text × longest phrase) (issue 8, "Bounded
// cost"). So walks draw on a budget proportional to the text; a scan that exhausts it finishes
// with the reverse automaton of reverse.ts, an Aho–Corasick automaton with failure links that
// finds the longest phrase at every position in one linear pass. Both give the same matches
// (tested on generated texts with the budget at zero); real text never reaches the budget, so
// it keeps the walk's speed.
//
// Everything the hot loop touches is a typed array indexed by UTF-16 code unit or node number.
import { CH_HIGH, CH_WORD, astralCodePointIsWord, astralIsWord, charTable, isWordBefore, utf8Decode, utf8Length } from './chars';
import { ReverseAutomaton } from './reverse';
import { Trie, type CompiledTrie, type TrieEntry } from './trie';

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

/**
 * Trie walks may read this many units per unit of text, plus WALK_BUDGET_BASE, before a scan
 * switches to the reverse automaton. Real text spends well under one (walks stop within a
 * word or two).
 */
const WALK_BUDGET_PER_UNIT = 4;
const WALK_BUDGET_BASE = 1 << 16;

export interface AutomatonOptions {
  /**
   * Override of the walk budget (units; default proportional to the text). 0 makes every scan
   * use the reverse automaton: how tests check that both paths find the same matches.
   */
  walkBudget?: number;
}

/** The longest phrase at each offset from `from` on (end -1: none), from the reverse automaton. */
interface Longest {
  from: number;
  end: Int32Array;
  pattern: Int32Array;
}

/** A phrase as the tries store it: trimmed, inner white space runs made one space. */
export function normalizePattern(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** A built automaton as plain data (AliasAutomaton.compiled): what a worker thread restores instead of building. */
export interface CompiledAutomaton {
  rejected: { pattern: number; reason: string }[];
  duplicates: { pattern: number; of: number }[];
  exact: CompiledTrie | null;
  folded: CompiledTrie | null;
  info: Uint8Array;
  exactEntries: TrieEntry[];
  foldedEntries: TrieEntry[];
  options: AutomatonOptions;
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
  /** How far the last `longest` walks read (units or bytes). */
  private reached = 0;
  private readonly exactEntries: TrieEntry[] = [];
  private readonly foldedEntries: TrieEntry[] = [];
  /** Built on the first scan that needs them. */
  private exactReverse?: ReverseAutomaton;
  private foldedReverse?: ReverseAutomaton;

  /** This automaton as plain data; the reverse automata (built only for hostile text) are left out and built again when needed. */
  compiled(): CompiledAutomaton {
    const { rejected, duplicates, info, exactEntries, foldedEntries, options } = this;
    return { rejected, duplicates, info, exactEntries, foldedEntries, options, exact: this.exact?.compiled() ?? null, folded: this.folded?.compiled() ?? null };
  }

  static restore(c: CompiledAutomaton): AliasAutomaton {
    const restored = { ...c, exact: c.exact && Trie.restore(c.exact), folded: c.folded && Trie.restore(c.folded), foundPattern: -1, reached: 0 };
    return Object.assign(Object.create(AliasAutomaton.prototype) as AliasAutomaton, restored);
  }

  constructor(
    patterns: readonly Pattern[],
    private readonly options: AutomatonOptions = {},
  ) {
    const chars = charTable();
    const exact = this.exactEntries;
    const folded = this.foldedEntries;
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
    return this.scanText(text, 0, 0, 0, true, sink, this.budget(text.length));
  }

  /**
   * `scan` from UTF-16 offset `from`, the previous character having table bits `prev`; code
   * point offsets are counted from `cpBase`, and UTF-16 ones reported only when `utf16`. The
   * walks may read `budget` units; with none, the reverse automaton reads the text at once.
   */
  private scanText(text: string, from: number, prev: number, cpBase: number, utf16: boolean, sink: MatchSink, budget: number): number {
    const info = this.info;
    const n = text.length;
    let table: Longest | null = budget <= 0 ? this.longestFrom(text, from, (prev & CH_WORD) !== 0) : null;
    let pairs = 0; // surrogate pairs before i since `from`: code point offset = cpBase + i - from - pairs
    let count = 0;
    for (let i = from; i < n; i++) {
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
        let end: number;
        if (table) {
          end = table.end[i - table.from];
          this.foundPattern = table.pattern[i - table.from];
        } else {
          end = this.longest(text, i, n, f);
          budget -= this.reached - i;
          // Out of budget: the rest of the text is read once by the reverse automaton.
          if (budget < 0) table = this.longestFrom(text, i, isWordBefore(text, i, info));
        }
        if (end > 0) {
          const start = cpBase + i - from - pairs;
          for (let k = i; k < end - 1; k++) if (info[text.charCodeAt(k)] & CH_HIGH && isLow(text.charCodeAt(k + 1))) pairs++;
          if (utf16) sink(this.foundPattern, start, cpBase + end - from - pairs, i, end);
          else sink(this.foundPattern, start, cpBase + end - from - pairs, -1, -1);
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

  private budget(length: number): number {
    return this.options.walkBudget ?? WALK_BUDGET_PER_UNIT * length + WALK_BUDGET_BASE;
  }

  /** The reverse automata's answer for text[from, n), case-sensitive phrases winning ties. */
  private longestFrom(text: string, from: number, wordBefore: boolean): Longest {
    let out: Longest | null = null;
    for (const exact of [true, false]) {
      const trie = exact ? this.exact : this.folded;
      if (!trie) continue;
      const automaton = exact
        ? (this.exactReverse ??= new ReverseAutomaton(this.exactEntries, trie.classMap, this.info))
        : (this.foldedReverse ??= new ReverseAutomaton(this.foldedEntries, trie.classMap, this.info));
      const found = automaton.longestFrom(text, from, wordBefore);
      if (!out) out = { from, ...found };
      else {
        for (let k = 0; k < found.end.length; k++) {
          if (found.end[k] > out.end[k]) {
            out.end[k] = found.end[k];
            out.pattern[k] = found.pattern[k];
          }
        }
      }
    }
    return out ?? { from, end: new Int32Array(text.length - from + 1).fill(-1), pattern: new Int32Array(text.length - from + 1) };
  }

  /**
   * `scan` over UTF-8 bytes, which must be valid (check with `isUtf8`): the same matches,
   * with code point offsets (the sink's UTF-16 offsets are -1). Saves decoding the file,
   * which costs about as much as the scan.
   */
  scanUtf8(buf: Uint8Array, sink: MatchSink): number {
    const info = this.info;
    const n = buf.length;
    let budget = this.budget(n);
    if (budget <= 0) return this.finishUtf8(buf, 0, 0, 0, sink);
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
        budget -= this.reached - i;
        if (end > 0) {
          const start = i - extra;
          for (let k = i; k < end; k++) if ((buf[k] & 0xc0) === 0x80) extra++;
          sink(this.foundPattern, start, end - extra, -1, -1);
          count++;
          prev = 0;
          i = end - 1;
          if (budget < 0) return count + this.finishUtf8(buf, end, prev, end - extra, sink);
          continue;
        }
        if (budget < 0) return count + this.finishUtf8(buf, i, prev, i - extra, sink);
      }
      if (len > 1) {
        extra += len - 1;
        i += len - 1;
      }
      prev = f;
    }
    return count;
  }

  /**
   * The rest of a UTF-8 scan once the walks are out of budget: decoded from byte `from` (a
   * character start; the one before it had table bits `prev`) and scanned as a string.
   */
  private finishUtf8(buf: Uint8Array, from: number, prev: number, cpBase: number, sink: MatchSink): number {
    const rest = new TextDecoder().decode(buf.subarray(from));
    return this.scanText(rest, 0, prev, cpBase, false, sink, 0);
  }

  /** Table bits for any code point; astral ones take START from their high surrogate. */
  private infoOf(cp: number): number {
    if (cp <= 0xffff) return this.info[cp];
    const start = this.info[0xd800 + ((cp - 0x10000) >> 10)] & START;
    return start | (astralCodePointIsWord(cp) ? CH_WORD : 0);
  }

  private longestUtf8(buf: Uint8Array, i: number, n: number, f: number): number {
    let best = -1;
    let reached = i;
    if (f & START_EXACT) {
      best = this.exact!.walkUtf8(buf, i, n);
      reached = this.exact!.reached;
      if (best > 0) this.foundPattern = this.exact!.found;
    }
    if (f & START_FOLDED) {
      const end = this.folded!.walkUtf8(buf, i, n);
      reached += this.folded!.reached - i;
      if (end > best) {
        best = end;
        this.foundPattern = this.folded!.found;
      }
    }
    this.reached = reached;
    return best;
  }

  private longest(text: string, i: number, n: number, f: number): number {
    let best = -1;
    let reached = i;
    if (f & START_EXACT) {
      best = this.exact!.walk(text, i, n);
      reached = this.exact!.reached;
      if (best > 0) this.foundPattern = this.exact!.found;
    }
    if (f & START_FOLDED) {
      // A case-sensitive phrase wins a tie: it is the more specific spelling.
      const end = this.folded!.walk(text, i, n);
      reached += this.folded!.reached - i;
      if (end > best) {
        best = end;
        this.foundPattern = this.folded!.found;
      }
    }
    this.reached = reached;
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
