// A file's findings at the careful reader's lines and columns without its parse (issue 15: the
// `yaml` Document parse runs at ~1 MB/s; a 4 MB sidecar with one unresolved merge conflict took
// 2.2 s of the extension host's thread to show its warning, `check` as long). A file in the
// writer's own shape is read directly (yaml-subset.ts), which says where each value starts
// (subsetPlaces): exactly where the careful reader's node for a finding's path starts, and the
// careful reader finds no YAML problem of its own in that shape (yaml-subset.test.ts). Anything
// else is left to the careful reader. No `yaml` import: workspace-fast.ts, which the index
// workers load, uses this.
import type { Problem, Sidecar } from '../types';
import { readId } from './rules/fields';
import type { Finding } from './rules/findings';
import { validateSidecar } from './rules/sidecar';
import { loadPlain, writtenPlaces } from './sidecar-plain';

/**
 * What the careful reader reads of a sidecar (the annotations that validated) and its problems,
 * at their lines, when the file is read the fast way and, if it has findings, is in the writer's
 * shape; else undefined (the careful reader reads it). `file` names it as problems do.
 */
export function readSidecarLocated(text: string, file: string): { sidecar: Sidecar | null; problems: Problem[] } | undefined {
  const root = loadPlain(text);
  if (root === undefined) return undefined;
  const { sidecar, findings } = validateSidecar(root, file);
  if (!findings.length) return { sidecar, problems: [] };
  const problems = locatedFindings(text, file, findings);
  return problems && { sidecar, problems };
}

/**
 * The findings as the careful reader reports them (yamlutil.ts parseLocated: each at its node's
 * line and column, in order), when `text` is in the writer's shape; else undefined.
 */
export function locatedFindings(text: string, file: string, findings: readonly Finding[]): Problem[] | undefined {
  const places = writtenPlaces(text);
  if (!places) return undefined;
  const lineOf = lineCounter(text);
  return findings.map((f) => {
    const { line, column } = lineOf(places.offsetOf(f.path, f.key));
    return { file, line, column, message: f.message, severity: f.severity };
  });
}

/**
 * ParsedSidecar's `locate` (sidecar-read.ts locator) for a sidecar in the writer's shape, else
 * undefined: the line and column of a top-level key's value, or of an annotation's, given its
 * id (the first annotation with it); the annotation's, or the file's start, when there is none.
 * Problems asks it for an orphan's line in the sidecar: the worker parsed a 4 MB sidecar
 * carefully for it, about 2 s before the orphans showed at their lines.
 */
export function subsetLocator(text: string): ((key: string, id?: string) => { line: number; column: number }) | undefined {
  const places = writtenPlaces(text);
  if (!places) return undefined;
  const lineOf = lineCounter(text);
  const root = places.value;
  const list = root !== null && typeof root === 'object' && !Array.isArray(root) ? (root as Record<string, unknown>).annotations : undefined;
  // each id's first annotation, made on the first question
  let byId: Map<string, number> | undefined;
  const indexOf = (id: string): number | undefined => {
    if (!byId) {
      byId = new Map();
      if (Array.isArray(list)) {
        list.forEach((a, k) => {
          if (a === null || typeof a !== 'object' || Array.isArray(a)) return;
          const v = readId((a as Record<string, unknown>).id).value;
          if (v !== undefined && !byId!.has(v)) byId!.set(v, k);
        });
      }
    }
    return byId.get(id);
  };
  return (key, id) => {
    if (id === undefined) return lineOf(places.offsetOf([key]));
    const k = indexOf(id);
    return k === undefined ? { line: 1, column: 1 } : lineOf(places.offsetOf(['annotations', k, key]));
  };
}

/** 1-based line and column of an offset, as the `yaml` package's LineCounter counts them (line feeds only). */
function lineCounter(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) starts.push(k + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}
