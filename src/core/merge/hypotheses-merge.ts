// `hypotheses:` of marginalia.yaml merged by id (issue 13), like entities: a hypothesis added on
// either side is kept, one deleted on a side that the other left alone goes, and fields merge
// one by one. Hypotheses carry no `conflicts` of their own (the list is short and rewritten
// whole by hand), so when both sides changed one differently the *list* is the conflict, at
// the top of the file: it keeps the ancestor's list and offers each side's, the others'
// changes merged in, for `marginalia resolve` to pick.
import * as YAML from 'yaml';
import { buildMap, copyComments, itemsById, mergedKeyOrder, pickSide, sig, type Sides } from './nodes';
import { conflictsOf, mergeConflicts, mergeRecord, mergeRecordLists, recordsById, type Rec, type RecordRules } from './record-merge';
import { mergeOrder } from './list-order';
import { eq } from './values';
import type { FieldConflict } from '../types';

const RULES: RecordRules = { whole: 'hypothesis', sets: {}, latest: [], unit: [], identity: ['id'], order: ['id', 'text', 'note'] };

export const listOf = (r: Rec | undefined): Rec[] | null => (Array.isArray(r?.hypotheses) ? (r!.hypotheses as unknown[]).filter((x): x is Rec => !!x && typeof x === 'object' && !Array.isArray(x)) : null);

/**
 * The registry's root merged as the merge driver merges it: every field but `hypotheses` by
 * `rules`, then the hypotheses by id (mergeHypotheses). One rule for the careful merge and its
 * quick path (registry-merge.ts, registry-blocks.ts).
 */
export function mergeRegistryRoot(b: Rec | undefined, o: Rec, t: Rec, rules: RecordRules): Rec {
  const noHyp = (r: Rec) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'hypotheses'));
  const root = mergeRecord(b && noHyp(b), noHyp(o), noHyp(t), rules);
  mergeHypotheses(b, o, t, root, rules.order);
  return root;
}

/**
 * Merges the root records' `hypotheses` into `merged` (the root as `mergeRecord` left it, with
 * `hypotheses` taken out of the sides beforehand so it made no whole-list conflict itself).
 */
export function mergeHypotheses(b: Rec | undefined, o: Rec, t: Rec, merged: Rec, order: readonly string[]): void {
  const [lb, lo, lt] = [b ? listOf(b) : null, listOf(o), listOf(t)];
  if (!lo && !lt && !lb) return;
  const records = mergeRecordLists(b ? lb ?? [] : null, lo ?? [], lt ?? [], RULES, eq);
  const byId = new Map(records.map((r) => [String(r.id), r]));
  const ids = (l: Rec[] | null) => (l ?? []).map((r) => String(r.id));
  const sequence = mergeOrder(b ? ids(lb) : null, ids(lo), ids(lt), new Set(byId.keys()));
  const clean = sequence.map((id) => byId.get(id)!).filter((r) => conflictsOf(r).length === 0);
  const contested = sequence.filter((id) => conflictsOf(byId.get(id)!).length > 0);
  if (contested.length === 0) {
    if (clean.length || lo || lt) merged.hypotheses = clean.map(({ conflicts: _, ...r }) => r);
    return;
  }
  // each side's full list: its own version of the contested ones, the merged rest (a record
  // may stand in both, and in the list: registry-merge.ts writes each where it stands, no alias)
  // grouped by id once, each group in list order (duplicates kept): looking each id up with a
  // scan of the list made this quadratic (40,000 hypotheses both sides changed: 55 s)
  const groups = (l: readonly Rec[] | null) => {
    const m = new Map<string, Rec[]>();
    for (const r of l ?? []) {
      const id = String(r.id);
      const g = m.get(id);
      if (g) g.push(r);
      else m.set(id, [r]);
    }
    return m;
  };
  const isContested = new Set(contested);
  const cleanById = groups(clean);
  const side = (l: Rec[] | null) => {
    const own = groups(l);
    return sequence.flatMap((id) => (isContested.has(id) ? own.get(id) : cleanById.get(id)) ?? []);
  };
  if (lb) merged.hypotheses = lb;
  else delete merged.hypotheses;
  const fresh: FieldConflict = { field: 'hypotheses', ...(lb ? { base: lb } : {}), values: [{ value: side(lo) }, { value: side(lt) }] }; // in order there
  const all = mergeConflicts(undefined, conflictsOf(merged), conflictsOf(merged), true, [fresh], order);
  if (all) merged.conflicts = all;
}

/**
 * The merged list as YAML, each hypothesis in a node reused from a side where its value is the
 * merged one (preferring the side that touched it: its comment or style), else built field by
 * field like an entity — so a comment one side put on a hypothesis survives the other side's
 * edits, as it does on entities.
 */
export function hypothesesNode(seqs: Sides<YAML.YAMLSeq>, recs: Sides<Rec[] | null>, merged: readonly Rec[], fresh: (key: string, value: unknown, old: unknown) => unknown): YAML.YAMLSeq {
  const seq = new YAML.YAMLSeq();
  copyComments(seq, seqs);
  const flows = [seqs.o, seqs.t, seqs.b].filter((s): s is YAML.YAMLSeq => !!s).map((s) => !!s.flow);
  seq.flow = flows.length > 0 && flows.every((f) => f);
  const maps = { b: itemsById(seqs.b), o: itemsById(seqs.o), t: itemsById(seqs.t) };
  const index = (l: Rec[] | null | undefined) => recordsById(l ?? []);
  const byId = { b: index(recs.b), o: index(recs.o), t: index(recs.t) };
  for (const h of merged) {
    const id = String(h.id);
    const nodes: Sides<YAML.YAMLMap> = { b: maps.b.get(id), o: maps.o.get(id), t: maps.t.get(id) };
    const same = (s: 'o' | 't') => nodes[s] !== undefined && eq(byId[s].get(id), h);
    const keep = pickSide(sig(nodes.b), same('o') ? sig(nodes.o) : undefined, same('t') ? sig(nodes.t) : undefined);
    if (keep) {
      seq.items.push(nodes[keep]!.clone());
      continue;
    }
    const map = buildMap(nodes, { b: byId.b.get(id), o: byId.o.get(id), t: byId.t.get(id) }, h, mergedKeyOrder(h, nodes), fresh);
    map.flow = [nodes.o, nodes.t].some((n) => n?.flow);
    seq.items.push(map);
  }
  return seq;
}
