// What "Undo Last Annotation Change" replays: one entry per command, holding every write that
// command made (marking a new entity writes the registry and the sidecar, and Undo takes back
// both). Steps say how to take a write back from whatever is on disk then, not which bytes to
// put back, so a change someone made to the same file meanwhile survives the Undo.
import type * as vscode from 'vscode';
import type { Op } from '../../core/ops';
import type { RegistryAddition } from '../../core/format/registryEdits';

export type UndoStep =
  /** Apply these operations to the source's sidecar (applyOps' inverse: history as it was). */
  | { kind: 'ops'; source: vscode.Uri; ops: Op[] }
  /** Take back an entity or aliases added to a registry (byte for byte while the file is as written). */
  | { kind: 'registry'; uri: vscode.Uri; root: vscode.Uri; added: RegistryAddition[]; before: string | null; after: string }
  /** Put back the file's previous text, only while it still holds what was written (null before: delete it). */
  | { kind: 'text'; uri: vscode.Uri; root: vscode.Uri; before: string | null; after: string };

export interface UndoEntry {
  label: string;
  /** In the order they were written; undone last first. */
  steps: UndoStep[];
}

const DEPTH = 50;

export class UndoStack {
  private readonly entries: UndoEntry[] = [];

  push(entry: UndoEntry): void {
    if (entry.steps.length === 0) return;
    this.entries.push(entry);
    if (this.entries.length > DEPTH) this.entries.shift();
  }

  pop(): UndoEntry | undefined {
    return this.entries.pop();
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
