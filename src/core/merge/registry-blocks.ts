// The registry merge's quick path (issue 15: a 5,000-entity `marginalia.yaml` took the merge
// driver 1.6-2.1 s, most of it the `yaml` package's Document parse of each side, 330-570 ms
// apiece). In the usual merge each entity was changed on one side at most: then the merged file
// is one side's text outside the entities list and, for each entity, the text of the side that
// changed it, copied as it is. The three files are read in the writer's shape (the careful
// reader's very value and rules), the records merged by the functions the careful merge uses
// (record-merge.ts, list-order.ts), and each entity's text taken only where the merged record
// is that side's own; the text made is read back and must hold exactly the merged records.
// Anything else (an entity or the rest of the file changed on both sides, a conflict, a file
// not in the writer's block shape) returns null, and registry-merge.ts merges the Documents as
// before, so every comment and conflict is placed the careful way.
import { validateWorkspace } from '../format/rules/workspace';
import { loadWritten } from '../format/sidecar-plain';
import { isConflictList, mergeRecord, mergeRecordLists, type Rec, type RecordRules } from './record-merge';
import { mergeHypotheses } from './hypotheses-merge';
import { mergeOrder } from './list-order';
import { setOwn } from '../records';
import { sameValue } from '../review/history';
import { eq } from './values';

/** One side cut into the text around its entities and each entity's own lines. */
interface Cut {
  /** Everything before the first entity's lines, and everything after the last one's. */
  head: string;
  tail: string;
  /** Each entity's lines (the comment and blank lines just before it included), by id. */
  blocks: Map<string, string>;
  /** The root's fields but `entities`, and the entities, as the careful reader's values. */
  rec: Rec;
  /** The root's keys in the file's order, `entities` among them. */
  keys: string;
  entities: Rec[];
}

const ENTITY_START = /^ {2}- /;
/** A line that belongs to the entity after it: blank, or a comment at the list's own indent. */
const LEADING = /^ {0,2}(#.*)?$/;
const TOP_KEY = /^[^\s#]/;

/**
 * `text` cut by entity, or null unless it is in the writer's shape and clean (loadWritten reads
 * it, and the registry's rules find nothing in its value: the careful reader's very value), ends with a line break, has no carriage returns, and lists its entities in
 * block style at the writer's indent, one start line per entity.
 */
function cut(text: string): Cut | null {
  if (text.includes('\r') || !text.endsWith('\n')) return null;
  // the lines first, the value after: a file not in this shape costs no parse
  const lines = text.slice(0, -1).split('\n');
  const at = lines.indexOf('entities:');
  if (at < 0 || lines.indexOf('entities:', at + 1) >= 0) return null;
  // the list runs to the next key at the root; a comment at the left edge inside it is not ours to place
  let end = at + 1;
  while (end < lines.length && !TOP_KEY.test(lines[end])) end++;
  const starts: number[] = [];
  for (let i = at + 1; i < end; i++) {
    if (ENTITY_START.test(lines[i])) starts.push(i);
    else if (lines[i].startsWith('#')) return null;
  }
  if (!starts.length) return null;

  const root = loadWritten(text);
  if (!root || typeof root !== 'object' || Array.isArray(root)) return null;
  if (validateWorkspace(root).findings.length) return null;
  const value = root as Rec;
  const entities = value.entities as Rec[];
  if (!Array.isArray(entities) || starts.length !== entities.length) return null;
  if (!entities.every((e) => e && typeof e === 'object' && !Array.isArray(e) && typeof e.id === 'string')) return null;
  const rec: Rec = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'entities') setOwn(rec, k, v);
  for (const r of [rec, ...entities]) if (r.conflicts !== undefined && !isConflictList(r.conflicts)) return null;

  // each entity's lines begin with the blank and comment lines just before it
  const from = starts.map((s) => {
    let k = s;
    while (k - 1 > at && LEADING.test(lines[k - 1]) && !ENTITY_START.test(lines[k - 1])) k--;
    return k;
  });
  // and end where the next one's begin; after the last, blank and comment lines go with the tail
  let last = end;
  while (last - 1 > starts[starts.length - 1] && LEADING.test(lines[last - 1])) last--;
  const blocks = new Map<string, string>();
  for (let k = 0; k < starts.length; k++) {
    const id = entities[k].id as string;
    if (blocks.has(id)) return null;
    blocks.set(id, `${lines.slice(from[k], k + 1 < starts.length ? from[k + 1] : last).join('\n')}\n`);
  }
  const join = (a: number, b: number) => (b > a ? `${lines.slice(a, b).join('\n')}\n` : '');
  return { head: join(0, from[0]), tail: join(last, lines.length), blocks, rec, entities, keys: JSON.stringify(Object.keys(value)) };
}

/** Of the two sides' texts, the one the merge keeps: the changed one, or either when both made the same change; undefined when both changed it differently. */
function changedSide(b: string | undefined, o: string | undefined, t: string | undefined): 'o' | 't' | undefined {
  if (o === t || t === b) return 'o';
  if (o === b) return 't';
  return undefined;
}

const withoutHypotheses = (r: Rec): Rec => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'hypotheses'));

/**
 * The merged registry's text when every part of it was changed on one side at most (see the
 * header), else null. `entityRules` and `rootRules` are the careful merge's own. A text it
 * returns is clean: it was read back in the writer's shape and the registry's rules found
 * nothing in it (registry-merge.ts's check of the merged file finds no error either).
 */
export function mergeRegistryBlocks(baseText: string | null, oursText: string, theirsText: string, entityRules: RecordRules, rootRules: RecordRules): string | null {
  if (baseText === null) return null; // without an ancestor every difference is on both sides
  const b = cut(baseText);
  const o = b && cut(oursText);
  const t = o && cut(theirsText);
  if (!b || !o || !t) return null;

  // the rest of the file: the root's fields, as the careful merge merges them, must be one
  // side's own, and in the same order on all three (a field one side adds, the careful merge
  // places after the others: mergedKeyOrder)
  const rest = changedSide(b.head + b.tail, o.head + o.tail, t.head + t.tail);
  if (!rest || b.keys !== o.keys || b.keys !== t.keys) return null;
  const root = mergeRecord(withoutHypotheses(b.rec), withoutHypotheses(o.rec), withoutHypotheses(t.rec), rootRules);
  mergeHypotheses(b.rec, o.rec, t.rec, root, rootRules.order);
  const around = rest === 'o' ? o : t;
  if (!sameValue(root, around.rec) && !eq(root, around.rec)) return null;

  // an entity whose lines are the same on all three sides is itself merged; the others are
  // merged by record, as the careful merge merges them all
  const index = (c: Cut) => new Map(c.entities.map((e) => [e.id as string, e]));
  const recs = { b: index(b), o: index(o), t: index(t) };
  const same = (id: string) => {
    const x = b.blocks.get(id);
    return x !== undefined && x === o.blocks.get(id) && x === t.blocks.get(id);
  };
  const changed = (c: Cut) => c.entities.filter((e) => !same(e.id as string));
  const merged = new Map(mergeRecordLists(changed(b), changed(o), changed(t), entityRules, eq).map((e) => [String(e.id), e]));
  const ids = (c: Cut) => c.entities.map((e) => e.id as string);
  const kept = new Set([...ids(o).filter(same), ...merged.keys()]);
  const order = mergeOrder(ids(b), ids(o), ids(t), kept);
  const out: string[] = [around.head];
  const expected: Rec[] = [];
  for (const id of order) {
    const side = same(id) ? 'o' : changedSide(b.blocks.get(id), o.blocks.get(id), t.blocks.get(id));
    const text = side && (side === 'o' ? o : t).blocks.get(id);
    const rec = side && recs[side].get(id);
    if (!text || !rec) return null;
    const m = merged.get(id);
    if (m && !sameValue(m, rec) && !eq(m, rec)) return null;
    out.push(text);
    expected.push(rec);
  }
  out.push(around.tail);
  const text = out.join('');
  // read back, the text must hold exactly those records: a line moved with its neighbour
  // (a block scalar's kept trailing blank lines, say) would change a value unseen
  const again = cut(text);
  if (!again || !sameValue(again.rec, around.rec) || again.entities.length !== expected.length) return null;
  for (let k = 0; k < expected.length; k++) if (!sameValue(again.entities[k], expected[k])) return null;
  return text;
}
