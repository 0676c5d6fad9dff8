// The two workspaces the in-editor bench opens (issue #4, "Speed"), generated once and cached
// under bench/.cache/ (gitignored):
//
// - editor/: one 1 MB source of realistic prose, a marginalia.yaml of 5,000 entities (10,000
//   names and aliases, thousands of them mentioned in the text) and a sidecar of 300 annotations;
// - sources/: 2,000 short articles in 20 desk folders, each with a sidecar, under the same
//   registry.
//
// The prose is sentences of the real articles in ../shared/corpus (never committed), resampled,
// with entity names spliced in place of words. Names are built from invented syllables that
// occur nowhere in the articles, so every mention is one the generator put there. Everything is
// seeded: the same workspaces on every machine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnchorText, selectorFor } from '../../src/core/anchor';
import { serializeSidecar } from '../../src/core/format';
import { newId } from '../../src/core/ids';
import type { Annotation, ClaimStatus } from '../../src/core/types';
import { makeEntities, registryYaml, rng, zipfPicker, type GenEntity } from './registry-gen';

/** Bump when the generator changes, so a stale cache is rebuilt. */
const VERSION = 5;
const EDITOR_BYTES = 1024 * 1024;
const EDITOR_ANNOTATIONS = 300;
const SOURCES = 2000;
const DESKS = 20;
/** 1 MB sources in the editor workspace: one per open (the host keeps a closed document loaded). */
export const EDITOR_SOURCES = 4;
export const editorSourceName = (k: number): string => `longread-${k + 1}.txt`;

export interface VscodeWorkspaces {
  /** Figures of the first source; the others are alike. */
  editor: { dir: string; sources: string[]; bytes: number; lines: number; mentions: number; entitiesMentioned: number; annotations: number };
  sources: { dir: string; files: number; bytes: number; annotations: number };
  entities: number;
  patterns: number;
}



export function loadOrBuildVscodeWorkspaces(cacheRoot: string, articlesDir: string): VscodeWorkspaces {
  const root = path.join(cacheRoot, `vscode-v${VERSION}`);
  const meta = path.join(root, 'workspaces.json');
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as VscodeWorkspaces;
  fs.rmSync(root, { recursive: true, force: true });

  const articles = fs.existsSync(articlesDir)
    ? fs.readdirSync(articlesDir).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(articlesDir, f), 'utf8'))
    : [];
  if (!articles.length) throw new Error(`no articles in ${articlesDir}: the bench samples its prose from them`);
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const sentences = articles.flatMap((a) =>
    [...segmenter.segment(a)].map((s) => s.segment.replace(/\s+/g, ' ').trim()).filter((s) => s.split(' ').filter((w) => /\p{L}/u.test(w)).length >= 6),
  );
  const vocabulary = new Set(articles.join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u));

  const rand = rng(0x76736364);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const entities = makeEntities(rand, pick, vocabulary);
  const registry = registryYaml(entities, 'bench/lib/vscode-workspaces.ts');
  const prose = new Prose(rand, pick, sentences, entities);

  // ---- editor/: 1 MB sources, one per open, so that every open is a first one ----
  const editorDir = path.join(root, 'editor');
  fs.mkdirSync(editorDir, { recursive: true });
  fs.writeFileSync(path.join(editorDir, 'marginalia.yaml'), registry);
  const editorSources: string[] = [];
  const firstStats = { bytes: 0, lines: 0, mentions: 0, entitiesMentioned: 0, annotations: 0 };
  for (let k = 0; k < EDITOR_SOURCES; k++) {
    const name = editorSourceName(k);
    // one paragraph per line, as the articles in ../shared/corpus are saved
    const paragraphs: string[] = [];
    let size = 0;
    prose.startFile();
    prose.count = 0;
    prose.mentioned.clear();
    while (size < EDITOR_BYTES) {
      const p = prose.paragraph(2 + Math.floor(rand() * 5));
      paragraphs.push(p);
      size += Buffer.byteLength(p) + 1;
    }
    const text = paragraphs.join('\n') + '\n';
    fs.writeFileSync(path.join(editorDir, name), text);
    const annotations = annotate(text, prose.spans, EDITOR_ANNOTATIONS, rand, pick, null);
    fs.writeFileSync(
      path.join(editorDir, `${name}.annotations.yaml`),
      serializeSidecar({ marginalia: 1, source: name, reliability: 'B', annotations }),
    );
    editorSources.push(name);
    if (k === 0) {
      Object.assign(firstStats, {
        bytes: Buffer.byteLength(text),
        lines: paragraphs.length,
        mentions: prose.count,
        entitiesMentioned: prose.mentioned.size,
        annotations: annotations.length,
      });
    }
  }
  const editor = { dir: editorDir, sources: editorSources, ...firstStats };

  // ---- sources/: 2,000 short articles with sidecars ----
  const sourcesDir = path.join(root, 'sources');
  fs.mkdirSync(sourcesDir, { recursive: true });
  fs.writeFileSync(path.join(sourcesDir, 'marginalia.yaml'), registry);
  let bytes = 0;
  let total = 0;
  const claimsSoFar: { rel: string; id: string }[] = [];
  for (let f = 0; f < SOURCES; f++) {
    const desk = `desk-${String(f % DESKS).padStart(2, '0')}`;
    const name = `article-${String(f).padStart(4, '0')}.txt`;
    const rel = `${desk}/${name}`;
    prose.startFile();
    const paras: string[] = [];
    const n = 3 + Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) paras.push(prose.paragraph(2 + Math.floor(rand() * 4)));
    const body = paras.join('\n') + '\n';
    fs.mkdirSync(path.join(sourcesDir, desk), { recursive: true });
    fs.writeFileSync(path.join(sourcesDir, rel), body);
    bytes += Buffer.byteLength(body);
    const list = annotate(body, prose.spans, 2 + Math.floor(rand() * 7), rand, pick, { rel, claims: claimsSoFar });
    total += list.length;
    for (const a of list) if (a.kind === 'claim') claimsSoFar.push({ rel, id: a.id });
    fs.writeFileSync(path.join(sourcesDir, `${rel}.annotations.yaml`), serializeSidecar({ marginalia: 1, source: name, annotations: list }));
  }

  const result: VscodeWorkspaces = {
    editor,
    sources: { dir: sourcesDir, files: SOURCES, bytes, annotations: total },
    entities: entities.length,
    patterns: entities.length * 2,
  };
  fs.writeFileSync(meta, JSON.stringify(result, null, 2));
  return result;
}

/** Sentences of the real articles with registry names spliced in; remembers where each went. */
export class Prose {
  /** Code-point spans of the mentions in the current file. */
  spans: { start: number; end: number; entity: string }[] = [];
  readonly mentioned = new Set<string>();
  count = 0;
  /** Code points written to the current file so far. */
  private offset = 0;
  private readonly popular: () => GenEntity;

  constructor(
    private readonly rand: () => number,
    private readonly pick: <T>(xs: readonly T[]) => T,
    private readonly sentences: string[],
    entities: GenEntity[],
  ) {
    this.popular = zipfPicker(entities, this.rand, 0.7);
  }

  startFile(): void {
    this.offset = 0;
    this.spans = [];
  }

  /** A paragraph of `count` sentences, to be followed by a newline. */
  paragraph(count: number): string {
    const parts: string[] = [];
    for (let s = 0; s < count; s++) {
      if (s > 0) this.offset += 1; // the space between sentences
      parts.push(this.sentence());
    }
    this.offset += 1; // the newline
    return parts.join(' ');
  }

  private sentence(): string {
    const words = this.pick(this.sentences).split(' ');
    // about one name a sentence, as in wire copy: replace a plain word, keep its punctuation
    let n = Math.floor(1.8 * this.rand() + this.rand());
    const names = new Map<number, { e: GenEntity; name: string }>();
    while (n-- > 0) {
      const k = Math.floor(this.rand() * words.length);
      const m = /^(\p{L}+)([,.;:!?]?)$/u.exec(words[k]);
      if (!m || names.has(k)) continue;
      const e = this.popular();
      let name = this.rand() < 0.5 ? e.name : e.alias;
      if (name === e.alias && e.ignoreCase && this.rand() < 0.3) name = name[0].toUpperCase() + name.slice(1);
      words[k] = name + m[2];
      names.set(k, { e, name });
    }
    let at = this.offset;
    words.forEach((w, k) => {
      const hit = names.get(k);
      if (hit) {
        this.spans.push({ start: at, end: at + cpLength(hit.name), entity: hit.e.id });
        this.mentioned.add(hit.e.id);
        this.count++;
      }
      at += cpLength(w) + 1;
    });
    const sentence = words.join(' ');
    this.offset += cpLength(sentence);
    return sentence;
  }
}

function cpLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Annotations over a text: claims on sentences (every status, some unassessed, some linked to
 * claims of earlier files), entity annotations on mentions, notes on phrases.
 */
export function annotate(
  text: string,
  mentions: { start: number; end: number; entity: string }[],
  count: number,
  rand: () => number,
  pick: <T>(xs: readonly T[]) => T,
  links: { rel: string; claims: { rel: string; id: string }[] } | null,
): Annotation[] {
  const cps = [...text];
  const anchorText = new AnchorText(text);
  const select = (start: number, end: number) => selectorFor(anchorText, start, end);
  const statuses: (ClaimStatus | undefined)[] = ['disputed', 'refuted', 'unverified', 'corroborated', undefined, undefined];
  const out: Annotation[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => a < e && s < b);
  let clock = Date.UTC(2026, 10, 1);
  const id = () => newId((clock += 60_000), (n) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256)));
  const stamp = () => {
    const at = new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { author: pick(['Sam Okafor', 'Lena Brandt', 'Priya Raman']), created: at, updated: at };
  };
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const r = rand();
    if (r < 0.3 && mentions.length) {
      const m = pick(mentions);
      if (!free(m.start, m.end)) continue;
      taken.push([m.start, m.end]);
      out.push({ id: id(), kind: 'entity', ...select(m.start, m.end), entity: m.entity, ...stamp() });
      continue;
    }
    // a sentence (claim) or a few words of one (note)
    const at = Math.floor(rand() * cps.length);
    let s = at;
    while (s > 0 && !/[.\n]/.test(cps[s - 1])) s--;
    while (s < cps.length && cps[s] === ' ') s++;
    let e = s;
    while (e < cps.length && !/[.\n]/.test(cps[e])) e++;
    if (e - s < 20) continue;
    if (r >= 0.8) {
      // a note on 3–6 words inside the sentence
      const words = cps.slice(s, e).join('').split(' ');
      const from = Math.floor(rand() * Math.max(1, words.length - 6));
      const len = 3 + Math.floor(rand() * 4);
      const ns = s + [...words.slice(0, from).join(' ')].length + (from ? 1 : 0);
      const ne = ns + [...words.slice(from, from + len).join(' ')].length;
      if (ne <= ns || ne > e || !free(ns, ne)) continue;
      taken.push([ns, ne]);
      out.push({ id: id(), kind: 'note', ...select(ns, ne), note: 'Check against the ministry’s own statement.', ...stamp() });
      continue;
    }
    if (!free(s, e)) continue;
    taken.push([s, e]);
    const status = pick(statuses);
    const a: Annotation = { id: id(), kind: 'claim', ...select(s, e), ...stamp() };
    if (status) a.status = status;
    if (rand() < 0.6) a.credibility = 1 + Math.floor(rand() * 6);
    if (rand() < 0.4) a.note = 'Single source; no independent confirmation yet.';
    if (links && links.claims.length && rand() < 0.25) {
      const target = pick(links.claims);
      a.links = [{ rel: rand() < 0.5 ? 'contradicts' : 'supports', to: relativeLink(links.rel, target) }];
    }
    out.push(a);
  }
  return out;
}

/** `../desk-03/article-0042.txt#id` from `desk-07/article-0100.txt`. */
function relativeLink(from: string, to: { rel: string; id: string }): string {
  const fromDir = path.posix.dirname(from);
  return `${path.posix.relative(fromDir, to.rel)}#${to.id}`;
}

