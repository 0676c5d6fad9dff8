// Attaching imported records to one source: the one place an import decides what a sidecar
// becomes. Imported files are untrusted, like sidecars from git: each record is placed by the
// anchoring (positions are hints, the quote and its context decide; an orphan is kept without
// offsets rather than put on the wrong words), run through the format's own rules on its own
// (a bad record is refused with the rule's message, the others go on), merged by id (an id
// already there is updated, an identical one left alone, so re-importing changes nothing), and
// the resulting text is parsed again before the caller may write it.
import * as YAML from 'yaml';
import { selectorFor } from '../anchor';
import { ANNOTATION_KEYS, parseSidecar, serializeSidecar } from '../format';
import { validateSidecar } from '../format/rules/sidecar';
import { parseSidecarQuick } from '../format/sidecar-fast';
import { loadPlain } from '../format/sidecar-plain';
import { ROOT_KEYS } from '../format/sidecar-write';
import { seqUnder } from '../format/yamlutil';
import { HINTS } from '../ops';
import { placeAnnotations } from '../placement';
import { sameValue } from '../review/history';
import type { Annotation, Problem } from '../types';
import type { Incoming, SidecarRecord } from './batch';

export type Outcome = 'placed' | 'orphaned' | 'updated' | 'unchanged' | 'refused';

export interface ItemResult {
  origin: string;
  id: string;
  outcome: Outcome;
  quote: string;
  /** Why it was refused. */
  message?: string;
}

export interface ApplyResult {
  /** The new sidecar text; null when nothing changes or the sidecar cannot be written. */
  text: string | null;
  items: ItemResult[];
  /** Why the sidecar as a whole cannot be written (it has errors now, or the result would). */
  problems: Problem[];
}

export interface SidecarSeed {
  /** Top-level fields of a new sidecar (a W3C export's `reliability`…). */
  fields?: SidecarRecord;
  /** Its leading comments (before the document, before the first key). */
  comment?: { doc?: string; map?: string };
}

const KNOWN = new Set<string>(ANNOTATION_KEYS);
const KNOWN_ROOT = new Set<string>(ROOT_KEYS);

/**
 * `sourceName` is the source's file name (the sidecar's `source:`), `sidecarName` how problems
 * name the sidecar. `existing` is the sidecar's text now, or null when there is none.
 */
export function applyImport(sourceName: string, sidecarName: string, sourceText: string, existing: string | null, items: readonly Incoming[], seed: SidecarSeed = {}): ApplyResult {
  const results: ItemResult[] = [];
  // the fast reader first: most sidecars an import touches are clean, and most re-imports
  // change nothing, so the careful Document is built only when something is written
  const parsed = existing === null ? null : parseSidecarQuick(existing, sidecarName);
  if (parsed && !parsed.writable) {
    return { text: null, items: items.map((i) => ({ origin: i.origin, id: String(i.record.id ?? ''), outcome: 'refused', quote: String(i.record.quote ?? ''), message: 'its sidecar has errors; fix them first' })), problems: parsed.problems.filter((p) => p.severity === 'error') };
  }
  // each record on its own through the rules, so one bad record is one refusal
  const valid: { item: Incoming; record: SidecarRecord }[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const record = structuredClone(item.record);
    const why = recordProblem(record, sourceName, sidecarName);
    const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : '';
    if (why) {
      results.push({ origin: item.origin, id, outcome: 'refused', quote: String(record.quote ?? ''), message: why });
      continue;
    }
    const prev = seen.get(id);
    if (prev !== undefined) {
      results.push({ origin: valid[prev].item.origin, id, outcome: 'refused', quote: String(valid[prev].record.quote ?? ''), message: `the file holds id ${id} again (${item.origin}); the later one is taken` });
      valid[prev] = { item, record };
    } else {
      seen.set(id, valid.length);
      valid.push({ item, record });
    }
  }
  // place them all together: neighbours help where a quote has two equally good places
  const placements = placeAnnotations(sourceText, valid.map(({ record }) => record as unknown as Annotation));
  const before = existing === null ? new Map<string, unknown>() : recordsOf(existing, sidecarName);
  const writes: { id: string; record: SidecarRecord; replaces: boolean }[] = [];
  valid.forEach(({ item, record }, i) => {
    const r = placements[i].result;
    const id = String(record.id);
    if (r.state === 'moved' || r.state === 'fuzzy') Object.assign(record, selectorFor(sourceText, r.start!, r.end!));
    if (r.state === 'orphaned') {
      delete record.start;
      delete record.end;
    }
    const old = before.has(id);
    // where the words are (offsets, context) is not what anyone said about them: a record that
    // differs only there is unchanged (a hand-written annotation without offsets, exported with
    // them, comes back as it was)
    const outcome: Outcome = old ? (sameValue(withoutHints(before.get(id)), withoutHints(record)) ? 'unchanged' : 'updated') : r.state === 'orphaned' ? 'orphaned' : 'placed';
    results.push({ origin: item.origin, id, outcome, quote: String(record.quote), ...(r.state === 'orphaned' && old ? { message: 'orphaned' } : {}) });
    if (outcome !== 'unchanged') writes.push({ id, record, replaces: old });
  });
  // nothing to write: not even a new, empty sidecar for records that were all refused
  if (writes.length === 0) return { text: null, items: results, problems: [] };
  const doc = existing === null ? newDoc(sourceName, seed) : parseSidecar(existing, sidecarName).doc!.clone();
  const root = doc.contents as YAML.YAMLMap;
  const list = seqUnder(root, 'annotations');
  // each id's place in the list (the last of a repeated id, as before): replaced there, not searched for
  const oldAt = new Map<string, number>();
  list.items.forEach((node, i) => YAML.isMap(node) && oldAt.set(idOf(node), i));
  for (const { id, record } of writes) {
    const node = doc.createNode(record) as YAML.YAMLMap;
    const at = oldAt.get(id);
    if (at !== undefined) list.items[at] = node;
    else list.items.push(node);
  }
  // the typed sidecar through the rules, then written canonically; unknown fields ride along
  // the fast reader when the text is clean (it falls back to the careful one otherwise)
  const full = parseSidecarQuick(doc.toString(), sidecarName);
  if (!full.sidecar || !full.writable) return { text: null, items: results.map((r) => (r.outcome === 'refused' ? r : { ...r, outcome: 'refused', message: 'the sidecar would not be valid' })), problems: full.problems };
  const text = serializeSidecar(full.sidecar, unknownOnly(doc, new Set(valid.map((v) => String(v.record.id))), parsed === null));
  const check = parseSidecarQuick(text, sidecarName);
  if (!check.writable) return { text: null, items: results.map((r) => ({ ...r, outcome: 'refused', message: 'the sidecar would not be valid' })), problems: check.problems };
  return { text: text === existing ? null : text, items: results, problems: [] };
}

/**
 * A sidecar as an import of its W3C export writes it: the same data, comments and unknown
 * fields, every field in the writer's canonical style (a hand-chosen quoting or flow style is
 * not data, and no export carries it). Null when the sidecar does not parse cleanly.
 */
export function canonicalSidecar(text: string, file: string): string | null {
  const p = parseSidecar(text, file);
  if (!p.writable || !p.doc || !p.sidecar) return null;
  const ids = new Set(p.sidecar.annotations.map((a) => a.id));
  const doc = unknownOnly(p.doc, ids, true);
  // unknown fields as plain data, in the style an import creates them
  const root = doc.contents as YAML.YAMLMap;
  const maps = [root, ...((root.get('annotations', true) as unknown as YAML.YAMLSeq).items.filter(YAML.isMap) as YAML.YAMLMap[])];
  for (const m of maps) {
    for (const pair of m.items) {
      const k = String((pair.key as YAML.Scalar).value);
      if (k === 'id' || k === 'annotations') continue;
      pair.value = doc.createNode(YAML.isNode(pair.value) ? pair.value.toJSON() : pair.value);
    }
  }
  return serializeSidecar(p.sidecar, doc);
}

const HINT_FIELDS = new Set<string>(HINTS);

function withoutHints(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !HINT_FIELDS.has(k)));
}

/** The plain value of each annotation in a writable sidecar, by id (js-yaml's when it can read it). */
function recordsOf(text: string, sidecarName: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const plain = loadPlain(text);
  const list = plain !== undefined ? (plain as { annotations?: unknown }).annotations : (parseSidecar(text, sidecarName).doc?.toJSON() as { annotations?: unknown } | undefined)?.annotations;
  if (!Array.isArray(list)) return out;
  for (const a of list) {
    if (!a || typeof a !== 'object') continue;
    const id = (a as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') out.set(String(id), a);
  }
  return out;
}

function idOf(node: YAML.YAMLMap): string {
  const v = node.get('id');
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function newDoc(sourceName: string, seed: SidecarSeed): YAML.Document {
  const doc = new YAML.Document({ marginalia: 1, source: sourceName });
  const root = doc.contents as YAML.YAMLMap;
  for (const [k, v] of Object.entries(seed.fields ?? {})) if (k !== 'marginalia' && k !== 'source' && k !== 'annotations') root.set(k, doc.createNode(v));
  if (seed.comment?.doc) doc.commentBefore = seed.comment.doc;
  if (seed.comment?.map) root.commentBefore = seed.comment.map;
  return doc;
}

/**
 * Why one record cannot be a sidecar annotation, by the format's rules; null when it can. The
 * rules run on the record's plain value, as the fast reader runs them on js-yaml's: a record is
 * JSON data (strings, numbers, lists, maps), which a YAML round trip would give back unchanged,
 * and printing and re-parsing each record carefully cost 10 ms apiece (two minutes for 10,000).
 */
function recordProblem(record: SidecarRecord, sourceName: string, sidecarName: string): string | null {
  const { sidecar, findings } = validateSidecar({ marginalia: 1, source: sourceName, annotations: [record] }, sidecarName);
  const err = findings.find((x) => x.severity === 'error');
  return err ? err.message : sidecar?.annotations.length === 1 ? null : 'not a valid annotation';
}

/**
 * The document `serializeSidecar` keeps unknown fields and comments from: imported maps reduced
 * to their unknown keys (the known ones are written canonically from the typed sidecar, never
 * in the style the intermediate text happened to have); untouched annotations as they were.
 */
function unknownOnly(doc: YAML.Document, imported: Set<string>, fresh: boolean): YAML.Document {
  const out = doc.clone();
  const root = out.contents as YAML.YAMLMap;
  if (fresh) {
    // a comment above the first key is that key's in the yaml package's model: keep it on the map
    const first = root.items[0]?.key as YAML.Scalar | undefined;
    if (first?.commentBefore && !root.commentBefore) root.commentBefore = first.commentBefore;
  }
  if (fresh) root.items = root.items.filter((p) => !KNOWN_ROOT.has(String((p.key as YAML.Scalar).value)) || String((p.key as YAML.Scalar).value) === 'annotations');
  const list = root.get('annotations', true) as unknown as YAML.YAMLSeq;
  for (const node of list.items) {
    if (!YAML.isMap(node) || !imported.has(idOf(node))) continue;
    // the id stays, so serializeSidecar matches the map to its annotation
    node.items = node.items.filter((p) => { const k = String((p.key as YAML.Scalar).value); return k === 'id' || !KNOWN.has(k); });
  }
  return out;
}
