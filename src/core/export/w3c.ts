// `marginalia export --format w3c`: the corpus as one W3C Web Annotation Data Model document
// (https://www.w3.org/TR/annotation-model/), an AnnotationCollection whose `first` page holds
// every annotation. Known fields become the model's own terms, so any W3C tool reads the gist:
// the note a `commenting` body, a claim's status and grades an `assessing` body, the entity an
// `identifying` body, tags `tagging` bodies, links `linking` bodies; the target carries a
// TextQuoteSelector and a TextPositionSelector (code points, as the model defines them).
//
// Lossless by design: each annotation also carries its whole sidecar record, every field
// including those this version does not know (history, replies, provenance…), as
// `marginalia:annotation` (a JSON literal, `@type: @json`), and the collection carries each
// sidecar's top-level fields (`reliability`…) as `marginalia:sidecars`. Importing the export
// gives back the same sidecar bytes. Other tools ignore the `marginalia:` terms.
import { CREDIBILITY, RELIABILITY } from '../admiralty';
import { parseLinkTarget, resolveLinkSource, sidecarPathFor } from '../format';
import { CONTEXT_LENGTH } from '../anchor/selector';
import type { ExportAnnotation, ExportInput, ExportSource } from './input';
import { slicer } from './text';
import { finish, type Sliced } from '../slices';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** The Marginalia terms: a URN namespace (nothing to fetch), JSON literals for the records. */
export const MARGINALIA_NS = 'urn:marginalia:v1#';
export const MARGINALIA_CONTEXT = {
  '@version': 1.1,
  marginalia: MARGINALIA_NS,
  'marginalia:annotation': { '@type': '@json' },
  'marginalia:sidecars': { '@type': '@json' },
} as const;

const CONTEXT = [ANNO_CONTEXT, MARGINALIA_CONTEXT];

export interface W3cOptions {
  /** Makes source and annotation IRIs absolute: `--base https://example.org/corpus/`. */
  base?: string;
  /** The `id` of the collection. */
  collectionId?: string;
  /** `generated` time (ISO); left out when not given, so output is reproducible. */
  generated?: string;
}

type Json = Record<string, unknown>;

export function toW3c(input: ExportInput, options: W3cOptions = {}): Json {
  return finish(toW3cSliced(input, options));
}

/** `toW3c`, pausing between sources (core/slices.ts: the extension runs it in slices). */
export function* toW3cSliced(input: ExportInput, options: W3cOptions = {}): Sliced<Json> {
  const items: Json[] = [];
  const sidecars: Json[] = [];
  for (const s of input.sources) {
    if (s.rawRoot) sidecars.push({ source: s.source, fields: s.rawRoot, ...(s.comment ? { comment: s.comment } : {}) });
    const cut = s.text !== null ? slicer(s.text) : null;
    for (const a of s.annotations) items.push(annotationJson(input, s, a, cut, options));
    yield;
  }
  const iri = (p: string) => resolveIri(options.base, p);
  return {
    '@context': CONTEXT,
    id: options.collectionId ?? iri('marginalia-export.jsonld'),
    type: 'AnnotationCollection',
    label: 'Marginalia annotations',
    total: items.length,
    ...(options.generated ? { generated: options.generated } : {}),
    generator: { type: 'Software', name: 'Marginalia' },
    'marginalia:sidecars': sidecars,
    first: { id: iri('marginalia-export.jsonld#page1'), type: 'AnnotationPage', startIndex: 0, items },
  };
}

/** A relative path as an IRI, absolute when a base is given. */
export function resolveIri(base: string | undefined, rel: string): string {
  const encoded = rel.split('/').map(encodeURIComponent).join('/').replace(/%23/g, '#');
  if (!base) return encoded;
  return new URL(encoded, base.endsWith('/') ? base : base + '/').href;
}

/** The IRI of an annotation: its sidecar's path with the id as fragment. */
export function annotationIri(base: string | undefined, source: string, id: string): string {
  return `${resolveIri(base, sidecarPathFor(source))}#${encodeURIComponent(id)}`;
}

type Cut = ((start: number, end: number) => string) | null;

function annotationJson(input: ExportInput, s: ExportSource, x: ExportAnnotation, cut: Cut, options: W3cOptions): Json {
  const a = x.annotation;
  const body: Json[] = [];
  if (a.note !== undefined) body.push({ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: a.note });
  if (a.kind === 'claim') {
    const reliability = s.sidecar?.reliability;
    const words = [
      a.status ?? 'not yet assessed',
      a.credibility !== undefined ? `credibility ${a.credibility} (${CREDIBILITY[a.credibility] ?? '?'})` : null,
      reliability ? `source reliability ${reliability} (${RELIABILITY[reliability] ?? '?'})` : null,
    ].filter((w): w is string => w !== null);
    body.push({
      type: 'TextualBody', purpose: 'assessing', format: 'text/plain', value: words.join('; '),
      ...(a.status ? { 'marginalia:status': a.status } : {}),
      ...(a.credibility !== undefined ? { 'marginalia:credibility': a.credibility } : {}),
      ...(reliability ? { 'marginalia:reliability': reliability } : {}),
    });
  }
  if (a.kind === 'entity' && a.entity !== undefined) {
    const e = input.corpus.entity(a.entity);
    body.push({ type: 'TextualBody', purpose: 'identifying', format: 'text/plain', value: e?.name ?? a.entity, 'marginalia:entity': a.entity, ...(e ? { 'marginalia:entityType': e.type } : {}) });
  }
  for (const t of a.tags ?? []) body.push({ type: 'TextualBody', purpose: 'tagging', value: t });
  for (const l of a.links ?? []) {
    const t = parseLinkTarget(l.to);
    const target = t && resolveLinkSource(s.source, t);
    body.push({ type: 'SpecificResource', purpose: 'linking', source: target ? annotationIri(options.base, target, t!.id) : l.to, 'marginalia:rel': l.rel });
  }
  const selector: Json[] = [];
  if (x.start !== null && x.end !== null && cut) {
    // the words as they stand now (a moved or fuzzy annotation is exported where it is)
    selector.push({
      type: 'TextQuoteSelector',
      exact: cut(x.start, x.end),
      prefix: cut(Math.max(0, x.start - CONTEXT_LENGTH), x.start),
      suffix: cut(x.end, x.end + CONTEXT_LENGTH),
    });
    selector.push({ type: 'TextPositionSelector', start: x.start, end: x.end });
  } else {
    selector.push({ type: 'TextQuoteSelector', exact: a.quote, ...(a.prefix !== undefined ? { prefix: a.prefix } : {}), ...(a.suffix !== undefined ? { suffix: a.suffix } : {}) });
  }
  return {
    '@context': CONTEXT,
    id: annotationIri(options.base, s.source, a.id),
    type: 'Annotation',
    motivation: a.kind === 'entity' ? 'identifying' : a.kind === 'claim' ? 'assessing' : 'commenting',
    ...(a.created ? { created: a.created } : {}),
    ...(a.updated ? { modified: a.updated } : {}),
    ...(a.author ? { creator: { type: 'Person', name: a.author } } : {}),
    ...(body.length ? { body } : {}),
    target: { source: resolveIri(options.base, s.source), selector },
    'marginalia:state': x.state,
    ...(x.conflicts ? { 'marginalia:conflicts': x.conflicts } : {}),
    'marginalia:annotation': x.raw,
  };
}
