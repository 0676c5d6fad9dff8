// The pieces of Problems entries that need no state (diagnostics.ts builds them): a refused
// file, a sidecar problem at its place, which ids need a place in their sidecar, and core line
// ranges as editor Ranges. Text from files goes through forMessage: one line, control
// characters escaped.
import * as vscode from 'vscode';
import type { SourceEntry } from '../../core/corpus';
import type { LineIndex, LineRange } from '../../core/live/lineIndex';
import { forMessage } from '../../core/text/untrusted';
import type { Problem } from '../../core/types';
import { DiagnosticCodes } from '../ids';
import { isConflicted } from '../views/summary';

/** The collection's name and every diagnostic's `source` label. */
export const DIAGNOSTIC_SOURCE = 'marginalia';
export const MESSAGE_MAX = 500;

/** A source the store would not read: the error names it and says why (or its size). */
export function refusedDiagnostic(p: Problem): vscode.Diagnostic {
  const line = Math.max(0, p.line - 1);
  const column = Math.max(0, p.column - 1);
  const d = new vscode.Diagnostic(new vscode.Range(line, column, line, column), forMessage(p.message, MESSAGE_MAX), vscode.DiagnosticSeverity.Error);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = DiagnosticCodes.refusedFile;
  return d;
}

export function problemDiagnostic(p: Problem, lines: LineIndex | null): vscode.Diagnostic {
  const line = Math.max(0, p.line - 1);
  const column = Math.max(0, p.column - 1);
  const d = new vscode.Diagnostic(
    lines ? toRange(lines.fromColumn(line, column)) : new vscode.Range(line, column, line, column),
    forMessage(p.message, MESSAGE_MAX),
    p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  d.source = DIAGNOSTIC_SOURCE;
  d.code = DiagnosticCodes.sidecar;
  return d;
}

/** The ids whose place in the sidecar the entries of `entry` name: orphans, and placed annotations holding a conflict. */
export function idsToLocate(entry: SourceEntry): string[] {
  const ids: string[] = [];
  for (const p of entry.placements) {
    const placed = p.result.state !== 'orphaned' && p.result.start !== null;
    if (!placed || (isConflicted(p.annotation) && p.result.end !== null)) ids.push(p.annotation.id);
  }
  return ids;
}

/** A core line range as the editor's Range. */
export function toRange(r: LineRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * What a list of diagnostics shows, as one string: two lists with the same key look the same in
 * Problems and the editor. Sending a URI's list again costs the host a stall that grows with the
 * list (~16 ms for a 1 MB source's claim cues after every typing pause, issue 15), so an
 * unchanged one is not sent.
 */
export function diagnosticsKey(ds: readonly vscode.Diagnostic[]): string {
  const r = (x: vscode.Range) => `${x.start.line},${x.start.character},${x.end.line},${x.end.character}`;
  const parts: string[] = [];
  for (const d of ds) {
    const code = typeof d.code === 'object' ? `${d.code.value}@${d.code.target.toString()}` : String(d.code);
    const related = (d.relatedInformation ?? []).map((i) => `${i.location.uri.toString()}#${r(i.location.range)}#${i.message}`).join('\u0001');
    parts.push([r(d.range), d.severity, d.source, code, (d.tags ?? []).join(','), d.message, related].join('\u0002'));
  }
  return parts.join('\u0003');
}

/** A list as last sent for a URI (or a page of one), with its key once it has been made. */
export interface SentList {
  list: vscode.Diagnostic[];
  key?: string;
}

/**
 * What to keep as sent when `list` goes out in place of `last`, or null when it shows the same
 * and is not sent. Keys are made only when the lengths agree: a list of another length differs
 * anyway (a 1 MB source's 573 cue hints: ~7 ms of the host's stall after an open, issue 15).
 * Nothing changes a Diagnostic once it is made, so a key made later is the one it had when sent.
 */
export function unlessSame(last: SentList | undefined, list: vscode.Diagnostic[]): SentList | null {
  if (!last || last.list.length !== list.length) return { list };
  const key = diagnosticsKey(list);
  return (last.key ??= diagnosticsKey(last.list)) === key ? null : { list, key };
}
