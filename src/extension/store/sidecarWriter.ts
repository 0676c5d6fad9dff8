// Every annotation change goes through here: re-read the sidecar, apply the operations to what
// is on disk now, write atomically, and check nobody wrote in between (if they did, start
// again from their version). An invalid sidecar is never overwritten, nor one the guarded read
// refuses (invalid UTF-8, too large, a link leading outside the corpus or to a FIFO), nor one
// that is itself a symbolic link. Keeps an undo stack of inverse operations. Re-linking a
// sidecar left behind by a renamed source goes through here too.
import * as vscode from 'vscode';
import { parseSidecar, serializeSidecar, sidecarPathFor } from '../../core/format';
import { applyOps, type Op } from '../../core/ops';
import type { Sidecar } from '../../core/types';
import { forMessage } from '../../core/text/untrusted';
import { checkWritable } from '../../node/corpusFs';
import { ContextKeys } from '../ids';
import type { CorpusStore, SourceRef } from './corpusStore';
import { deleteFile, exists, writeNewTextAtomic, writeTextAtomic } from './files';
import { maxFileBytes, readGuarded, resolveRoot } from './guardedRead';

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
    if (!ref) throw new Error(`${forMessage(vscode.workspace.asRelativePath(source))} is not a Marginalia source (check marginalia.sources.include)`);
    const sidecarUri = ref.sidecarUri;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await this.readSidecar(ref, sidecarUri);
      let sidecar: Sidecar;
      let doc = null;
      if (before === null) {
        sidecar = { marginalia: 1, source: ref.uri.path.slice(ref.uri.path.lastIndexOf('/') + 1), annotations: [] };
      } else {
        const parsed = this.parseWritable(before, sidecarUri);
        sidecar = parsed.sidecar;
        doc = parsed.doc;
      }
      const { annotations, inverse } = applyOps(sidecar.annotations, ops);
      const out = serializeSidecar({ ...sidecar, annotations }, doc);
      await this.beforeWrite?.(sidecarUri);
      // compare-and-swap: if someone wrote since our read, redo the change on their version
      const now = await this.readSidecar(ref, sidecarUri);
      if (now !== before) continue;
      await this.checkWritable(ref, sidecarUri);
      await writeTextAtomic(sidecarUri, out);
      this.store.setSidecarText(ref.uri, out);
      return inverse;
    }
    throw new Error(`${this.name(sidecarUri)} kept changing while Marginalia tried to write it; try again`);
  }

  /**
   * Moves a sidecar whose source is gone (`missing`) to `target`'s sidecar name and sets its
   * `source:` to that file. Refuses when the target already has a sidecar, and never overwrites
   * one that appears meanwhile; comments and unknown fields are kept.
   */
  async relink(missing: SourceRef, target: SourceRef): Promise<void> {
    const from = missing.sidecarUri;
    const to = target.uri.with({ path: sidecarPathFor(target.uri.path) });
    if (target.root !== missing.root) throw new Error(`${this.name(target.uri)} is in another corpus than ${this.name(from)}`);
    if (!target.entry) throw new Error(`${this.name(target.uri)} is not a Marginalia source`);
    if (await exists(to)) throw new SidecarError(`${this.name(target.uri)} already has a sidecar (${this.name(to)}); Marginalia does not overwrite it`, to);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await this.readSidecar(missing, from);
      if (before === null) throw new Error(`${this.name(from)} is gone`);
      const parsed = this.parseWritable(before, from);
      const out = serializeSidecar({ ...parsed.sidecar, source: target.uri.path.slice(target.uri.path.lastIndexOf('/') + 1) }, parsed.doc);
      await this.beforeWrite?.(from);
      if ((await this.readSidecar(missing, from)) !== before) continue;
      await this.checkWritable(target, to);
      await this.checkWritable(missing, from);
      try {
        await writeNewTextAtomic(to, out);
      } catch (e) {
        if (await exists(to)) throw new SidecarError(`${this.name(to)} appeared meanwhile; Marginalia does not overwrite it`, to);
        throw e;
      }
      await deleteFile(from);
      this.store.setSidecarText(target.uri, out);
      await this.store.refresh(missing.uri);
      return;
    }
    throw new Error(`${this.name(from)} kept changing while Marginalia tried to move it; try again`);
  }

  /** The sidecar's text through the guarded read; null when there is none; refused → SidecarError. */
  private async readSidecar(ref: SourceRef, uri: vscode.Uri): Promise<string | null> {
    const r = await readGuarded(await resolveRoot(ref.root.uri), uri, maxFileBytes(ref.root.uri));
    if (r.ok) return r.text;
    if (r.reason === 'missing') return null;
    throw new SidecarError(`${this.name(uri)} was left untouched: ${forMessage(r.message)}`, uri, r.line, r.column);
  }

  private parseWritable(text: string, uri: vscode.Uri): { sidecar: Sidecar; doc: ReturnType<typeof parseSidecar>['doc'] } {
    let parsed: ReturnType<typeof parseSidecar>;
    try {
      parsed = parseSidecar(text, uri.fsPath);
    } catch (e) {
      throw new SidecarError(`${this.name(uri)} cannot be read and was left untouched (${forMessage(e instanceof Error ? e.message : String(e))})`, uri);
    }
    if (!parsed.writable || !parsed.sidecar) {
      const e = parsed.problems.find((p) => p.severity === 'error');
      throw new SidecarError(
        `${this.name(uri)} has errors and was left untouched: ${e ? `line ${e.line}, column ${e.column}: ${forMessage(e.message)}` : 'cannot be read'}`,
        uri,
        e?.line,
        e?.column,
      );
    }
    return { sidecar: parsed.sidecar, doc: parsed.doc };
  }

  /** Refuses a sidecar that is a symbolic link or whose folder leads outside the corpus. */
  private async checkWritable(ref: SourceRef, uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file') return;
    const refusal = await checkWritable(await resolveRoot(ref.root.uri), uri.fsPath);
    if (refusal) throw new SidecarError(`${this.name(uri)} was left untouched: ${forMessage(refusal.split(uri.fsPath).join(vscode.workspace.asRelativePath(uri, false)))}`, uri);
  }

  /** A file's name for a message: workspace-relative, inert (no links, one line). */
  private name(uri: vscode.Uri): string {
    return forMessage(vscode.workspace.asRelativePath(uri, false));
  }

  dispose(): void {
    this.undoStack.length = 0;
  }
}
