// Placements kept when a sidecar changes and the text it is placed in does not (issue 15). A
// save writes the sidecar back with the offsets and context of where each annotation now
// stands, so the store takes a new sidecar for a text it has already placed. When every
// annotation stands verbatim at its stored offsets the placement is cheap anyway; but a claim
// whose words changed keeps its assessed quote (issue 9) and an orphan keeps what the analyst
// wrote, so one of those sent the whole 1 MB source through the full anchoring on the
// extension host again, on every save. Here each annotation is placed:
// - verbatim at its stored offsets, with its stored context: anchored there;
// - else, when the previous placement of the same id was made for the same words (the same
//   quote) and either nothing the anchoring reads changed (quote, context, offsets) or the new
//   offsets are where that placement already stands (the save wrote them from it): that
//   placement, as it was, since the anchoring would be given the same question on the same text;
// - else null: the full anchoring decides (a new annotation, a re-quoted one, one moved
//   elsewhere by hand).
// Linear in the annotations, plus one pass over the text for code points.
import type { Placement } from '../placement';
import { CodePointIndex } from '../text/positions';
import type { Annotation } from '../types';

const CONTEXT = 32;

/** The placements of `annotations` in `text`, given `previous` placements made in the same text; null when the anchoring must decide. */
export function keepPlacements(text: string, previous: readonly Placement[], annotations: readonly Annotation[]): Placement[] | null {
  const byId = new Map(previous.map((p) => [p.annotation.id, p] as const));
  let index: CodePointIndex | undefined;
  const out: Placement[] = [];
  for (const a of annotations) {
    index ??= new CodePointIndex(text);
    if (verbatim(text, index, a)) {
      out.push({ annotation: a, result: { state: 'anchored', start: a.start!, end: a.end!, confidence: 1 } });
      continue;
    }
    const p = byId.get(a.id);
    const old = p?.annotation;
    if (!p || !old || old.quote !== a.quote) return null;
    const sameQuestion = old.prefix === a.prefix && old.suffix === a.suffix && old.start === a.start && old.end === a.end;
    const whereItStands = p.result.start !== null && p.result.start === a.start && p.result.end === a.end;
    if (!sameQuestion && !whereItStands) return null;
    out.push({ ...p, annotation: a });
  }
  return out;
}

/** The annotation's quote and whole context (up to 32 code points) stand at its stored offsets. */
function verbatim(text: string, index: CodePointIndex, a: Annotation): boolean {
  if (a.start === undefined || a.end === undefined || a.prefix === undefined || a.suffix === undefined) return false;
  if (a.start < 0 || a.end < a.start || a.end > index.length) return false;
  const s = index.toUtf16(a.start);
  const e = index.toUtf16(a.end);
  if (text.slice(s, e) !== a.quote) return false;
  const before = Array.from(text.slice(Math.max(0, s - 2 * CONTEXT), s)).slice(-CONTEXT).join('');
  const after = Array.from(text.slice(e, e + 2 * CONTEXT)).slice(0, CONTEXT).join('');
  return before === a.prefix && after === a.suffix;
}
