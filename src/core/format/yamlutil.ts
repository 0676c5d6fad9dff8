// Shared by the sidecar and workspace readers: parsing untrusted YAML into a Document with
// positions, and turning node ranges into 1-based line/column problems.
import * as YAML from 'yaml';
import type { Problem } from '../types';
import { MAX_DEPTH, TOO_DEEP } from './rules/depth';
import type { Finding, Path } from './rules/findings';

/** The line width every Marginalia file is printed at (sidecars, the registry, merged files). */
export const LINE_WIDTH = 100;

/**
 * How the yaml library prints every file Marginalia writes. `doubleQuotedMinMultiLineLength`:
 * the library writes a double-quoted string that holds line breaks over several lines, and for
 * some strings (a line holding only a space: `"\n \n x"`) what it writes reads back with a
 * backslash in the space's place — about 1.7% of random strings of breaks, quotes and tabs. The
 * writer only double-quotes a text with breaks when a block scalar would not read back exactly,
 * so these are the texts at risk; written on one line with `\n` escapes they read back exactly.
 */
export const PRINT_OPTIONS = {
  lineWidth: LINE_WIDTH,
  flowCollectionPadding: false,
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
} as const;

/** Aliases are never needed in Marginalia files, and are refused wherever they appear (alias bombs). */
export const MAX_ALIAS_COUNT = 0;

export interface Located {
  /** Null when the YAML package itself failed (it is then reported at line 1). */
  doc: YAML.Document.Parsed | null;
  lines: YAML.LineCounter;
  problems: Problem[];
  /** The document's plain value; undefined when it cannot be had (bad YAML, an alias, too deep). */
  value?: unknown;
  /** A problem at a node (or at the start of the file when the node has no range). */
  at(node: unknown, message: string, severity?: Problem['severity']): void;
  /** A validator's finding as a problem at its node. */
  report(f: Finding): void;
}

/** The sequence under `key`, put there (empty) when the key is missing or holds something else. */
export function seqUnder(map: YAML.YAMLMap, key: string): YAML.YAMLSeq {
  const found = map.get(key, true) as unknown;
  if (YAML.isSeq(found)) return found;
  const seq = new YAML.YAMLSeq();
  map.set(key, seq);
  return seq;
}

/**
 * Parses untrusted YAML with positions, never throwing: YAML errors, aliases, collection keys
 * and nesting deeper than MAX_DEPTH become problems, checked by an iterative walk before any
 * recursive code of the yaml package (toJS, clone, toString) runs on the document.
 */
export function parseLocated(text: string, file: string): Located {
  const lines = new YAML.LineCounter();
  const problems: Problem[] = [];
  const at = (node: unknown, message: string, severity: Problem['severity'] = 'error') => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    const pos = range ? lines.linePos(range[0]) : { line: 1, col: 1 };
    problems.push({ file, line: pos.line, column: pos.col, message, severity });
  };
  // findings name their nodes by path; each map's pairs by key, made once (a scan per finding
  // was quadratic: 20,000 bad field names in one annotation, 5.6 s)
  const pairIn = pairIndex();
  const loc: Located = { doc: null, lines, problems, at, report: (f) => at(nodeAt(loc.doc, f.path, f.key, pairIn), f.message, f.severity) };
  let doc: YAML.Document.Parsed;
  const unique = uniqueKeys();
  try {
    doc = YAML.parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: unique.isEqual,
      strict: true,
      // YAML 1.2 core schema: timestamps stay strings, `no` stays a string.
      schema: 'core',
    });
  } catch (e) {
    at(null, cannotRead(e));
    return loc;
  }
  unique.settle(doc);
  loc.doc = doc;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    problems.push({
      file,
      line: pos.line,
      column: pos.col,
      message: /call stack/i.test(e.message) ? TOO_DEEP : `YAML: ${firstLine(e.message)}`,
      severity: doc.errors.includes(e as YAML.YAMLParseError) ? 'error' : 'warning',
    });
  }
  if (doc.errors.length > 0 || !shapeIsPlain(doc.contents, at)) return loc;
  try {
    loc.value = doc.contents === null ? null : (doc.contents as YAML.Node).toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    at(doc.contents, cannotRead(e));
  }
  return loc;
}

/**
 * The yaml package's `uniqueKeys: true` in linear time. Its check compares each new key with
 * every key before it in the map (`items.some((p) => isEqual(p.key, key))`): quadratic, 8 s
 * for a mapping of 40,000 keys. Given a function instead, the package calls it with each
 * earlier key in turn until it answers `true`, then reports its own DUPLICATE_KEY error at the
 * new key. This function answers from a set of the map's earlier keys: in a small map as the
 * package would (`false` to every call for a key that is new: a few calls at most); in a map
 * past SMALL_MAP keys `true` at the first call whatever the key, so the package stops there,
 * and `settle` drops the errors of keys that were not duplicates. The errors left are exactly
 * those of `uniqueKeys: true`: message, position and place among the other errors.
 *
 * Equality is the package's: two keys are equal when both are scalars with `===` values (`1`
 * and `0x1` are, `1` and `"1"` are not, `.nan` never is); a collection or alias key equals no
 * other key. A Set (SameValueZero) is `===` once NaN is kept out.
 * The package's property tests (yaml-linear.test.ts) hold this to `uniqueKeys: true`.
 */
function uniqueKeys(): {
  isEqual: (a: YAML.ParsedNode, b: YAML.ParsedNode) => boolean;
  settle: (doc: YAML.Document.Parsed) => void;
} {
  interface Keys {
    values: Set<unknown>;
    count: number;
  }
  // each key node seen so far -> what its map's keys seen so far hold
  const mapOf = new Map<unknown, Keys>();
  // for each `true` answered, in order: whether the key really was a duplicate
  const verdicts: boolean[] = [];
  let asked: unknown;
  const note = (keys: Keys, node: unknown) => {
    mapOf.set(node, keys);
    keys.count++;
    if (YAML.isScalar(node) && node.value === node.value) keys.values.add(node.value);
  };
  // `a` is a key already in the map, `b` the new one. Every key but a map's first is asked
  // about once as `b` (its first call), so an `a` not seen before is the first key of a map
  // not seen before.
  const isEqual = (a: YAML.ParsedNode, b: YAML.ParsedNode): boolean => {
    if (b === asked) return false; // a later call for a new key of a small map: answered
    asked = b;
    let keys = mapOf.get(a);
    if (!keys) note((keys = { values: new Set(), count: 0 }), a);
    const duplicate = YAML.isScalar(b) && keys.values.has(b.value);
    note(keys, b);
    if (!duplicate && keys.count <= SMALL_MAP) return false;
    verdicts.push(duplicate);
    return true;
  };
  const settle = (doc: YAML.Document.Parsed) => {
    // the document's DUPLICATE_KEY errors answer its first `true`s, in order (a second
    // document is composed after it and only adds answers at the end)
    let i = 0;
    if (verdicts.length) doc.errors = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY' || (i < verdicts.length ? verdicts[i++] : true));
    // the document is as parsed with `uniqueKeys: true` (its options are its own copy)
    doc.options.uniqueKeys = true;
  };
  return { isEqual, settle };
}

/** Past this many keys a map's key check answers at the first call (see uniqueKeys). */
const SMALL_MAP = 64;

function cannotRead(e: unknown): string {
  if (e instanceof RangeError) return `cannot read: ${TOO_DEEP}`;
  return `cannot read: ${firstLine(e instanceof Error ? e.message : String(e))}`;
}

/** An iterative walk refusing what plain data never holds: aliases, tags, collection keys, runaway nesting. */
function shapeIsPlain(root: unknown, at: Located['at']): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  let ok = true;
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    if (YAML.isNode(n) && !YAML.isAlias(n) && n.tag) {
      // plain data needs no tags, and the two YAML packages read them differently (!!binary)
      at(n, 'YAML tags (`!…`) are not accepted in Marginalia files');
      ok = false;
    }
    if (YAML.isAlias(n)) {
      at(n, `YAML aliases (*${String(n.source).slice(0, 40)}) are not accepted in Marginalia files`);
      ok = false;
    } else if (YAML.isMap(n) || YAML.isSeq(n)) {
      if (depth > MAX_DEPTH) {
        at(n, TOO_DEEP);
        return false;
      }
      for (const item of n.items as unknown[]) {
        if (YAML.isPair(item)) {
          if (item.key !== null && !YAML.isScalar(item.key)) {
            at(item.key, 'a key must be plain text, not a list, a mapping or an alias');
            ok = false;
          }
          stack.push([item.value, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    }
  }
  return ok;
}

/**
 * The node a validator's path names, or the nearest one that exists on the way to it.
 * `pairIn` finds a key's pair in a map (the first of a repeated key): a scan unless given.
 */
export function nodeAt(doc: YAML.Document | null, path: Path, key = false, pairIn: (map: YAML.YAMLMap, key: string) => YAML.Pair | undefined = pairOf): unknown {
  let node: unknown = doc?.contents ?? null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: unknown;
    if (YAML.isMap(node)) {
      const pair = pairIn(node, String(seg));
      if (pair && key && i === path.length - 1) return pair.key;
      next = pair ? pair.value ?? pair.key : undefined;
    } else if (YAML.isSeq(node) && typeof seg === 'number') next = node.items[seg];
    if (!YAML.isNode(next)) return node;
    node = next;
  }
  return node;
}

/** A node's plain value, refusing to expand more than MAX_ALIAS_COUNT aliases. */
export function toJS(node: unknown, doc: YAML.Document): unknown {
  if (node === null || node === undefined) return node;
  if (YAML.isNode(node)) return node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
  return node;
}

export function firstLine(message: string): string {
  const i = message.indexOf('\n');
  return (i < 0 ? message : message.slice(0, i)).replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * pairOf through an index of each map asked about, made at its first question (and again if
 * its items changed in number): the first pair of each key, as pairOf finds it.
 */
function pairIndex(): (map: YAML.YAMLMap, key: string) => YAML.Pair | undefined {
  const indexes = new Map<YAML.YAMLMap, { length: number; byKey: Map<string, YAML.Pair> }>();
  return (map, key) => {
    let index = indexes.get(map);
    if (index?.length !== map.items.length) indexes.set(map, (index = { length: map.items.length, byKey: pairsByKey(map) }));
    return index.byKey.get(key);
  };
}

/** A map's pairs by key name, the first of a repeated key, as `pairOf` finds it: many lookups in linear time. */
export function pairsByKey(map: YAML.YAMLMap): Map<string, YAML.Pair> {
  const byKey = new Map<string, YAML.Pair>();
  for (const p of map.items as YAML.Pair[]) {
    const k = keyName(p);
    if (k !== undefined && !byKey.has(k)) byKey.set(k, p);
  }
  return byKey;
}

/** The pair for `key` in a map node, if any. */
export function pairOf(map: YAML.YAMLMap, key: string): YAML.Pair | undefined {
  return map.items.find((p) => keyName(p) === key) as YAML.Pair | undefined;
}

export function keyName(pair: YAML.Pair): string | undefined {
  const k = pair.key;
  if (YAML.isScalar(k)) return String(k.value);
  if (k === null) return String(null);
  if (typeof k === 'string') return k;
  return undefined;
}
