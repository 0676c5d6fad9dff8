// The registry merge's quick path where both sides changed `hypotheses:` (issue 15: 40,000
// hypotheses changed on both sides took the merge driver 9.7 s, the `yaml` package parsing
// each side's Document and printing the merged one). registry-blocks.ts takes the usual merge,
// where each side changed other entities; this one takes the merge where the rest of the file
// (entities included) was changed on one side at most and the hypotheses on both. They are
// merged by id as the careful merge merges them (hypotheses-merge.ts mergeRegistryRoot), and
// written from the sides' own lines: each hypothesis from the side that changed it. When both
// sides changed one differently, the careful merge keeps the ancestor's list and adds the
// conflict offering each side's at the end of the file: here that list is the ancestor's lines
// (or a side's, where it changed only the look of one) and the conflict is written by
// format/yaml-block.ts. The text made is read back and must hold exactly the merged value in
// the careful merge's key order; anything else (a conflict carried from before, a conflict on
// another field, a file not in the writer's block shape, a merged file the rules would refuse)
// returns null, and registry-merge.ts merges the Documents as before.
import { hasError } from '../format/rules/findings';
import { validateWorkspace } from '../format/rules/workspace';
import { loadWritten } from '../format/sidecar-plain';
import { blockEntry, NotWritable } from '../format/yaml-block';
import { sameValue } from '../review/history';
import { mergeRegistryRoot } from './hypotheses-merge';
import { changedSide, cutSides, cutList, sameRecord, writeList, type ListCut, type ReadWritten } from './list-blocks';
import { conflictsOf, mergeRecordLists, recordsById, type Rec, type RecordRules } from './record-merge';
import { mergeOrder } from './list-order';
import { eq } from './values';

/** What the quick path made: the merged file, and its root as merged (its `conflicts` the careful merge's report). */
export interface HypothesesMerged {
  text: string;
  root: Rec;
}

const entitiesOf = (c: ListCut): Rec[] => (Array.isArray(c.value.entities) ? (c.value.entities as Rec[]) : []);
const without = (r: Rec, key: string): Rec => Object.fromEntries(Object.entries(r).filter(([k]) => k !== key));
const LAST_LINE_LOOSE = /(?:^|\n)[ \t]*(?:#[^\n]*)?\n$/;

/** `text` cut at its hypotheses, or null unless the registry's rules find nothing in it and it carries no conflict. */
function cut(text: string, read?: ReadWritten): ListCut | null {
  const c = cutList(text, 'hypotheses', read);
  if (!c || validateWorkspace(c.value).findings.length) return null;
  if (c.value.conflicts !== undefined || entitiesOf(c).some((e) => e.conflicts !== undefined)) return null;
  return c;
}

/**
 * The merged registry's text when the rest of the file was changed on one side at most and the
 * hypotheses on both (see the header), with the merged root; else null. `entityRules` and
 * `rootRules` are the careful merge's own.
 */
export function mergeHypothesesBlocks(baseText: string | null, oursText: string, theirsText: string, entityRules: RecordRules, rootRules: RecordRules, read?: ReadWritten): HypothesesMerged | null {
  const sides = cutSides(baseText, oursText, theirsText, (text) => cut(text, read));
  if (!sides) return null;
  const { b, o, t, around, gap } = sides;

  // the entities and every other field as the careful merge merges them: the changed side's own
  const ids = (c: ListCut) => entitiesOf(c).map((e) => String(e.id));
  const entities = new Map(mergeRecordLists(entitiesOf(b), entitiesOf(o), entitiesOf(t), entityRules, eq).map((e) => [String(e.id), e]));
  const order = mergeOrder(ids(b), ids(o), ids(t), new Set(entities.keys()));
  if (!sameRecord(order.map((id) => entities.get(id)), entitiesOf(around))) return null;
  const root = mergeRegistryRoot(without(b.value, 'entities'), without(o.value, 'entities'), without(t.value, 'entities'), rootRules);
  const conflicts = conflictsOf(root);
  if (conflicts.some((c) => c.field !== 'hypotheses') || !sameRecord(without(without(root, 'hypotheses'), 'conflicts'), without(without(around.value, 'hypotheses'), 'entities'))) return null;
  const list = root.hypotheses;
  if (!Array.isArray(list) || !list.length) return null;

  // each hypothesis's lines: the side's that changed it; with a conflict the list is the
  // ancestor's, so a side's lines count only where its hypothesis is the ancestor's
  const contested = conflicts.length > 0;
  const recs = { o: recordsById(o.items), t: recordsById(t.items) };
  const blocks: string[] = [];
  for (const h of list as Rec[]) {
    const id = String(h.id);
    // (values read in the writer's shape, both: the same value is the same plain data)
    const lines = (s: 'o' | 't') => (contested && !sameValue(recs[s].get(id), h) ? b.blocks.get(id) : (s === 'o' ? o : t).blocks.get(id));
    const texts = { b: b.blocks.get(id), o: lines('o'), t: lines('t') };
    const side = changedSide(texts.b, texts.o, texts.t);
    const text = side && texts[side];
    if (!text || (!contested && !sameRecord(recs[side].get(id), h))) return null;
    blocks.push(text);
  }
  let text = writeList(around, blocks, gap);
  if (contested) {
    // after the file's last line, as the careful merge adds a key: not after a comment it would move
    if (LAST_LINE_LOOSE.test(text)) return null;
    try {
      text += blockEntry('conflicts', conflicts);
    } catch (e) {
      if (e instanceof NotWritable) return null;
      throw e;
    }
  }

  // read back, in the careful merge's key order (a key added at the end), with no error
  const meant: Rec = {};
  for (const k of Object.keys(around.value)) meant[k] = k === 'entities' ? around.value.entities : k === 'hypotheses' ? list : root[k];
  if (contested) meant.conflicts = conflicts;
  const again = loadWritten(text);
  if (!again || typeof again !== 'object' || JSON.stringify(Object.keys(again)) !== JSON.stringify(Object.keys(meant)) || !sameValue(again, meant)) return null;
  if (hasError(validateWorkspace(again).findings)) return null;
  return { text, root };
}
