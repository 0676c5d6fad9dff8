// The Entities view's nodes: corpus roots (only when there are several) → entities → the
// sources mentioning them → each mention, with a line of context. A corpus root's entities and an
// entity's sources are listed through `list` (the Entities view's paging, issue 15: at 10,000
// sources there are thousands of each, and VS Code's host lists them all again on a redraw).
import * as vscode from 'vscode';
import type { Annotation, Entity } from '../../core/types';
import { CodePointIndex } from '../../core/text/positions';
import type { CorpusRoot, CorpusStore } from '../store/corpusStore';
import { contextValue, entityIcon, openCommand, revealCommand, rootLabel } from './presentation';
import { contextLine, lineNumbers } from './snippet';
import { plural } from './summary';
import { entityTooltip } from './tooltips';
import { TreeNode } from './treeNode';

/** One mention, in code points of the saved text: a registry match, or an `entity` annotation. */
export interface Hit {
  start: number;
  end: number;
  annotation?: Annotation;
}

/** What a node lists for its rows: all of them, or a page and a "more" row (set by the view). */
export type ListRows = <T>(parent: TreeNode, rows: readonly T[]) => (T | TreeNode)[];
const ALL: ListRows = (_, rows) => [...rows];

export class EntityRootNode extends TreeNode {
  entities: EntityNode[] = [];
  list: ListRows = ALL;

  constructor(readonly root: CorpusRoot) {
    super(undefined);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(rootLabel(this.root), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.treeId;
    item.iconPath = new vscode.ThemeIcon('library');
    item.description = plural(this.entities.length, 'entity', 'entities');
    item.contextValue = 'corpus';
    return item;
  }

  get treeId(): string {
    return `entities:${this.root.uri.toString()}`;
  }

  override getChildren(): TreeNode[] {
    return this.list(this, this.entities) as TreeNode[];
  }
}

export class EntityNode extends TreeNode {
  /** Mentions across the corpus (`recount` after `docs` changed). */
  total = 0;
  list: ListRows = ALL;

  constructor(
    parent: EntityRootNode | undefined,
    private readonly store: CorpusStore,
    readonly root: CorpusRoot,
    /** The registry id (or, for an annotation naming an unknown entity, that name). */
    readonly entityId: string,
    readonly entity: Entity | undefined,
    /** Its hits per source: the Entities view's index, kept current as sources change (issue 15). */
    private readonly docs: Map<string, Hit[]>,
  ) {
    super(parent);
    this.recount();
  }

  recount(): void {
    let total = 0;
    for (const hits of this.docs.values()) total += hits.length;
    this.total = total;
  }

  get name(): string {
    return this.entity?.name ?? this.entityId;
  }

  get treeId(): string {
    return `entity:${this.root.uri.toString()}#${this.entityId}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, this.total ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.treeId;
    item.description = this.total ? `${plural(this.total, 'mention')} · ${plural(this.docs.size, 'source')}` : 'no mentions';
    item.iconPath = entityIcon(this.entity?.type);
    item.contextValue = contextValue('entity', this.entity?.type, !this.entity && 'unregistered');
    return item;
  }

  override tooltip(): vscode.MarkdownString {
    return entityTooltip(this.entity, this.entityId, this.total, this.docs.size);
  }

  override getChildren(): TreeNode[] {
    const sorted = [...this.docs].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
    // only the listed page's nodes are made (a popular entity is in thousands of sources)
    return this.list(this, sorted).map((r) => (r instanceof TreeNode ? r : this.documentNode(r)));
  }

  private documentNode([rel, hits]: [string, Hit[]]): EntityDocumentNode {
    return new EntityDocumentNode(this, this.store.uriOf(this.root, rel), rel, hits, this.store);
  }
}

export class EntityDocumentNode extends TreeNode {
  constructor(
    override readonly parent: EntityNode,
    readonly uri: vscode.Uri,
    readonly rel: string,
    private readonly hits: Hit[],
    private readonly store?: CorpusStore,
  ) {
    super(parent);
  }

  get treeId(): string {
    return `${this.parent.treeId}/${this.uri.toString()}`;
  }

  getTreeItem(): vscode.TreeItem {
    const slash = this.rel.lastIndexOf('/');
    const item = new vscode.TreeItem(this.rel.slice(slash + 1), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.treeId;
    item.resourceUri = this.uri;
    item.description = [plural(this.hits.length, 'mention'), slash > 0 && this.rel.slice(0, slash)].filter(Boolean).join(' · ');
    item.contextValue = 'entitySource';
    item.command = openCommand(this.uri);
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.mentionNodes(this.parent.root.corpus.get(this.rel)?.text);
  }

  override async loadChildren(): Promise<TreeNode[]> {
    const entry = this.parent.root.corpus.get(this.rel);
    return this.mentionNodes(entry?.text ?? (entry?.readable && this.store ? await this.store.textOf({ root: this.parent.root, rel: this.rel }) : null));
  }

  private mentionNodes(text: string | null | undefined): TreeNode[] {
    if (!text) return [];
    const index = new CodePointIndex(text);
    const spans = this.hits.map((h) => ({ hit: h, start: index.toUtf16(h.start), end: index.toUtf16(h.end) }));
    const lines = lineNumbers(text, spans.map((s) => s.start));
    return spans.map((s, i) => new MentionNode(this, this.uri, s.hit.annotation, s.start, s.end, lines[i], contextLine(text, s.start, s.end)));
  }
}

export class MentionNode extends TreeNode {
  constructor(
    override readonly parent: EntityDocumentNode,
    /** For commands from the item's menu, as on annotation nodes. */
    readonly source: vscode.Uri,
    readonly annotation: Annotation | undefined,
    /** UTF-16 offsets in the saved text. */
    readonly start: number,
    readonly end: number,
    private readonly line: number,
    private readonly snippet: { text: string; highlight: [number, number] },
  ) {
    super(parent);
  }

  get label(): string {
    return this.snippet.text;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem({ label: this.snippet.text, highlights: [this.snippet.highlight] }, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parent.treeId}@${this.start}`;
    item.description = `line ${this.line}${this.annotation ? ' · annotated' : ''}`;
    item.contextValue = this.annotation ? contextValue('annotation', 'entity') : 'mention';
    // an annotation is found again by id in the live document; a registry match by its offsets
    item.command = revealCommand(this.annotation ? { source: this.source.toString(), id: this.annotation.id } : { source: this.source.toString(), start: this.start, end: this.end });
    return item;
  }
}
