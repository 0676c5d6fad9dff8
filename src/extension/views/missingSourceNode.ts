// The Sources view's row for a sidecar left behind by a renamed or deleted source (issue 8): a
// warning row of its own with a Re-link action, so its annotations do not vanish without a word.
import * as vscode from 'vscode';
import { forLabel } from '../../core/text/untrusted';
import type { CorpusRoot, MissingSource } from '../store/corpusStore';
import { openCommand, warningIcon } from './presentation';
import type { ContainerNode } from './sourceNodes';
import { TreeNode } from './treeNode';

/** The contextValue of a sidecar whose source is gone; package.json's menus match it. */
export const MISSING_SOURCE_CONTEXT = 'sidecar.missingSource';

/**
 * A sidecar left behind by a renamed or deleted source. Selecting it opens the sidecar; its
 * inline button and context menu re-link it (`marginalia.relinkSidecar`, given this node).
 */
export class MissingSourceNode extends TreeNode {
  constructor(
    parent: ContainerNode | undefined,
    /** The sidecar file. */
    readonly uri: vscode.Uri,
    /** Where its source was. */
    readonly sourceUri: vscode.Uri,
    public root: CorpusRoot,
    public missing: MissingSource,
  ) {
    super(parent);
  }

  /** What commands given a tree item read (as from a TreeItem): the sidecar. */
  get resourceUri(): vscode.Uri {
    return this.uri;
  }

  get name(): string {
    return this.missing.sidecarPath.slice(this.missing.sidecarPath.lastIndexOf('/') + 1);
  }

  get sortKey(): { title: string; rel: string } {
    return { title: this.name, rel: this.missing.sidecarPath };
  }

  get annotationCount(): number {
    return this.missing.parsed?.sidecar?.annotations.length ?? 0;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(forLabel(this.name), vscode.TreeItemCollapsibleState.None);
    item.id = `missing:${this.uri.toString()}`;
    item.iconPath = warningIcon;
    const n = this.annotationCount;
    item.description = [`⚠ source not found`, n ? `${n} ${n === 1 ? 'annotation' : 'annotations'}` : ''].filter(Boolean).join(' · ');
    item.contextValue = MISSING_SOURCE_CONTEXT;
    item.command = openCommand(this.uri);
    return item;
  }

  override tooltip(): vscode.MarkdownString {
    const source = this.missing.source.slice(this.missing.source.lastIndexOf('/') + 1);
    // plain text only: names come from files anyone may have committed
    const md = new vscode.MarkdownString();
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendText(`${forLabel(source)} was not found: it was renamed or deleted. Re-link this sidecar to the file it belongs to now.`);
    return md;
  }
}
