// What every exporter reads: the corpus as the CLI and the extension both know it (a Corpus of
// sources, sidecars and placements), plus each annotation exactly as its sidecar holds it
// (every field, including ones this version does not know, such as a future `replies`), so the
// W3C export can carry the whole record and an import can give the same sidecar back.
// Pure: callers read the files (through corpusFs) and build the Corpus.
import * as YAML from 'yaml';
import { setOwn } from '../records';
import { finish, type Sliced } from '../slices';
import type { Corpus, SourceEntry } from '../corpus';
import { parseSidecar } from '../format';
import { loadPlain } from '../format/sidecar-plain';
import { idOfNode } from '../format/sidecar-read';
import type { Placement } from '../placement';
import type { Annotation, AnchorState, Problem, Sidecar } from '../types';

export interface ExportAnnotation {
  annotation: Annotation;
  /** The YAML mapping as plain data: every key of the sidecar, known or not. */
  raw: Record<string, unknown>;
  /** Where it stands in the current text; state `orphaned` with null offsets when not placed. */
  state: AnchorState;
  start: number | null;
  end: number | null;
  /** Unresolved merge conflicts stored on it (`conflicts:`). */
  conflicts: number;
}

export interface ExportSource {
  /** Path relative to the exported folder, POSIX separators. */
  source: string;
  /** The source text, or null when it could not be read. */
  text: string | null;
  /** First non-empty line of the text, the headline of a news article. */
  title?: string;
  sidecar: Sidecar | null;
  /** The sidecar's top-level keys other than `annotations`, as plain data. */
  rawRoot: Record<string, unknown> | null;
  /** Comments at the top of the sidecar (a reviewer's remark), kept by the W3C export: before
   * the document (followed by a blank line) and before its first key. */
  comment?: { doc?: string; map?: string };
  annotations: ExportAnnotation[];
  /** Errors reading the sidecar or its source: a brief lists them as caveats. */
  problems: Problem[];
}

export interface ExportInput {
  corpus: Corpus;
  sources: ExportSource[];
}

/**
 * Every source of the corpus with its annotations, in path order; `keep` filters sources;
 * `refused` adds what the reader could not read (a sidecar over the size cap…) by source.
 */
export function exportInput(corpus: Corpus, keep: (source: string) => boolean = () => true, refused: ReadonlyMap<string, Problem[]> = new Map(), texts: (e: SourceEntry) => Texts = kept): ExportInput {
  return finish(exportInputSliced(corpus, keep, refused, texts));
}

/** `exportInput`, pausing between sources (core/slices.ts: the extension runs it in slices). */
export function* exportInputSliced(corpus: Corpus, keep: (source: string) => boolean = () => true, refused: ReadonlyMap<string, Problem[]> = new Map(), texts: (e: SourceEntry) => Texts = kept): Sliced<ExportInput> {
  const sources: ExportSource[] = [];
  for (const e of corpus.all()) {
    if (!keep(e.source)) continue;
    sources.push(exportSource(e, refused.get(e.source) ?? [], texts(e)));
    yield;
  }
  return { corpus, sources };
}

/** A source's text and its sidecar's; the extension's corpus keeps only open sources' (issue 15) and reads the others for an export. */
export interface Texts {
  text: string | null;
  sidecarText: string | null;
}

const kept = (e: SourceEntry): Texts => ({ text: e.text, sidecarText: e.sidecarText });

function exportSource(e: SourceEntry, refused: Problem[], { text, sidecarText }: Texts): ExportSource {
  const problems = [...refused, ...(e.parsed?.problems ?? [])];
  const raw = sidecarText !== null && e.parsed?.writable ? rawOf(sidecarText, e.sidecarPath, e.parsed.doc) : null;
  const sidecar = e.parsed?.sidecar ?? null;
  const byId = new Map<string, Placement>(e.placements.map((p) => [p.annotation.id, p]));
  const annotations = (sidecar?.annotations ?? []).map<ExportAnnotation>((a) => {
    const p = text === null ? undefined : byId.get(a.id);
    const r = p?.result;
    return {
      annotation: a,
      raw: raw?.annotations.get(a.id) ?? plain(a),
      state: r?.state ?? 'orphaned',
      start: r && r.state !== 'orphaned' ? r.start : null,
      end: r && r.state !== 'orphaned' ? r.end : null,
      conflicts: a.conflicts?.length ?? 0,
    };
  });
  if (text === null && sidecar && refused.length === 0) problems.push({ file: e.source, line: 1, column: 1, message: 'source not found or unreadable', severity: 'error' });
  return { source: e.source, text, title: titleOf(text), sidecar, rawRoot: raw?.root ?? null, ...(raw?.comment ? { comment: raw.comment } : {}), annotations, problems };
}

function titleOf(text: string | null): string | undefined {
  if (!text) return undefined;
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  const t = line?.trim().replace(/^#+\s*/, '');
  return t ? Array.from(t).slice(0, 200).join('') : undefined;
}

/** Plain data of an annotation's fields (undefined ones dropped), when no YAML is at hand. */
function plain(a: Annotation): Record<string, unknown> {
  return JSON.parse(JSON.stringify(a)) as Record<string, unknown>;
}

/**
 * The sidecar's mappings as plain data, by id. Only a document the careful reader accepted
 * without error is converted (aliases and deep nesting are refused before any recursive code
 * of the yaml package runs); an invalid sidecar exports what validated, field by field.
 */
function rawOf(text: string, file: string, doc: YAML.Document.Parsed | null): { root: Record<string, unknown>; annotations: Map<string, Record<string, unknown>>; comment?: { doc?: string; map?: string } } | null {
  // a clean file the fast reader took, with no comment line: its plain value is the record
  if (!doc && !/^[ \t]*#/m.test(text)) {
    const plain = loadPlain(text);
    if (plain && typeof plain === 'object' && !Array.isArray(plain)) {
      const { annotations: list, ...root } = plain as Record<string, unknown>;
      const annotations = new Map<string, Record<string, unknown>>();
      for (const a of Array.isArray(list) ? list : []) {
        if (a && typeof a === 'object' && (typeof a.id === 'string' || typeof a.id === 'number') && !annotations.has(String(a.id))) annotations.set(String(a.id), a as Record<string, unknown>);
      }
      return { root, annotations };
    }
  }
  const d = doc ?? parseSidecar(text, file).doc;
  if (!d || d.errors.length || !YAML.isMap(d.contents)) return null;
  const root: Record<string, unknown> = {};
  const annotations = new Map<string, Record<string, unknown>>();
  for (const pair of d.contents.items) {
    const key = YAML.isScalar(pair.key) ? String(pair.key.value) : null;
    if (key === null) continue;
    if (key === 'annotations' && YAML.isSeq(pair.value)) {
      for (const item of pair.value.items) {
        if (!YAML.isMap(item)) continue;
        const id = idOfNode(item);
        if (id !== undefined && !annotations.has(id)) annotations.set(id, item.toJSON() as Record<string, unknown>);
      }
    } else if (key !== 'annotations') {
      setOwn(root, key, YAML.isNode(pair.value) ? pair.value.toJSON() : pair.value);
    }
  }
  // a comment right above the first key belongs to that key in the yaml package's model
  const first = d.contents.items[0]?.key as YAML.Scalar | undefined;
  const mapComment = d.contents.commentBefore ?? first?.commentBefore;
  const comment = { ...(d.commentBefore ? { doc: d.commentBefore } : {}), ...(mapComment ? { map: mapComment } : {}) };
  return { root, annotations, ...(comment.doc || comment.map ? { comment } : {}) };
}
