// How many rows a long list shows at once (issue 15). When a tree group changes, VS Code's
// extension host lists every child of it again (getChildren, getTreeItem, a handle and a
// serialised item per row) before the workbench draws anything: at 10,000 sources a claim moving
// between two Claims groups of ~10,000 rows each stalled the host for a second, none of it
// Marginalia's own code. Like GitLens and GitHub Pull Requests, a long list shows a page and one
// "Show N more…" row that grows it; a refresh lists that page again, so its cost is bounded by
// the page, not the corpus. Each list's size survives refreshes (what a reader opened stays
// open), and a reveal of a row beyond it grows it to include that row.
//
// Plain data, no `vscode`: tested in Node (test/unit/redraw-paging.test.ts). Lists are named by
// a key the view chooses (a group's tree id); a list never asked about shows one page.

/** Rows listed before the "more" row; measured in `npm run bench -- views10k` (bench/vscode/views.ts). */
export const PAGE_SIZE = 200;

export interface Page<T> {
  /** The rows to list now. */
  rows: T[];
  /** Rows after them, not listed (0: no "more" row). */
  hidden: number;
  /** How many the "more" row would add (at most a page). */
  next: number;
}

export class Paging {
  /** Rows shown per list, for lists grown past one page. */
  private readonly shown = new Map<string, number>();

  private size: number;

  constructor(pageSize: number = PAGE_SIZE) {
    this.size = checked(pageSize);
  }

  /** Rows per page. Set by the bench (measuring which size keeps a redraw under 50 ms) and tests: every list goes back to one page. */
  get pageSize(): number {
    return this.size;
  }

  set pageSize(n: number) {
    this.size = checked(n);
    this.shown.clear();
  }

  /** How many rows the list may show (the page it grew to; not capped by its length, so a shrinking list keeps its size). */
  limit(list: string): number {
    return this.shown.get(list) ?? this.pageSize;
  }

  /** The part of `rows` the list shows now. */
  page<T>(list: string, rows: readonly T[]): Page<T> {
    return this.pageOf(list, rows.length, (n) => (n === rows.length ? [...rows] : rows.slice(0, n)));
  }

  /** `page` of a list of `total` rows made only as far as shown: `first(n)` makes the first n. */
  pageOf<T>(list: string, total: number, first: (n: number) => T[]): Page<T> {
    const n = Math.min(total, this.limit(list));
    const hidden = total - n;
    return { rows: first(n), hidden, next: Math.min(hidden, this.pageSize) };
  }

  /** The "more" row was clicked: one more page. */
  more(list: string): void {
    this.shown.set(list, this.limit(list) + this.pageSize);
  }

  /**
   * Grows the list so its row at `index` is shown (a reveal), to the end of that row's page:
   * the rows around it are listed too. Returns whether it grew.
   */
  include(list: string, index: number): boolean {
    if (index < this.limit(list)) return false;
    this.shown.set(list, (Math.floor(index / this.pageSize) + 1) * this.pageSize);
    return true;
  }

  /** Every list back to one page (a new corpus, a new filter: what was opened no longer applies). */
  reset(): void {
    this.shown.clear();
  }
}

function checked(pageSize: number): number {
  if (!(pageSize >= 1) || !Number.isInteger(pageSize)) throw new RangeError(`page size must be a positive integer, got ${pageSize}`);
  return pageSize;
}
