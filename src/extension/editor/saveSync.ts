// When a source is saved, its sidecar's stored offsets, quotes and context are brought up to
// date from where the live spans now stand (core/live/saveOps.ts says what changes and why), so
// the file on disk and the sidecar agree again. Reading the sidecar with positions and taking
// selectors from a 1 MB text is work for the worker thread (issue 15): the host only reads the
// files and hands the operations to the guarded writer.
import * as vscode from 'vscode';
import type { Op } from '../../core/ops';
import type { CorpusStore } from '../store/corpusStore';
import { readText } from '../store/files';
import type { SidecarWriter } from '../store/sidecarWriter';
import type { WorkClient } from '../worker/workClient';
import type { LiveDocuments } from './liveDocuments';

export class SaveSync implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: CorpusStore,
    private readonly live: LiveDocuments,
    private readonly writer: SidecarWriter,
    private readonly log: vscode.LogOutputChannel,
    private readonly work: WorkClient,
  ) {
    this.subscription = vscode.workspace.onDidSaveTextDocument((doc) => void this.sync(doc));
  }

  /**
   * The update operations that would bring the sidecar in line with the document as it is:
   * where the live spans stand, and for annotations without one (the live state may lag a
   * sidecar just changed on disk) where anchoring the saved text puts them. Orphans are left
   * as the analyst wrote them.
   */
  async pending(doc: vscode.TextDocument): Promise<Op[]> {
    const ref = this.store.sourceFor(doc.uri);
    // taken now, before any await: the text and the spans of the same version
    const text = this.store.documentText(doc);
    const spans = (this.live.get(doc)?.annotations ?? []).map((s) => ({ id: s.annotation.id, start: s.start, end: s.end }));
    const sidecarText = ref && (await readText(ref.sidecarUri));
    if (!ref || !sidecarText) return [];
    return (await this.work.saveOps(text, sidecarText, ref.sidecarUri.fsPath, spans)).ops;
  }

  async sync(doc: vscode.TextDocument): Promise<void> {
    try {
      const ops = await this.pending(doc);
      if (ops.length === 0) return;
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
