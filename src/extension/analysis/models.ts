// The three views' models, from the store's in-memory corpora (closed sources' texts read through
// the store, which keeps only open sources' texts; issue 15): the inputs the
// core's pure functions (core/analysis) need, gathered across every corpus root. Sources are
// keyed by their URI string, which is also what the webviews send back, so a message can only
// name a source the store knows; labels are workspace-relative paths, shown as text.
//
// All of it runs on the extension host's thread, so it is written as work that pauses
// (core/slices.ts): `run` takes it in slices of a few milliseconds and drops it when a newer
// model is asked for (issue 15: the ACH matrix at 2,000 sources held the thread 100–200 ms).
import * as vscode from 'vscode';
import { achModelSliced, type AchModel, type EvidenceInput, type RowOrder } from '../../core/analysis/ach';
import { cooccurrenceSliced, unitsOf, type NetworkModel, type NetworkOptions, type SourceMentions } from '../../core/analysis/cooccurrence';
import { Overlaps, unitAt } from '../../core/analysis/overlaps';
import { timelineModelSliced, type GroupBy, type TimelineInput, type TimelineModel } from '../../core/analysis/timeline';
import { parseLinkTarget, resolveLinkSource } from '../../core/format';
import { CodePointIndex } from '../../core/text/positions';
import type { SourceEntry } from '../../core/corpus';
import type { Annotation, Entity, Hypothesis } from '../../core/types';
import { pushAll } from '../../core/arrays';
import { setOwn } from '../../core/records';
import type { Sliced } from '../../core/slices';
import type { CorpusRoot, CorpusStore } from '../store/corpusStore';
import { placementAt } from '../../core/byId';

/** A source without two entities meeting, or unread: no unit to count. */
const NO_UNITS = new Int32Array(0);

/** The network draws at most this many entities (the most mentioned); the rest are counted. */
export const MAX_NODES = 150;

export interface Labelled<M> {
  model: M;
  /** Source key (URI string) → workspace-relative path. */
  labels: Record<string, string>;
}

/** Runs work that pauses to its end (the panel's: in slices, dropped when stale). */
export type Run = <T>(work: Sliced<T>) => Promise<T>;

function key(store: CorpusStore, root: CorpusRoot, rel: string): string {
  return store.uriOf(root, rel).toString();
}

function* labels(store: CorpusStore): Sliced<Record<string, string>> {
  const out: Record<string, string> = {};
  const roots = store.allRoots();
  const label = relativeLabels(roots.length > 1);
  for (const root of roots) {
    for (const e of root.corpus.all()) {
      const uri = store.uriOf(root, e.source);
      setOwn(out, uri.toString(), label(uri));
      yield;
    }
  }
  return out;
}

/**
 * VS Code's asRelativePath of many files, asked once per folder: the files of one folder have
 * the same workspace folder and the same path to it, so each one's label is its folder's part
 * and its own name (issue 15: asked for each of 10,000 sources, VS Code's lookup of the
 * workspace folder held the host 46 ms in one step of the ACH matrix's open, for 200 rows). A
 * label that does not end with the file's name is VS Code's alone, not taken as a pattern.
 */
export function relativeLabels(includeWorkspaceFolder: boolean): (uri: vscode.Uri) => string {
  const byFolder = new Map<string, string>();
  return (uri) => {
    const cut = uri.path.lastIndexOf('/');
    const name = uri.path.slice(cut + 1);
    const folder = `${uri.scheme}:${uri.authority}:${uri.path.slice(0, cut)}`;
    const part = byFolder.get(folder);
    if (part !== undefined) return part + name;
    const label = vscode.workspace.asRelativePath(uri, includeWorkspaceFolder);
    if (name && label.endsWith(name)) byFolder.set(folder, label.slice(0, label.length - name.length));
    return label;
  };
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

/** The ACH matrix's model with its first `rows` rows (every row counted in the scores), and how many there are in all. */
export type ShownAch = AchModel & { rowCount: number };

/**
 * The matrix with only its first `rows` rows, the labels of their sources only: the page draws a
 * page of rows and asks for more (AchPanel, media/webview/ach.ts). At 10,000 sources all 24,000
 * rows and 10,000 labels were ~7 MB posted whole, and the host's copy of it into VS Code's
 * message held the thread 50-170 ms (issue 15, bench views10k).
 */
export function achOf(store: CorpusStore, order: RowOrder, run: Run, rows = Number.MAX_SAFE_INTEGER): Promise<Labelled<ShownAch>> {
  return run(
    (function* () {
      const evidence: EvidenceInput[] = [];
      for (const root of store.allRoots()) {
        let at: { rel: string; key: string; reliability?: string } | undefined;
        for (const c of yield* root.corpus.claimsSliced()) {
          // a source's key and grade once for its claims (they come by source)
          if (at?.rel !== c.source) at = { rel: c.source, key: key(store, root, c.source), reliability: root.corpus.get(c.source)?.parsed?.sidecar?.reliability };
          evidence.push({ source: at.key, annotation: c.annotation, status: c.status, ...(at.reliability ? { reliability: at.reliability } : {}) });
          if (evidence.length % 256 === 0) yield; // 24,000 claims at 10,000 sources were 74 ms in one piece
        }
      }
      // the rows the page shows made, the scores from every one (every claim is a row)
      const model = yield* achModelSliced(hypothesesOf(store), evidence, order, rows);
      return { model: { ...model, rowCount: evidence.length }, labels: labelsOf(store, model.rows.map((r) => r.source)) };
    })(),
  );
}

/** Labels of these source keys (URI strings) alone, as `labels` makes them. */
function labelsOf(store: CorpusStore, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const label = relativeLabels(store.allRoots().length > 1);
  for (const k of keys) if (!Object.hasOwn(out, k)) setOwn(out, k, label(vscode.Uri.parse(k, true)));
  return out;
}

export async function networkOf(store: CorpusStore, options: NetworkOptions, run: Run): Promise<Labelled<NetworkModel>> {
  const entities: Entity[] = [];
  const sources: { root: CorpusRoot; e: SourceEntry; units: Int32Array }[] = [];
  for (const root of store.allRoots()) {
    pushAll(entities, root.corpus.registry?.entities ?? []);
    // the store keeps only open sources' texts (issue 15): read those where two entities may meet (the only ones whose units are cut)
    const read = await run(
      (function* () {
        const out: { e: SourceEntry; meet: boolean }[] = [];
        for (const e of root.corpus.all()) {
          if (!e.readable) continue;
          const hits = root.corpus.entityHits(e);
          out.push({ e, meet: hits.some((h) => h.entity !== hits[0].entity) });
          yield;
        }
        return out;
      })(),
    );
    // each text's units, found where it is read (at 10,000 sources, in a worker: the texts held on
    // the host were 25 MB its collector paused over)
    const unit = options.unit ?? 'sentence';
    const units = new Map<string, Int32Array>();
    await store.unitsOf(root, read.filter((r) => r.meet).map((r) => r.e.source), unit, (rel, u) => units.set(rel, u));
    for (const { e } of read) sources.push({ root, e, units: units.get(e.source) ?? NO_UNITS });
  }
  // each source's mentions found again as the count takes it, not kept for all (issue 15: the
  // ~146,000 objects of 10,000 sources' mentions, held from the first pass to the count, were
  // what the host's collector copied in the 50-60 ms pauses of the network's open); its URI
  // made there too (10,000: ~20 ms), in the count's slices
  const corpus = (function* (): Generator<SourceMentions> {
    for (const { root, e, units } of sources) yield { source: key(store, root, e.source), units, hits: root.corpus.entityHits(e) };
  })();
  return run(
    (function* () {
      return { model: yield* cooccurrenceSliced(corpus, entities, { maxNodes: MAX_NODES, ...options }), labels: yield* labels(store) };
    })(),
  );
}

export async function timelineOf(store: CorpusStore, groupBy: GroupBy, run: Run): Promise<Labelled<TimelineModel> & { names: Record<string, string> }> {
  const inputs: TimelineInput[] = [];
  const names: Record<string, string> = {};
  const isDated = (a: Annotation) => a.when !== undefined && (a.kind === 'claim' || a.kind === 'note');
  const datedOf = (e: SourceEntry) => (e.parsed?.sidecar?.annotations ?? []).filter(isDated);
  for (const root of store.allRoots()) {
    for (const ent of root.corpus.registry?.entities ?? []) setOwn(names, ent.id, ent.name);
    // the store keeps only open sources' texts (issue 15): read those whose dated annotations are grouped by the sentence's entities
    const texts = groupBy === 'entity' ? await store.textsOf(root, root.corpus.all().filter((e) => e.readable && datedOf(e).length > 0).map((e) => e.source)) : new Map<string, string>();
    await run(
      (function* () {
        for (const e of root.corpus.all()) {
          // each dated annotation with its index in the sidecar, where its placement stands too (placementAt)
          const dated = (e.parsed?.sidecar?.annotations ?? []).flatMap((a, at) => (isDated(a) ? [{ a, at }] : []));
          if (dated.length === 0) continue;
          const text = texts.get(e.source);
          const sentences = groupBy === 'entity' && text !== undefined ? unitsOf(text, 'sentence') : [];
          // searched once per dated annotation: indexed, not scanned (core/analysis/overlaps.ts)
          const hits = new Overlaps(groupBy === 'entity' ? root.corpus.entityHits(e) : []);
          for (let k = 0; k < dated.length; k++) {
            const { a, at } = dated[k];
            if (k % 256 === 255) yield; // a transcript's thousands of dated claims are one source
            const p = placementAt(e.placements, at, a.id);
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
          yield;
        }
      })(),
    );
  }
  return run(
    (function* () {
      return { model: yield* timelineModelSliced(inputs, groupBy), labels: yield* labels(store), names };
    })(),
  );
}

/** A place given in code points, as the `_reveal` command's UTF-16 offsets. */
export async function utf16Range(store: CorpusStore, source: string, start: number, end: number): Promise<{ start: number; end: number } | undefined> {
  const ref = store.sourceFor(vscode.Uri.parse(source, true));
  const text = ref?.entry?.readable ? await store.textOf(ref) : null;
  if (text === null || text === undefined) return undefined;
  const cps = new CodePointIndex(text);
  return { start: cps.toUtf16(start), end: cps.toUtf16(end) };
}

