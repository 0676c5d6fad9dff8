// The reply box of a Marginalia thread is plain text: a reply is stored in the sidecar and shown
// as plain, untrusted text (issue 11), never rendered as Markdown. VS Code makes every comment box
// a Markdown document, so Marginalia's own grammar — dates, times, figures and quoted speech,
// injected into Markdown to colour .md sources — coloured the box too, promising a meaning the
// reply will not have. A TextMate injection cannot tell the box from a source (both are
// text.html.markdown); the document can: the workbench names a reply box
// `comment:/<extension id>/commentinput-….md`. Ours are given a language of their own with no
// grammar, so nothing colours them; other extensions' boxes and every source are left alone.
import * as vscode from 'vscode';
import { EXTENSION_ID, REPLY_LANGUAGE } from '../ids';

/** The scheme of the workbench's comment input documents (VS Code's Schemas.commentsInput). */
const COMMENT_INPUT_SCHEME = 'comment';

/** Whether a document is the reply box of one of Marginalia's threads, still in Markdown. */
export function isOurReplyBox(uri: vscode.Uri, languageId: string): boolean {
  return uri.scheme === COMMENT_INPUT_SCHEME && languageId === 'markdown' && uri.path.toLowerCase().startsWith(`/${EXTENSION_ID.toLowerCase()}/commentinput-`);
}

export class ReplyBoxes implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [vscode.workspace.onDidOpenTextDocument((d) => this.plain(d))];
    for (const d of vscode.workspace.textDocuments) this.plain(d);
  }

  private plain(d: vscode.TextDocument): void {
    if (isOurReplyBox(d.uri, d.languageId)) void Promise.resolve(vscode.languages.setTextDocumentLanguage(d, REPLY_LANGUAGE)).catch(() => undefined);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
