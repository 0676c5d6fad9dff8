// The Review view (issue 11): what awaits review — claims not reviewed yet, claims whose words
// changed since they were assessed, claims a reviewer sent back, annotations holding an open
// merge conflict — grouped by source, the count in the view's badge. The rule is the core's
// (review/loop.ts `awaitingReview`, shared with `marginalia review`; a source's list:
// review/pending.ts). Rows are the Claims view's own AnnotationNodes, so their context menus
// (Change Status, Approve, Reply…) work here too and a click reveals the annotation.
//
// The sources are listed a page at a time, then a "Show N more…" row (core/redraw/paging.ts,
// issue 15): at 10,000 sources a source gaining its first pending claim lists the top level
// again, and VS Code's host lists every group (and, all expanded, every row) each time. So are
// a source's rows: a transcript of 13,000 claims not yet reviewed was listed whole again at each
// change of it, ~1 s of the host's thread in VS Code's own code.
import * as vscode from 'vscode';
import { AWAITING_LABEL } from '../../core/review/loop';
import { countPending, pendingReview, type Pending, type PendingCount, type PendingTally } from '../../core/review/pending';
import { Paging } from '../../core/redraw/paging';
import { forLabel } from '../../core/text/untrusted';
import { Views } from '../ids';
import type { SourceEntry } from '../../core/corpus';
import type { CorpusRoot, CorpusStore, StoreChange } from '../store/corpusStore';
import { AnnotationNode } from '../views/annotationNode';
import { rootLabel } from '../views/presentation';
import { isPlaced } from '../views/summary';
import { paged, pagedBy } from '../views/moreNode';
import { laterUpdates } from '../views/laterViews';
import { NodeTreeProvider, TreeNode } from '../views/treeNode';
import { onceAfterThisEvent } from '../store/savesInProgress';
import { eachInSlices } from '../../core/slices';
import { editSorted } from '../../core/arrays';

/** The list the top level's paging is kept under. */
const SOURCES_LIST = 'review:sources';

class SourceGroup extends TreeNode {
  /** What awaits review here, most pressing first. */
  private pending: Pending[] = [];
  /** The rows of the first of them, made as they are first listed (`rows`). */
  private made: AnnotationNode[] = [];
  constructor(
    readonly label: string,
    readonly uri: vscode.Uri,
    /** Where it sorts: corpus roots in the store's order, then paths by `<` (as Corpus.all lists them). */
    readonly order: { root: number; rel: string },
    /** The row of one annotation awaiting review. */
    private readonly row: (group: SourceGroup, p: Pending) => AnnotationNode,
    /** The rows it lists now: a page of them (one source may hold thousands awaiting review). */
    private readonly list: (group: SourceGroup) => TreeNode[],
  ) {
    super(undefined);
  }

  /** Its tree id, and its list's name in the tree's paging; its rows' ids begin with it. */
  get listId(): string {
    return `review:${this.uri.toString()}`;
  }

  /** How many annotations await review here. */
  get size(): number {
    return this.pending.length;
  }

  /** What awaits review now: its rows are made again, as listed. */
  set awaiting(pending: Pending[]) {
    this.pending = pending;
    this.made = [];
  }

  /** The rows of the first `n` awaiting review: made only as far as a page lists them. */
  rows(n: number): AnnotationNode[] {
    const upTo = Math.min(n, this.pending.length);
    while (this.made.length < upTo) this.made.push(this.row(this, this.pending[this.made.length]));
    return this.made.slice(0, upTo);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(forLabel(this.label, 120), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.listId;
    item.resourceUri = this.uri;
    item.iconPath = vscode.ThemeIcon.File;
    item.description = `${this.pending.length} awaiting`;
    item.contextValue = 'reviewSource';
    return item;
  }
  override getChildren(): TreeNode[] {
    return this.list(this);
  }
}

/**
 * What awaits review in one source, kept while its sidecar and placements are the same objects
 * (the store replaces both whenever either changes): a store change re-counts only the sources
 * it touched, not 50,000 annotations (issue 15: building every row after each change was a
 * second of the host's time per re-index at 10,000 sources).
 */
interface Counted<T> {
  parsed: SourceEntry['parsed'];
  placements: SourceEntry['placements'];
  count: T;
}

/** What was counted of `entry`, if it was counted from the parse and placements the entry holds now. */
function heldFor<T>(kept: Counted<T> | undefined, entry: SourceEntry): T | undefined {
  return kept && kept.parsed === entry.parsed && kept.placements === entry.placements ? kept.count : undefined;
}

export class ReviewTree extends NodeTreeProvider {
  private model: SourceGroup[] | null = null;
  /** The listed groups by source URI, and the corpus roots they were built from. */
  private readonly bySource = new Map<string, SourceGroup>();
  private builtFor: readonly CorpusRoot[] = [];
  private readonly counted = new WeakMap<SourceEntry, Counted<PendingCount>>();
  /** Sources counted without their rows (countOf), by the parse and placements counted. */
  private readonly tallied = new WeakMap<SourceEntry, Counted<PendingTally>>();
  /** Sources counted so (for tests). */
  tallies = 0;

  constructor(
    private readonly store: CorpusStore,
    /** How many sources the top level lists. */
    readonly paging = new Paging(),
  ) {
    super();
  }

  /**
   * Brings the rows up to date. A change of some sources (issue 15: at 10,000 sources every
   * group starts expanded, so listing them all again after each change was seconds of the
   * host's time) rebuilds their groups and redraws those; the list itself is listed again only
   * when a source gains its first or loses its last pending annotation.
   */
  update(change?: StoreChange): void {
    const roots = this.store.allRoots();
    const model = this.model;
    if (!change || change.all || !model || roots.length !== this.builtFor.length || roots.some((r, i) => r !== this.builtFor[i])) {
      this.model = null;
      this.changed.fire(undefined);
      return;
    }
    const redraw = new Set<SourceGroup>();
    // the top level's changes made in one pass at the end: a splice for each was the changed
    // sources times the listed ones (core/arrays.ts editSorted)
    const dropped = new Set<SourceGroup>();
    const added: SourceGroup[] = [];
    for (const u of change.sources) {
      const ref = this.store.sourceFor(u);
      const index = ref ? roots.indexOf(ref.root) : -1;
      if (!ref || index < 0) continue;
      const uri = this.store.uriOf(ref.root, ref.rel);
      const old = this.bySource.get(uri.toString());
      const pending = ref.entry ? this.pending(ref.entry) : [];
      if (!pending.length) {
        if (old) {
          dropped.add(old);
          this.bySource.delete(uri.toString());
        }
        continue;
      }
      const group = old ?? this.group(roots, index, ref.root, ref.rel, uri);
      group.awaiting = pending;
      if (old) redraw.add(old);
      else {
        added.push(group);
        this.bySource.set(uri.toString(), group);
      }
    }
    if (dropped.size || added.length) {
      this.model = editSorted(model, dropped, added, (a, b) => a.order.root < b.order.root || (a.order.root === b.order.root && a.order.rel < b.order.rel));
      this.changed.fire(undefined);
    } else if (redraw.size) this.changed.fire([...redraw]);
  }

  /** Everything awaiting review now: how many annotations (no rows built). */
  count(): number {
    let n = 0;
    for (const root of this.store.allRoots()) for (const entry of root.corpus.all()) n += this.countOf(entry);
    return n;
  }

  /**
   * How many of a source's annotations await review (count's part for one source): its listed
   * rows' number when they are made, else counted without making them (countPending; issue 15:
   * the badge counts every source after each index, and listing a 20,000-annotation source's
   * was 20-35 ms of the host's thread in one piece).
   */
  countOf(entry: SourceEntry): number {
    const listed = this.counted.get(entry);
    const rows = heldFor(listed, entry);
    if (rows) return rows.pending.length;
    const kept = this.tallied.get(entry);
    const held = heldFor(kept, entry);
    if (held) return held.count;
    const tally = countPending(entry.parsed?.sidecar?.annotations ?? [], entry.placements, kept?.count ?? listed?.count);
    this.tallied.set(entry, { parsed: entry.parsed, placements: entry.placements, count: tally });
    this.tallies++;
    return tally.count;
  }

  groups(): readonly SourceGroup[] {
    return (this.model ??= this.build());
  }

  protected roots(): TreeNode[] {
    if (!this.store.ready) return [];
    return paged(this.paging, undefined, SOURCES_LIST, this.groups(), () => {
      this.paging.more(SOURCES_LIST);
      this.changed.fire(undefined);
    });
  }

  /** Makes sure a source's group is listed (before a reveal): grows the top level to include it. */
  showGroup(group: TreeNode): boolean {
    const index = this.groups().indexOf(group as SourceGroup);
    if (index < 0 || !this.paging.include(SOURCES_LIST, index)) return false;
    this.changed.fire(undefined);
    return true;
  }

  /** The source's annotations awaiting review, most pressing first (words changed, sent back, conflicts, not yet reviewed). */
  private pending(entry: SourceEntry): Pending[] {
    const kept = this.counted.get(entry);
    const held = heldFor(kept, entry);
    if (held) return held.pending;
    const count = pendingReview(entry.parsed?.sidecar?.annotations ?? [], entry.placements, kept?.count);
    this.counted.set(entry, { parsed: entry.parsed, placements: entry.placements, count });
    return count.pending;
  }

  /** The rows, built when the view shows them. */
  private build(): SourceGroup[] {
    this.bySource.clear();
    const out: SourceGroup[] = [];
    const roots = this.store.allRoots();
    roots.forEach((root, index) => {
      // all() is in path order
      for (const entry of root.corpus.all()) {
        const pending = this.pending(entry);
        if (!pending.length) continue;
        const uri = this.store.uriOf(root, entry.source);
        const group = this.group(roots, index, root, entry.source, uri);
        group.awaiting = pending;
        this.bySource.set(uri.toString(), group);
        out.push(group);
      }
    });
    this.builtFor = roots;
    return out;
  }

  private group(roots: readonly CorpusRoot[], index: number, root: CorpusRoot, rel: string, uri: vscode.Uri): SourceGroup {
    const row = (g: SourceGroup, { annotation: a, placement, why }: Pending) =>
      new AnnotationNode(g, { key: `${g.listId}#${a.id}`, source: uri, rel, corpus: root.corpus, annotation: a, placement, orphaned: !isPlaced(placement.result), where: why.map((w) => AWAITING_LABEL[w]).join(', ') });
    return new SourceGroup(label(roots[index], rel, roots.length > 1), uri, { root: index, rel }, row, (g) =>
      pagedBy(this.paging, g, g.listId, g.size, (n) => g.rows(n), () => {
        this.paging.more(g.listId);
        this.changed.fire(g);
      }),
    );
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
  private disposed = false;

  constructor(private readonly store: CorpusStore) {
    this.tree = new ReviewTree(store);
    this.view = vscode.window.createTreeView(Views.review, { treeDataProvider: this.tree, showCollapseAll: true });
    // after a whole index, in a task of its own once the views have their counts (issue 15);
    // a source's change at once, or in a turn of its own when its sources hold many annotations
    // (views/laterViews.ts)
    const later = laterUpdates(store, (c) => this.refresh(c)); // disposed with the view: never called after
    this.disposables = [this.tree, this.view, later, store.onDidChange((c) => (c.all ? this.refreshSoon() : later.take(c)))];
    this.refresh();
  }

  /** A whole-index refresh, due in a later task; several in a row are one. */
  private readonly refreshSoon = onceAfterThisEvent(() => this.disposed || this.refreshAll());
  /** Whole counts begun: a newer one, or a source's change (counted whole at once), calls one under way off. */
  private counts = 0;

  private refresh(change?: StoreChange): void {
    this.counts++;
    this.tree.update(change);
    if (!this.store.ready) return;
    this.show(this.tree.count());
  }

  /**
   * After a whole index every source's annotations are judged again for the badge, in slices
   * (core/slices.ts; issue 15: 20-35 ms in one piece at 10,000 sources); the badge keeps
   * its number until the count ends. The rows are built when the view shows them.
   */
  private refreshAll(): void {
    const run = ++this.counts;
    this.tree.update({ all: true });
    if (!this.store.ready) return;
    let n = 0;
    const entries = this.store.allRoots().flatMap((r) => r.corpus.all());
    const done = eachInSlices(entries, (e) => (n += this.tree.countOf(e)), { stop: () => this.disposed || this.counts !== run }).then((all) => all && this.show(n));
    this.store.drawingInSlices(done);
  }

  private show(n: number): void {
    this.view.badge = n ? { value: n, tooltip: `${n} annotation${n === 1 ? '' : 's'} awaiting review` } : undefined;
    this.view.message = n ? undefined : 'Nothing awaits review.';
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
  }
}
