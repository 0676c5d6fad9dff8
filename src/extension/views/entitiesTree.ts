// The Entities view: every registry entity with its mentions across the corpus, most mentioned
// first. Built from the in-memory corpus (never from disk), and only when the view asks: VS Code
// fetches children only while the view is visible.
//
// Kept per source (issue 15): indexing every mention of 10,000 sources again on each store
// change stalled the extension host when the view was visible. The mentions are kept per entity
// per source (core/redraw/mentionIndex.ts); a change re-reads the hits of the sources it names,
// recounts the entities whose hits there changed, and redraws those rows — or the list, when
// their new counts reorder it. A change of everything (a registry, a re-index), corpus roots
// coming or going, or an entity the registry does not know appearing or going rebuilds it all.
//
// The entities (thousands at 10,000 sources: a reorder lists them all again) and an entity's
// sources are listed a page at a time, then a "Show N more…" row (core/redraw/paging.ts);
// `showEntity` grows the list to include one before it is revealed.
import { MentionIndex } from '../../core/redraw/mentionIndex';
import { Paging } from '../../core/redraw/paging';
import type { Annotation } from '../../core/types';
import type { CorpusRoot, CorpusStore, StoreChange } from '../store/corpusStore';
import { EntityNode, EntityRootNode, type ListRows } from './entityNodes';
import { paged } from './moreNode';
import { NodeTreeProvider, type TreeNode } from './treeNode';
import { pushAll } from '../../core/arrays';

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
/** The list the top level's paging is kept under. */
const TOP = 'entities:top';

/** One corpus root's part of the view. */
interface RootPart {
  root: CorpusRoot;
  index: MentionIndex<Annotation>;
  /** Its rows by entity id, and in the order shown. */
  nodes: Map<string, EntityNode>;
  order: EntityNode[];
  parent: EntityRootNode | undefined;
  /** Most mentioned first, then by name; ties as first built (registry order, then as first seen), as a full build sorts them. */
  compare: (a: EntityNode, b: EntityNode) => number;
}

export class EntitiesTree extends NodeTreeProvider {
  /** Null: build it all when next asked. */
  private parts: RootPart[] | null = null;
  private top: TreeNode[] = [];
  /** How many rows each list shows: the top level (TOP), a corpus root's entities, an entity's sources (by tree id). */
  readonly paging = new Paging();
  /** Lists a node's rows a page at a time; its "more" row redraws that node. */
  private readonly list: ListRows = (parent, rows) => {
    const id = (parent as EntityNode | EntityRootNode).treeId;
    return paged(this.paging, parent, id, rows, () => {
      this.paging.more(id);
      this.changed.fire(parent);
    });
  };

  constructor(private readonly store: CorpusStore) {
    super();
  }

  /**
   * The row of an entity, its list grown to include it (before a reveal: a row beyond the page
   * is not an item the workbench knows). The first corpus root listing it.
   */
  showEntity(id: string): EntityNode | undefined {
    this.roots();
    for (const part of this.parts ?? []) {
      const node = part.nodes.get(id);
      if (!node) continue;
      const listed = part.parent ? part.order : this.top;
      const list = part.parent ? part.parent.treeId : TOP;
      if (this.paging.include(list, listed.indexOf(node))) this.changed.fire(part.parent);
      return node;
    }
    return undefined;
  }

  /** Brings the rows up to date with a change; forgets them all when it reaches further (same ids, so expansion is kept). */
  update(change?: StoreChange): void {
    const roots = this.store.allRoots();
    const parts = this.parts;
    if (!change || change.all || !parts || parts.length !== roots.length || parts.some((p, i) => p.root !== roots[i]) || !this.apply(parts, change)) {
      this.parts = null;
      this.changed.fire(undefined);
    }
  }

  /** Whether any corpus has a registry with entities. */
  get hasRegistry(): boolean {
    return this.store.allRoots().some((r) => (r.registry?.config?.entities.length ?? 0) > 0);
  }

  protected roots(): TreeNode[] {
    if (!this.store.ready) return [];
    if (!this.parts) this.build();
    return paged(this.paging, undefined, TOP, this.top, () => {
      this.paging.more(TOP);
      this.changed.fire(undefined);
    });
  }

  /** Applies a change of some sources; false when it needs a full rebuild. Fires what it changed. */
  private apply(parts: RootPart[], change: Extract<StoreChange, { all: false }>): boolean {
    const redraw = new Set<EntityNode>();
    const reordered = new Set<RootPart>();
    for (const u of change.sources) {
      const ref = this.store.sourceFor(u);
      const part = ref && parts.find((p) => p.root === ref.root);
      if (!part) continue;
      const entry = part.root.corpus.get(ref.rel);
      for (const id of part.index.setSource(ref.rel, entry ? part.root.corpus.entityHits(entry) : [])) {
        const node = part.nodes.get(id);
        // an entity the registry does not know came or went: the list of rows changes
        if (!node || (!node.entity && part.index.total(id) === 0)) return false;
        node.recount();
        redraw.add(node);
      }
    }
    for (const part of parts) {
      if (![...redraw].some((n) => n.root === part.root)) continue;
      const sorted = [...part.order].sort(part.compare);
      if (sorted.some((n, i) => n !== part.order[i])) {
        part.order = sorted;
        if (part.parent) part.parent.entities = sorted;
        reordered.add(part);
      }
    }
    if (!redraw.size) return true;
    if ([...reordered].some((p) => !p.parent)) this.top = this.topNodes(parts);
    const fire: TreeNode[] = [];
    for (const p of reordered) if (p.parent) fire.push(p.parent);
    for (const n of redraw) if (!reordered.has(parts.find((p) => p.root === n.root)!)) fire.push(n);
    if ([...reordered].some((p) => !p.parent)) this.changed.fire(undefined);
    else this.changed.fire(fire);
    return true;
  }

  private build(): void {
    const parts: RootPart[] = this.store.allRoots().map((root) => {
      const index = new MentionIndex<Annotation>();
      for (const e of root.corpus.all()) index.setSource(e.source, root.corpus.entityHits(e));
      return { root, index, nodes: new Map(), order: [], parent: undefined, compare: byCount };
    });
    const shown = parts.filter((p) => (p.root.corpus.registry?.entities.length ?? 0) > 0 || !p.index.mentioned()[Symbol.iterator]().next().done);
    const byRoot = shown.length > 1;
    for (const part of shown) {
      const { root, index } = part;
      const ids = new Set([...(root.corpus.registry?.entities ?? []).map((e) => e.id), ...index.mentioned()]);
      part.parent = byRoot ? new EntityRootNode(root) : undefined;
      if (part.parent) part.parent.list = this.list;
      const made = [...ids].map((id) => {
        const node = new EntityNode(part.parent, this.store, root, id, root.corpus.entity(id), index.docsOf(id));
        node.list = this.list;
        return node;
      });
      const rank = new Map(made.map((n, i) => [n, i]));
      part.compare = (a, b) => byCount(a, b) || rank.get(a)! - rank.get(b)!;
      part.order = made.sort(part.compare);
      for (const n of part.order) part.nodes.set(n.entityId, n);
      if (part.parent) part.parent.entities = part.order;
    }
    this.parts = parts;
    this.top = this.topNodes(parts);
  }

  private topNodes(parts: RootPart[]): TreeNode[] {
    const out: TreeNode[] = [];
    for (const p of parts) {
      if (p.parent) out.push(p.parent);
      else pushAll(out, p.order);
    }
    return out;
  }
}

function byCount(a: EntityNode, b: EntityNode): number {
  return b.total - a.total || collator.compare(a.name, b.name);
}
