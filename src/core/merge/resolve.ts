// Settling a conflict the merge left visible: the analyst picks one of the stored values, the
// field takes it and the `conflicts` entry goes. Shared by `marginalia resolve --pick` and the
// extension's "Resolve Sidecar Conflict", so both settle a conflict the same way.
import * as YAML from 'yaml';
import { ANNOTATION_KEYS, parseSidecar, parseWorkspace } from '../format';
import { serializeSidecar } from '../format/sidecar-write';
import { keyName, toJS } from '../format/yamlutil';
import type { Annotation, FieldConflict } from '../types';
import { isConflictList } from './record-merge';
import { writeRegistry } from './registry-merge';

/** Conflict fields that stand for a whole record: picking the deleted value deletes it. */
const WHOLE = new Set(['annotation', 'entity']);
const HINTS = ['prefix', 'suffix', 'start', 'end'] as const;

/**
 * The record with `field` set to `conflicts[field].values[picked]` (removed when that value is a
 * deletion) and that conflict gone; null when the pick deletes the whole record. `updated` is
 * left to the caller, who knows who resolved it and when.
 */
export function resolveConflict<T extends { conflicts?: FieldConflict[] }>(record: T, field: string, picked: number): T | null {
  const list = record.conflicts ?? [];
  const i = list.findIndex((c) => c.field === field);
  if (i < 0) throw new Error(`no unresolved conflict on \`${field}\``);
  const value = list[i].values[picked];
  if (!value) throw new RangeError(`conflict on \`${field}\` has ${list[i].values.length} values; there is no value ${picked + 1}`);
  const out: Record<string, unknown> = { ...record };
  const rest = list.filter((_, j) => j !== i);
  if (rest.length) out.conflicts = rest;
  else delete out.conflicts;
  if (WHOLE.has(field)) return value.deleted ? null : (out as T);
  if (value.deleted || !('value' in value)) delete out[field];
  else out[field] = value.value;
  // a different quote makes the ancestor's context and offsets wrong: anchoring finds it by text
  if (field === 'quote' && out.quote !== (record as Record<string, unknown>).quote) for (const h of HINTS) delete out[h];
  return out as T;
}

export interface Pick {
  /** Annotation or entity id; null for a conflict on the file's top level. */
  id: string | null;
  field: string;
  /** 0-based index into the conflict's `values`. */
  index: number;
}

/** Applies picks to a sidecar's text; throws with a message for the user when one cannot apply. */
export function resolveSidecarText(text: string, file: string, picks: readonly Pick[]): string {
  const parsed = parseSidecar(text, file);
  if (!parsed.writable || !parsed.sidecar || !parsed.doc) throw new Error(`${file} has errors; fix them first`);
  const doc = parsed.doc.clone();
  const root = doc.contents as YAML.YAMLMap;
  let annotations: Annotation[] = parsed.sidecar.annotations;
  let top: Record<string, unknown> = { source: parsed.sidecar.source, reliability: parsed.sidecar.reliability, conflicts: rootConflicts(root, doc) };
  for (const p of picks) {
    if (p.id === null) {
      top = resolveConflict(top as { conflicts?: FieldConflict[] }, p.field, p.index) ?? top;
      continue;
    }
    const a = annotations.find((x) => x.id === p.id);
    if (!a) throw new Error(`${file}: no annotation "${p.id}"`);
    const map = findById(root.get('annotations', true), p.id);
    const next = resolveConflict({ ...a, ...unknownFields(map, doc) }, p.field, p.index);
    annotations = next ? annotations.map((x) => (x.id === p.id ? (next as Annotation) : x)) : annotations.filter((x) => x.id !== p.id);
    if (next && map && !(ANNOTATION_KEYS as readonly string[]).includes(p.field)) setField(map, p.field, (next as Record<string, unknown>)[p.field]);
  }
  setField(root, 'conflicts', top.conflicts);
  const sidecar = { ...parsed.sidecar, source: top.source as string, reliability: top.reliability as string | undefined, annotations };
  return serializeSidecar(sidecar, doc);
}

/** Applies picks to `marginalia.yaml`'s text (entity conflicts, or top-level ones with id null). */
export function resolveRegistryText(text: string, file: string, picks: readonly Pick[]): string {
  const parsed = parseWorkspace(text, file);
  if (!parsed.writable || !parsed.doc) throw new Error(`${file} has errors; fix them first`);
  const doc = parsed.doc.clone();
  const root = doc.contents as YAML.YAMLMap;
  for (const p of picks) {
    const list = root.get('entities', true) as unknown;
    const map = p.id === null ? root : findById(list, p.id);
    if (!map) throw new Error(`${file}: no entity "${p.id}"`);
    const before = toJS(map, doc) as Record<string, unknown>;
    const after = resolveConflict(before, p.field, p.index);
    if (!after) {
      if (YAML.isSeq(list)) list.items = list.items.filter((i) => i !== map);
      continue;
    }
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) setField(map, k, after[k]);
    }
  }
  return writeRegistry(doc);
}

function rootConflicts(root: YAML.YAMLMap, doc: YAML.Document): FieldConflict[] | undefined {
  const v = toJS(root.get('conflicts', true), doc);
  return isConflictList(v) && v.length ? v : undefined;
}

function findById(list: unknown, id: string): YAML.YAMLMap | undefined {
  if (!YAML.isSeq(list)) return undefined;
  return list.items.find((i): i is YAML.YAMLMap => YAML.isMap(i) && String((i.get('id', true) as YAML.Scalar | undefined)?.source ?? i.get('id')) === id);
}

function unknownFields(map: YAML.YAMLMap | undefined, doc: YAML.Document): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of map?.items ?? []) {
    const k = keyName(pair as YAML.Pair);
    if (k !== undefined && !(ANNOTATION_KEYS as readonly string[]).includes(k)) out[k] = toJS((pair as YAML.Pair).value, doc);
  }
  return out;
}

function setField(map: YAML.YAMLMap, key: string, value: unknown): void {
  if (value === undefined) map.delete(key);
  else map.set(key, new YAML.Document().createNode(value, { flow: Array.isArray(value) && key !== 'conflicts' }));
}
