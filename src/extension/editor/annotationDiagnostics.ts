// The Problems entries of a source's annotations (diagnostics.ts files them): orphans, on the
// source where they were or may be, else on the sidecar; claims whose words changed since they
// were assessed; annotations holding a merge conflict. Stateless: built from one store entry.
// Text from files goes through forMessage: one line, control characters escaped.
import * as vscode from 'vscode';
import type { SourceEntry } from '../../core/corpus';
import type { ParsedSidecar } from '../../core/format';
import { LineIndex } from '../../core/live/lineIndex';
import { CodePointIndex } from '../../core/text/positions';
import { forMessage } from '../../core/text/untrusted';
import { DiagnosticCodes } from '../ids';
import { isConflicted, placedReview } from '../views/summary';
import { DIAGNOSTIC_SOURCE, toRange } from './diagnosticParts';

export type Locate = ParsedSidecar['locate'];
const QUOTE_MAX = 60;

/**
 * One entry per orphan (issue 9, bug 5: each was listed twice, and one without a close match
 * squiggled the first paragraph): on the source at the closest match, else where its words last
 * were (an empty range: nothing unrelated is underlined), else at its id in the sidecar. Related
 * information leads from one file to the other.
 */
export function orphanDiagnostics(entry: SourceEntry, sourceUri: vscode.Uri, sidecarUri: vscode.Uri, locate: Locate, sidecarLines: () => LineIndex | null): { source: vscode.Diagnostic[]; sidecar: vscode.Diagnostic[] } {
  const source: vscode.Diagnostic[] = [];
  const sidecar: vscode.Diagnostic[] = [];
  const orphans = entry.placements.filter((p) => p.result.state === 'orphaned' || p.result.start === null);
  if (!orphans.length) return { source, sidecar };
  const text = entry.text ?? '';
  const lines = new LineIndex(text);
  const index = new CodePointIndex(text);
  const name = sourceUri.path.slice(sourceUri.path.lastIndexOf('/') + 1);
  for (const { annotation: a, result } of orphans) {
    const what = `Orphaned ${a.kind} “${forMessage(a.quote, QUOTE_MAX)}”`;
    const guess = result.suggestion;
    const at = locate('id', a.id);
    const sl = sidecarLines();
    const inSidecar = sl ? toRange(sl.fromColumn(at.line - 1, at.column - 1)) : new vscode.Range(at.line - 1, at.column - 1, at.line - 1, at.column - 1);
    const was = typeof a.start === 'number' && entry.text !== null ? toRange(lines.range(index.toUtf16(Math.min(a.start, index.length)), index.toUtf16(Math.min(a.start, index.length)))) : undefined;
    const rerun = 'Select the right words and run "Re-attach Orphan to Selection".';
    let d: vscode.Diagnostic;
    if (guess || was) {
      d = new vscode.Diagnostic(
        guess ? toRange(lines.range(index.toUtf16(guess.start), index.toUtf16(guess.end))) : was!,
        guess
          ? `${what}: its text is no longer in this source; the closest match (${Math.round(guess.confidence * 100)}%) is here. ${rerun}`
          : `${what}: its text is no longer in this source; it was here. ${rerun}`,
        vscode.DiagnosticSeverity.Warning,
      );
      d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(sidecarUri, inSidecar), 'the annotation in the sidecar')];
      source.push(d);
    } else {
      d = new vscode.Diagnostic(inSidecar, `${what}: its text is no longer found in ${name}. Open the source, select the right words and run "Re-attach Orphan to Selection".`, vscode.DiagnosticSeverity.Warning);
      d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(sourceUri, new vscode.Range(0, 0, 0, 0)), 'the source')];
      sidecar.push(d);
    }
    d.source = DIAGNOSTIC_SOURCE;
    d.code = DiagnosticCodes.orphan;
  }
  return { source, sidecar };
}

/**
 * Claims whose words changed since they were assessed, and annotations holding merge
 * conflicts: a warning on their words in the source (at their id in the sidecar when they
 * cannot be placed), naming them by their quote, never by their id.
 */
export function reviewDiagnostics(entry: SourceEntry, sidecarUri: vscode.Uri, locate: Locate): vscode.Diagnostic[] {
  const out: vscode.Diagnostic[] = [];
  const text = entry.text ?? '';
  let lines: LineIndex | undefined;
  let index: CodePointIndex | undefined;
  const rangeOf = (start: number, end: number) => {
    lines ??= new LineIndex(text);
    index ??= new CodePointIndex(text);
    return toRange(lines.range(index.toUtf16(start), index.toUtf16(end)));
  };
  for (const p of entry.placements) {
    const a = p.annotation;
    const placed = p.result.state !== 'orphaned' && p.result.start !== null && p.result.end !== null;
    const review = placedReview(p);
    if (review && placed) {
      const d = new vscode.Diagnostic(
        rangeOf(p.result.start!, p.result.end!),
        `Claim “${forMessage(review.assessed, QUOTE_MAX)}” needs review: its words changed since it was assessed${a.status ? ` (${a.status})` : ''}; it now reads “${forMessage(review.current, QUOTE_MAX)}”. Run "Confirm Claim Text" to accept the new words.`,
        vscode.DiagnosticSeverity.Warning,
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.code = DiagnosticCodes.needsReview;
      out.push(d);
    }
    if (isConflicted(a) && placed) {
      const fields = (a.conflicts ?? []).map((c) => (c.field === 'annotation' ? 'the annotation itself' : forMessage(c.field, 40)));
      const d = new vscode.Diagnostic(
        rangeOf(p.result.start!, p.result.end!),
        `${a.kind.charAt(0).toUpperCase()}${a.kind.slice(1)} “${forMessage(a.quote, QUOTE_MAX)}” has a merge conflict on ${fields.join(', ')}. Run "Resolve Sidecar Conflict" to pick the value that stays.`,
        vscode.DiagnosticSeverity.Warning,
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.code = DiagnosticCodes.conflict;
      const at = locate('id', a.id);
      d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(sidecarUri, new vscode.Position(at.line - 1, at.column - 1)), 'the conflict in the sidecar')];
      out.push(d);
    }
  }
  return out;
}
