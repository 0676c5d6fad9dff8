// Inline highlights: entity mentions by type, claims by effective status, notes, drawn from
// LiveDocuments so they follow the text on every keystroke. Two layers go over them (issue 9):
// a claim whose words no longer match what was assessed (needs review), and an annotation
// holding a merge conflict, each with its own theme colour and a word saying which.
//
// Cost is what matters (issue #4: a keystroke in a 1 MB source with a 5,000-entity registry
// within 5 ms). Claims and notes are few and are drawn over the whole document. Mentions can
// number tens of thousands, so only those near the visible ranges become Ranges, and scrolling
// past that window draws the next one. On a keystroke the editor itself moves the ranges it
// holds (decorations are tracked ranges), so mentions are sent again only when the edit changed
// which mentions there are, and then only the entity types whose mentions changed, over the
// window already drawn (core/redraw/mentionChanges.ts); the same for annotation layers: only a
// layer that gained or lost a span, or one the edit touched, is sent again (issue 15: a
// keystroke's extension time at most 5 ms; sending all 24 types took up to 6 ms). A store change
// (a save ended, a sidecar written) is drawn in its own dispatch, before the store's other
// listeners and the save's run (issue 15: save → highlights redrawn within 200 ms).
import * as vscode from 'vscode';
import { isSidecarPath } from '../../core/format';
import { CLAIM_STATUSES, ENTITY_TYPES, type ClaimStatus } from '../../core/types';
import type { TextChange } from '../../core/spans';
import { EDIT_REACH, touchesAny, type MentionSpan } from '../../core/live/mentionsAround';
import { entitiesChangedAround, mentionsIn, sameMentionsIn } from '../../core/redraw/mentionChanges';
import { highlightSettings, type HighlightSettings } from '../config';
import { Settings } from '../ids';
import { isConflicted, reviewOf } from '../views/summary';
import { DecorationStyles, layerList, type AnnotationLayers, type EntityType, type LayerName } from './decorationStyles';
import type { AnnotationSpan, LiveDocument, LiveDocuments } from './liveDocuments';
import { emptyByType, entityAnnotations, entityRanges, entitySpans, entityTypeOf, offsetsOf, range, type Window } from './entityWindow';

/** Lines drawn above and below the visible ranges, at least: scrolling within them redraws nothing. */
const MIN_MARGIN_LINES = 60;
/** After a keystroke that changed mentions, the margin is drawn again once typing pauses this long. */
const MARGIN_DELAY_MS = 250;

/** What one editor shows. */
export interface Drawn {
  claims: Record<ClaimStatus, vscode.Range[]>;
  notes: vscode.Range[];
  /** Claims whose words changed since they were assessed. */
  needsReview: vscode.Range[];
  /** Annotations holding merge conflicts. */
  conflicts: vscode.Range[];
  entities: Record<EntityType, vscode.Range[]>;
  /** Whether claims and notes were drawn with overview-ruler marks. */
  ruler: boolean;
}

/** Per annotation layer, the spans drawn in it: one gained, lost or touched by an edit means sending that layer again. */
type Members = Map<LayerName, AnnotationSpan[]>;

interface EditorState {
  /** The annotation ranges drawn, or how to compute them when the editor moved them by itself. */
  layers: AnnotationLayers | (() => AnnotationLayers);
  /** How many annotation spans were drawn: one lost or found means drawing again. */
  spans: number;
  ruler: boolean;
  members: Members;
  /** Where mentions are drawn, or nothing when entities are off. */
  window: Window | undefined;
  /** Copies of the mentions drawn in the window, where they stood after the last keystroke. */
  drawnMentions: MentionSpan[];
  entityAnnotations: string;
  /** The entity annotations drawn with their entities and spans, and the registry the types came from: a store change that left them and the window's mentions as they were redraws no entity. */
  entitySpans: string;
  registry: unknown;
  /** The entity ranges drawn, or how to compute them when the editor moved them by itself. */
  entities: Record<EntityType, vscode.Range[]> | (() => Record<EntityType, vscode.Range[]>);
}

export class Decorations implements vscode.Disposable {
  private readonly styles = new DecorationStyles();
  private readonly settings = new Map<string, HighlightSettings>();
  private readonly state = new WeakMap<vscode.TextEditor, EditorState>();
  /** Changes of the current text event, per document, read once LiveDocuments has applied them. */
  private readonly edits = new Map<vscode.TextDocument, vscode.TextDocumentContentChangeEvent[][]>();
  private readonly changed = new Set<vscode.TextDocument>();
  private flushQueued = false;
  private readonly marginTimers = new Map<vscode.TextEditor, ReturnType<typeof setTimeout>>();
  /** The layers sent to each editor by its latest redraw (the integration tests read this). */
  private readonly sent = new WeakMap<vscode.TextEditor, { version: number; layers: LayerName[] }>();
  private readonly disposables: vscode.Disposable[] = [this.styles];

  constructor(private readonly live: LiveDocuments) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !vscode.window.visibleTextEditors.some((ed) => ed.document === e.document && this.state.has(ed))) return;
        const list = this.edits.get(e.document) ?? [];
        list.push([...e.contentChanges]);
        this.edits.set(e.document, list);
        this.queueFlush();
      }),
      live.onDidChange((document) => {
        // a store change (a save ended, a sidecar written) is drawn at once, not after the
        // store's other listeners and the save's (views, problems, the sidecar sync: up to tens
        // of milliseconds of a save, issue 15); a keystroke waits for its text event's listeners
        if (!this.live.isEditing(document) && !this.edits.has(document)) return this.redrawNow(document);
        this.changed.add(document);
        this.queueFlush();
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        // the screen first, the margin a moment later
        for (const e of editors) {
          this.render(e, false);
          this.drawMarginLater(e);
        }
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e.textEditor)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (![Settings.highlightEntities, Settings.highlightClaims, Settings.highlightNotes, Settings.overviewRuler].some((k) => e.affectsConfiguration(k))) return;
        this.settings.clear();
        vscode.window.visibleTextEditors.forEach((ed) => this.render(ed));
      }),
    );
    vscode.window.visibleTextEditors.forEach((e) => this.render(e));
  }

  /** Draws every layer of one editor; mentions on the visible lines, and around them with `margin`. */
  render(editor: vscode.TextEditor, margin = true): void {
    const doc = this.liveFor(editor.document);
    const settings = this.settingsFor(editor.document.uri);
    this.sending(editor);
    this.drawAnnotations(editor, doc, settings);
    this.drawEntities(editor, doc, settings, margin);
  }

  /** What an editor shows now (the integration tests read highlights through this). */
  drawnIn(editor: vscode.TextEditor): Readonly<Drawn> | undefined {
    const s = this.state.get(editor);
    if (!s) return undefined;
    const layers = typeof s.layers === 'function' ? s.layers() : s.layers;
    return { ...layers, ruler: s.ruler, entities: typeof s.entities === 'function' ? s.entities() : s.entities };
  }

  /** The layers the latest redraw of an editor sent (`claim:disputed`, `entity:person`, …; none when it sent none), and for which version of its text. */
  sentIn(editor: vscode.TextEditor): { version: number; layers: readonly LayerName[] } | undefined {
    return this.sent.get(editor);
  }

  private sending(editor: vscode.TextEditor): void {
    this.sent.set(editor, { version: editor.document.version, layers: [] });
  }

  // LiveDocuments fires from its own text-change listener, before or after ours: both are in
  // by the time a microtask runs, still before the editor paints.
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      const edits = new Map(this.edits);
      this.edits.clear();
      for (const document of this.changed) {
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.update(editor, edits.get(document));
      }
      this.changed.clear();
    });
  }

  private redrawNow(document: vscode.TextDocument): void {
    this.changed.delete(document);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.update(editor, undefined);
  }

  /** After a live change: an edit (`edits`), or a rebuild from the store (no edits). */
  private update(editor: vscode.TextEditor, edits: vscode.TextDocumentContentChangeEvent[][] | undefined): void {
    const doc = this.liveFor(editor.document);
    const state = this.state.get(editor);
    if (!doc || !state) return this.render(editor);
    this.sending(editor);
    const settings = this.settingsFor(editor.document.uri);
    if (!edits) return this.rebuilt(editor, doc, settings, state);
    const change = edits.length === 1 && edits[0].length === 1 ? asChange(edits[0][0]) : undefined;
    if (change && state.spans === doc.annotations.length && !touchesAny(doc.annotations, change)) {
      // no annotation touched: the editor has moved their ranges as LiveDocuments moved the spans
      state.layers = () => this.annotationLayers(editor, doc, settings).layers;
    } else if (change && state.ruler === settings.overviewRuler) this.redrawAnnotations(editor, doc, settings, state, change);
    else this.drawAnnotations(editor, doc, settings);
    const window = state.window;
    if (!window) return; // entities are off
    if (change && entityAnnotations(doc) === state.entityAnnotations && withinReach(doc, editor.document.version, change)) {
      // the editor has moved the ranges it holds; only the entities whose mentions the edit
      // changed are sent, over the window already drawn (so no margin to draw later)
      const within = offsetsOf(editor.document, window);
      const ids = entitiesChangedAround(state.drawnMentions, doc.mentions, change, within);
      window.version = editor.document.version;
      if (ids.size) {
        const typeOf = entityTypeOf(doc);
        const types = new Set([...ids].map(typeOf));
        const ranges = entityRanges(editor.document, doc, window, types);
        for (const t of types) this.send(editor, `entity:${t}`, this.styles.entities[t], ranges[t]);
      }
      state.drawnMentions = mentionsIn(doc.mentions, within.from, within.to);
      state.entitySpans = entitySpans(doc);
      state.entities = () => entityRanges(editor.document, doc, window);
      return;
    }
    this.drawEntities(editor, doc, settings, false);
    this.drawMarginLater(editor);
  }

  /**
   * After the store re-placed the document (a save, a sidecar written): annotation layers are
   * drawn again (their annotations are new objects), entities only if their mentions in the
   * window, the entity annotations or the registry changed (a save keeps them; drawing the
   * window's thousands of mentions again was most of Marginalia's redraw after a save).
   */
  private rebuilt(editor: vscode.TextEditor, doc: LiveDocument, settings: HighlightSettings, state: EditorState): void {
    const window = state.window;
    if (!window || !settings.entities || state.registry !== doc.ref.root.corpus.registry || state.entitySpans !== entitySpans(doc)) return this.render(editor);
    const within = offsetsOf(editor.document, window);
    if (!sameMentionsIn(state.drawnMentions, doc.mentions, within.from, within.to)) return this.render(editor);
    this.drawAnnotations(editor, doc, settings);
    window.version = editor.document.version;
    state.entities = () => entityRanges(editor.document, doc, window);
  }

  /** After one edit that touched an annotation: only the layers that gained, lost or hold a touched span are sent. */
  private redrawAnnotations(editor: vscode.TextEditor, doc: LiveDocument, settings: HighlightSettings, state: EditorState, change: TextChange): void {
    const on = settings.overviewRuler ? this.styles.withRuler : this.styles.withoutRuler;
    const { layers, members } = this.annotationLayers(editor, doc, settings);
    for (const [name, type, ranges] of layerList(on, layers)) {
      const now = members.get(name) ?? [];
      if (sameMembers(state.members.get(name) ?? [], now) && !touchesAny(now, change)) continue;
      this.send(editor, name, type, ranges);
    }
    Object.assign(state, { layers, members, spans: doc.annotations.length });
  }

  private drawAnnotations(editor: vscode.TextEditor, doc: LiveDocument | undefined, settings: HighlightSettings): void {
    const on = settings.overviewRuler ? this.styles.withRuler : this.styles.withoutRuler;
    const off = settings.overviewRuler ? this.styles.withoutRuler : this.styles.withRuler;
    const { layers, members } = this.annotationLayers(editor, doc, settings);
    const state = this.state.get(editor);
    // the other style set holds nothing unless the ruler setting just flipped
    const offList = !state || state.ruler !== settings.overviewRuler ? layerList(off, layers) : [];
    for (const [name, type, ranges] of layerList(on, layers)) this.send(editor, name, type, ranges);
    for (const [, type] of offList) editor.setDecorations(type, []);
    const spans = doc?.annotations.length ?? 0;
    if (state) Object.assign(state, { layers, members, spans, ruler: settings.overviewRuler });
    else this.state.set(editor, { layers, members, spans, ruler: settings.overviewRuler, window: undefined, drawnMentions: [], entityAnnotations: '', entitySpans: '', registry: undefined, entities: emptyByType() });
  }

  private send(editor: vscode.TextEditor, name: LayerName, type: vscode.TextEditorDecorationType, ranges: vscode.Range[]): void {
    editor.setDecorations(type, ranges);
    this.sent.get(editor)?.layers.push(name);
  }

  /** Claims by status, notes, and the needs-review and conflict layers over them. */
  private annotationLayers(editor: vscode.TextEditor, doc: LiveDocument | undefined, settings: HighlightSettings): { layers: AnnotationLayers; members: Members } {
    const claims = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, [] as vscode.Range[]])) as Record<ClaimStatus, vscode.Range[]>;
    const notes: vscode.Range[] = [];
    const needsReview: vscode.Range[] = [];
    const conflicts: vscode.Range[] = [];
    const members: Members = new Map();
    const member = (name: LayerName, s: AnnotationSpan) => {
      const list = members.get(name);
      if (list) list.push(s);
      else members.set(name, [s]);
    };
    if (doc) {
      const { corpus } = doc.ref.root;
      const document = editor.document;
      for (const s of doc.annotations) {
        const kind = s.annotation.kind;
        const conflicted = isConflicted(s.annotation);
        // entity annotations are drawn with the mentions (drawEntities): no range to build here
        if (kind === 'entity' && !conflicted) continue;
        const r = range(document, s.start, s.end);
        if (kind === 'claim' && settings.claims) {
          const status = corpus.statusOf(doc.ref.rel, s.annotation);
          claims[status].push(r);
          member(`claim:${status}`, s);
          // the words as they stand in the editor now, saved or not
          if (reviewOf(s.annotation, document.getText(r))) {
            needsReview.push(r);
            member('needsReview', s);
          }
        } else if (kind === 'note' && settings.notes) {
          notes.push(r);
          member('note', s);
        }
        // a conflict shows whatever layers are on: it blocks nothing but must not go unseen
        if (conflicted) {
          conflicts.push(r);
          member('conflict', s);
        }
      }
    }
    return { layers: { claims, notes, needsReview, conflicts }, members };
  }

  private drawEntities(editor: vscode.TextEditor, doc: LiveDocument | undefined, settings: HighlightSettings, withMargin: boolean): void {
    const state = this.state.get(editor)!;
    let entities = emptyByType();
    state.window = undefined;
    if (doc && settings.entities) {
      const window = this.windowOf(editor, withMargin);
      entities = entityRanges(editor.document, doc, window);
      const within = offsetsOf(editor.document, window);
      Object.assign(state, {
        window,
        drawnMentions: mentionsIn(doc.mentions, within.from, within.to),
        entityAnnotations: entityAnnotations(doc),
        entitySpans: entitySpans(doc),
        registry: doc.ref.root.corpus.registry,
      });
    }
    state.entities = entities;
    for (const t of ENTITY_TYPES) this.send(editor, `entity:${t}`, this.styles.entities[t], entities[t]);
  }

  private drawMarginLater(editor: vscode.TextEditor): void {
    clearTimeout(this.marginTimers.get(editor));
    this.marginTimers.set(
      editor,
      setTimeout(() => {
        this.marginTimers.delete(editor);
        if (vscode.window.visibleTextEditors.includes(editor)) this.scrolled(editor, true);
      }, MARGIN_DELAY_MS),
    );
  }

  private scrolled(editor: vscode.TextEditor, force = false): void {
    const doc = this.liveFor(editor.document);
    const state = this.state.get(editor);
    if (!doc || !state) return;
    const w = state.window;
    const visible = editor.visibleRanges;
    if (!force && w && w.version === editor.document.version && visible.length && visible[0].start.line >= w.fromLine && visible[visible.length - 1].end.line <= w.toLine) return;
    this.sending(editor);
    this.drawEntities(editor, doc, this.settingsFor(editor.document.uri), true);
  }

  private windowOf(editor: vscode.TextEditor, withMargin: boolean): Window {
    const visible = editor.visibleRanges;
    const first = visible.length ? visible[0].start.line : 0;
    const last = visible.length ? visible[visible.length - 1].end.line : 0;
    const margin = withMargin ? Math.max(MIN_MARGIN_LINES, last - first) : 0;
    return { fromLine: Math.max(0, first - margin), toLine: Math.min(editor.document.lineCount - 1, last + margin), version: editor.document.version };
  }

  private liveFor(document: vscode.TextDocument): LiveDocument | undefined {
    // a sidecar maps to its source in the store, but its text is YAML: never decorate it
    return isSidecarPath(document.uri.path) ? undefined : this.live.get(document);
  }

  private settingsFor(uri: vscode.Uri): HighlightSettings {
    const key = uri.toString();
    let s = this.settings.get(key);
    if (!s) this.settings.set(key, (s = highlightSettings(uri)));
    return s;
  }

  dispose(): void {
    for (const t of this.marginTimers.values()) clearTimeout(t);
    this.marginTimers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** The same annotations in the same order (their spans may have moved: the editor moved those). */
function sameMembers(a: readonly AnnotationSpan[], b: readonly AnnotationSpan[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].annotation !== b[i].annotation) return false;
  return true;
}

/**
 * Whether the keystroke's search for mentions stayed within EDIT_REACH of the edit, where
 * entitiesChangedAround compares them; a chain of overlapping aliases flipped past it (or a
 * word longer than the reach at the region's edge) means drawing the window's entities again.
 */
function withinReach(doc: LiveDocument, version: number, change: TextChange): boolean {
  const s = doc.searched;
  if (!s || s.version !== version) return true;
  return s.regions.every((r) => r.from >= change.offset - EDIT_REACH && r.to <= change.offset + change.inserted + EDIT_REACH);
}

function asChange(c: vscode.TextDocumentContentChangeEvent): TextChange {
  return { offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length };
}
