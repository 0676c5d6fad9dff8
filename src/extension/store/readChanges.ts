// Whether reading a source again changed what the store holds for it, so that the store tells
// its listeners only of sources that did change (issue 15). After every save the store reads
// the saved source from disk, although it took the very same text from the document a moment
// before (documentHooks.ts): that read told the views, Problems and the editors "changed" for
// nothing, and each recounted or redrew the source. A watcher event for a file written with
// what it held already (a checkout of the same bytes) is the same case.
//
// What is compared is what the store's listeners read of a source: whether it is listed, read,
// refused or missing, its text (kept) or the hash and length of what was read (not kept), the
// same for its sidecar and the sidecar's problems, and where each annotation is placed. The
// parsed sidecar and the placements are objects made anew by each read, so they are compared by
// what they say; the mentions follow from the text and the registry (a registry change tells
// everyone, corpusStore.ts), except those a registry change carried until the read that finds
// them again (Corpus.setRegistry): that read is told of. A sidecar whose source is gone is always
// told of, as before.
import { textHash } from '../../core/corpus';
import type { Placement } from '../../core/placement';
import type { SourceRef } from './storeTypes';

/** A text as the corpus holds it: kept whole (an open source), or only its hash. */
interface Held {
  text: string | null;
  hash: number;
}

/** What a read may change of one source, as its listeners see it. */
export interface ReadState {
  text: Held;
  sidecar: Held;
  placements: readonly Placement[];
  rest: unknown[];
}

/** What the store holds for a source now. */
export function readState(ref: SourceRef | undefined): ReadState {
  const e = ref?.entry;
  const problems = (p: { problems: readonly { line: number; column: number; message: string; severity: string }[] } | null | undefined) =>
    (p?.problems ?? []).map((x) => `${x.line}:${x.column}:${x.severity}:${x.message}`).join('\n');
  return {
    text: { text: e?.text ?? null, hash: e?.textHash ?? 0 },
    sidecar: { text: e?.sidecarText ?? null, hash: e?.sidecarHash ?? 0 },
    // the corpus replaces a source's placements, never edits them: the array is what was held
    placements: e?.placements ?? [],
    rest: [
      ref?.root,
      e !== undefined,
      e?.readable,
      e?.sha256,
      e?.mentionsCarried,
      e?.sidecarLength,
      e?.parsed === null,
      e?.parsed?.sidecar?.annotations.length,
      e?.parsed?.conflictLines.join(','),
      problems(e?.parsed),
      ref?.missing, // made anew by each read: a sidecar left behind is told of as before
      ref?.refused?.message,
    ],
  };
}

/**
 * The same text, however it is held: a source opened in an editor meanwhile is kept whole
 * (its hash then reads UNHASHED), one closed is held by its hash only.
 */
function sameText(a: Held, b: Held): boolean {
  if (a.text !== null && b.text !== null) return a.text === b.text;
  if (a.text === null && b.text === null) return a.hash === b.hash;
  return a.text !== null ? textHash(a.text) === b.hash : textHash(b.text!) === a.hash;
}

/**
 * Where each annotation is placed, the same in both: compared one by one, an unchanged
 * placement being the very object held before (core/live/reuseUnchanged.ts) — no string of
 * 20,000 lines made twice per read of a large sidecar.
 */
function samePlacements(a: readonly Placement[], b: readonly Placement[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i];
    const q = b[i];
    if (p === q) continue;
    const r = p.result as { state: string; start?: number; end?: number; confidence?: number };
    const s = q.result as typeof r;
    if (p.annotation.id !== q.annotation.id || r.state !== s.state || r.start !== s.start || r.end !== s.end || r.confidence !== s.confidence || !p.needsReview !== !q.needsReview || (p.assessedQuote ?? '') !== (q.assessedQuote ?? '')) return false;
  }
  return true;
}

/**
 * Whether two readStates differ: the cheap parts first (a sidecar's length, its problems), so
 * that a text held one way before and the other now is hashed only when nothing else tells
 * (issue 15: a pull that left a conflict in a 4 MB sidecar hashed it on the host's thread again,
 * 10 ms of a 51 ms pause, to learn what its new length said).
 */
export function stateChanged(before: ReadState, after: ReadState): boolean {
  return (
    before.rest.length !== after.rest.length ||
    before.rest.some((v, k) => v !== after.rest[k]) ||
    !sameText(before.text, after.text) ||
    !sameText(before.sidecar, after.sidecar) ||
    !samePlacements(before.placements, after.placements)
  );
}
