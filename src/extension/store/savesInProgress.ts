// The files VS Code is saving right now (issue 15). VS Code writes a saved document over the old
// file, and the watcher reports the write while it is under way: the store read a 1 MB source
// half-written (1,031,602 → 403,581 → 1,031,313 characters in one save), orphaned its
// annotations on the short text and anchored every one again on the whole text a moment later,
// several hundred milliseconds of the extension host each time. A watcher event for a file being
// saved is therefore left to the save's end (onDidSaveTextDocument), when the file is whole. A
// save that never ends (it failed, or a participant gave up) lets the file be read after
// SAVE_WAIT_MS, so no change is lost.
import * as vscode from 'vscode';

const SAVE_WAIT_MS = 10_000;

export class SavesInProgress implements vscode.Disposable {
  private readonly saving = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[];

  /** `saved` hears each file whose save ended (or was given up on): read it now. */
  constructor(private readonly saved: (uri: vscode.Uri) => void) {
    this.disposables = [
      vscode.workspace.onWillSaveTextDocument((e) => this.begin(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.end(d.uri)),
    ];
  }

  /** Is VS Code writing this file now? */
  has(uri: vscode.Uri): boolean {
    return this.saving.has(uri.toString());
  }

  private begin(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.saving.get(key));
    this.saving.set(key, setTimeout(() => this.end(uri), SAVE_WAIT_MS));
  }

  private end(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.saving.get(key));
    this.saving.delete(key);
    this.saved(uri);
  }

  dispose(): void {
    for (const t of this.saving.values()) clearTimeout(t);
    this.saving.clear();
    for (const d of this.disposables) d.dispose();
  }
}
