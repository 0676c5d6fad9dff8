// The Claims view's model, kept per source (issue 15): which claims it lists, under which group
// (their status, or Conflicts), in which order, rebuilt for the sources a change names and for
// those their `contradicts` links reach either way — the only other sources whose claims can show
// another status (linkedSources.ts). The view (extension/views/claimsTree.ts) makes a tree node
// per row; here the rows are plain data, so a unit test holds the incremental model against a
// full rebuild.
import type { ClaimRef, Corpus } from '../corpus';
import { placementAt } from '../byId';
import { pushAll } from '../arrays';
import { GroupedRows, type Row, type RowsChange } from './groupedRows';
import { contradictsTargets, LinkedSources } from './linkedSources';

export const CONFLICTS = 'conflicts';

/** One listed claim, before the view makes its node. */
export interface ClaimRow {
  /** The claim's group: its status, or CONFLICTS. */
  group: string;
  /** `#id`, with `~n` for the n-th repeat of an id in one sidecar: unique in its source. */
  key: string;
  claim: ClaimRef;
}

/**
 * The claims of one source the view lists, in its order: by position, unplaced last, ties as in
 * the sidecar; `at`: each one's index in the sidecar.
 */
function claimsOf(corpus: Corpus, rel: string, keep?: (c: ClaimRef) => boolean): { claims: ClaimRef[]; at: number[] } {
  const entry = corpus.get(rel);
  const annotations = entry?.parsed?.sidecar?.annotations;
  if (!entry || !annotations?.length) return { claims: [], at: [] };
  const found: ClaimRef[] = [];
  const index: number[] = [];
  for (let i = 0; i < annotations.length; i++) {
    const a = annotations[i];
    if (a.kind !== 'claim') continue;
    found.push({ source: rel, annotation: a, placement: placementAt(entry.placements, i, a.id), status: corpus.statusOf(rel, a) });
    index.push(i);
  }
  // claims at the same place (or both unplaced) keep their order in the sidecar
  const order = found.map((_, k) => k).sort((x, y) => startOf(found[x]) - startOf(found[y]) || x - y);
  const claims: ClaimRef[] = [];
  const at: number[] = [];
  for (const k of order) {
    if (keep && !keep(found[k])) continue;
    claims.push(found[k]);
    at.push(index[k]);
  }
  return { claims, at };
}

/** Where a claim is listed: its placement's start, unplaced last. */
function startOf(c: ClaimRef): number {
  return c.placement?.result.start ?? Infinity;
}

/** A listed claim's group: CONFLICTS while it holds one, else its status. */
function groupOf(c: ClaimRef): string {
  return (c.annotation.conflicts?.length ?? 0) > 0 ? CONFLICTS : c.status;
}

/** Each claim's key in its source: `#id`, and `#id~n` for the n-th repeat of an id. */
function keysOf(claims: readonly ClaimRef[]): string[] {
  const seen = new Set<string>();
  return claims.map((c) => {
    let key = `#${c.annotation.id}`;
    // ids come from files anyone may edit; a repeat must not collide in the tree
    for (let n = 1; seen.has(key); n++) key = `#${c.annotation.id}~${n}`;
    seen.add(key);
    return key;
  });
}

/** The claims of one source the view lists, in its order, with their groups and keys. */
export function claimRowsOf(corpus: Corpus, rel: string, keep?: (c: ClaimRef) => boolean): ClaimRow[] {
  const { claims } = claimsOf(corpus, rel, keep);
  const keys = keysOf(claims);
  return claims.map((c, k) => ({ group: groupOf(c), key: keys[k], claim: c }));
}

/** A corpus root as the model sees it: its corpus, and what the view calls its sources (URIs). */
export interface ClaimsRoot {
  corpus: Corpus;
  /** The prefix of a row's key for a source (the view: its URI); sources are told apart by it. */
  sourceId(rel: string): string;
}

/** What the view makes of a row: its node and everything the node shows, as a string. */
export type MakeNode<N> = (row: ClaimRow, root: number, id: string) => { node: N; sig: () => string };

export class ClaimRowsModel<N> {
  readonly rows: GroupedRows<N>;
  private readonly links = new LinkedSources();
  /** The claims each source's held rows list, in their order. */
  private readonly listed = new Map<string, Listed>();

  constructor(groupOrder: readonly string[]) {
    this.rows = new GroupedRows<N>(groupOrder);
  }

  /** Rebuilds every row. */
  build(roots: readonly ClaimsRoot[], make: MakeNode<N>, keep?: (c: ClaimRef, root: number) => boolean): void {
    this.rows.clear();
    this.links.clear();
    this.listed.clear();
    roots.forEach((root, i) => {
      for (const e of root.corpus.all()) {
        const key = sourceKey(i, e.source);
        this.links.set(key, targetsOf(root.corpus, i, e.source));
        this.rows.replace(key, this.rowsOf(roots, i, e.source, make, keep));
      }
    });
  }

  /**
   * Rebuilds the rows of the given sources (root index and path), gone ones included, and of the
   * sources their links reach; returns the change, merged over them.
   */
  update(roots: readonly ClaimsRoot[], sources: Iterable<{ root: number; rel: string }>, make: MakeNode<N>, keep?: (c: ClaimRef, root: number) => boolean): RowsChange<N> {
    const todo = new Set<string>();
    for (const { root, rel } of sources) {
      const key = sourceKey(root, rel);
      todo.add(key);
      for (const other of this.links.set(key, targetsOf(roots[root].corpus, root, rel))) todo.add(other);
    }
    const out: RowsChange<N> = { groups: new Set(), kept: [] };
    for (const key of todo) {
      const at = key.indexOf('\u0000');
      const root = Number(key.slice(0, at));
      const change = this.rows.replace(key, this.rowsOf(roots, root, key.slice(at + 1), make, keep));
      for (const g of change.groups) out.groups.add(g);
      pushAll(out.kept, change.kept);
    }
    return out;
  }

  /**
   * A source's rows; a row whose claim is the same annotation and placement objects as before,
   * with the same status in the same group, is the row held (not made again): a change of one
   * claim among 13,333 in a source makes one row, not 13,333 (issue 15).
   */
  private rowsOf(roots: readonly ClaimsRoot[], index: number, rel: string, make: MakeNode<N>, keep?: (c: ClaimRef, root: number) => boolean): Row<N>[] {
    const root = roots[index];
    const source = sourceKey(index, rel);
    const held = this.rows.rowsOf(source);
    const listed = this.listed.get(source);
    const prefix = root.sourceId(rel);
    const row = (c: ClaimRef, was: Row<N> | undefined, id: string): Row<N> => {
      const group = groupOf(c);
      const w = was?.inputs;
      if (w && w[0] === group && w[1] === c.annotation && w[2] === c.placement && w[3] === c.status) return was!;
      const { node, sig } = make({ group, key: id.slice(prefix.length), claim: c }, index, id);
      return { group, key: id, sig, node, inputs: [group, c.annotation, c.placement, c.status] };
    };
    const again = !keep && listed && held.length === listed.ids.length ? this.sameOrder(root.corpus, rel, listed) : null;
    if (again) return again.map((c, k) => row(c, held[k], held[k].key));
    const { claims, at } = claimsOf(root.corpus, rel, keep && ((c) => keep(c, index)));
    // the same ids in the same order as the held rows (a claim moved, or a filter):
    // each row's key is the held one at its index, with no set of keys made again
    const aligned = listed !== undefined && listed.ids.length === claims.length && held.length === claims.length && claims.every((c, k) => c.annotation.id === listed.ids[k]);
    const keys = aligned ? null : keysOf(claims);
    // else each held row is looked for at its own index first, and the map of them made only when one is not there
    let byKey: Map<string, Row<N>> | undefined;
    const heldAs = (id: string, k: number) => {
      const at = held[k];
      if (at?.key === id) return at;
      if (!byKey) {
        byKey = new Map();
        for (const r of held) byKey.set(r.key, r);
      }
      return byKey.get(id);
    };
    const rows = claims.map((c, k) => {
      const id = keys ? prefix + keys[k] : held[k].key;
      return row(c, keys ? heldAs(id, k) : held[k], id);
    });
    if (!claims.length) this.listed.delete(source);
    else this.listed.set(source, { ids: claims.map((c) => c.annotation.id), at, starts: claims.map(startOf) });
    return rows;
  }

  /**
   * The usual change (a claim's status or words): the listed claims are still the source's
   * claims, at the same places in its sidecar and where they stood: then they list in the same
   * order, and each row's key is the held one at its index, with no claims gathered, sorted or
   * keyed again (13,333 of them: the set of keys alone was 7 ms of the host's thread a change).
   * Null when anything else changed.
   */
  private sameOrder(corpus: Corpus, rel: string, listed: Listed): ClaimRef[] | null {
    const entry = corpus.get(rel);
    const annotations = entry?.parsed?.sidecar?.annotations;
    if (!entry || !annotations) return null;
    let count = 0;
    for (const a of annotations) if (a.kind === 'claim') count++;
    if (count !== listed.ids.length) return null;
    const out: ClaimRef[] = [];
    for (let k = 0; k < listed.at.length; k++) {
      const i = listed.at[k];
      const a = annotations[i];
      if (!a || a.kind !== 'claim' || a.id !== listed.ids[k]) return null;
      const placement = placementAt(entry.placements, i, a.id);
      if ((placement?.result.start ?? Infinity) !== listed.starts[k]) return null;
      out.push({ source: rel, annotation: a, placement, status: corpus.statusOf(rel, a) });
    }
    return out;
  }
}

/** The claims a source's held rows list, in their order: id, index in the sidecar, where it stood. */
interface Listed {
  ids: readonly string[];
  at: readonly number[];
  starts: readonly number[];
}

/** Sorts as the view lists sources: corpus roots in the store's order, then paths by `<`. */
function sourceKey(index: number, rel: string): string {
  return `${String(index).padStart(6, '0')}\u0000${rel}`;
}

function targetsOf(corpus: Corpus, index: number, rel: string): string[] {
  const annotations = corpus.get(rel)?.parsed?.sidecar?.annotations;
  return annotations?.length ? contradictsTargets(rel, annotations).map((t) => sourceKey(index, t)) : [];
}
