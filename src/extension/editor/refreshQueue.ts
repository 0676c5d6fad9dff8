// Open documents refreshed after a store change one at a time, the first at once and each other a
// full turn of the event loop after the one before (issue 15): a registry change asks the editor's
// worker for every open source (each text read by the worker from its file when the document is
// clean, else posted, 1 MB copied as it goes), and four posted in one task were one stall of the
// host's thread of 40-50 ms. The one the analyst is looking at first, then those in other visible
// editors: the worker answers in turn, and with four 1 MB sources open the active one, opened
// last, waited for the other three (its new highlights 1.3-1.9 s after New entity…). One queue
// for every change: a registry change's documents are due twice (its new registry in place,
// then the store's change once the closed sources are read again), at that same pace.
import * as vscode from 'vscode';
import { fullTurn } from '../../core/slices';

export class RefreshQueue<T extends { readonly document: vscode.TextDocument }> {
  private readonly due = new Set<T>();
  private draining = false;

  /** `refresh`: refreshes one document now (it checks the document is still one to refresh). */
  constructor(private readonly refresh: (doc: T) => void) {}

  /** These documents due; the first refreshed at once when none is being refreshed. */
  add(due: readonly T[]): void {
    for (const doc of due) this.due.add(doc);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let k = 0; this.due.size > 0; k++) {
        if (k > 0) await fullTurn();
        const active = vscode.window.activeTextEditor?.document;
        const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document));
        const rank = (doc: T) => (doc.document === active ? 0 : visible.has(doc.document) ? 1 : 2);
        let next: T | undefined;
        for (const doc of this.due) if (!next || rank(doc) < rank(next)) next = doc;
        this.due.delete(next!);
        this.refresh(next!);
      }
    } finally {
      this.draining = false;
    }
  }
}
