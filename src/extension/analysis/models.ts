// The three views' models, from the store's in-memory corpora (closed sources' texts read through
// the store, which keeps only open sources' texts; issue 15): the inputs the
// core's pure functions (core/analysis) need, gathered across every corpus root. Sources are
// keyed by their URI string, which is also what the webviews send back, so a message can only
// name a source the store knows; labels are workspace-relative paths, shown as text.
import * as vscode from 'vscode';
import { achModel, type AchModel, type EvidenceInput, type RowOrder } from '../../core/analysis/ach';
import { cooccurrence, unitsOf, type NetworkModel, type NetworkOptions, type SourceMentions } from '../../core/analysis/cooccurrence';
import { Overlaps, unitAt } from '../../core/analysis/overlaps';
import { timelineModel, type GroupBy, type TimelineInput, type TimelineModel } from '../../core/analysis/timeline';
import { parseLinkTarget, resolveLinkSource } from '../../core/format';
import { CodePointIndex } from '../../core/text/positions';
import type { SourceEntry } from '../../core/corpus';
import type { Entity, Hypothesis } from '../../core/types';
import { pushAll } from '../../core/arrays';
import { setOwn } from '../../core/records';
import type { CorpusRoot, CorpusStore } from '../store/corpusStore';
import { textsOf } from '../store/sourceTexts';
import { placementById } from '../../core/byId';

/** The network draws at most this many entities (the most mentioned); the rest are counted. */
export const MAX_NODES = 150;

export interface Labelled<M> {
  model: M;
  /** Source key (URI string) → workspace-relative path. */
  labels: Record<string, string>;
}

function key(store: CorpusStore, root: CorpusRoot, rel: string): string {
  return store.uriOf(root, rel).toString();
}

function labels(store: CorpusStore): Record<string, string> {
  const out: Record<string, string> = {};
  for (const root of store.allRoots()) for (const e of root.corpus.all()) setOwn(out, key(store, root, e.source), vscode.workspace.asRelativePath(store.uriOf(root, e.source), store.allRoots().length > 1));
  return out;
}

export function hypothesesOf(store: CorpusStore): Hypothesis[] {
  const out: Hypothesis[] = [];
  // the first of an id, through a set (a search of the list per hypothesis was quadratic)
  const seen = new Set<string>();
  for (const root of store.allRoots()) {
    for (const h of root.registry?.config?.hypotheses ?? []) {
      if (seen.has(h.id)) continue;
      seen.add(h.id);
      out.push(h);
    }
  }
  return out;
}

export function achOf(store: CorpusStore, order: RowOrder): Labelled<AchModel> {
  const evidence: EvidenceInput[] = [];
  for (const root of store.allRoots()) {
    for (const c of root.corpus.claims()) {
      const reliability = root.corpus.get(c.source)?.parsed?.sidecar?.reliability;
      evidence.push({ source: key(store, root, c.source), annotation: c.annotation, status: c.status, ...(reliability ? { reliability } : {}) });
    }
  }
  return { model: achModel(hypothesesOf(store), evidence, order), labels: labels(store) };
}

export async function networkOf(store: CorpusStore, options: NetworkOptions): Promise<Labelled<NetworkModel>> {
  const entities: Entity[] = [];
  const corpus: SourceMentions[] = [];
  for (const root of store.allRoots()) {
    pushAll(entities, root.corpus.registry?.entities ?? []);
    // the store keeps only open sources' texts (issue 15): read those where two entities may meet (the only ones whose units are cut)
    const read = root.corpus.all().filter((e) => e.readable).map((e) => ({ e, hits: root.corpus.entityHits(e) }));
    const texts = await textsOf(store, root, read.filter((r) => new Set(r.hits.map((h) => h.entity)).size > 1).map((r) => r.e.source));
    for (const { e, hits } of read) corpus.push({ source: key(store, root, e.source), text: texts.get(e.source) ?? '', hits });
  }
  return { model: cooccurrence(corpus, entities, { maxNodes: MAX_NODES, ...options }), labels: labels(store) };
}

export async function timelineOf(store: CorpusStore, groupBy: GroupBy): Promise<Labelled<TimelineModel> & { names: Record<string, string> }> {
  const inputs: TimelineInput[] = [];
  const names: Record<string, string> = {};
  for (const root of store.allRoots()) {
    for (const ent of root.corpus.registry?.entities ?? []) setOwn(names, ent.id, ent.name);
    // the store keeps only open sources' texts (issue 15): read those whose dated annotations are grouped by the sentence's entities
    const dated = (e: SourceEntry) => (e.parsed?.sidecar?.annotations ?? []).some((a) => a.when !== undefined && (a.kind === 'claim' || a.kind === 'note'));
    const texts = groupBy === 'entity' ? await textsOf(store, root, root.corpus.all().filter((e) => e.readable && dated(e)).map((e) => e.source)) : new Map<string, string>();
    for (const e of root.corpus.all()) {
      const dated = (e.parsed?.sidecar?.annotations ?? []).filter((a) => a.when !== undefined && (a.kind === 'claim' || a.kind === 'note'));
      if (dated.length === 0) continue;
      const text = texts.get(e.source);
      const sentences = groupBy === 'entity' && text !== undefined ? unitsOf(text, 'sentence') : [];
      // searched once per dated annotation: indexed, not scanned (core/analysis/overlaps.ts)
      const hits = new Overlaps(groupBy === 'entity' ? root.corpus.entityHits(e) : []);
      for (const a of dated) {
        const p = placementById(e.placements, a.id);
        let entities: string[] = [];
        if (p && p.result.start !== null && p.result.end !== null && p.result.state !== 'orphaned') {
          const s = unitAt(sentences, p.result.start) ?? [p.result.start, p.result.end];
          entities = hits.meeting(Math.min(s[0], p.result.start), Math.max(s[1], p.result.end)).map((h) => h.entity);
        }
        const contradicts: string[] = [];
        for (const l of a.links ?? []) {
          if (l.rel !== 'contradicts') continue;
          const t = parseLinkTarget(l.to);
          const target = t && resolveLinkSource(e.source, t);
          if (target) contradicts.push(`${key(store, root, target)}#${t!.id}`);
        }
        for (const b of root.corpus.backlinks(e.source, a.id)) if (b.rel === 'contradicts') contradicts.push(`${key(store, root, b.source)}#${b.annotation.id}`);
        inputs.push({
          source: key(store, root, e.source),
          annotation: a,
          ...(a.kind === 'claim' ? { status: root.corpus.statusOf(e.source, a) } : {}),
          entities,
          contradicts,
        });
      }
    }
  }
  return { model: timelineModel(inputs, groupBy), labels: labels(store), names };
}

/** A place given in code points, as the `_reveal` command's UTF-16 offsets. */
export async function utf16Range(store: CorpusStore, source: string, start: number, end: number): Promise<{ start: number; end: number } | undefined> {
  const ref = store.sourceFor(vscode.Uri.parse(source, true));
  const text = ref?.entry?.readable ? await store.textOf(ref) : null;
  if (text === null || text === undefined) return undefined;
  const cps = new CodePointIndex(text);
  return { start: cps.toUtf16(start), end: cps.toUtf16(end) };
}

