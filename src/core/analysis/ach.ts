// Analysis of Competing Hypotheses (Heuer, "Psychology of Intelligence Analysis", ch. 8): the
// model the ACH matrix draws. Hypotheses are columns, claims (the evidence) rows, each cell how
// the claim bears on the hypothesis on the scale CC | C | N | I | II.
//
// Heuer's point is that evidence refutes rather than confirms: the hypothesis to prefer is the
// one with the *least* evidence against it, so each hypothesis is scored by its weighted
// inconsistency — I counts 1, II counts 2, consistent ratings count nothing — as the PARC ACH
// tool does. A piece of evidence weighs by how far it can be believed: the Admiralty grades
// of the claim (credibility 1–6) and of its source (reliability A–F), multiplied; a refuted
// claim weighs nothing (it is no longer evidence). The weights are stated in the view
// (WEIGHTING) so the analyst can see why a score is what it is.
//
// Diagnosticity: evidence consistent with every hypothesis helps choose none. A row's
// diagnosticity is the spread of its ratings (most consistent minus most inconsistent, on
// CC=2 … II=-2) over the hypotheses it rates; rows sort by it, most diagnostic first.
import { ACH_RATINGS, type AchRating, type Annotation, type ClaimStatus, type Hypothesis } from '../types';
import { firstIndex } from '../bisect';
import { setOwn } from '../records';
import { finish, sortSliced, type Sliced } from '../slices';

/** Heuer's principle in words, said with the scores wherever they are shown (the brief). */
export const ACH_PRINCIPLE =
  'Scored by Heuer’s method: evidence weakens the hypotheses it is inconsistent with and proves none, so the hypothesis with the lowest score is the least contradicted.';

export const WEIGHTING =
  'Score = Σ weight × (I: 1, II: 2) over each hypothesis’s inconsistent evidence; lower is stronger. ' +
  'Weight = credibility (1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6 or none: 0.5) × source reliability (A: 1.0, B: 0.8, C: 0.6, D: 0.4, E: 0.2, F or none: 0.5); a refuted claim weighs 0.';

const CREDIBILITY_WEIGHT: Record<number, number> = { 1: 1, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.5 };
const RELIABILITY_WEIGHT: Record<string, number> = { A: 1, B: 0.8, C: 0.6, D: 0.4, E: 0.2, F: 0.5 };
const VALUE: Record<AchRating, number> = { CC: 2, C: 1, N: 0, I: -1, II: -2 };
const INCONSISTENCY: Record<AchRating, number> = { CC: 0, C: 0, N: 0, I: 1, II: 2 };

export const isAchRating = (v: unknown): v is AchRating => typeof v === 'string' && (ACH_RATINGS as readonly string[]).includes(v);

/** One claim as the matrix needs it. */
export interface EvidenceInput {
  source: string;
  annotation: Annotation;
  /** The status the claim shows (its own, or derived from contradictions). */
  status: ClaimStatus;
  /** The source's reliability grade, A–F. */
  reliability?: string;
}

export interface AchRow {
  source: string;
  id: string;
  quote: string;
  status: ClaimStatus;
  credibility?: number;
  reliability?: string;
  weight: number;
  /** Ratings of the matrix's hypotheses only (a rating for an unknown id is not drawn). */
  ratings: Record<string, AchRating>;
  diagnosticity: number;
}

export interface AchColumn {
  id: string;
  text: string;
  note?: string;
  /** Weighted inconsistency: lower is stronger. Rounded to 2 decimals. */
  score: number;
  inconsistent: number;
  consistent: number;
  /** 1 for the least contradicted hypothesis; ties share a rank. */
  rank: number;
}

export interface AchModel {
  columns: AchColumn[];
  rows: AchRow[];
  weighting: string;
}

export function evidenceWeight(status: ClaimStatus, credibility?: number, reliability?: string): number {
  if (status === 'refuted') return 0;
  const c = credibility !== undefined ? CREDIBILITY_WEIGHT[credibility] ?? 0.5 : 0.5;
  const r = reliability !== undefined ? RELIABILITY_WEIGHT[reliability] ?? 0.5 : 0.5;
  return Math.round(c * r * 100) / 100;
}

/** The spread of a row's ratings; 0 with fewer than two. */
export function diagnosticity(ratings: readonly AchRating[]): number {
  if (ratings.length < 2) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of ratings) {
    lo = Math.min(lo, VALUE[r]);
    hi = Math.max(hi, VALUE[r]);
  }
  return hi - lo;
}

export type RowOrder = 'diagnosticity' | 'source';

/** The matrix: every claim a row (rated or not, so any can be rated), every hypothesis a column. */
export function achModel(hypotheses: readonly Hypothesis[], evidence: readonly EvidenceInput[], order: RowOrder = 'diagnosticity'): AchModel {
  return finish(achModelSliced(hypotheses, evidence, order));
}

/**
 * `achModel`, pausing every few hundred rows (core/slices.ts). With `shown`, only the first
 * `shown` rows in order are made (the scores and the order count every row; the model's
 * row count is `evidence.length`, every claim being a row). Each row's ratings, weight and
 * diagnosticity are kept as numbers until then, not as 24,000 row objects the ACH matrix
 * pages 200 of (issue 15: at 10,000 sources they were what the host's collector copied in the
 * 54-86 ms scavenges inside the matrix's open).
 */
export function* achModelSliced(hypotheses: readonly Hypothesis[], evidence: readonly EvidenceInput[], order: RowOrder = 'diagnosticity', shown = Number.MAX_SAFE_INTEGER): Sliced<AchModel> {
  const known = new Set(hypotheses.map((h) => h.id));
  // a claim's ratings of the matrix's hypotheses, each passed to `visit` (a rating for an
  // unknown id is not drawn), in Object.entries' order, without an array a claim
  const eachRating = (a: Annotation, visit: (h: string, r: AchRating) => void) => {
    const rated = a.hypotheses;
    if (!rated) return;
    for (const h in rated) {
      if (!Object.hasOwn(rated, h) || !known.has(h)) continue;
      const r = rated[h];
      if (isAchRating(r)) visit(h, r);
    }
  };
  const n = evidence.length;
  const diag = new Float64Array(n);
  const weight = new Float64Array(n);
  const values: AchRating[] = [];
  const collect = (_: string, r: AchRating) => void values.push(r);
  for (let i = 0; i < n; i++) {
    const { annotation: a, status, reliability } = evidence[i];
    values.length = 0;
    eachRating(a, collect);
    diag[i] = diagnosticity(values);
    weight[i] = evidenceWeight(status, a.credibility, reliability);
    if (i % 256 === 255) yield;
  }
  yield;
  // sorted in steps (sortSliced), by keys taken out first, each source by its rank among the
  // distinct sources (sorted apart): 24,000 rows' URIs compared as strings in one sort were
  // 20-60 ms in one step (issue 15, the ACH matrix at 10,000 sources); the order is the same
  const sourceRank = new Map<string, number>();
  for (const e of evidence) sourceRank.set(e.source, 0);
  const distinct = [...sourceRank.keys()].sort();
  yield;
  distinct.forEach((src, k) => sourceRank.set(src, k));
  const src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = sourceRank.get(evidence[i].source)!;
  yield;
  const idOf = (i: number) => evidence[i].annotation.id;
  const bySource = (a: number, b: number) => src[a] - src[b] || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0);
  const at = yield* sortSliced(
    Array.from({ length: n }, (_, i) => i),
    order === 'source' ? bySource : (a, b) => diag[b] - diag[a] || weight[b] - weight[a] || bySource(a, b),
  );
  const rows: AchRow[] = [];
  for (let i = 0; i < Math.min(shown, n); i++) {
    const j = at[i];
    const { source, annotation: a, status, reliability } = evidence[j];
    const ratings: Record<string, AchRating> = {};
    eachRating(a, (h, r) => setOwn(ratings, h, r));
    rows.push({
      source,
      id: a.id,
      quote: a.quote,
      status,
      ...(a.credibility !== undefined ? { credibility: a.credibility } : {}),
      ...(reliability !== undefined ? { reliability } : {}),
      weight: weight[j],
      ratings,
      diagnosticity: diag[j],
    });
    if (i % 256 === 255) yield;
  }
  // each column's sums, from one walk of the rows in their order (so each score adds the same
  // terms in the same order as a scan of the rows per hypothesis did, which was H × R: 16,000
  // hypotheses × 16,000 claims took 57 s); keyed as the ratings' own fields are (a string: a
  // hypothesis named `constructor` is rated like any other, core/records.ts)
  yield;
  const sums = new Map<string, ColumnSums>();
  for (const h of hypotheses) sums.set(String(h.id), { score: 0, inconsistent: 0, consistent: 0 });
  let w = 0;
  const add = (id: string, r: AchRating) => {
    const s = sums.get(id);
    if (!s) return;
    s.score += w * INCONSISTENCY[r];
    if (INCONSISTENCY[r] > 0) s.inconsistent++;
    if (VALUE[r] > 0) s.consistent++;
  };
  for (let i = 0; i < n; i++) {
    w = weight[at[i]];
    eachRating(evidence[at[i]].annotation, add);
    if (i % 1024 === 1023) yield;
  }
  const columns: AchColumn[] = hypotheses.map((h) => {
    const { score, inconsistent, consistent } = sums.get(String(h.id))!;
    return { id: h.id, text: h.text, ...(h.note !== undefined ? { note: h.note } : {}), score: Math.round(score * 100) / 100, inconsistent, consistent, rank: 0 };
  });
  // rank: 1 + how many score lower (ties share a rank), from the scores sorted once
  const sorted = columns.map((c) => c.score).sort((a, b) => a - b);
  for (const c of columns) c.rank = 1 + lowerThan(sorted, c.score);
  return { columns, rows, weighting: WEIGHTING };
}

interface ColumnSums {
  score: number;
  inconsistent: number;
  consistent: number;
}

/** How many of `sorted` (ascending) are below `x`. */
function lowerThan(sorted: readonly number[], x: number): number {
  return firstIndex(sorted.length, (i) => !(sorted[i] < x));
}
