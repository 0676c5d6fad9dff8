// Rebuilding both sides of a file git left with conflict markers, for a merge made without the
// Marginalia driver (issue #5, "When git was not told"). With `merge.conflictStyle = diff3` (or
// zdiff3) git also writes the ancestor's lines after `|||||||`, and the base is rebuilt too.
export interface MarkerSides {
  ours: string;
  theirs: string;
  /** Null when any conflict lacks a `|||||||` section: without it there is no ancestor. */
  base: string | null;
}

const MARK = /^(<{7}|\|{7}|={7}|>{7})(?:[ \t].*)?\r?$/;

/** Null when the text has no markers or they do not nest as git writes them. */
export function splitConflictMarkers(text: string): MarkerSides | null {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let ours = '';
  let theirs = '';
  let base = '';
  let hasBase = true;
  let found = false;
  // outside a conflict; then in ours, in the base, in theirs
  let state: 'out' | 'ours' | 'base' | 'theirs' = 'out';
  let sawBase = false;
  for (const line of lines) {
    const m = MARK.exec(line.endsWith('\n') ? line.slice(0, -1) : line);
    const mark = m?.[1][0];
    if (state === 'out') {
      if (mark === '<') {
        state = 'ours';
        sawBase = false;
        found = true;
      } else if (mark === undefined || mark === '=') {
        // a lone `=======` outside a conflict is text (YAML would reject it anyway)
        ours += line;
        theirs += line;
        base += line;
      } else return null;
    } else if (state === 'ours') {
      if (mark === '|') {
        state = 'base';
        sawBase = true;
      } else if (mark === '=') state = 'theirs';
      else if (mark === undefined) ours += line;
      else return null;
    } else if (state === 'base') {
      if (mark === '=') state = 'theirs';
      else if (mark === undefined) base += line;
      else return null;
    } else {
      if (mark === '>') {
        state = 'out';
        if (!sawBase) hasBase = false;
      } else if (mark === undefined) theirs += line;
      else return null;
    }
  }
  if (!found || state !== 'out') return null;
  return { ours, theirs, base: hasBase ? base : null };
}
