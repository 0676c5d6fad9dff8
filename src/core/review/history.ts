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
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) return false;
  // as many own keys, each holding the same value; counted without allocating (issue 15: a
  // sidecar read again compares each of 20,000 placements with the one before, and two key
  // arrays and a closure each were ~20 ms of the host's thread and its garbage)
  let n = 0;
  for (const k in a as Fields) {
    if (!Object.prototype.hasOwnProperty.call(a, k)) continue;
    n++;
    if (!sameValue((a as Fields)[k], (b as Fields)[k])) return false;
  }
  for (const k in b as Fields) if (Object.prototype.hasOwnProperty.call(b, k) && --n < 0) return false;
  return n === 0;
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
  return creditIndex(history)(field, value);
}

/**
 * `creditFor` for many values over one history, the history read once (issue 8, bounded cost:
 * a sidecar's conflicts each asked the whole history, values × entries: 18-35 s at 32,000 each):
 * the latest entry for the field whose `to` is `sameValue` to the value.
 * Each field's entries are indexed on first use by a key that is equal exactly when `sameValue`
 * says so (see `ValueKeys`); what cannot be keyed is compared as `creditFor` does. The answer is
 * `creditFor(history, field, value)`'s for every field and value.
 */
export function creditIndex(history: readonly HistoryEntry[] | undefined): (field: string, value: unknown) => { by: string; at: string } | undefined {
  const list = history ?? [];
  const byField = new Map<unknown, number[]>();
  for (let i = 0; i < list.length; i++) {
    const f = list[i].field;
    const at = byField.get(f);
    if (at) at.push(i);
    else byField.set(f, [i]);
  }
  const keys = new ValueKeys();
  const indexed = new Map<unknown, { latest: Map<number, number>; slow: number[] }>();
  const indexOf = (field: string, entries: number[]) => {
    let x = indexed.get(field);
    if (!x) {
      x = { latest: new Map(), slow: [] };
      for (const i of entries) {
        const k = keys.of(list[i].to);
        if (k === SLOW) x.slow.push(i);
        else if (k !== NEVER) x.latest.set(k, i); // ascending: the latest entry stays
      }
      indexed.set(field, x);
    }
    return x;
  };
  return (field, value) => {
    const entries = byField.get(field);
    if (!entries || field !== field) return undefined; // (`field !== field`: NaN, which `===` never matches)
    const k = keys.of(value);
    let best = -1;
    if (k === SLOW) {
      for (let j = entries.length - 1; j >= 0 && best < 0; j--) if (sameValue(list[entries[j]].to, value)) best = entries[j];
    } else if (k !== NEVER) {
      const x = indexOf(field, entries);
      best = x.latest.get(k) ?? -1;
      for (let j = x.slow.length - 1; j >= 0 && x.slow[j] > best; j--) {
        if (sameValue(list[x.slow[j]].to, value)) {
          best = x.slow[j];
          break;
        }
      }
    }
    return best < 0 ? undefined : { by: list[best].by, at: list[best].at };
  };
}

/** A value equal to nothing under `sameValue`, not even itself (NaN). */
const NEVER = -1;
/** A value this key cannot stand for (see `ValueKeys`): compared with `sameValue` itself. */
const SLOW = -2;
const BUSY = -3;

/**
 * Numbers for values such that two values get the same number exactly when `sameValue` holds
 * between them (either way round). Primitives by type and value (0 and -0 alike); a symbol or a
 * function, and an object with a NaN of its own (equal only to itself), by reference; other
 * objects and arrays by their key set and their values' numbers, in any key order, as
 * `sameValue` compares them. An object holding `undefined` makes `sameValue` one-sided (`{a:
 * undefined, b: 1}` equals `{b: 1, c: 2}`, not the reverse), so it and a cycle, or a value
 * nested beyond the stack, are SLOW. Sidecars never hold any of these (YAML has no undefined,
 * the reader refuses aliases and values nested too deep); only values made in memory can.
 */
class ValueKeys {
  private readonly interned = new Map<string, number>();
  private readonly refs = new Map<unknown, number>();
  private next = 0;

  of(v: unknown): number {
    try {
      return this.key(v);
    } catch (e) {
      if (e instanceof RangeError) return SLOW;
      throw e;
    }
  }

  private intern(s: string): number {
    let n = this.interned.get(s);
    if (n === undefined) this.interned.set(s, (n = this.next++));
    return n;
  }

  private byReference(v: unknown): number {
    let n = this.refs.get(v);
    if (n === undefined) this.refs.set(v, (n = this.next++));
    return n;
  }

  private key(v: unknown): number {
    switch (typeof v) {
      case 'string':
        return this.intern(`s${v}`);
      case 'number':
        return v !== v ? NEVER : this.intern(`n${String(v)}`);
      case 'boolean':
        return this.intern(v ? 'T' : 'F');
      case 'undefined':
        return this.intern('u');
      case 'bigint':
        return this.intern(`g${String(v)}`);
      case 'object':
        return v === null ? this.intern('l') : this.objectKey(v);
      default:
        return this.byReference(v); // symbol, function: equal only to themselves
    }
  }

  private objectKey(o: object): number {
    const known = this.refs.get(o);
    if (known !== undefined) return known === BUSY ? SLOW : known;
    const names = Object.keys(o);
    for (const k of names) {
      const x = (o as Fields)[k];
      if (typeof x === 'number' && x !== x) return this.byReference(o);
    }
    this.refs.set(o, BUSY); // a cycle comes back here
    let n = SLOW;
    try {
      const parts: string[] = [];
      let slow = false;
      for (const k of names) {
        const x = (o as Fields)[k];
        const c = x === undefined ? SLOW : this.key(x);
        if (c === SLOW) {
          slow = true;
          break;
        }
        parts.push(`${JSON.stringify(k)}:${c}`);
      }
      if (!slow) n = this.intern(`${Array.isArray(o) ? 'A' : 'O'}${parts.sort().join(',')}`);
    } finally {
      this.refs.set(o, n);
    }
    return n;
  }
}
