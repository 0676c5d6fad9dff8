// Who changed an assessment, and when. `author`/`created` belong to whoever made the
// annotation; every later change to what a reviewer judges by (status, credibility, note, the
// quote, the entity, tags, links, the review) appends one entry to the annotation's `history`,
// so "refuted" is credited to the analyst who refuted it, not to the claim's creator (issue 9).
// The list is append-only: merges take the union (see merge), nothing rewrites an entry.

import type { HistoryEntry } from '../types';

export type { HistoryEntry };

/** The fields whose changes are recorded, in the order entries are written for one change. */
export const TRACKED_FIELDS = ['quote', 'status', 'credibility', 'entity', 'note', 'tags', 'links', 'review', 'hypotheses', 'when'] as const;

type Fields = Partial<Record<string, unknown>>;

/** Structural equality for the plain values a sidecar holds (strings, numbers, arrays, maps). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Fields)[k], (b as Fields)[k]));
}

/** The entries recording how `before` became `after` (no `before`: nothing, creation is `author`/`created`). */
export function changesBetween(before: Fields | undefined, after: Fields, by: string, at: string): HistoryEntry[] {
  if (!before) return [];
  const out: HistoryEntry[] = [];
  for (const field of TRACKED_FIELDS) {
    const from = before[field];
    const to = after[field];
    if (sameValue(from, to)) continue;
    const e: HistoryEntry = { at, by, field };
    if (from !== undefined) e.from = from;
    if (to !== undefined) e.to = to;
    out.push(e);
  }
  return out;
}

/** A stable key: two entries with the same time, person and field are the same change. */
export function historyKey(e: HistoryEntry): string {
  return `${e.at}\u0000${e.by}\u0000${e.field}`;
}

/** Union of histories by key, sorted by time then key: the same list whichever side comes first. */
export function mergeHistories(...lists: (readonly HistoryEntry[] | undefined)[]): HistoryEntry[] {
  const byKey = new Map<string, HistoryEntry>();
  for (const list of lists) for (const e of list ?? []) if (!byKey.has(historyKey(e))) byKey.set(historyKey(e), e);
  return [...byKey.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : historyKey(a) < historyKey(b) ? -1 : historyKey(a) > historyKey(b) ? 1 : 0));
}

/** Who set a field's current value and when: its last history entry, else the creator. */
export function setBy(a: { history?: readonly HistoryEntry[]; author?: string; created?: string }, field: string): { by?: string; at?: string; from?: unknown; hasFrom: boolean } {
  const list = a.history ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i];
    if (e.field === field) return { by: e.by, at: e.at, from: e.from, hasFrom: 'from' in e };
  }
  return { by: a.author, at: a.created, hasFrom: false };
}

/**
 * Who gave a field this value on one side of a merge: the latest entry of that side's history
 * for the field whose `to` is the value. Undefined when the history does not say.
 */
export function creditFor(history: readonly HistoryEntry[] | undefined, field: string, value: unknown): { by: string; at: string } | undefined {
  const list = history ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i];
    if (e.field === field && sameValue(e.to, value)) return { by: e.by, at: e.at };
  }
  return undefined;
}
