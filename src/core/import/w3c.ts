// `marginalia import --format w3c`: W3C Web Annotations (an AnnotationCollection, a page, one
// annotation, or a list) back into sidecar records. A Marginalia export carries each whole
// record in `marginalia:annotation`: that record is taken as it is (every field, so the round
// trip gives the same sidecar). Any other annotation is mapped from the model's terms:
// motivation and body purposes (commenting → note, tagging → tags, assessing → status and
// credibility, identifying → entity, linking → links), creator → author, created/modified, and
// the TextQuoteSelector (the quote decides; a TextPositionSelector is only a hint).
import { CLAIM_STATUSES, LINK_RELS, type LinkRel } from '../types';
import { linkTargetFor, SIDECAR_SUFFIX } from '../format';
import { finish, type Sliced } from '../slices';
import { emptyBatch, int, isObj, selectorsOf, str, type ImportBatch, type SidecarRecord } from './batch';

export interface W3cImportOptions {
  /** The `--base` the export was made with: IRIs under it become relative paths again. */
  base?: string;
}

export function fromW3c(value: unknown, options: W3cImportOptions = {}): ImportBatch {
  return finish(fromW3cSliced(value, options));
}

/** `fromW3c`, pausing every few dozen records (core/slices.ts: the extension runs it in slices). */
export function* fromW3cSliced(value: unknown, options: W3cImportOptions = {}): Sliced<ImportBatch> {
  const batch = emptyBatch();
  const list = annotationsOf(value);
  if (isObj(value) && Array.isArray(value['marginalia:sidecars'])) {
    for (const s of value['marginalia:sidecars']) {
      if (!isObj(s) || typeof s.source !== 'string' || !isObj(s.fields)) continue;
      const c = isObj(s.comment) ? { doc: str(s.comment.doc), map: str(s.comment.map) } : undefined;
      batch.sidecarFields.set(s.source, { fields: s.fields, ...(c ? { comment: c } : {}) });
    }
  }
  const take = (a: unknown, i: number) => {
    const origin = isObj(a) && typeof a.id === 'string' ? a.id : `annotation ${i + 1}`;
    if (!isObj(a)) return batch.skipped.push({ origin, reason: 'not an annotation object' });
    const target = Array.isArray(a.target) ? a.target[0] : a.target;
    const iri = isObj(target) ? str(target.source) ?? (isObj(target.source) ? str(target.source.id) : undefined) : str(target);
    const source = iri !== undefined ? localPath(iri, options.base) : null;
    const carried = a['marginalia:annotation'];
    if (isObj(carried)) {
      batch.items.push({ source, record: structuredClone(carried), origin });
      return;
    }
    const sel = selectorsOf(a.target);
    if (!sel.quote) return batch.skipped.push({ origin, reason: 'no TextQuoteSelector: nothing says which words it is about' });
    batch.items.push({ source, record: mapped(a, origin, sel, source, options.base), origin });
  };
  for (let i = 0; i < list.length; i++) {
    take(list[i], i);
    if (i % 64 === 63) yield;
  }
  return batch;
}

function annotationsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (!isObj(v)) return [];
  const type = Array.isArray(v.type) ? v.type : [v.type];
  if (type.includes('Annotation')) return [v];
  if (type.includes('AnnotationPage') && Array.isArray(v.items)) return v.items;
  if (isObj(v.first)) return annotationsOf(v.first);
  if (Array.isArray(v.items)) return v.items;
  return [];
}

/** A target IRI as a local path: relative (percent-decoded), or under `base`; else the IRI itself. */
export function localPath(iri: string, base?: string): string {
  let rel = iri;
  if (base && iri.startsWith(base)) rel = iri.slice(base.length).replace(/^\/+/, '');
  else if (base) {
    const b = base.endsWith('/') ? base : base + '/';
    if (iri.startsWith(b)) rel = iri.slice(b.length);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(rel)) return rel;
  try {
    return decodeURIComponent(rel.split('#')[0]);
  } catch {
    return rel;
  }
}

type Sel = ReturnType<typeof selectorsOf>;

function mapped(a: Record<string, unknown>, origin: string, sel: Sel, source: string | null, base?: string): SidecarRecord {
  const bodies = (Array.isArray(a.body) ? a.body : a.body !== undefined ? [a.body] : []).filter(isObj);
  // a motivation is a string: anything else is no motivation (String() of `{toString: 0}` threw)
  const motivation = [a.motivation].flat().filter((m): m is string => typeof m === 'string');
  const purpose = (b: Record<string, unknown>) => str(b.purpose) ?? (bodies.length === 1 ? motivation[0] : undefined) ?? 'commenting';
  const r: SidecarRecord = { id: idFromIri(origin), kind: 'note', quote: sel.quote!.exact };
  if (sel.quote!.prefix !== undefined) r.prefix = sel.quote!.prefix;
  if (sel.quote!.suffix !== undefined) r.suffix = sel.quote!.suffix;
  if (sel.position) Object.assign(r, sel.position);
  const notes: string[] = [];
  const tags: string[] = [];
  const links: { rel: LinkRel; to: string }[] = [];
  for (const b of bodies) {
    const p = purpose(b);
    const value = str(b.value);
    if (p === 'tagging' && value) tags.push(value);
    else if (p === 'assessing') {
      r.kind = 'claim';
      const status = str(b['marginalia:status']) ?? value;
      if (status && (CLAIM_STATUSES as readonly string[]).includes(status)) r.status = status;
      const cred = int(b['marginalia:credibility']);
      if (cred !== undefined) r.credibility = cred;
    } else if (p === 'identifying' && str(b['marginalia:entity'])) {
      r.kind = 'entity';
      r.entity = str(b['marginalia:entity']);
    } else if (p === 'linking') {
      const to = linkTo(str(b.source) ?? str(b.id), source, base);
      const rel = str(b['marginalia:rel']) ?? 'see-also';
      if (to && (LINK_RELS as readonly string[]).includes(rel)) links.push({ rel: rel as LinkRel, to });
    } else if (value !== undefined) notes.push(value);
  }
  if (motivation.includes('assessing')) r.kind = r.kind === 'note' ? 'claim' : r.kind;
  if (notes.length) r.note = notes.join('\n\n');
  if (tags.length) r.tags = tags;
  if (links.length) r.links = links;
  const creator = Array.isArray(a.creator) ? a.creator[0] : a.creator;
  const author = isObj(creator) ? str(creator.name) ?? str(creator.nickname) : str(creator);
  if (author) r.author = author;
  if (str(a.created)) r.created = a.created;
  if (str(a.modified)) r.updated = a.modified;
  return r;
}

/** A Marginalia id from an annotation IRI: its fragment when there is one, else a stable hash. */
function idFromIri(iri: string): string {
  const hash = iri.lastIndexOf('#');
  if (hash >= 0 && hash < iri.length - 1) {
    try {
      const id = decodeURIComponent(iri.slice(hash + 1));
      if (/^[\p{L}\p{N}._~:@-]{1,100}$/u.test(id)) return id;
    } catch {
      // fall through to the hash
    }
  }
  return `w3c-${fnv(iri, 0x811c9dc5)}${fnv(iri, 0x01000193)}`;
}

/** `other.txt#id` (relative to `from`) for a link body pointing at `other.txt.annotations.yaml#id`. */
function linkTo(iri: string | undefined, from: string | null, base?: string): string | undefined {
  if (!iri || from === null) return undefined;
  const hash = iri.lastIndexOf('#');
  if (hash < 0) return undefined;
  const file = localPath(iri.slice(0, hash), base);
  if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return undefined;
  const id = decodeURIComponent(iri.slice(hash + 1));
  const target = file.endsWith(SIDECAR_SUFFIX) ? file.slice(0, -SIDECAR_SUFFIX.length) : file;
  return linkTargetFor(from, target, id);
}

/** FNV-1a over UTF-16 units, 8 hex digits: a stable id for an IRI (not a security hash). */
function fnv(s: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
