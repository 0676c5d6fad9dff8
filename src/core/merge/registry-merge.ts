// Three-way merge of `marginalia.yaml` by entity id (issue #5): aliases, `cues` and
// `entityTypes` merge as sets, other entity fields like annotation fields, and a field changed
// differently on both sides is recorded on the entity as `conflicts` (the sidecar's shape).
// Written over ours' document so the team's comments and grouping survive.
import * as YAML from 'yaml';
import { pushAll } from '../arrays';
import { setOwn } from '../records';
import { parseWorkspace } from '../format';
import { workspaceErrors } from '../format/written-errors';
import { keyName, LINE_WIDTH, PRINT_OPTIONS, toJS } from '../format/yamlutil';
import type { Problem } from '../types';
import { hypothesesNode, listOf, mergeRegistryRoot } from './hypotheses-merge';
import { mergeOrder } from './list-order';
import { mergeRegistryBlocks } from './registry-blocks';
import { writtenOnce } from './list-blocks';
import { mergeHypothesesBlocks, type HypothesesMerged } from './hypotheses-blocks';
import { buildMap, copyComments, itemsById, mergedKeyOrder, pickSide, sig, withContents, type Sides } from './nodes';
import { conflictsOf, isConflictList, mergeRecordLists, recordsById, type Rec, type RecordRules } from './record-merge';
import { guardedMerge, type ConflictReport, type TextMerge } from './sidecar-merge';
import { canon, eq } from './values';

const aliasKey = (a: unknown): string =>
  typeof a === 'string' ? `${a}\u0000` : `${(a as { text?: unknown }).text}\u0000${(a as { ignoreCase?: unknown }).ignoreCase === true ? 'i' : ''}`;

export const ENTITY_RULES: RecordRules = {
  whole: 'entity',
  sets: { aliases: aliasKey },
  latest: [],
  unit: [],
  identity: ['id'],
  order: ['id', 'name', 'type', 'aliases', 'note'],
};

const ROOT_RULES: RecordRules = {
  whole: 'registry',
  sets: { cues: (x) => String(x), entityTypes: (x) => String(x) },
  latest: [],
  unit: [],
  identity: ['marginalia'],
  order: ['marginalia', 'entityTypes', 'entities', 'cues', 'hypotheses'],
};

interface Side {
  doc: YAML.Document.Parsed;
  root: YAML.YAMLMap;
  rec: Rec;
  entities: Rec[];
  maps: Map<string, YAML.YAMLMap>;
}

function readSide(text: string, file: string, problems: Problem[]): Side | null {
  const p = parseWorkspace(text, file);
  const errors = p.problems.filter((x) => x.severity === 'error');
  if (!p.writable || !p.doc || !p.config || errors.length) {
    pushAll(problems, errors.length ? errors : p.problems);
    return null;
  }
  const doc = p.doc;
  const root = doc.contents as YAML.YAMLMap;
  const rec: Rec = {};
  for (const pair of root.items) {
    const k = keyName(pair as YAML.Pair);
    if (k !== undefined && k !== 'entities') setOwn(rec, k, toJS((pair as YAML.Pair).value, doc));
  }
  const list = root.get('entities', true);
  const entities = YAML.isSeq(list) ? list.items.filter(YAML.isMap).map((m) => toJS(m, doc) as Rec) : [];
  for (const r of [rec, ...entities]) {
    if (r.conflicts !== undefined && !isConflictList(r.conflicts)) {
      problems.push({ file, line: 1, column: 1, message: '`conflicts` must be a list of {field, base, values}', severity: 'error' });
      return null;
    }
  }
  return { doc, root, rec, entities, maps: itemsById(list) };
}

/**
 * Value nodes for the registry, which has no serializer of its own: plain YAML, lists in flow
 * style unless they were in block style. An object that stands twice in a value (a hypothesis
 * in both sides' lists of a conflict) is written twice: never as an alias, which every reader
 * of Marginalia's refuses.
 */
function freshNode(key: string, value: unknown, old: unknown): unknown {
  const doc = new YAML.Document();
  if (key === 'conflicts' || !Array.isArray(value)) {
    const node = doc.createNode(value, { aliasDuplicateObjects: false }) as YAML.Node;
    if (YAML.isNode(old) && old.comment) node.comment = old.comment;
    return node;
  }
  const seq = new YAML.YAMLSeq();
  seq.flow = YAML.isSeq(old) ? !!old.flow : true;
  // the old items by content, the first of each (a lookup per item scanned the old list: 16,000 aliases, 30 s)
  const reuse = new Map<string, unknown>();
  for (const n of YAML.isSeq(old) ? old.items : []) {
    const key = canon(YAML.isNode(n) ? n.toJSON() : n);
    if (!reuse.has(key)) reuse.set(key, n);
  }
  for (const item of value) {
    const same = reuse.get(canon(item));
    seq.items.push(same && YAML.isNode(same) ? same.clone() : doc.createNode(item, { flow: true, aliasDuplicateObjects: false }));
  }
  if (YAML.isNode(old) && old.comment) seq.comment = old.comment;
  return seq;
}

export function mergeRegistryTexts(baseText: string | null, oursText: string, theirsText: string, file: string): TextMerge {
  return guardedMerge(file, () => mergeRegistryTextsUnguarded(baseText, oursText, theirsText, file));
}

function mergeRegistryTextsUnguarded(baseText: string | null, oursText: string, theirsText: string, file: string): TextMerge {
  // each entity, and the rest, changed on one side at most: that side's text (registry-blocks.ts)
  const read = writtenOnce(); // the two quick paths cut the same three files
  const quick = mergeRegistryBlocks(baseText, oursText, theirsText, ENTITY_RULES, ROOT_RULES, read);
  if (quick !== null) return { text: quick, conflicts: 0, details: [], problems: [] }; // read back clean there
  // the rest changed on one side at most, the hypotheses on both (hypotheses-blocks.ts)
  const hyp = mergeHypothesesBlocks(baseText, oursText, theirsText, ENTITY_RULES, ROOT_RULES, read);
  if (hyp !== null) {
    const details = conflictsOf(hyp.root).map((conflict) => ({ id: null, conflict }));
    return { text: hyp.text, conflicts: details.length, details, problems: [] }; // read back with no error there
  }
  return mergeRegistryDocuments(baseText, oursText, theirsText, file);
}

/** The quick path alone (registry-blocks.ts), with the careful merge's rules: the merged text, or null where it leaves the merge to mergeRegistryDocuments. For the tests. */
export function mergeRegistryQuick(baseText: string | null, oursText: string, theirsText: string): string | null {
  return mergeRegistryBlocks(baseText, oursText, theirsText, ENTITY_RULES, ROOT_RULES);
}

/** The hypotheses' quick path alone (hypotheses-blocks.ts), with the careful merge's rules. For the tests. */
export function mergeHypothesesQuick(baseText: string | null, oursText: string, theirsText: string): HypothesesMerged | null {
  return mergeHypothesesBlocks(baseText, oursText, theirsText, ENTITY_RULES, ROOT_RULES);
}

/**
 * The careful merge: the three Documents merged entity by entity, written over ours' so the
 * team's comments and grouping survive. Exported for the tests, which hold the quick path
 * (registry-blocks.ts) to it.
 */
export function mergeRegistryDocuments(baseText: string | null, oursText: string, theirsText: string, file: string): TextMerge {
  const problems: Problem[] = [];
  const b = baseText === null ? null : readSide(baseText, `${file} (base)`, problems);
  const o = readSide(oursText, `${file} (ours)`, problems);
  const t = readSide(theirsText, `${file} (theirs)`, problems);
  if (!o || !t || (baseText !== null && !b)) return { text: null, conflicts: 0, details: [], problems };

  // hypotheses merge by id (hypotheses-merge.ts), not as one value
  const rootRec = mergeRegistryRoot(b?.rec, o.rec, t.rec, ROOT_RULES);
  const entities = mergeRecordLists(b ? b.entities : null, o.entities, t.entities, ENTITY_RULES, eq);
  const byId = new Map(entities.map((e) => [String(e.id), e]));
  const ids = (s: Side | null) => s?.entities.map((e) => String(e.id)) ?? [];
  const order = mergeOrder(b ? ids(b) : null, ids(o), ids(t), new Set(byId.keys()));

  const roots: Sides<YAML.YAMLMap> = { b: b?.root, o: o.root, t: t.root };
  const keys = mergedKeyOrder({ ...rootRec, entities: true }, roots);
  const root = buildMap(roots, { b: b?.rec, o: o.rec, t: t.rec }, rootRec, keys.filter((k) => k !== 'entities'), freshNode);

  const lists: Sides<YAML.YAMLSeq> = { b: seqOf(b), o: seqOf(o), t: seqOf(t) };
  const list = new YAML.YAMLSeq();
  copyComments(list, lists);
  const index = (s: Side | null) => recordsById(s?.entities ?? []);
  const recs = { b: index(b), o: index(o), t: index(t) };
  for (const id of order) {
    const e = byId.get(id)!;
    const maps: Sides<YAML.YAMLMap> = { b: b?.maps.get(id), o: o.maps.get(id), t: t.maps.get(id) };
    list.items.push(buildMap(maps, { b: recs.b.get(id), o: recs.o.get(id), t: recs.t.get(id) }, e, mergedKeyOrder(e, maps), freshNode));
  }
  const keyPair = (s: Side | null) => s?.root.items.find((p) => keyName(p as YAML.Pair) === 'entities') as YAML.Pair | undefined;
  const pairs = { b: keyPair(b), o: keyPair(o), t: keyPair(t) };
  const from = pickSide(sig(pairs.b), sig(pairs.o), sig(pairs.t)) ?? (pairs.b ? 'b' : undefined);
  const pair = new YAML.Pair(from ? pairs[from]!.key : new YAML.Scalar('entities'), list);
  root.items.splice(keys.indexOf('entities'), 0, pair);

  // hypotheses: item by item, so comments on them survive (hypotheses-merge.ts)
  const hypPair = root.items.find((p) => keyName(p as YAML.Pair) === 'hypotheses') as YAML.Pair | undefined;
  if (hypPair && Array.isArray(rootRec.hypotheses) && !conflictsOf(rootRec).some((c) => c.field === 'hypotheses')) {
    const seqs: Sides<YAML.YAMLSeq> = { b: hypSeqOf(b), o: hypSeqOf(o), t: hypSeqOf(t) };
    const node = hypothesesNode(seqs, { b: b ? listOf(b.rec) : null, o: listOf(o.rec), t: listOf(t.rec) }, rootRec.hypotheses as Rec[], freshNode);
    if (YAML.isNode(hypPair.value) && hypPair.value.comment) node.comment = hypPair.value.comment;
    hypPair.value = node;
  }
  const doc = withContents(o.doc, root);
  copyComments(doc, { b: b?.doc, o: o.doc, t: t.doc });
  const text = writeRegistry(doc);

  const details: ConflictReport[] = [
    ...conflictsOf(rootRec).map((conflict) => ({ id: null, conflict })),
    ...order.flatMap((id) => conflictsOf(byId.get(id)!).map((conflict) => ({ id, conflict }))),
  ];
  // a merge of two valid files can still be invalid (an entity type one side dropped, the
  // other used): say so rather than write a file the tools will refuse without a word
  pushAll(problems, workspaceErrors(text, file));
  return { text, conflicts: details.length, details, problems };
}


/** The registry's text, written like `addEntityToWorkspace` writes it. */
export function writeRegistry(doc: YAML.Document): string {
  unbracket(doc);
  return doc.toString(PRINT_OPTIONS);
}

/**
 * A flow list too long for one line is printed by the yaml package as a bracketed column, the
 * least readable form; a merge that grows `cues` or `aliases` past the line turns it into a
 * block list instead.
 */
function unbracket(doc: YAML.Document): void {
  YAML.visit(doc, {
    Seq(_, seq) {
      if (!seq.flow) return;
      const text = (i: unknown) => (YAML.isScalar(i) ? String(i.value) : canon(YAML.isNode(i) ? i.toJSON() : i));
      const width = seq.items.reduce<number>((n, i) => n + text(i).length + 2, 12);
      if (width > LINE_WIDTH) seq.flow = false;
    },
  });
}

const hypSeqOf = (s: Side | null) => {
  const l = s?.root.get('hypotheses', true);
  return YAML.isSeq(l) ? l : undefined;
};

const seqOf = (s: Side | null) => {
  const l = s?.root.get('entities', true);
  return YAML.isSeq(l) ? l : undefined;
};

