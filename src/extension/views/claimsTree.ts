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
import type { ClaimRef } from '../../core/corpus';
import { ClaimRowsModel, CONFLICTS, type ClaimRow, type ClaimsRoot } from '../../core/redraw/claimRows';
import type { CorpusRoot, CorpusStore, StoreChange } from '../store/corpusStore';
import { AnnotationNode } from './annotationNode';
import { ConflictsNode, StatusNode } from './claimNodes';
import { rootLabel } from './presentation';
import { isPlaced, STATUS_ORDER } from './summary';
import { NodeTreeProvider, type TreeNode } from './treeNode';

export class ClaimsTree extends NodeTreeProvider {
  /** A reviewer's filter (issue 11, review/filter.ts): only the claims it keeps are listed. */
  filter: ((c: ClaimRef, root: CorpusRoot) => boolean) | undefined;
  private readonly model = new ClaimRowsModel<AnnotationNode>([CONFLICTS, ...STATUS_ORDER]);
  /** The group nodes live as long as the view: the workbench redraws a group by its node. */
  private readonly groupNodes = new Map<string, StatusNode | ConflictsNode>([[CONFLICTS, new ConflictsNode()], ...STATUS_ORDER.map((s) => [s, new StatusNode(s)] as const)]);
  /** The corpus roots the rows were built from, in order; null: build them all when next asked. */
  private builtFor: readonly CorpusRoot[] | null = null;

  constructor(private readonly store: CorpusStore) {
    super();
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
