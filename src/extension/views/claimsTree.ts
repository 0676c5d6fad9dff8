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
import { GroupedRows, type Row } from '../../core/redraw/groupedRows';
import { contradictsTargets, LinkedSources } from '../../core/redraw/linkedSources';
import type { CorpusRoot, CorpusStore, StoreChange } from '../store/corpusStore';
import { AnnotationNode } from './annotationNode';
import { ConflictsNode, StatusNode } from './claimNodes';
import { rootLabel } from './presentation';
import { isConflicted, isPlaced, STATUS_ORDER } from './summary';
import { NodeTreeProvider, type TreeNode } from './treeNode';

const CONFLICTS = 'conflicts';

export class ClaimsTree extends NodeTreeProvider {
  /** A reviewer's filter (issue 11, review/filter.ts): only the claims it keeps are listed. */
  filter: ((c: ClaimRef, root: CorpusRoot) => boolean) | undefined;
  private readonly rows = new GroupedRows<AnnotationNode>([CONFLICTS, ...STATUS_ORDER]);
  /** The group nodes live as long as the view: the workbench redraws a group by its node. */
  private readonly groupNodes = new Map<string, StatusNode | ConflictsNode>([[CONFLICTS, new ConflictsNode()], ...STATUS_ORDER.map((s) => [s, new StatusNode(s)] as const)]);
  /** Which sources contradict which (keys as in `sourceKey`). */
  private readonly links = new LinkedSources();
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
    this.builtFor = roots;
    const todo = new Set<string>();
    for (const u of change.sources) {
      const ref = this.store.sourceFor(u);
      const i = ref ? roots.indexOf(ref.root) : -1;
      if (i < 0) continue;
      const key = sourceKey(i, ref!.rel);
      todo.add(key);
      for (const other of this.links.set(key, targetsOf(roots[i], i, ref!.rel))) todo.add(other);
    }
    const groups = new Set<string>();
    const redraw: AnnotationNode[] = [];
    const before = this.rows.groups().join();
    for (const key of todo) {
      const { index, rel } = parseKey(key);
      const change = this.rows.replace(key, this.rowsOf(roots, index, rel));
      for (const g of change.groups) groups.add(g);
      for (const k of change.kept) {
        k.node.refillFrom(k.next.node);
        if (k.changed && !change.groups.has(k.next.group)) redraw.push(k.node);
      }
    }
    for (const g of groups) this.groupNodes.get(g)!.claims = this.rows.nodes(g);
    // a group appearing or emptying changes the top level
    if (this.rows.groups().join() !== before) this.changed.fire(undefined);
    else if (groups.size || redraw.length) this.changed.fire([...[...groups].map((g) => this.groupNodes.get(g)!), ...redraw.filter((n) => !groups.has(groupOf(n)))]);
  }

  protected roots(): TreeNode[] {
    if (!this.store.ready) return [];
    if (!this.builtFor) this.build();
    return this.rows.groups().map((g) => this.groupNodes.get(g)!);
  }

  private build(): void {
    const roots = this.store.allRoots();
    this.rows.clear();
    this.links.clear();
    roots.forEach((root, i) => {
      for (const e of root.corpus.all()) {
        const key = sourceKey(i, e.source);
        this.links.set(key, targetsOf(root, i, e.source));
        this.rows.replace(key, this.rowsOf(roots, i, e.source));
      }
    });
    for (const [g, node] of this.groupNodes) node.claims = this.rows.nodes(g);
    this.builtFor = roots;
  }

  /** The rows of one source's claims: by position, each under the group it shows in. */
  private rowsOf(roots: readonly CorpusRoot[], index: number, rel: string): Row<AnnotationNode>[] {
    const root = roots[index];
    const entry = root.corpus.get(rel);
    const annotations = entry?.parsed?.sidecar?.annotations;
    if (!entry || !annotations?.length) return [];
    // several corpora: say which one a claim comes from
    const prefix = roots.length > 1 ? `${rootLabel(root)}: ` : '';
    const source = this.store.uriOf(root, rel);
    const claims: ClaimRef[] = [];
    for (const a of annotations) {
      if (a.kind !== 'claim') continue;
      claims.push({ source: rel, annotation: a, placement: entry.placements.find((p) => p.annotation.id === a.id), status: root.corpus.statusOf(rel, a) });
    }
    // stable: claims at the same place (or both unplaced) keep their order in the sidecar
    claims.sort((a, b) => (a.placement?.result.start ?? Infinity) - (b.placement?.result.start ?? Infinity));
    const seen = new Set<string>();
    const out: Row<AnnotationNode>[] = [];
    for (const c of claims) {
      if (this.filter && !this.filter(c, root)) continue;
      const group = isConflicted(c.annotation) ? CONFLICTS : c.status;
      let key = `claim:${source.toString()}#${c.annotation.id}`;
      // ids come from files anyone may edit; a repeat must not collide in the tree
      for (let n = 1; seen.has(key); n++) key = `claim:${source.toString()}#${c.annotation.id}~${n}`;
      seen.add(key);
      const node = new AnnotationNode(this.groupNodes.get(group)!, {
        key,
        source,
        rel: c.source,
        corpus: root.corpus,
        annotation: c.annotation,
        orphaned: !c.placement || !isPlaced(c.placement.result),
        where: prefix + c.source.slice(c.source.lastIndexOf('/') + 1),
        // under Conflicts the status is the ancestor's, still worth seeing
        hideStatus: group !== CONFLICTS,
      });
      out.push({ group, key, sig: node.signature(), node });
    }
    return out;
  }

}

/** The keys of the sources one source's `contradicts` links point into. */
function targetsOf(root: CorpusRoot, index: number, rel: string): string[] {
  const annotations = root.corpus.get(rel)?.parsed?.sidecar?.annotations;
  return annotations?.length ? contradictsTargets(rel, annotations).map((t) => sourceKey(index, t)) : [];
}

/** Sorts as the view lists sources: corpus roots in the store's order, then paths by `<`. */
function sourceKey(index: number, rel: string): string {
  return `${String(index).padStart(6, '0')}\u0000${rel}`;
}

function parseKey(key: string): { index: number; rel: string } {
  const at = key.indexOf('\u0000');
  return { index: Number(key.slice(0, at)), rel: key.slice(at + 1) };
}

function groupOf(n: AnnotationNode): string {
  return n.parent instanceof ConflictsNode ? CONFLICTS : (n.parent as StatusNode).status;
}

function sameRoots(a: readonly CorpusRoot[], b: readonly CorpusRoot[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
