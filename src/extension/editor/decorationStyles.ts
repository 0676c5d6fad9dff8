// How each layer looks: decoration types built from the contributed theme colours
// (package.json `contributes.colors`), so themes and users can restyle every one of them.
import * as vscode from 'vscode';
import { CLAIM_STATUSES, ENTITY_TYPES, type ClaimStatus } from '../../core/types';
import { Colors } from '../ids';

export type EntityType = (typeof ENTITY_TYPES)[number];

/** Claims and notes, in two sets: with overview-ruler marks and without (a per-folder setting). */
export interface AnnotationStyles {
  claims: Record<ClaimStatus, vscode.TextEditorDecorationType>;
  note: vscode.TextEditorDecorationType;
  /** Claims whose words changed since they were assessed (issue 9): drawn over the status frame. */
  needsReview: vscode.TextEditorDecorationType;
  /** Annotations holding a merge conflict: drawn over everything else. */
  conflict: vscode.TextEditorDecorationType;
}

export class DecorationStyles implements vscode.Disposable {
  readonly entities: Record<EntityType, vscode.TextEditorDecorationType>;
  readonly withRuler: AnnotationStyles;
  readonly withoutRuler: AnnotationStyles;
  private readonly types: vscode.TextEditorDecorationType[] = [];

  constructor() {
    this.entities = Object.fromEntries(
      ENTITY_TYPES.map((t) => [t, this.type({ backgroundColor: new vscode.ThemeColor(Colors.entity(t)), borderRadius: '2px' })]),
    ) as Record<EntityType, vscode.TextEditorDecorationType>;
    this.withRuler = this.annotations(true);
    this.withoutRuler = this.annotations(false);
  }

  private annotations(ruler: boolean): AnnotationStyles {
    const mark = (color: string) => (ruler ? { overviewRulerColor: new vscode.ThemeColor(color), overviewRulerLane: vscode.OverviewRulerLane.Center } : {});
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
      // an outline, not a border: it sits outside the status frame, so both stay readable, and a
      // word after the span says why (a colour alone is not enough to tell these apart)
      needsReview: this.type({
        outline: '2px dashed',
        outlineColor: new vscode.ThemeColor(Colors.needsReview),
        after: { contentText: ' needs review', color: new vscode.ThemeColor(Colors.needsReview), fontStyle: 'italic' },
        ...mark(Colors.needsReview),
      }),
      conflict: this.type({
        outline: '2px double',
        outlineColor: new vscode.ThemeColor(Colors.conflict),
        after: { contentText: ' merge conflict', color: new vscode.ThemeColor(Colors.conflict), fontStyle: 'italic' },
        ...mark(Colors.conflict),
      }),
    };
  }

  private type(options: vscode.DecorationRenderOptions): vscode.TextEditorDecorationType {
    // ClosedClosed: typing at a span's edge does not grow it, the same rule LiveDocuments
    // applies, so ranges the editor moves by itself between two redraws stay right
    const t = vscode.window.createTextEditorDecorationType({ rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed, ...options });
    this.types.push(t);
    return t;
  }

  dispose(): void {
    for (const t of this.types) t.dispose();
  }
}

/** The ranges of each annotation layer of one editor. */
export interface AnnotationLayers {
  claims: Record<ClaimStatus, vscode.Range[]>;
  notes: vscode.Range[];
  needsReview: vscode.Range[];
  conflicts: vscode.Range[];
}

/** A layer's name as Decorations.sentIn reports it: `claim:<status>`, `note`, `needsReview`, `conflict`, `entity:<type>`. */
export type LayerName = string;

/** Each annotation layer of one style set with its name and ranges, in a fixed order. */
export function layerList(styles: AnnotationStyles, layers: AnnotationLayers): [LayerName, vscode.TextEditorDecorationType, vscode.Range[]][] {
  return [
    ...CLAIM_STATUSES.map((s): [LayerName, vscode.TextEditorDecorationType, vscode.Range[]] => [`claim:${s}`, styles.claims[s], layers.claims[s]]),
    ['note', styles.note, layers.notes],
    ['needsReview', styles.needsReview, layers.needsReview],
    ['conflict', styles.conflict, layers.conflicts],
  ];
}

