// Inline highlights: entity mentions by type, claims by effective status, notes, drawn from
// LiveDocuments so they follow the text on every keystroke. Claims and notes are few and are
// drawn over the whole document; mentions can number tens of thousands in a long source, so only
// those near the visible ranges become Ranges, and scrolling past that window draws the next one.
// Colours are contributed theme colours (package.json `contributes.colors`).
import * as vscode from 'vscode';
import { isSidecarPath } from '../../core/format';
import { CLAIM_STATUSES, ENTITY_TYPES, type ClaimStatus } from '../../core/types';
import { highlightSettings, type HighlightSettings } from '../config';
import { Colors, Settings } from '../ids';
import type { LiveDocument, LiveDocuments } from './liveDocuments';

/** Lines drawn above and below the visible ranges, at least: scrolling within them redraws nothing. */
const MIN_MARGIN_LINES = 60;

type EntityType = (typeof ENTITY_TYPES)[number];

interface Window {
  version: number;
  fromLine: number;
  toLine: number;
}

/** What one editor shows, as last drawn. */
export interface Drawn {
  claims: Record<ClaimStatus, vscode.Range[]>;
  notes: vscode.Range[];
  entities: Record<EntityType, vscode.Range[]>;
  /** Whether claims and notes were drawn with overview-ruler marks. */
  ruler: boolean;
}

/** Decoration types for claims and notes, in two sets: with overview-ruler marks and without. */
interface AnnotationTypes {
  claims: Record<ClaimStatus, vscode.TextEditorDecorationType>;
  note: vscode.TextEditorDecorationType;
}

export class Decorations implements vscode.Disposable {
  private readonly entityTypes: Record<EntityType, vscode.TextEditorDecorationType>;
  private readonly withRuler: AnnotationTypes;
  private readonly withoutRuler: AnnotationTypes;
  private readonly settings = new Map<string, HighlightSettings>();
  /** The line window whose mentions each editor shows, to skip redraws while scrolling inside it. */
  private readonly windows = new WeakMap<vscode.TextEditor, Window>();
  private readonly drawn = new WeakMap<vscode.TextEditor, Drawn>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly live: LiveDocuments) {
    this.entityTypes = Object.fromEntries(
      ENTITY_TYPES.map((t) => [t, this.type({ backgroundColor: new vscode.ThemeColor(Colors.entity(t)), borderRadius: '2px' })]),
    ) as Record<EntityType, vscode.TextEditorDecorationType>;
    this.withRuler = this.annotationTypes(true);
    this.withoutRuler = this.annotationTypes(false);
    this.disposables.push(
      live.onDidChange((document) => {
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.render(editor);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.render(e))),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e.textEditor)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (![Settings.highlightEntities, Settings.highlightClaims, Settings.highlightNotes, Settings.overviewRuler].some((k) => e.affectsConfiguration(k))) return;
        this.settings.clear();
        vscode.window.visibleTextEditors.forEach((ed) => this.render(ed));
      }),
    );
    vscode.window.visibleTextEditors.forEach((e) => this.render(e));
  }

  /** Draws every layer of one editor. */
  render(editor: vscode.TextEditor): void {
    const doc = this.liveFor(editor.document);
    const settings = this.settingsFor(editor.document.uri);
    const on = settings.overviewRuler ? this.withRuler : this.withoutRuler;
    const off = settings.overviewRuler ? this.withoutRuler : this.withRuler;
    const claims = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, [] as vscode.Range[]])) as Record<ClaimStatus, vscode.Range[]>;
    const notes: vscode.Range[] = [];
    if (doc) {
      const { corpus } = doc.ref.root;
      const document = editor.document;
      for (const s of doc.annotations) {
        const kind = s.annotation.kind;
        if (kind === 'claim' && settings.claims) claims[corpus.statusOf(doc.ref.rel, s.annotation)].push(range(document, s.start, s.end));
        else if (kind === 'note' && settings.notes) notes.push(range(document, s.start, s.end));
      }
    }
    for (const status of CLAIM_STATUSES) {
      editor.setDecorations(on.claims[status], claims[status]);
      editor.setDecorations(off.claims[status], []);
    }
    editor.setDecorations(on.note, notes);
    editor.setDecorations(off.note, []);
    const entities = this.renderEntities(editor, doc, settings);
    this.drawn.set(editor, { claims, notes, entities, ruler: settings.overviewRuler });
  }

  /** What an editor shows now (the integration tests read highlights through this). */
  drawnIn(editor: vscode.TextEditor): Readonly<Drawn> | undefined {
    return this.drawn.get(editor);
  }

  private scrolled(editor: vscode.TextEditor): void {
    const doc = this.liveFor(editor.document);
    if (!doc) return;
    const w = this.windows.get(editor);
    const visible = editor.visibleRanges;
    if (w && w.version === editor.document.version && visible.length && visible[0].start.line >= w.fromLine && visible[visible.length - 1].end.line <= w.toLine) return;
    const entities = this.renderEntities(editor, doc, this.settingsFor(editor.document.uri));
    const drawn = this.drawn.get(editor);
    if (drawn) drawn.entities = entities;
  }

  /** Entity annotations (few: all of them) and registry mentions near the visible ranges. */
  private renderEntities(editor: vscode.TextEditor, doc: LiveDocument | undefined, settings: HighlightSettings): Record<EntityType, vscode.Range[]> {
    const byType = Object.fromEntries(ENTITY_TYPES.map((t) => [t, [] as vscode.Range[]])) as Record<EntityType, vscode.Range[]>;
    this.windows.delete(editor);
    if (doc && settings.entities) {
      const document = editor.document;
      const { corpus } = doc.ref.root;
      const typeOf = (id: string | undefined): EntityType => {
        const t = id === undefined ? undefined : corpus.entity(id)?.type;
        return t !== undefined && (ENTITY_TYPES as readonly string[]).includes(t) ? (t as EntityType) : 'other';
      };
      // an `entity` annotation says what the words are: a registry match under it gives way
      const annotated = doc.annotations.filter((s) => s.annotation.kind === 'entity').sort((a, b) => a.start - b.start);
      for (const s of annotated) byType[typeOf(s.annotation.entity)].push(range(document, s.start, s.end));

      const visible = editor.visibleRanges;
      const first = visible.length ? visible[0].start.line : 0;
      const last = visible.length ? visible[visible.length - 1].end.line : 0;
      const margin = Math.max(MIN_MARGIN_LINES, last - first);
      const fromLine = Math.max(0, first - margin);
      const toLine = Math.min(document.lineCount - 1, last + margin);
      const from = document.offsetAt(new vscode.Position(fromLine, 0));
      const to = document.offsetAt(document.lineAt(toLine).range.end);
      const ms = doc.mentions;
      let j = 0;
      for (let i = firstEndingAfter(ms, from); i < ms.length && ms[i].start < to; i++) {
        const m = ms[i];
        while (j < annotated.length && annotated[j].end <= m.start) j++;
        let covered = false;
        for (let k = j; k < annotated.length && annotated[k].start < m.end && !covered; k++) covered = annotated[k].end > m.start;
        if (!covered) byType[typeOf(m.entity)].push(range(document, m.start, m.end));
      }
      this.windows.set(editor, { version: document.version, fromLine, toLine });
    }
    for (const t of ENTITY_TYPES) editor.setDecorations(this.entityTypes[t], byType[t]);
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

  private annotationTypes(ruler: boolean): AnnotationTypes {
    const lane = ruler ? { overviewRulerLane: vscode.OverviewRulerLane.Center } : {};
    const mark = (color: string) => (ruler ? { overviewRulerColor: new vscode.ThemeColor(color), ...lane } : {});
    const bg = (s: ClaimStatus) => new vscode.ThemeColor(Colors.claim(s));
    const border = (s: ClaimStatus) => new vscode.ThemeColor(Colors.claimBorder(s));
    // disputed and refuted must be unmistakable: fill and a solid frame; unverified is quieter
    // (faint fill, dashed underline); corroborated is calm (faint fill, thin underline)
    const framed = (s: ClaimStatus) =>
      this.type({ backgroundColor: bg(s), border: '1px solid', borderColor: border(s), borderRadius: '2px', ...mark(Colors.claimBorder(s)) });
    const underlined = (s: ClaimStatus, style: string) =>
      this.type({ backgroundColor: bg(s), borderStyle: `none none ${style} none`, borderWidth: '0 0 1px 0', borderColor: border(s), ...mark(Colors.claimBorder(s)) });
    return {
      claims: {
        disputed: framed('disputed'),
        refuted: framed('refuted'),
        unverified: underlined('unverified', 'dashed'),
        corroborated: underlined('corroborated', 'solid'),
      },
      note: this.type({ borderStyle: 'none none dotted none', borderWidth: '0 0 1px 0', borderColor: new vscode.ThemeColor(Colors.note), ...mark(Colors.note) }),
    };
  }

  private type(options: vscode.DecorationRenderOptions): vscode.TextEditorDecorationType {
    // ClosedClosed: typing at a span's edge does not grow it, as LiveDocuments shifts spans
    const t = vscode.window.createTextEditorDecorationType({ rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed, ...options });
    this.disposables.push(t);
    return t;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function range(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

/** Index of the first span ending after `offset`, spans sorted and non-overlapping. */
function firstEndingAfter(spans: readonly { start: number; end: number }[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
