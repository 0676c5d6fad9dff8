// The files VS Code is saving right now (issue 15). VS Code writes a saved document over the old
// file, and the watcher reports the write while it is under way: the store read a 1 MB source
// half-written (1,031,602 → 403,581 → 1,031,313 characters in one save), orphaned its
// annotations on the short text and anchored every one again on the whole text a moment later,
// several hundred milliseconds of the extension host each time. A watcher event for a file being
// saved is therefore left to the save's end (onDidSaveTextDocument), when the file is whole. A
// save that never ends (it failed, or a participant gave up) lets the file be read after
// SAVE_WAIT_MS, so no change is lost. A sidecar's event is held the same way while its source is
// being saved: reading a sidecar reads its source too (the previous save's sidecar write is
// often reported during the next save, and the store then read the source a quarter written).
import * as vscode from 'vscode';
import { isSidecarPath, sourcePathFor } from '../../core/format/paths';

const SAVE_WAIT_MS = 10_000;

export class SavesInProgress implements vscode.Disposable {
  /** The files being saved, each with the timer that gives up on its save. */
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Sidecars whose events came while their source was being saved, by the source's key. */
  private readonly held = new Map<string, Map<string, vscode.Uri>>();
  private readonly disposables: vscode.Disposable[];

  /** `saved` hears each file whose save ended (with its document), or was given up on: read it now. */
  constructor(private readonly saved: (uri: vscode.Uri, doc?: vscode.TextDocument) => void) {
    this.disposables = [
      vscode.workspace.onWillSaveTextDocument((e) => this.begin(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.end(d.uri, d)),
    ];
  }

  /**
   * Is VS Code writing this file, or the source of this sidecar, now? If so the event is held:
   * `saved` hears the file when the save ends.
   */
  holds(uri: vscode.Uri): boolean {
    if (this.timers.has(uri.toString())) return true;
    if (!isSidecarPath(uri.path)) return false;
    const source = uri.with({ path: sourcePathFor(uri.path) }).toString();
    if (!this.timers.has(source)) return false;
    let sidecars = this.held.get(source);
    if (!sidecars) this.held.set(source, (sidecars = new Map()));
    sidecars.set(uri.toString(), uri);
    return true;
  }

  /**
   * Whether VS Code is writing this source now, asked when a change reported before the save
   * began is about to be read (the store's batch waits 30 ms, and a read can wait longer behind
   * an index): the read is left to the save's end, which reads the source and its sidecar.
   */
  isSaving(source: vscode.Uri): boolean {
    return this.timers.has(source.toString());
  }

  private begin(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.end(uri), SAVE_WAIT_MS));
  }

  private end(uri: vscode.Uri, doc?: vscode.TextDocument): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const sidecars = this.held.get(key);
    this.held.delete(key);
    this.saved(uri, doc);
    for (const sidecar of sidecars?.values() ?? []) this.saved(sidecar);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.held.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Runs `fn` once the current event and the messages it sent have gone: a timer set from a
 * microtask (the end of the event), so after the one the host's protocol set when the event's
 * first message was queued (a timer from the event itself, or an immediate, would run first).
 */
export function afterThisEvent(fn: () => void): void {
  queueMicrotask(() => setTimeout(fn, 0));
}

/** A promise that resolves after this event and the messages it sent (afterThisEvent): where a pass in slices gives the thread back. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => afterThisEvent(resolve));
}

/**
 * `afterThisEvent(fn)` as a function to call as often as wanted: calls made before `fn` has run
 * are one. For work that reads the state when it runs (a whole-index refresh of Problems or of
 * the Review view), so that a burst of changes costs one pass.
 */
export function onceAfterThisEvent(fn: () => void): () => void {
  let due = false;
  return () => {
    if (due) return;
    due = true;
    afterThisEvent(() => {
      due = false;
      fn();
    });
  };
}
