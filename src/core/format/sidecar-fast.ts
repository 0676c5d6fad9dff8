// Reading many sidecars at once (indexing a workspace of thousands): the careful reader's
// result (sidecar-read.ts) reached the fast way when a file is clean (sidecar-plain.ts reads
// it), and the careful reader otherwise, which reports every problem with its line and column.
// Writers always re-read with parseSidecar, so comments and unknown fields are never lost.
import type { Sidecar } from '../types';
import { parseSidecar, type ParsedSidecar } from './sidecar-read';
import { readSidecarFast } from './sidecar-plain';

/** parseSidecar's result, reached the fast way when the file is clean. */
export function parseSidecarQuick(text: string, file: string): ParsedSidecar {
  const sidecar = readSidecarFast(text, file);
  return sidecar ? parsedFromFast(text, file, sidecar) : parseSidecar(text, file);
}

/** parseSidecarQuick's result from readSidecarFast's (read elsewhere, e.g. in a worker thread). */
export function parsedFromFast(text: string, file: string, sidecar: Sidecar): ParsedSidecar {
  let full: ParsedSidecar | undefined;
  return {
    file,
    doc: null,
    sidecar,
    problems: [],
    conflictLines: [],
    writable: true,
    // positions are rarely asked for (an orphan's line in the sidecar): parse carefully then
    locate: (key, id) => (full ??= parseSidecar(text, file)).locate(key, id),
  };
}
