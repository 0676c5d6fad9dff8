// The brief: what a manager who will not open VS Code needs from a day of annotation. Claims
// grouped by status (disputed and refuted first), each with its quote, source, Admiralty grades
// in words, note, who assessed it and when, and its evidence for and against; an index of
// entities with mention counts per source; and caveats (orphans, open merge conflicts,
// unreadable files) at the end, so nothing is dropped silently. When the registry lists
// competing hypotheses, the ACH matrix of the claims shown (issue 13: the same model and scores
// as the Open ACH Matrix view, from analysis/ach). This builds the model; brief-md and
// brief-html render it. Filters narrow the claims (status, tag, author, source).
import { citeSource, hasTitle } from '../sources/naming';
import { CREDIBILITY, RELIABILITY } from '../admiralty';
import { achModelSliced, type AchModel, type EvidenceInput } from '../analysis/ach';
import { setBy } from '../review/history';
import type { Corpus } from '../corpus';
import { finish, type Sliced } from '../slices';
import type { Annotation, ClaimStatus, LinkRel } from '../types';
import type { ExportInput, ExportSource } from './input';

/** Disputed and refuted first: what a reader must not miss. */
export const STATUS_ORDER: readonly ClaimStatus[] = ['disputed', 'refuted', 'unverified', 'corroborated'];

export interface BriefFilter {
  status?: readonly string[];
  tag?: readonly string[];
  author?: readonly string[];
  /** Source paths, or folders (a prefix ending in `/` or a whole path component). */
  source?: readonly string[];
}

export interface Evidence {
  /** `for` (supports, same-as) or `against` (contradicts); see-also is `related`. */
  side: 'for' | 'against' | 'related';
  rel: LinkRel;
  /** The link as the other annotation states it (incoming) or as this one does (outgoing). */
  direction: 'outgoing' | 'incoming';
  source: string;
  quote: string | null;
  status?: ClaimStatus;
}

export interface BriefClaim {
  source: string;
  title?: string;
  id: string;
  quote: string;
  status: ClaimStatus;
  /** True when the status is derived (not assessed; contradicted by another source). */
  derived: boolean;
  credibility?: { grade: number; words: string };
  reliability?: { grade: string; words: string };
  note?: string;
  tags: string[];
  assessedBy?: string;
  assessedAt?: string;
  state: string;
  evidence: Evidence[];
}

export interface BriefEntity {
  id: string;
  name: string;
  type: string;
  total: number;
  perSource: { source: string; count: number }[];
}

export interface Caveat {
  source: string;
  what: 'orphaned' | 'conflict' | 'error';
  id?: string;
  quote?: string;
  message: string;
}

/** The ACH matrix over the claims shown: rows are the claims that rate a hypothesis, most diagnostic first. */
export interface BriefAch extends AchModel {
  /** Claims shown that rate none of the hypotheses: they change no score and are not rows. */
  unrated: number;
  /** Claims the scores are over (rated or not). */
  claims: number;
}

export interface Brief {
  title: string;
  scope: string;
  groups: { status: ClaimStatus; claims: BriefClaim[] }[];
  /** Present only when the registry lists hypotheses. */
  ach?: BriefAch;
  entities: BriefEntity[];
  caveats: Caveat[];
  counts: { sources: number; claims: number; annotations: number };
}

const SIDE: Record<LinkRel, Evidence['side']> = { supports: 'for', 'same-as': 'for', contradicts: 'against', 'see-also': 'related' };

export function buildBrief(input: ExportInput, filter: BriefFilter = {}, scope = 'the workspace'): Brief {
  return finish(buildBriefSliced(input, filter, scope));
}

/** `buildBrief`, pausing between sources (core/slices.ts: the extension runs it in slices). */
export function* buildBriefSliced(input: ExportInput, filter: BriefFilter = {}, scope = 'the workspace'): Sliced<Brief> {
  const { corpus } = input;
  const statusOf = statusMemo(corpus);
  const keepSource = sourceFilter(filter.source);
  const sources = input.sources.filter((s) => keepSource(s.source));
  const claims: BriefClaim[] = [];
  const caveats: Caveat[] = [];
  const evidence: EvidenceInput[] = [];
  let annotations = 0;
  for (const s of sources) {
    for (const p of s.problems) if (p.severity === 'error') caveats.push({ source: s.source, what: 'error', message: `${p.line}:${p.column} ${p.message}` });
    for (const x of s.annotations) {
      annotations++;
      const a = x.annotation;
      if (x.state === 'orphaned' && s.text !== null) caveats.push({ source: s.source, what: 'orphaned', id: a.id, quote: a.quote, message: `${a.kind} could not be placed in the current text` });
      if (x.conflicts) caveats.push({ source: s.source, what: 'conflict', id: a.id, quote: a.quote, message: `${x.conflicts} unresolved merge conflict${x.conflicts === 1 ? '' : 's'} on ${(a.conflicts ?? []).map((c) => c.field).join(', ')}` });
      if (a.kind !== 'claim') continue;
      const status = statusOf(s.source, a);
      if (!keeps(filter, a, status)) continue;
      claims.push(claimOf(input, s, a, status, x.state, statusOf));
      const reliability = s.sidecar?.reliability;
      evidence.push({ source: s.source, annotation: a, status, ...(reliability ? { reliability } : {}) });
    }
    yield;
  }
  const groups = STATUS_ORDER.map((status) => ({ status, claims: claims.filter((c) => c.status === status) })).filter((g) => g.claims.length > 0);
  const hypotheses = corpus.registry?.hypotheses ?? [];
  const ach = hypotheses.length ? briefAch(yield* achModelSliced(hypotheses, evidence)) : undefined;
  return {
    title: 'Marginalia brief',
    scope,
    groups,
    ...(ach ? { ach } : {}),
    entities: yield* entityIndex(input, new Set(sources.map((s) => s.source))),
    caveats,
    counts: { sources: sources.length, claims: claims.length, annotations },
  };
}

function briefAch(m: AchModel): BriefAch {
  const rows = m.rows.filter((r) => Object.keys(r.ratings).length > 0);
  return { ...m, rows, unrated: m.rows.length - rows.length, claims: m.rows.length };
}

function keeps(f: BriefFilter, a: Annotation, status: ClaimStatus): boolean {
  if (f.status?.length && !f.status.includes(status)) return false;
  if (f.tag?.length && !(a.tags ?? []).some((t) => f.tag!.includes(t))) return false;
  if (f.author?.length && !f.author.some((w) => w === a.author || w === a.updatedBy)) return false;
  return true;
}

function sourceFilter(list: readonly string[] | undefined): (source: string) => boolean {
  if (!list?.length) return () => true;
  const norm = list.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''));
  return (s) => norm.some((p) => p === '' || p === '.' || s === p || s.startsWith(p + '/'));
}

type StatusOf = (source: string, a: Annotation) => ClaimStatus;

/**
 * `corpus.statusOf` for one brief, each claim's asked of the corpus once (issue 8, bounded
 * cost): an unassessed claim's status reads all its backlinks, and each claim linking to a hub
 * asked the hub's again, so a hub of 80,000 backlinks took 13-19 s. By the annotation itself, as
 * statusOf reads it (a repeated id is another annotation).
 */
function statusMemo(corpus: Corpus): StatusOf {
  const known = new Map<string, Map<Annotation, ClaimStatus>>();
  return (source, a) => {
    let inSource = known.get(source);
    if (!inSource) known.set(source, (inSource = new Map()));
    let status = inSource.get(a);
    if (status === undefined) inSource.set(a, (status = corpus.statusOf(source, a)));
    return status;
  };
}

function claimOf(input: ExportInput, s: ExportSource, a: Annotation, status: ClaimStatus, state: string, statusOf: StatusOf): BriefClaim {
  const assessed = a.status !== undefined ? setBy(a, 'status') : undefined;
  const r = s.sidecar?.reliability;
  return {
    source: s.source,
    // a captured source is cited by its provenance (issue 14): title — publisher, date
    title: hasTitle(s.sidecar?.provenance) ? citeSource(s.source, s.sidecar?.provenance) : s.title,
    id: a.id,
    quote: a.quote,
    status,
    derived: a.status === undefined,
    ...(a.credibility !== undefined ? { credibility: { grade: a.credibility, words: CREDIBILITY[a.credibility] ?? '' } } : {}),
    ...(r ? { reliability: { grade: r, words: RELIABILITY[r] ?? '' } } : {}),
    ...(a.note !== undefined ? { note: a.note } : {}),
    tags: a.tags ?? [],
    assessedBy: assessed?.by ?? a.updatedBy ?? a.author,
    assessedAt: assessed?.at ?? a.updated ?? a.created,
    state,
    evidence: evidenceOf(input, s.source, a, statusOf),
  };
}

function evidenceOf(input: ExportInput, source: string, a: Annotation, statusOf: StatusOf): Evidence[] {
  const { corpus } = input;
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const l of a.links ?? []) {
    const t = corpus.resolve(source, l).target;
    const key = t ? `${t.source}#${t.annotation.id}` : l.to;
    seen.add(`${l.rel}\0${key}`);
    out.push({ side: SIDE[l.rel], rel: l.rel, direction: 'outgoing', source: t?.source ?? l.to, quote: t?.annotation.quote ?? null, ...(t?.annotation.kind === 'claim' ? { status: statusOf(t.source, t.annotation) } : {}) });
  }
  for (const b of corpus.backlinks(source, a.id)) {
    if (seen.has(`${b.rel}\0${b.source}#${b.annotation.id}`)) continue; // linked both ways: one piece of evidence
    out.push({ side: SIDE[b.rel], rel: b.rel, direction: 'incoming', source: b.source, quote: b.annotation.quote, ...(b.annotation.kind === 'claim' ? { status: statusOf(b.source, b.annotation) } : {}) });
  }
  const rank = { against: 0, for: 1, related: 2 } as const;
  return out.sort((x, y) => rank[x.side] - rank[y.side]);
}

function* entityIndex(input: ExportInput, sources: Set<string>): Sliced<BriefEntity[]> {
  const { corpus } = input;
  const counts = new Map<string, Map<string, number>>();
  for (const e of corpus.all()) {
    if (!sources.has(e.source) || !e.readable) continue;
    for (const h of corpus.entityHits(e)) {
      let m = counts.get(h.entity);
      if (!m) counts.set(h.entity, (m = new Map()));
      m.set(e.source, (m.get(e.source) ?? 0) + 1);
    }
    yield;
  }
  const out: BriefEntity[] = [];
  for (const [id, m] of counts) {
    const ent = corpus.entity(id);
    const perSource = [...m].map(([source, count]) => ({ source, count })).sort((a, b) => b.count - a.count || (a.source < b.source ? -1 : 1));
    out.push({ id, name: ent?.name ?? id, type: ent?.type ?? 'unknown', total: perSource.reduce((n, p) => n + p.count, 0), perSource });
    if (out.length % 256 === 0) yield;
  }
  yield;
  return out.sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
