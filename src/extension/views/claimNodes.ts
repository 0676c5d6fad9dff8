// The Claims view's nodes: one group per status, each listing its claims from every source, and
// above them a "Conflicts" group of claims a merge left for someone to settle (issue 9). A group
// lists its rows through `list` (the Claims view's paging, issue 15: a page and a "more" row).
import * as vscode from 'vscode';
import type { ClaimStatus } from '../../core/types';
import { Colors } from '../ids';
import type { AnnotationNode } from './annotationNode';
import { capitalise, claimIcon, contextValue } from './presentation';
import { TreeNode } from './treeNode';

/** Open by default: what a reviewer must look at. The settled ones start folded. */
const EXPANDED: ReadonlySet<ClaimStatus> = new Set(['disputed', 'refuted']);

/** What a group lists for its claims: all of them, or a page and a "more" row. */
export type ListRows = (group: TreeNode, claims: AnnotationNode[]) => TreeNode[];
const ALL: ListRows = (_, claims) => claims;

export class StatusNode extends TreeNode {
  claims: AnnotationNode[] = [];

  constructor(
    readonly status: ClaimStatus,
    private readonly list: ListRows = ALL,
  ) {
    super(undefined);
  }

  get treeId(): string {
    return `status:${this.status}`;
  }

  getTreeItem(): vscode.TreeItem {
    const state = EXPANDED.has(this.status) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(capitalise(this.status), state);
    item.id = this.treeId;
    item.description = String(this.claims.length);
    item.iconPath = claimIcon(this.status);
    item.contextValue = contextValue('status', this.status);
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.list(this, this.claims);
  }
}

/** Claims holding merge conflicts: first in the view, open, whatever their status. */
export class ConflictsNode extends TreeNode {
  claims: AnnotationNode[] = [];

  constructor(private readonly list: ListRows = ALL) {
    super(undefined);
  }

  get treeId(): string {
    return 'conflicts';
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Conflicts', vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.treeId;
    item.description = String(this.claims.length);
    item.iconPath = new vscode.ThemeIcon('git-merge', new vscode.ThemeColor(Colors.conflict));
    item.tooltip = 'Claims a git merge left with two values: run Resolve Sidecar Conflict on each.';
    item.contextValue = contextValue('conflicts');
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.list(this, this.claims);
  }
}
