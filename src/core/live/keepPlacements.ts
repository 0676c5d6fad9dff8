// Placements kept when a sidecar changes and the text it is placed in does not (issue 15). A
// save writes the sidecar back with the offsets and context of where each annotation now
// stands, so the store takes a new sidecar for a text it has already placed. When every
// annotation stands verbatim at its stored offsets the placement is cheap anyway; but a claim
// whose words changed keeps its assessed quote (issue 9) and an orphan keeps what the analyst
// wrote, so one of those sent the whole 1 MB source through the full anchoring on the
// extension host again, on every save. Here each annotation is placed:
// - the same annotation object (kept across the read, core/live/reuseUnchanged.ts) placed in
//   this very text: that placement;
// - verbatim at its stored offsets, with its stored context: anchored there;
// - else, when the previous placement of the same id was made for the same words (the same
//   quote) and either nothing the anchoring reads changed (quote, context, offsets) or the new
//   offsets are where that placement already stands (the save wrote them from it): that
//   placement, as it was, since the anchoring would be given the same question on the same text;
// - else null: the full anchoring decides (a new annotation, a re-quoted one, one moved
//   elsewhere by hand).
// Linear in the annotations, plus one pass over the text for code points when it has any
// astral character. The verbatim test is placement.ts's own (verbatimIn).
// A closed source, whose text is not kept, keeps what does not need the text (keepPlacementsUnread).
import { placementAt } from '../byId';
import { verbatimIn, type Placement } from '../placement';
import type { Annotation } from '../types';

/**
 * The placements of `annotations` in `text`, given `previous` placements made in the same text
 * (`unmoved`: in this very text, not moved across edits); null when the anchoring must decide.
 */
export function keepPlacements(text: string, previous: readonly Placement[], annotations: readonly Annotation[], unmoved = false): Placement[] | null {
  const verbatim = verbatimIn(text);
  const out: Placement[] = [];
  for (let i = 0; i < annotations.length; i++) {
    const a = annotations[i];
    // at the same index while the two line up (byId.ts), no index of the 20,000 built per change
    const p = placementAt(previous, i, a.id);
    // the very annotation object placed in this very text (core/live/reuseUnchanged.ts): its placement
    if (unmoved && p?.annotation === a) {
      out.push(p);
      continue;
    }
    if (verbatim(a)) {
      out.push({ annotation: a, result: { state: 'anchored', start: a.start!, end: a.end!, confidence: 1 } });
      continue;
    }
    const old = p?.annotation;
    if (!p || !old || old.quote !== a.quote) return null;
    const sameQuestion = old.prefix === a.prefix && old.suffix === a.suffix && old.start === a.start && old.end === a.end;
    const whereItStands = p.result.start !== null && p.result.start === a.start && p.result.end === a.end;
    if (!sameQuestion && !whereItStands) return null;
    out.push({ ...p, annotation: a });
  }
  return out;
}

/**
 * keepPlacements' answer (`unmoved`) where it does not depend on the text, which a closed
 * source's store entry does not keep (issue 15: a status change in a transcript read its 1 MB
 * text again, and hashed it twice, on the extension host's thread). Each annotation is the
 * object of its previous placement, or asks the same words (quote) as it did, and that
 * placement stands exactly at its offsets, anchored with full confidence, nothing to review:
 * the verbatim test would anchor it there, and failing it, the same question keeps that very
 * placement. Null as soon as one needs the text (an added, re-quoted or moved annotation).
 */
export function keepPlacementsUnread(previous: readonly Placement[], annotations: readonly Annotation[]): Placement[] | null {
  const out: Placement[] = [];
  for (let i = 0; i < annotations.length; i++) {
    const a = annotations[i];
    const p = placementAt(previous, i, a.id);
    if (!p) return null;
    if (p.annotation === a) {
      out.push(p);
      continue;
    }
    const r = p.result;
    if (p.annotation.quote !== a.quote || r.state !== 'anchored' || r.confidence !== 1 || r.start !== a.start || r.end !== a.end || p.needsReview) return null;
    out.push({ annotation: a, result: r });
  }
  return out;
}
