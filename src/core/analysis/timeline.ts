// The timeline: claims and notes that carry `when:`, on a time axis (issue 13). Grouped by
// source, or by the entities their sentence names; a claim that is disputed, or contradicted by
// another claim dated to an overlapping span, is marked `contested` so the view draws rivals on
// the same date side by side.
import type { Annotation, ClaimStatus } from '../types';
import { parseWhen, type DateSpan } from './dates';
import { finish, type Sliced } from '../slices';

export type GroupBy = 'source' | 'entity';

export interface TimelineInput {
  source: string;
  annotation: Annotation;
  /** Claims: the status shown. */
  status?: ClaimStatus;
  /** Entity ids named in (or around) the annotation, for grouping by entity. */
  entities?: readonly string[];
  /** `source#id` keys of the claims this one contradicts or is contradicted by. */
  contradicts?: readonly string[];
}

export interface TimelineItem {
  key: string;
  source: string;
  id: string;
  kind: 'claim' | 'note';
  quote: string;
  status?: ClaimStatus;
  when: DateSpan;
  contested: boolean;
  /** Keys of dated items this one contradicts, on overlapping dates. */
  rivals: string[];
}

export interface TimelineGroup {
  /** A source path or an entity id (`(no entity)` for items naming none). */
  id: string;
  items: string[];
}

export interface TimelineModel {
  groupBy: GroupBy;
  items: TimelineItem[];
  groups: TimelineGroup[];
  /** The first and last day on the axis. */
  first: string | null;
  last: string | null;
}

export const NO_ENTITY = '(no entity)';

export function timelineModel(inputs: readonly TimelineInput[], groupBy: GroupBy = 'source'): TimelineModel {
  return finish(timelineModelSliced(inputs, groupBy));
}

/** `timelineModel`, pausing every few hundred items (core/slices.ts). */
export function* timelineModelSliced(inputs: readonly TimelineInput[], groupBy: GroupBy = 'source'): Sliced<TimelineModel> {
  const items: TimelineItem[] = [];
  const byKey = new Map<string, { item: TimelineItem; input: TimelineInput }>();
  for (const input of inputs) {
    const a = input.annotation;
    if (a.kind !== 'claim' && a.kind !== 'note') continue;
    const when = parseWhen(a.when);
    if (!when) continue;
    const key = `${input.source}#${a.id}`;
    const item: TimelineItem = { key, source: input.source, id: a.id, kind: a.kind, quote: a.quote, ...(input.status ? { status: input.status } : {}), when, contested: input.status === 'disputed', rivals: [] };
    items.push(item);
    byKey.set(key, { item, input });
    if (items.length % 256 === 0) yield;
  }
  yield;
  // each item's rivals as a set too: a claim contradicted by thousands would make `includes` quadratic
  const rivals = new Map<TimelineItem, Set<string>>();
  const addRival = (item: TimelineItem, key: string) => {
    let set = rivals.get(item);
    if (!set) rivals.set(item, (set = new Set()));
    if (!set.has(key)) {
      set.add(key);
      item.rivals.push(key);
    }
  };
  let n = 0;
  for (const { item, input } of byKey.values()) {
    for (const k of input.contradicts ?? []) {
      const other = byKey.get(k)?.item;
      if (!other || other === item) continue;
      if (other.when.first <= item.when.last && item.when.first <= other.when.last) {
        addRival(item, k);
        addRival(other, item.key);
        item.contested = other.contested = true;
      }
    }
    if (++n % 256 === 0) yield;
  }
  yield;
  items.sort((x, y) => (x.when.first < y.when.first ? -1 : x.when.first > y.when.first ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const groups = new Map<string, string[]>();
  const add = (g: string, key: string) => {
    let l = groups.get(g);
    if (!l) groups.set(g, (l = []));
    l.push(key);
  };
  yield;
  for (const item of items) {
    if (groupBy === 'source') add(item.source, item.key);
    else {
      const ents = [...new Set(byKey.get(item.key)!.input.entities ?? [])];
      if (ents.length === 0) add(NO_ENTITY, item.key);
      for (const e of ents) add(e, item.key);
    }
  }
  const groupList = [...groups.entries()].map(([id, keys]) => ({ id, items: keys })).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  let first: string | null = null;
  let last: string | null = null;
  for (const i of items) {
    if (first === null || i.when.first < first) first = i.when.first;
    if (last === null || i.when.last > last) last = i.when.last;
  }
  return { groupBy, items, groups: groupList, first, last };
}
