// The registry merge's quick path (issue 15: a 5,000-entity `marginalia.yaml` took the merge
// driver 2.3 s, most of it the `yaml` package's Document parse of each side, 330-570 ms
// apiece). In the usual merge each entity was changed on one side at most: then the merged file
// is one side's text about the entities list and, for each entity, the lines of the side that
// changed it (list-blocks.ts). The three files are read in the writer's shape (the careful
// reader's very value and rules), the records merged by the functions the careful merge uses
// (record-merge.ts, list-order.ts), and each entity's lines taken only where the merged record
// is that side's own; the text made is read back and must hold exactly the merged records.
// Anything else (an entity or the rest of the file changed on both sides, a conflict, a file
// not in the writer's block shape) returns null, and registry-merge.ts merges the Documents as
// before, so every comment and conflict is placed the careful way.
import { validateWorkspace } from '../format/rules/workspace';
import { setOwn } from '../records';
import { changedSide, cutSides, cutList, holdsExactly, sameRecord, unchangedIds, writeList, type ListCut, type ReadWritten } from './list-blocks';
import { conflictsOf, isConflictList, mergeRecordLists, type Rec, type RecordRules } from './record-merge';
import { mergeRegistryRoot } from './hypotheses-merge';
import { mergeOrder } from './list-order';
import { eq } from './values';

/** A registry cut by entity, with the root's fields but `entities` and the entities as the careful reader reads them. */
interface Cut extends ListCut {
  rec: Rec;
  entities: Rec[];
}

/** `text` cut by entity (list-blocks.ts), or null unless the registry's rules find nothing in it. */
function cut(text: string, read?: ReadWritten): Cut | null {
  const c = cutList(text, 'entities', read);
  if (!c || validateWorkspace(c.value).findings.length) return null;
  const rec: Rec = {};
  for (const [k, v] of Object.entries(c.value)) if (k !== 'entities') setOwn(rec, k, v);
  for (const r of [rec, ...c.items]) if (r.conflicts !== undefined && !isConflictList(r.conflicts)) return null;
  return { ...c, rec, entities: c.items };
}

/**
 * The merged registry's text when every part of it was changed on one side at most (see the
 * header), else null. `entityRules` and `rootRules` are the careful merge's own. A text it
 * returns is clean: it was read back in the writer's shape and the registry's rules found
 * nothing in it (registry-merge.ts's check of the merged file finds no error either).
 */
export function mergeRegistryBlocks(baseText: string | null, oursText: string, theirsText: string, entityRules: RecordRules, rootRules: RecordRules, read?: ReadWritten): string | null {
  // the rest of the file: the root's fields, as the careful merge merges them, must be one
  // side's own, and in the same order on all three (a field one side adds, the careful merge
  // places after the others: mergedKeyOrder)
  const sides = cutSides(baseText, oursText, theirsText, (text) => cut(text, read));
  if (!sides) return null;
  const { b, o, t, around, gap } = sides;
  const root = mergeRegistryRoot(b.rec, o.rec, t.rec, rootRules);
  if (!sameRecord(root, around.rec)) return null;

  // an entity whose lines are the same on all three sides is itself merged; the others are
  // merged by record, as the careful merge merges them all
  const index = (c: Cut) => new Map(c.entities.map((e) => [e.id as string, e]));
  const recs = { o: index(o), t: index(t) };
  const same3 = unchangedIds(b, o, t);
  const same = (id: string) => same3.has(id);
  const changed = (c: Cut) => c.entities.filter((e) => !same(e.id as string));
  const merged = new Map(mergeRecordLists(changed(b), changed(o), changed(t), entityRules, eq).map((e) => [String(e.id), e]));
  const ids = (c: Cut) => c.entities.map((e) => e.id as string);
  const kept = new Set([...ids(o).filter(same), ...merged.keys()]);
  const order = mergeOrder(ids(b), ids(o), ids(t), kept);
  const out: string[] = [];
  const expected: Rec[] = [];
  for (const id of order) {
    const side = same(id) ? 'o' : changedSide(b.blocks.get(id), o.blocks.get(id), t.blocks.get(id));
    const text = side && (side === 'o' ? o : t).blocks.get(id);
    const rec = side && recs[side].get(id);
    if (!text || !rec) return null;
    const m = merged.get(id);
    if (m && !sameRecord(m, rec)) return null;
    out.push(text);
    expected.push(rec);
  }
  // a conflict the files carry from before is the careful merge's to count and report (the
  // rules warn of one, so a file cut here has none; checked again where the count is made)
  if (conflictsOf(around.rec).length || expected.some((e) => conflictsOf(e).length)) return null;
  const text = writeList(around, out, gap);
  // read back, the text must hold exactly those records
  const again = cut(text);
  return again && holdsExactly(again.rec, again.entities, around.rec, expected) ? text : null;
}
