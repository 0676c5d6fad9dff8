// Three-way merge of sidecars by annotation id (issue #5), as a model merge and as the text
// merge behind `marginalia merge` / the git merge driver. The text merge writes over ours'
// document, grafting their nodes where theirs changed something, so comments and fields the
// tool does not know survive from both sides.
import * as YAML from 'yaml';
import { pushAll } from '../arrays';
import { setOwn } from '../records';
import { ANNOTATION_KEYS, compareAnnotations, parseSidecar } from '../format';
import { sidecarErrors } from '../format/written-errors';
import { ROOT_KEYS, serializeSidecar } from '../format/sidecar-write';
import { keyName, toJS } from '../format/yamlutil';
import { creditIndex } from '../review/history';
import type { Annotation, FieldConflict, Problem, Sidecar } from '../types';
import { buildMap, copyComments, itemsById, mergedKeyOrder, pickSide, sig, withContents, type Sides } from './nodes';
import { conflictsOf, isConflictList, mergeRecord, mergeRecordLists, type Rec, type RecordRules } from './record-merge';
import { mergeSidecarBlocks, rootOf } from './sidecar-blocks';
import { eq } from './values';

/** A merged sidecar; `conflicts` on the root records a conflict on `source` or `reliability`. */
export type MergedSidecar = Sidecar & { conflicts?: FieldConflict[] };

/** One unresolved conflict in a merge result: `id` is null for the file's top level. */
export interface ConflictReport {
  id: string | null;
  conflict: FieldConflict;
}

export interface SidecarMerge {
  sidecar: MergedSidecar;
  /** Unresolved conflicts in the result, including any the inputs already carried. */
  conflicts: number;
  details: ConflictReport[];
}

const ANCHOR = ['quote', 'prefix', 'suffix', 'start', 'end'] as const;

export const ANNOTATION_RULES: RecordRules = {
  whole: 'annotation',
  sets: {
    tags: (x) => String(x),
    links: (x) => `${(x as { rel: string }).rel}\u0000${(x as { to: string }).to}`,
    // two reviewers replying on two branches keep both replies (issue 11)
    replies: (x) => String((x as { id: unknown }).id),
  },
  timeOrdered: ['replies'],
  latest: ['updated'],
  follow: { updatedBy: 'updated' },
  union: ['history'],
  maps: ['hypotheses'],
  unit: ANCHOR,
  identity: ['id'],
  order: ANNOTATION_KEYS,
};

// the source's own history (reliability, accepted text changes) is append-only, as an annotation's
const ROOT_RULES: RecordRules = { whole: 'sidecar', sets: {}, latest: [], unit: [], union: ['history'], identity: ['marginalia'], order: ROOT_KEYS };

const omitAnchor = (r: Rec): Rec => {
  const x = { ...r };
  for (const k of ANCHOR) delete x[k];
  return x;
};

/**
 * Whether a side left an annotation alone. New offsets and context alone (what `check --write`
 * stores after a source edit) are not a change: the other side's deletion still applies.
 */
const untouchedAnnotation = (side: Rec, base: Rec) => eq(omitAnchor(side), omitAnchor(base));


/**
 * Three-way merge by annotation id. `base === null` (no common ancestor, e.g. conflict markers
 * without git's diff3 base) never deletes: the union by id, differing fields as conflicts.
 */
export function mergeSidecars(base: MergedSidecar | null, ours: MergedSidecar, theirs: MergedSidecar): SidecarMerge {
  const root = mergeRecord(base ? rootOf(base) : undefined, rootOf(ours), rootOf(theirs), ROOT_RULES);
  const annotations = mergeRecordLists(
    base ? (base.annotations as unknown as Rec[]) : null,
    ours.annotations as unknown as Rec[],
    theirs.annotations as unknown as Rec[],
    ANNOTATION_RULES,
    untouchedAnnotation,
  ) as unknown as Annotation[];
  annotations.sort(compareAnnotations);
  const sidecar = { ...root, marginalia: 1, annotations } as MergedSidecar;
  const details = reportConflicts(sidecar);
  return { sidecar, conflicts: details.length, details };
}

/**
 * The conflicts a sidecar carries, each value credited to whoever set it: the annotation's
 * history says when it can (it holds both sides' entries after a merge, so this also credits
 * conflicts written before history existed, or by hand), else the value's own `author`.
 */
export function reportConflicts(s: MergedSidecar): ConflictReport[] {
  return [
    ...conflictsOf(s as unknown as Rec).map((conflict) => ({ id: null, conflict })),
    ...s.annotations.flatMap((a) => {
      const conflicts = conflictsOf(a as unknown as Rec);
      if (!conflicts.length) return [];
      // the history read once for all of the annotation's conflict values (issue 8: each value
      // read it all, values × entries)
      const credit = a.history?.length ? creditIndex(a.history) : null;
      return conflicts.map((conflict) => ({ id: a.id, conflict: credited(conflict, credit) }));
    }),
  ];
}

function credited(c: FieldConflict, credit: Credit | null): FieldConflict {
  if (!credit) return c;
  const values = c.values.map((v) => {
    if (v.deleted && c.field === 'annotation') return v;
    const h = credit(c.field, v.deleted ? undefined : v.value);
    return h ? { ...v, author: h.by, updated: h.at } : v;
  });
  return { ...c, values };
}

type Credit = ReturnType<typeof creditIndex>;

export interface TextMerge {
  /** The merged file, or null when an input could not be read (see `problems`). */
  text: string | null;
  conflicts: number;
  details: ConflictReport[];
  problems: Problem[];
}

interface Side {
  doc: YAML.Document.Parsed;
  sidecar: MergedSidecar;
  maps: Map<string, YAML.YAMLMap>;
}

const KNOWN_ANNOTATION = new Set<string>(ANNOTATION_KEYS);
const KNOWN_ROOT = new Set<string>(ROOT_KEYS);

/**
 * Reads one side for the merge: the sidecar plus the fields the format does not know, which
 * the merge treats like any other field so hand-added data merges three-way too.
 */
function readSide(text: string, file: string, problems: Problem[], sidecarPath: string): Side | null {
  // problems name the side (`a.txt.annotations.yaml (ours)`); the `source:` rule uses the real path
  const p = parseSidecar(text, file, { sidecarPath });
  const errors = p.problems.filter((x) => x.severity === 'error');
  if (!p.writable || !p.sidecar || !p.doc || errors.length) {
    pushAll(problems, errors.length ? errors : p.problems);
    return null;
  }
  const root = p.doc.contents as YAML.YAMLMap;
  const sidecar: MergedSidecar = { ...p.sidecar, annotations: [] };
  for (const pair of root.items) {
    const k = keyName(pair as YAML.Pair);
    if (k === undefined || KNOWN_ROOT.has(k)) continue;
    const v = toJS((pair as YAML.Pair).value, p.doc);
    if (k === 'conflicts' && !isConflictList(v)) {
      problems.push({ file, line: 1, column: 1, message: 'top-level `conflicts` must be a list of {field, base, values}', severity: 'error' });
      return null;
    }
    setOwn(sidecar as unknown as Rec, k, v);
  }
  const maps = itemsById(root.get('annotations', true));
  for (const a of p.sidecar.annotations) {
    const extra: Rec = {};
    const m = maps.get(a.id);
    for (const pair of m?.items ?? []) {
      const k = keyName(pair as YAML.Pair);
      if (k !== undefined && !KNOWN_ANNOTATION.has(k)) setOwn(extra, k, toJS((pair as YAML.Pair).value, p.doc));
    }
    sidecar.annotations.push({ ...a, ...extra });
  }
  return { doc: p.doc, sidecar, maps };
}

const freshNode = (known: Set<string>) => (key: string, value: unknown): unknown =>
  // known fields are rebuilt by serializeSidecar (block scalars, flow tags…); others as plain YAML
  known.has(key) ? undefined : new YAML.Document().createNode(value);

/**
 * The text merge: refuses (problems, no text) when a side does not parse or validate, so a bad
 * input is never turned into a plausible-looking file.
 */
export function mergeSidecarTexts(baseText: string | null, oursText: string, theirsText: string, file: string): TextMerge {
  return guardedMerge(file, () => mergeSidecarTextsUnguarded(baseText, oursText, theirsText, file));
}

/** Runs a text merge so that nothing escapes: an unexpected failure is a problem on the file, and no text. */
export function guardedMerge(file: string, run: () => TextMerge): TextMerge {
  try {
    return run();
  } catch (e) {
    const message = `cannot merge: ${e instanceof RangeError ? 'the file is too deeply nested or too large' : e instanceof Error ? e.message : String(e)}`;
    return { text: null, conflicts: 0, details: [], problems: [{ file, line: 1, column: 1, message, severity: 'error' }] };
  }
}

function mergeSidecarTextsUnguarded(baseText: string | null, oursText: string, theirsText: string, file: string): TextMerge {
  // each annotation, and the rest, changed on one side at most: that side's lines (sidecar-blocks.ts)
  const quick = mergeSidecarQuick(baseText, oursText, theirsText, file);
  if (quick !== null) return { text: quick, conflicts: 0, details: [], problems: [] }; // read back clean there
  return mergeSidecarDocuments(baseText, oursText, theirsText, file);
}

/** The quick path alone (sidecar-blocks.ts): the merged text, or null where it leaves the merge to mergeSidecarDocuments. For the tests. */
export function mergeSidecarQuick(baseText: string | null, oursText: string, theirsText: string, file: string): string | null {
  return mergeSidecarBlocks(baseText, oursText, theirsText, file, mergeSidecars);
}

/**
 * The careful merge: the three Documents merged annotation by annotation, written over ours'
 * so comments and fields the tool does not know survive from both sides. Exported for the
 * tests, which hold the quick path (sidecar-blocks.ts) to it.
 */
export function mergeSidecarDocuments(baseText: string | null, oursText: string, theirsText: string, file: string): TextMerge {
  const problems: Problem[] = [];
  const b = baseText === null ? null : readSide(baseText, `${file} (base)`, problems, file);
  const o = readSide(oursText, `${file} (ours)`, problems, file);
  const t = readSide(theirsText, `${file} (theirs)`, problems, file);
  if (!o || !t || (baseText !== null && !b)) return { text: null, conflicts: 0, details: [], problems };

  const merged = mergeSidecars(b?.sidecar ?? null, o.sidecar, t.sidecar);
  const roots: Sides<YAML.YAMLMap> = { b: b?.doc.contents as YAML.YAMLMap | undefined, o: o.doc.contents as YAML.YAMLMap, t: t.doc.contents as YAML.YAMLMap };
  const rootRec = rootOf(merged.sidecar);
  const root = buildMap(roots, { b: b ? rootOf(b.sidecar) : undefined, o: rootOf(o.sidecar), t: rootOf(t.sidecar) }, rootRec, mergedKeyOrder(rootRec, roots), freshNode(KNOWN_ROOT));

  const byId = (s: Side | null) => new Map((s?.sidecar.annotations ?? []).map((a) => [a.id, a as unknown as Rec]));
  const recs = { b: byId(b), o: byId(o), t: byId(t) };
  const list = new YAML.YAMLSeq();
  const lists: Sides<YAML.YAMLSeq> = { b: seqOf(roots.b), o: seqOf(roots.o), t: seqOf(roots.t) };
  copyComments(list, lists);
  for (const a of merged.sidecar.annotations) {
    const maps: Sides<YAML.YAMLMap> = { b: b?.maps.get(a.id), o: o.maps.get(a.id), t: t.maps.get(a.id) };
    const rec = a as unknown as Rec;
    list.items.push(buildMap(maps, { b: recs.b.get(a.id), o: recs.o.get(a.id), t: recs.t.get(a.id) }, rec, mergedKeyOrder(rec, maps), freshNode(KNOWN_ANNOTATION)));
  }
  const keyPairs = { b: roots.b?.items.find(isAnnotationsPair), o: roots.o?.items.find(isAnnotationsPair), t: roots.t?.items.find(isAnnotationsPair) };
  const from = pickSide(sig(keyPairs.b), sig(keyPairs.o), sig(keyPairs.t));
  const pair = new YAML.Pair(from ? (keyPairs[from] as YAML.Pair).key : new YAML.Scalar('annotations'), list);
  root.items.push(pair);

  const doc = withContents(o.doc, root);
  copyComments(doc, { b: b?.doc, o: o.doc, t: t.doc });
  const text = serializeSidecar(merged.sidecar, doc);
  // two valid sides can still merge into a file the reader refuses: say so rather than write it
  pushAll(problems, sidecarErrors(text, file));
  return { text, conflicts: merged.conflicts, details: merged.details, problems };
}

const isAnnotationsPair = (p: unknown) => keyName(p as YAML.Pair) === 'annotations';
const seqOf = (m: YAML.YAMLMap | undefined) => {
  const s = m?.get('annotations', true);
  return YAML.isSeq(s) ? s : undefined;
};
