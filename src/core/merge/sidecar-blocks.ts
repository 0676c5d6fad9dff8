// The sidecar merge's quick path (issue 15: the merge driver took 12-14 s over a 4 MB sidecar of
// 20,000 annotations, the bench's heavily annotated transcript, nearly all of it the `yaml`
// package's Document parse of each side and the collections it brought on). In the usual merge
// each annotation was changed on one side at most: then the merged file is one side's text about
// the annotations list and, for each annotation, the lines of the side that changed it
// (list-blocks.ts), in the writer's order. The three files are read in the writer's shape (the
// careful reader's very value and rules, with the fields the format does not know, as
// sidecar-merge.ts readSide takes them), the annotations changed anywhere merged by
// mergeSidecars itself, and each annotation's lines taken where the merged annotation is that
// side's own; one both sides changed, in different fields, is written as the writer writes it.
// The text made is read back and must hold exactly the merged sidecar. Anything else (a
// conflict, the rest of the file changed on both sides, a comment or an unknown field on an
// annotation both changed, a file not in the writer's block shape) returns null, and
// sidecar-merge.ts merges the Documents as before.
import { ANNOTATION_KEYS, compareAnnotations, ROOT_KEYS, serializeSidecar } from '../format/sidecar-write';
import { validateSidecar } from '../format/rules/sidecar';
import { setOwn } from '../records';
import type { Annotation } from '../types';
import { changedSide, cutSides, cutList, holdsExactly, sameRecord, unchangedIds, writeList, type ListCut } from './list-blocks';
import { conflictsOf, isConflictList, type Rec } from './record-merge';
import type { MergedSidecar, SidecarMerge } from './sidecar-merge';

const KNOWN_ANNOTATION = new Set<string>(ANNOTATION_KEYS);
const KNOWN_ROOT = new Set<string>(ROOT_KEYS);

/** A sidecar cut by annotation, with the sidecar as the careful merge reads it. */
interface Cut extends ListCut {
  sidecar: MergedSidecar;
}

/** `text` cut by annotation (list-blocks.ts), or null unless the sidecar's rules find nothing in it. */
function cut(text: string, sidecarPath: string): Cut | null {
  const c = cutList(text, 'annotations');
  if (!c) return null;
  const { sidecar, findings } = validateSidecar(c.value, sidecarPath);
  if (!sidecar || findings.length || sidecar.annotations.length !== c.items.length) return null;
  // the fields the format does not know are merged like any other (sidecar-merge.ts readSide)
  const out: MergedSidecar = { ...sidecar, annotations: [] };
  for (const k of Object.keys(c.value)) {
    if (KNOWN_ROOT.has(k)) continue;
    const v = c.value[k];
    if (k === 'conflicts' && !isConflictList(v)) return null;
    setOwn(out as unknown as Rec, k, v);
  }
  const raw = new Map(c.items.map((x) => [x.id as string, x]));
  for (const a of sidecar.annotations) {
    const m = raw.get(a.id);
    const extra: Rec = {};
    for (const k of Object.keys(m ?? {})) if (!KNOWN_ANNOTATION.has(k)) setOwn(extra, k, m![k]);
    out.annotations.push({ ...a, ...extra });
  }
  return { ...c, sidecar: out };
}

/**
 * The lines the writer writes for one annotation (serializeSidecar, as the careful merge writes
 * every known field), or null where that could lose something the sides' lines hold: a field the
 * format does not know (written from the sides' Documents there), or a comment (any `#` in
 * either side's lines, to be sure).
 */
function writtenAlone(a: Annotation, source: string, sides: (string | undefined)[]): string | null {
  if (Object.keys(a).some((k) => !KNOWN_ANNOTATION.has(k)) || sides.some((x) => x === undefined || x.includes('#'))) return null;
  const c = cutList(serializeSidecar({ marginalia: 1, source, annotations: [a] }), 'annotations');
  return c?.blocks.get(a.id) ?? null;
}

let writers: string | undefined;

/**
 * The blank lines serializeSidecar puts between two annotations: between the annotations of a
 * merge whose three files hold one each (both sides replaced the ancestor's), which no file shows;
 * the careful merge writes them so (the quick path wrote none: a property test's counterexample).
 */
function writersGap(): string {
  const note = (id: string, at: number): Annotation => ({ id, kind: 'note', quote: 'x', start: at, end: at + 1 });
  return (writers ??= cutList(serializeSidecar({ marginalia: 1, source: 'a.txt', annotations: [note('a', 0), note('b', 1)] }), 'annotations')?.gap ?? '');
}

/** A sidecar's fields but its annotations: the root the merges merge (sidecar-merge.ts too). */
export function rootOf(s: MergedSidecar): Rec {
  const { annotations: _, ...root } = s;
  return root as Rec;
}

/**
 * The merged sidecar's text when every part of it was changed on one side at most (see the
 * header), else null. `merge` is the careful merge's mergeSidecars. A text it returns is clean:
 * it was read back in the writer's shape and the sidecar's rules found nothing in it.
 */
export function mergeSidecarBlocks(
  baseText: string | null,
  oursText: string,
  theirsText: string,
  file: string,
  merge: (b: MergedSidecar, o: MergedSidecar, t: MergedSidecar) => SidecarMerge,
): string | null {
  // the rest of the file is one side's own, its fields in the same order on all three
  const sides = cutSides(baseText, oursText, theirsText, (text) => cut(text, file), writersGap());
  if (!sides) return null;
  const { b, o, t, around, gap } = sides;

  // an annotation whose lines are the same on all three sides is itself merged; the others
  // are merged by mergeSidecars, and the whole list put in the writer's order, as it does
  const same3 = unchangedIds(b, o, t);
  const unchanged = (id: string) => same3.has(id);
  const changed = (c: Cut): MergedSidecar => ({ ...c.sidecar, annotations: c.sidecar.annotations.filter((a) => !unchanged(a.id)) });
  const merged = merge(changed(b), changed(o), changed(t));
  if (merged.conflicts || !sameRecord(rootOf(merged.sidecar), rootOf(around.sidecar))) return null;
  const list: Annotation[] = [...o.sidecar.annotations.filter((a) => unchanged(a.id)), ...merged.sidecar.annotations].sort(compareAnnotations);

  const index = (c: Cut) => new Map(c.sidecar.annotations.map((a) => [a.id, a]));
  const recs = { o: index(o), t: index(t) };
  const blocks: string[] = [];
  const expected: Annotation[] = [];
  for (const a of list) {
    const side = unchanged(a.id) ? 'o' : changedSide(b.blocks.get(a.id), o.blocks.get(a.id), t.blocks.get(a.id));
    if (!side) {
      // changed on both sides, in fields mergeSidecars merged without a conflict: as the writer writes it
      const text = writtenAlone(a, around.sidecar.source, [o.blocks.get(a.id), t.blocks.get(a.id)]);
      if (text === null) return null;
      blocks.push(text);
      expected.push(a);
      continue;
    }
    const text = (side === 'o' ? o : t).blocks.get(a.id);
    const rec = recs[side].get(a.id);
    if (!text || !rec || !sameRecord(a, rec)) return null;
    blocks.push(text);
    expected.push(rec);
  }
  // a conflict the files carry from before is the careful merge's to count and report (the
  // rules warn of one, so a file cut here has none; checked again where the count is made)
  if (conflictsOf(rootOf(around.sidecar)).length || expected.some((a) => conflictsOf(a as unknown as Rec).length)) return null;
  const text = writeList(around, blocks, gap);
  // read back, the text must hold exactly that sidecar
  const again = cut(text, file);
  return again && holdsExactly(rootOf(again.sidecar), again.sidecar.annotations, rootOf(around.sidecar), expected) ? text : null;
}
