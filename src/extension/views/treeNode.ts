// The shape every view's nodes share, after the GitHub Pull Requests extension: one class per
// node type, each building its own TreeItem and children, and a provider that only delegates.
// Parents are kept on the nodes so `TreeView.reveal` can walk up from any of them.
import * as vscode from 'vscode';

export abstract class TreeNode {
  constructor(readonly parent: TreeNode | undefined) {}

  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): TreeNode[] {
    return [];
  }

  /** Children that need a file read first (a closed source's text: the store keeps only open ones', issue 15); else getChildren. */
  loadChildren?(): Promise<TreeNode[]>;

  /** Built only when the item is hovered (`resolveTreeItem`): tooltips can be costly. */
  tooltip(): vscode.MarkdownString | undefined {
    return undefined;
  }
}

export abstract class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  /** The top-level nodes (a promise while they are being built: the view shows its progress bar). */
  protected abstract roots(): TreeNode[] | Promise<TreeNode[]>;

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    return node ? (node.loadChildren?.() ?? node.getChildren()) : this.roots();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /**
   * The item with its tooltip, on a copy: a node may hand out the same item again (AnnotationNode
   * keeps it), and a tooltip reads other sources (evidence), so it is made afresh each hover.
   */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (item.tooltip !== undefined) return item;
    const copy = Object.assign(Object.create(Object.getPrototypeOf(item) as object) as vscode.TreeItem, item);
    copy.tooltip = node.tooltip();
    return copy;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
