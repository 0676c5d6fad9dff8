// Reading many sidecars at once (indexing a workspace of thousands): the careful reader's
// result (sidecar-read.ts) reached the fast way when a file is clean (sidecar-plain.ts reads
// it); a file in the writer's own shape with findings is reported at the careful reader's lines
// and columns from where the shape's reader found each value (located.ts); the
// careful reader reads anything else, and reports every problem with its line and column.
// Writers always re-read with parseSidecar, so comments and unknown fields are never lost.
import type { Problem, Sidecar } from '../types';
import { parseSidecar, type ParsedSidecar } from './sidecar-read';
import { readSidecarLocated, subsetLocator } from './located';
import { hasError } from './rules/findings';

/** parseSidecar's result, reached the fast way when the file is clean or in the writer's shape. */
export function parseSidecarQuick(text: string, file: string): ParsedSidecar {
  // findings (an unresolved merge conflict's warning, a bad field): their lines from where the
  // writer's shape put each value; a file read by js-yaml instead is read carefully
  const read = readSidecarLocated(text, file);
  if (!read) return parseSidecar(text, file);
  return read.sidecar && !read.problems.length ? parsedFromFast(text, file, read.sidecar) : parsedLocated(text, file, read);
}

/** parseSidecarQuick's result for a file with problems placed the fast way (readSidecarLocated's answer, read here or in a worker). */
export function parsedLocated(text: string, file: string, read: { sidecar: Sidecar | null; problems: Problem[] }): ParsedSidecar {
  return {
    file,
    doc: null,
    sidecar: read.sidecar,
    problems: read.problems,
    conflictLines: [],
    // as the careful reader's: never written over with an error in it (a writer re-reads it carefully anyway)
    writable: read.sidecar !== null && !hasError(read.problems),
    locate: quickLocate(text, file),
  };
}

/** parseSidecarQuick's result from readSidecarFast's (read elsewhere, e.g. in a worker thread). */
export function parsedFromFast(text: string, file: string, sidecar: Sidecar): ParsedSidecar {
  return parsedLocated(text, file, { sidecar, problems: [] });
}

/**
 * ParsedSidecar's `locate` made when first asked (an orphan's line in the sidecar): from where
 * the writer's shape put each value (located.ts), else by the careful parse.
 */
export function quickLocate(text: string, file: string): ParsedSidecar['locate'] {
  let locate: ParsedSidecar['locate'] | undefined;
  return (key, id) => (locate ??= subsetLocator(text) ?? parseSidecar(text, file).locate)(key, id);
}
