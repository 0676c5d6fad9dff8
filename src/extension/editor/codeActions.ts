// The Quick Fix behind a claim-cue diagnostic: "Mark as claim…" hands the sentence to the
// lead's `marginalia._markCueAsClaim`, which asks for a status and writes the sidecar.
import * as vscode from 'vscode';
import { Commands, DiagnosticCodes } from '../ids';

export class CueQuickFixes implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly registration: vscode.Disposable;

  /** `source` is the label Diagnostics puts on its diagnostics. */
  constructor(private readonly source: string) {
    this.registration = vscode.languages.registerCodeActionsProvider('*', this, { providedCodeActionKinds: CueQuickFixes.kinds });
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    return context.diagnostics
      .filter((d) => d.source === this.source && d.code === DiagnosticCodes.claimCue)
      .map((d) => {
        const action = new vscode.CodeAction('Mark as claim…', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = true;
        action.command = {
          command: Commands.markCueAsClaim,
          title: 'Mark as claim…',
          arguments: [{ source: document.uri.toString(), start: document.offsetAt(d.range.start), end: document.offsetAt(d.range.end) }],
        };
        return action;
      });
  }

  dispose(): void {
    this.registration.dispose();
  }
}
