// When a source is saved, its sidecar's stored offsets, quotes and context are brought up to
// date from where the live spans now stand, so the file on disk and the sidecar agree again and
// teammates' tools (and `marginalia check`) find every annotation `anchored`.
import * as vscode from 'vscode';
import { AnchorText, selectorFor } from '../../core/anchor';
import type { Op } from '../../core/ops';
import { CodePointIndex } from '../../core/text/positions';
import type { SidecarWriter } from '../store/sidecarWriter';
import type { LiveDocuments } from './liveDocuments';

export class SaveSync implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly live: LiveDocuments,
    private readonly writer: SidecarWriter,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidSaveTextDocument((doc) => void this.sync(doc));
  }

  /** The update operations that would bring the sidecar in line with the document as it is. */
  pending(doc: vscode.TextDocument): Op[] {
    const state = this.live.get(doc);
    if (!state || state.annotations.length === 0) return [];
    const text = doc.getText();
    const index = new CodePointIndex(text);
    const prepared = new AnchorText(text);
    const ops: Op[] = [];
    for (const span of state.annotations) {
      const a = span.annotation;
      const sel = selectorFor(prepared, index.toCodePoint(span.start), index.toCodePoint(span.end));
      if (sel.quote !== a.quote || sel.prefix !== a.prefix || sel.suffix !== a.suffix || sel.start !== a.start || sel.end !== a.end) {
        ops.push({ type: 'update', id: a.id, set: { quote: sel.quote, prefix: sel.prefix, suffix: sel.suffix, start: sel.start, end: sel.end } });
      }
    }
    return ops;
  }

  async sync(doc: vscode.TextDocument): Promise<void> {
    const ops = this.pending(doc);
    if (ops.length === 0) return;
    try {
      await this.writer.applyQuietly(doc.uri, ops);
    } catch (e) {
      // an unreadable sidecar is already in Problems; it is never overwritten
      this.log.warn(`offsets not updated for ${vscode.workspace.asRelativePath(doc.uri)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
