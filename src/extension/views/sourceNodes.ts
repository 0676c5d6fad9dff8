// The Sources view's nodes: corpus roots (only when there are several), folders, source files,
// and under each file its annotations grouped by kind plus any sidecar problems. A sidecar whose
// source is gone (renamed with `git mv`, deleted) is a row of its own with a warning and a
// Re-link action, so its annotations do not vanish without a word (issue 8).
// A captured source is shown by its title, with publisher, date and reliability beside it, and
// flagged when its text no longer matches the hash taken at capture (issue 14); a reviewer's
// filter (issue 11) keeps only the sources with a matching annotation, and only those annotations.
import * as vscode from 'vscode';
import type { SourceEntry } from '../../core/corpus';
import { countMatching, matchesFilter, type AnnotationFilter } from '../../core/review/filters';
import { compareSources, sourceByline, sourceTitle } from '../../core/sources/naming';
import type { Annotation, Kind, Problem } from '../../core/types';
import { forLabel } from '../../core/text/untrusted';
import { changedSinceCaptured } from '../../node/capture/provenance';
import type { CorpusRoot } from '../store/corpusStore';
import { AnnotationNode } from './annotationNode';
import { contextValue, errorIcon, openCommand, registryDescription, rootLabel, warningIcon } from './presentation';
import { describeCounts, entryCounts, isPlaced, sidecarHealth, type Counts, type SidecarHealth } from './summary';
import { sourceTooltip } from './tooltips';
import { MissingSourceNode } from './missingSourceNode';
import { TreeNode } from './treeNode';

export { MISSING_SOURCE_CONTEXT, MissingSourceNode } from './missingSourceNode';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** What every node of the Sources view reads of the view: the reviewer's filter, if any. */
export interface SourcesViewState {
  filter: AnnotationFilter | undefined;
  /** Lists a folder's rows a page at a time, then a "Show N more…" row (issue 15: folders of thousands of sources). */
  list?: (parent: ContainerNode, rows: readonly TreeNode[]) => TreeNode[];
}

/** A node that holds folders and files: a corpus root or a folder. */
export abstract class ContainerNode extends TreeNode {
  readonly children = new Map<string, FolderNode | FileNode | MissingSourceNode>();

  constructor(
    parent: ContainerNode | undefined,
    readonly uri: vscode.Uri,
    readonly view: SourcesViewState,
  ) {
    super(parent);
  }

  /** Whether anything under it is listed (under a filter, a folder without a match is hidden). */
  hasListed(): boolean {
    for (const c of this.children.values()) if (c instanceof FolderNode ? c.hasListed() : c instanceof FileNode ? c.listed : !this.view.filter) return true;
    return false;
  }

  /** The tree id of its row: also names its list for paging. */
  abstract get treeId(): string;

  override getChildren(): TreeNode[] {
    const all = this.allChildren();
    return this.view.list ? this.view.list(this, all) : all;
  }

  /** Every row it lists, in order (the tree shows a page of them). */
  allChildren(): TreeNode[] {
    const nodes = [...this.children.values()];
    const folders = nodes.filter((n): n is FolderNode => n instanceof FolderNode && (!this.view.filter || n.hasListed())).sort((a, b) => collator.compare(a.name, b.name));
    // files by what the reader sees (title, else name), then path: the order never depends on the map's
    const files = nodes
      .filter((n): n is FileNode | MissingSourceNode => (n instanceof FileNode && n.listed) || (n instanceof MissingSourceNode && !this.view.filter))
      .sort((a, b) => compareSources(a.sortKey, b.sortKey));
    return [...folders, ...files];
  }
}

export class CorpusRootNode extends ContainerNode {
  constructor(
    uri: vscode.Uri,
    public root: CorpusRoot,
    view: SourcesViewState,
  ) {
    super(undefined, uri, view);
  }

  get treeId(): string {
    return `root:${this.uri.toString()}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(rootLabel(this.root), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.treeId;
    item.resourceUri = this.uri;
    item.iconPath = new vscode.ThemeIcon('library');
    item.description = registryDescription(this.root);
    item.contextValue = 'corpus';
    return item;
  }
}

export class FolderNode extends ContainerNode {
  constructor(parent: ContainerNode | undefined, uri: vscode.Uri, readonly name: string, view: SourcesViewState) {
    super(parent, uri, view);
  }

  get treeId(): string {
    return `folder:${this.uri.toString()}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.treeId;
    item.resourceUri = this.uri;
    item.iconPath = vscode.ThemeIcon.Folder;
    item.contextValue = 'folder';
    return item;
  }
}

export class FileNode extends TreeNode {
  private counts!: Counts;
  private health!: SidecarHealth;
  private key = '';
  /** The item's description as the last refresh made it (forLabel over file text: made once per refresh, not per fetch). */
  private shownDescription = '';
  private cached: TreeNode[] | null = null;
  /** "changed since captured (date)…", or null; recomputed only when the text or provenance changes. */
  private changedNote: string | null = null;
  private changedFor: { text: string | null; provenance: unknown } | undefined;
  /** Under a filter, how many of its annotations match; undefined when there is no filter. */
  private matching: number | undefined;
  /** Set by refresh when its title or whether it is listed changed: its folder must re-sort or re-list it. */
  moved = false;
  private place = '';

  constructor(
    parent: ContainerNode | undefined,
    /** The source file: commands run from the item's menu read this. */
    readonly uri: vscode.Uri,
    readonly sidecarUri: vscode.Uri,
    public root: CorpusRoot,
    public entry: SourceEntry,
    private readonly view: SourcesViewState,
  ) {
    super(parent);
    this.refresh();
  }

  /** The title to show: the captured title, else the file name. */
  get title(): string {
    return sourceTitle(this.entry.source, this.entry.parsed?.sidecar?.provenance);
  }

  get sortKey(): { title: string; rel: string } {
    return { title: this.title, rel: this.entry.source };
  }

  /** The source's reliability grade (A–F), if set. */
  get reliability(): string | undefined {
    return this.entry.parsed?.sidecar?.reliability;
  }

  /** "changed since captured (date): …" when the text no longer has the captured hash, else null. */
  get changedSinceCaptured(): string | null {
    return this.changedNote;
  }

  /** Whether the view lists it: always, unless a filter keeps none of its annotations. */
  get listed(): boolean {
    return this.matching === undefined || this.matching > 0;
  }

  /** What commands given a tree item read (as from a TreeItem). */
  get resourceUri(): vscode.Uri {
    return this.uri;
  }

  get name(): string {
    return this.entry.source.slice(this.entry.source.lastIndexOf('/') + 1);
  }

  get orphans(): number {
    return this.counts.orphans;
  }

  /** Distinct entities mentioned in the source (registry names found and marked mentions). */
  get entities(): number {
    return this.counts.entities;
  }

  get claims(): number {
    return this.counts.claimTotal;
  }

  get hasProblems(): boolean {
    return this.health.conflict || this.health.errors.length > 0;
  }

  /**
   * Recomputes what the item shows from the corpus; true when that changed. `touched`: the
   * file's own text or sidecar changed, so its children are rebuilt whatever the counts say.
   */
  refresh(touched = true): boolean {
    this.counts = entryCounts(this.root.corpus, this.entry);
    this.health = sidecarHealth(this.entry);
    this.updateChanged();
    const f = this.view.filter;
    this.matching = f ? countMatching(this.entry.parsed?.sidecar?.annotations ?? [], f, (a) => this.filterContext(a)) : undefined;
    this.shownDescription = this.description();
    // the derived statuses too: a contradiction added elsewhere changes this file's claims
    const key = `${this.shownDescription}|${this.title}|${this.contextValue()}|${this.counts.derived}`;
    const place = `${this.title}|${this.listed}`;
    this.moved = place !== this.place;
    this.place = place;
    const changed = key !== this.key;
    this.key = key;
    if (changed || touched) this.cached = null;
    return changed;
  }

  /** The same rule `marginalia check` warns with (node/capture/provenance.ts); hashed only when the text or provenance changed. */
  private updateChanged(): void {
    const provenance = this.entry.parsed?.sidecar?.provenance;
    // the store keeps a closed source's digest, not its text (issue 15)
    const seen = this.entry.text ?? (this.entry.sha256 !== null ? { sha256: this.entry.sha256 } : null);
    if (this.changedFor && this.changedFor.text === (this.entry.text ?? this.entry.sha256) && this.changedFor.provenance === provenance) return;
    this.changedFor = { text: this.entry.text ?? this.entry.sha256, provenance };
    this.changedNote = provenance && seen !== null ? changedSinceCaptured({ provenance }, seen) : null;
  }

  private filterContext(a: Annotation) {
    return { reliability: this.reliability, status: a.kind === 'claim' ? this.root.corpus.statusOf(this.entry.source, a) : undefined };
  }

  private contextValue(): string {
    const h = this.health;
    return contextValue(
      'source',
      h.hasSidecar && 'hasSidecar',
      h.conflict && 'conflict',
      h.errors.length > 0 && 'invalid',
      this.counts.orphans > 0 && 'hasOrphans',
      !!this.entry.parsed?.sidecar?.provenance && 'captured',
      this.changedNote !== null && 'changed',
    );
  }

  /** `Publisher, 2026-11-02 · B · ⚠ changed since captured · 3 disputed …` (file text made plain by forLabel). */
  private description(): string {
    const sidecar = this.entry.parsed?.sidecar;
    const byline = sourceByline(sidecar?.provenance);
    const parts = [byline, this.reliability ?? ''];
    if (this.changedNote) parts.push('⚠ changed since captured');
    parts.push(this.matching !== undefined ? `${this.matching} matching` : describeCounts(this.counts, this.health));
    const line = parts.filter(Boolean).join(' · ');
    // only the byline is file text (the grade is one of A–F by the reading rules, the rest is
    // ours): without one, there is nothing to make plain (10,000 of these after each index)
    return byline ? forLabel(line, 200) : line;
  }

  getTreeItem(): vscode.TreeItem {
    const annotated = (this.entry.parsed?.sidecar?.annotations.length ?? 0) + (this.entry.parsed?.problems.length ?? 0) > 0;
    const item = new vscode.TreeItem(forLabel(this.title, 200), annotated ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `source:${this.uri.toString()}`;
    // the file-icon theme draws the icon, unless something is wrong with the file
    item.resourceUri = this.uri;
    if (this.hasProblems) item.iconPath = errorIcon;
    // the warning comes from the extension, whatever the file says
    else if (this.counts.orphans || this.changedNote) item.iconPath = warningIcon;
    else item.iconPath = vscode.ThemeIcon.File; // else a collapsible item with a resourceUri gets a folder icon
    item.description = this.shownDescription;
    item.contextValue = this.contextValue();
    item.command = openCommand(this.uri);
    return item;
  }

  override tooltip(): vscode.MarkdownString {
    return sourceTooltip(this.entry.source, this.entry, this.root.corpus, this.counts, this.health, this.changedNote);
  }

  override getChildren(): TreeNode[] {
    this.cached ??= this.buildChildren();
    return this.cached;
  }

  private buildChildren(): TreeNode[] {
    const out: TreeNode[] = [];
    const h = this.health;
    for (const p of [...h.errors, ...h.warnings]) out.push(new ProblemNode(this, p, this.sidecarUri, out.length));
    const placements = this.entry.placements;
    const byKind = new Map<Kind, AnnotationNode[]>();
    const groups = (['claim', 'entity', 'note'] as const).map((k) => new GroupNode(this, k));
    const seen = new Map<string, number>();
    const f = this.view.filter;
    // placed ones in text order, then orphans; under a filter only those it keeps
    const ordered = [...placements].filter((p) => !f || matchesFilter(p.annotation, f, this.filterContext(p.annotation))).sort((a, b) => (a.result.start ?? Infinity) - (b.result.start ?? Infinity));
    for (const p of ordered) {
      const group = groups.find((g) => g.kind === p.annotation.kind)!;
      // ids come from a file anyone may have edited: a repeated id must not collide in the tree
      const n = seen.get(p.annotation.id) ?? 0;
      seen.set(p.annotation.id, n + 1);
      const key = `${group.treeId}/${p.annotation.id}${n ? `~${n}` : ''}`;
      const node = new AnnotationNode(group, { key, source: this.uri, rel: this.entry.source, corpus: this.root.corpus, annotation: p.annotation, placement: p, orphaned: !isPlaced(p.result) });
      const list = byKind.get(p.annotation.kind);
      if (list) list.push(node);
      else byKind.set(p.annotation.kind, [node]);
    }
    for (const g of groups) {
      g.items = byKind.get(g.kind) ?? [];
      if (g.items.length) out.push(g);
    }
    return out;
  }
}

const GROUPS: Record<Kind, { label: string; icon: string }> = {
  claim: { label: 'Claims', icon: 'comment-discussion' },
  // not "Entities": the file's row counts distinct entities mentioned, registry names included,
  // and the two numbers side by side read as a contradiction (issue 9, bug 6)
  entity: { label: 'Marked entities', icon: 'symbol-class' },
  note: { label: 'Notes', icon: 'note' },
};

export class GroupNode extends TreeNode {
  items: AnnotationNode[] = [];

  constructor(
    override readonly parent: FileNode,
    readonly kind: Kind,
  ) {
    super(parent);
  }

  get treeId(): string {
    return `group:${this.parent.uri.toString()}#${this.kind}`;
  }

  getTreeItem(): vscode.TreeItem {
    const g = GROUPS[this.kind];
    const orphans = this.items.filter((i) => i.orphaned).length;
    const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.treeId;
    item.iconPath = new vscode.ThemeIcon(g.icon);
    item.description = [String(this.items.length), orphans && `⚠ ${orphans} orphaned`].filter(Boolean).join(' · ');
    item.contextValue = contextValue('group', this.kind);
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.items;
  }

  override tooltip(): vscode.MarkdownString | undefined {
    if (this.kind !== 'entity') return undefined;
    const marked = this.items.length;
    return new vscode.MarkdownString(
      `${marked === 1 ? '1 mention' : `${marked} mentions`} marked by hand as an entity. ` +
        `The source's row counts the distinct entities mentioned in it (${this.parent.entities}): registry names found in the text as well as these.`,
    );
  }
}

/** A problem in the sidecar; selecting it opens the sidecar at the line. */
export class ProblemNode extends TreeNode {
  constructor(
    override readonly parent: FileNode,
    readonly problem: Problem,
    private readonly sidecarUri: vscode.Uri,
    private readonly index: number,
  ) {
    super(parent);
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.problem;
    const item = new vscode.TreeItem(p.message, vscode.TreeItemCollapsibleState.None);
    item.id = `problem:${this.parent.uri.toString()}#${this.index}`;
    item.description = `sidecar line ${p.line}`;
    item.iconPath = p.severity === 'error' ? errorIcon : warningIcon;
    item.contextValue = contextValue('problem', p.severity);
    item.command = openCommand(this.sidecarUri, p.line, p.column);
    return item;
  }
}
