// One annotation, as listed under its source (Sources view) or under its status (Claims view).
import * as vscode from 'vscode';
import type { Corpus } from '../../core/corpus';
import type { Placement } from '../../core/placement';
import type { Annotation, ClaimStatus } from '../../core/types';
import { annotationIcon, clip, contextValue, revealCommand } from './presentation';
import { isConflicted, placedReview, type Review } from './summary';
import { annotationTooltip } from './tooltips';
import { TreeNode } from './treeNode';

export interface AnnotationNodeInit {
  /** Unique within the view: the tree id is `${key}`. */
  key: string;
  /** The source file, and its path relative to the corpus root. */
  source: vscode.Uri;
  rel: string;
  corpus: Corpus;
  annotation: Annotation;
  /**
   * Its placement, when the caller has it (null: it has none): else the corpus is asked by id,
   * which indexes a source's arrays (a new one for each change of a 20,000-annotation sidecar).
   */
  placement?: Placement | null;
  orphaned: boolean;
  /** Shown before the description in views that list annotations of many sources. */
  where?: string;
  /** Leave the claim's status out of the description (the Claims view groups by it). */
  hideStatus?: boolean;
}

export class AnnotationNode extends TreeNode {
  /** For commands run from the item's context menu: the source and the annotation's id. */
  source!: vscode.Uri;
  annotation!: Annotation;
  orphaned!: boolean;
  /** The status the claim shows (its own, or derived from contradicting links); undefined for others. */
  status: ClaimStatus | undefined;
  /** A claim whose words changed since it was assessed (issue 9), with both texts. */
  review: Review | undefined;
  private init!: AnnotationNodeInit;
  /**
   * The item, made once per refill: the workbench asks again for every row of a group it lists
   * again (issue 15: thousands of rows under one status at 10,000 sources).
   */
  private item: vscode.TreeItem | undefined;
  /** signature(), made once per refill: a change of a source compares each of its rows (13,000 in one transcript). */
  private sig: string | undefined;

  constructor(parent: TreeNode, init: AnnotationNodeInit) {
    super(parent);
    this.refill(init);
  }

  /**
   * Points the node at its annotation as it is now. The Claims view keeps a row's node across a
   * change of its source (issue 15: the workbench knows rows by their node, and redraws one
   * row only for a node it knows); the parent stays, so the caller refills only a row that
   * stays in its group.
   */
  refill(init: AnnotationNodeInit): void {
    this.init = init;
    this.item = undefined;
    this.sig = undefined;
    this.source = init.source;
    this.annotation = init.annotation;
    this.orphaned = init.orphaned;
    this.status = init.annotation.kind === 'claim' ? init.corpus.statusOf(init.rel, init.annotation) : undefined;
    const placement = init.annotation.kind !== 'claim' ? undefined : init.placement !== undefined ? (init.placement ?? undefined) : init.corpus.find(init.rel, init.annotation.id)?.placement;
    this.review = placement && placedReview(placement);
  }

  /** Takes what another node of the same row holds (one built from the annotation as it is now). */
  refillFrom(other: AnnotationNode): void {
    this.refill(other.init);
    this.sig = other.sig; // the same init draws the same row
  }

  /**
   * Everything the row shows, as one string: two nodes with the same signature draw the same row.
   * The annotation itself is in it for the tooltip (note, history, replies…): the workbench keeps
   * a row's resolved tooltip until the row is redrawn.
   */
  signature(): string {
    return (this.sig ??= this.makeSignature());
  }

  private makeSignature(): string {
    const item = this.getTreeItem();
    const icon = item.iconPath instanceof vscode.ThemeIcon ? `${item.iconPath.id}/${item.iconPath.color?.id ?? ''}` : '';
    return JSON.stringify([item.label, item.description, item.contextValue, icon, item.accessibilityInformation?.label, item.command?.arguments, this.annotation, this.review]);
  }

  get id(): string {
    return this.annotation.id;
  }

  getTreeItem(): vscode.TreeItem {
    this.item ??= this.makeItem();
    return this.item;
  }

  private makeItem(): vscode.TreeItem {
    const a = this.annotation;
    const item = new vscode.TreeItem(clip(a.quote) || '(empty quote)', vscode.TreeItemCollapsibleState.None);
    item.id = this.init.key;
    const entity = a.entity ? this.init.corpus.entity(a.entity) : undefined;
    const what = a.kind === 'claim' ? !this.init.hideStatus && this.status : a.kind === 'entity' ? (entity?.name ?? a.entity) : a.note && clip(a.note, 40);
    const conflict = isConflicted(a);
    item.description = [conflict && '⚠ merge conflict', this.review && '⟳ needs review', this.orphaned && '⚠ orphaned', this.init.where, what].filter(Boolean).join(' · ');
    item.iconPath = annotationIcon(a, this.status, entity?.type, this.orphaned);
    item.contextValue = contextValue('annotation', a.kind, this.status, this.orphaned && 'orphaned', this.review && 'needsReview', conflict && 'conflict');
    item.command = revealCommand({ source: this.source.toString(), id: a.id });
    item.accessibilityInformation = { label: `${a.kind}${this.status ? ` (${this.status})` : ''}${this.orphaned ? ', orphaned' : ''}: ${a.quote}` };
    return item;
  }

  override tooltip(): vscode.MarkdownString {
    const a = this.annotation;
    return annotationTooltip({
      rel: this.init.rel,
      annotation: a,
      status: this.status,
      orphaned: this.orphaned,
      review: this.review,
      entity: a.entity ? this.init.corpus.entity(a.entity) : undefined,
      corpus: this.init.corpus,
    });
  }
}
