// The Entities view: every registry entity with its mentions across the corpus, most mentioned
// first. Recomputed from the in-memory corpus when it changes (never from disk), and only when
// the view asks: VS Code fetches children only while the view is visible.
import type { CorpusStore } from '../store/corpusStore';
import { EntityNode, EntityRootNode, indexMentions } from './entityNodes';
import { NodeTreeProvider, type TreeNode } from './treeNode';

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

export class EntitiesTree extends NodeTreeProvider {
  private model: TreeNode[] | null = null;

  constructor(private readonly store: CorpusStore) {
    super();
  }

  /** Forgets the model; the view rebuilds it (same ids, so expansion is kept) if visible. */
  update(): void {
    this.model = null;
    this.changed.fire(undefined);
  }

  /** Whether any corpus has a registry with entities. */
  get hasRegistry(): boolean {
    return this.store.allRoots().some((r) => (r.registry?.config?.entities.length ?? 0) > 0);
  }

  protected roots(): TreeNode[] {
    if (!this.store.ready) return [];
    this.model ??= this.build();
    return this.model;
  }

  private build(): TreeNode[] {
    const groups = this.store.allRoots().map((root) => {
      const index = indexMentions(root);
      const ids = new Set([...(root.corpus.registry?.entities ?? []).map((e) => e.id), ...index.keys()]);
      return { root, index, ids };
    });
    const shown = groups.filter((g) => g.ids.size > 0);
    const byRoot = shown.length > 1;
    const out: TreeNode[] = [];
    for (const { root, index, ids } of shown) {
      const parent = byRoot ? new EntityRootNode(root) : undefined;
      const nodes = [...ids]
        .map((id) => new EntityNode(parent, this.store, root, id, root.corpus.entity(id), index.get(id) ?? new Map()))
        .sort((a, b) => b.total - a.total || collator.compare(a.name, b.name));
      if (parent) {
        parent.entities = nodes;
        out.push(parent);
      } else out.push(...nodes);
    }
    return out;
  }
}
