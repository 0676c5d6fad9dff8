// What the corpus knows of one source (SourceEntry), what an update may tell it (SourceChange),
// and the small pure helpers both sides of that exchange use: the text hash that stands for a
// text no longer kept (issue 15), and counting a hand-marked mention once. Split from corpus.ts,
// which keeps the entries; the index workers and the extension's store build SourceChanges.
import type { ParsedSidecar } from './format';
import type { TextEdits } from './live/editStretches';
import type { Placement } from './placement';
import type { PackedMentions } from './mentions/matcher';
import type { Annotation, ClaimStatus, Link, Mention, Sidecar } from './types';
import { firstIndex } from './bisect';

export interface SourceEntry {
  /** Workspace-relative POSIX path of the source. */
  readonly source: string;
  /** Workspace-relative POSIX path of its sidecar (which may not exist). */
  readonly sidecarPath: string;
  /** The source's text while kept (see the header); null when not kept or not read. */
  text: string | null;
  /** The sidecar's text while kept, like `text`. */
  sidecarText: string | null;
  /** Whether the source's text was read (it exists and was not refused), kept or not. */
  readable: boolean;
  /** SHA-256 (hex) of the text last read, when its reader computed it (the extension's do: provenance is checked against it). */
  sha256: string | null;
  /** textHash of the text last read (0 before any; UNHASHED while the text is kept: hashed when it is dropped). */
  textHash: number;
  /** The sidecar's length in characters when it exists ('' when empty or unreadable: 0), else null. */
  sidecarLength: number | null;
  /** textHash of the sidecar's text last read (0 when none; UNHASHED while the text is kept, like textHash). */
  sidecarHash: number;
  parsed: ParsedSidecar | null;
  placements: Placement[];
  /**
   * Registry mentions, computed on first use; packed as an index worker sent them for a source
   * whose text is not kept (read them with Corpus.mentions).
   */
  mentions: Mention[] | PackedMentions | null;
  /**
   * True while `mentions` are those a registry change left a closed source (of the entities still
   * in the registry), until it is read again: the counts stay meanwhile, but nothing takes them as
   * found with the registry now (a read of the same text, a full index taking the entry again, an
   * editor opened on it). An entity added in between was never looked for in the text.
   */
  mentionsCarried: boolean;
}

export interface ClaimRef {
  source: string;
  annotation: Annotation;
  placement: Placement | undefined;
  status: ClaimStatus;
}

export interface LinkedAnnotation {
  link: Link;
  /** Null when the target is missing or outside the workspace. */
  target: { source: string; annotation: Annotation; placement: Placement | undefined } | null;
}

/** One mention of an entity: an `entity` annotation, or a registry match (no annotation). */
export interface EntityHit {
  entity: string;
  start: number;
  end: number;
  annotation?: Annotation;
}

/**
 * The registry mentions not already counted as an `entity` annotation of the same entity on an
 * overlapping span (`a.start < m.end && m.start < a.end`: touching ends do not overlap), in
 * their order. Works in any offsets (code points, UTF-16) as long as both lists use the same;
 * the editor's hover counts an unsaved document with it. O((m + a) log a): every mention against
 * every annotation took 3.5 s for 20,000 of each in one source, on every view and hover.
 */
export function distinctMentions<M extends { entity: string; start: number; end: number }>(mentions: readonly M[], annotated: readonly { entity: string; start: number; end: number }[]): M[] {
  if (annotated.length === 0) return [...mentions];
  const byEntity = spansByEntity(annotated);
  return mentions.filter((m) => {
    const s = byEntity.get(m.entity);
    return !s || !s.overlaps(m.start, m.end);
  });
}

/**
 * One entity's annotated spans sorted by start, with the greatest end among the first i + 1: a
 * span overlapping [start, end) exists iff, among the spans starting before `end` (a prefix,
 * found by binary search), the greatest end is past `start`. The prefix maximum, not the nearest
 * span's end, is what finds a long span that starts well before a short one.
 */
class SortedSpans {
  readonly starts: number[] = [];
  readonly maxEnds: number[] = [];

  constructor(spans: { start: number; end: number }[]) {
    spans.sort((a, b) => a.start - b.start);
    let max = -Infinity;
    for (const s of spans) {
      this.starts.push(s.start);
      this.maxEnds.push((max = Math.max(max, s.end)));
    }
  }

  overlaps(start: number, end: number): boolean {
    const lo = firstIndex(this.starts.length, (i) => !(this.starts[i] < end));
    return lo > 0 && start < this.maxEnds[lo - 1];
  }
}

function spansByEntity(annotated: readonly { entity: string; start: number; end: number }[]): Map<string, SortedSpans> {
  const groups = new Map<string, { start: number; end: number }[]>();
  for (const a of annotated) {
    // a NaN offset overlaps nothing under the rule (every comparison with it is false) and would unsettle the sort
    if (Number.isNaN(a.start) || Number.isNaN(a.end)) continue;
    const g = groups.get(a.entity);
    if (g) g.push({ start: a.start, end: a.end });
    else groups.set(a.entity, [{ start: a.start, end: a.end }]);
  }
  const out = new Map<string, SortedSpans>();
  for (const [entity, spans] of groups) out.set(entity, new SortedSpans(spans));
  return out;
}

/**
 * The hash of a kept text, not computed: nothing asks a kept text's hash (a 1 MB source took
 * 40 ms to hash on every save), so it is computed when the text is dropped.
 */
export const UNHASHED = -1;

/** Whether the entry holds mentions found with the registry now: held, and not carried over a registry change (`mentionsCarried`). */
export function mentionsCurrent(e: SourceEntry): boolean {
  return e.mentions !== null && !e.mentionsCarried;
}

/**
 * A 53-bit hash of a text (cyrb53): equal texts hash equal; whether a text handed back later is
 * the one the placements were computed on is asked with it and the length. Linear.
 */
export function textHash(s: string): number {
  let h1 = 0xdeadbeef ^ s.length;
  let h2 = 0x41c6ce57 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The clean read of a source's sidecar the corpus holds, with the length and hash of the text it
 * was read from; undefined when it holds none (problems, conflict markers, no hash). A worker
 * that finds that very text changed answers with the change from this read
 * (core/live/sidecarDelta.ts): a command's write, a large sidecar read again.
 */
export function heldCleanRead(entry: SourceEntry | undefined): { sidecar: Sidecar; sidecarLength: number; sidecarHash: number } | undefined {
  const parsed = entry?.parsed;
  if (!entry || !parsed?.sidecar || parsed.problems.length || parsed.conflictLines.length || entry.sidecarLength === null || entry.sidecarHash === UNHASHED || entry.sidecarHash === 0) return undefined;
  return { sidecar: parsed.sidecar, sidecarLength: entry.sidecarLength, sidecarHash: entry.sidecarHash };
}

/** A source's text and sidecar as the host holds them (SourceEntry's hashes and the sidecar's length): a reader that finds these files need not send them. */
export interface Held {
  textHash: number;
  sidecarHash: number;
  sidecarLength: number;
  /**
   * The host's mentions were carried over a registry change (SourceEntry.mentionsCarried): a
   * reader that finds these files finds the mentions in the text again, and sends them alone.
   */
  search?: true;
  /** The sidecar has provenance (a captured source's is checked against the text's SHA-256): a reader that finds these files computes that digest again, never taking it on the hash's word. */
  digest?: true;
}

/** What `Corpus.update` may be told of one source; `undefined` leaves a part as it was. */
export interface SourceChange {
  text?: string | null;
  sidecarText?: string | null;
  parsed?: ParsedSidecar | null;
  /** placeAnnotations' answer for this text and sidecar, computed elsewhere (an index worker). */
  placements?: Placement[];
  /**
   * The edits from the text the corpus holds to `text`, and shiftPlacements' answer across them
   * (null: it could not carry them), computed by the caller (a save: documentHooks.ts), so the
   * corpus does neither again.
   */
  shifted?: { edits: TextEdits; placements: Placement[] | null };
  /** The registry's mentions in this text, found elsewhere (an index worker) with this corpus's registry; packed or not. */
  mentions?: Mention[] | PackedMentions;
  /** SHA-256 (hex) of `text`, when computed (kept as SourceEntry.sha256). */
  sha256?: string;
  /**
   * The text was read and used elsewhere and not sent (an index worker placed the annotations,
   * given as `placements`, and found the `mentions`): `textHash` and `sha256` stand for it.
   */
  textUnsent?: boolean;
  /** With `textUnsent`: the sidecar's text was not sent either; its length (`parsed` and `sidecarHash` stand for it). */
  sidecarUnsent?: number;
  /** textHash of `text` / `sidecarText`, when computed elsewhere. */
  textHash?: number;
  sidecarHash?: number;
}
