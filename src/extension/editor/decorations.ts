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
// which mentions there are; then the visible lines first, and the margin once typing pauses.
import * as vscode from 'vscode';
import { isSidecarPath } from '../../core/format';
import { CLAIM_STATUSES, ENTITY_TYPES, type ClaimStatus } from '../../core/types';
import { firstEndingAfter, type TextChange } from '../../core/spans';
import { sameMentionsAround, touchesAny, type MentionSpan } from '../../core/live/mentionsAround';
import { highlightSettings, type HighlightSettings } from '../config';
import { Settings } from '../ids';
import { isConflicted, reviewOf } from '../views/summary';
import { DecorationStyles, type EntityType } from './decorationStyles';
import type { LiveDocument, LiveDocuments } from './liveDocuments';

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

interface Window {
  fromLine: number;
  toLine: number;
  version: number;
}

/** The annotation layers of one editor. */
interface AnnotationLayers {
  claims: Record<ClaimStatus, vscode.Range[]>;
  notes: vscode.Range[];
  needsReview: vscode.Range[];
  conflicts: vscode.Range[];
}

interface EditorState {
  /** The annotation ranges drawn, or how to compute them when the editor moved them by itself. */
  layers: AnnotationLayers | (() => AnnotationLayers);
  /** How many annotation spans were drawn: one lost or found means drawing again. */
  spans: number;
  ruler: boolean;
  /** The mentions drawn (the live array they came from) and where, or nothing when entities are off. */
  window: Window | undefined;
  mentions: readonly MentionSpan[];
  entityAnnotations: string;
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

  /** After a live change: an edit (`edits`), or a rebuild from the store (no edits). */
  private update(editor: vscode.TextEditor, edits: vscode.TextDocumentContentChangeEvent[][] | undefined): void {
    const doc = this.liveFor(editor.document);
    const state = this.state.get(editor);
    if (!edits || !doc || !state) return this.render(editor);
    const settings = this.settingsFor(editor.document.uri);
    const change = edits.length === 1 && edits[0].length === 1 ? asChange(edits[0][0]) : undefined;
    if (change && state.spans === doc.annotations.length && !touchesAny(doc.annotations, change)) {
      // no annotation touched: the editor has moved their ranges as LiveDocuments moved the spans
      state.layers = () => this.annotationLayers(editor, doc, settings);
    } else this.drawAnnotations(editor, doc, settings);
    const window = state.window;
    if (!window) return; // entities are off
    if (change && entityAnnotations(doc) === state.entityAnnotations && sameMentionsAround(state.mentions, doc.mentions, change)) {
      // the editor has moved the ranges it holds; nothing to send
      state.mentions = doc.mentions;
      window.version = editor.document.version;
      state.entities = () => this.entityRanges(editor, doc, window);
      return;
    }
    this.drawEntities(editor, doc, settings, false);
    this.drawMarginLater(editor);
  }

  private drawAnnotations(editor: vscode.TextEditor, doc: LiveDocument | undefined, settings: HighlightSettings): void {
    const on = settings.overviewRuler ? this.styles.withRuler : this.styles.withoutRuler;
    const off = settings.overviewRuler ? this.styles.withoutRuler : this.styles.withRuler;
    const layers = this.annotationLayers(editor, doc, settings);
    for (const status of CLAIM_STATUSES) {
      editor.setDecorations(on.claims[status], layers.claims[status]);
      editor.setDecorations(off.claims[status], []);
    }
    editor.setDecorations(on.note, layers.notes);
    editor.setDecorations(off.note, []);
    editor.setDecorations(on.needsReview, layers.needsReview);
    editor.setDecorations(off.needsReview, []);
    editor.setDecorations(on.conflict, layers.conflicts);
    editor.setDecorations(off.conflict, []);
    const state = this.state.get(editor);
    const spans = doc?.annotations.length ?? 0;
    if (state) Object.assign(state, { layers, spans, ruler: settings.overviewRuler });
    else this.state.set(editor, { layers, spans, ruler: settings.overviewRuler, window: undefined, mentions: [], entityAnnotations: '', entities: emptyByType() });
  }

  /** Claims by status, notes, and the needs-review and conflict layers over them. */
  private annotationLayers(editor: vscode.TextEditor, doc: LiveDocument | undefined, settings: HighlightSettings): AnnotationLayers {
    const claims = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, [] as vscode.Range[]])) as Record<ClaimStatus, vscode.Range[]>;
    const notes: vscode.Range[] = [];
    const needsReview: vscode.Range[] = [];
    const conflicts: vscode.Range[] = [];
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
          claims[corpus.statusOf(doc.ref.rel, s.annotation)].push(r);
          // the words as they stand in the editor now, saved or not
          if (reviewOf(s.annotation, document.getText(r))) needsReview.push(r);
        } else if (kind === 'note' && settings.notes) notes.push(r);
        // a conflict shows whatever layers are on: it blocks nothing but must not go unseen
        if (conflicted) conflicts.push(r);
      }
    }
    return { claims, notes, needsReview, conflicts };
  }

  private drawEntities(editor: vscode.TextEditor, doc: LiveDocument | undefined, settings: HighlightSettings, withMargin: boolean): void {
    const state = this.state.get(editor)!;
    let entities = emptyByType();
    state.window = undefined;
    if (doc && settings.entities) {
      const window = this.windowOf(editor, withMargin);
      entities = this.entityRanges(editor, doc, window);
      Object.assign(state, { window, mentions: doc.mentions, entityAnnotations: entityAnnotations(doc) });
    }
    state.entities = entities;
    for (const t of ENTITY_TYPES) editor.setDecorations(this.styles.entities[t], entities[t]);
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
    this.drawEntities(editor, doc, this.settingsFor(editor.document.uri), true);
  }

  private windowOf(editor: vscode.TextEditor, withMargin: boolean): Window {
    const visible = editor.visibleRanges;
    const first = visible.length ? visible[0].start.line : 0;
    const last = visible.length ? visible[visible.length - 1].end.line : 0;
    const margin = withMargin ? Math.max(MIN_MARGIN_LINES, last - first) : 0;
    return { fromLine: Math.max(0, first - margin), toLine: Math.min(editor.document.lineCount - 1, last + margin), version: editor.document.version };
  }

  /** Entity annotations (few: all of them) and the registry mentions in the window. */
  private entityRanges(editor: vscode.TextEditor, doc: LiveDocument, window: Window): Record<EntityType, vscode.Range[]> {
    const byType = emptyByType();
    const document = editor.document;
    const { corpus } = doc.ref.root;
    const typeOf = (id: string | undefined): EntityType => {
      const t = id === undefined ? undefined : corpus.entity(id)?.type;
      return t !== undefined && (ENTITY_TYPES as readonly string[]).includes(t) ? (t as EntityType) : 'other';
    };
    // an `entity` annotation says what the words are: a registry match under it gives way
    const annotated = doc.annotations.filter((s) => s.annotation.kind === 'entity').sort((a, b) => a.start - b.start);
    for (const s of annotated) byType[typeOf(s.annotation.entity)].push(range(document, s.start, s.end));
    const from = document.offsetAt(new vscode.Position(window.fromLine, 0));
    const to = document.offsetAt(document.lineAt(Math.min(window.toLine, document.lineCount - 1)).range.end);
    const ms = doc.mentions;
    let j = 0;
    for (let i = firstEndingAfter(ms, from); i < ms.length && ms[i].start < to; i++) {
      const m = ms[i];
      while (j < annotated.length && annotated[j].end <= m.start) j++;
      let covered = false;
      for (let k = j; k < annotated.length && annotated[k].start < m.end && !covered; k++) covered = annotated[k].end > m.start;
      if (!covered) byType[typeOf(m.entity)].push(range(document, m.start, m.end));
    }
    return byType;
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

function emptyByType(): Record<EntityType, vscode.Range[]> {
  return Object.fromEntries(ENTITY_TYPES.map((t) => [t, [] as vscode.Range[]])) as Record<EntityType, vscode.Range[]>;
}

function range(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

/** Which `entity` annotations are placed: when one is lost or found, entities are redrawn. */
function entityAnnotations(doc: LiveDocument): string {
  let ids = '';
  for (const s of doc.annotations) if (s.annotation.kind === 'entity') ids += `${s.annotation.id} `;
  return ids;
}

function asChange(c: vscode.TextDocumentContentChangeEvent): TextChange {
  return { offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length };
}
