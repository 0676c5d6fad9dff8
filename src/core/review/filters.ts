// Find and filter (issue 11): which annotations a reviewer's filter keeps, and how a free-text
// search matches one. Pure, so the Claims and Sources views, Find Annotation… and the CLI agree.
// A filter is a conjunction of facets; within a facet any listed value matches (status
// disputed OR refuted, AND author Ana). Text search is case- and accent-insensitive over the
// quote, note, entity (id and name), tags and author, every word of the query must occur.
import type { Annotation, ClaimStatus } from '../types';
import { reviewStateOf, type ReviewStateOrNone } from './loop';

export interface AnnotationFilter {
  status?: readonly (ClaimStatus | 'not-assessed')[];
  author?: readonly string[];
  tag?: readonly string[];
  credibility?: readonly number[];
  reliability?: readonly string[];
  review?: readonly ReviewStateOrNone[];
}

export const FACETS = ['status', 'author', 'tag', 'credibility', 'reliability', 'review'] as const;
export type Facet = (typeof FACETS)[number];

/** What a filtered view needs to know of an annotation besides the annotation itself. */
export interface FilterContext {
  /** The source's reliability grade (A–F), if any. */
  reliability?: string;
  /** The effective status (a claim contradicted elsewhere reads as disputed). */
  status?: ClaimStatus;
}

export function isEmptyFilter(f: AnnotationFilter): boolean {
  return FACETS.every((k) => !f[k]?.length);
}

/** Who an annotation is by, for the author facet: its creator and whoever last changed it. */
export function authorsOf(a: Annotation): string[] {
  return [...new Set([a.author, a.updatedBy].filter((x): x is string => typeof x === 'string'))];
}

export function matchesFilter(a: Annotation, f: AnnotationFilter, ctx: FilterContext = {}): boolean {
  if (f.status?.length) {
    if (a.kind !== 'claim') return false;
    // its own status (or `not-assessed`), or the status it reads as (disputed when contradicted)
    const own = a.status ?? 'not-assessed';
    if (!f.status.includes(own) && !(ctx.status && f.status.includes(ctx.status))) return false;
  }
  if (f.author?.length && !authorsOf(a).some((x) => f.author!.includes(x))) return false;
  if (f.tag?.length && !(a.tags ?? []).some((t) => f.tag!.includes(t))) return false;
  if (f.credibility?.length && (a.credibility === undefined || !f.credibility.includes(a.credibility))) return false;
  if (f.reliability?.length && (!ctx.reliability || !f.reliability.includes(ctx.reliability))) return false;
  if (f.review?.length && !f.review.includes(reviewStateOf(a))) return false;
  return true;
}

/** One line naming the filter, for a view's description: `status: disputed · tag: coup`. */
export function describeFilter(f: AnnotationFilter): string {
  return FACETS.filter((k) => f[k]?.length)
    .map((k) => `${k}: ${f[k]!.map(String).join(', ')}`)
    .join(' · ');
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();

/** The text a search looks through for one annotation. */
export function searchText(a: Annotation, entityName?: string): string {
  return fold([a.quote, a.note, a.entity, entityName, ...(a.tags ?? []), a.author, a.updatedBy, a.status, a.kind].filter(Boolean).join('\n'));
}

/**
 * `searchText`, kept for each annotation object (a read of its sidecar makes new ones) and
 * entity name: Find Annotation searches every annotation at each keystroke, and folding them
 * all again took 40 ms a keystroke at 10,000 annotations (issue 15).
 */
const searched = new WeakMap<Annotation, { name: string | undefined; text: string }>();
export function searchTextOf(a: Annotation, entityName?: string): string {
  let s = searched.get(a);
  if (!s || s.name !== entityName) searched.set(a, (s = { name: entityName, text: searchText(a, entityName) }));
  return s.text;
}

/** A query's words, folded as the searchable text is. */
export function queryWords(query: string): string[] {
  return fold(query).split(/\s+/).filter(Boolean);
}

/** Whether every word of `query` occurs in the annotation's searchable text. Linear in both. */
export function matchesQuery(a: Annotation, query: string, entityName?: string): boolean {
  return matchesWords(a, queryWords(query), entityName);
}

/** `matchesQuery` with the query's words found once. */
export function matchesWords(a: Annotation, words: readonly string[], entityName?: string): boolean {
  if (words.length === 0) return true;
  const hay = searchTextOf(a, entityName);
  return words.every((w) => hay.includes(w));
}

/**
 * How many of a source's annotations the filter keeps: the Sources view lists a source only
 * when this is above zero, and shows the number (issue 11, "filters on the Sources view").
 */
export function countMatching(list: readonly Annotation[], f: AnnotationFilter, ctxOf: (a: Annotation) => FilterContext): number {
  let n = 0;
  for (const a of list) if (matchesFilter(a, f, ctxOf(a))) n++;
  return n;
}
