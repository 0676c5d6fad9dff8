// The date a claim's sentence holds, offered as its `when` (issue 13): in the claim's hover
// (a line, `whenHoverLine`) and as a Quick Fix on the claim ("Set claim date: 2026-11-09"),
// never set without the analyst choosing it. The year, when the sentence leaves it out ("on
// Monday, 9 November"), is the year the claim was marked — said so in the hover. The fix runs
// the internal `marginalia._setClaimWhen`, which re-checks everything it is given (the claim
// exists, the value is a date) and writes through the one write path (history, Undo).
import * as vscode from 'vscode';
import { parseWhen, suggestWhenAt } from '../../core/analysis/dates';
import { inert } from '../../core/text/untrusted';
import type { Annotation } from '../../core/types';
import type { AnnotationSpan, LiveDocument, LiveDocuments } from '../editor/liveDocuments';
import { registerCommand } from '../commands/register';
import { Commands } from '../ids';
import type { AnalysisDeps } from './panel';
import type { CorpusStore } from '../store/corpusStore';
import type { SidecarWriter } from '../store/sidecarWriter';

function yearOf(a: Annotation): number {
  const y = Number(a.created?.slice(0, 4));
  return Number.isInteger(y) && y >= 1000 ? y : new Date().getUTCFullYear();
}

/** The suggested `when` of a claim span without one, or undefined. */
export function suggestionFor(doc: LiveDocument, s: AnnotationSpan): string | undefined {
  const a = s.annotation;
  if (a.kind !== 'claim' || a.when !== undefined) return undefined;
  return suggestWhenAt(doc.document.getText(), s.start, s.end, yearOf(a));
}

/** The hover's line for a claim: its date, or the date its sentence suggests (markdown, inert). */
export function whenHoverLine(doc: LiveDocument, s: AnnotationSpan): string {
  const a = s.annotation;
  if (a.when !== undefined) return `*When:* ${inert(a.when)}\n\n`;
  const d = suggestionFor(doc, s);
  return d ? `*Date in this sentence:* ${inert(d)} — not set; the Quick Fix sets it as the claim’s \`when\`\n\n` : '';
}

export class WhenQuickFix implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly disposables: vscode.Disposable[];

  private readonly live: LiveDocuments;
  private readonly store: CorpusStore;
  private readonly writer: SidecarWriter;

  constructor(deps: Pick<AnalysisDeps, 'live' | 'store' | 'writer' | 'log' | 'ui'>) {
    ({ live: this.live, store: this.store, writer: this.writer } = deps);
    this.disposables = [
      vscode.languages.registerCodeActionsProvider('*', this, { providedCodeActionKinds: WhenQuickFix.kinds }),
      registerCommand(deps, Commands.setClaimWhen, (arg: unknown) => this.set(arg)),
    ];
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const doc = this.live.get(document);
    if (!doc) return [];
    const from = document.offsetAt(range.start);
    const to = document.offsetAt(range.end);
    const out: vscode.CodeAction[] = [];
    for (const s of doc.annotations) {
      if (s.start > to || s.end < from) continue;
      const when = suggestionFor(doc, s);
      if (!when) continue;
      const title = `Set claim date: ${when}`;
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.command = { command: Commands.setClaimWhen, title, arguments: [{ source: document.uri.toString(), id: s.annotation.id, when }] };
      out.push(action);
    }
    return out;
  }

  /** Sets a claim's `when`; the arguments are re-checked, as a command can be run with any. */
  private async set(arg: unknown): Promise<void> {
    const o = (arg ?? {}) as Record<string, unknown>;
    if (typeof o.source !== 'string' || typeof o.id !== 'string' || !parseWhen(o.when)) return;
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(o.source, true);
    } catch {
      return;
    }
    const ref = this.store.sourceFor(uri);
    if (!ref?.entry?.parsed?.sidecar?.annotations.some((a) => a.id === o.id && a.kind === 'claim')) return;
    await this.writer.apply(ref.uri, [{ type: 'update', id: o.id, set: { when: parseWhen(o.when)!.text } }], 'set claim date');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
