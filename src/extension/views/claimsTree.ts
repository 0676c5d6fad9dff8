// The Claims view: every claim in the corpus by the status it shows, disputed first (issue #4).
// Claims holding a merge conflict are listed apart, in a "Conflicts" group at the top: their
// status is only the ancestor's until someone picks (issue 9).
//
// Kept per source (issue 15): at 10,000 sources and 24,000 claims, rebuilding the list from the
// whole corpus on every store change stalled the extension host for seconds. The rows of each
// source live in core/redraw/groupedRows.ts; a change rebuilds the rows of the sources it names
// and of those their `contradicts` links reach either way (a claim's derived status spans
// sources: core/redraw/linkedSources.ts), and tells the view to list again only the groups
// whose rows came or went, and to redraw only the rows that changed in place. A change of
// everything (a re-index, a registry, another filter, corpus roots coming or going) rebuilds it
// all, lazily, when the view is visible.
//
// A group lists a page of its rows and a "Show N more…" row (core/redraw/paging.ts, issue 15):
// VS Code's host lists every child of a redrawn group again, and a claim moving between two
// groups of ~10,000 rows each stalled it for a second. The size each group grew to is kept
// across changes; `showRow` grows a group to include a row before it is revealed.
import type { ClaimRef } from '../../core/corpus';
import { ClaimRowsModel, CONFLICTS, type ClaimRow, type ClaimsRoot } from '../../core/redraw/claimRows';
import type { CorpusRoot, CorpusStore, StoreChange } from '../store/corpusStore';
import { AnnotationNode } from './annotationNode';
import { Paging } from '../../core/redraw/paging';
import { ConflictsNode, StatusNode, type ListRows } from './claimNodes';
import { paged } from './moreNode';
import { rootLabel } from './presentation';
import { isPlaced, STATUS_ORDER } from './summary';
import { NodeTreeProvider, type TreeNode } from './treeNode';

export class ClaimsTree extends NodeTreeProvider {
  /** A reviewer's filter (issue 11, review/filter.ts): only the claims it keeps are listed. */
  filter: ((c: ClaimRef, root: CorpusRoot) => boolean) | undefined;
  private readonly model = new ClaimRowsModel<AnnotationNode>([CONFLICTS, ...STATUS_ORDER]);
  /** The group nodes live as long as the view: the workbench redraws a group by its node. */
  private readonly groupNodes: Map<string, StatusNode | ConflictsNode>;
  /** How many rows each group lists (keyed by the group's tree id). */
  readonly paging: Paging;
  /** The corpus roots the rows were built from, in order; null: build them all when next asked. */
  private builtFor: readonly CorpusRoot[] | null = null;

  constructor(
    private readonly store: CorpusStore,
    paging = new Paging(),
  ) {
    super();
    this.paging = paging;
    const list: ListRows = (group, claims) => paged(this.paging, group, (group as StatusNode | ConflictsNode).treeId, claims, () => this.grow(group as StatusNode | ConflictsNode));
    this.groupNodes = new Map<string, StatusNode | ConflictsNode>([[CONFLICTS, new ConflictsNode(list)], ...STATUS_ORDER.map((s) => [s, new StatusNode(s, list)] as const)]);
  }

  /** The "more" row of a group was clicked: it lists a page more. */
  private grow(group: StatusNode | ConflictsNode): void {
    this.paging.more(group.treeId);
    this.changed.fire(group);
  }

  /**
   * Makes sure a claim row is listed (a reveal of a row beyond its group's page would find no
   * such item): grows the group to include it. Resolves once the group is redrawn, if it was.
   */
  showRow(node: AnnotationNode): boolean {
    const group = node.parent as StatusNode | ConflictsNode | undefined;
    const index = group ? group.claims.indexOf(node) : -1;
    if (!group || index < 0 || !this.paging.include(group.treeId, index)) return false;
    this.changed.fire(group);
    return true;
  }

  /** The row of a claim, if listed in some group (by its source and id). */
  rowOf(source: string, id: string): AnnotationNode | undefined {
    if (!this.builtFor) this.roots();
    for (const g of this.model.rows.groups()) for (const n of this.model.rows.nodes(g)) if (n.source.toString() === source && n.annotation.id === id) return n;
    return undefined;
  }

  /** Brings the rows up to date: the sources a change names (and those linked to them), or everything. */
  update(change?: StoreChange): void {
    const roots = this.store.allRoots();
    if (!change || change.all || !this.builtFor || !sameRoots(this.builtFor, roots)) {
      this.builtFor = null;
      this.changed.fire(undefined);
      return;
    }
    const sources: { root: number; rel: string }[] = [];
    for (const u of change.sources) {
      const ref = this.store.sourceFor(u);
      const i = ref ? roots.indexOf(ref.root) : -1;
      if (i >= 0) sources.push({ root: i, rel: ref!.rel });
    }
    const before = this.model.rows.groups().join();
    const { groups, kept } = this.model.update(this.claimsRoots(roots), sources, this.make(roots), this.keep(roots));
    const redraw: AnnotationNode[] = [];
    for (const k of kept) {
      k.node.refillFrom(k.next.node);
      if (k.changed && !groups.has(k.next.group)) redraw.push(k.node);
    }
    for (const g of groups) this.groupNodes.get(g)!.claims = this.model.rows.nodes(g);
    // a group appearing or emptying changes the top level
    if (this.model.rows.groups().join() !== before) this.changed.fire(undefined);
    else if (groups.size || redraw.length) this.changed.fire([...[...groups].map((g) => this.groupNodes.get(g)!), ...redraw]);
  }

  protected roots(): TreeNode[] {
    if (!this.store.ready) return [];
    if (!this.builtFor) {
      const roots = this.store.allRoots();
      this.model.build(this.claimsRoots(roots), this.make(roots), this.keep(roots));
      for (const [g, node] of this.groupNodes) node.claims = this.model.rows.nodes(g);
      this.builtFor = roots;
    }
    return this.model.rows.groups().map((g) => this.groupNodes.get(g)!);
  }

  private claimsRoots(roots: readonly CorpusRoot[]): ClaimsRoot[] {
    return roots.map((root) => ({ corpus: root.corpus, sourceId: (rel: string) => `claim:${this.store.uriOf(root, rel).toString()}` }));
  }

  private keep(roots: readonly CorpusRoot[]): ((c: ClaimRef, root: number) => boolean) | undefined {
    const filter = this.filter;
    return filter && ((c, i) => filter(c, roots[i]));
  }

  /** The node of a row, under its group, and what it shows. */
  private make(roots: readonly CorpusRoot[]): (row: ClaimRow, index: number, id: string) => { node: AnnotationNode; sig: () => string } {
    // several corpora: say which one a claim comes from
    const prefixes = roots.map((root) => (roots.length > 1 ? `${rootLabel(root)}: ` : ''));
    return ({ group, claim: c }, index, id) => {
      const root = roots[index];
      const prefix = prefixes[index];
      const node = new AnnotationNode(this.groupNodes.get(group)!, {
        key: id,
        source: this.store.uriOf(root, c.source),
        rel: c.source,
        corpus: root.corpus,
        annotation: c.annotation,
        placement: c.placement ?? null,
        orphaned: !c.placement || !isPlaced(c.placement.result),
        where: prefix + c.source.slice(c.source.lastIndexOf('/') + 1),
        // under Conflicts the status is the ancestor's, still worth seeing
        hideStatus: group !== CONFLICTS,
      });
      return { node, sig: () => node.signature() };
    };
  }
}

function sameRoots(a: readonly CorpusRoot[], b: readonly CorpusRoot[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
