// The lines git leaves behind when it merged a file without the Marginalia driver. Apart from
// the YAML readers (yamlutil.ts) because the fast sidecar reader needs it too, and the index
// and check workers load that reader without the yaml library (issue 15).

const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?:\s|$)/;

/** Lines that git leaves behind when it merged without the Marginalia driver. */
export function findConflictMarkers(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const content = text.slice(start, nl < 0 ? text.length : nl);
    if (CONFLICT_MARKER.test(content)) lines.push(line);
    if (nl < 0) break;
    start = nl + 1;
    line++;
  }
  return lines;
}
