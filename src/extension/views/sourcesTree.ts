// The Sources view: folders → files → annotations. Nodes live as long as their files do, so a
// change to one source re-renders that file's item and nothing else (issue #4: "without a full
// rescan when one file changes"); only files appearing or disappearing touch their folder.
// Sidecars whose source is gone are listed beside the files, as warning rows.
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
import { sidecarPathFor } from '../../core/format';
import { contradictsTargets, LinkedSources } from '../../core/redraw/linkedSources';
import type { CorpusRoot, CorpusStore, StoreChange } from '../store/corpusStore';
import type { MissingSource } from '../store/storeTypes';
import type { SourceEntry } from '../../core/corpus';
import { isEmptyFilter, type AnnotationFilter } from '../../core/review/filters';
import { Paging } from '../../core/redraw/paging';
import { eachInSlices, SLICE_MS } from '../../core/slices';
import { LARGE_CHANGE } from './laterViews';
import { paged } from './moreNode';
import { ContainerNode, CorpusRootNode, FileNode, FolderNode, MissingSourceNode, type SourcesViewState } from './sourceNodes';
import { NodeTreeProvider, type TreeNode } from './treeNode';

export class SourcesTree extends NodeTreeProvider {
  private readonly rootNodes = new Map<string, CorpusRootNode>();
  private readonly files = new Map<string, FileNode>();
  /** Corpus roots are shown as top-level nodes only when there is more than one. */
  private showRoots = false;
  private synced = false;
  /** Shared with every node: the filter they list by (issue 11; the same one as the Claims view's). */
  private readonly view: SourcesViewState = { filter: undefined };
  /** Which listed sources contradict which, by URI: who else a change to one may restyle. */
  private readonly links = new LinkedSources();

  /** How long one slice of a whole recount may hold the host's thread (tests make it tiny). */
  sliceMs = SLICE_MS;
  /** Whole recounts begun (each calls off the one before it). */
  private recounts = 0;
  /** While a whole sync goes on in slices, what it has seen (syncSources adds what it places). */
  private passSeen: Set<string> | undefined;
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
    this.view.list = (parent, rows) => {
      // a single corpus root is not a row: its rows are the top level
      const shown = this.showRoots || !(parent instanceof CorpusRootNode);
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
    const hidden = this.showRoots ? undefined : this.hiddenRoot();
    if (hidden && top !== hidden && this.paging.include(hidden.treeId, hidden.allChildren().indexOf(top))) grew.push(hidden);
    if (grew.length) this.changed.fire(grew.some((g) => g instanceof CorpusRootNode && !this.showRoots) ? undefined : grew);
  }

  get filter(): AnnotationFilter | undefined {
    return this.view.filter;
  }

  /** Lists only the sources with an annotation the filter keeps (undefined or empty: all). */
  setFilter(f: AnnotationFilter | undefined): void {
    this.view.filter = f && !isEmptyFilter(f) ? f : undefined;
    this.current();
    for (const file of this.files.values()) file.refresh();
    this.changed.fire(undefined);
  }

  /** The files listed now (all of them without a filter). */
  listedFiles(): FileNode[] {
    this.current();
    return [...this.files.values()].filter((f) => f.listed);
  }

  /** The top level; while the tree is built anew, once it is (the view shows its progress bar meanwhile). */
  protected roots(): TreeNode[] | Promise<TreeNode[]> {
    if (!this.synced) this.updateAll();
    const building = this.building;
    // one answer for every ask while it is built (a caller polling it got a sort of 2,000 rows each time)
    return building ? (building.top ??= building.done.then(() => this.topNodes())) : this.topNodes();
  }

  private topNodes(): TreeNode[] {
    const roots = [...this.rootNodes.values()].sort((a, b) => (a.uri.path < b.uri.path ? -1 : 1));
    return this.showRoots ? roots : (roots[0]?.getChildren() ?? []);
  }

  /** The tree as the store holds it, for a caller that cannot wait: its build (begun now if need be) finished at once. */
  private current(): void {
    if (!this.synced) this.updateAll();
    this.building?.finishNow?.();
  }

  /** The corpus root whose rows are the top level when roots are not shown. */
  private hiddenRoot(): CorpusRootNode | undefined {
    return [...this.rootNodes.values()].sort((a, b) => (a.uri.path < b.uri.path ? -1 : 1))[0];
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
    for (const holder of this.rootNodes.values()) {
      const hit = find(holder);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The item of a source file, if it is listed. */
  fileNode(uri: vscode.Uri): FileNode | undefined {
    this.current();
    return this.files.get(uri.toString());
  }

  get fileCount(): number {
    this.current();
    return this.files.size;
  }

  /** Corpus-wide totals: orphans and unreadable sidecars make the view's badge. */
  totals(): { orphans: number; broken: number; claims: number } {
    let orphans = 0;
    let broken = 0;
    let claims = 0;
    for (const f of this.files.values()) {
      orphans += f.orphans;
      claims += f.claims;
      if (f.hasProblems) broken++;
    }
    return { orphans, broken, claims };
  }

  /** Brings the nodes up to date with the store and tells the view what to re-render. */
  update(change: StoreChange): void {
    const some = change.all || !this.synced ? null : this.syncSources(change.sources);
    if (!some) {
      this.updateAll();
      return;
    }
    const { dirty, touched } = some;
    const fire = new Set<TreeNode>([...dirty].filter((c) => this.parentFor(c) !== undefined));
    // A claim's derived status changes when another source gains or loses a `contradicts` link
    // to it: those sources are recounted too; only rows whose item changed, or whose own sidecar
    // or text did, are re-rendered.
    const recount = new Set(touched);
    for (const key of touched) for (const other of this.links.set(key, this.files.has(key) ? this.targetsOf(this.files.get(key)!) : [])) recount.add(other);
    // a change among the hidden root's children is a change at the top
    let top = fire.size < dirty.size;
    for (const key of recount) {
      const f = this.files.get(key);
      if (!f) continue;
      if (f.refresh(touched.has(key)) || touched.has(key)) fire.add(f);
      // a new title re-sorts it among its siblings; under a filter it may now be listed or not
      if (f.moved) {
        if (f.parent && !this.view.filter) fire.add(f.parent);
        else top = true;
      }
    }
    if (top) this.changed.fire(undefined);
    else if (fire.size) this.changed.fire([...fire]);
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
    const pass = this.syncPass();
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
    const finish = () => {
      if (finished) return finished;
      finished = pass.finish();
      if (building && this.building === building) {
        this.building = undefined;
        building.resolve();
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
      const files = [...this.files];
      const counted = await eachInSlices(
        files,
        ([key, f]) => {
          if (this.files.get(key) !== f) return; // gone meanwhile
          if (!created.has(f)) f.refresh(); // a node made now was counted as it was made
          this.links.set(key, this.targetsOf(f));
        },
        // a source of thousands of annotations is recounted after a turn of its own (laterViews.ts)
        { stop: () => this.recounts !== run || this.disposed, budgetMs: this.sliceMs, alone: ([, f]) => f.entry.placements.length >= LARGE_CHANGE },
      );
      if (!counted) return;
      this.changed.fire(undefined);
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

  /**
   * Brings the nodes of the given sources (and of their sidecars, when their source is gone) up
   * to date, creating and pruning folders on their paths. Null when the change reaches further
   * (a corpus root appears or goes): then the whole tree is synced.
   */
  private syncSources(uris: readonly vscode.Uri[]): { dirty: Set<ContainerNode>; touched: Set<string> } | null {
    const roots = this.store.allRoots().filter((r) => r.corpus.all().length > 0 || r.missing.size > 0);
    if (roots.length !== this.rootNodes.size || roots.length > 1 !== this.showRoots || roots.some((r) => !this.rootNodes.has(r.uri.toString()))) return null;
    const dirty = new Set<ContainerNode>();
    const touched = new Set<string>();
    for (const u of uris) {
      const ref = this.store.sourceFor(u);
      const holder = ref && this.rootNodes.get(ref.root.uri.toString());
      if (!ref || !holder) continue; // in no corpus: never listed
      holder.root = ref.root;
      const key = this.store.uriOf(ref.root, ref.rel).toString();
      touched.add(key);
      const seen = this.passSeen;
      seen?.add(key);
      const parts = ref.rel.split('/');
      const name = parts[parts.length - 1];
      if (ref.entry) {
        const container = this.containerFor(holder, ref.root, parts, dirty, seen);
        const file = container.children.get(name);
        if (file instanceof FileNode) {
          file.root = ref.root;
          file.entry = ref.entry;
          this.files.set(key, file);
        } else {
          const uri = this.store.uriOf(ref.root, ref.rel);
          const created = new FileNode(this.parentFor(container), uri, uri.with({ path: sidecarPathFor(uri.path) }), ref.root, ref.entry, this.view);
          container.children.set(name, created);
          this.files.set(key, created);
          dirty.add(container);
        }
      } else if (this.files.delete(key)) this.removeAt(holder, parts, dirty);
      const sidecarParts = sidecarPathFor(ref.rel).split('/');
      const sidecarName = sidecarParts[sidecarParts.length - 1];
      if (ref.missing) {
        seen?.add(this.store.uriOf(ref.root, ref.missing.sidecarPath).toString());
        const container = this.containerFor(holder, ref.root, sidecarParts, dirty, seen);
        const node = container.children.get(sidecarName);
        if (node instanceof MissingSourceNode) {
          // its sidecar changed: the row is redrawn with its container
          if (node.missing !== ref.missing) dirty.add(container);
          node.root = ref.root;
          node.missing = ref.missing;
        } else {
          container.children.set(sidecarName, new MissingSourceNode(this.parentFor(container), this.store.uriOf(ref.root, ref.missing.sidecarPath), this.store.uriOf(ref.root, ref.missing.source), ref.root, ref.missing));
          dirty.add(container);
        }
      } else this.removeAt(holder, sidecarParts, dirty, MissingSourceNode);
    }
    return { dirty, touched };
  }

  /** In a single corpus its root is not shown: what it holds sits at the top, without a parent. */
  private parentFor(c: ContainerNode): ContainerNode | undefined {
    return c instanceof CorpusRootNode && !this.showRoots ? undefined : c;
  }

  /** The folder a path's last part sits in, creating the folders on the way (each container given one added to `dirty`, when asked). */
  private containerFor(holder: CorpusRootNode, root: CorpusRoot, parts: string[], dirty: Set<ContainerNode> | undefined, seen?: Set<string>): ContainerNode {
    let container: ContainerNode = holder;
    for (let i = 0; i < parts.length - 1; i++) {
      let folder = container.children.get(parts[i]);
      if (!(folder instanceof FolderNode)) {
        folder = new FolderNode(this.parentFor(container), vscode.Uri.joinPath(root.uri, ...parts.slice(0, i + 1)), parts[i], this.view);
        container.children.set(parts[i], folder);
        dirty?.add(container);
      }
      seen?.add(folder.uri.toString());
      container = folder;
    }
    return container;
  }

  /** Removes the node at a path (of the given kind, when given), and the folders it leaves empty. */
  private removeAt(holder: CorpusRootNode, parts: string[], dirty: Set<ContainerNode>, kind?: typeof MissingSourceNode): void {
    const chain: ContainerNode[] = [holder];
    for (let i = 0; i < parts.length - 1; i++) {
      const folder = chain[chain.length - 1].children.get(parts[i]);
      if (!(folder instanceof FolderNode)) return;
      chain.push(folder);
    }
    const name = parts[parts.length - 1];
    const node = chain[chain.length - 1].children.get(name);
    if (!node || (kind && !(node instanceof kind))) return;
    chain[chain.length - 1].children.delete(name);
    dirty.add(chain[chain.length - 1]);
    for (let i = chain.length - 1; i > 0 && chain[i].children.size === 0; i--) {
      chain[i - 1].children.delete(parts[i - 1]);
      dirty.delete(chain[i]);
      dirty.add(chain[i - 1]);
    }
  }

  /**
   * A sync in three parts, for `update` to run the middle one in slices: the corpus roots (at
   * once), each source and left-behind sidecar placed in the tree (`place`: a node made, or
   * pointed at its new entry), then the nodes of what is gone pruned (`finish`: the nodes it
   * made, counted as they were made). `anew` when the
   * tree is built anew (the first sync, corpus roots shown or hidden): the view must not list a
   * part of it in between (`updateAll`).
   */
  private syncPass(): { anew: boolean; items: SyncItem[]; place: (item: SyncItem) => void; finish: () => { created: Set<FileNode> } } {
    // a listed source whose text is not read yet still shows (the store drops files that are gone)
    const roots = this.store.allRoots().filter((r) => r.corpus.all().length > 0 || r.missing.size > 0);
    const showRoots = roots.length > 1;
    const anew = !this.synced || showRoots !== this.showRoots;
    if (showRoots !== this.showRoots) {
      this.rootNodes.clear();
      this.files.clear();
    }
    this.showRoots = showRoots;
    this.synced = true;
    const created = new Set<FileNode>();
    const seen = new Set<string>();
    const parentFor = (c: ContainerNode) => this.parentFor(c);
    const items: SyncItem[] = [];
    for (const root of roots) {
      const rootKey = root.uri.toString();
      seen.add(rootKey);
      let holder = this.rootNodes.get(rootKey);
      if (!holder) {
        holder = new CorpusRootNode(root.uri, root, this.view);
        this.rootNodes.set(rootKey, holder);
      }
      holder.root = root;
      for (const missing of root.missing.values()) items.push({ holder, root, missing });
      for (const entry of root.corpus.all()) items.push({ holder, root, entry });
    }
    // what a change to some sources places while this pass is under way is kept from its prune
    this.passSeen = seen;
    const place = (item: SyncItem) => {
      const { holder, root } = item;
      // as the source is now (the pass may have waited since it began): gone, or changed
      const missing = item.missing && root.missing.get(item.missing.source);
      const entry = item.entry && root.corpus.get(item.entry.source);
      if (!missing && !entry) return;
      if (missing) {
        const parts = missing.sidecarPath.split('/');
        const container = this.containerFor(holder, root, parts, undefined, seen); // the pass redraws the whole view: which containers changed is not asked
        const uri = this.store.uriOf(root, missing.sidecarPath);
        seen.add(uri.toString());
        const name = parts[parts.length - 1];
        const node = container.children.get(name);
        if (node instanceof MissingSourceNode) {
          node.root = root;
          node.missing = missing;
        } else {
          container.children.set(name, new MissingSourceNode(parentFor(container), uri, this.store.uriOf(root, missing.source), root, missing));
        }
        return;
      }
      const parts = entry!.source.split('/');
      const container = this.containerFor(holder, root, parts, undefined, seen);
      const uri = this.store.uriOf(root, entry!.source);
      const key = uri.toString();
      seen.add(key);
      let file = container.children.get(parts[parts.length - 1]);
      if (file instanceof FileNode) {
        file.root = root;
        file.entry = entry!;
      } else {
        file = new FileNode(parentFor(container), uri, uri.with({ path: sidecarPathFor(uri.path) }), root, entry!, this.view);
        created.add(file);
        container.children.set(parts[parts.length - 1], file);
      }
      this.files.set(key, file as FileNode);
    };
    const finish = () => {
      if (this.passSeen === seen) this.passSeen = undefined;
      const prune = (c: ContainerNode) => {
        for (const [name, child] of c.children) {
          const key = child.uri.toString();
          if (!seen.has(key)) {
            c.children.delete(name);
            if (child instanceof FileNode) this.files.delete(key);
            else if (child instanceof MissingSourceNode) continue;
            else for (const f of descendants(child)) this.files.delete(f.uri.toString());
          } else if (child instanceof FolderNode) prune(child);
        }
      };
      for (const [key, holder] of this.rootNodes) {
        if (seen.has(key)) prune(holder);
        else {
          this.rootNodes.delete(key);
          for (const f of descendants(holder)) this.files.delete(f.uri.toString());
        }
      }
      return { created };
    };
    return { anew, items, place, finish };
  }
}

/** One thing a sync places in the tree: a source's entry, or a sidecar whose source is gone. */
interface SyncItem {
  holder: CorpusRootNode;
  root: CorpusRoot;
  entry?: SourceEntry;
  missing?: MissingSource;
}

function* descendants(c: ContainerNode): Generator<FileNode> {
  for (const child of c.children.values()) {
    if (child instanceof FileNode) yield child;
    else if (child instanceof FolderNode) yield* descendants(child);
  }
}
