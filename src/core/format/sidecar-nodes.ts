// How the sidecar writer (sidecar-write.ts) writes each value as a YAML node, so that a change
// is a small `git diff` that merges cleanly: strings as plain, block or quoted scalars that read
// back exactly, tags and hypotheses as one flow line, history and replies one line an entry
// where they fit, a verdict on one line, provenance one field a line. A value unchanged from the
// previous document keeps its node (its comment, its hand-chosen quoting, a reply written on one
// long line: issue 11). Apart from the writer, which orders the keys around these nodes and
// carries the rest of the document over (its comments, the fields Marginalia does not know).
import * as YAML from 'yaml';
import type { HistoryEntry, Reply, Review } from '../types';
import { LINE_WIDTH, PRINT_OPTIONS } from './yamlutil';
import { PROVENANCE_KEYS } from './rules/provenance';
import { REPLY_KEYS, REVIEW_KEYS } from './rules/review';
import { keepOnOneLine, reserve, type Verbatim } from './sidecar-verbatim';

/** The keys of a history entry, in the order they are written. */
const HISTORY_KEYS = ['at', 'by', 'field', 'from', 'to'] as const;

/** Longer single-line text is folded onto several lines so diffs stay readable. */
const FOLD_OVER = 80;

/** The node written for `v`, the value of `key`; `old`: the previous document's node for it, if any. */
export function toNode(key: string, v: unknown, old: unknown, verbatim: Verbatim): unknown {
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
