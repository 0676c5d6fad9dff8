// The YAML that Marginalia's own writer prints (sidecar-write.ts), read directly (issue 15).
// `marginalia check` on 10,000 sidecars spent half its time in js-yaml; a sidecar is nearly
// always the writer's shape: block mappings and lists, one scalar a line (plain, quoted, or a
// `|`/`>` block), one-line flow collections for tags, links, review and history (a history
// entry's list of tags inside it). This reads that shape in one pass over its lines, three to
// four times faster than js-yaml (10,000 sidecars: about 0.3 s of CPU against 1.1 s). Read too:
// whole-line comments, a list of flat flow mappings (a registry's `aliases: [{text: …,
// ignoreCase: true}]`), a long quoted or plain text folded over lines as the printers fold it,
// and CRLF line ends. With `subsetPlaces` it also says where each value starts, for the
// problems' lines and columns (located.ts).
//
// It is a shortcut, never a second reading of YAML: for any text it accepts, the value is the
// one js-yaml's CORE_SCHEMA `load` gives and the careful reader's (test/unit/yaml-subset.test.ts
// compares them on generated sidecars and registries and on thousands of mutations of them), and
// for anything else (a comment after a value, an anchor, an empty line inside a folded text, a
// tab, a number that is not a plain decimal, a duplicate key, nesting deeper than a sidecar
// needs) it answers undefined and the caller reads the file as before. Every step moves forward
// over the text: linear time on any input. The scalars themselves (quotes, escapes, plain
// values) are read in yaml-scalars.ts.

import { canStartPlain, doubleQuoted, doubleQuotedPart, out, resolvePlain, singleQuoted, singleQuotedPart, skipSpaces, SPACE, trimSpaces } from './yaml-scalars';

/** The value js-yaml would read, or undefined when the text is not in the subset read here. */
export function loadYamlSubset(text: string): unknown {
  if (OUTSIDE.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch {
    return undefined;
  }
}

/**
 * Where a value stands in the text, for a finding's path in the value loadYamlSubset reads
 * (rules/findings.ts): the offset the careful reader's node for that path starts at
 * (yamlutil.ts nodeAt, the `yaml` package's ranges), so that a file in the writer's shape
 * with a warning or an error is reported at the same line and column without the careful
 * parse (issue 15: ~1 MB/s; a 3 MB sidecar with one unresolved merge conflict took `check`
 * 3-4 s, and the store's host thread as long).
 */
export interface SubsetPlaces {
  /** The value read (the same as loadYamlSubset's). */
  value: unknown;
  /**
   * The offset of the node at `path`, or of the deepest node on it that exists; with `key`,
   * of the last step's key when it is a mapping's. As nodeAt: a step into a scalar, a missing
   * key or index, or a number into a mapping stops at the node before it.
   */
  offsetOf(path: readonly (string | number)[], key?: boolean): number;
}

/** Each container's children: where each value starts, and each mapping key. */
interface Place {
  at: number;
  key: number;
  child: unknown;
}

/** loadYamlSubset's value with where each of its nodes starts, or undefined outside the subset. */
export function subsetPlaces(text: string): SubsetPlaces | undefined {
  if (OUTSIDE.test(text)) return undefined;
  const places = new Map<object, Map<string | number, Place>>();
  let value: unknown;
  let root: number;
  try {
    const reader = new Reader(text, places);
    value = reader.document();
    root = reader.rootAt;
  } catch {
    return undefined;
  }
  const offsetOf = (path: readonly (string | number)[], key = false): number => {
    let node = value;
    let at = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const table = node !== null && typeof node === 'object' ? places.get(node) : undefined;
      const place = !table ? undefined : Array.isArray(node) ? (typeof seg === 'number' ? table.get(seg) : undefined) : table.get(String(seg));
      if (!place) return at;
      if (key && i === path.length - 1 && !Array.isArray(node)) return place.key;
      node = place.child;
      at = place.at;
    }
    return at;
  };
  return { value, offsetOf };
}

// Left to js-yaml: the control characters it refuses (and tabs, and carriage returns but in a
// CRLF line end), the line separators it may treat otherwise, a byte-order mark, and any
// surrogate (js-yaml refuses a lone one; one test over a character class is several times
// faster than telling pairs apart)
const OUTSIDE = /[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF\u2028\u2029]|\r(?!\n)/;


/**
 * Keys js-yaml would read as null or a boolean (the same text in the end, but not worth the
 * doubt), and `__proto__`, which set on a plain object changes its prototype: all left to the
 * careful reader.
 */
const SPECIAL_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__']);
/** Deeper than any sidecar (root, annotations, annotation, replies, reply, flow): not read here. */
const MAX_DEPTH = 8;
const MAX_KEY = 100;

/**
 * The keys a sidecar has, by first letter: a key read from the text is replaced by the same
 * string from here, which the engine has already hashed (a fresh slice costs a hash and a
 * lookup each time it names a property). Any other key is read all the same.
 */
const KNOWN_KEYS: string[][] = (() => {
  const keys = [
    'marginalia', 'source', 'reliability', 'provenance', 'history', 'annotations', 'id', 'kind', 'quote', 'prefix',
    'suffix', 'start', 'end', 'status', 'credibility', 'when', 'entity', 'note', 'tags', 'links', 'hypotheses',
    'review', 'author', 'created', 'updated', 'updatedBy', 'replies', 'conflicts', 'rel', 'to', 'at', 'by', 'field',
    'from', 'state', 'text', 'url', 'title', 'publisher', 'published', 'retrieved', 'sha256', 'capturedFrom', 'base', 'values',
  ];
  const table: string[][] = [];
  for (let c = 0; c < 128; c++) table.push([]);
  for (const k of keys) table[k.charCodeAt(0)].push(k);
  return table;
})();

const COLON = 0x3a;
const HASH = 0x23;
const DASH = 0x2d;
const PLUS = 0x2b;
const QUESTION = 0x3f;
const CR = 0x0d;

const isLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isKeyChar = (c: number) => isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f /* _ */ || c === DASH;

class Reader {
  /** Each line's first offset, end (before its line feed) and leading spaces. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  /** The line being read. */
  private i = 0;
  /** Where the last key, quoted scalar or flow collection ended. */
  next = 0;
  /** Where the value `value` last read starts (the `yaml` package's node range). */
  private valueAt = 0;
  /** Where the root mapping starts. */
  rootAt = 0;

  /** `places`: filled with where each container's children start (subsetPlaces), when given. */
  constructor(
    private readonly s: string,
    private readonly places?: Map<object, Map<string | number, Place>>,
  ) {
    const n = s.length;
    let from = 0;
    while (from < n) {
      let end = s.indexOf('\n', from);
      if (end < 0) end = n;
      let k = from;
      while (k < end && s.charCodeAt(k) === SPACE) k++;
      this.starts.push(from);
      // a CRLF line ends before its carriage return (one anywhere else is outside)
      this.ends.push(end > from && s.charCodeAt(end - 1) === CR ? end - 1 : end);
      this.indents.push(k - from);
      from = end + 1;
    }
  }

  document(): unknown {
    this.skipBlank();
    if (this.i >= this.starts.length || this.indents[this.i] !== 0) out();
    this.rootAt = this.starts[this.i];
    const root = this.blockMap(0, this.starts[this.i], 1);
    this.skipBlank();
    if (this.i < this.starts.length) out();
    return root;
  }

  private blank(k: number): boolean {
    return this.starts[k] + this.indents[k] === this.ends[k];
  }

  /** A line of spaces only, or a comment line (outside a block scalar, either is nothing). */
  private empty(k: number): boolean {
    const at = this.starts[k] + this.indents[k];
    return at === this.ends[k] || this.s.charCodeAt(at) === HASH;
  }

  private skipBlank(): void {
    while (this.i < this.starts.length && this.empty(this.i)) this.i++;
  }

  /** With places asked for: `child` of `parent` under `name` starts at `at`, its key (in a mapping) at `key`. */
  private place(parent: object, name: string | number, child: unknown, at: number, key = -1): void {
    const places = this.places!;
    let table = places.get(parent);
    if (!table) places.set(parent, (table = new Map()));
    table.set(name, { at, key, child });
  }

  /** After a one-line value: a more indented line next would continue it (or be an error). */
  private endOfValue(parent: number): void {
    this.i++;
    let k = this.i;
    while (k < this.starts.length && this.empty(k)) k++;
    if (k < this.starts.length && this.indents[k] > parent) out();
  }

  /** Whether line `k` is a list item (`- x` or `-`) at column `col`. */
  private seqItem(k: number, col: number): boolean {
    const at = this.starts[k] + col;
    return this.s.charCodeAt(at) === DASH && (at + 1 === this.ends[k] || this.s.charCodeAt(at + 1) === SPACE);
  }

  /**
   * The length of a key (a name and a colon, then spaces, or in a block the end of the line)
   * at `at`, or -1; `next` is set after the spaces.
   */
  private keyLength(at: number, end: number, flow: boolean): number {
    const s = this.s;
    if (!isLetter(s.charCodeAt(at))) return -1;
    let k = at + 1;
    while (k < end && isKeyChar(s.charCodeAt(k))) k++;
    const length = k - at;
    if (length > MAX_KEY || k >= end || s.charCodeAt(k) !== COLON) return -1;
    k++;
    if (s.charCodeAt(k) !== SPACE && (flow || k < end)) return -1;
    while (k < end && s.charCodeAt(k) === SPACE) k++;
    this.next = k;
    return length;
  }

  /** The key of `length` at `at`, checked against those already in `map`. */
  private key(map: Record<string, unknown>, at: number, length: number): string {
    const s = this.s;
    const first = s.charCodeAt(at);
    for (const k of KNOWN_KEYS[first]) {
      if (k.length === length && s.startsWith(k, at)) {
        if (map[k] !== undefined) out(); // no value read here is undefined
        return k;
      }
    }
    const key = s.slice(at, at + length);
    if (SPECIAL_KEYS.has(key) || Object.prototype.hasOwnProperty.call(map, key)) out();
    return key;
  }

  /** A block mapping whose entries start at column `indent`; the first one at offset `at` of this line. */
  private blockMap(indent: number, at: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) out();
    const map: Record<string, unknown> = {};
    for (;;) {
      const length = this.keyLength(at, this.ends[this.i], false);
      if (length < 0) out();
      const key = this.key(map, at, length);
      const v = (map[key] = this.value(this.next, indent, true, depth));
      if (this.places) this.place(map, key, v, this.valueAt, at);
      this.skipBlank();
      if (this.i >= this.starts.length) return map;
      const ind = this.indents[this.i];
      if (ind < indent) return map;
      if (ind > indent) out();
      at = this.starts[this.i] + indent;
    }
  }

  /** A block list whose `-` items are at column `indent`, the first on this line. */
  private blockSeq(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) out();
    const s = this.s;
    const list: unknown[] = [];
    for (;;) {
      const start = this.starts[this.i];
      const end = this.ends[this.i];
      let at = start + indent + 1;
      while (at < end && s.charCodeAt(at) === SPACE) at++;
      // `-` alone (its item on the next lines) and `- - x` are valid YAML, not the writer's
      if (at >= end || this.seqItem(this.i, at - start)) out();
      const item = this.keyLength(at, end, false) >= 0 ? this.blockMap(at - start, at, depth + 1) : this.value(at, indent, false, depth);
      if (this.places) this.place(list, list.length, item, at);
      list.push(item);
      this.skipBlank();
      if (this.i >= this.starts.length) return list;
      const ind = this.indents[this.i];
      if (ind < indent || (ind === indent && !this.seqItem(this.i, ind))) return list;
      if (ind > indent) out();
    }
  }

  /**
   * The value at offset `at` of this line (or on the lines below when the line ends there), in
   * a collection at column `parent`; leaves `i` on the first line after it.
   */
  private value(at: number, parent: number, inMap: boolean, depth: number): unknown {
    const s = this.s;
    const end = this.ends[this.i];
    // a value on the lines below starts there; an empty one where its line ends
    this.valueAt = at;
    if (at >= end) {
      this.i++;
      this.skipBlank();
      if (this.i >= this.starts.length) return null;
      const ind = this.indents[this.i];
      const start = this.starts[this.i] + ind;
      let v: unknown = null;
      if (ind > parent) v = this.seqItem(this.i, ind) ? this.blockSeq(ind, depth + 1) : this.blockMap(ind, start, depth + 1);
      // `key:` followed by its list at the same column
      else if (ind === parent && inMap && this.seqItem(this.i, ind)) v = this.blockSeq(ind, depth + 1);
      if (v !== null) this.valueAt = start;
      return v;
    }
    const ch = s.charCodeAt(at);
    let v: unknown;
    if (ch === 0x22 /* " */ || ch === 0x27 /* ' */) v = this.quotedLines(at, end, parent, ch === 0x22);
    else if (ch === 0x5b /* [ */) v = this.flowSeq(at, end);
    else if (ch === 0x7b /* { */) v = this.flowMap(at, end);
    else if (ch === 0x7c /* | */ || ch === 0x3e /* > */) return this.blockScalar(at, end, parent);
    else {
      // `-` or `?` and a character that is not a space start a plain scalar too (`-controlled media`)
      if (!canStartPlain(ch) && !((ch === DASH || ch === QUESTION) && at + 1 < end && s.charCodeAt(at + 1) !== SPACE)) out();
      let text = s.slice(at, this.plainLine(at, end));
      // folded over the lines below as the Document's printer folds a long text (a registry's
      // note): each more indented than the collection, starting as a plain text may
      for (let k = this.i + 1; k < this.starts.length && !this.blank(k) && this.indents[k] > parent; k = this.i + 1) {
        const from = this.starts[k] + this.indents[k];
        const c = s.charCodeAt(from);
        if (c === HASH) break; // a comment line: the text has ended
        if (!canStartPlain(c)) out();
        this.i = k;
        text += ' ' + s.slice(from, this.plainLine(from, this.ends[k]));
      }
      this.endOfValue(parent);
      return resolvePlain(text);
    }
    // nothing after it on its (last) line
    if (trimSpaces(s, this.next, this.ends[this.i]) !== this.next) out();
    this.endOfValue(parent);
    return v;
  }

  /**
   * A quoted scalar from `at`, on this line or folded over the lines below as the writer folds a
   * long one (each continuation line more indented than its collection at `parent`, no empty
   * line among them); leaves `i` on its last line. A line break folds to a space, the spaces
   * around it dropped; in double quotes, one escaped (`\` at the line's end) joins the lines.
   */
  private quotedLines(at: number, end: number, parent: number, double: boolean): string {
    const s = this.s;
    const part = double ? doubleQuotedPart : singleQuotedPart;
    let p: { text: string; open?: 'fold' | 'escaped' } = part(s, at + 1, end, this);
    let v = p.text;
    while (p.open !== undefined) {
      this.i++;
      if (this.i >= this.starts.length || this.blank(this.i) || this.indents[this.i] <= parent) out();
      if (p.open === 'fold') v += ' ';
      p = part(s, this.starts[this.i] + this.indents[this.i], this.ends[this.i], this);
      v += p.text;
    }
    return v;
  }

  /** The end of a plain text's line from `at` (its spaces after it left out), checked: no `: `, no final `:`, no ` #`. */
  private plainLine(at: number, end: number): number {
    const s = this.s;
    const last = trimSpaces(s, at, end);
    for (let k = at; k < last; k++) {
      const c = s.charCodeAt(k);
      // `: ` would make a key, a final `:` too; ` #` starts a comment
      if (c === COLON && (k + 1 === last || s.charCodeAt(k + 1) === SPACE)) out();
      if (c === HASH && s.charCodeAt(k - 1) === SPACE) out();
    }
    return last;
  }

  /** `|` or `>`, then `-`, `+` or nothing, and its lines (no indentation indicator). */
  private blockScalar(at: number, end: number, parent: number): string {
    const s = this.s;
    const headerEnd = trimSpaces(s, at, end);
    const chomp = headerEnd - at === 2 ? s.charCodeAt(at + 1) : 0;
    if (headerEnd - at > 2 || (chomp !== 0 && chomp !== DASH && chomp !== PLUS)) out();
    const literal = s.charCodeAt(at) === 0x7c;
    this.i++;
    const parts: string[] = [];
    let indent = -1;
    let leading = 0;
    while (this.i < this.starts.length) {
      const ind = this.indents[this.i];
      if (this.blank(this.i)) {
        // an empty line, or spaces only: the writer indents an empty first line; one longer
        // than the text's indentation would be text of spaces (or an error): not read here
        if (indent < 0) leading = Math.max(leading, ind);
        else if (ind > indent) out();
        parts.push('');
        this.i++;
        continue;
      }
      if (indent < 0) {
        if (ind <= parent) break;
        indent = ind;
        if (leading > indent) out();
      } else if (ind < indent) break;
      // a more indented line of a folded scalar keeps its line breaks: not read here
      if (!literal && ind > indent) out();
      parts.push(s.slice(this.starts[this.i] + indent, this.ends[this.i]));
      this.i++;
    }
    let n = parts.length;
    while (n > 0 && parts[n - 1] === '') n--;
    // the line after the scalar, if more indented than its collection, would be an error
    if (this.i < this.starts.length && this.indents[this.i] > parent) out();
    // kept line breaks up to a last line with none (the text ends without one): not read here
    if (chomp === PLUS && this.i >= this.starts.length && s.charCodeAt(s.length - 1) !== 0x0a) out();
    if (n === 0) {
      // empty lines only: kept, each is a line break; otherwise not read here
      if (chomp !== PLUS || parts.length === 0) out();
      return '\n'.repeat(parts.length);
    }
    let v: string;
    if (literal) v = (n === parts.length ? parts : parts.slice(0, n)).join('\n');
    else {
      v = '';
      let breaks = 0;
      let started = false;
      for (let k = 0; k < n; k++) {
        const p = parts[k];
        if (p === '') {
          breaks++;
          continue;
        }
        v += started && breaks === 0 ? ' ' : '\n'.repeat(breaks);
        v += p;
        started = true;
        breaks = 0;
      }
    }
    // strip: no final line break; clip: one; keep: every one, the empty lines' too
    return chomp === DASH ? v : chomp === PLUS ? v + '\n'.repeat(1 + parts.length - n) : v + '\n';
  }

  /**
   * `[a, "b", {k: v}]` of scalars and flat flow mappings (`maps`), or of scalars alone, closed
   * before `end`; `next` is set after it.
   */
  private flowSeq(at: number, end: number, maps = true): unknown[] {
    const s = this.s;
    const list: unknown[] = [];
    let j = skipSpaces(s, at + 1, end);
    if (s.charCodeAt(j) === 0x5d /* ] */ && j < end) {
      this.next = j + 1;
      return list;
    }
    for (;;) {
      const item = s.charCodeAt(j) === 0x7b /* { */ && j < end && maps ? this.flowMap(j, end) : this.flowScalar(j, end);
      if (this.places) this.place(list, list.length, item, j);
      list.push(item);
      j = skipSpaces(s, this.next, end);
      if (j >= end) out();
      const c = s.charCodeAt(j);
      if (c === 0x5d) {
        this.next = j + 1;
        return list;
      }
      if (c !== 0x2c /* , */) out();
      j = skipSpaces(s, j + 1, end);
    }
  }

  /**
   * `{k: v, k2: "w", k3: [a, b]}` of scalars and flow lists of scalars (a history entry of tags:
   * `{…, field: tags, from: [a], to: [a, b]}`), closed before `end`; `next` is set after it.
   */
  private flowMap(at: number, end: number): Record<string, unknown> {
    const s = this.s;
    const map: Record<string, unknown> = {};
    let j = skipSpaces(s, at + 1, end);
    if (s.charCodeAt(j) === 0x7d /* } */ && j < end) {
      this.next = j + 1;
      return map;
    }
    for (;;) {
      const length = this.keyLength(j, end, true);
      if (length < 0) out();
      const key = this.key(map, j, length);
      const v = this.next;
      const value = (map[key] = s.charCodeAt(v) === 0x5b /* [ */ && v < end ? this.flowSeq(v, end, false) : this.flowScalar(v, end));
      if (this.places) this.place(map, key, value, v, j);
      j = skipSpaces(s, this.next, end);
      if (j >= end) out();
      const c = s.charCodeAt(j);
      if (c === 0x7d) {
        this.next = j + 1;
        return map;
      }
      if (c !== 0x2c /* , */) out();
      j = skipSpaces(s, j + 1, end);
    }
  }

  /** A scalar inside a flow collection: quoted, or plain up to `,` `]` `}`; `next` is set after it. */
  private flowScalar(j: number, end: number): unknown {
    const s = this.s;
    if (j >= end) out();
    const ch = s.charCodeAt(j);
    if (ch === 0x22) return doubleQuoted(s, j, end, this);
    if (ch === 0x27) return singleQuoted(s, j, end, this);
    if (!canStartPlain(ch)) out();
    let k = j;
    for (; k < end; k++) {
      const x = s.charCodeAt(k);
      if (x === 0x2c /* , */ || x === 0x5d /* ] */ || x === 0x7d /* } */) break;
      // a nested collection; `#` after a space starts a comment
      if (x === 0x5b /* [ */ || x === 0x7b /* { */ || (x === HASH && s.charCodeAt(k - 1) === SPACE)) out();
      if (x === COLON) {
        const c = k + 1 < end ? s.charCodeAt(k + 1) : SPACE;
        if (c === SPACE || c === 0x2c || c === 0x5d || c === 0x7d || c === 0x5b || c === 0x7b) out();
      }
    }
    if (k >= end) out();
    this.next = k;
    return resolvePlain(s.slice(j, trimSpaces(s, j, k)));
  }
}
