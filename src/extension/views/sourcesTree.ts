// The Sources view: folders → files → annotations. Nodes live as long as their files do, so a
// change to one source re-renders that file's item and nothing else (issue #4: "without a full
// rescan when one file changes"); only files appearing or disappearing touch their folder.
// Sidecars whose source is gone are listed beside the files, as warning rows.
import * as vscode from 'vscode';
import { sidecarPathFor } from '../../core/format';
import type { CorpusStore, StoreChange } from '../store/corpusStore';
import { isEmptyFilter, type AnnotationFilter } from '../../core/review/filters';
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

  constructor(private readonly store: CorpusStore) {
    super();
  }

  get filter(): AnnotationFilter | undefined {
    return this.view.filter;
  }

  /** Lists only the sources with an annotation the filter keeps (undefined or empty: all). */
  setFilter(f: AnnotationFilter | undefined): void {
    this.view.filter = f && !isEmptyFilter(f) ? f : undefined;
    if (!this.synced) this.sync();
    for (const file of this.files.values()) file.refresh();
    this.changed.fire(undefined);
  }

  /** The files listed now (all of them without a filter). */
  listedFiles(): FileNode[] {
    if (!this.synced) this.sync();
    return [...this.files.values()].filter((f) => f.listed);
  }

  protected roots(): TreeNode[] {
    if (!this.synced) this.sync();
    const roots = [...this.rootNodes.values()].sort((a, b) => (a.uri.path < b.uri.path ? -1 : 1));
    return this.showRoots ? roots : (roots[0]?.getChildren() ?? []);
  }

  /** The row of a sidecar whose source is gone, if it is listed. */
  missingNode(sidecarUri: vscode.Uri): MissingSourceNode | undefined {
    if (!this.synced) this.sync();
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
    if (!this.synced) this.sync();
    return this.files.get(uri.toString());
  }

  get fileCount(): number {
    if (!this.synced) this.sync();
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
    const { full, dirty } = this.sync();
    if (change.all || full) {
      for (const f of this.files.values()) f.refresh();
      this.changed.fire(undefined);
      return;
    }
    const fire = new Set<TreeNode>(dirty);
    const touched = new Set(change.sources.map((u) => u.toString()));
    // A file's derived claim statuses can change when another file gains or loses a
    // `contradicts` link, so every file is re-counted (in memory, cheap); only those whose item
    // changed, or whose own sidecar or text did, are re-rendered.
    let top = false;
    for (const [key, f] of this.files) {
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
   * Adds nodes for new sources, drops those of removed ones, and points the others at the
   * current corpus entries. Returns the containers whose children changed, or `full` when the
   * top level did.
   */
  private sync(): { full: boolean; dirty: Set<ContainerNode> } {
    // a listed source whose text is not read yet still shows (the store drops files that are gone)
    const roots = this.store.allRoots().filter((r) => r.corpus.all().length > 0 || r.missing.size > 0);
    const showRoots = roots.length > 1;
    let full = !this.synced || showRoots !== this.showRoots;
    if (showRoots !== this.showRoots) {
      this.rootNodes.clear();
      this.files.clear();
    }
    this.showRoots = showRoots;
    this.synced = true;
    const dirty = new Set<ContainerNode>();
    const seen = new Set<string>();
    // in a single corpus its root is not shown: what it holds sits at the top, without a parent
    const parentFor = (c: ContainerNode) => (c instanceof CorpusRootNode && !showRoots ? undefined : c);
    for (const root of roots) {
      const rootKey = root.uri.toString();
      seen.add(rootKey);
      let holder = this.rootNodes.get(rootKey);
      if (!holder) {
        holder = new CorpusRootNode(root.uri, root, this.view);
        this.rootNodes.set(rootKey, holder);
        full = true;
      }
      holder.root = root;
      const folderOf = (parts: string[]): ContainerNode => {
        let container: ContainerNode = holder!;
        for (let i = 0; i < parts.length - 1; i++) {
          let folder = container.children.get(parts[i]);
          if (!(folder instanceof FolderNode)) {
            folder = new FolderNode(parentFor(container), vscode.Uri.joinPath(root.uri, ...parts.slice(0, i + 1)), parts[i], this.view);
            container.children.set(parts[i], folder);
            dirty.add(container);
          }
          seen.add(folder.uri.toString());
          container = folder;
        }
        return container;
      };
      for (const missing of root.missing.values()) {
        const parts = missing.sidecarPath.split('/');
        const container = folderOf(parts);
        const uri = this.store.uriOf(root, missing.sidecarPath);
        seen.add(uri.toString());
        const name = parts[parts.length - 1];
        const node = container.children.get(name);
        if (node instanceof MissingSourceNode) {
          // its sidecar changed: the row is redrawn with its container
          if (node.missing !== missing) dirty.add(container);
          node.root = root;
          node.missing = missing;
        } else {
          container.children.set(name, new MissingSourceNode(parentFor(container), uri, this.store.uriOf(root, missing.source), root, missing));
          dirty.add(container);
        }
      }
      for (const entry of root.corpus.all()) {
        const parts = entry.source.split('/');
        const container = folderOf(parts);
        const uri = this.store.uriOf(root, entry.source);
        const key = uri.toString();
        seen.add(key);
        let file = container.children.get(parts[parts.length - 1]);
        if (file instanceof FileNode) {
          file.root = root;
          file.entry = entry;
        } else {
          file = new FileNode(parentFor(container), uri, uri.with({ path: sidecarPathFor(uri.path) }), root, entry, this.view);
          container.children.set(parts[parts.length - 1], file);
          dirty.add(container);
        }
        this.files.set(key, file);
      }
    }
    const prune = (c: ContainerNode) => {
      for (const [name, child] of c.children) {
        const key = child.uri.toString();
        if (!seen.has(key)) {
          c.children.delete(name);
          dirty.add(c);
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
        full = true;
      }
    }
    // a change among the hidden root's children is a change at the top
    for (const c of dirty) if (parentFor(c) === undefined) full = true;
    return { full, dirty };
  }
}

function* descendants(c: ContainerNode): Generator<FileNode> {
  for (const child of c.children.values()) {
    if (child instanceof FileNode) yield child;
    else if (child instanceof FolderNode) yield* descendants(child);
  }
}
