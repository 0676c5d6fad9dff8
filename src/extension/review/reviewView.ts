// The Review view (issue 11): what awaits review — claims not reviewed yet, claims whose words
// changed since they were assessed, claims a reviewer sent back, annotations holding an open
// merge conflict — grouped by source, the count in the view's badge. The rule is the core's
// (review/loop.ts `awaitingReview`), shared with `marginalia review`. Rows are the Claims view's
// own AnnotationNodes, so their context menus (Change Status, Approve, Reply…) work here too and
// a click reveals the annotation.
import * as vscode from 'vscode';
import { awaitingReview, AWAITING, AWAITING_LABEL, type Awaiting } from '../../core/review/loop';
import { forLabel } from '../../core/text/untrusted';
import { Views } from '../ids';
import type { CorpusRoot, CorpusStore } from '../store/corpusStore';
import { AnnotationNode } from '../views/annotationNode';
import { rootLabel } from '../views/presentation';
import { isPlaced } from '../views/summary';
import { NodeTreeProvider, TreeNode } from '../views/treeNode';

class SourceGroup extends TreeNode {
  readonly items: AnnotationNode[] = [];
  constructor(readonly label: string, readonly uri: vscode.Uri) {
    super(undefined);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(forLabel(this.label, 120), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `review:${this.uri.toString()}`;
    item.resourceUri = this.uri;
    item.iconPath = vscode.ThemeIcon.File;
    item.description = `${this.items.length} awaiting`;
    item.contextValue = 'reviewSource';
    return item;
  }
  override getChildren(): TreeNode[] {
    return this.items;
  }
}

export class ReviewTree extends NodeTreeProvider {
  private model: SourceGroup[] | null = null;
  /** Why each listed annotation awaits review, by tree key (for tests and the tooltip-less description). */
  readonly reasons = new Map<string, Awaiting[]>();

  constructor(private readonly store: CorpusStore) {
    super();
  }

  update(): void {
    this.model = null;
    this.changed.fire(undefined);
  }

  /** Everything awaiting review now: how many annotations. */
  count(): number {
    return (this.model ??= this.build()).reduce((n, g) => n + g.items.length, 0);
  }

  groups(): readonly SourceGroup[] {
    return (this.model ??= this.build());
  }

  protected roots(): TreeNode[] {
    if (!this.store.ready) return [];
    return [...this.groups()];
  }

  private build(): SourceGroup[] {
    this.reasons.clear();
    const out: SourceGroup[] = [];
    const roots = this.store.allRoots();
    for (const root of roots) {
      for (const entry of [...root.corpus.all()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))) {
        const uri = this.store.uriOf(root, entry.source);
        const group = new SourceGroup(label(root, entry.source, roots.length > 1), uri);
        const seen = new Set<string>();
        const placed = new Map(entry.placements.map((p) => [p.annotation.id, p]));
        for (const a of entry.parsed?.sidecar?.annotations ?? []) {
          const p = placed.get(a.id) ?? { annotation: a, result: { state: 'orphaned' as const, start: null, end: null, confidence: 0 } };
          const why = awaitingReview(p);
          if (!why.length || seen.has(a.id)) continue;
          seen.add(a.id);
          const key = `review:${uri.toString()}#${a.id}`;
          this.reasons.set(key, why);
          group.items.push(new AnnotationNode(group, { key, source: uri, rel: entry.source, corpus: root.corpus, annotation: a, orphaned: !isPlaced(p.result), where: why.map((w) => AWAITING_LABEL[w]).join(', ') }));
        }
        // most pressing first: words changed, sent back, conflicts, then not yet reviewed
        const rank = (n: AnnotationNode) => AWAITING.indexOf(this.reasons.get(`review:${uri.toString()}#${n.annotation.id}`)![0]);
        group.items.sort((x, y) => rank(x) - rank(y));
        if (group.items.length) out.push(group);
      }
    }
    return out;
  }
}

function label(root: CorpusRoot, rel: string, many: boolean): string {
  return many ? `${rootLabel(root)}: ${rel}` : rel;
}

/** The view, its badge kept to the count. */
export class ReviewView implements vscode.Disposable {
  readonly tree: ReviewTree;
  readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly store: CorpusStore) {
    this.tree = new ReviewTree(store);
    this.view = vscode.window.createTreeView(Views.review, { treeDataProvider: this.tree, showCollapseAll: true });
    this.disposables = [this.tree, this.view, store.onDidChange(() => this.refresh())];
    this.refresh();
  }

  private refresh(): void {
    this.tree.update();
    if (!this.store.ready) return;
    const n = this.tree.count();
    this.view.badge = n ? { value: n, tooltip: `${n} annotation${n === 1 ? '' : 's'} awaiting review` } : undefined;
    this.view.message = n ? undefined : 'Nothing awaits review.';
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
