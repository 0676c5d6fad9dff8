// What is where in each open source, in the editor's own offsets (UTF-16), kept current on
// every keystroke from the change deltas: annotations shift with the text, and mentions are
// re-found only around the edit (core/live/refind.ts, checked against a search of the whole text;
// the document read for it in liveMentions.ts). Decorations, hovers and commands read from
// here so they agree with what the analyst sees, saved or not.
//
// Never a long pause on the extension host (issue 15). When the store has placed the same text
// the editor shows, its placements are taken as they are; when a sidecar changed but not which
// words its annotations quote (a save's new offsets, a status, a reply), each keeps the span the
// editor kept (keptSpans.ts); the mentions the keystrokes kept current stay. Anything that needs anchoring a
// 1 MB text or scanning it for mentions (a new or re-quoted annotation in an unsaved document, a
// new registry, an orphan looked for again) goes to the worker thread (WorkClient), and the
// document keeps its last good state until the answer comes. An answer for an older version of
// the text, or overtaken by a newer store change that asks something else, is dropped, and asked
// again once typing pauses. A registry change reaches the open sources as soon as the new
// registry is in place, before the closed sources are read again (store/newRegistries.ts).
import * as vscode from 'vscode';
import { isSidecarPath } from '../../core/format';
import { fullTurn } from '../../core/slices';
import { placeAnnotations } from '../../core/placement';
import type { TextChange } from '../../core/spans';
import { shiftSpansInPlace } from '../../core/live/shiftInPlace';
import { CodePointIndex, headUnits } from '../../core/text/positions';
import type { AnchorState, Annotation } from '../../core/types';
import type { MentionSpan } from '../../core/live/mentionsAround';
import { refindMentions } from '../../core/live/refind';
import { REHEARSAL_CHARS, rehearseKeystroke } from '../../core/live/rehearse';
import type { CorpusStore, SourceRef } from '../store/corpusStore';
import type { SourceEntry } from '../../core/sourceEntry';
import type { WorkClient } from '../worker/workClient';
import type { PlacedSpan } from '../../core/worker/protocol';
import type { WorkspaceConfig } from '../../core/types';
import { carryOver, placedSpan } from './keptSpans';
import { documentReader, findMentions, finderOf, toUtf16 } from './liveMentions';
import { RefreshQueue } from './refreshQueue';

export interface AnnotationSpan {
  start: number;
  end: number;
  annotation: Annotation;
  state: AnchorState;
  confidence: number;
}

export type { MentionSpan } from '../../core/live/mentionsAround';

export interface LiveDocument {
  readonly document: vscode.TextDocument;
  readonly ref: SourceRef;
  annotations: AnnotationSpan[];
  /** Annotations not placed in this text (orphans, or whose words were deleted while editing). */
  orphans: Annotation[];
  mentions: MentionSpan[];
  /** The registry the mentions were found with: another one means finding them again. */
  registry: WorkspaceConfig | null;
  /** Where the last keystroke searched for mentions again (UTF-16, in its text version); elsewhere they only moved. */
  searched?: { version: number; regions: { from: number; to: number }[] };
  /** The store's placements installed as they are (the store placed this very text), until anything else is installed. */
  installedFrom?: object;
  /**
   * The store's placements a save's own event drew: the store's change for that save, which
   * follows, is not drawn again (keystrokes since have moved the spans drawn from them, as they
   * move any).
   */
  drawnAtSave?: object;
}

/** Orphans are looked for again once typing pauses (an undo brings deleted words back). */
const ORPHAN_RETRY_MS = 150;
/** A worker answer dropped as stale is asked for again once typing pauses this long. */
const STALE_RETRY_MS = 150;

/**
 * How long after a session's first document is built, or a new registry installed in one, the
 * keystroke path is rehearsed on it (core/live/rehearse.ts): past the open's own work and its
 * first draw. Tried again a little later each time while the registry's matcher is still to come
 * to the host (the index's workers make it), up to REHEARSAL_TRIES times.
 */
const REHEARSAL_DELAY_MS = 100;
const REHEARSAL_TRIES = 5;

/** What a refresh asks the worker for a document: its text's version, and the store's entry, text, placements and registry then. */
interface Asked {
  generation: number;
  version: number;
  entry: SourceEntry;
  text: string | null;
  placements: SourceEntry['placements'];
  registry: WorkspaceConfig | null;
}

/** Whether a refresh now would ask what `asked` asked (the same objects are the same question). */
function asksAgain(asked: Asked, version: number, ref: SourceRef | undefined): boolean {
  const entry = ref?.entry;
  return !!entry && asked.version === version && asked.entry === entry && asked.text === entry.text && asked.placements === entry.placements && asked.registry === ref.root.corpus.registry;
}

/** The code point index of any text without astral characters. */
const IDENTITY = new CodePointIndex('');
const SURROGATE = /[\uD800-\uDFFF]/;

export class LiveDocuments implements vscode.Disposable {
  private readonly docs = new Map<string, LiveDocument>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  readonly onDidChange = this.changed.event;
  /** The document whose keystroke is being applied while onDidChange fires for it (else undefined). */
  private editing: vscode.TextDocument | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * A document's last orphan retry that placed none: its version and what it asked to place.
   * The same annotations in the same text would place none again, so the retry a store change
   * schedules after it (a registry change, a save, a sidecar written elsewhere that left these
   * annotations as they were) is not asked (issue 15: each was the worker anchoring every
   * annotation of a 1 MB source again, 160-280 ms, competing with the host for a processor
   * during the change's draws).
   */
  private readonly retriedInVain = new WeakMap<LiveDocument, { version: number; all: readonly Annotation[] }>();
  /** Orphan retries asked of the worker, answered placing none, and skipped as a repeat of one that placed none (for tests and the bench). */
  readonly orphanRetries = { asked: 0, inVain: 0, skipped: 0 };
  private readonly staleRetries = new Map<string, ReturnType<typeof setTimeout>>();
  private rehearsal: ReturnType<typeof setTimeout> | undefined;
  /** Keystroke rehearsals run by the timer: one a session, and one after each new registry (for the tests). */
  rehearsals = 0;
  /** The registry the last rehearsal found mentions with (undefined: none yet). */
  private rehearsedWith: WorkspaceConfig | null | undefined;
  /** Per document, the number of its latest refresh: an answer for an earlier one is dropped. */
  private readonly generation = new Map<string, number>();
  /** Documents to refresh after a store change, one a full turn of the event loop (refreshQueue.ts). */
  private readonly due = new RefreshQueue<LiveDocument>((live) => {
    if (this.docs.get(live.document.uri.toString()) === live) void this.refresh(live);
  });
  /** Per document, the refresh whose answer from the worker is under way, and what it asked with (refresh). */
  private readonly asking = new Map<string, Asked>();
  /**
   * Per document, the code point index of its text at one version: a save brings several store
   * changes for the same text (the source re-read, the sidecar written, the watcher's echo), and
   * each pass over a 1 MB text for surrogates is host time (issue 15).
   */
  private readonly indexes = new WeakMap<vscode.TextDocument, { version: number; index: CodePointIndex }>();

  constructor(
    private readonly store: CorpusStore,
    private readonly work: WorkClient,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.docs.delete(d.uri.toString());
        this.generation.delete(d.uri.toString());
      }),
      store.onDidChange((c) => {
        const due: LiveDocument[] = [];
        for (const [key, live] of this.docs) {
          if (!c.all && !c.sources.some((u) => u.toString() === key)) continue;
          // the save's own event already drew this entry (saved below): not again
          const drawn = live.drawnAtSave;
          live.drawnAtSave = undefined;
          if (!c.all && drawn !== undefined && drawn === this.store.sourceFor(live.document.uri)?.entry?.placements) continue;
          due.push(live);
        }
        this.due.add(due);
      }),
      // a registry change: the open sources of its root take the new registry's mentions now,
      // not once every closed source has been read again (newRegistries.ts)
      store.onDidSetRegistry((root) => {
        this.due.add([...this.docs.values()].filter((live) => live.registry !== root.corpus.registry && this.store.sourceFor(live.document.uri)?.root === root));
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.saved(d)),
    );
  }

  /**
   * A source saved: the store took the saved text in this same event (documentHooks.ts, whose
   * listener came first) and tells its listeners a moment later, so the highlights of the saved
   * text are drawn here, in the save's own event, before the views, Problems and the sidecar sync
   * run (issue 15: save → highlights redrawn within 200 ms).
   */
  private saved(document: vscode.TextDocument): void {
    const live = this.docs.get(document.uri.toString());
    const entry = live && this.store.sourceFor(document.uri)?.entry;
    if (!live || !entry || live.installedFrom === entry.placements) return;
    // only new placements of the store's for this very text (else the store's change brings them, or the worker)
    const text = this.store.documentText(document);
    if (entry.text !== text) return;
    void this.refresh(live);
    live.drawnAtSave = entry.placements;
  }

  /** The live state of a source document, built on first use; undefined for non-sources. */
  get(document: vscode.TextDocument): LiveDocument | undefined {
    if (isSidecarPath(document.uri.path)) return undefined;
    const key = document.uri.toString();
    return this.docs.get(key) ?? this.rebuild(document, false);
  }

  /** The first build, when a reader asks: the store's placements, or anchoring here (once per open). */
  private rebuild(document: vscode.TextDocument, notify = true): LiveDocument | undefined {
    const key = document.uri.toString();
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
    const ref = this.store.sourceFor(document.uri);
    if (!ref || !ref.entry || document.isClosed) {
      this.docs.delete(key);
      return undefined;
    }
    const text = this.store.documentText(document);
    const entry = ref.entry;
    const annotations = entry.parsed?.sidecar?.annotations ?? [];
    const index = this.indexOf(document, text);
    // the store placed annotations against the file on disk; an unsaved editor needs its own
    const placements = entry.text === text ? entry.placements : placeAnnotations(text, annotations);
    const live: LiveDocument = { document, ref, annotations: [], orphans: [], mentions: [], registry: ref.root.corpus.registry, installedFrom: entry.text === text ? entry.placements : undefined };
    for (const p of placements) {
      if (p.result.start === null || p.result.end === null || p.result.state === 'orphaned') live.orphans.push(p.annotation);
      else live.annotations.push({ start: index.toUtf16(p.result.start), end: index.toUtf16(p.result.end), annotation: p.annotation, state: p.result.state, confidence: p.result.confidence });
    }
    const mentions = entry.text === text ? ref.root.corpus.mentions(entry) : findMentions(ref.root.corpus, text);
    live.mentions = toUtf16(mentions, index);
    this.docs.set(key, live);
    this.rehearseSoon(document);
    if (notify) this.changed.fire(document);
    return live;
  }

  /**
   * After a store change: at once when the store placed this very text and the registry is the
   * same (its placements as they are, the mentions kept current by the keystrokes); otherwise
   * through the worker, keeping the last good state meanwhile.
   */
  private async refresh(live: LiveDocument): Promise<void> {
    const document = live.document;
    const key = document.uri.toString();
    const ref = this.store.sourceFor(document.uri);
    // the worker's answer to the same question is on its way, and is installed when it comes: a
    // registry change asks once the new registry is in place (newRegistries.ts) and the store's
    // change after its closed sources are read again would ask again, dropping that answer
    const asked = this.asking.get(key);
    if (asked && asked.generation === this.generation.get(key) && asksAgain(asked, document.version, ref)) return;
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    clearTimeout(this.staleRetries.get(key));
    if (!ref || !ref.entry || document.isClosed) {
      this.docs.delete(key);
      this.changed.fire(document);
      return;
    }
    const entry = ref.entry;
    const text = this.store.documentText(document);
    const registry = ref.root.corpus.registry;
    const sameText = entry.text === text;
    const sameRegistry = registry === live.registry;
    if (sameText && sameRegistry) {
      this.install(live, ref, this.indexOf(document, text), entry.placements.map((p) => placedSpan(p.result)), live.mentions);
      live.installedFrom = entry.placements;
      this.changed.fire(document);
      return;
    }
    const annotations = entry.parsed?.sidecar?.annotations ?? [];
    // the sidecar changed, not the words (or only the registry did): each annotation stays where the editor kept it
    const carried = sameText ? null : carryOver(live, annotations, text);
    if (carried && sameRegistry) {
      this.install(live, ref, null, carried, live.mentions);
      this.changed.fire(document);
      return;
    }
    const version = document.version;
    let answer: Awaited<ReturnType<WorkClient['place']>>;
    this.asking.set(key, { generation, version, entry, text: entry.text, placements: entry.placements, registry });
    try {
      // a new registry's mentions, and the annotations placed only when none can be kept: placing
      // 300 in an edited 1 MB text was 160-280 ms of the worker's before the new highlights (issue 15)
      answer = await this.work.place(text, sameText || carried ? [] : annotations, sameRegistry ? null : registry, this.store.fileText(document));
    } catch {
      return; // the worker refused (shutting down): the last good state stays
    } finally {
      if (this.asking.get(key)?.generation === generation) this.asking.delete(key);
    }
    // the registry's matcher, if the worker built it: the host's keystrokes need it too
    if (answer.matcher && registry) this.store.matcherFound(document.uri, registry, answer.matcher);
    if (this.generation.get(key) !== generation || this.docs.get(key) !== live) return; // overtaken by a newer change
    if (document.version !== version || document.isClosed) {
      // an answer for an older text: dropped, and asked again once typing pauses
      this.staleRetries.set(key, setTimeout(() => this.docs.get(key) === live && void this.refresh(live), STALE_RETRY_MS));
      return;
    }
    const current = this.store.sourceFor(document.uri);
    if (!current?.entry || current.entry !== entry) return void this.refresh(live);
    const mentions = sameRegistry ? live.mentions : (answer.mentions ?? live.mentions);
    if (sameText) this.install(live, ref, this.indexOf(document, text), entry.placements.map((p) => placedSpan(p.result)), mentions, registry);
    else this.install(live, ref, null, carried ?? answer.spans, mentions, registry);
    this.changed.fire(document);
    if (!sameRegistry) this.rehearseSoon(document);
    // a new registry's mentions of the saved text: the store's entry takes them too (issue 15),
    // once the new highlights are drawn, in a task of its own (the store checks they are still for its text and registry)
    const found = answer.found;
    if (!sameRegistry && sameText && found) void fullTurn().then(() => this.store.mentionsFound(document.uri, text, registry, found));
  }

  /**
   * Whether onDidChange is firing for a keystroke in `document` (its text event's other
   * listeners have not all run yet), rather than for a store change (a save, a sidecar written).
   */
  isEditing(document: vscode.TextDocument): boolean {
    return this.editing === document;
  }

  /** `text` is the document's text now (read once by the caller). */
  private indexOf(document: vscode.TextDocument, text: string): CodePointIndex {
    const kept = this.indexes.get(document);
    if (kept && kept.version === document.version) return kept.index;
    const index = new CodePointIndex(text);
    // without astral characters the index is the identity: one that holds no text serves as well
    this.indexes.set(document, { version: document.version, index: index.length === text.length ? IDENTITY : index });
    return index;
  }

  /**
   * A text without astral characters keeps none after an edit that inserts no surrogate: its
   * identity index stays, and a save then converts its placements without passing over the 1 MB
   * text again (issue 15: save → highlights redrawn within 200 ms).
   */
  private keepIndex(e: vscode.TextDocumentChangeEvent): void {
    const kept = this.indexes.get(e.document);
    if (kept?.index !== IDENTITY) return;
    if (e.contentChanges.some((c) => SURROGATE.test(c.text))) this.indexes.delete(e.document);
    else kept.version = e.document.version;
  }

  /**
   * Sets a live document's annotations from one span per sidecar annotation (`null`: orphaned),
   * in UTF-16 when `index` is null, else in code points converted with it.
   */
  private install(live: LiveDocument, ref: SourceRef, index: CodePointIndex | null, spans: readonly (PlacedSpan | null)[], mentions: MentionSpan[], registry = live.registry): void {
    const annotations = ref.entry?.parsed?.sidecar?.annotations ?? [];
    const next: AnnotationSpan[] = [];
    const orphans: Annotation[] = [];
    annotations.forEach((annotation, i) => {
      const s = spans[i];
      if (!s) orphans.push(annotation);
      else next.push({ start: index ? index.toUtf16(s.start) : s.start, end: index ? index.toUtf16(s.end) : s.end, annotation, state: s.state, confidence: s.confidence });
    });
    Object.assign(live, { ref, annotations: next, orphans, mentions, registry, installedFrom: undefined });
    if (orphans.length) this.scheduleOrphanRetry(live);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const live = this.docs.get(e.document.uri.toString());
    if (!live) return;
    const changes: TextChange[] = e.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length }));
    // in place: the spans keep their objects, and only those whose words went are handed back
    for (const s of shiftSpansInPlace(live.annotations, changes)) live.orphans.push(s.annotation);
    live.mentions = this.refindMentions(live, changes, e.document);
    this.keepIndex(e);
    this.editing = e.document;
    try {
      this.changed.fire(e.document);
    } finally {
      this.editing = undefined;
    }
    if (live.orphans.length) this.scheduleOrphanRetry(live);
  }

  private scheduleOrphanRetry(live: LiveDocument): void {
    const key = live.document.uri.toString();
    clearTimeout(this.retries.get(key));
    this.retries.set(key, setTimeout(() => void this.retryOrphans(live), ORPHAN_RETRY_MS));
  }

  /** Anchors the orphans again in the worker, with the placed ones: their positions are evidence for the orphans'. */
  private async retryOrphans(live: LiveDocument): Promise<void> {
    const key = live.document.uri.toString();
    this.retries.delete(key);
    if (this.docs.get(key) !== live || live.document.isClosed || live.orphans.length === 0) return;
    const version = live.document.version;
    const generation = this.generation.get(key);
    const all = [...live.annotations.map((s) => s.annotation), ...live.orphans];
    const vain = this.retriedInVain.get(live);
    if (vain && vain.version === version && vain.all.length === all.length && vain.all.every((a, i) => a === all[i])) {
      this.orphanRetries.skipped++;
      return;
    }
    this.orphanRetries.asked++;
    let answer: Awaited<ReturnType<WorkClient['place']>>;
    try {
      answer = await this.work.place(this.store.documentText(live.document), all, null, this.store.fileText(live.document));
    } catch {
      return;
    }
    if (this.docs.get(key) !== live || this.generation.get(key) !== generation || live.document.isClosed) return;
    // typed meanwhile: this answer is for an older text; look again once typing pauses
    if (live.document.version !== version) return this.scheduleOrphanRetry(live);
    const orphanIds = new Set(live.orphans.map((a) => a.id));
    const still: Annotation[] = [];
    all.forEach((annotation, i) => {
      if (!orphanIds.has(annotation.id)) return;
      const s = answer.spans[i];
      if (!s) still.push(annotation);
      else live.annotations.push({ start: s.start, end: s.end, annotation, state: s.state, confidence: s.confidence });
    });
    if (still.length === live.orphans.length) {
      if (live.annotations.length + live.orphans.length === all.length) this.retriedInVain.set(live, { version, all });
      this.orphanRetries.inVain++;
      return;
    }
    this.retriedInVain.delete(live);
    live.orphans = still;
    live.installedFrom = undefined;
    live.annotations.sort((a, b) => a.start - b.start);
    this.changed.fire(live.document);
  }

  /** Moves the mentions with the edit and looks again only around it (core/live/refind.ts). */
  private refindMentions(live: LiveDocument, changes: TextChange[], document: vscode.TextDocument): MentionSpan[] {
    const regions: { from: number; to: number }[] = [];
    live.searched = { version: document.version, regions };
    return refindMentions(live.mentions, changes, documentReader(document), finderOf(live.ref.root.corpus), undefined, regions);
  }

  /**
   * A moment after the session's first document is built, and after a new registry is installed
   * in one: the keystroke path rehearsed on it (see `rehearse`). After a registry change the
   * first keystroke in an open source otherwise made the new registry's matcher on the host,
   * restored or built (5,000 entities: 16-71 ms of re-find, bench editor "the first keystroke
   * typed after each change"); rehearsed, it is restored in the idle moment after the change's
   * draws, from the index workers' or the editor worker's (CorpusStore.matcherFound).
   */
  private rehearseSoon(document: vscode.TextDocument, tries = 1): void {
    if (this.rehearsal || this.docs.get(document.uri.toString())?.registry === this.rehearsedWith) return;
    this.rehearsal = setTimeout(() => {
      this.rehearsal = undefined;
      const registry = this.docs.get(document.uri.toString())?.registry;
      // closed meanwhile (the next document built is rehearsed instead), or rehearsed with its registry already
      if (registry === undefined || registry === this.rehearsedWith) return;
      if (this.rehearse(document)) {
        this.rehearsedWith = registry;
        this.rehearsals++;
      } else if (tries < REHEARSAL_TRIES) this.rehearseSoon(document, tries + 1); // its matcher still to come
    }, REHEARSAL_DELAY_MS * tries);
  }

  /**
   * Runs the keystroke path once on a copy of the start of `document`, so that the analyst's
   * first keystroke finds it compiled (core/live/rehearse.ts); reads the document and holds or
   * changes nothing. False when the document is not a live source, or when its registry's
   * matcher is not on the host yet: a rehearsal never builds one (100-300 ms at 5,000 entities).
   */
  rehearse(document: vscode.TextDocument): boolean {
    const live = this.docs.get(document.uri.toString());
    if (!live || document.isClosed) return false;
    // the very matcher the corpus finds mentions with (Corpus.matcher: the one kept for its root), restored here if packed
    const entities = live.ref.root.corpus.registry?.entities ?? [];
    if (entities.length && !this.store.matchers.peek(live.ref.root.uri.toString(), entities)) return false;
    const reader = documentReader(document);
    // one unit more than the piece: headUnits then cuts it where no character is split
    const piece = headUnits(reader.slice(0, Math.min(reader.length, REHEARSAL_CHARS + 1)), REHEARSAL_CHARS);
    rehearseKeystroke(piece, finderOf(live.ref.root.corpus));
    return true;
  }

  dispose(): void {
    clearTimeout(this.rehearsal);
    for (const t of this.retries.values()) clearTimeout(t);
    for (const t of this.staleRetries.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.docs.clear();
  }
}
