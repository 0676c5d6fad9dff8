// Writes a sidecar deterministically: fixed key order, annotations by position then id, LF,
// final newline, block scalars for long or multi-line text, a blank line between annotations
// (so git sees each one as its own hunk and merges cleanly). When the previous document is
// given, its comments and any fields Marginalia does not know are carried over.
//
// How each value becomes a node (and when the previous document's node is kept) is
// sidecar-nodes.ts; lines kept exactly as written go through sidecar-verbatim.ts.
import * as YAML from 'yaml';
import { idOfNode } from './sidecar-read';
import type { Annotation, Sidecar } from '../types';
import { keyName, pairOf, PRINT_OPTIONS } from './yamlutil';
import { toNode } from './sidecar-nodes';
import { newVerbatim, restoreVerbatim, type Verbatim } from './sidecar-verbatim';

export const ROOT_KEYS = ['marginalia', 'source', 'reliability', 'provenance', 'history', 'annotations'] as const;
export const ANNOTATION_KEYS = [
  'id', 'kind', 'quote', 'prefix', 'suffix', 'start', 'end', 'status', 'credibility', 'when', 'entity',
  'note', 'tags', 'links', 'hypotheses', 'review', 'author', 'created', 'updated', 'updatedBy', 'replies', 'history', 'conflicts',
] as const;

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
