// Shared by the sidecar and workspace readers: parsing untrusted YAML into a Document with
// positions, and turning node ranges into 1-based line/column problems.
import * as YAML from 'yaml';
import type { Problem } from '../types';

/** Aliases are legal YAML but sidecars never need many; a low cap defuses "billion laughs". */
export const MAX_ALIAS_COUNT = 50;

export interface Located {
  doc: YAML.Document.Parsed;
  lines: YAML.LineCounter;
  problems: Problem[];
  /** A problem at a node (or at the start of the file when the node has no range). */
  at(node: unknown, message: string, severity?: Problem['severity']): void;
}

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

export function parseLocated(text: string, file: string): Located {
  const lines = new YAML.LineCounter();
  const problems: Problem[] = [];
  const doc = YAML.parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    // YAML 1.2 core schema: timestamps stay strings, `no` stays a string.
    schema: 'core',
  });
  const at = (node: unknown, message: string, severity: Problem['severity'] = 'error') => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    const pos = lines.linePos(range ? range[0] : 0);
    problems.push({ file, line: pos.line, column: pos.col, message, severity });
  };
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    problems.push({
      file,
      line: pos.line,
      column: pos.col,
      message: `YAML: ${firstLine(e.message)}`,
      severity: doc.errors.includes(e as YAML.YAMLParseError) ? 'error' : 'warning',
    });
  }
  return { doc, lines, problems, at };
}

/** A node's plain value, refusing to expand more than MAX_ALIAS_COUNT aliases. */
export function toJS(node: unknown, doc: YAML.Document): unknown {
  if (node === null || node === undefined) return node;
  if (YAML.isNode(node)) return node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
  return node;
}

export function firstLine(message: string): string {
  const i = message.indexOf('\n');
  return (i < 0 ? message : message.slice(0, i)).replace(/ at line \d+, column \d+:?$/, '');
}

/** The pair for `key` in a map node, if any. */
export function pairOf(map: YAML.YAMLMap, key: string): YAML.Pair | undefined {
  return map.items.find((p) => keyName(p) === key) as YAML.Pair | undefined;
}

export function keyName(pair: YAML.Pair): string | undefined {
  const k = pair.key;
  if (YAML.isScalar(k)) return String(k.value);
  if (typeof k === 'string') return k;
  return undefined;
}
