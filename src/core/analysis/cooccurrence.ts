// The entity network: registry entities linked when they are mentioned in the same sentence
// (or paragraph) of a source, across the corpus (issue 13). Shared by the Entity Network view
// and `marginalia entities --cooccurrence`.
//
// Linear in the corpus: one pass over the mentions to choose the entities drawn, then for each
// source naming two of them one pass over its text for unit boundaries and one over its
// mentions (both sorted). A unit's pairs are quadratic in the distinct entities it names, so a unit is
// counted on its first MAX_PER_UNIT distinct entities only — a hostile file listing every alias
// in one sentence costs MAX_PER_UNIT² pairs, not 5,000².
import type { Entity } from '../types';

export type Unit = 'sentence' | 'paragraph';

export const MAX_PER_UNIT = 40;

/** A source's text and its entity mentions (code points, any order). */
export interface SourceMentions {
  source: string;
  text: string;
  hits: readonly { entity: string; start: number; end: number }[];
}

export interface Place {
  source: string;
  /** The unit (sentence or paragraph), code points. */
  start: number;
  end: number;
}

export interface NetworkNode {
  id: string;
  name: string;
  type: string;
  mentions: number;
}

export interface NetworkEdge {
  /** Entity ids, a < b. */
  a: string;
  b: string;
  weight: number;
  /** The first `maxPlaces` units where both appear, in corpus order. */
  places: Place[];
}

export interface NetworkOptions {
  unit?: Unit;
  /** Only these sources (all when absent or empty). */
  sources?: ReadonlySet<string>;
  /** Only entities of these types (all when absent or empty). */
  types?: ReadonlySet<string>;
  minWeight?: number;
  /** The nodes kept, by mentions (the most mentioned first); edges between kept nodes only. */
  maxNodes?: number;
  maxPlaces?: number;
}

export interface NetworkModel {
  unit: Unit;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  /** Entities mentioned but left out by `maxNodes`. */
  hiddenNodes: number;
  /** Every source and type there is to filter by. */
  allSources: string[];
  allTypes: string[];
}

const CLOSERS = new Set(['.', '!', '?', '…', '"', "'", '”', '’', ')', ']']);
const SENTENCE_END = /[.!?…]["'”’)\]]*$/;
const ABBREVIATION = /(?:^|[\s(“"'‘])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Capt|Sgt|Cpl|Adm|Sen|Rep|Gov|Pres|Amb|St|Jr|Sr|vs|etc|approx|[A-Z])\.$/;

/**
 * Unit boundaries in code points, [start, end) each. A paragraph ends at a blank line; a
 * sentence also ends after . ! ? or … (with closing quotes) before white space, unless the word
 * is an abbreviation or an initial ("Gen.", "J.").
 */
export function unitsOf(text: string, unit: Unit): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let cp = 0;
  let wordStart16 = 0;
  let prevNewline = false;
  let i = 0;
  const push = (end: number) => {
    if (end > start) out.push([start, end]);
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const w = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    const ch = text[i];
    if (ch === '\n') {
      if (prevNewline) {
        push(cp);
        start = cp + 1;
      }
      prevNewline = true;
    } else if (ch !== '\r' && ch !== ' ' && ch !== '\t') prevNewline = false;
    if (unit === 'sentence' && (ch === ' ' || ch === '\n' || ch === '\t')) {
      // most words end in a letter: only a word ending in punctuation is looked at closely
      if (i > wordStart16 && CLOSERS.has(text[i - 1]) && SENTENCE_END.test(text.slice(wordStart16, i)) && !ABBREVIATION.test(text.slice(Math.max(0, wordStart16 - 1), i))) {
        push(cp);
        start = cp + 1;
      }
      wordStart16 = i + 1;
    }
    i += w;
    cp++;
  }
  push(cp);
  return out;
}

/** Counts co-occurrences over the corpus. */
export function cooccurrence(corpus: Iterable<SourceMentions>, entities: readonly Entity[], options: NetworkOptions = {}): NetworkModel {
  const unit = options.unit ?? 'sentence';
  const maxPlaces = options.maxPlaces ?? 20;
  const minWeight = Math.max(1, options.minWeight ?? 1);
  const byId = new Map(entities.map((e) => [e.id, e]));
  const typeOk = (id: string) => {
    const e = byId.get(id);
    return !!e && (!options.types?.size || options.types.has(e.type));
  };
  // first the mentions, to know which entities are drawn; then pairs among those only, so a
  // 5,000-entity registry costs pairs of the 150 drawn, not every pair in the corpus
  const mentions = new Map<string, number>();
  const allSources: string[] = [];
  const chosen: { s: SourceMentions; hits: SourceMentions['hits'] }[] = [];
  for (const s of corpus) {
    allSources.push(s.source);
    if (options.sources?.size && !options.sources.has(s.source)) continue;
    const hits = s.hits.filter((h) => typeOk(h.entity));
    if (hits.length === 0) continue;
    for (const h of hits) mentions.set(h.entity, (mentions.get(h.entity) ?? 0) + 1);
    chosen.push({ s, hits });
  }
  const ranked = [...mentions.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const kept = options.maxNodes !== undefined ? ranked.slice(0, options.maxNodes) : ranked;
  const keep = new Set(kept.map(([id]) => id));
  const edges = new Map<string, NetworkEdge>();
  for (const { s, hits: all } of chosen) {
    const hits = (keep.size === mentions.size ? [...all] : all.filter((h) => keep.has(h.entity))).sort((x, y) => x.start - y.start);
    if (new Set(hits.map((h) => h.entity)).size < 2) continue;
    let k = 0;
    for (const [from, to] of unitsOf(s.text, unit)) {
      while (k < hits.length && hits[k].start < from) k++;
      if (k >= hits.length) break;
      const here: string[] = [];
      for (let j = k; j < hits.length && hits[j].start < to; j++) {
        const id = hits[j].entity;
        if (here.length < MAX_PER_UNIT && !here.includes(id)) here.push(id);
      }
      if (here.length < 2) continue;
      here.sort();
      for (let x = 0; x < here.length; x++) {
        for (let y = x + 1; y < here.length; y++) {
          const key = `${here[x]}\u0000${here[y]}`;
          let e = edges.get(key);
          if (!e) edges.set(key, (e = { a: here[x], b: here[y], weight: 0, places: [] }));
          e.weight++;
          if (e.places.length < maxPlaces) e.places.push({ source: s.source, start: from, end: to });
        }
      }
    }
  }
  const nodes = kept.map(([id, n]) => {
    const e = byId.get(id)!;
    return { id, name: e.name, type: e.type, mentions: n };
  });
  const edgeList = [...edges.values()]
    .filter((e) => e.weight >= minWeight && keep.has(e.a) && keep.has(e.b))
    .sort((x, y) => y.weight - x.weight || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  const allTypes = [...new Set(entities.map((e) => e.type))].sort();
  return { unit, nodes, edges: edgeList, hiddenNodes: ranked.length - kept.length, allSources: allSources.sort(), allTypes };
}
