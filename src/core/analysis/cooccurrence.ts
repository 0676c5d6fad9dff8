// The entity network: registry entities linked when they are mentioned in the same sentence
// (or paragraph) of a source, across the corpus (issue 13). Shared by the Entity Network view
// and `marginalia entities --cooccurrence`.
//
// Linear in the corpus: one pass over the mentions to choose the entities drawn, then for each
// source naming two of them one pass over its text for unit boundaries and one over its
// mentions (both sorted). A unit's pairs are quadratic in the distinct entities it names, so a unit is
// counted on its first MAX_PER_UNIT distinct entities only — a hostile file listing every alias
// in one sentence costs MAX_PER_UNIT² pairs, not 5,000².
//
// Speed (issue 13's 2 s target on 2,000 sources and 5,000 entities, `npm run bench -- analysis`):
// entities are numbered in id order, so counts are typed arrays and a pair is one number (no
// string per pair), and a text's unit boundaries are found by the regex engine (candidate
// sentence ends, blank lines) rather than a loop per character; a text with astral characters
// takes the loop, which counts code points. Results are those of the first version exactly
// (test/unit/cooccurrence-oracle.test.ts compares them on generated corpora).
import type { Entity } from '../types';
import { pushAll } from '../arrays';
import { finish, type Sliced } from '../slices';

export type Unit = 'sentence' | 'paragraph';

export const MAX_PER_UNIT = 40;

/** A source's text and its entity mentions (code points, any order). */
export interface SourceMentions {
  source: string;
  /** The text, whose units are found here (unitsOf); or instead `units`. */
  text?: string;
  /** The text's units of the network's unit (packUnits of unitsOf), found already: the text is then not needed. */
  units?: Int32Array;
  hits: readonly { entity: string; start: number; end: number }[];
}

/** Units as one array, start and end after another: a source's few hundred bytes where the extension holds 10,000 sources' (models.ts networkOf). */
export function packUnits(units: readonly (readonly [number, number])[]): Int32Array {
  const out = new Int32Array(units.length * 2);
  units.forEach(([a, b], k) => ((out[2 * k] = a), (out[2 * k + 1] = b)));
  return out;
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
/** A word ending a sentence, just before the white space that ends the word (the loop's SENTENCE_END). */
const SENTENCE_CANDIDATE = /[.!?…]["'”’)\]]*(?=[ \n\t])/g;
/** A line break followed, after only spaces, tabs and CRs, by another: the paragraph ends at the second. */
const BLANK_LINE = /\n[\r \t]*(?=\n)/g;
const HIGH_SURROGATE = /[\ud800-\udbff]/;

/**
 * Unit boundaries in code points, [start, end) each. A paragraph ends at a blank line; a
 * sentence also ends after . ! ? or … (with closing quotes) before white space, unless the word
 * is an abbreviation or an initial ("Gen.", "J.").
 */
export function unitsOf(text: string, unit: Unit): [number, number][] {
  // without astral characters a UTF-16 offset is a code point offset: the regex engine finds the ends
  return HIGH_SURROGATE.test(text) ? unitsByLoop(text, unit) : unitsByRegex(text, unit);
}

function unitsByRegex(text: string, unit: Unit): [number, number][] {
  const ends: number[] = [];
  for (const m of text.matchAll(BLANK_LINE)) ends.push(m.index + m[0].length);
  if (unit === 'sentence') {
    const sentences: number[] = [];
    for (const m of text.matchAll(SENTENCE_CANDIDATE)) {
      const end = m.index + m[0].length; // the white space after the word
      let word = m.index;
      while (word > 0 && text[word - 1] !== ' ' && text[word - 1] !== '\n' && text[word - 1] !== '\t') word--;
      if (!ABBREVIATION.test(text.slice(Math.max(0, word - 1), end))) sentences.push(end);
    }
    pushAll(ends, sentences);
    if (ends.length > sentences.length && sentences.length) ends.sort((a, b) => a - b);
  }
  const out: [number, number][] = [];
  let start = 0;
  for (const end of ends) {
    if (end > start) out.push([start, end]);
    start = Math.max(start, end + 1);
  }
  if (text.length > start) out.push([start, text.length]);
  return out;
}

/** The first version: one pass per character, counting code points. */
function unitsByLoop(text: string, unit: Unit): [number, number][] {
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

/**
 * A source's mentions of the entities counted: entity numbers and starts, in the order given;
 * with the source and its text or units, not its hits, which a caller making them one source at
 * a time (models.ts networkOf) lets go of at once.
 */
interface Counted {
  s: Omit<SourceMentions, 'hits'>;
  k: number[];
  start: number[];
}

interface Pair {
  a: number;
  b: number;
  weight: number;
  places: Place[];
}

/** Counts co-occurrences over the corpus. */
export function cooccurrence(corpus: Iterable<SourceMentions>, entities: readonly Entity[], options: NetworkOptions = {}): NetworkModel {
  return finish(cooccurrenceSliced(corpus, entities, options));
}

/** `cooccurrence`, pausing between sources (core/slices.ts). */
export function* cooccurrenceSliced(corpus: Iterable<SourceMentions>, entities: readonly Entity[], options: NetworkOptions = {}): Sliced<NetworkModel> {
  const unit = options.unit ?? 'sentence';
  const maxPlaces = options.maxPlaces ?? 20;
  const minWeight = Math.max(1, options.minWeight ?? 1);
  const byId = new Map(entities.map((e) => [e.id, e]));
  // numbered in id order, so that comparing numbers compares ids
  const ids = [...byId.keys()].sort();
  const n = ids.length;
  const num = new Map(ids.map((id, k) => [id, k]));
  const counted = new Uint8Array(n);
  for (let k = 0; k < n; k++) counted[k] = !options.types?.size || options.types.has(byId.get(ids[k])!.type) ? 1 : 0;
  // first the mentions, to know which entities are drawn; then pairs among those only, so a
  // 5,000-entity registry costs pairs of the 150 drawn, not every pair in the corpus
  const mentions = new Float64Array(n);
  const allSources: string[] = [];
  const chosen: Counted[] = [];
  for (const s of corpus) {
    allSources.push(s.source);
    if (options.sources?.size && !options.sources.has(s.source)) continue;
    const c: Counted = { s: { source: s.source, text: s.text, units: s.units }, k: [], start: [] };
    for (const h of s.hits) {
      const k = num.get(h.entity);
      if (k === undefined || !counted[k]) continue;
      mentions[k]++;
      c.k.push(k);
      c.start.push(h.start);
    }
    if (c.k.length) chosen.push(c);
    if (allSources.length % 16 === 0) yield;
  }
  yield;
  const ranked: number[] = [];
  for (let k = 0; k < n; k++) if (mentions[k] > 0) ranked.push(k);
  ranked.sort((x, y) => mentions[y] - mentions[x] || x - y);
  const kept = options.maxNodes !== undefined ? ranked.slice(0, options.maxNodes) : ranked;
  const keep = new Uint8Array(n);
  for (const k of kept) keep[k] = 1;
  const pairs = new Map<number, Pair>();
  for (const { s, k: ks, start: starts } of chosen) {
    // the kept mentions in text order (a stable sort, as given when already in order)
    const order: number[] = [];
    let sorted = true;
    let distinct = -1;
    for (let j = 0; j < ks.length; j++) {
      if (!keep[ks[j]]) continue;
      if (order.length && starts[order[order.length - 1]] > starts[j]) sorted = false;
      if (distinct === -1) distinct = ks[j];
      else if (distinct !== ks[j]) distinct = -2;
      order.push(j);
    }
    yield;
    if (distinct !== -2) continue; // fewer than two entities
    if (!sorted) order.sort((x, y) => starts[x] - starts[y]);
    let p = 0;
    const here: number[] = [];
    const spans = s.units ?? packUnits(unitsOf(s.text ?? '', unit));
    for (let u = 0; u < spans.length; u += 2) {
      const from = spans[u];
      const to = spans[u + 1];
      while (p < order.length && starts[order[p]] < from) p++;
      if (p >= order.length) break;
      here.length = 0;
      for (let j = p; j < order.length && starts[order[j]] < to && here.length < MAX_PER_UNIT; j++) {
        const k = ks[order[j]];
        // kept in order as they come (at most MAX_PER_UNIT: an insertion sort is the fast one)
        let at = here.length;
        while (at > 0 && here[at - 1] > k) at--;
        if (at > 0 && here[at - 1] === k) continue;
        here.splice(at, 0, k);
      }
      if (here.length < 2) continue;
      for (let x = 0; x < here.length; x++) {
        for (let y = x + 1; y < here.length; y++) {
          const key = here[x] * n + here[y];
          let e = pairs.get(key);
          if (!e) pairs.set(key, (e = { a: here[x], b: here[y], weight: 0, places: [] }));
          e.weight++;
          if (e.places.length < maxPlaces) e.places.push({ source: s.source, start: from, end: to });
        }
      }
    }
  }
  yield;
  const nodes = kept.map((k) => {
    const e = byId.get(ids[k])!;
    return { id: ids[k], name: e.name, type: e.type, mentions: mentions[k] };
  });
  const edges = [...pairs.values()]
    .filter((e) => e.weight >= minWeight)
    .sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b)
    .map((e) => ({ a: ids[e.a], b: ids[e.b], weight: e.weight, places: e.places }));
  const allTypes = [...new Set(entities.map((e) => e.type))].sort();
  return { unit, nodes, edges, hiddenNodes: ranked.length - kept.length, allSources: allSources.sort(), allTypes };
}
