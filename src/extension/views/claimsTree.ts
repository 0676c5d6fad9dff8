// The Claims view: every claim in the corpus by the status it shows, disputed first (issue #4).
// Statuses derived from `contradicts` links span sources, so the whole list is recomputed from
// the in-memory corpus on any change, lazily, when the view is visible. Claims holding a merge
// conflict are listed apart, in a "Conflicts" group at the top: their status is only the
// ancestor's until someone picks (issue 9).
import type { ClaimRef } from '../../core/corpus';
import type { CorpusRoot, CorpusStore } from '../store/corpusStore';
import { AnnotationNode } from './annotationNode';
import { ConflictsNode, StatusNode } from './claimNodes';
import { rootLabel } from './presentation';
import { isConflicted, isPlaced, STATUS_ORDER } from './summary';
import { NodeTreeProvider, type TreeNode } from './treeNode';

export class ClaimsTree extends NodeTreeProvider {
  private model: (StatusNode | ConflictsNode)[] | null = null;
  /** A reviewer's filter (issue 11, review/filter.ts): only the claims it keeps are listed. */
  filter: ((c: ClaimRef, root: CorpusRoot) => boolean) | undefined;

  constructor(private readonly store: CorpusStore) {
    super();
  }

  update(): void {
    this.model = null;
    this.changed.fire(undefined);
  }

  protected roots(): TreeNode[] {
    if (!this.store.ready) return [];
    this.model ??= this.build();
    return this.model;
  }

  private build(): (StatusNode | ConflictsNode)[] {
    const groups = new Map(STATUS_ORDER.map((s) => [s, new StatusNode(s)]));
    const conflicts = new ConflictsNode();
    const roots = this.store.allRoots();
    const seen = new Set<string>();
    for (const root of roots) {
      // several corpora: say which one a claim comes from
      const prefix = roots.length > 1 ? `${rootLabel(root)}: ` : '';
      const claims = root.corpus.claims().sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : (a.placement?.result.start ?? Infinity) - (b.placement?.result.start ?? Infinity)));
      for (const c of claims) {
        if (this.filter && !this.filter(c, root)) continue;
        const group = isConflicted(c.annotation) ? conflicts : groups.get(c.status)!;
        const source = this.store.uriOf(root, c.source);
        let key = `claim:${source.toString()}#${c.annotation.id}`;
        // ids come from files anyone may edit; a repeat must not collide in the tree
        for (let n = 1; seen.has(key); n++) key = `claim:${source.toString()}#${c.annotation.id}~${n}`;
        seen.add(key);
        group.claims.push(
          new AnnotationNode(group, {
            key,
            source,
            rel: c.source,
            corpus: root.corpus,
            annotation: c.annotation,
            orphaned: !c.placement || !isPlaced(c.placement.result),
            where: prefix + c.source.slice(c.source.lastIndexOf('/') + 1),
            // under Conflicts the status is the ancestor's, still worth seeing
            hideStatus: group !== conflicts,
          }),
        );
      }
    }
    return [conflicts, ...groups.values()].filter((g) => g.claims.length > 0);
  }
}
