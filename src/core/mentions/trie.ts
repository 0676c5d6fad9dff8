// The trie the mention scanner walks from each word start (see automaton.ts). Its layout is
// chosen for the cache, which decides the speed here: nodes are numbered breadth-first with
// each node's children consecutive and sorted by character class, so a node is "first child,
// child count" and the shallow nodes every capitalised word visits sit together; the root and
// the busiest nodes near it also get a dense row indexed by class. (A first version kept the
// edges in a hash keyed by (node, class): its random probes into megabytes of table made the
// whole scan about a third slower.)
import { APOSTROPHE, CH_SPACE, RIGHT_QUOTE, foldTable, isWordAt, isWordAtUtf8, isWordBefore, utf8Decode, utf8Length } from './chars';

/** Class 1 is white space: any run of it in the text stands for one space in a phrase. */
export const SPACE_CLASS = 1;
const SPACE = 0x20;
/** Above this many children a node gets a dense row rather than a linear scan… */
const LINEAR_MAX = 6;
/** …while the rows fit in this many Int32s (4 MB), shallowest nodes first. */
const WIDE_BUDGET = 1 << 20;

export interface TrieEntry {
  /** Normalised: trimmed, white space runs made one space. */
  text: string;
  /** Reported on a match; on duplicates the smallest index wins. */
  index: number;
}

/** A built trie as plain data (typed arrays), to hand to a worker thread instead of building it again there. */
export interface CompiledTrie {
  classMap: Uint16Array;
  data: Int32Array;
  edgeClass: Uint16Array;
  wide: Int32Array;
  classes: number;
  chars: Uint8Array;
}

export class Trie {
  /** UTF-16 code unit → class; 0 for characters no phrase uses. */
  readonly classMap = new Uint16Array(0x10000);
  /**
   * Per node, four Int32s side by side so that one cache line serves a step of the walk:
   * first child, child count, pattern ending here (-1 for none), and flags: bit 0 set when
   * that pattern ends with a word character (the text must not go on with one), the bits
   * above it the node's row in `wide` plus one (0 when it has none).
   */
  private readonly data: Int32Array;
  /** Class of the edge into each node, for the children's linear scan. */
  private readonly edgeClass: Uint16Array;
  /**
   * Dense child rows, `classes` Int32s each (-1 = no edge), for the root and the busiest nodes
   * near it: a capitalised word with no entry would otherwise scan twenty-odd children.
   */
  private readonly wide: Int32Array;
  private readonly classes: number;
  /** Pattern of the last successful `walk`. */
  found = -1;
  /** How far the last walk read (UTF-16 units or bytes): its cost, for automaton.ts's budget. */
  reached = 0;

  /**
   * `folded`: every case variant of a character gets the same class (ignoreCase phrases).
   * ’ and ' always share one. Reports patterns that end on the same node as an earlier one.
   */
  /** This trie as plain data; `Trie.restore` makes it a trie again (elsewhere, after a structured clone). */
  compiled(): CompiledTrie {
    return { classMap: this.classMap, data: this.data, edgeClass: this.edgeClass, wide: this.wide, classes: this.classes, chars: this.chars };
  }

  static restore(c: CompiledTrie): Trie {
    return Object.assign(Object.create(Trie.prototype) as Trie, { ...c, found: -1, reached: 0 });
  }

  constructor(
    entries: readonly TrieEntry[],
    folded: boolean,
    private readonly chars: Uint8Array,
    onDuplicate: (pattern: number, of: number) => void,
  ) {
    // One small function per phase, not one long constructor: V8 optimizes a hot loop in the
    // middle of a function (on-stack replacement), then throws that code away at the next loop it
    // has not seen run, and optimizes again, a dozen times over (issue 15: ~400 ms of a core's
    // compiling in each worker that built a 5,000-entity matcher).
    const fold = folded ? foldTable() : null;
    const { keyClass, classes, units } = phraseClasses(entries, fold);
    this.classes = classes;
    fillClassMap(this.classMap, chars, keyClass, fold);
    const { offset, codes } = encodePhrases(entries, this.classMap, units);
    const data = new Int32Array((units + 1) * 4);
    data[2] = -1;
    this.data = data;
    this.edgeClass = new Uint16Array(units + 1);
    const { at, nodes } = numberNodes(entries.length, offset, codes, classes, data, this.edgeClass);
    markEnds(entries, at, data, chars, onDuplicate);
    this.wide = wideRows(data, this.edgeClass, nodes, classes);
  }

  /** Per class, 1 when some phrase starts with it. */
  startClasses(): Uint8Array {
    return Uint8Array.from(this.wide.subarray(0, this.classes), (child) => (child > 0 ? 1 : 0));
  }

  /** The child of `node` along `cls`, or -1. */
  private child(node: number, cls: number): number {
    const data = this.data;
    const row = data[node * 4 + 3] >> 1;
    if (row > 0) return this.wide[(row - 1) * this.classes + cls];
    const edge = this.edgeClass;
    const first = data[node * 4];
    const end = first + data[node * 4 + 1];
    for (let c = first; c < end; c++) {
      const k = edge[c];
      if (k >= cls) return k === cls ? c : -1;
    }
    return -1;
  }

  /**
   * The end (UTF-16, exclusive) of the longest phrase that starts at `i` and ends on a word
   * boundary, or -1; the phrase is left in `found`. The caller has checked that the root has
   * an edge for the character at `i` and that `i` is a word start.
   */
  walk(text: string, i: number, n: number): number {
    const map = this.classMap;
    const chars = this.chars;
    const data = this.data;
    let node = this.wide[map[text.charCodeAt(i)]];
    let j = i + 1;
    let best = -1;
    for (;;) {
      const p = data[node * 4 + 2];
      if (p >= 0 && ((data[node * 4 + 3] & 1) === 0 || !isWordAt(text, j, chars))) {
        best = j;
        this.found = p;
      }
      if (j >= n) break;
      const cls = map[text.charCodeAt(j)];
      if (cls === 0) break;
      // The edge first: a white-space run is read only by a walk that goes on through it,
      // so `reached` accounts for everything read.
      const next = this.child(node, cls);
      if (next < 0) break;
      let after = j + 1;
      if (cls === SPACE_CLASS) while (after < n && chars[text.charCodeAt(after)] & CH_SPACE) after++;
      node = next;
      j = after;
    }
    this.reached = j;
    return best;
  }

  /** `walk` over UTF-8 bytes: offsets are byte offsets, each code point one or two steps. */
  walkUtf8(buf: Uint8Array, i: number, n: number): number {
    const map = this.classMap;
    const chars = this.chars;
    const data = this.data;
    let node = 0;
    let j = i;
    let best = -1;
    for (;;) {
      if (node !== 0) {
        const p = data[node * 4 + 2];
        if (p >= 0 && ((data[node * 4 + 3] & 1) === 0 || !isWordAtUtf8(buf, j, n, chars))) {
          best = j;
          this.found = p;
        }
      }
      if (j >= n) break;
      const b = buf[j];
      const cp = b < 0x80 ? b : utf8Decode(buf, j);
      if (cp > 0xffff) {
        // Phrases are stored in UTF-16 units: an astral character is two steps.
        const hi = map[0xd800 + ((cp - 0x10000) >> 10)];
        const lo = map[0xdc00 + (cp & 0x3ff)];
        const mid = hi === 0 ? -1 : this.child(node, hi);
        const next = mid < 0 || lo === 0 ? -1 : this.child(mid, lo);
        if (next < 0) break;
        node = next;
        j += 4;
        continue;
      }
      const cls = map[cp];
      if (cls === 0) break;
      const next = this.child(node, cls);
      if (next < 0) break;
      let after = j + (b < 0x80 ? 1 : utf8Length(b));
      if (cls === SPACE_CLASS) {
        while (after < n) {
          const c = buf[after];
          if (c < 0x80 ? !(chars[c] & CH_SPACE) : !(chars[utf8Decode(buf, after)] & CH_SPACE)) break;
          after += c < 0x80 ? 1 : utf8Length(c);
        }
      }
      node = next;
      j = after;
    }
    this.reached = j;
    return best;
  }
}

/** Classes are numbered densely, so the root's row is small and a class fits 16 bits: by folded unit, with ' made ’. */
function phraseClasses(entries: readonly TrieEntry[], fold: Uint16Array | null): { keyClass: Uint16Array; classes: number; units: number } {
  const keyClass = new Uint16Array(0x10000);
  keyClass[SPACE] = SPACE_CLASS;
  let classes = SPACE_CLASS;
  let units = 0;
  for (const { text } of entries) {
    units += text.length;
    for (let k = 0; k < text.length; k++) {
      let u = text.charCodeAt(k);
      if (fold) u = fold[u];
      if (u === APOSTROPHE) u = RIGHT_QUOTE;
      if (keyClass[u] === 0) keyClass[u] = ++classes;
    }
  }
  return { keyClass, classes: classes + 1, units };
}

/** Every code unit's class: white space is one class, and ' reads as ’. */
function fillClassMap(map: Uint16Array, chars: Uint8Array, keyClass: Uint16Array, fold: Uint16Array | null): void {
  for (let c = 0; c < 0x10000; c++) map[c] = chars[c] & CH_SPACE ? SPACE_CLASS : keyClass[fold ? fold[c] : c];
  map[APOSTROPHE] = map[RIGHT_QUOTE];
}

/** Every phrase as class numbers, end to end; phrase e is codes[offset[e]..offset[e + 1]). */
function encodePhrases(entries: readonly TrieEntry[], map: Uint16Array, units: number): { offset: Int32Array; codes: Uint16Array } {
  const offset = new Int32Array(entries.length + 1);
  const codes = new Uint16Array(units);
  for (let e = 0; e < entries.length; e++) {
    const text = entries[e].text;
    const o = offset[e];
    for (let k = 0; k < text.length; k++) codes[o + k] = map[text.charCodeAt(k)];
    offset[e + 1] = o + text.length;
  }
  return { offset, codes };
}

/**
 * Nodes are numbered one depth at a time. At each depth the phrases still going are put in
 * (node so far, class of the next character) order by two stable sorts, and each new pair is a
 * new node: children of one node come out consecutive, in class order, after the children of
 * every node numbered before it (breadth-first). Returns the node each phrase ends on.
 */
function numberNodes(
  phrases: number,
  offset: Int32Array,
  codes: Uint16Array,
  classes: number,
  data: Int32Array,
  edgeClass: Uint16Array,
): { at: Int32Array; nodes: number } {
  const level: Level = {
    offset,
    codes,
    classes,
    data,
    edgeClass,
    at: new Int32Array(phrases), // node reached so far by each phrase
    byClass: new Int32Array(phrases),
    active: Int32Array.from({ length: phrases }, (_, k) => k), // phrases still going, in node order
    sorted: new Int32Array(phrases),
    count: new Int32Array(Math.max(classes, codes.length + 1) + 1),
    nodes: 1,
    levelStart: 0, // the parents of this depth are the nodes numbered from here on
  };
  for (let depth = 0, m = phrases; m > 0; depth++) {
    sortByClass(level, depth, m);
    sortByParent(level, m);
    m = numberLevel(level, depth, m);
    // The phrases still going, in node order: what the next depth's sort expects.
    [level.active, level.sorted] = [level.sorted, level.active];
  }
  return { at: level.at, nodes: level.nodes };
}

/** numberNodes' working state, from one depth to the next. */
interface Level {
  offset: Int32Array;
  codes: Uint16Array;
  classes: number;
  data: Int32Array;
  edgeClass: Uint16Array;
  at: Int32Array;
  byClass: Int32Array;
  active: Int32Array;
  sorted: Int32Array;
  count: Int32Array;
  nodes: number;
  levelStart: number;
}

/**
 * The `m` phrases still going, stable by the class of their character at `depth`, into
 * `byClass`. A counting sort costs the number of classes at every depth, so a long phrase of
 * many distinct characters would make it quadratic: few phrases still going are sorted by
 * comparison instead, position in `active` breaking ties.
 */
function sortByClass(l: Level, depth: number, m: number): void {
  const { offset, codes, active, byClass, count, classes } = l;
  if (m * 8 < classes) {
    const keys = new Float64Array(m);
    for (let k = 0; k < m; k++) keys[k] = codes[offset[active[k]] + depth] * 2 ** 32 + k;
    keys.sort();
    for (let k = 0; k < m; k++) byClass[k] = active[keys[k] % 2 ** 32];
    return;
  }
  count.fill(0, 0, classes + 1);
  for (let k = 0; k < m; k++) count[codes[offset[active[k]] + depth] + 1]++;
  for (let c = 1; c <= classes; c++) count[c] += count[c - 1];
  for (let k = 0; k < m; k++) byClass[count[codes[offset[active[k]] + depth]]++] = active[k];
}

/** …then stable by parent node, into `sorted`. */
function sortByParent(l: Level, m: number): void {
  const { at, byClass, sorted, count, levelStart } = l;
  const parents = l.nodes - levelStart;
  count.fill(0, 0, parents + 1);
  for (let k = 0; k < m; k++) count[at[byClass[k]] - levelStart + 1]++;
  for (let p = 1; p <= parents; p++) count[p] += count[p - 1];
  for (let k = 0; k < m; k++) sorted[count[at[byClass[k]] - levelStart]++] = byClass[k];
}

/** A node for each new (parent, class) pair at `depth`; returns how many phrases go on, left at the front of `sorted`. */
function numberLevel(l: Level, depth: number, m: number): number {
  const { offset, codes, data, edgeClass, at, sorted } = l;
  let nodes = l.nodes;
  l.levelStart = nodes;
  let lastParent = -1;
  let lastClass = -1;
  let going = 0;
  for (let k = 0; k < m; k++) {
    const e = sorted[k];
    const parent = at[e];
    const cls = codes[offset[e] + depth];
    if (parent !== lastParent || cls !== lastClass) {
      const id = nodes++;
      edgeClass[id] = cls;
      data[id * 4 + 2] = -1;
      if (data[parent * 4 + 1]++ === 0) data[parent * 4] = id;
      lastParent = parent;
      lastClass = cls;
    }
    at[e] = nodes - 1;
    if (offset[e + 1] - offset[e] > depth + 1) sorted[going++] = e;
  }
  l.nodes = nodes;
  return going;
}

/** Each phrase's end node, in registry order, so that of two phrases that coincide the first one is kept. */
function markEnds(entries: readonly TrieEntry[], at: Int32Array, data: Int32Array, chars: Uint8Array, onDuplicate: (pattern: number, of: number) => void): void {
  for (let e = 0; e < entries.length; e++) {
    const { text, index } = entries[e];
    const node = at[e];
    if (data[node * 4 + 2] >= 0) {
      onDuplicate(index, data[node * 4 + 2]);
      continue;
    }
    data[node * 4 + 2] = index;
    if (isWordBefore(text, text.length, chars)) data[node * 4 + 3] |= 1;
  }
}

/** Dense child rows for the root and the busiest shallow nodes; breadth-first numbering makes those simply the first ones. */
function wideRows(data: Int32Array, edgeClass: Uint16Array, nodes: number, classes: number): Int32Array {
  const rows: number[] = [];
  for (let node = 0; node < nodes && (rows.length + 1) * classes <= WIDE_BUDGET; node++) {
    if (node === 0 || data[node * 4 + 1] > LINEAR_MAX) rows.push(node);
  }
  const wide = new Int32Array(rows.length * classes).fill(-1);
  rows.forEach((node, row) => {
    data[node * 4 + 3] |= (row + 1) << 1;
    const first = data[node * 4];
    for (let c = first; c < first + data[node * 4 + 1]; c++) wide[row * classes + edgeClass[c]] = c;
  });
  return wide;
}
