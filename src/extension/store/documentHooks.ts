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
// - A save's placements are carried across its edits here when that is cheap (typing:
//   shiftPlacements, at most HOST_WINDOWS annotations anchored again around the edits). When it
//   is not (a large paste, a rewrite through many annotations: the full anchoring, 140-250 ms of
//   the host for a 1 MB source), the editor's worker places the saved text (issue 15: heavy work
//   off the host's thread). Until its answer is in, the store holds the text and placements
//   before the save, and the editor shows the live highlights that followed the typing; an
//   answer for a text saved over since, or for an entry changed meanwhile, is dropped. The read
//   from disk that follows a save, and the save's own sidecar write, wait for it (`settling`).
import * as vscode from 'vscode';
import { sidecarPathFor } from '../../core/format';
import { textEdits, type TextEdits } from '../../core/live/editStretches';
import { shiftPlacements } from '../../core/live/shiftPlacements';
import { unpackPlacements, type PlacedRead } from '../../core/placement';
import type { Annotation } from '../../core/types';
import { describeFailure } from '../../core/unreadable';
import { sha256Hex } from '../../node/capture/provenance';
import { maxFileBytes } from './guardedRead';
import { afterThisEvent, SavesInProgress } from './savesInProgress';
import { updateIsolated } from './applyRead';
import type { SourceTexts } from './sourceTexts';
import type { SourceRef } from './storeTypes';

/** Places a saved text's annotations off the host's thread (the editor's worker: WorkClient.placeAll), packed. */
export type PlaceSaved = (text: string, annotations: readonly Annotation[]) => Promise<PlacedRead>;

/** Annotations a save may anchor again on the host, each in a window around the edits (~0.05-0.2 ms each); beyond it the worker places the text. */
const HOST_WINDOWS = 64;
/** What the host's diff of a save may look at to find the texts back in step (editStretches' budget: a few ms); beyond it the rest is one changed stretch. */
const HOST_DIFF = 1 << 15;
/** How long the reads and writes of a saved source wait for the worker's placements before the host places it. */
const PLACE_WAIT_MS = 10_000;

/** What the hooks need of the store. */
export interface DocumentHooksHost {
  log: vscode.LogOutputChannel;
  texts: SourceTexts;
  sourceFor(uri: vscode.Uri): SourceRef | undefined;
  /** Queues a file for the store to read again (the watcher's batch). */
  queue(uri: vscode.Uri, kind?: 'changed' | 'created'): void;
  /** Tells the store's listeners that these sources changed. */
  changed(sources: vscode.Uri[]): void;
  /** Drops any read of this source under way: the store took a newer state of it (sourceLoader.ts `supersede`). */
  supersede(ref: SourceRef): boolean;
  /** Where a save the host cannot carry is placed (the editor's worker; none: here, as the corpus does). */
  placeSaved?(): PlaceSaved | undefined;
}

export class DocumentHooks implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];
  /** The sources VS Code is saving now: not read until the save ends. */
  private readonly saves: SavesInProgress;
  /** Saved sources being placed in the worker, by URI: the save's number, when its answer has been taken (or dropped), and the timer that gives up on it. */
  private readonly placing = new Map<string, { save: number; done: Promise<void>; timer: ReturnType<typeof setTimeout> }>();
  private savesTaken = 0;
  /** Saves placed in the worker and taken, and worker answers dropped as stale (the tests read these). */
  placedOffThread = 0;
  placingsDropped = 0;

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

  /** Resolves once no save of this source is being placed in the worker: each taken and told to the listeners, or dropped, the last one too (undefined: none is now). */
  settling(source: vscode.Uri): Promise<void> | undefined {
    const key = source.toString();
    const first = this.placing.get(key);
    if (!first) return undefined;
    return (async () => {
      // a save made while waiting (its answer makes the earlier one stale) is waited for too
      for (let p: typeof first | undefined = first; p; p = this.placing.get(key)) await p.done;
    })();
  }

  /** A source just saved, taken from its document at once (see the header). */
  private takeSaved(d: vscode.TextDocument): void {
    const ref = d.isDirty ? undefined : this.host.sourceFor(d.uri);
    if (!ref?.entry?.readable || ref.uri.toString() !== d.uri.toString()) return;
    const text = this.host.texts.documentText(d);
    const key = d.uri.toString();
    const save = ++this.savesTaken;
    this.placing.delete(key); // an answer for an earlier save of it is stale from now on
    // UTF-8 takes at most 3 bytes per UTF-16 unit: the byte count (a pass over 1 MB) only near the cap
    if (text === ref.entry.text || (text.length * 3 > maxFileBytes(d.uri) && Buffer.byteLength(text) > maxFileBytes(d.uri))) return;
    const entry = ref.entry;
    const annotations = entry.parsed?.sidecar?.annotations ?? [];
    const place = this.host.placeSaved?.();
    if (place && entry.text !== null && annotations.length) {
      const edits = textEdits(entry.text, text, HOST_DIFF);
      const carried = shiftPlacements(entry.text, text, entry.placements, edits, HOST_WINDOWS);
      if (!carried) return this.placeInWorker(d, ref, text, edits, annotations, place, save);
      updateIsolated(this.host.log, ref.root, ref.rel, sidecarPathFor(ref.rel), { text, sha256: sha256Hex(text), shifted: { edits, placements: carried } });
    } else updateIsolated(this.host.log, ref.root, ref.rel, sidecarPathFor(ref.rel), { text, sha256: sha256Hex(text) });
    // a read begun before the save found the text before it: never applied over the saved one
    // (the save's end reads the source again: SavesInProgress's callback, above)
    this.host.supersede(ref);
    // The highlights are drawn in this event (LiveDocuments hears the save after this listener);
    // the store's other listeners (views, Problems: ~10 ms of a 1 MB save) run after it has ended
    // and its messages have left for the workbench, whose write of the decorations the host only
    // sends once the event is over (issue 15: save → highlights redrawn within 200 ms).
    afterThisEvent(() => this.host.changed([ref.uri]));
  }

  /**
   * The saved text placed by the worker (see the header): taken when it answers, if this is still
   * the source's latest save and its entry is as it was asked (the text and parse before the
   * save); else dropped, and a saved text the store has not taken yet is taken here as before.
   */
  private placeInWorker(d: vscode.TextDocument, ref: SourceRef, text: string, edits: TextEdits, annotations: readonly Annotation[], place: PlaceSaved, save: number): void {
    const key = d.uri.toString();
    const entry = ref.entry!;
    const asked = { text: entry.text, parsed: entry.parsed };
    let settle!: () => void;
    const done = new Promise<void>((r) => (settle = r));
    let settled = false;
    const take = (placed: PlacedRead | null) => {
      if (settled) return void (placed && this.placingsDropped++); // an answer after the wait ran out
      settled = true;
      clearTimeout(timer);
      if (this.placing.get(key)?.save !== save) return void (this.placingsDropped++, settle()); // saved again since: that save's answer stands
      // the reads and writes waiting for this save go on (`settling`), its entry gone unless saved again meanwhile
      const finish = () => {
        if (this.placing.get(key)?.save === save) this.placing.delete(key);
        settle();
      };
      const now = this.host.sourceFor(d.uri);
      const current = now?.entry === entry && entry.text === asked.text && entry.parsed === asked.parsed;
      if (placed && !current) this.placingsDropped++;
      // the entry changed meanwhile (an index, a read): what the store holds now decides
      if (!now?.entry?.readable || now.entry.text === text) return finish();
      const sidecar = sidecarPathFor(now.rel);
      try {
        if (placed && current) {
          updateIsolated(this.host.log, now.root, now.rel, sidecar, { text, sha256: sha256Hex(text), placements: unpackPlacements(annotations, placed), shifted: { edits, placements: null } });
          this.placedOffThread++;
        } else updateIsolated(this.host.log, now.root, now.rel, sidecar, { text, sha256: sha256Hex(text) });
      } catch (e) {
        finish(); // nothing waits on a save that could not be taken
        throw e;
      }
      // the listeners (the editors' highlights, the views, Problems) in a task of their own: the
      // corpus's update and their redraws were one 50-60 ms stall of a 1 MB source's save (issue
      // 15); the reads and writes waiting for this save go on once they have heard
      const uri = now.uri;
      afterThisEvent(() => {
        try {
          this.host.changed([uri]);
        } finally {
          finish();
        }
      });
    };
    // the reads and writes of this source wait for it (`settling`): never longer than this
    const timer = setTimeout(() => {
      this.host.log.warn(`the worker did not place ${vscode.workspace.asRelativePath(d.uri)} within ${PLACE_WAIT_MS / 1000} s; placing it here`);
      take(null);
    }, PLACE_WAIT_MS);
    place(text, annotations).then(take, (e: unknown) => {
      this.host.log.warn(`the worker could not place ${vscode.workspace.asRelativePath(d.uri)} (${describeFailure(e)}); placing it here`);
      take(null);
    });
    this.placing.set(key, { save, done, timer });
  }

  dispose(): void {
    for (const p of this.placing.values()) clearTimeout(p.timer);
    this.placing.clear();
    for (const d of this.disposables) d.dispose();
  }
}
