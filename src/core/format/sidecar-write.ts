// Writes a sidecar deterministically: fixed key order, annotations by position then id, LF,
// final newline, block scalars for long or multi-line text, a blank line between annotations
// (so git sees each one as its own hunk and merges cleanly). When the previous document is
// given, its comments and any fields Marginalia does not know are carried over.
import * as YAML from 'yaml';
import { idOfNode } from './sidecar-read';
import type { Annotation, HistoryEntry, Reply, Review, Sidecar } from '../types';
import { keyName, LINE_WIDTH, pairOf, PRINT_OPTIONS } from './yamlutil';
import { PROVENANCE_KEYS } from './rules/provenance';
import { REPLY_KEYS, REVIEW_KEYS } from './rules/review';

export const ROOT_KEYS = ['marginalia', 'source', 'reliability', 'provenance', 'history', 'annotations'] as const;
export const ANNOTATION_KEYS = [
  'id', 'kind', 'quote', 'prefix', 'suffix', 'start', 'end', 'status', 'credibility', 'when', 'entity',
  'note', 'tags', 'links', 'hypotheses', 'review', 'author', 'created', 'updated', 'updatedBy', 'replies', 'history', 'conflicts',
] as const;

/** The keys of a history entry, in the order they are written. */
const HISTORY_KEYS = ['at', 'by', 'field', 'from', 'to'] as const;

/** Longer single-line text is folded onto several lines so diffs stay readable. */
const FOLD_OVER = 80;
const PRINT = { ...PRINT_OPTIONS, minContentWidth: 40, indentSeq: true } as const;

export function compareAnnotations(a: Annotation, b: Annotation): number {
  const sa = a.start ?? Number.MAX_SAFE_INTEGER;
  const sb = b.start ?? Number.MAX_SAFE_INTEGER;
  if (sa !== sb) return sa - sb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function serializeSidecar(sidecar: Sidecar, previous?: YAML.Document | null): string {
  const verbatim = newVerbatim();
  const doc = previous ? shallowDocument(previous) : new YAML.Document(new YAML.YAMLMap());
  if (!YAML.isMap(doc.contents)) doc.contents = new YAML.YAMLMap() as never;
  const root = doc.contents as unknown as YAML.YAMLMap;

  const oldList = root.get('annotations', true);
  const oldById = new Map<string, YAML.YAMLMap>();
  if (YAML.isSeq(oldList)) {
    for (const item of oldList.items) {
      if (!YAML.isMap(item)) continue;
      const id = idOfNode(item);
      if (id !== undefined) oldById.set(id, item);
    }
  }

  const list = new YAML.YAMLSeq();
  if (YAML.isSeq(oldList)) {
    list.commentBefore = oldList.commentBefore;
    list.comment = oldList.comment;
  }
  const sorted = [...sidecar.annotations].sort(compareAnnotations);
  sorted.forEach((a, i) => {
    const map = writeAnnotation(a, oldById.get(a.id), verbatim);
    map.spaceBefore = i > 0;
    list.items.push(map);
  });

  const values: Record<(typeof ROOT_KEYS)[number], unknown> = {
    marginalia: sidecar.marginalia,
    source: sidecar.source,
    reliability: sidecar.reliability,
    provenance: sidecar.provenance,
    history: sidecar.history?.length ? sidecar.history : undefined,
    annotations: list,
  };
  reorder(root, ROOT_KEYS, values, verbatim);
  return restoreVerbatim(doc.toString(PRINT), verbatim);
}

/**
 * One field of an annotation (not its first, `id`) as serializeSidecar prints it when its value
 * changed: the lines from the key to the end of the value, indented as in the file, with a final
 * line break. For sidecar-patch.ts, which writes a save's new offsets into the text without
 * printing the whole file: the same node (toNode) printed at the same depth, so the same folding.
 */
export function printAnnotationField(key: (typeof ANNOTATION_KEYS)[number], value: string | number): string {
  // an offset: a plain integer, as the printer writes it (most of a save's changes)
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return `    ${key}: ${value}\n`;
  const map = new YAML.YAMLMap();
  map.items.push(new YAML.Pair(new YAML.Scalar('id'), new YAML.Scalar('x')));
  map.items.push(new YAML.Pair(new YAML.Scalar(key), toNode(key, value, undefined, newVerbatim())));
  const list = new YAML.YAMLSeq();
  list.items.push(map);
  const doc = new YAML.Document(new YAML.YAMLMap());
  (doc.contents as unknown as YAML.YAMLMap).items.push(new YAML.Pair(new YAML.Scalar('annotations'), list));
  const out = doc.toString(PRINT);
  // `annotations:` and `  - id: x` come first
  return out.slice(out.indexOf('\n', out.indexOf('\n') + 1) + 1);
}

/**
 * One annotation as serializeSidecar prints a new one in the list: from its `  - id:` line to
 * the end of its last field, with a final line break (the blank line between annotations is not
 * part of it). For sidecar-patch.ts, which replaces or adds an annotation without printing the
 * whole file: the same node (writeAnnotation) printed at the same depth.
 */
export function printAnnotationItem(a: Annotation): string {
  const list = new YAML.YAMLSeq();
  list.items.push(writeAnnotation(a, undefined, newVerbatim()));
  const doc = new YAML.Document(new YAML.YAMLMap());
  (doc.contents as unknown as YAML.YAMLMap).items.push(new YAML.Pair(new YAML.Scalar('annotations'), list));
  const out = doc.toString(PRINT);
  return out.slice(out.indexOf('\n') + 1); // `annotations:` comes first
}

/**
 * Lines kept exactly as they were written: a placeholder token printed in their place, and the
 * line's text. The YAML printer breaks a flow mapping longer than the line width over several
 * lines; a reply written by hand (or by another tool) on one long line would then be rewritten
 * as a block of six lines when someone appends a reply next to it (issue 11). Its one-line form
 * goes back in after printing, so adding a reply only adds lines. The tokens of one printing
 * share an unguessable run id and differ by their number, so all of them go back in one pass
 * over the printed text (one search per token was quadratic: 8,000 one-line replies, 22 s).
 */
type Verbatim = { run: string; texts: string[] };

const newVerbatim = (): Verbatim => ({ run: randomToken(), texts: [] });

/** The placeholder printed for `text`, to be put back by restoreVerbatim. */
function reserve(verbatim: Verbatim, text: string): string {
  verbatim.texts.push(text);
  return `marginalia-verbatim-${verbatim.run}-${verbatim.texts.length - 1}-v`;
}

function restoreVerbatim(out: string, verbatim: Verbatim): string {
  if (!verbatim.texts.length) return out;
  const token = new RegExp(`marginalia-verbatim-${verbatim.run}-(\\d+)-v`, 'g');
  const seen = new Uint32Array(verbatim.texts.length);
  for (const m of out.matchAll(token)) {
    const i = Number(m[1]);
    if (i < seen.length) seen[i]++;
  }
  // the run id is unguessable, but should a token ever occur twice the printed form stands
  return out.replace(token, (whole, n: string) => {
    const i = Number(n);
    return i < seen.length && seen[i] === 1 ? verbatim.texts[i] : whole;
  });
}

/** A flow mapping kept unchanged, as a placeholder that prints on one line (with its comment). */
function keepOnOneLine(node: YAML.Node, verbatim: Verbatim): YAML.Node {
  if (!YAML.isMap(node) || !node.flow) return node;
  const bare = node.clone() as YAML.YAMLMap;
  bare.comment = undefined;
  bare.commentBefore = undefined;
  const doc = new YAML.Document();
  doc.contents = bare as never;
  const text = doc.toString({ ...PRINT_OPTIONS, lineWidth: 0 }).trimEnd();
  if (text.includes('\n')) return node;
  const placeholder = new YAML.Scalar(reserve(verbatim, text));
  placeholder.comment = node.comment;
  placeholder.commentBefore = node.commentBefore;
  placeholder.spaceBefore = node.spaceBefore;
  return placeholder;
}

function randomToken(): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += Math.floor(Math.random() * 0x100000000).toString(36);
  return s;
}

/** `a` as a mapping: a shallow copy of `old` rewritten, if there is one (shallowCopy). */
function writeAnnotation(a: Annotation, old: YAML.YAMLMap | undefined, verbatim: Verbatim): YAML.YAMLMap {
  const map = old ? shallowCopy(old) : new YAML.YAMLMap();
  map.flow = false;
  const values: Record<string, unknown> = {};
  for (const k of ANNOTATION_KEYS) values[k] = a[k];
  reorder(map, ANNOTATION_KEYS, values, verbatim);
  return map;
}

/**
 * The previous document to print again, its nodes not copied (a deep copy of a sidecar's
 * document was a third of writing it: 8,000 annotations, 0.3 s of 0.8 s). What is written is a
 * shallow copy of each mapping it rewrites, the root and each annotation (shallowCopy); the nodes
 * below are shared with `previous` and only read. `previous` is left as it was (a test prints it
 * before and after), as callers keep it (the worker's parse of a file, for its next edit).
 */
function shallowDocument(previous: YAML.Document): YAML.Document {
  const contents = previous.contents;
  let doc: YAML.Document;
  try {
    previous.contents = null;
    doc = previous.clone();
  } finally {
    previous.contents = contents;
  }
  doc.contents = YAML.isMap(contents) ? shallowCopy(contents) : contents;
  return doc;
}

/**
 * A mapping to rewrite without touching `map`: the same node properties (comments, blank line,
 * flow, tag), its own list of its own pairs, each pair's key and value nodes shared. Rewriting
 * sets the pairs' values and the list (reorder); it never changes a node it did not make.
 */
function shallowCopy(map: YAML.YAMLMap): YAML.YAMLMap {
  const copy = Object.create(Object.getPrototypeOf(map) as object, Object.getOwnPropertyDescriptors(map)) as YAML.YAMLMap;
  copy.items = map.items.map((p) => (YAML.isPair(p) ? new YAML.Pair(p.key, p.value) : p));
  return copy;
}

/**
 * Rewrites `map` so the known keys come first in `order` with the given values (a key whose
 * value is undefined is removed), followed by the keys Marginalia does not know, as they were.
 * An unchanged scalar keeps its node, and with it any comment and hand-chosen quoting.
 */
function reorder(map: YAML.YAMLMap, order: readonly string[], values: Record<string, unknown>, verbatim: Verbatim): void {
  const known = new Set(order);
  const rest = map.items.filter((p) => !known.has(keyName(p as YAML.Pair) ?? ''));
  const items: YAML.Pair[] = [];
  for (const key of order) {
    const v = values[key];
    if (v === undefined) continue;
    const old = pairOf(map, key);
    const node = toNode(key, v, old?.value, verbatim);
    const pair = old ?? new YAML.Pair(new YAML.Scalar(key));
    pair.value = node;
    items.push(pair);
  }
  map.items = [...items, ...(rest as YAML.Pair[])];
}

function toNode(key: string, v: unknown, old: unknown, verbatim: Verbatim): unknown {
  if (YAML.isNode(v)) return v;
  if (YAML.isScalar(old) && old.value === v && (typeof v !== 'string' || safeStyle(old, v))) return old;
  if (typeof v === 'string') return stringNode(v, YAML.isScalar(old) ? old : undefined);
  if (typeof v === 'number') return withComment(new YAML.Scalar(v), old);
  if (key === 'tags' && Array.isArray(v)) {
    const seq = new YAML.YAMLSeq();
    seq.flow = true;
    for (const t of v) seq.items.push(stringNode(String(t)));
    return withComment(seq, old);
  }
  if (key === 'links' && Array.isArray(v)) {
    const seq = new YAML.YAMLSeq();
    for (const l of v as { rel: string; to: string }[]) {
      const m = new YAML.YAMLMap();
      m.flow = true;
      m.items.push(new YAML.Pair(new YAML.Scalar('rel'), stringNode(l.rel)));
      m.items.push(new YAML.Pair(new YAML.Scalar('to'), stringNode(l.to)));
      seq.items.push(m);
    }
    return withComment(seq, old);
  }
  if (key === 'hypotheses' && v && typeof v === 'object' && !Array.isArray(v)) {
    // one flow mapping, hypotheses by id: rating one more hypothesis is a one-line diff
    const m = new YAML.YAMLMap();
    m.flow = true;
    for (const h of Object.keys(v).sort()) m.items.push(new YAML.Pair(stringNode(h), stringNode(String((v as Record<string, unknown>)[h]))));
    return withComment(m, old);
  }
  if (key === 'history' && Array.isArray(v)) return withComment(historyNode(v as HistoryEntry[]), old);
  // a verdict is one line (`review: {state: approved, by: …, at: …}`): approving is a one-line diff
  if (key === 'review' && typeof v === 'object' && v !== null) return withComment(entryNode(v as Review, true, REVIEW_KEYS), old);
  // one line per reply where it fits, as history: a reply appends its own lines to a `git diff`
  if (key === 'replies' && Array.isArray(v)) {
    // written as one flow list (`replies: [{…}, {…}]`): appending keeps it one (review debt of issue 15)
    const flow = YAML.isSeq(old) && old.flow ? keepFlowList(v as Reply[], old, verbatim) : undefined;
    return flow ?? withComment(keepUnchanged(historyNode(v as Reply[], REPLY_KEYS), v as Reply[], old, verbatim), old);
  }
  if (key === 'provenance' && typeof v === 'object' && v !== null) {
    // a block mapping in a fixed key order, one field per line: a re-capture is a small diff
    const m = new YAML.YAMLMap();
    for (const k of PROVENANCE_KEYS) {
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === 'string') m.items.push(new YAML.Pair(new YAML.Scalar(k), stringNode(x)));
    }
    return withComment(m, old);
  }
  if (key === 'conflicts' && Array.isArray(v)) {
    const doc = new YAML.Document();
    return doc.createNode(v, { flow: false });
  }
  return v;
}

/**
 * `history` as a block list with one flow mapping per entry, one line each, keys in
 * HISTORY_KEYS order: a change appends exactly one line per field to a `git diff`. An entry
 * that cannot fit on a line (a long or multi-line note) is written as a block mapping with its
 * text as a block scalar instead: the YAML printer would otherwise wrap the flow mapping over
 * several lines anyway, less readably. Both depend only on the entry, so writing is
 * deterministic.
 */
function historyNode<T extends object>(list: readonly T[], keys: readonly string[] = HISTORY_KEYS): YAML.YAMLSeq {
  const seq = new YAML.YAMLSeq();
  for (const e of list) {
    const flow = entryNode(e, true, keys);
    seq.items.push(fitsOnALine(flow) ? flow : entryNode(e, false, keys));
  }
  return seq;
}

/**
 * A reply already in the file, unchanged, keeps its node as written (a hand-written long flow
 * line, a comment): adding a reply then adds only its own lines to a `git diff`.
 */
function keepUnchanged(seq: YAML.YAMLSeq, list: readonly Reply[], old: unknown, verbatim: Verbatim): YAML.YAMLSeq {
  if (!YAML.isSeq(old)) return seq;
  const before = new Map<string, YAML.Node>();
  for (const item of old.items) {
    if (!YAML.isMap(item)) continue;
    const js = item.toJSON() as Record<string, unknown>;
    if (js && typeof js === 'object') before.set(JSON.stringify(REPLY_KEYS.map((k) => js[k] === undefined ? null : String(js[k]))), item);
  }
  seq.items = seq.items.map((node, i) => {
    const kept = before.get(JSON.stringify(REPLY_KEYS.map((k) => String(list[i][k]))));
    return kept ? keepOnOneLine(kept, verbatim) : node;
  });
  return seq;
}

/**
 * Replies someone wrote as one flow list, `replies: [{id: r1, …}]`, stay one flow list on one
 * line: the replies already there as they were written, a new one as a flow mapping, so adding a
 * reply changes that one line instead of rewriting it as a block of lines. A flow list spread
 * over several lines becomes one line (its comments go after it: the parsed list keeps no line
 * positions to put them back). When a reply holds a line break, which a one-line flow mapping
 * cannot show readably, or a reply carries its own comment, the block list is written, as for
 * any list: undefined then.
 */
function keepFlowList(list: readonly Reply[], old: YAML.YAMLSeq, verbatim: Verbatim): YAML.Node | undefined {
  const before = new Map<string, YAML.YAMLMap>();
  for (const item of old.items) {
    if (!YAML.isMap(item) || !item.flow || item.comment || item.commentBefore) return undefined;
    const js = item.toJSON() as Record<string, unknown>;
    if (js && typeof js === 'object') before.set(replyKey(js), item);
  }
  const parts: string[] = [];
  for (const r of list) {
    if (REPLY_KEYS.some((k) => typeof r[k] === 'string' && /[\n\r]/.test(r[k] as string))) return undefined;
    const node = before.get(replyKey(r as unknown as Record<string, unknown>)) ?? entryNode(r, true, REPLY_KEYS);
    const doc = new YAML.Document();
    doc.contents = node as never;
    const text = doc.toString({ ...PRINT_OPTIONS, lineWidth: 0 }).trimEnd();
    if (text.includes('\n')) return undefined;
    parts.push(text);
  }
  const placeholder = new YAML.Scalar(reserve(verbatim, `[${parts.join(', ')}]`));
  placeholder.comment = old.comment;
  return placeholder;
}

/** A reply's fields as one string, a field left out and a field written alike on both sides. */
const replyKey = (r: Record<string, unknown>) => JSON.stringify(REPLY_KEYS.map((k) => (r[k] === undefined ? null : String(r[k]))));

function entryNode(e: object, flow: boolean, keys: readonly string[]): YAML.YAMLMap {
  const doc = new YAML.Document();
  const m = new YAML.YAMLMap();
  m.flow = flow;
  for (const k of keys) {
    const v = (e as Record<string, unknown>)[k];
    if (v === undefined) continue;
    const value = typeof v === 'string' && !flow ? stringNode(v) : doc.createNode(v, { flow: true });
    m.items.push(new YAML.Pair(new YAML.Scalar(k), value));
  }
  return m;
}

/** Whether a flow mapping prints as one line within the line width (with the list's indent). */
function fitsOnALine(m: YAML.YAMLMap): boolean {
  const doc = new YAML.Document();
  doc.contents = m as never;
  const s = doc.toString({ ...PRINT_OPTIONS, lineWidth: 0 }).trimEnd();
  return !s.includes('\n') && s.length <= LINE_WIDTH - 8;
}

function withComment<T extends YAML.Node>(node: T, old: unknown): T {
  if (YAML.isNode(old) && old.comment) node.comment = old.comment;
  return node;
}

/** A hand-written block scalar may not survive being re-emitted; re-check before keeping it. */
function safeStyle(old: YAML.Scalar, v: string): boolean {
  return old.type !== 'BLOCK_FOLDED' || roundTrips(v, 'BLOCK_FOLDED');
}

function stringNode(s: string, old?: YAML.Scalar): YAML.Scalar {
  const node = new YAML.Scalar(s);
  if (s.includes('\n')) {
    if (roundTrips(s, 'BLOCK_LITERAL')) node.type = 'BLOCK_LITERAL';
    else node.type = 'QUOTE_DOUBLE';
  } else if (s.length > FOLD_OVER && roundTrips(s, 'BLOCK_FOLDED')) {
    node.type = 'BLOCK_FOLDED';
  }
  return withComment(node, old);
}

const styleCache = new Map<string, boolean>();

/** Whether `s` written in `type` reads back as exactly `s` (trailing spaces, tabs, etc. may not). */
function roundTrips(s: string, type: YAML.Scalar.Type): boolean {
  const key = type + '\0' + s;
  const hit = styleCache.get(key);
  if (hit !== undefined) return hit;
  const node = new YAML.Scalar(s);
  node.type = type;
  const doc = new YAML.Document();
  doc.contents = node as never;
  let ok: boolean;
  try {
    ok = YAML.parse(doc.toString({ ...PRINT_OPTIONS, minContentWidth: 40 })) === s;
  } catch {
    // some strings (a line break followed by trailing spaces…) emit a block that does not parse
    ok = false;
  }
  if (styleCache.size > 10_000) styleCache.clear();
  styleCache.set(key, ok);
  return ok;
}
