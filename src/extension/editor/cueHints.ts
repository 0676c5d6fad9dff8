// Claim-cue hints: the sentences of open sources that read as claims and that no claim covers
// yet, as Hints with a "Mark as claim…" Quick Fix (codeActions.ts). Hints stay out of Problems,
// which cues drowned (19 on five articles in the trial, issue 9 bug 9), and the message says how
// to turn them off. They follow edits, not the store: debounced (CUE_DELAY_MS), and only
// paragraphs that changed are segmented again (core/live/cueScan.ts, in the worker). Diagnostics
// (diagnostics.ts) owns them, and asks for every open document's scan when it starts and as each
// whole refresh of its own ends (`scheduleAll`): a document may have become a source, or stopped
// being one. Text from files goes through forMessage.
//
// Never a long pause on the extension host (issue 15): the scan (a second of sentence
// segmentation for a 1 MB source) runs in the worker thread, while what was shown stays; an
// answer overtaken by an edit or a newer scan is dropped. The hints a scan found are made in
// slices (core/slices.ts), the thread given back between them, and handed to VS Code a page at
// a time (CUE_PAGE), each page in a task of its own. Nor a scan's thousands of hints sent while
// VS Code writes the document: a scan due during a save runs after it. Nor the 1 MB text posted
// to the worker at each pause in typing: it is sent once, or read there from the file when the
// document is clean, and after that only the edits since go (core/worker/docTexts.ts).
import * as vscode from 'vscode';
import { isSidecarPath } from '../../core/format';
import { forMessage } from '../../core/text/untrusted';
import { claimCuesEnabled } from '../config';
import { DiagnosticCodes, Settings } from '../ids';
import type { CorpusStore } from '../store/corpusStore';
import { CueQuickFixes } from './codeActions';
import { DIAGNOSTIC_SOURCE, unlessSame, type SentList } from './diagnosticParts';
import { uncovered, type CueSpan } from '../../core/live/cueScan';
import type { LiveDocuments } from './liveDocuments';
import type { WorkClient } from '../worker/workClient';
import { afterThisEvent, nextTask, SavesInProgress } from '../store/savesInProgress';
import { eachInSlices } from '../../core/slices';
import { eventReplaces, type DocText, type TextReplace } from '../../core/worker/docTexts';

const CUE_DELAY_MS = 300;
/**
 * A document's cue hints go to VS Code in pages of this many, each page a collection of its own
 * set in a task of its own, and a page that shows the same as before is not sent again. VS Code
 * converts and posts a collection's whole list in the task that sets it: a 1 MB source's 573
 * hints in one list were a 53 ms stall of the host after every open (issue 15).
 */
export const CUE_PAGE = 200;
/** New text in the edits kept for a document's next scan beyond which its text goes whole instead (a large paste). */
const EDITS_CHARS = 200_000;
/**
 * And the number of edit events beyond which it goes whole (a long stretch of typing with no
 * scan): the worker applies each event's edits in one pass over the text (docTexts.ts).
 */
const EDITS_EVENTS = 64;

export class CueHints implements vscode.Disposable {
  private readonly cueTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The cue hints' pages (CUE_PAGE), made as a document needs them, one collection each. */
  private readonly cuePages: vscode.DiagnosticCollection[] = [];
  /** Per document URI, what each cue page holds for it now: the same list is not sent again (unlessSame). */
  private readonly cueSent = new Map<string, { uri: vscode.Uri; pages: (SentList | undefined)[] }>();
  /** Per document URI, the number of its latest scan: an answer for an earlier one is dropped. */
  private readonly latest = new Map<string, number>();
  private disposed = false;
  /**
   * Documents being saved, and those whose cue scan came due meanwhile: it runs once the save
   * has ended (issue 15: a scan's thousands of hints sent while VS Code writes a 1 MB source
   * are work for the workbench in the middle of the save).
   */
  private readonly saves = new SavesInProgress((uri) => this.saveEnded(uri));
  private readonly heldCues = new Set<string>();
  /**
   * Per document URI, the version of its text the worker was last sent (or read), its length,
   * and the editor's changes since, up to `upTo` (the document's version after the last): the
   * next scan sends these alone, not the text.
   */
  private readonly inWorker = new Map<string, { version: number; upTo: number; length: number; changes: TextReplace[]; chars: number; events: number }>();
  private readonly disposables: vscode.Disposable[] = [this.saves];

  constructor(
    private readonly store: CorpusStore,
    private readonly live: LiveDocuments,
    private readonly work: WorkClient,
  ) {
    this.disposables.push(
      new CueQuickFixes(DIAGNOSTIC_SOURCE),
      live.onDidChange((d) => this.scheduleCues(d)),
      vscode.workspace.onDidOpenTextDocument((d) => this.scheduleCues(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.dropCues(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(Settings.claimCues)) vscode.workspace.textDocuments.forEach((d) => this.scheduleCues(d));
      }),
    );
  }

  /** Every open document's cues scanned again, CUE_DELAY_MS from now (a document that is no longer a source loses its hints at once). */
  scheduleAll(): void {
    vscode.workspace.textDocuments.forEach((d) => this.scheduleCues(d));
  }

  private scheduleCues(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (isSidecarPath(document.uri.path) || !this.store.sourceFor(document.uri)?.entry) {
      // no longer a source (a settings change, a file moved): its cues go
      if (this.cueSent.has(key)) this.dropCues(document);
      return;
    }
    const pending = this.cueTimers.get(key);
    if (pending) clearTimeout(pending);
    this.cueTimers.set(
      key,
      setTimeout(() => {
        this.cueTimers.delete(key);
        if (this.saves.isSaving(document.uri)) this.heldCues.add(key);
        else void this.refreshCues(document);
      }, CUE_DELAY_MS),
    );
  }

  private async refreshCues(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const run = (this.latest.get(key) ?? 0) + 1;
    this.latest.set(key, run);
    const doc = document.isClosed ? undefined : this.live.get(document);
    if (!doc || !claimCuesEnabled(document.uri)) {
      this.clearCues(document.uri);
      // no scans for it now: nor its edits kept, nor its text in the worker
      if (this.inWorker.delete(key)) this.work.forget(key);
      return;
    }
    const version = document.version;
    // an edit or a newer scan overtook this one: dropped (the newer one is on its way)
    const overtaken = () => this.disposed || this.latest.get(key) !== run || document.isClosed || document.version !== version;
    const extra = doc.ref.root.corpus.registry?.cues ?? [];
    let found: CueSpan[];
    try {
      let answer = await this.work.cues(key, version, ...this.textForWorker(document), extra);
      if (answer.need && !overtaken()) answer = await this.work.cues(key, version, ...this.sendWhole(document), extra);
      if (answer.need) return;
      found = answer.cues;
    } catch {
      return; // the worker refused (shutting down): the cues shown stay
    }
    if (overtaken()) return;
    // a save began meanwhile: scanned again once it has ended
    if (this.saves.isSaving(document.uri)) return void this.heldCues.add(document.uri.toString());
    const claims = doc.annotations.filter((s) => s.annotation.kind === 'claim');
    const diagnostics: vscode.Diagnostic[] = [];
    // the hints are made in slices, the host's thread given back between them, and handed to VS
    // Code in a task of their own: a 1 MB source's 573 hints were one 45-53 ms stall (issue 15),
    // half of it VS Code taking them
    const made = await eachInSlices(
      uncovered(found, claims),
      (cue) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(document.positionAt(cue.start), document.positionAt(cue.end)),
          `Possible claim (“${forMessage(cue.cue, 80)}”), not assessed yet: “Mark as claim…” (Quick Fix) assesses it. Setting ${Settings.claimCues} turns these hints off.`,
          vscode.DiagnosticSeverity.Hint,
        );
        d.source = DIAGNOSTIC_SOURCE;
        d.code = DiagnosticCodes.claimCue;
        diagnostics.push(d);
      },
      { next: nextTask, stop: overtaken },
    );
    if (!made) return;
    await this.putCues(document.uri, diagnostics, overtaken);
  }

  /**
   * How the document's text at its version goes to the worker: the edits since the version it
   * holds when they were all seen, else the file when the worker may read it, else whole.
   */
  private textForWorker(document: vscode.TextDocument): [number, DocText] {
    const key = document.uri.toString();
    const held = this.inWorker.get(key);
    if (held && held.upTo === document.version) return [this.hold(document, held.length), { edits: { from: held.version, changes: held.changes } }];
    const file = this.store.fileText(document);
    return file ? [this.hold(document, this.store.documentText(document).length), { file }] : this.sendWhole(document);
  }

  private sendWhole(document: vscode.TextDocument): [number, DocText] {
    const whole = this.store.documentText(document);
    return [this.hold(document, whole.length), { whole }];
  }

  /** The worker holds the document's text at its version now (of `length`), no edits since; answers `length`. */
  private hold(document: vscode.TextDocument, length: number): number {
    this.inWorker.set(document.uri.toString(), { version: document.version, upTo: document.version, length, changes: [], chars: 0, events: 0 });
    return length;
  }

  /** An edit to a document whose text the worker holds: kept for its next scan, up to EDITS_CHARS of new text or EDITS_EVENTS events (then the text goes whole). */
  private edited(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const key = e.document.uri.toString();
    const held = this.inWorker.get(key);
    if (!held) return;
    for (const c of eventReplaces(e.contentChanges)) {
      held.changes.push(c);
      held.chars += c.text.length;
      held.length += c.text.length - c.removed;
    }
    held.upTo = e.document.version;
    if (held.chars > EDITS_CHARS || ++held.events > EDITS_EVENTS) this.inWorker.delete(key);
  }

  /**
   * A document's cue hints handed to VS Code page by page (CUE_PAGE), each page that changed in a
   * task of its own. Overtaken midway (an edit, a newer scan, a save begun), it stops: each page
   * keeps what it was last given, which is what the next scan compares with.
   */
  private async putCues(uri: vscode.Uri, hints: vscode.Diagnostic[], overtaken: () => boolean): Promise<void> {
    const key = uri.toString();
    let held = this.cueSent.get(key);
    if (!held) this.cueSent.set(key, (held = { uri, pages: [] }));
    const count = Math.ceil(hints.length / CUE_PAGE);
    for (let i = 0; i < Math.max(count, held.pages.length); i++) {
      const page = i < count ? hints.slice(i * CUE_PAGE, (i + 1) * CUE_PAGE) : [];
      const last = held.pages[i];
      if (!page.length && !last) continue;
      const next = unlessSame(last, page);
      if (!next) continue;
      await nextTask();
      if (overtaken() || this.cueSent.get(key) !== held) return;
      if (this.saves.isSaving(uri)) return void this.heldCues.add(key);
      if (page.length) this.cuePage(i).set(uri, page);
      else this.cuePages[i]?.delete(uri);
      held.pages[i] = page.length ? next : undefined;
    }
    held.pages.length = count;
    if (!count) this.cueSent.delete(key);
  }

  /** The cue page `i`, made when first needed. */
  private cuePage(i: number): vscode.DiagnosticCollection {
    while (this.cuePages.length <= i) {
      const page = vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-cues-${this.cuePages.length + 1}`);
      this.cuePages.push(page);
      this.disposables.push(page);
    }
    return this.cuePages[i];
  }

  /** A document's cue hints taken out of every page now. */
  private clearCues(uri: vscode.Uri): void {
    if (!this.cueSent.delete(uri.toString())) return;
    for (const page of this.cuePages) page.delete(uri);
  }

  /** A save ended (or was given up on): a cue scan held for it runs, after the save's own event. */
  private saveEnded(uri: vscode.Uri): void {
    const key = uri.toString();
    if (!this.heldCues.delete(key)) return;
    afterThisEvent(() => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (document && !this.disposed) this.scheduleCues(document);
    });
  }

  private dropCues(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const pending = this.cueTimers.get(key);
    if (pending) clearTimeout(pending);
    this.cueTimers.delete(key);
    this.heldCues.delete(key);
    this.work.forget(key);
    this.inWorker.delete(key);
    this.latest.delete(key);
    this.clearCues(document.uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.cueTimers.values()) clearTimeout(t);
    this.cueTimers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
