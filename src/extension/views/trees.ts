// The three views of the Marginalia container: Sources, Entities, Claims. Builds them, keeps
// them current from the store's change events, and reveals sources and annotations on request.
import * as vscode from 'vscode';
import type { LiveDocuments } from '../editor/liveDocuments';
import { ContextKeys, Views } from '../ids';
import type { CorpusStore, StoreChange } from '../store/corpusStore';
import { AnnotationNode } from './annotationNode';
import { ClaimsTree } from './claimsTree';
import { EntitiesTree } from './entitiesTree';
import { GroupNode, type FileNode } from './sourceNodes';
import { SourcesTree } from './sourcesTree';
import { laterUpdates } from './laterViews';
import { plural } from './summary';
import type { TreeNode } from './treeNode';
import type { LaterUpdates } from '../../core/redraw/laterUpdates';

const INDEXING = 'Indexing sources…';
/** How long the cursor rests before the Sources view follows it. */
const FOLLOW_DELAY_MS = 250;

export class Trees implements vscode.Disposable {
  readonly sources: SourcesTree;
  readonly entities: EntitiesTree;
  readonly claims: ClaimsTree;
  readonly sourcesView: vscode.TreeView<TreeNode>;
  readonly entitiesView: vscode.TreeView<TreeNode>;
  readonly claimsView: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[];
  private hasSources: boolean | undefined;
  private hasWorkspaceFile: boolean | undefined;

  /** What the `marginalia.hasWorkspaceFile` context key was last set to (the Entities welcome reads it). */
  get workspaceFileKnown(): boolean | undefined {
    return this.hasWorkspaceFile;
  }
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  /** Each view's updates for the store's changes: a large one in a turn of its own (laterViews.ts). */
  private readonly updates: LaterUpdates<StoreChange>[];
  /** Set while the store's event is told to the views: the state is brought up to date once, after all three. */
  private inEvent = false;

  constructor(
    private readonly store: CorpusStore,
    private readonly live: LiveDocuments,
  ) {
    this.sources = new SourcesTree(store);
    this.entities = new EntitiesTree(store);
    this.claims = new ClaimsTree(store);
    this.sourcesView = vscode.window.createTreeView(Views.sources, { treeDataProvider: this.sources, showCollapseAll: true });
    this.entitiesView = vscode.window.createTreeView(Views.entities, { treeDataProvider: this.entities, showCollapseAll: true });
    this.claimsView = vscode.window.createTreeView(Views.claims, { treeDataProvider: this.claims, showCollapseAll: true });
    const later = (update: (c: StoreChange) => void) =>
      laterUpdates(store, (c) => {
        update(c);
        if (!this.inEvent) this.updateState();
      });
    this.updates = [later((c) => this.sources.update(c)), later((c) => this.entities.update(c)), later((c) => this.claims.update(c))];
    this.disposables = [
      ...this.updates,
      this.sources,
      this.entities,
      this.claims,
      this.sourcesView,
      this.entitiesView,
      this.claimsView,
      store.onDidChange((c) => this.update(c)),
      // a whole recount goes on in slices after the change (sourcesTree.ts): the badge and
      // messages follow its totals when it ends
      this.sources.onDidRecount(() => this.updateState()),
      vscode.window.onDidChangeTextEditorSelection((e) => this.followCursor(e)),
    ];
    this.updateState();
  }

  /**
   * Shows a source in the Sources view, or one of its annotations, and selects it. Focuses the
   * view unless told otherwise.
   */
  async reveal(sourceUri: vscode.Uri, annotationId?: string, options: { focus?: boolean } = {}): Promise<void> {
    // a re-index (a new corpus root, a settings change) may be under way even once `ready`:
    // its sidecars are read after the list is shown, and the annotation is not there before
    await this.store.whenIndexed();
    await this.store.whenDrawn(); // a new source's row is made by the sync after it, in slices at scale
    const file = this.sources.fileNode(this.store.sourceFor(sourceUri)?.uri ?? sourceUri);
    if (!file) return;
    const node = (annotationId !== undefined && annotationNode(file, annotationId)) || file;
    this.sources.showNode(node);
    await this.sourcesView.reveal(node, { select: true, focus: options.focus ?? true, expand: node === file });
  }

  /**
   * Shows a claim in the Claims view and selects it, growing its group's page to include it
   * (issue 15: a group lists a page of its rows). False if no group lists it.
   */
  async revealClaim(sourceUri: vscode.Uri, annotationId: string, options: { focus?: boolean } = {}): Promise<boolean> {
    await this.store.whenIndexed();
    await this.store.whenDrawn(); // a change to a large source reaches the view a turn later (laterViews.ts)
    const node = this.claims.rowOf((this.store.sourceFor(sourceUri)?.uri ?? sourceUri).toString(), annotationId);
    if (!node) return false;
    this.claims.showRow(node);
    await this.claimsView.reveal(node, { select: true, focus: options.focus ?? true });
    return true;
  }

  private update(change: StoreChange): void {
    this.inEvent = true;
    try {
      for (const u of this.updates) u.take(change);
    } finally {
      this.inEvent = false;
    }
    this.updateState();
  }

  private updateState(): void {
    if (!this.store.ready) {
      for (const v of [this.sourcesView, this.entitiesView, this.claimsView]) v.message = INDEXING;
      return;
    }
    const totals = this.sources.totals();
    this.sourcesView.message = undefined;
    // No marginalia.yaml at all: the view's welcome offers to create one, which a folder with
    // sources never saw before (the Sources welcome shows only while it is empty). One without
    // entities yet is not "no registry" (issue 9, bug 7).
    const hasWorkspaceFile = this.store.allRoots().some((r) => r.registry !== null);
    this.entitiesView.message = this.entities.hasRegistry || !hasWorkspaceFile ? undefined : 'No entities yet: mark a selection as an entity (“Mark Selection as Entity…”), or add them to marginalia.yaml.';
    this.claimsView.message = totals.claims ? undefined : 'No claims yet: select text in a source and run “Mark Selection as Claim…”.';
    const attention = totals.orphans + totals.broken;
    const why = [totals.orphans && plural(totals.orphans, 'orphaned annotation'), totals.broken && plural(totals.broken, 'unreadable sidecar')].filter(Boolean).join(', ');
    this.sourcesView.badge = attention ? { value: attention, tooltip: why } : undefined;
    if (hasWorkspaceFile !== this.hasWorkspaceFile) {
      this.hasWorkspaceFile = hasWorkspaceFile;
      void vscode.commands.executeCommand('setContext', ContextKeys.hasWorkspaceFile, hasWorkspaceFile);
    }
    const hasSources = this.sources.fileCount > 0;
    if (hasSources !== this.hasSources) {
      this.hasSources = hasSources;
      void vscode.commands.executeCommand('setContext', ContextKeys.hasSources, hasSources);
    }
  }

  /**
   * Like the Outline's "follow cursor": while the Sources view is visible, the annotation under
   * the cursor is selected in it (without taking focus). Selections made by commands count too
   * (go to, find); one made by clicking the item itself finds it already selected and stops.
   */
  private followCursor(e: vscode.TextEditorSelectionChangeEvent): void {
    if (!this.sourcesView.visible) return;
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      const doc = this.live.get(e.textEditor.document);
      if (!doc || !this.sourcesView.visible) return;
      const at = e.textEditor.document.offsetAt(e.selections[0].active);
      const span = doc.annotations.find((s) => s.start <= at && at < s.end);
      const file = span && this.sources.fileNode(doc.ref.uri);
      const node = file && annotationNode(file, span.annotation.id);
      if (!node || this.sourcesView.selection[0] === node) return;
      this.sources.showNode(node);
      void this.sourcesView.reveal(node, { select: true, focus: false });
    }, FOLLOW_DELAY_MS);
  }

  dispose(): void {
    if (this.followTimer) clearTimeout(this.followTimer);
    for (const d of this.disposables) d.dispose();
  }
}

function annotationNode(file: FileNode, id: string): AnnotationNode | undefined {
  for (const child of file.getChildren()) {
    if (!(child instanceof GroupNode)) continue;
    const hit = child.items.find((n) => n.id === id);
    if (hit) return hit;
  }
  return undefined;
}
