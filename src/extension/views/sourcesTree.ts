// The Sources view: folders → files → annotations. Nodes live as long as their files do
// (sourcesSync.ts keeps them in step with the store), so a change to one source re-renders that
// file's item and nothing else (issue #4: "without a full rescan when one file changes"); only
// files appearing or disappearing touch their folder. Sidecars whose source is gone are listed
// beside the files, as warning rows.
//
// A store change for some sources (a save, a pull touching a few sidecars) costs those sources,
// not the corpus (issue 15: the per-source recount was part of a save's 205 ms host stall and of
// every re-index at 10,000 sources): only their nodes are synced, and only they and the sources
// their `contradicts` links reach either way (core/redraw/linkedSources.ts) are recounted; every
// other row keeps its counts. A change of everything (a registry, a re-index) recounts all.
//
// A folder lists a page of its rows, then a "Show N more…" row (core/redraw/paging.ts, issue
// 15: a folder of thousands of sources is listed again whenever one comes or goes); `showNode`
// grows the folders above a node to include it before it is revealed.
import * as vscode from 'vscode';
import { contradictsTargets, LinkedSources } from '../../core/redraw/linkedSources';
import type { CorpusStore, StoreChange } from '../store/corpusStore';
import { isEmptyFilter, type AnnotationFilter } from '../../core/review/filters';
import { Paging } from '../../core/redraw/paging';
import { annotationsHeld, eachInSlices, LARGE_CHANGE, SLICE_MS } from '../../core/slices';
import { paged } from './moreNode';
import { ContainerNode, CorpusRootNode, FileNode, FolderNode, MissingSourceNode, type SourcesViewState } from './sourceNodes';
import { SourcesSync, type SyncItem } from './sourcesSync';
import { NodeTreeProvider, type TreeNode } from './treeNode';

export class SourcesTree extends NodeTreeProvider {
  /** Shared with every node: the filter they list by (issue 11; the same one as the Claims view's). */
  private readonly view: SourcesViewState = { filter: undefined };
  /** The nodes, kept in step with the store (sourcesSync.ts): corpus roots, files, whether roots are shown. */
  private readonly sync: SourcesSync;
  /** Which listed sources contradict which, by URI: who else a change to one may restyle. */
  private readonly links = new LinkedSources();

  /** How long one slice of a whole recount may hold the host's thread (tests make it tiny). */
  sliceMs = SLICE_MS;
  /** Whole recounts begun (each calls off the one before it). */
  private recounts = 0;
  /**
   * While the tree is built anew (its first sync, or corpus roots shown or hidden) in slices: the
   * view's top level waits for it (a part of it is never listed), and `finishNow` places the
   * rest at once for a caller that cannot wait (a command looking for a row).
   */
  private building: { done: Promise<void>; resolve: () => void; finishNow?: () => void; top?: Promise<TreeNode[]> } | undefined;
  private disposed = false;
  private readonly recounted = new vscode.EventEmitter<void>();
  /** A whole recount has ended (the rows' counts and totals are all current). */
  readonly onDidRecount = this.recounted.event;

  /** How many rows each folder lists (by its tree id). */
  readonly paging = new Paging();

  constructor(private readonly store: CorpusStore) {
    super();
    this.sync = new SourcesSync(store, this.view);
    this.view.list = (parent, rows) => {
      // a single corpus root is not a row: its rows are the top level
      const shown = this.sync.showRoots || !(parent instanceof CorpusRootNode);
      return paged(this.paging, shown ? parent : undefined, parent.treeId, rows, () => {
        this.paging.more(parent.treeId);
        this.changed.fire(shown ? parent : undefined);
      });
    };
  }

  override dispose(): void {
    this.disposed = true;
    this.recounted.dispose();
    super.dispose();
  }

  /** Grows the folders above a node to include it (a row beyond a page is no item the workbench knows); redraws those that grew. */
  showNode(node: TreeNode): void {
    const grew: TreeNode[] = [];
    let top = node;
    for (let p = node.parent; p; top = p, p = p.parent) {
      if (p instanceof ContainerNode && this.paging.include(p.treeId, p.allChildren().indexOf(top))) grew.push(p);
    }
    // a single corpus root is not a row (its rows' parent is undefined): its list is the top level
    const hidden = this.sync.showRoots ? undefined : this.hiddenRoot();
    if (hidden && top !== hidden && this.paging.include(hidden.treeId, hidden.allChildren().indexOf(top))) grew.push(hidden);
    if (grew.length) this.changed.fire(grew.some((g) => g instanceof CorpusRootNode && !this.sync.showRoots) ? undefined : grew);
  }

  get filter(): AnnotationFilter | undefined {
    return this.view.filter;
  }

  /** Lists only the sources with an annotation the filter keeps (undefined or empty: all). */
  setFilter(f: AnnotationFilter | undefined): void {
    this.view.filter = f && !isEmptyFilter(f) ? f : undefined;
    this.current();
    for (const file of this.sync.files.values()) file.refresh();
    this.changed.fire(undefined);
  }

  /** The files listed now (all of them without a filter). */
  listedFiles(): FileNode[] {
    this.current();
    return [...this.sync.files.values()].filter((f) => f.listed);
  }

  /** The top level; while the tree is built anew, once it is (the view shows its progress bar meanwhile). */
  protected roots(): TreeNode[] | Promise<TreeNode[]> {
    if (!this.sync.synced) this.updateAll();
    const building = this.building;
    // one answer for every ask while it is built (a caller polling it got a sort of 2,000 rows each time)
    return building ? (building.top ??= building.done.then(() => this.topNodes())) : this.topNodes();
  }

  private topNodes(): TreeNode[] {
    const roots = [...this.sync.rootNodes.values()].sort((a, b) => (a.uri.path < b.uri.path ? -1 : 1));
    return this.sync.showRoots ? roots : (roots[0]?.getChildren() ?? []);
  }

  /** The tree as the store holds it, for a caller that cannot wait: its build (begun now if need be) finished at once. */
  private current(): void {
    if (!this.sync.synced) this.updateAll();
    this.building?.finishNow?.();
  }

  /** The corpus root whose rows are the top level when roots are not shown. */
  private hiddenRoot(): CorpusRootNode | undefined {
    return [...this.sync.rootNodes.values()].sort((a, b) => (a.uri.path < b.uri.path ? -1 : 1))[0];
  }

  /** The row of a sidecar whose source is gone, if it is listed. */
  missingNode(sidecarUri: vscode.Uri): MissingSourceNode | undefined {
    this.current();
    const find = (c: ContainerNode): MissingSourceNode | undefined => {
      for (const child of c.children.values()) {
        if (child instanceof MissingSourceNode && child.uri.toString() === sidecarUri.toString()) return child;
        if (child instanceof FolderNode) {
          const hit = find(child);
          if (hit) return hit;
        }
      }
      return undefined;
    };
    for (const holder of this.sync.rootNodes.values()) {
      const hit = find(holder);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The item of a source file, if it is listed. */
  fileNode(uri: vscode.Uri): FileNode | undefined {
    this.current();
    return this.sync.files.get(uri.toString());
  }

  get fileCount(): number {
    this.current();
    return this.sync.files.size;
  }

  /** Corpus-wide totals: orphans and unreadable sidecars make the view's badge. */
  totals(): { orphans: number; broken: number; claims: number } {
    let orphans = 0;
    let broken = 0;
    let claims = 0;
    for (const f of this.sync.files.values()) {
      orphans += f.orphans;
      claims += f.claims;
      if (f.hasProblems) broken++;
    }
    return { orphans, broken, claims };
  }

  /** Brings the nodes up to date with the store and tells the view what to re-render. */
  update(change: StoreChange): void {
    const some = change.all || !this.sync.synced ? null : this.sync.syncSources(change.sources);
    if (!some) {
      this.updateAll();
      return;
    }
    const { dirty, touched } = some;
    const fire = new Set<TreeNode>([...dirty].filter((c) => this.sync.parentFor(c) !== undefined));
    // A claim's derived status changes when another source gains or loses a `contradicts` link
    // to it: those sources are recounted too; only rows whose item changed, or whose own sidecar
    // or text did, are re-rendered.
    const recount = new Set(touched);
    for (const key of touched) for (const other of this.links.set(key, this.sync.files.has(key) ? this.targetsOf(this.sync.files.get(key)!) : [])) recount.add(other);
    // a change among the hidden root's children is a change at the top
    let top = fire.size < dirty.size;
    const recounted: [FileNode, boolean][] = [];
    for (const key of recount) {
      const f = this.sync.files.get(key);
      if (f) recounted.push([f, f.refresh(touched.has(key)) || touched.has(key)]);
    }
    this.redraw(recounted, fire, top);
  }

  /**
   * Re-renders the `recounted` rows whose item changed (true beside it) and `also`, or the whole
   * view (`top`, or a row re-sorted at the top level): a new title re-sorts a recounted row among
   * its siblings, and under a filter it may now be listed or not.
   */
  private redraw(recounted: readonly [FileNode, boolean][], also = new Set<TreeNode>(), top = false): void {
    for (const [f, changed] of recounted) {
      if (changed) also.add(f);
      if (f.moved) {
        if (f.parent && !this.view.filter) also.add(f.parent);
        else top = true;
      }
    }
    if (top) this.changed.fire(undefined);
    else if (also.size) this.changed.fire([...also]);
  }

  /**
   * A change to everything (an index, a registry): the tree synced and every row recounted, in
   * slices (core/slices.ts; issue 15: at 10,000 sources the sync and the recount held
   * the host's thread ~250 ms in one piece after each index). Until the pass ends the view
   * shows the tree as it was, and is redrawn whole at the end. A newer whole change calls this
   * pass off; a change to some sources meanwhile is synced and recounted at once, as always.
   *
   * A tree built anew is built in slices too (issue 15: its first build, every row made and
   * counted when the view first asked, held the host 39 ms at 2,000 sources and ~120 ms at
   * 10,000): the view's top level waits for it (`roots`), so no part of it is listed.
   */
  private updateAll(): void {
    const run = ++this.recounts;
    const pass = this.sync.syncPass();
    if (pass.anew && !this.building) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      this.building = { done, resolve };
    }
    const building = this.building;
    // in order: what the slices have not placed yet, finishNow places at once
    let placedCount = 0;
    let drained = false;
    const place = (item: SyncItem) => {
      if (drained) return;
      pass.place(item);
      placedCount++;
    };
    let finished: ReturnType<typeof pass.finish> | undefined;
    /** The build this pass ended (its own, or one a pass it called off began), if it ended one. */
    let builtHere: typeof this.building;
    const finish = () => {
      if (finished) return finished;
      finished = pass.finish();
      if (building && this.building === building) {
        this.building = undefined;
        building.resolve();
        builtHere = building;
      }
      return finished;
    };
    if (building) {
      building.finishNow = () => {
        if (this.recounts !== run || drained) return;
        for (let k = placedCount; k < pass.items.length; k++) pass.place(pass.items[k]);
        drained = true;
        finish();
      };
    }
    const placed = eachInSlices(pass.items, place, { stop: () => this.recounts !== run || this.disposed, budgetMs: this.sliceMs });
    const done = placed.then(async (all) => {
      if (!all) return;
      const { created } = finish();
      this.links.clear();
      const files = [...this.sync.files];
      const recounted: [FileNode, boolean][] = [];
      const counted = await eachInSlices(
        files,
        ([key, f]) => {
          if (this.sync.files.get(key) !== f) return; // gone meanwhile
          if (!created.has(f)) recounted.push([f, f.refresh()]); // a node made now was counted as it was made
          this.links.set(key, this.targetsOf(f));
        },
        // a source of thousands of annotations is recounted after a turn of its own (laterViews.ts)
        { stop: () => this.recounts !== run || this.disposed, budgetMs: this.sliceMs, alone: ([, f]) => annotationsHeld(f.entry) >= LARGE_CHANGE },
      );
      if (!counted) return;
      // a tree built anew that the view waited for (its top level asked meanwhile, answered once
      // this pass built it) is listed as built: only the rows the recount changed are drawn again
      // (issue 15: at 10,000 sources the view fetched all 10,000 rows a second time, unchanged,
      // at startup)
      // (thousands of rows changed: the view lists them all again, as one redraw)
      if (builtHere?.top && recounted.filter(([, changed]) => changed).length < LARGE_CHANGE) this.redraw(recounted);
      else this.changed.fire(undefined);
      this.recounted.fire();
    });
    this.store.drawingInSlices(done);
  }

  /** The URIs of the sources a file's `contradicts` links point into. */
  private targetsOf(f: FileNode): string[] {
    const annotations = f.entry.parsed?.sidecar?.annotations;
    if (!annotations?.length) return [];
    return contradictsTargets(f.entry.source, annotations).map((rel) => this.store.uriOf(f.root, rel).toString());
  }
}
