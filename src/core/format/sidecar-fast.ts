// Reading many sidecars at once (indexing a workspace of thousands): js-yaml builds plain
// objects several times faster than the `yaml` Document API, and keeps no Document in memory.
// Only a file this reader fully accepts — one the careful reader would pass without a single
// problem — is returned; anything else (an error, a warning, a conflict, an odd value) goes
// through parseSidecar, which reports it with its line and column. Writers always re-read with
// parseSidecar, so comments and unknown fields are never lost.
import { CORE_SCHEMA, load } from 'js-yaml';
import { CLAIM_STATUSES, FORMAT_VERSION, KINDS, LINK_RELS, type Annotation, type Link, type Sidecar } from '../types';
import { checkLinkTarget } from './links';
import { parseSidecar, type ParsedSidecar } from './sidecar-read';
import { findConflictMarkers } from './yamlutil';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const TEXT_FIELDS = ['prefix', 'suffix', 'note', 'entity', 'author', 'created', 'updated'] as const;

/** parseSidecar's result, reached the fast way when the file is clean. */
export function parseSidecarQuick(text: string, file: string): ParsedSidecar {
  const sidecar = readSidecarFast(text);
  if (!sidecar) return parseSidecar(text, file);
  let full: ParsedSidecar | undefined;
  return {
    file,
    doc: null,
    sidecar,
    problems: [],
    conflictLines: [],
    writable: true,
    // positions are rarely asked for (an orphan's line in the sidecar): parse carefully then
    locate: (key, id) => (full ??= parseSidecar(text, file)).locate(key, id),
  };
}

export function readSidecarFast(text: string): Sidecar | null {
  if (findConflictMarkers(text).length) return null;
  let root: unknown;
  try {
    root = load(text, { schema: CORE_SCHEMA, maxAliases: 0 });
  } catch {
    return null;
  }
  if (!isObj(root) || root.marginalia !== FORMAT_VERSION || 'conflicts' in root) return null;
  const source = root.source;
  if (typeof source !== 'string' || source.trim() === '' || /^[a-z][a-z0-9+.-]*:/i.test(source) || source.startsWith('/') || source.includes('\\')) return null;
  const sidecar: Sidecar = { marginalia: FORMAT_VERSION, source, annotations: [] };
  if (root.reliability !== undefined) {
    if (typeof root.reliability !== 'string' || !/^[A-F]$/.test(root.reliability)) return null;
    sidecar.reliability = root.reliability;
  }
  const list = root.annotations;
  if (list === undefined || list === null) return sidecar;
  if (!Array.isArray(list)) return null;
  const seen = new Set<string>();
  for (const item of list) {
    const a = readAnnotation(item);
    if (!a || seen.has(a.id)) return null;
    seen.add(a.id);
    sidecar.annotations.push(a);
  }
  return sidecar;
}

function readAnnotation(item: unknown): Annotation | null {
  if (!isObj(item) || 'conflicts' in item) return null;
  const { id, kind, quote } = item;
  if (typeof id !== 'string' || id.trim() === '' || typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) return null;
  if (typeof quote !== 'string' || quote === '') return null;
  const a: Annotation = { id, kind: kind as Annotation['kind'], quote };
  for (const k of TEXT_FIELDS) {
    const v = item[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return null;
    a[k] = v;
  }
  for (const k of ['start', 'end'] as const) {
    const v = item[k];
    if (v === undefined || v === null) continue;
    if (!Number.isSafeInteger(v) || (v as number) < 0) return null;
    a[k] = v as number;
  }
  if (a.start !== undefined && a.end !== undefined && a.end < a.start) return null;
  if (item.status !== undefined) {
    if (kind !== 'claim' || typeof item.status !== 'string' || !(CLAIM_STATUSES as readonly string[]).includes(item.status)) return null;
    a.status = item.status as Annotation['status'];
  }
  if (item.credibility !== undefined) {
    if (!Number.isInteger(item.credibility) || (item.credibility as number) < 1 || (item.credibility as number) > 6) return null;
    a.credibility = item.credibility as number;
  }
  if (item.tags !== undefined) {
    if (!Array.isArray(item.tags) || !item.tags.every((t) => typeof t === 'string' || typeof t === 'number')) return null;
    a.tags = item.tags.map((t) => String(t));
  }
  if (item.links !== undefined) {
    if (!Array.isArray(item.links)) return null;
    const links: Link[] = [];
    for (const l of item.links) {
      if (!isObj(l) || typeof l.rel !== 'string' || !(LINK_RELS as readonly string[]).includes(l.rel)) return null;
      if (typeof l.to !== 'string' || checkLinkTarget(l.to) !== null) return null;
      links.push({ rel: l.rel as Link['rel'], to: l.to });
    }
    a.links = links;
  }
  return a;
}
