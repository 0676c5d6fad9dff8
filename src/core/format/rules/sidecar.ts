// The reading rules of a sidecar, over the plain value a YAML parser gives. Both readers use
// this and nothing else: the fast indexer (js-yaml) accepts a file only when it yields no
// finding at all, the careful reader (yaml, with positions) turns findings into problems.
import { FORMAT_VERSION, type Annotation, type FieldConflict, type Sidecar } from '../../types';
import { readConflicts, type ConflictField } from './conflicts';
import {
  readAchRatings, readContext, readCredibility, readHistory, readId, readKind, readLine, readLinks, readNote, readOffset, readQuote, readStatus, readTags, readUnknown, readWhen, type Read,
} from './fields';
import { Findings, isObj, readVersioned, shown, type Finding, type Obj, type Path } from './findings';
import { readProvenance } from './provenance';
import { readReplies, readReview } from './review';
import { sourceProblem } from './source';
import { idTextProblem } from './text';

export interface SidecarReading {
  /** What could be read; with errors, only the annotations that validated. Null when nothing could. */
  sidecar: Sidecar | null;
  findings: Finding[];
}

const RESOLVE = 'run "Marginalia: Resolve Sidecar Conflict"';
// the root is level 1, `annotations` 2, an annotation 3: unknown fields' values start one deeper
const ROOT_LEVEL = 2;
const ANNOTATION_LEVEL = 4;

/** Optional annotation fields and their rules (id, kind and quote are read first). */
const FIELDS: Record<string, (v: unknown) => Read> = {
  prefix: readContext('prefix'),
  suffix: readContext('suffix'),
  start: readOffset('start'),
  end: readOffset('end'),
  status: readStatus,
  credibility: readCredibility,
  when: readWhen,
  entity: readLine('entity'),
  note: readNote,
  tags: readTags,
  author: readLine('author'),
  created: readLine('created'),
  updated: readLine('updated'),
  updatedBy: readLine('updatedBy'),
  review: readReview,
};
// a null value (`note:` left empty) means the field is absent
const NULL_IS_ABSENT = new Set(['prefix', 'suffix', 'note', 'entity', 'author', 'created', 'updated', 'updatedBy', 'history', 'start', 'end', 'review', 'replies', 'when', 'hypotheses']);

function annotationConflictRule(field: string): ConflictField {
  if (field === 'annotation') return 'whole';
  if (field === 'conflicts') return null;
  if (field === 'id') return null; // the merge matches by id: it is never in conflict
  // the merge takes the union of histories and the `updatedBy` of the later `updated`
  if (field === 'history' || field === 'updatedBy') return null;
  // replies merge as a set by id (issue 11): two threads never conflict
  if (field === 'replies') return null;
  if (field === 'kind') return readKind;
  if (field === 'quote') return readQuote;
  if (field === 'links') return readLinks;
  if (field === 'hypotheses') return readAchRatings;
  return FIELDS[field] ?? readUnknown(ANNOTATION_LEVEL + 3);
}

/**
 * Validates a sidecar's plain value. `file` is the sidecar's path: when it is named like a
 * sidecar, `source` must name its sibling (see sourceProblem).
 */
export function validateSidecar(root: unknown, file?: string): SidecarReading {
  const f = new Findings();
  return { sidecar: readRoot(root, f, file), findings: f.list };
}

function readRoot(root: unknown, f: Findings, file: string | undefined): Sidecar | null {
  if (!readVersioned(root, f, 'a sidecar must be a mapping with `marginalia`, `source` and `annotations`', FORMAT_VERSION)) return null;
  const source = root.source;
  if (typeof source !== 'string' || source.trim() === '') {
    f.error(['source'], '`source` must name the source file, relative to this sidecar');
    return null;
  }
  const why = sourceProblem(source, file);
  if (why) {
    f.error(['source'], why);
    return null;
  }
  const sidecar: Sidecar = { marginalia: FORMAT_VERSION, source, annotations: [] };
  for (const key of Object.keys(root)) {
    const v = root[key];
    switch (key) {
      case 'marginalia': case 'source': case 'annotations':
        break;
      case 'reliability':
        if (typeof v === 'string' && /^[A-F]$/.test(v)) sidecar.reliability = v;
        else f.error([key], '`reliability` must be a source grade from A (reliable) to F (cannot be judged)');
        break;
      case 'provenance': {
        const r = readProvenance(v);
        if (r.error !== undefined) f.error([key, ...(r.at ?? [])], r.error);
        else sidecar.provenance = r.value;
        break;
      }
      case 'history': {
        // the source's own changes (reliability set, a changed text accepted): the annotation rule
        if (v === null) break;
        const r = readHistory(ROOT_LEVEL)(v);
        if (r.error !== undefined) f.error([key, ...(r.at ?? [])], r.error);
        else if (r.value.length) sidecar.history = r.value;
        break;
      }
      case 'conflicts':
        // a conflict `marginalia merge` left on the file itself (its `source` or `reliability`)
        readConflicts(v, [key], f, (field) => rootConflictRule(field, file), '', RESOLVE);
        break;
      default:
        unknownField(root, key, [], ROOT_LEVEL, f);
    }
  }
  const list = root.annotations;
  if (list === undefined || list === null) return sidecar;
  if (!Array.isArray(list)) {
    f.error(['annotations'], '`annotations` must be a list');
    return sidecar;
  }
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const path = ['annotations', i];
    const a = readAnnotation(item, path, f);
    if (!a) return;
    if (seen.has(a.id)) {
      f.error([...path, 'id'], `duplicate id ${shown(a.id)}: ids must be unique in a sidecar`);
      return;
    }
    seen.add(a.id);
    sidecar.annotations.push(a);
  });
  return sidecar;
}

function rootConflictRule(field: string, file: string | undefined): ConflictField {
  if (field === 'source') {
    return (v) => (typeof v === 'string' && v.trim() !== '' && !sourceProblem(v, file) ? { value: v } : { error: sourceProblem(String(v), file) ?? '`source` must name the source file' });
  }
  if (field === 'reliability') return (v) => (typeof v === 'string' && /^[A-F]$/.test(v) ? { value: v } : { error: '`reliability` must be a grade from A to F' });
  if (field === 'provenance') return readProvenance;
  if (field === 'marginalia' || field === 'annotations' || field === 'conflicts' || field === 'sidecar' || field === 'history') return null;
  return readUnknown(ROOT_LEVEL + 3);
}

/** An unknown field is kept as it is; its name must still print safely and its value not nest without end. */
function unknownField(map: Obj, key: string, path: Path, level: number, f: Findings, who = ''): boolean {
  const why = idTextProblem(key);
  if (why) {
    f.error([...path, key], `${who}field name ${shown(key)} ${why}`, true);
    return false;
  }
  const r = readUnknown(level)(map[key]);
  if (r.error !== undefined) {
    f.error([...path, key], `${who}\`${key}\` is ${r.error}`);
    return false;
  }
  return true;
}

function readAnnotation(item: unknown, path: Path, f: Findings): Annotation | null {
  if (!isObj(item)) {
    f.error(path, 'an annotation must be a mapping with at least `id`, `kind` and `quote`');
    return null;
  }
  const idRead = readId(item.id);
  if (idRead.error !== undefined) {
    f.error([...path, 'id'], `annotation ${idRead.error}`);
    return null;
  }
  const id = idRead.value;
  const who = `annotation ${shown(id)}: `;
  if (typeof item.kind !== 'string') {
    f.error([...path, 'kind'], `annotation ${shown(id)} is missing \`kind\``);
    return null;
  }
  const kind = readKind(item.kind);
  if (kind.error !== undefined) {
    f.error([...path, 'kind'], kind.error);
    return null;
  }
  const quote = readQuote(item.quote);
  if (quote.error !== undefined) {
    f.error([...path, 'quote'], `annotation ${shown(id)} ${quote.error}`);
    return null;
  }
  const a: Annotation = { id, kind: kind.value, quote: quote.value };
  let ok = true;
  for (const key of Object.keys(item)) {
    const v = item[key];
    if (key === 'id' || key === 'kind' || key === 'quote') continue;
    if (key === 'conflicts') {
      const c = readConflicts(v, [...path, key], f, annotationConflictRule, who, RESOLVE);
      if (c === null) ok = false;
      else if (c.length) a.conflicts = c as FieldConflict[];
      continue;
    }
    if ((key === 'history' || key === 'replies' || key === 'review') && v === null) continue;
    if (key === 'hypotheses') {
      if (v === null) continue;
      const r = readAchRatings(v);
      if (r.error !== undefined) {
        f.error([...path, key, ...(r.at ?? [])], `${who}${r.error}`);
        ok = false;
      } else if (Object.keys(r.value).length) a.hypotheses = r.value;
      continue;
    }
    if (key === 'links' || key === 'history' || key === 'replies' || key === 'review') {
      const r = key === 'links' ? readLinks(v) : key === 'replies' ? readReplies(v) : key === 'review' ? readReview(v) : readHistory(ANNOTATION_LEVEL)(v);
      if (r.error !== undefined) {
        f.error([...path, key, ...(r.at ?? [])], `${who}${r.error}`);
        ok = false;
      } else if (key === 'links') a.links = r.value as Annotation['links'];
      else if (key === 'review') a.review = r.value as Annotation['review'];
      else if (key === 'replies') {
        if ((r.value as unknown[]).length) a.replies = r.value as Annotation['replies'];
      } else if ((r.value as unknown[]).length) a.history = r.value as Annotation['history'];
      continue;
    }
    // own fields only: a key such as `__proto__` or `constructor` names no rule (it crashed the reader)
    const rule = Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined;
    if (!rule) {
      ok = unknownField(item, key, path, ANNOTATION_LEVEL, f, who) && ok;
      continue;
    }
    if (v === null && NULL_IS_ABSENT.has(key)) continue;
    const r = rule(v);
    if (r.error !== undefined) {
      f.error([...path, key], `${who}${r.error}`);
      ok = false;
    } else (a as unknown as Obj)[key] = r.value;
  }
  if (a.start !== undefined && a.end !== undefined && a.end < a.start) {
    f.error([...path, 'end'], `${who}\`end\` is before \`start\``);
    ok = false;
  }
  if (a.status && a.kind !== 'claim') f.warn([...path, 'status'], `${who}\`status\` only applies to claims`);
  return ok ? a : null;
}
