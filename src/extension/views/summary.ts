// What a source holds, counted once and phrased the same way in the Sources view and the status
// bar. Pure: no `vscode` import, fed from the corpus (saved text) or from a live editor.
import type { Corpus, SourceEntry } from '../../core/corpus';
import type { Placement } from '../../core/placement';
import { pushAll } from '../../core/arrays';
import { wordsChanged } from '../../core/review/words';
import { CLAIM_STATUSES, type Annotation, type ClaimStatus, type Problem } from '../../core/types';

/** The order claims are listed and counted in everywhere: what needs attention first. */
export const STATUS_ORDER: readonly ClaimStatus[] = ['disputed', 'refuted', 'unverified', 'corroborated'];

export interface Counts {
  claims: Record<ClaimStatus, number>;
  claimTotal: number;
  notes: number;
  /** Distinct entities mentioned (registry aliases and placed `entity` annotations). */
  entities: number;
  /** Annotations whose text could not be found. */
  orphans: number;
  /**
   * The derived statuses of the claims not assessed, one letter each in the order counted: a
   * contradiction added or removed elsewhere changes a row here without changing a count.
   */
  derived: string;
}

export interface CountInput {
  placed: readonly Annotation[];
  orphans: readonly Annotation[];
  /** Entity ids of the registry mentions. */
  mentioned: Iterable<string>;
  statusOf(a: Annotation): ClaimStatus;
}

export function countAnnotations(input: CountInput): Counts {
  // run for every source after each index (10,000 at a time): plain loops, no copies of the lists
  const claims = {} as Record<ClaimStatus, number>;
  for (const s of CLAIM_STATUSES) claims[s] = 0;
  const entities = new Set(input.mentioned);
  let claimTotal = 0;
  let notes = 0;
  let derived = '';
  for (const list of [input.placed, input.orphans]) {
    for (const a of list) {
      if (a.kind === 'claim') {
        const status = input.statusOf(a);
        claims[status]++;
        claimTotal++;
        if (!a.status) derived += status.charAt(0);
      } else if (a.kind === 'note') notes++;
    }
  }
  for (const a of input.placed) if (a.kind === 'entity' && a.entity) entities.add(a.entity);
  return { claims, claimTotal, notes, entities: entities.size, orphans: input.orphans.length, derived };
}

/** Counts for a source as saved, from the corpus. */
export function entryCounts(corpus: Corpus, entry: SourceEntry): Counts {
  const annotations = entry.parsed?.sidecar?.annotations ?? [];
  const placed: Annotation[] = [];
  const orphans: Annotation[] = [];
  if (entry.placements.length === annotations.length) {
    for (const p of entry.placements) (isPlaced(p.result) ? placed : orphans).push(p.annotation);
  } else pushAll(orphans, annotations); // no text to place them in
  return countAnnotations({ placed, orphans, mentioned: corpus.mentionedIds(entry), statusOf: (a) => corpus.statusOf(entry.source, a) });
}

export function isPlaced(r: { state: string; start: number | null; end: number | null }): boolean {
  return r.state !== 'orphaned' && r.start !== null && r.end !== null;
}

export interface SidecarHealth {
  hasSidecar: boolean;
  conflict: boolean;
  /** Errors stop the sidecar from being read in full (and from being written). */
  errors: Problem[];
  warnings: Problem[];
}

export function sidecarHealth(entry: SourceEntry): SidecarHealth {
  const problems = entry.parsed?.problems ?? [];
  return {
    hasSidecar: entry.sidecarLength !== null,
    conflict: (entry.parsed?.conflictLines.length ?? 0) > 0,
    errors: problems.filter((p) => p.severity === 'error'),
    warnings: problems.filter((p) => p.severity === 'warning'),
  };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `3 entities · 2 disputed · 1 unverified · 1 note · ⚠ 1 orphaned`: zero counts left out. */
export function describeCounts(c: Counts, health?: SidecarHealth): string {
  const parts: string[] = [];
  if (health?.conflict) parts.push('⚠ merge conflict');
  else if (health?.errors.length) parts.push(`⚠ ${plural(health.errors.length, 'sidecar error')}`);
  if (c.orphans) parts.push(`⚠ ${c.orphans} orphaned`);
  if (c.entities) parts.push(plural(c.entities, 'entity', 'entities'));
  for (const s of STATUS_ORDER) if (c.claims[s]) parts.push(`${c.claims[s]} ${s}`);
  if (c.notes) parts.push(plural(c.notes, 'note'));
  return parts.join(' · ');
}

/** A claim whose words changed since it was assessed: the quote the assessment rests on, and the text now there. */
export interface Review {
  assessed: string;
  current: string;
}

/**
 * Whether a claim needs review, given the text now at its place (issue 9, "A claim whose words
 * changed needs a human"): only claims, and only when letters or digits changed (core's
 * `wordsChanged`), not white space, quote marks, dashes or case. Entities and notes never do.
 */
export function reviewOf(a: Annotation, current: string | undefined): Review | undefined {
  if (a.kind !== 'claim' || current === undefined || !wordsChanged(a.quote, current)) return undefined;
  return { assessed: a.quote, current };
}

/** The same for a claim as the store placed it in the saved text: the core's verdict (`placement.ts`). */
export function placedReview(p: Placement | undefined): Review | undefined {
  if (!p?.needsReview || p.currentQuote === undefined) return undefined;
  return { assessed: p.assessedQuote ?? p.annotation.quote, current: p.currentQuote };
}

/** Whether an annotation holds merge conflicts left for someone to settle. */
export function isConflicted(a: Annotation): boolean {
  return (a.conflicts?.length ?? 0) > 0;
}
