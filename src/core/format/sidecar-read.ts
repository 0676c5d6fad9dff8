// Reads a sidecar (`article.txt.annotations.yaml`) as untrusted input: every problem is named
// with its line and column, and an invalid file is reported as not writable so no tool ever
// overwrites what a person (or a bad merge) left in it. The rules themselves are in
// rules/sidecar.ts, shared with the fast indexing reader; this adds lines and columns.
import * as YAML from 'yaml';
import type { Problem, Sidecar } from '../types';
import { readId } from './rules/fields';
import { validateSidecar } from './rules/sidecar';
import { findConflictMarkers } from './conflictMarkers';
import { hasError } from './rules/findings';
import { parseLocated } from './yamlutil';

export interface ParsedSidecar {
  file: string;
  /** The parsed document, kept so a rewrite preserves comments and unknown fields. */
  doc: YAML.Document.Parsed | null;
  /** What could be read. With errors, only the annotations that validated. */
  sidecar: Sidecar | null;
  problems: Problem[];
  /** Lines holding git conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`). */
  conflictLines: number[];
  /** False when any error was found: the file must not be overwritten. */
  writable: boolean;
  /** 1-based line and column of a top-level key (or of an annotation's key, given its id). */
  locate(key: string, annotationId?: string): { line: number; column: number };
}

const nowhere = () => ({ line: 1, column: 1 });

/** An annotation's id as the rules read it (a number id reads as its digits). */
export function idOfNode(item: YAML.YAMLMap): string | undefined {
  const n = item.get('id', true);
  return YAML.isScalar(n) ? readId(n.value).value : undefined;
}

function locator(doc: YAML.Document.Parsed | null, lines: YAML.LineCounter): ParsedSidecar['locate'] {
  if (!doc) return nowhere;
  // each annotation's node by id, made on the first question (issue 15: Problems asks once per
  // orphan, and a scan of the list each time was quadratic: 20,000 orphans, 38 s); the first
  // of a repeated id, as a scan finds it
  let index: { list: YAML.YAMLSeq; length: number; byId: Map<string, YAML.YAMLMap> } | undefined;
  const itemOf = (list: YAML.YAMLSeq, id: string): YAML.YAMLMap | undefined => {
    if (index?.list !== list || index.length !== list.items.length) {
      const byId = new Map<string, YAML.YAMLMap>();
      for (const i of list.items) {
        if (!YAML.isMap(i)) continue;
        const id = idOfNode(i);
        if (id !== undefined && !byId.has(id)) byId.set(id, i);
      }
      index = { list, length: list.items.length, byId };
    }
    return index.byId.get(id);
  };
  return (key, annotationId) => {
    let map: unknown = doc.contents;
    if (annotationId !== undefined && YAML.isMap(map)) {
      const list = map.get('annotations', true);
      map = YAML.isSeq(list) ? itemOf(list, annotationId) : undefined;
    }
    if (!YAML.isMap(map)) return nowhere();
    const node = (map.get(key, true) ?? map) as YAML.Node;
    const pos = lines.linePos(node.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
}

export interface ParseOptions {
  /**
   * The sidecar's real path when `file` (the name problems carry) is not it, as for the merge
   * driver's temporary files: the `source:` rule is checked against this name.
   */
  sidecarPath?: string;
}

export function parseSidecar(text: string, file: string, options: ParseOptions = {}): ParsedSidecar {
  const conflictLines = findConflictMarkers(text);
  if (conflictLines.length > 0) {
    const problems = conflictLines.slice(0, 1).map<Problem>((line) => ({
      file,
      line,
      column: 1,
      message: 'unresolved git merge conflict: run "Marginalia: Resolve Sidecar Conflict" or `marginalia merge`',
      severity: 'error',
    }));
    return { file, doc: null, sidecar: null, problems, conflictLines, writable: false, locate: nowhere };
  }
  const loc = parseLocated(text, file);
  let sidecar: Sidecar | null = null;
  if (loc.value !== undefined) {
    const reading = validateSidecar(loc.value, options.sidecarPath ?? file);
    for (const f of reading.findings) loc.report(f);
    sidecar = reading.sidecar;
  }
  const writable = sidecar !== null && loc.doc !== null && !hasError(loc.problems);
  return { file, doc: loc.doc, sidecar, problems: loc.problems, conflictLines, writable, locate: locator(loc.doc, loc.lines) };
}
