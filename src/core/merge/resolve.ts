// Settling a conflict the merge left visible: the analyst picks one of the stored values, the
// field takes it and the `conflicts` entry goes. Shared by `marginalia resolve --pick` and the
// extension's "Resolve Sidecar Conflict", so both settle a conflict the same way.
import * as YAML from 'yaml';
import { setOwn } from '../records';
import { ANNOTATION_KEYS, parseSidecar, parseWorkspace } from '../format';
import { sidecarErrors, workspaceErrors } from '../format/written-errors';
import { idOfNode } from '../format/sidecar-read';
import { serializeSidecar } from '../format/sidecar-write';
import { keyName, toJS } from '../format/yamlutil';
import type { Actor } from '../ops';
import { changesBetween } from '../review/history';
import type { Annotation, FieldConflict, Problem, Sidecar } from '../types';
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

/** A resolution's outcome: the new text, or (text null) the problems that stopped it. */
export interface TextResolve {
  text: string | null;
  problems: Problem[];
}

export interface ResolveOptions {
  /** The sidecar's real path when `file` is only a name to show (see parseSidecar). */
  sidecarPath?: string;
  /**
   * Who settles the conflicts, and when: each settled annotation is stamped (`updated`,
   * `updatedBy`) and its history records the field's change from the ancestor's value to the
   * picked one, so the trail says who decided (issue 9). Without it, nothing but the field changes.
   */
  actor?: Actor;
}

/**
 * Applies picks to a sidecar's text. Never throws: a file that does not read, a pick that does
 * not apply, or a result the reader would refuse (a crafted conflict value) is a located
 * problem and no text, so nothing invalid is ever written.
 */
export function resolveSidecarChecked(text: string, file: string, picks: readonly Pick[], options: ResolveOptions = {}): TextResolve {
  return guarded(file, () => {
    const parsed = parseSidecar(text, file, options);
    if (!parsed.writable || !parsed.sidecar || !parsed.doc) return refused(file, parsed.problems);
    const out = applySidecarPicks(parsed, file, picks, options.actor);
    if (typeof out !== 'string') return { text: null, problems: [out] };
    return recheck(out, sidecarErrors(out, file, options), file, picks, (p) => (p.id === null ? parsed.locate('conflicts') : parsed.locate('conflicts', p.id)));
  });
}

/** Applies picks to `marginalia.yaml`'s text, with the guarantees of resolveSidecarChecked. */
export function resolveRegistryChecked(text: string, file: string, picks: readonly Pick[]): TextResolve {
  return guarded(file, () => {
    const parsed = parseWorkspace(text, file);
    if (!parsed.writable || !parsed.doc) return refused(file, parsed.problems);
    const out = applyRegistryPicks(parsed.doc, file, picks);
    if (typeof out !== 'string') return { text: null, problems: [out] };
    return recheck(out, workspaceErrors(out, file), file, picks, () => ({ line: 1, column: 1 }));
  });
}

/** Applies picks to a sidecar's text; throws an Error with a message for the user when one cannot apply. */
export function resolveSidecarText(text: string, file: string, picks: readonly Pick[], options: ResolveOptions = {}): string {
  return orThrow(resolveSidecarChecked(text, file, picks, options));
}

/** Applies picks to `marginalia.yaml`'s text (entity conflicts, or top-level ones with id null); throws like resolveSidecarText. */
export function resolveRegistryText(text: string, file: string, picks: readonly Pick[]): string {
  return orThrow(resolveRegistryChecked(text, file, picks));
}

function orThrow(r: TextResolve): string {
  if (r.text !== null) return r.text;
  const p = r.problems[0];
  throw new Error(p ? `${p.file}:${p.line}:${p.column}: ${p.message}` : 'cannot resolve');
}

const problem = (file: string, message: string, at = { line: 1, column: 1 }): Problem => ({ file, line: at.line, column: at.column, message, severity: 'error' });

function guarded(file: string, run: () => TextResolve): TextResolve {
  try {
    return run();
  } catch (e) {
    return { text: null, problems: [problem(file, `cannot resolve: ${e instanceof Error ? e.message : String(e)}`)] };
  }
}

function refused(file: string, problems: Problem[]): TextResolve {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  return { text: null, problems: [problem(file, `${file} has errors; fix them first${first ? `: ${first.message}` : ''}`, first), ...errors.slice(1)] };
}

function recheck(out: string, errors: Problem[], file: string, picks: readonly Pick[], where: (p: Pick) => { line: number; column: number }): TextResolve {
  if (!errors.length) return { text: out, problems: [] };
  const what = picks.map((p) => `${p.id ?? ''}/${p.field}=${p.index + 1}`).join(', ');
  return { text: null, problems: [problem(file, `picking ${what} would make an invalid file (${errors[0].message}); nothing was changed`, picks[0] ? where(picks[0]) : undefined)] };
}

function applySidecarPicks(parsed: ReturnType<typeof parseSidecar>, file: string, picks: readonly Pick[], actor: Actor | undefined): string | Problem {
  const doc = parsed.doc!.clone();
  const sidecar = parsed.sidecar!;
  const root = doc.contents as YAML.YAMLMap;
  let annotations: Annotation[] = sidecar.annotations;
  let top: Record<string, unknown> = { source: sidecar.source, reliability: sidecar.reliability, provenance: sidecar.provenance, conflicts: rootConflicts(root, doc) };
  for (const p of picks) {
    const why = pickProblem(p.id === null ? top : annotations.find((x) => x.id === p.id), p);
    if (why) return problem(file, why, p.id === null ? parsed.locate('conflicts') : parsed.locate('conflicts', p.id));
    if (p.id === null) {
      top = resolveConflict(top as { conflicts?: FieldConflict[] }, p.field, p.index) ?? top;
      continue;
    }
    const a = annotations.find((x) => x.id === p.id)!;
    const map = findById(root.get('annotations', true), p.id);
    const picked = resolveConflict({ ...a, ...unknownFields(map, doc) }, p.field, p.index);
    const next = picked && actor ? settledBy(a, picked, actor) : picked;
    annotations = next ? annotations.map((x) => (x.id === p.id ? (next as Annotation) : x)) : annotations.filter((x) => x.id !== p.id);
    if (next && map && !(ANNOTATION_KEYS as readonly string[]).includes(p.field)) setField(map, p.field, (next as unknown as Record<string, unknown>)[p.field]);
  }
  setField(root, 'conflicts', top.conflicts);
  return serializeSidecar({ ...sidecar, source: top.source as string, reliability: top.reliability as string | undefined, provenance: top.provenance as Sidecar['provenance'], annotations }, doc);
}

/** `after` stamped as settled by `actor`, with history entries for the fields the pick changed. */
function settledBy(before: Annotation, after: Annotation, actor: Actor): Annotation {
  const entries = changesBetween({ ...before }, { ...after }, actor.by, actor.at);
  const out: Annotation = { ...after, updated: actor.at, updatedBy: actor.by };
  if (entries.length) out.history = [...(before.history ?? []), ...entries];
  return out;
}

/** Why a pick cannot apply to a record (missing, no such conflict, no such value), or null. */
function pickProblem(record: { conflicts?: FieldConflict[] } | undefined, p: Pick): string | null {
  if (!record) return `no ${p.id === null ? 'top level' : `annotation or entity ${JSON.stringify(p.id)}`}`;
  const c = (Array.isArray(record.conflicts) ? record.conflicts : []).find((x) => x.field === p.field);
  if (!c) return `no unresolved conflict on ${JSON.stringify(p.field)}${p.id === null ? '' : ` of ${JSON.stringify(p.id)}`}`;
  if (!c.values[p.index]) return `the conflict on ${JSON.stringify(p.field)} has ${c.values.length} values; there is no value ${p.index + 1}`;
  return null;
}

function applyRegistryPicks(parsedDoc: YAML.Document.Parsed, file: string, picks: readonly Pick[]): string | Problem {
  const doc = parsedDoc.clone();
  const root = doc.contents as YAML.YAMLMap;
  for (const p of picks) {
    const list = root.get('entities', true) as unknown;
    const map = p.id === null ? root : findById(list, p.id);
    const before = map ? (toJS(map, doc) as Record<string, unknown>) : undefined;
    const why = pickProblem(before, p);
    if (why || !map || !before) return problem(file, why ?? `no entity ${JSON.stringify(p.id)}`);
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
  return list.items.find((i): i is YAML.YAMLMap => YAML.isMap(i) && idOfNode(i) === id);
}

function unknownFields(map: YAML.YAMLMap | undefined, doc: YAML.Document): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of map?.items ?? []) {
    const k = keyName(pair as YAML.Pair);
    if (k !== undefined && !(ANNOTATION_KEYS as readonly string[]).includes(k)) setOwn(out, k, toJS((pair as YAML.Pair).value, doc));
  }
  return out;
}

function setField(map: YAML.YAMLMap, key: string, value: unknown): void {
  if (value === undefined) map.delete(key);
  else map.set(key, new YAML.Document().createNode(value, { flow: Array.isArray(value) && key !== 'conflicts' }));
}
