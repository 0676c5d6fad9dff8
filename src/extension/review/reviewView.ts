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
import type { SourceEntry } from '../../core/corpus';
import type { Annotation } from '../../core/types';
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

/** An annotation awaiting review, with why (most pressing first). */
interface Pending {
  annotation: Annotation;
  placed: boolean;
  why: Awaiting[];
}

/**
 * What awaits review in one source, kept while its sidecar and placements are the same objects
 * (the store replaces both whenever either changes): a store change re-counts only the sources
 * it touched, not 50,000 annotations (issue 15: building every row after each change was a
 * second of the host's time per re-index at 10,000 sources).
 */
interface Counted {
  parsed: SourceEntry['parsed'];
  placements: SourceEntry['placements'];
  pending: Pending[];
}

export class ReviewTree extends NodeTreeProvider {
  private model: SourceGroup[] | null = null;
  private readonly counted = new WeakMap<SourceEntry, Counted>();
  /** Why each listed annotation awaits review, by tree key (for tests and the tooltip-less description). */
  readonly reasons = new Map<string, Awaiting[]>();

  constructor(private readonly store: CorpusStore) {
    super();
  }

  update(): void {
    this.model = null;
    this.changed.fire(undefined);
  }

  /** Everything awaiting review now: how many annotations (no rows built). */
  count(): number {
    let n = 0;
    for (const root of this.store.allRoots()) for (const entry of root.corpus.all()) n += this.pending(entry).length;
    return n;
  }

  groups(): readonly SourceGroup[] {
    return (this.model ??= this.build());
  }

  protected roots(): TreeNode[] {
    if (!this.store.ready) return [];
    return [...this.groups()];
  }

  /** The source's annotations awaiting review, most pressing first (words changed, sent back, conflicts, not yet reviewed). */
  private pending(entry: SourceEntry): Pending[] {
    const kept = this.counted.get(entry);
    if (kept && kept.parsed === entry.parsed && kept.placements === entry.placements) return kept.pending;
    const seen = new Set<string>();
    const placed = new Map(entry.placements.map((p) => [p.annotation.id, p]));
    const pending: Pending[] = [];
    for (const a of entry.parsed?.sidecar?.annotations ?? []) {
      const p = placed.get(a.id) ?? { annotation: a, result: { state: 'orphaned' as const, start: null, end: null, confidence: 0 } };
      const why = awaitingReview(p);
      if (!why.length || seen.has(a.id)) continue;
      seen.add(a.id);
      pending.push({ annotation: a, placed: isPlaced(p.result), why });
    }
    const rank = (x: Pending) => AWAITING.indexOf(x.why[0]);
    pending.sort((x, y) => rank(x) - rank(y));
    this.counted.set(entry, { parsed: entry.parsed, placements: entry.placements, pending });
    return pending;
  }

  /** The rows, built when the view shows them. */
  private build(): SourceGroup[] {
    this.reasons.clear();
    const out: SourceGroup[] = [];
    const roots = this.store.allRoots();
    for (const root of roots) {
      // all() is in path order
      for (const entry of root.corpus.all()) {
        const pending = this.pending(entry);
        if (!pending.length) continue;
        const uri = this.store.uriOf(root, entry.source);
        const group = new SourceGroup(label(root, entry.source, roots.length > 1), uri);
        for (const { annotation: a, placed, why } of pending) {
          const key = `review:${uri.toString()}#${a.id}`;
          this.reasons.set(key, why);
          group.items.push(new AnnotationNode(group, { key, source: uri, rel: entry.source, corpus: root.corpus, annotation: a, orphaned: !placed, where: why.map((w) => AWAITING_LABEL[w]).join(', ') }));
        }
        out.push(group);
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
