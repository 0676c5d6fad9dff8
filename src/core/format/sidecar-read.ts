// Reads a sidecar (`article.txt.annotations.yaml`) as untrusted input: every problem is named
// with its line and column, and an invalid file is reported as not writable so no tool ever
// overwrites what a person (or a bad merge) left in it.
import * as YAML from 'yaml';
import {
  CLAIM_STATUSES,
  FORMAT_VERSION,
  KINDS,
  LINK_RELS,
  type Annotation,
  type ClaimStatus,
  type ConflictValue,
  type FieldConflict,
  type Kind,
  type Link,
  type LinkRel,
  type Problem,
  type Sidecar,
} from '../types';
import { findConflictMarkers, keyName, parseLocated, toJS, type Located } from './yamlutil';
import { checkLinkTarget } from './links';

export interface ParsedSidecar {
  file: string;
  /** The parsed document, kept so a rewrite preserves comments and unknown fields. */
  doc: YAML.Document.Parsed | null;
  /** What could be read. With errors, only the annotations that validated. */
  sidecar: Sidecar | null;
  problems: Problem[];
  /** Lines holding git conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`). */
  conflictLines: number[];
  /** False when any error was found: the file must not be overwritten. */
  writable: boolean;
  /** 1-based line and column of a top-level key (or of an annotation's key, given its id). */
  locate(key: string, annotationId?: string): { line: number; column: number };
}

const nowhere = () => ({ line: 1, column: 1 });

function locator(doc: YAML.Document.Parsed, lines: YAML.LineCounter): ParsedSidecar['locate'] {
  return (key, annotationId) => {
    let map: unknown = doc.contents;
    if (annotationId !== undefined && YAML.isMap(map)) {
      const list = map.get('annotations', true);
      map = YAML.isSeq(list)
        ? list.items.find((i) => YAML.isMap(i) && String((i.get('id', true) as YAML.Scalar | undefined)?.source ?? i.get('id')) === annotationId)
        : undefined;
    }
    if (!YAML.isMap(map)) return nowhere();
    const node = (map.get(key, true) ?? map) as YAML.Node;
    const pos = lines.linePos(node.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
}

export function parseSidecar(text: string, file: string): ParsedSidecar {
  const conflictLines = findConflictMarkers(text);
  if (conflictLines.length > 0) {
    const problems = conflictLines.slice(0, 1).map<Problem>((line) => ({
      file,
      line,
      column: 1,
      message: 'unresolved git merge conflict: run "Marginalia: Resolve Sidecar Conflict" or `marginalia merge`',
      severity: 'error',
    }));
    return { file, doc: null, sidecar: null, problems, conflictLines, writable: false, locate: nowhere };
  }
  const loc = parseLocated(text, file);
  const fail = (): ParsedSidecar => ({
    file,
    doc: loc.doc,
    sidecar: null,
    problems: loc.problems,
    conflictLines,
    writable: false,
    locate: locator(loc.doc, loc.lines),
  });
  if (loc.doc.errors.length > 0) return fail();
  const root = loc.doc.contents;
  if (!YAML.isMap(root)) {
    loc.at(root, 'a sidecar must be a mapping with `marginalia`, `source` and `annotations`');
    return fail();
  }
  let sidecar: Sidecar | null;
  try {
    sidecar = readRoot(root, loc);
  } catch (e) {
    // toJS refuses alias bombs with an exception; anything else here is a bug worth seeing
    loc.at(root, `cannot read: ${e instanceof Error ? e.message : String(e)}`);
    return fail();
  }
  const writable = !loc.problems.some((p) => p.severity === 'error');
  return { file, doc: loc.doc, sidecar, problems: loc.problems, conflictLines, writable, locate: locator(loc.doc, loc.lines) };
}

function readRoot(root: YAML.YAMLMap, loc: Located): Sidecar | null {
  const version = root.get('marginalia', true);
  if (version === undefined) {
    loc.at(root, 'missing `marginalia: 1` (the format version)');
    return null;
  }
  if (!YAML.isScalar(version) || version.value !== FORMAT_VERSION) {
    loc.at(version, `unsupported format version ${JSON.stringify(toJS(version, loc.doc))}: this Marginalia reads version ${FORMAT_VERSION}`);
    return null;
  }
  const source = root.get('source', true);
  if (!YAML.isScalar(source) || typeof source.value !== 'string' || source.value.trim() === '') {
    loc.at(source ?? root, '`source` must name the source file, relative to this sidecar');
    return null;
  }
  const sourcePath = source.value;
  if (/^[a-z][a-z0-9+.-]*:/i.test(sourcePath) || sourcePath.startsWith('/') || sourcePath.includes('\\')) {
    loc.at(source, '`source` must be a relative path beside the sidecar');
    return null;
  }
  const sidecar: Sidecar = { marginalia: FORMAT_VERSION, source: sourcePath, annotations: [] };
  const reliability = root.get('reliability', true);
  if (reliability !== undefined) {
    if (YAML.isScalar(reliability) && typeof reliability.value === 'string' && /^[A-F]$/.test(reliability.value)) {
      sidecar.reliability = reliability.value;
    } else loc.at(reliability, '`reliability` must be a source grade from A (reliable) to F (cannot be judged)');
  }
  // a conflict `marginalia merge` left on the file itself (its `source` or `reliability`)
  const top = root.get('conflicts', true);
  if (top !== undefined) {
    const conflicts = readConflicts(top, loc);
    if (!conflicts) loc.at(top, '`conflicts` must be a list of {field, base, values}');
    for (const c of conflicts ?? []) {
      const shown = c.values.map((x) => (x.deleted ? '(deleted)' : JSON.stringify(x.value ?? null))).join(' | ');
      loc.at(top, `unresolved merge conflict on \`${c.field}\`: ${shown} — run "Marginalia: Resolve Sidecar Conflict"`, 'warning');
    }
  }
  const list = root.get('annotations', true);
  if (list === undefined || (YAML.isScalar(list) && list.value === null)) return sidecar;
  if (!YAML.isSeq(list)) {
    loc.at(list, '`annotations` must be a list');
    return sidecar;
  }
  const seen = new Map<string, YAML.Node>();
  for (const item of list.items) {
    const a = readAnnotation(item, loc);
    if (!a) continue;
    if (seen.has(a.id)) {
      loc.at((item as YAML.YAMLMap).get('id', true), `duplicate id "${a.id}": ids must be unique in a sidecar`);
      continue;
    }
    seen.set(a.id, item as YAML.Node);
    sidecar.annotations.push(a);
  }
  return sidecar;
}

const str = (n: unknown): string | undefined =>
  YAML.isScalar(n) && typeof n.value === 'string' ? n.value : undefined;

function readAnnotation(item: unknown, loc: Located): Annotation | null {
  if (!YAML.isMap(item)) {
    loc.at(item, 'an annotation must be a mapping with at least `id`, `kind` and `quote`');
    return null;
  }
  const node = (k: string) => item.get(k, true) as YAML.Node | undefined;
  const idNode = node('id');
  const id = YAML.isScalar(idNode) && (typeof idNode.value === 'string' || typeof idNode.value === 'number')
    ? String(idNode.source ?? idNode.value)
    : undefined;
  if (!id || id.trim() === '') {
    loc.at(idNode ?? item, 'annotation is missing `id`');
    return null;
  }
  const kindNode = node('kind');
  const kind = str(kindNode);
  if (!kind || !(KINDS as readonly string[]).includes(kind)) {
    loc.at(kindNode ?? item, kind ? `unknown kind "${kind}" (expected ${KINDS.join(', ')})` : `annotation "${id}" is missing \`kind\``);
    return null;
  }
  const quoteNode = node('quote');
  const quote = str(quoteNode);
  if (quote === undefined || quote === '') {
    loc.at(quoteNode ?? item, `annotation "${id}" is missing \`quote\` (the exact annotated text)`);
    return null;
  }
  const a: Annotation = { id, kind: kind as Kind, quote };
  let ok = true;
  const bad = (n: unknown, msg: string) => {
    loc.at(n, `annotation "${id}": ${msg}`);
    ok = false;
  };
  for (const pair of item.items) {
    const key = keyName(pair as YAML.Pair);
    const v = (pair as YAML.Pair).value;
    switch (key) {
      case 'id': case 'kind': case 'quote':
        break;
      case 'prefix': case 'suffix': case 'note': case 'entity': case 'author': case 'created': case 'updated': {
        if (YAML.isScalar(v) && v.value === null) break;
        const s = str(v);
        if (s === undefined) bad(v ?? pair, `\`${key}\` must be text`);
        else a[key] = s;
        break;
      }
      case 'start': case 'end': {
        if (YAML.isScalar(v) && v.value === null) break;
        if (YAML.isScalar(v) && Number.isSafeInteger(v.value) && (v.value as number) >= 0) a[key] = v.value as number;
        else bad(v ?? pair, `\`${key}\` must be a whole number of code points, 0 or more`);
        break;
      }
      case 'status': {
        const s = str(v);
        if (!s || !(CLAIM_STATUSES as readonly string[]).includes(s)) bad(v ?? pair, `unknown status ${JSON.stringify(toJS(v, loc.doc))} (expected ${CLAIM_STATUSES.join(', ')})`);
        else a.status = s as ClaimStatus;
        break;
      }
      case 'credibility': {
        if (YAML.isScalar(v) && Number.isInteger(v.value) && (v.value as number) >= 1 && (v.value as number) <= 6) a.credibility = v.value as number;
        else bad(v ?? pair, '`credibility` must be a whole number from 1 (confirmed) to 6 (cannot be judged)');
        break;
      }
      case 'tags': {
        if (!YAML.isSeq(v) || !v.items.every((t) => str(t) !== undefined || (YAML.isScalar(t) && typeof t.value === 'number'))) {
          bad(v ?? pair, '`tags` must be a list of words');
        } else a.tags = v.items.map((t) => String((t as YAML.Scalar).value));
        break;
      }
      case 'conflicts': {
        const conflicts = readConflicts(v, loc);
        if (!conflicts) bad(v ?? pair, '`conflicts` must be a list of {field, base, values}');
        else if (conflicts.length) {
          a.conflicts = conflicts;
          for (const c of conflicts) {
            const shown = c.values.map((x) => (x.deleted ? '(deleted)' : JSON.stringify(x.value ?? null))).join(' | ');
            loc.at(v, `annotation "${id}": unresolved merge conflict on \`${c.field}\`: ${shown} — run "Marginalia: Resolve Sidecar Conflict"`, 'warning');
          }
        }
        break;
      }
      case 'links': {
        const links = readLinks(v, id, loc);
        if (links) a.links = links;
        else ok = false;
        break;
      }
      default:
        // unknown fields are kept in the document and survive rewrites
        break;
    }
  }
  if (a.start !== undefined && a.end !== undefined && a.end < a.start) {
    bad(node('end'), '`end` is before `start`');
  }
  if (a.status && a.kind !== 'claim') {
    loc.at(node('status'), `annotation "${id}": \`status\` only applies to claims`, 'warning');
  }
  return ok ? a : null;
}

function readLinks(v: unknown, id: string, loc: Located): Link[] | null {
  if (!YAML.isSeq(v)) {
    loc.at(v, `annotation "${id}": \`links\` must be a list of {rel, to}`);
    return null;
  }
  const links: Link[] = [];
  for (const item of v.items) {
    if (!YAML.isMap(item)) {
      loc.at(item, `annotation "${id}": a link must be {rel: supports|contradicts|same-as|see-also, to: file#id}`);
      return null;
    }
    const rel = str(item.get('rel', true));
    const toNode = item.get('to', true);
    const to = str(toNode);
    if (!rel || !(LINK_RELS as readonly string[]).includes(rel)) {
      loc.at(item.get('rel', true) ?? item, `annotation "${id}": unknown link rel ${JSON.stringify(rel ?? null)} (expected ${LINK_RELS.join(', ')})`);
      return null;
    }
    const why = to === undefined ? 'a link needs `to: file#id`' : checkLinkTarget(to);
    if (why) {
      loc.at(toNode ?? item, `annotation "${id}": ${why}`);
      return null;
    }
    links.push({ rel: rel as LinkRel, to: to as string });
  }
  return links;
}

function readConflicts(v: unknown, loc: Located): FieldConflict[] | null {
  if (!YAML.isSeq(v)) return null;
  const out: FieldConflict[] = [];
  for (const item of v.items) {
    const c = toJS(item, loc.doc) as Partial<FieldConflict> | null;
    if (!c || typeof c !== 'object' || typeof c.field !== 'string' || !Array.isArray(c.values)) return null;
    if (!c.values.every((x) => x && typeof x === 'object')) return null;
    out.push({ field: c.field, ...('base' in c ? { base: c.base } : {}), values: c.values as ConflictValue[] });
  }
  return out;
}
