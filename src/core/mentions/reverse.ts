// The longest phrase starting at every position of a text, in one right-to-left pass that is
// linear in the text whatever the phrases' lengths: the safety net under the trie walks of
// automaton.ts (issue 8, "Bounded cost"). A walk from each word start is fast on real text but
// costs O(text × longest phrase) when a shared registry holds a 100 KB name the text follows
// for most of its length from every word.
//
// The trick: whole-word matching is plain string matching once word boundaries are symbols.
// Text and phrases are read as class numbers (trie.ts; a white-space run is one symbol) with a
// MARK wherever a word boundary falls; a phrase occurs as whole words exactly where its marked
// form occurs in the marked text (the marks inside it agree, since they depend on the same
// characters). Reversed, "the longest phrase starting here" becomes "the longest phrase ending
// here", which an Aho–Corasick automaton with failure links answers at every position.
import { CH_HIGH, CH_SPACE, CH_WORD, astralIsWord } from './chars';
import { SPACE_CLASS, type TrieEntry } from './trie';

/** The word-boundary symbol; class 0 (a character no phrase uses) never reaches the automaton. */
const MARK = 0;

export class ReverseAutomaton {
  /** Per node: failure link, and the longest phrase ending there (length in symbols, index). */
  private readonly fail: Int32Array;
  private readonly outLength: Int32Array;
  private readonly outPattern: Int32Array;
  /** Edges in an open-addressing hash: (node, symbol) → child; typed arrays, no garbage. */
  private readonly edgeNode: Int32Array;
  private readonly edgeSymbol: Int32Array;
  private readonly edgeTo: Int32Array;
  private readonly mask: number;

  /** `classMap` is the trie's for the same phrases (case folding and ’ = ' included). */
  constructor(
    entries: readonly TrieEntry[],
    private readonly classMap: Uint16Array,
    private readonly chars: Uint8Array,
  ) {
    const phrases = entries.map(({ text }) => this.marked(text));
    const most = phrases.reduce((sum, p) => sum + p.length, 1);
    let size = 1;
    while (size < 2 * most) size *= 2;
    this.mask = size - 1;
    this.edgeNode = new Int32Array(size).fill(-1);
    this.edgeSymbol = new Int32Array(size);
    this.edgeTo = new Int32Array(size);
    const parent = new Int32Array(most);
    const via = new Int32Array(most);
    const terminal = new Int32Array(most).fill(-1);
    const depth = new Int32Array(most);
    const firstChild = new Int32Array(most).fill(-1);
    const nextSibling = new Int32Array(most).fill(-1);
    let nodes = 1;
    phrases.forEach((marked, e) => {
      let node = 0;
      for (let k = marked.length - 1; k >= 0; k--) {
        let next = this.edge(node, marked[k]);
        if (next < 0) {
          next = nodes++;
          parent[next] = node;
          via[next] = marked[k];
          depth[next] = depth[node] + 1;
          nextSibling[next] = firstChild[node];
          firstChild[node] = next;
          this.addEdge(node, marked[k], next);
        }
        node = next;
      }
      // Of two phrases that coincide the first one listed is kept, as in the trie.
      if (terminal[node] < 0) terminal[node] = entries[e].index;
    });
    this.fail = new Int32Array(nodes);
    this.outLength = new Int32Array(nodes);
    this.outPattern = new Int32Array(nodes).fill(-1);
    // Breadth first, so that a node's failure target is finished before the node.
    const queue = new Int32Array(nodes);
    let tail = 1;
    for (let h = 0; h < tail; h++) {
      const u = queue[h];
      if (u !== 0) {
        const f = parent[u] === 0 ? 0 : this.next(this.fail[parent[u]], via[u]);
        this.fail[u] = f;
        if (terminal[u] >= 0) {
          this.outLength[u] = depth[u];
          this.outPattern[u] = terminal[u];
        } else {
          this.outLength[u] = this.outLength[f];
          this.outPattern[u] = this.outPattern[f];
        }
      }
      for (let v = firstChild[u]; v >= 0; v = nextSibling[v]) queue[tail++] = v;
    }
  }

  private slot(node: number, symbol: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(symbol + 1, 0x85ebca6b)) & this.mask;
  }

  /** The child of `node` along `symbol`, or -1. */
  private edge(node: number, symbol: number): number {
    for (let h = this.slot(node, symbol); ; h = (h + 1) & this.mask) {
      const at = this.edgeNode[h];
      if (at < 0) return -1;
      if (at === node && this.edgeSymbol[h] === symbol) return this.edgeTo[h];
    }
  }

  private addEdge(node: number, symbol: number, to: number): void {
    let h = this.slot(node, symbol);
    while (this.edgeNode[h] >= 0) h = (h + 1) & this.mask;
    this.edgeNode[h] = node;
    this.edgeSymbol[h] = symbol;
    this.edgeTo[h] = to;
  }

  /**
   * For each UTF-16 offset i of text[from, n), the end of the longest phrase that starts at i
   * on a word boundary and ends on one (-1 for none) and its index. `wordBefore`: whether the
   * character before `from` is a word character.
   */
  longestFrom(text: string, from: number, wordBefore: boolean): { end: Int32Array; pattern: Int32Array } {
    const n = text.length;
    const map = this.classMap;
    const chars = this.chars;
    const end = new Int32Array(n - from + 1).fill(-1);
    const pattern = new Int32Array(n - from + 1).fill(-1);
    // Text offset of each symbol read, by reading order: where a phrase's first mark was.
    const at = new Int32Array(2 * (n - from) + 2);
    let read = 0;
    let state = 0;
    let k = n;
    let afterWord = false; // the character at k
    for (;;) {
      // The character ending at k (a surrogate pair is one), and whether k is a boundary.
      let start = k - 1;
      let word = wordBefore;
      if (k > from) {
        const c = text.charCodeAt(start);
        if (c >= 0xdc00 && c <= 0xdfff && start > from && (chars[text.charCodeAt(start - 1)] & CH_HIGH) !== 0) {
          start--;
          word = astralIsWord(text, start);
        } else word = (chars[c] & CH_WORD) !== 0;
      }
      if (k === n || k === 0 || !word || !afterWord) {
        state = this.next(state, MARK);
        at[read++] = k;
        const len = this.outLength[state];
        if (len > 0) {
          end[k - from] = at[read - len];
          pattern[k - from] = this.outPattern[state];
        }
      }
      if (k === from) break;
      const c = text.charCodeAt(start);
      if (chars[c] & CH_SPACE) {
        // A run of white space is one symbol, as in a phrase.
        while (start > from && chars[text.charCodeAt(start - 1)] & CH_SPACE) start--;
        state = this.next(state, SPACE_CLASS);
        at[read++] = k;
      } else {
        for (let u = k - 1; u >= start; u--) {
          const cls = map[text.charCodeAt(u)];
          state = cls === 0 ? 0 : this.next(state, cls);
          at[read++] = u;
        }
      }
      afterWord = word;
      k = start;
    }
    return { end, pattern };
  }

  /** The automaton's move from `state` on `symbol`: an edge, else the failure links. */
  private next(state: number, symbol: number): number {
    for (;;) {
      const to = this.edge(state, symbol);
      if (to >= 0) return to;
      if (state === 0) return 0;
      state = this.fail[state];
    }
  }

  /** A normalised phrase as symbols, with MARK at each word boundary (both ends included). */
  private marked(text: string): number[] {
    const out: number[] = [];
    let prevWord = false;
    for (let k = 0; k < text.length; ) {
      const c = text.charCodeAt(k);
      const pair = (this.chars[c] & CH_HIGH) !== 0 && k + 1 < text.length && isLow(text.charCodeAt(k + 1));
      const word = pair ? astralIsWord(text, k) : (this.chars[c] & CH_WORD) !== 0;
      if (k === 0 || !word || !prevWord) out.push(MARK);
      if (this.chars[c] & CH_SPACE) out.push(SPACE_CLASS);
      else {
        out.push(this.classMap[c]);
        if (pair) out.push(this.classMap[text.charCodeAt(k + 1)]);
      }
      prevWord = word;
      k += pair ? 2 : 1;
    }
    out.push(MARK);
    return out;
  }
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
