// Every annotation change goes through here: re-read the sidecar, apply the operations to what
// is on disk now, write atomically, and check nobody wrote in between (if they did, start
// again from their version). An invalid sidecar is never overwritten. Keeps an undo stack of
// inverse operations.
import * as vscode from 'vscode';
import { parseSidecar, serializeSidecar } from '../../core/format';
import { applyOps, type Op } from '../../core/ops';
import type { Sidecar } from '../../core/types';
import { ContextKeys } from '../ids';
import type { CorpusStore } from './corpusStore';
import { readText, writeTextAtomic } from './files';

const MAX_ATTEMPTS = 5;
const UNDO_DEPTH = 50;

export class SidecarError extends Error {
  constructor(message: string, readonly sidecar: vscode.Uri, readonly line?: number, readonly column?: number) {
    super(message);
  }
}

interface UndoEntry {
  source: vscode.Uri;
  ops: Op[];
  label: string;
}

export class SidecarWriter implements vscode.Disposable {
  private readonly undoStack: UndoEntry[] = [];
  /** Test seam: runs after the read and before the write, to interleave an outside writer. */
  beforeWrite: ((sidecar: vscode.Uri) => Promise<void>) | undefined;

  constructor(private readonly store: CorpusStore) {}

  /** Applies `ops` to the source's sidecar (creating it when absent) and records the undo. */
  async apply(source: vscode.Uri, ops: Op[], label: string): Promise<void> {
    const inverse = await this.write(source, ops);
    this.undoStack.push({ source, ops: inverse, label });
    if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
    void vscode.commands.executeCommand('setContext', ContextKeys.canUndo, true);
  }

  /** Undoes the last change; returns its label, or undefined when there is nothing to undo. */
  async undo(): Promise<string | undefined> {
    const entry = this.undoStack.pop();
    void vscode.commands.executeCommand('setContext', ContextKeys.canUndo, this.undoStack.length > 0);
    if (!entry) return undefined;
    await this.write(entry.source, entry.ops);
    return entry.label;
  }

  /**
   * Bookkeeping that is not the analyst's change (offsets brought up to date on save): written
   * the same careful way, but not put on the undo stack.
   */
  async applyQuietly(source: vscode.Uri, ops: Op[]): Promise<void> {
    await this.write(source, ops);
  }

  private async write(source: vscode.Uri, ops: Op[]): Promise<Op[]> {
    const ref = this.store.sourceFor(source);
    if (!ref) throw new Error(`${source.fsPath} is not a Marginalia source (check marginalia.sources.include)`);
    const sidecarUri = ref.sidecarUri;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await readText(sidecarUri);
      let sidecar: Sidecar;
      let doc = null;
      if (before === null) {
        sidecar = { marginalia: 1, source: ref.uri.path.slice(ref.uri.path.lastIndexOf('/') + 1), annotations: [] };
      } else {
        const parsed = parseSidecar(before, sidecarUri.fsPath);
        if (!parsed.writable || !parsed.sidecar) {
          const e = parsed.problems.find((p) => p.severity === 'error');
          throw new SidecarError(
            `${vscode.workspace.asRelativePath(sidecarUri)} has errors and was left untouched: ${e ? `line ${e.line}, column ${e.column}: ${e.message}` : 'cannot be read'}`,
            sidecarUri,
            e?.line,
            e?.column,
          );
        }
        sidecar = parsed.sidecar;
        doc = parsed.doc;
      }
      const { annotations, inverse } = applyOps(sidecar.annotations, ops);
      const out = serializeSidecar({ ...sidecar, annotations }, doc);
      await this.beforeWrite?.(sidecarUri);
      // compare-and-swap: if someone wrote since our read, redo the change on their version
      const now = await readText(sidecarUri);
      if (now !== before) continue;
      await writeTextAtomic(sidecarUri, out);
      this.store.setSidecarText(ref.uri, out);
      return inverse;
    }
    throw new Error(`${vscode.workspace.asRelativePath(sidecarUri)} kept changing while Marginalia tried to write it; try again`);
  }

  dispose(): void {
    this.undoStack.length = 0;
  }
}
