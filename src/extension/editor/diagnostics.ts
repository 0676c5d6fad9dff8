// Marginalia in the Problems panel, in one DiagnosticCollection:
// - sidecar and registry problems (bad YAML, validation, conflict markers) at their exact place;
// - orphaned annotations, one warning each: on the source (at the best guess, or where its words
//   last were), else on the sidecar at the annotation's id; related information leads across;
// - claims whose words changed since they were assessed (needs review) and annotations holding
//   a merge conflict, as warnings on their words, named by their quote (issue 9);
// - claim-cue sentences of open sources that no claim covers yet, as Hints (cueHints.ts, which
//   this owns: they follow edits, not the store, and go in collections of their own, a page each);
// - files the store refused (a link leading outside the corpus, a FIFO, over the size cap,
//   invalid UTF-8) as errors on the file, and sidecars whose source is gone (renamed or deleted)
//   as warnings on the sidecar, so nothing drops out of sight silently (issue 8).
// (The entries of one source's annotations are built in annotationDiagnostics.ts.)
// Store-derived diagnostics follow store changes, one source at a time; a URI's list is sent
// to the workbench only when what it shows changed (diagnosticsKey), and a re-index's list of
// sources (nothing read yet) leaves them as they were until the index ends (issue 15). Text
// from files goes through forMessage: one line, control characters escaped.
//
// Never a long pause on the extension host (issue 15): an orphan's or a conflict's line in its
// sidecar (the careful YAML parse, half a second for a large sidecar) runs in the worker thread,
// while what was shown stays; an answer overtaken by a newer change is dropped. A whole refresh
// runs in slices (core/slices.ts), the thread given back between them.
import * as vscode from 'vscode';
import type { SourceEntry } from '../../core/corpus';
import { forMessage } from '../../core/text/untrusted';
import { DiagnosticCodes } from '../ids';
import type { CorpusRoot, CorpusStore, MissingSource } from '../store/corpusStore';
import { CueHints } from './cueHints';
import { orphanDiagnostics, reviewDiagnostics, type Locate } from './annotationDiagnostics';
import { DIAGNOSTIC_SOURCE, idsToLocate, MESSAGE_MAX, problemDiagnostic, refusedDiagnostic, unlessSame, type SentList } from './diagnosticParts';
import { LineIndex } from '../../core/live/lineIndex';
import { placedReview } from '../views/summary';
import type { LiveDocuments } from './liveDocuments';
import type { WorkClient } from '../worker/workClient';
import { onceAfterThisEvent } from '../store/savesInProgress';
import { eachInSlices } from '../../core/slices';
import { pushAll } from '../../core/arrays';
import { ownValue } from '../../core/records';


/** The collection's name and every diagnostic's `source` label. */
export { DIAGNOSTIC_SOURCE } from './diagnosticParts';

type Contribution = Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>;

export class Diagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  /** Per target URI, what each contributor (a source, a registry) put there. */
  private readonly parts = new Map<string, { uri: vscode.Uri; by: Map<string, vscode.Diagnostic[]> }>();
  /** Per target URI, what was last sent for it: the same list is not sent again (unlessSame). */
  private readonly sent = new Map<string, SentList>();
  /** Per contributor, the target URIs it last wrote to. */
  private readonly owned = new Map<string, Set<string>>();
  /** Per contributor, the number of its latest refresh: an answer for an earlier one is dropped. */
  private readonly latest = new Map<string, number>();
  private disposed = false;
  /** Whole refreshes begun (each calls off the one before it), and what the one under way has kept. */
  private wholeRuns = 0;
  private passCurrent: Set<string> | undefined;
  /** The claim-cue hints of open documents (cueHints.ts). */
  private readonly cues: CueHints;
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly store: CorpusStore,
    live: LiveDocuments,
    private readonly work: WorkClient,
  ) {
    this.cues = new CueHints(store, live, work);
    this.disposables.push(
      this.cues,
      // a long index's list of sources, nothing read yet: what Problems shows stays until the index ends
      store.onDidChange((c) => (c.all ? !c.listOnly && this.refreshAllSoon() : c.sources.forEach((u) => this.refreshSource(u)))),
    );
    if (store.ready) this.refreshAll();
    // every open source's hints, after the first refresh has begun (and again as each whole one ends)
    this.cues.scheduleAll();
  }

  // ---- sidecar problems and orphans (from the store) -------------------------------------

  /**
   * After a whole index, Problems are brought up to date in a task of their own, once the views
   * have their counts (issue 15: at 10,000 sources the index's final draw held the host's
   * thread ~0.5 s in one piece, Problems a third of it). Several in a row are one.
   */
  private readonly refreshAllSoon = onceAfterThisEvent(() => this.disposed || this.refreshAll());

  /**
   * Every source's entries brought up to date, in slices (core/slices.ts; issue 15: 50-90
   * ms in one piece at 10,000 sources after each index), then those of sources that are gone
   * taken out. A newer whole refresh calls this one off; a source refreshed on its own meanwhile
   * is kept from the taking out.
   */
  private refreshAll(): void {
    const run = ++this.wholeRuns;
    const current = new Set<string>();
    this.passCurrent = current;
    const steps: (() => void)[] = [];
    for (const root of this.store.allRoots()) {
      const key = `registry:${root.registryUri.toString()}`;
      current.add(key);
      this.put(key, this.registryDiagnostics(root));
      for (const entry of root.corpus.all()) {
        steps.push(() => {
          if (root.corpus.get(entry.source) !== entry) return; // gone meanwhile (a change of its own refreshes it)
          const uri = this.store.uriOf(root, entry.source);
          current.add(`source:${uri.toString()}`);
          this.refreshEntry(`source:${uri.toString()}`, root, entry, uri);
        });
      }
      for (const missing of root.missing.values()) {
        const uri = this.store.uriOf(root, missing.source);
        current.add(`source:${uri.toString()}`);
        steps.push(() => root.missing.get(missing.source) === missing && this.put(`source:${uri.toString()}`, this.missingDiagnostics(root, missing)));
      }
      for (const [rel, problem] of root.refused) {
        const uri = this.store.uriOf(root, rel);
        current.add(`source:${uri.toString()}`);
        this.put(`source:${uri.toString()}`, new Map([[uri.toString(), { uri, diagnostics: [refusedDiagnostic(problem)] }]]));
      }
    }
    const done = eachInSlices(steps, (step) => step(), { stop: () => this.disposed || this.wholeRuns !== run }).then((all) => {
      if (!all) return;
      this.passCurrent = undefined;
      for (const key of [...this.owned.keys()]) if (!current.has(key)) this.put(key, new Map());
      this.cues.scheduleAll();
    });
    this.store.drawingInSlices(done);
  }

  private refreshSource(uri: vscode.Uri): void {
    const ref = this.store.sourceFor(uri);
    const key = `source:${(ref?.uri ?? uri).toString()}`;
    this.passCurrent?.add(key);
    if (ref?.entry) return this.refreshEntry(key, ref.root, ref.entry, ref.uri);
    this.latest.delete(key);
    let next: Contribution = new Map();
    if (ref?.missing) next = this.missingDiagnostics(ref.root, ref.missing);
    else if (ref?.refused) next = new Map([[ref.uri.toString(), { uri: ref.uri, diagnostics: [refusedDiagnostic(ref.refused)] }]]);
    this.put(key, next);
  }

  /**
   * A source's entries. When they need places in the sidecar (orphans, conflicts) and the store
   * read it the fast way (no positions), the careful parse runs in the worker first; what the
   * source showed stays until then, and an answer overtaken by a newer change is dropped.
   */
  private refreshEntry(key: string, root: CorpusRoot, entry: SourceEntry, uri: vscode.Uri): void {
    // the store keeps only open sources' texts (issue 15): a closed one's are read when its annotations need places in them
    const needsTexts = !!entry.parsed && (idsToLocate(entry).length > 0 || entry.placements.some((p) => placedReview(p)));
    if (entry.readable && entry.text === null && needsTexts) {
      const run = (this.latest.get(key) ?? 0) + 1;
      this.latest.set(key, run);
      const ref = { root, rel: entry.source };
      void Promise.all([this.store.textOf(ref), entry.sidecarText ?? this.store.textOf(ref, 'sidecar')]).then(([text, sidecarText]) => {
        if (!this.disposed && this.latest.get(key) === run) this.refreshWithTexts(key, root, { ...entry, text, sidecarText: sidecarText ?? (entry.sidecarLength === null ? null : '') }, uri);
      });
      return;
    }
    this.refreshWithTexts(key, root, entry, uri);
  }

  private refreshWithTexts(key: string, root: CorpusRoot, entry: SourceEntry, uri: vscode.Uri): void {
    const run = (this.latest.get(key) ?? 0) + 1;
    this.latest.set(key, run);
    const parsed = entry.parsed;
    const ids = parsed && parsed.doc === null && entry.sidecarText !== null ? idsToLocate(entry) : [];
    if (!parsed || ids.length === 0) return this.put(key, this.sourceDiagnostics(root, entry, uri, parsed?.locate ?? (() => ({ line: 1, column: 1 }))));
    this.work.locate(entry.sidecarText!, parsed.file, ids).then(
      (found) => {
        if (this.disposed || this.latest.get(key) !== run) return;
        const locate: Locate = (k, id) => (id !== undefined ? (k === 'id' && ownValue(found.ids, id)) || { line: 1, column: 1 } : k === 'source' ? found.source : { line: 1, column: 1 });
        this.put(key, this.sourceDiagnostics(root, entry, uri, locate));
      },
      () => !this.disposed && this.latest.get(key) === run && this.put(key, this.sourceDiagnostics(root, entry, uri, parsed.locate)),
    );
  }

  /** A sidecar whose source is gone: a warning on it that says how to re-link it, and its own problems. */
  private missingDiagnostics(root: CorpusRoot, missing: MissingSource): Contribution {
    const sidecarUri = this.store.uriOf(root, missing.sidecarPath);
    const parsed = missing.parsed;
    const name = missing.source.slice(missing.source.lastIndexOf('/') + 1);
    const n = parsed?.sidecar?.annotations.length ?? 0;
    const at = parsed?.problems.length ? { line: 1, column: 1 } : (parsed?.locate('source') ?? { line: 1, column: 1 });
    const d = new vscode.Diagnostic(
      new vscode.Range(at.line - 1, at.column - 1, at.line - 1, at.column - 1),
      `Source not found: ${forMessage(name, MESSAGE_MAX)} was renamed or deleted, so ${n === 1 ? 'its annotation is' : `its ${n} annotations are`} not shown. Run "Re-link Sidecar to Source…" to attach ${n === 1 ? 'it' : 'them'} to another file.`,
      vscode.DiagnosticSeverity.Warning,
    );
    d.source = DIAGNOSTIC_SOURCE;
    d.code = DiagnosticCodes.missingSource;
    const all = [d, ...(parsed?.problems ?? []).map((p) => problemDiagnostic(p, null))];
    return new Map([[sidecarUri.toString(), { uri: sidecarUri, diagnostics: all }]]);
  }

  private registryDiagnostics(root: CorpusRoot): Contribution {
    const out: Contribution = new Map();
    const problems = root.registry?.problems ?? [];
    if (problems.length) out.set(root.registryUri.toString(), { uri: root.registryUri, diagnostics: problems.map((p) => problemDiagnostic(p, null)) });
    return out;
  }

  private sourceDiagnostics(root: CorpusRoot, entry: SourceEntry, sourceUri: vscode.Uri, locate: Locate): Contribution {
    const out: Contribution = new Map();
    const sidecarUri = this.store.uriOf(root, entry.sidecarPath);
    const sidecar: vscode.Diagnostic[] = [];
    const source: vscode.Diagnostic[] = [];
    const parsed = entry.parsed;
    if (parsed) {
      let lines: LineIndex | null | undefined;
      const sidecarLines = () => (lines === undefined ? (lines = entry.sidecarText === null ? null : new LineIndex(entry.sidecarText)) : lines);
      for (const p of parsed.problems) sidecar.push(problemDiagnostic(p, sidecarLines()));
      // git leaves three markers per conflict; the parser reports the first, Problems shows all
      for (const line of parsed.conflictLines) {
        if (parsed.problems.some((p) => p.line === line)) continue;
        sidecar.push(problemDiagnostic({ file: parsed.file, line, column: 1, message: 'git conflict marker', severity: 'error' }, sidecarLines()));
      }
      pushAll(source, reviewDiagnostics(entry, sidecarUri, locate));
      const orphans = orphanDiagnostics(entry, sourceUri, sidecarUri, locate, sidecarLines);
      pushAll(source, orphans.source);
      pushAll(sidecar, orphans.sidecar);
    }
    if (sidecar.length) out.set(sidecarUri.toString(), { uri: sidecarUri, diagnostics: sidecar });
    if (source.length) out.set(sourceUri.toString(), { uri: sourceUri, diagnostics: source });
    return out;
  }

  // ---- bookkeeping ---------------------------------------------------------------------------

  /** Replaces what `contributor` shows, and redraws every URI that changed. */
  private put(contributor: string, next: Contribution): void {
    const before = this.owned.get(contributor) ?? new Set<string>();
    for (const key of before) {
      if (next.has(key)) continue;
      const part = this.parts.get(key);
      if (part?.by.delete(contributor)) this.flush(key);
    }
    for (const [key, { uri, diagnostics }] of next) {
      let part = this.parts.get(key);
      if (!part) this.parts.set(key, (part = { uri, by: new Map() }));
      part.by.set(contributor, diagnostics);
      this.flush(key);
    }
    if (next.size) this.owned.set(contributor, new Set(next.keys()));
    else this.owned.delete(contributor);
  }

  private flush(key: string): void {
    const part = this.parts.get(key);
    if (!part) return;
    const all = [...part.by.values()].flat();
    if (all.length) {
      const next = unlessSame(this.sent.get(key), all);
      if (!next) return;
      this.sent.set(key, next);
      this.collection.set(part.uri, all);
    } else {
      this.collection.delete(part.uri);
      this.parts.delete(key);
      this.sent.delete(key);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
  }
}
