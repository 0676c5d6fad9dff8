// Carrying comments, hand-chosen styles and unknown fields through a merge. The merged values
// come from the record merge; this chooses, for every map and field, which side's YAML node
// to reuse: one whose value is the merged value, preferring the side that touched it (its
// comment or style differs from the ancestor's). A node taken from "theirs" is grafted into the
// document written over "ours", which is how their comments and unknown fields survive.
import * as YAML from 'yaml';
import { idOfNode } from '../format/sidecar-read';
import { keyName, pairsByKey } from '../format/yamlutil';
import type { Rec } from './record-merge';
import { byContent, eq, orderedUnion } from './values';

export type SideName = 'b' | 'o' | 't';
export type Sides<T> = Partial<Record<SideName, T>>;

/**
 * Which side's version of a node to keep when both are acceptable: the one that differs from
 * the ancestor, else either (they are equal); when both differ, the smaller by content, so the
 * choice does not depend on which side is "ours". Undefined when neither side offers one.
 */
export function pickSide(ref: string | undefined, o: string | undefined, t: string | undefined): 'o' | 't' | undefined {
  if (o === undefined) return t === undefined ? undefined : 't';
  if (t === undefined || o === t || t === ref) return 'o';
  if (o === ref) return 't';
  return o < t ? 'o' : 't';
}

const nodeSig = (n: unknown): unknown[] => {
  if (!YAML.isNode(n)) return [n ?? null];
  const x = n as YAML.Node & { type?: string; flow?: boolean };
  return [x.commentBefore ?? null, x.comment ?? null, !!x.spaceBefore, x.type ?? null, !!x.flow];
};

/** What a reader sees of a node besides its value: comments, blank lines, style. */
export function sig(n: unknown): string | undefined {
  if (n === undefined) return undefined;
  if (YAML.isPair(n)) return JSON.stringify([nodeSig(n.key), nodeSig(n.value)]);
  return JSON.stringify(nodeSig(n));
}

export function docSig(d: YAML.Document | undefined): string | undefined {
  return d ? JSON.stringify([d.commentBefore ?? null, d.comment ?? null]) : undefined;
}

/** Carries the comments of whichever side's document (or collection) is chosen. */
export function copyComments(target: YAML.Document | YAML.Node, sides: Sides<YAML.Document | YAML.Node>): void {
  const s = (x: YAML.Document | YAML.Node | undefined) => (x === undefined ? undefined : YAML.isDocument(x) ? docSig(x) : sig(x));
  const side = pickSide(s(sides.b), s(sides.o), s(sides.t)) ?? (sides.b ? 'b' : undefined);
  if (!side) return;
  const from = sides[side]!;
  target.commentBefore = from.commentBefore;
  target.comment = from.comment;
  if (!YAML.isDocument(target) && !YAML.isDocument(from)) target.spaceBefore = from.spaceBefore;
}

export function keysOf(m: YAML.YAMLMap | undefined): string[] {
  return m ? m.items.map((p) => keyName(p as YAML.Pair)).filter((k): k is string => k !== undefined) : [];
}

/** The merged keys in the order the files had them (ancestor first, then the sides by content). */
export function mergedKeyOrder(merged: Rec, maps: Sides<YAML.YAMLMap>): string[] {
  const keep = new Set(Object.keys(merged).filter((k) => merged[k] !== undefined));
  const [first, second] = byContent(keysOf(maps.o), keysOf(maps.t));
  return orderedUnion(keep, [keysOf(maps.b), first, second, Object.keys(merged)]);
}

/**
 * A map holding the merged values, each in a node reused from a side where it can be: one
 * whose value is the merged value keeps its style and comment as is; otherwise the comment of
 * the side that touched the field is kept and `fresh` makes the value node (returning
 * undefined leaves the old node for the caller's serializer to replace).
 */
export function buildMap(
  maps: Sides<YAML.YAMLMap>,
  recs: Sides<Rec>,
  merged: Rec,
  keys: readonly string[],
  fresh: (key: string, value: unknown, old: unknown) => unknown,
): YAML.YAMLMap {
  const map = new YAML.YAMLMap();
  copyComments(map, maps);
  // each side's pairs by key, made once: a lookup per key was quadratic (8,000 keys: 7 s)
  const index = { b: maps.b && pairsByKey(maps.b), o: maps.o && pairsByKey(maps.o), t: maps.t && pairsByKey(maps.t) };
  for (const key of keys) {
    const v = merged[key];
    if (v === undefined) continue;
    const pairs: Sides<YAML.Pair> = { b: index.b?.get(key), o: index.o?.get(key), t: index.t?.get(key) };
    const same = (s: SideName) => pairs[s] !== undefined && recs[s] !== undefined && eq(recs[s]![key], v);
    const ref = sig(pairs.b);
    const keep = pickSide(ref, same('o') ? sig(pairs.o) : undefined, same('t') ? sig(pairs.t) : undefined) ?? (same('b') ? 'b' : undefined);
    // the sides' documents are the merge's own throw-away parses, so their nodes are moved into
    // the result rather than cloned (cloning is most of the cost on large files)
    if (keep) {
      map.items.push(pairs[keep]!);
      continue;
    }
    const from = pickSide(ref, sig(pairs.o), sig(pairs.t)) ?? (pairs.b ? 'b' : undefined);
    const old = from ? pairs[from]! : undefined;
    const node = fresh(key, v, old?.value);
    map.items.push(new YAML.Pair(old?.key ?? new YAML.Scalar(key), node === undefined ? old?.value : node));
  }
  return map;
}

/** Each side's item maps of a list (`annotations`, `entities`) by id. */
export function itemsById(list: unknown): Map<string, YAML.YAMLMap> {
  const out = new Map<string, YAML.YAMLMap>();
  if (!YAML.isSeq(list)) return out;
  for (const item of list.items) {
    if (!YAML.isMap(item)) continue;
    const id = idOfNode(item);
    if (id !== undefined) out.set(id, item);
  }
  return out;
}

/** A document like `like` (options, directives, comments) around new contents, without cloning the old ones. */
export function withContents(like: YAML.Document, contents: YAML.Node): YAML.Document {
  const old = like.contents;
  like.contents = null;
  const doc = like.clone();
  like.contents = old;
  doc.contents = contents as never;
  return doc;
}
