// The three-way merge of keyed records — annotations, registry entities, and the top of each
// file — field by field. The rules are the (#5): a field changed on one side is taken,
// the same field changed differently on both is a visible `FieldConflict` (never a silent
// pick), lists of tags/links/aliases merge as sets, `updated` takes the later time.
// Who changed what (issue 9): `updatedBy` goes with the later `updated`, `history` is the
// union of both sides', and each value of a conflict is credited to whoever set it on its side.
import { creditIndex, mergeHistories } from '../review/history';
import type { ConflictValue, FieldConflict, HistoryEntry } from '../types';
import { pushAll } from '../arrays';
import { ownValue as own, setOwn } from '../records';
import { byContent, canon, compareConflictValues, distinctConflictValues, eq, mergeSet, mergeValue } from './values';

export type Rec = Record<string, unknown>;

export interface RecordRules {
  /** The conflict field that stands for the whole record (deleted on one side, changed on the other). */
  whole: string;
  /** Lists merged as sets, with the key that identifies an item. */
  sets: Readonly<Record<string, (item: unknown) => string>>;
  /** Fields that never conflict: the later value wins (ISO 8601 UTC times sort as text). */
  latest: readonly string[];
  /** Fields that follow a `latest` field: taken from the side whose value of it won (`updatedBy` → `updated`). */
  follow?: Readonly<Record<string, string>>;
  /**
   * Set-merged lists whose items carry `at` and `id` (replies, issue 11): the merged list is in
   * time order, then by id, so two threads grown on two branches interleave as they were written
   * and the result does not depend on which side is ours.
   */
  timeOrdered?: readonly string[];
  /**
   * Mappings merged key by key (a claim's ACH `hypotheses`): two analysts rating different
   * hypotheses both keep theirs. A key rated differently on both sides makes the whole field a
   * conflict whose values are each side's full mapping (the other keys merged), so picking one
   * keeps everyone's other ratings.
   */
  maps?: readonly string[];
  /** Append-only lists merged as the union of both sides (`history`). Never a conflict. */
  union?: readonly string[];
  /**
   * Fields merged as one unit and reported under the first: the quote and its anchoring hints.
   * Offsets and context are hints recomputed by `marginalia check --write`, so two sides that
   * agree on the quote but not on the hints are not an analyst's decision.
   */
  unit: readonly string[];
  /** Identity fields, equal on both sides by construction. */
  identity: readonly string[];
  /** Known fields in the file's order: the order of a merged record's keys and of its conflicts. */
  order: readonly string[];
}

const defined = (r: Rec | undefined, k: string) => r !== undefined && r[k] !== undefined;

/** Who last changed the side a conflict value comes from, and when: `updatedBy`, else the creator. */
function stamp(r: Rec | undefined): Pick<ConflictValue, 'author' | 'updated'> {
  const s: Pick<ConflictValue, 'author' | 'updated'> = {};
  const by = typeof r?.updatedBy === 'string' ? r.updatedBy : r?.author;
  if (typeof by === 'string') s.author = by;
  if (typeof r?.updated === 'string') s.updated = r.updated;
  return s;
}

/**
 * Who set `field` to `v` on this side: the side's history says (the last entry that set it to
 * this value), else whoever last changed the record on that side, else its creator. So Ben's
 * "refuted" is credited to Ben even when Ana created the claim or touched it later.
 */
function credit(r: Rec | undefined, field: string, v: unknown): Pick<ConflictValue, 'author' | 'updated'> {
  const h = Array.isArray(r?.history) ? creditOf(r.history as HistoryEntry[])(field, v) : undefined;
  return h ? { author: h.by, updated: h.at } : stamp(r);
}

/** A side's history read once for all of a record's conflicting fields (each read it all: fields × entries). */
const credits = new WeakMap<readonly HistoryEntry[], ReturnType<typeof creditIndex>>();
function creditOf(history: readonly HistoryEntry[]): ReturnType<typeof creditIndex> {
  let lookup = credits.get(history);
  if (!lookup) credits.set(history, (lookup = creditIndex(history)));
  return lookup;
}

function sideValue(v: unknown, from: Rec | undefined, field: string): ConflictValue {
  return v === undefined ? { deleted: true, ...credit(from, field, v) } : { value: v, ...credit(from, field, v) };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Merges one record present on both sides; `b` is its ancestor, if any. */
export function mergeRecord(b: Rec | undefined, o: Rec, t: Rec, rules: RecordRules): Rec {
  const hasBase = b !== undefined;
  const out: Rec = {};
  const fresh: FieldConflict[] = [];
  const follow = Object.entries(rules.follow ?? {});
  const union = rules.union ?? [];
  const special = new Set([...rules.identity, ...rules.latest, ...rules.unit, ...follow.map(([k]) => k), ...union, 'conflicts']);
  for (const k of rules.identity) if (o[k] !== undefined) out[k] = o[k];

  if (rules.unit.length) mergeUnit(b, o, t, rules.unit, out, fresh);
  for (const k of rules.latest) {
    const vs = [o[k], t[k]].filter((v): v is string => typeof v === 'string').sort();
    if (vs.length) out[k] = vs[vs.length - 1];
  }
  for (const [k, lead] of follow) {
    // the side with the later lead wins; on a tie, the larger value by content (either way round)
    const [first] = [o, t].sort((x, y) => cmpText(text(y[lead]), text(x[lead])) || cmpText(canon(y[k]), canon(x[k])));
    if (first[k] !== undefined) out[k] = first[k];
  }
  for (const k of union) {
    const [x, y] = byContent(o[k], t[k]);
    const list = mergeHistories(...[x, y].map((l) => (Array.isArray(l) ? (l as HistoryEntry[]) : undefined)));
    if (list.length) out[k] = list;
  }
  const keys = new Set([...Object.keys(o), ...Object.keys(t), ...(b ? Object.keys(b) : [])]);
  for (const k of keys) {
    if (special.has(k)) continue;
    if (rules.maps?.includes(k)) {
      mergeMap(b, o, t, k, hasBase, out, fresh);
      continue;
    }
    const setKey = own(rules.sets, k);
    if (setKey) {
      const v = mergeSet(own(b, k) as unknown[] | undefined, own(o, k) as unknown[] | undefined, own(t, k) as unknown[] | undefined, setKey, hasBase);
      if (v !== undefined) setOwn(out, k, rules.timeOrdered?.includes(k) ? [...v].sort(byTimeThenId) : v);
      continue;
    }
    const m = mergeValue(own(b, k), own(o, k), own(t, k), hasBase);
    if (m.value !== undefined) setOwn(out, k, m.value);
    if (m.conflict) {
      fresh.push({
        field: k,
        ...(m.conflict.base !== undefined ? { base: m.conflict.base } : {}),
        values: [sideValue(own(o, k), o, k), sideValue(own(t, k), t, k)].sort(compareConflictValues),
      });
    }
  }
  const conflicts = mergeConflicts(b?.conflicts as FieldConflict[] | undefined, o.conflicts as FieldConflict[] | undefined, t.conflicts as FieldConflict[] | undefined, hasBase, fresh, rules.order);
  if (conflicts) out.conflicts = conflicts;
  return ordered(out, rules.order);
}

const asMap = (v: unknown): Rec | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);

function mergeMap(b: Rec | undefined, o: Rec, t: Rec, k: string, hasBase: boolean, out: Rec, fresh: FieldConflict[]): void {
  const [mb, mo, mt] = [asMap(b?.[k]), asMap(o[k]), asMap(t[k])];
  if ((o[k] !== undefined && !mo) || (t[k] !== undefined && !mt) || (b?.[k] !== undefined && !mb)) {
    // not mappings on every side (a hand edit): merged as one value
    const m = mergeValue(b?.[k], o[k], t[k], hasBase);
    if (m.value !== undefined) out[k] = m.value;
    if (m.conflict) fresh.push({ field: k, ...(m.conflict.base !== undefined ? { base: m.conflict.base } : {}), values: [sideValue(o[k], o, k), sideValue(t[k], t, k)].sort(compareConflictValues) });
    return;
  }
  const merged: Rec = {};
  const oursFull: Rec = {};
  const theirsFull: Rec = {};
  let conflict = false;
  const keys = [...new Set([...Object.keys(mb ?? {}), ...Object.keys(mo ?? {}), ...Object.keys(mt ?? {})])].sort();
  for (const key of keys) {
    const m = mergeValue(own(mb, key), own(mo, key), own(mt, key), hasBase);
    if (m.conflict) {
      conflict = true;
      if (own(mb, key) !== undefined && hasBase) setOwn(merged, key, own(mb, key));
      if (own(mo, key) !== undefined) setOwn(oursFull, key, own(mo, key));
      if (own(mt, key) !== undefined) setOwn(theirsFull, key, own(mt, key));
    } else if (m.value !== undefined) {
      for (const r of [merged, oursFull, theirsFull]) setOwn(r, key, m.value);
    }
  }
  const none = (r: Rec) => (Object.keys(r).length ? r : undefined);
  if (!conflict) {
    if (none(merged)) out[k] = merged;
    return;
  }
  // the field keeps the ancestor's ratings where the sides disagree, and both full mappings are offered
  if (none(merged)) out[k] = merged;
  fresh.push({
    field: k,
    ...(mb !== undefined ? { base: mb } : {}),
    values: [sideValue(none(oursFull), o, k), sideValue(none(theirsFull), t, k)].sort(compareConflictValues),
  });
}

function mergeUnit(b: Rec | undefined, o: Rec, t: Rec, unit: readonly string[], out: Rec, fresh: FieldConflict[]): void {
  const part = (r: Rec | undefined): Rec | undefined => {
    if (!r) return undefined;
    const p: Rec = {};
    for (const k of unit) if (r[k] !== undefined) p[k] = r[k];
    return p;
  };
  const [ub, uo, ut] = [part(b), part(o)!, part(t)!];
  const lead = unit[0];
  let take: Rec | undefined;
  if (eq(uo, ut)) take = uo;
  else if (ub && eq(uo, ub)) take = ut;
  else if (ub && eq(ut, ub)) take = uo;
  else if (eq(uo[lead], ut[lead]) || (!ub && (!defined(uo, lead) || !defined(ut, lead)))) {
    // same quote, different hints (or no ancestor and one side lacks it): not worth a decision
    take = !defined(uo, lead) ? ut : !defined(ut, lead) ? uo : byContent(uo, ut)[0];
  } else if (ub && eq(uo[lead], ub[lead])) take = ut; // ours only re-anchored, theirs re-attached
  else if (ub && eq(ut[lead], ub[lead])) take = uo;
  else {
    take = ub ?? (canon(uo[lead]) <= canon(ut[lead]) ? uo : ut);
    fresh.push({
      field: lead,
      ...(ub && ub[lead] !== undefined ? { base: ub[lead] } : {}),
      values: [sideValue(uo[lead], o, lead), sideValue(ut[lead], t, lead)].sort(compareConflictValues),
    });
  }
  Object.assign(out, take);
}

/**
 * Conflicts already in the files (left by an earlier merge) merge as a set — one side resolving
 * one removes it — and join this merge's new ones, one entry per field with every value seen.
 */
export function mergeConflicts(
  b: FieldConflict[] | undefined,
  o: FieldConflict[] | undefined,
  t: FieldConflict[] | undefined,
  hasBase: boolean,
  fresh: FieldConflict[],
  order: readonly string[],
): FieldConflict[] | undefined {
  const existing = mergeSet(b, o, t, canon, hasBase) ?? [];
  const byField = new Map<string, FieldConflict>();
  for (const c of [...fresh, ...existing]) {
    const prev = byField.get(c.field);
    if (!prev) byField.set(c.field, { field: c.field, ...('base' in c && c.base !== undefined ? { base: c.base } : {}), values: [...c.values] });
    else {
      if (prev.base === undefined && c.base !== undefined) prev.base = c.base;
      pushAll(prev.values, c.values);
    }
  }
  const out = [...byField.values()].map((c) => ({ field: c.field, ...(c.base !== undefined ? { base: c.base } : {}), values: distinctConflictValues(c.values) }));
  out.sort((x, y) => rank(x.field, order) - rank(y.field, order) || (x.field < y.field ? -1 : x.field > y.field ? 1 : 0));
  return out.length ? out : undefined;
}

const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const byTimeThenId = (x: unknown, y: unknown): number => {
  const [a, b] = [x as Rec, y as Rec];
  return cmpText(text(a.at), text(b.at)) || cmpText(String(a.id), String(b.id)) || cmpText(canon(a), canon(b));
};

const rank = (k: string, order: readonly string[]) => (order.includes(k) ? order.indexOf(k) : order.length);

/** Known keys in the file's order, then the others by name, `conflicts` last. */
function ordered(r: Rec, order: readonly string[]): Rec {
  const keys = Object.keys(r).sort((x, y) => rank(x, order) - rank(y, order) || (x < y ? -1 : x > y ? 1 : 0));
  const out: Rec = {};
  for (const k of keys) if (k !== 'conflicts') setOwn(out, k, r[k]);
  if (r.conflicts !== undefined) out.conflicts = r.conflicts;
  return out;
}

/**
 * Merges two lists of records by `id`. `untouched(side, base)` tells whether a side left a
 * record as it was, which decides between a clean deletion and a delete/change conflict.
 * Without an ancestor (`b === null`) nothing is ever deleted.
 */
export function mergeRecordLists(
  b: readonly Rec[] | null,
  o: readonly Rec[],
  t: readonly Rec[],
  rules: RecordRules,
  untouched: (side: Rec, base: Rec) => boolean,
): Rec[] {
  const [bi, oi, ti] = [recordsById(b ?? []), recordsById(o), recordsById(t)];
  const out: Rec[] = [];
  for (const id of new Set([...oi.keys(), ...ti.keys()])) {
    const [bb, oo, tt] = [bi.get(id), oi.get(id), ti.get(id)];
    if (oo && tt) {
      out.push(mergeRecord(bb, oo, tt, rules));
      continue;
    }
    const kept = (oo ?? tt)!;
    if (!bb) out.push(kept); // added on one side (or no ancestor to tell a deletion)
    else if (untouched(kept, bb)) continue; // deleted on the other side, untouched on this one
    else {
      const whole: FieldConflict = { field: rules.whole, values: [{ ...stamp(kept) }, { deleted: true }].sort(compareConflictValues) };
      const conflicts = mergeConflicts(undefined, kept.conflicts as FieldConflict[] | undefined, kept.conflicts as FieldConflict[] | undefined, true, [whole], rules.order);
      out.push({ ...kept, conflicts });
    }
  }
  return out;
}

/** Records by id (`String(id)`), the last of any repeated id. */
export function recordsById(list: readonly Rec[]): Map<string, Rec> {
  return new Map(list.map((r) => [String(r.id), r]));
}

export function isConflictList(v: unknown): v is FieldConflict[] {
  return Array.isArray(v) && v.every((c) => c && typeof c === 'object' && typeof c.field === 'string' && Array.isArray(c.values));
}

export function conflictsOf(r: Rec): FieldConflict[] {
  return Array.isArray(r.conflicts) ? (r.conflicts as FieldConflict[]) : [];
}
