// The Sources view's nodes kept in step with the store; sourcesTree.ts lists them and decides
// what to redraw. Nodes live as long as their files do: a change to some sources syncs their
// nodes alone, making and pruning the folders on their paths, and names the containers that
// gained or lost a row, so only those are redrawn (issue #4: "without a full rescan when one
// file changes"; issue 15: a save or a pull touching a few sidecars costs those sources, not the
// corpus). A change of everything (an index, a registry, corpus roots shown or hidden) is a pass
// in three parts (`syncPass`), so that the tree can run its middle one in slices (core/slices.ts;
// issue 15: at 10,000 sources the sync held the host's thread in one piece after each index);
// what a change to some sources places while such a pass is under way is kept from its prune.
import * as vscode from 'vscode';
import { sidecarPathFor } from '../../core/format';
import type { CorpusRoot, CorpusStore } from '../store/corpusStore';
import type { MissingSource } from '../store/storeTypes';
import type { SourceEntry } from '../../core/corpus';
import { ContainerNode, CorpusRootNode, FileNode, FolderNode, MissingSourceNode, type SourcesViewState } from './sourceNodes';

/** One thing a sync places in the tree: a source's entry, or a sidecar whose source is gone. */
export interface SyncItem {
  holder: CorpusRootNode;
  root: CorpusRoot;
  entry?: SourceEntry;
  missing?: MissingSource;
}

export class SourcesSync {
  /** The node of each corpus root listed, by its URI. */
  readonly rootNodes = new Map<string, CorpusRootNode>();
  /** The node of each source listed, by its URI. */
  readonly files = new Map<string, FileNode>();
  /** Corpus roots are shown as top-level nodes only when there is more than one (set by `syncPass`). */
  showRoots = false;
  /** Whether a whole sync has begun (set by `syncPass`): until then a change to some sources is one of everything. */
  synced = false;
  /** While a whole sync goes on in slices, what it has seen (syncSources adds what it places). */
  private passSeen: Set<string> | undefined;

  /** `view` is the state the tree shares with every node it lists. */
  constructor(
    private readonly store: CorpusStore,
    private readonly view: SourcesViewState,
  ) {}

  /**
   * Brings the nodes of the given sources (and of their sidecars, when their source is gone) up
   * to date, creating and pruning folders on their paths. Null when the change reaches further
   * (a corpus root appears or goes): then the whole tree is synced.
   */
  syncSources(uris: readonly vscode.Uri[]): { dirty: Set<ContainerNode>; touched: Set<string> } | null {
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
  parentFor(c: ContainerNode): ContainerNode | undefined {
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
   * A sync in three parts, for the tree's `update` to run the middle one in slices: the corpus
   * roots (at once), each source and left-behind sidecar placed in the tree (`place`: a node made,
   * or pointed at its new entry), then the nodes of what is gone pruned (`finish`: the nodes it
   * made, counted as they were made). `anew` when the
   * tree is built anew (the first sync, corpus roots shown or hidden): the view must not list a
   * part of it in between (the tree's `updateAll`).
   */
  syncPass(): { anew: boolean; items: SyncItem[]; place: (item: SyncItem) => void; finish: () => { created: Set<FileNode> } } {
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

function* descendants(c: ContainerNode): Generator<FileNode> {
  for (const child of c.children.values()) {
    if (child instanceof FileNode) yield child;
    else if (child instanceof FolderNode) yield* descendants(child);
  }
}
