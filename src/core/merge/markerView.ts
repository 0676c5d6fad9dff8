// A sidecar git left with conflict markers (merged without the Marginalia driver) is not YAML,
// and it is never written until resolved. Its annotations must not vanish from the editor and
// the views meanwhile (issue 9): the two sides between the markers are merged in memory, as
// "Resolve Sidecar Conflict" would, and what can be read is shown read-only, conflicts included.
// The file itself is untouched; its problem entry says it has merge conflicts and how to settle
// them.
import { parseSidecar, type ParsedSidecar } from '../format';
import { splitConflictMarkers } from './markers';
import { mergeSidecarTexts } from './sidecar-merge';

export const MARKERS_MESSAGE =
  'this file has git merge conflicts: its annotations are shown read-only, merged from both sides; run "Marginalia: Resolve Sidecar Conflict" (or `marginalia resolve`) to settle them';

/** `parsed` with a read-only view of both sides when it holds conflict markers; else `parsed`. */
export function withMarkerView(parsed: ParsedSidecar, text: string): ParsedSidecar {
  if (parsed.conflictLines.length === 0 || parsed.sidecar) return parsed;
  const problems = parsed.problems.map((p, i) => (i === 0 ? { ...p, message: MARKERS_MESSAGE } : p));
  try {
    const sides = splitConflictMarkers(text);
    if (!sides) return { ...parsed, problems };
    const merged = mergeSidecarTexts(sides.base, sides.ours, sides.theirs, parsed.file);
    if (merged.text === null) return { ...parsed, problems };
    const view = parseSidecar(merged.text, parsed.file);
    if (!view.sidecar) return { ...parsed, problems };
    return { ...parsed, sidecar: view.sidecar, problems, writable: false };
  } catch {
    return { ...parsed, problems };
  }
}
