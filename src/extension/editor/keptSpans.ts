// The spans a store change gives an open source without anchoring anything (liveDocuments.ts):
// the store's own placements, when it placed the very text the editor shows (placedSpan); or,
// when a sidecar changed but not which words its annotations quote (a save's new offsets, a
// status, a reply), the span the editor kept for each (carryOver). Anchoring a 1 MB text is the
// worker's (issue 15: never a long pause on the extension host), so whatever can be kept is
// kept, and only what cannot goes to it. No state and no `vscode` import: spans and annotations.
import type { AnchorResult, Annotation } from '../../core/types';
import type { PlacedSpan } from '../../core/worker/protocol';
import type { LiveDocument } from './liveDocuments';

/** A placement's result as a span in code points, or null when orphaned. */
export function placedSpan(r: AnchorResult): PlacedSpan | null {
  return r.state === 'orphaned' || r.start === null || r.end === null ? null : { start: r.start, end: r.end, state: r.state, confidence: r.confidence };
}

/**
 * The live spans for a changed sidecar whose annotations are those the document already shows,
 * only rewritten (a save's new offsets, a status, a reply): by id, each keeps its span when its
 * quote is unchanged or is the text under the span, and an orphan with an unchanged quote stays
 * an orphan (looked for again once typing pauses). Null when any annotation is new or quotes
 * other words: that one needs anchoring.
 */
export function carryOver(live: LiveDocument, annotations: readonly Annotation[], text: string): (PlacedSpan | null)[] | null {
  const spans = new Map(live.annotations.map((s) => [s.annotation.id, s] as const));
  const orphans = new Map(live.orphans.map((a) => [a.id, a] as const));
  const out: (PlacedSpan | null)[] = [];
  for (const a of annotations) {
    const s = spans.get(a.id);
    if (s && (s.annotation.quote === a.quote || text.slice(s.start, s.end) === a.quote)) out.push({ start: s.start, end: s.end, state: s.state, confidence: s.confidence });
    else if (!s && orphans.get(a.id)?.quote === a.quote) out.push(null);
    else return null;
  }
  return out;
}
