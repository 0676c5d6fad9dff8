// The "Show N more…" row under a long list (issue 15; the paging is core/redraw/paging.ts): a
// refreshed group makes VS Code's host list every child again, so a list of thousands shows a
// page and this row, whose click (marginalia._showMore, passed the row) grows that list by a
// page. Its label is ours alone: counts, no file text.
import * as vscode from 'vscode';
import type { Page, Paging } from '../../core/redraw/paging';
import { Commands } from '../ids';
import { contextValue } from './presentation';
import { TreeNode } from './treeNode';
import { formatCount } from '../../core/text/count';

export class MoreNode extends TreeNode {
  constructor(
    /** The group it ends (undefined: the view's top level). */
    parent: TreeNode | undefined,
    /** The list it grows, unique within the view (the group's tree id). */
    readonly list: string,
    /** How many the click adds, and how many are not listed. */
    readonly next: number,
    readonly hidden: number,
    /** Grows the list by a page and redraws it. */
    readonly grow: () => void,
  ) {
    super(parent);
  }

  get treeId(): string {
    return `more:${this.list}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Show ${formatCount(this.next)} more…`, vscode.TreeItemCollapsibleState.None);
    item.id = this.treeId;
    item.description = `${formatCount(this.hidden)} not listed`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = contextValue('more');
    item.command = { command: Commands.showMore, title: 'Show More', arguments: [this] };
    return item;
  }
}

/** What the command runs: the row's list grows; anything else (the palette, a script) does nothing. */
export function showMore(arg: unknown): void {
  if (arg instanceof MoreNode) arg.grow();
}

/** A list's rows as the view lists them: the page, then the "more" row if some are not listed. */
export function paged<T>(paging: Paging, parent: TreeNode | undefined, list: string, rows: readonly T[], grow: () => void): (T | MoreNode)[] {
  return withMore(paging.page(list, rows), parent, list, grow);
}

/** `paged` for a list whose rows are made only as far as listed (`first(n)`: the first n of `total`). */
export function pagedBy<T>(paging: Paging, parent: TreeNode | undefined, list: string, total: number, first: (n: number) => T[], grow: () => void): (T | MoreNode)[] {
  return withMore(paging.pageOf(list, total, first), parent, list, grow);
}

function withMore<T>(p: Page<T>, parent: TreeNode | undefined, list: string, grow: () => void): (T | MoreNode)[] {
  return p.hidden ? [...p.rows, new MoreNode(parent, list, p.next, p.hidden, grow)] : p.rows;
}
