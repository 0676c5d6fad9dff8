// A sidecar or registry with an unresolved conflict, as `marginalia merge` leaves one after a
// team's merge (issue 15: a file with findings must not cost the careful parse where the user
// waits). Shared by the findings bench (plain Node) and the in-editor one (a pull that brings it).

/** `text` with a conflict, as `marginalia merge` writes one, in the list item starting after `from`. */
export function withConflict(text: string, from: number, indent: string): string {
  const item = text.indexOf('\n  - ', from);
  const line = text.indexOf('\n', item + 1);
  return text.slice(0, line) + `\n${indent}conflicts:\n${indent}  - field: note\n${indent}    values:\n${indent}      - value: ours\n${indent}      - value: theirs` + text.slice(line);
}
