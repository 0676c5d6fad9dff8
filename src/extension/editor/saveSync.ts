// When a source is saved, its sidecar's stored offsets, quotes and context are brought up to
// date from where the live spans now stand, so the file on disk and the sidecar agree again and
// teammates' tools (and `marginalia check`) find every annotation `anchored`. A claim whose words
// changed keeps its assessed quote (only its offsets and context move) until someone runs
// Confirm Claim Text: the assessment was made about those words (issue 9).
import * as vscode from 'vscode';
import { AnchorText, selectorFor } from '../../core/anchor';
import type { Op } from '../../core/ops';
import { CodePointIndex } from '../../core/text/positions';
import { parseSidecar } from '../../core/format';
import { placeAnnotations } from '../../core/placement';
import { wordsChanged } from '../../core/review/words';
import type { CorpusStore } from '../store/corpusStore';
import { readText } from '../store/files';
import type { SidecarWriter } from '../store/sidecarWriter';
import type { LiveDocuments } from './liveDocuments';

export class SaveSync implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: CorpusStore,
    private readonly live: LiveDocuments,
    private readonly writer: SidecarWriter,
    private readonly log: vscode.LogOutputChannel,
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
    const sidecarText = ref && (await readText(ref.sidecarUri));
    if (!ref || !sidecarText) return [];
    const parsed = parseSidecar(sidecarText, ref.sidecarUri.fsPath);
    if (!parsed.writable || !parsed.sidecar || parsed.sidecar.annotations.length === 0) return [];
    const text = doc.getText();
    const index = new CodePointIndex(text);
    const prepared = new AnchorText(text);
    const spans = new Map((this.live.get(doc)?.annotations ?? []).map((s) => [s.annotation.id, s] as const));
    const annotations = parsed.sidecar.annotations;
    const placed = annotations.every((a) => spans.has(a.id)) ? [] : placeAnnotations(prepared, annotations);
    const ops: Op[] = [];
    annotations.forEach((a, i) => {
      const span = spans.get(a.id);
      let start: number | null;
      let end: number | null;
      if (span) {
        start = index.toCodePoint(span.start);
        end = index.toCodePoint(span.end);
      } else {
        const r = placed[i].result;
        if (r.state === 'orphaned') return;
        ({ start, end } = r);
      }
      if (start === null || end === null) return;
      const sel = selectorFor(prepared, start, end);
      const quote = a.kind === 'claim' && wordsChanged(a.quote, sel.quote) ? a.quote : sel.quote;
      if (quote !== a.quote || sel.prefix !== a.prefix || sel.suffix !== a.suffix || sel.start !== a.start || sel.end !== a.end) {
        ops.push({ type: 'update', id: a.id, set: { quote, prefix: sel.prefix, suffix: sel.suffix, start: sel.start, end: sel.end } });
      }
    });
    return ops;
  }

  async sync(doc: vscode.TextDocument): Promise<void> {
    const ops = await this.pending(doc);
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
