// Rows of a view kept per source and merged into groups in source order (issue 15: a one-source
// change must not rebuild the Claims view from the whole corpus). The Claims view lists every
// claim under its status, sources in path order and each source's claims by position; at 10,000
// sources rebuilding that list (24,000 claims, each with its derived status) on every store
// change stalled the extension host for seconds. Here each source's rows are replaced on their
// own, and what the replacement changed is reported: the groups whose list of rows changed (a row
// came, went or moved: the view must list that group's children again) and the rows that stayed
// where they were but look different (only that row is redrawn). A group's list is merged again
// only when asked after it changed, in time linear in the rows it holds.
//
// Generic over the row's node (the view's tree node) so it is tested in plain Node; `sig` is what
// the row shows, compared to tell a changed row from an unchanged one. The caller refills a kept
// node only after `replace` returns, so the old row's `sig` still reads the old node.
import { firstIndex } from '../bisect';

export interface Row<N> {
  group: string;
  /** Unique within the view: a row keeps its node while its key and group do. */
  key: string;
  /**
   * Everything the row shows (label, description, icon…), as one string: asked only of a row
   * that replaces one of the same key (a full build never asks, at 24,000 rows).
   */
  sig: () => string;
  node: N;
  /**
   * What the row is made from, compared by identity (the corpus keeps the objects of what did
   * not change: core/live/reuseUnchanged.ts): the caller may hand back the very row it was
   * given for the same inputs, and `replace` takes that row as it is, unchanged.
   */
  inputs?: readonly unknown[];
}

export interface RowsChange<N> {
  /** Groups whose rows came, went or changed order. */
  groups: Set<string>;
  /**
   * Rows that kept their node (same key, same group), with what they hold now: the caller
   * refills each node from `next` (its data may be newer even when it shows the same), and
   * redraws those whose `changed` is set.
   */
  kept: { node: N; next: Row<N>; changed: boolean }[];
}

export class GroupedRows<N> {
  /** Rows per source, each source's in the order it lists them. */
  private readonly bySource = new Map<string, Row<N>[]>();
  /** The sources in order (`<` on their keys), kept sorted as sources come and go. */
  private readonly order: string[] = [];
  /** Merged lists, dropped for a group when one of its rows changes. */
  private readonly merged = new Map<string, N[]>();

  /** Source keys order as strings do (`<`): callers make keys that sort as the view lists sources. */
  constructor(private readonly groupOrder: readonly string[]) {}

  /**
   * Sets a source's rows (none: it is gone). A row whose key and group are unchanged keeps its
   * old node (the view knows nodes by identity); one whose `sig` changed is reported in `changed`.
   */
  replace(source: string, rows: Row<N>[]): RowsChange<N> {
    const before = this.bySource.get(source) ?? [];
    const out = this.replaceInPlace(source, before, rows);
    return out ?? this.replaceMoved(source, before, rows);
  }

  /**
   * `replace` when every row stands where the one of its key stood (the usual change: a claim's
   * status or text changed in a large source, its place did not): only the groups a row left or
   * joined changed their lists, and the rows handed back as they were are skipped without a
   * lookup (issue 15: 13,333 rows keyed and grouped twice per change). Null when a row came,
   * went or changed places, for the full comparison. Keys are unique, as `Row` says.
   */
  private replaceInPlace(source: string, before: readonly Row<N>[], rows: Row<N>[]): RowsChange<N> | null {
    if (!before.length || rows.length !== before.length) return null;
    for (let i = 0; i < rows.length; i++) if (rows[i] !== before[i] && rows[i].key !== before[i].key) return null;
    const out: RowsChange<N> = { groups: new Set(), kept: [] };
    const kept = rows.map((r, i) => {
      const was = before[i];
      if (was === r) return r;
      if (was.group !== r.group) {
        // it left one group's list for another's, as a new node there
        out.groups.add(was.group).add(r.group);
        return r;
      }
      out.kept.push({ node: was.node, next: r, changed: was.sig() !== r.sig() });
      return { ...r, node: was.node };
    });
    for (const g of out.groups) this.merged.delete(g);
    this.bySource.set(source, kept);
    return out;
  }

  private replaceMoved(source: string, before: readonly Row<N>[], rows: Row<N>[]): RowsChange<N> {
    const out: RowsChange<N> = { groups: new Set(), kept: [] };
    const old = new Map(before.map((r) => [`${r.group}\u0000${r.key}`, r]));
    const kept: Row<N>[] = rows.map((r) => {
      const was = old.get(`${r.group}\u0000${r.key}`);
      if (!was || was === r) return r; // the same row handed back: nothing to refill or redraw
      out.kept.push({ node: was.node, next: r, changed: was.sig() !== r.sig() });
      return { ...r, node: was.node };
    });
    // a group changed when the sequence of keys this source holds in it did
    const keysIn = (list: readonly Row<N>[]) => {
      const m = new Map<string, string[]>();
      for (const r of list) {
        let ks = m.get(r.group);
        if (!ks) m.set(r.group, (ks = []));
        ks.push(r.key);
      }
      return m;
    };
    const a = keysIn(before);
    const b = keysIn(kept);
    for (const g of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(g) ?? [];
      const y = b.get(g) ?? [];
      if (x.length !== y.length || x.some((k, i) => k !== y[i])) out.groups.add(g);
    }
    for (const g of out.groups) this.merged.delete(g);
    if (kept.length) {
      if (!this.bySource.has(source)) this.order.splice(lowerBound(this.order, source), 0, source);
      this.bySource.set(source, kept);
    } else if (this.bySource.delete(source)) this.order.splice(lowerBound(this.order, source), 1);
    return out;
  }

  /** A group's rows' nodes, sources in order. */
  nodes(group: string): N[] {
    let list = this.merged.get(group);
    if (!list) {
      list = [];
      for (const s of this.order) for (const r of this.bySource.get(s)!) if (r.group === group) list.push(r.node);
      this.merged.set(group, list);
    }
    return list;
  }

  /** A source's rows as they are held, in its order (none: not held). */
  rowsOf(source: string): readonly Row<N>[] {
    return this.bySource.get(source) ?? [];
  }

  /** The groups holding rows, in the given order. */
  groups(): string[] {
    return this.groupOrder.filter((g) => this.nodes(g).length > 0);
  }

  /** The sources holding rows, in order. */
  sources(): readonly string[] {
    return this.order;
  }

  clear(): void {
    this.bySource.clear();
    this.order.length = 0;
    this.merged.clear();
  }
}

function lowerBound(xs: readonly string[], x: string): number {
  return firstIndex(xs.length, (i) => !(xs[i] < x));
}
