// How the store follows documents opened, saved and closed in editors (issue 15), apart from
// the index itself (corpusStore.ts), whose file it made too long to read.
//
// - The corpus keeps an open source's text only (10,000 sources in ≤ 300 MB): an editor opened
//   on a source gives the corpus its text back (`adopt`, when it is the very text the store
//   placed in), and a closed one takes it away (`release`); a save then carries placements
//   across the edits instead of anchoring the source again.
// - A file VS Code is saving is read when the save ends, not half-written (savesInProgress.ts
//   holds the watcher's events meanwhile), and a saved source is taken from its document at once
//   (its text is what was written), so the highlights settle without waiting for the watcher's
//   30 ms batch and a read of the 1 MB file. The read from disk still follows and stands if it
//   differs (a file the guarded read refuses).
import * as vscode from 'vscode';
import { sidecarPathFor } from '../../core/format';
import { sha256Hex } from '../../node/capture/provenance';
import { maxFileBytes } from './guardedRead';
import { afterThisEvent, SavesInProgress } from './savesInProgress';
import { updateIsolated } from './sourceLoader';
import type { SourceTexts } from './sourceTexts';
import type { SourceRef } from './storeTypes';

/** What the hooks need of the store. */
export interface DocumentHooksHost {
  log: vscode.LogOutputChannel;
  texts: SourceTexts;
  sourceFor(uri: vscode.Uri): SourceRef | undefined;
  /** Queues a file for the store to read again (the watcher's batch). */
  queue(uri: vscode.Uri, kind?: 'changed' | 'created'): void;
  /** Tells the store's listeners that these sources changed. */
  changed(sources: vscode.Uri[]): void;
}

export class DocumentHooks implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];
  /** The sources VS Code is saving now: not read until the save ends. */
  private readonly saves: SavesInProgress;

  constructor(private readonly host: DocumentHooksHost) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    // a file VS Code is saving is read when the save ends, not half-written
    const saves = (this.saves = new SavesInProgress((u, doc) => {
      if (doc) this.takeSaved(doc);
      host.queue(u);
    }));
    this.disposables = [
      watcher,
      saves,
      watcher.onDidChange((u) => saves.holds(u) || host.queue(u, 'changed')),
      watcher.onDidCreate((u) => saves.holds(u) || host.queue(u, 'created')),
      watcher.onDidDelete((u) => host.queue(u)),
      vscode.workspace.onDidOpenTextDocument((d) => this.opened(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
    ];
  }

  /** Whether VS Code is writing this source now (savesInProgress.ts `isSaving`): its read waits for the save's end. */
  isSaving(source: vscode.Uri): boolean {
    return this.saves.isSaving(source);
  }

  /**
   * Open sources whose text a load left out: a document opened while an index worker read its
   * source (the worker sends no text for a source closed when it was asked) is kept from now on,
   * or every save of it would read the source again from disk and place it in full.
   */
  adoptOpen(): void {
    for (const d of vscode.workspace.textDocuments) {
      const ref = d.isDirty ? undefined : this.host.sourceFor(d.uri);
      if (ref?.entry?.readable && ref.entry.text === null && ref.uri.toString() === d.uri.toString()) ref.root.corpus.adopt(ref.rel, this.host.texts.documentText(d));
    }
  }

  /** An editor opened on a source: the corpus keeps its text from now on (the very text it was read with, if it is). */
  private opened(d: vscode.TextDocument): void {
    this.host.texts.opened(d.uri);
    const ref = this.host.sourceFor(d.uri);
    if (ref?.entry && !d.isDirty && ref.uri.toString() === d.uri.toString()) ref.root.corpus.adopt(ref.rel, this.host.texts.documentText(d));
  }

  /** Its editor closed: the text is no longer kept. */
  private closed(d: vscode.TextDocument): void {
    this.host.texts.closed(d.uri);
    const ref = this.host.sourceFor(d.uri);
    if (ref?.entry && ref.uri.toString() === d.uri.toString()) ref.root.corpus.release(ref.rel);
  }

  /** A source just saved, taken from its document at once (see the header). */
  private takeSaved(d: vscode.TextDocument): void {
    const ref = d.isDirty ? undefined : this.host.sourceFor(d.uri);
    if (!ref?.entry?.readable || ref.uri.toString() !== d.uri.toString()) return;
    const text = this.host.texts.documentText(d);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: the byte count (a pass over 1 MB) only near the cap
    if (text === ref.entry.text || (text.length * 3 > maxFileBytes(d.uri) && Buffer.byteLength(text) > maxFileBytes(d.uri))) return;
    updateIsolated(this.host.log, ref.root, ref.rel, sidecarPathFor(ref.rel), { text, sha256: sha256Hex(text) });
    // The highlights are drawn in this event (LiveDocuments hears the save after this listener);
    // the store's other listeners (views, Problems: ~10 ms of a 1 MB save) run after it has ended
    // and its messages have left for the workbench, whose write of the decorations the host only
    // sends once the event is over (issue 15: save → highlights redrawn within 200 ms).
    afterThisEvent(() => this.host.changed([ref.uri]));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
