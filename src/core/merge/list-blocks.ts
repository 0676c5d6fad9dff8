// A file cut into the lines of each item of one top-level list, for the merges' quick paths
// (registry-blocks.ts, sidecar-blocks.ts; issue 15: the `yaml` package's Document parse of each
// side was most of a large merge). In the usual merge each item was changed on one side at most,
// and the merged file is then one side's text around the list and, for each item, the lines of
// the side that changed it. Only a file in the writer's block shape is cut: the list as
// `key:` alone on its line, each item starting `  - ` at the writer's indent; anything else is
// left to the careful merge. The value is read in the writer's shape (loadWritten: the careful
// reader's very value), and the caller checks the text made by reading it back.
import { loadWritten } from '../format/sidecar-plain';
import { sameValue } from '../review/history';
import type { Rec } from './record-merge';
import { eq } from './values';

export interface ListCut {
  /** Everything before the first item's lines, and everything after the last one's. */
  head: string;
  tail: string;
  /** Each item's lines from the comments just above it on (the blank lines before those left out), by id. */
  blocks: Map<string, string>;
  /** The blank lines this file has between its first two items (null with one item): put between any two in a file made from it (mergedGap). */
  gap: string | null;
  /** The file's value, and the list's items in order. */
  value: Rec;
  items: Rec[];
  /** The root's keys in the file's order. */
  keys: string;
}

const ITEM_START = /^ {2}- /;
/** A line that goes with the item after it: blank, or a comment at the list's own indent. */
const LEADING = /^ {0,2}(#.*)?$/;
const BLANK = /^ *$/;
/** A line at the root (a key), and a comment at the left edge, searched from an offset. */
const TOP_KEY_AT = /^[^\s#]/gm;
const LEFT_COMMENT_AT = /^#/gm;

/** How a quick path reads a file in the writer's shape: loadWritten, or one reading per text shared by the paths a merge tries (writtenOnce). */
export type ReadWritten = (text: string) => unknown;

/**
 * loadWritten, each text read once: the registry merge's two quick paths (registry-blocks.ts,
 * hypotheses-blocks.ts) cut the same three files at different lists. Neither changes a value it
 * is given.
 */
export function writtenOnce(): ReadWritten {
  const read = new Map<string, unknown>();
  return (text) => {
    if (!read.has(text)) read.set(text, loadWritten(text));
    return read.get(text);
  };
}

/**
 * `text` cut at the items of its top-level list `key`, or null unless it ends with a line
 * break, has no carriage return, is in the writer's shape (`read`: loadWritten) with that list
 * in block style and at least one item, one start line per item, each a mapping with a string `id`.
 */
export function cutList(text: string, key: string, read: ReadWritten = loadWritten): ListCut | null {
  if (text.includes('\r') || !text.endsWith('\n')) return null;
  // the shape first, the value after: a file not in this shape costs no parse. Offsets of line
  // starts throughout, and each part a slice of the text (a 4 MB sidecar is 200,000 lines)
  const line = `${key}:\n`;
  const at = text.startsWith(line) ? 0 : text.indexOf(`\n${line}`) + 1;
  if (at === 0 && !text.startsWith(line)) return null;
  if (text.indexOf(`\n${line}`, at) >= 0) return null;
  const list = at + line.length;
  // the list runs to the next key at the root; a comment at the left edge inside it is not ours to place
  TOP_KEY_AT.lastIndex = list;
  const end = TOP_KEY_AT.exec(text)?.index ?? text.length;
  LEFT_COMMENT_AT.lastIndex = list;
  const comment = LEFT_COMMENT_AT.exec(text);
  if (comment && comment.index < end) return null;
  const starts: number[] = [];
  for (let p = text.startsWith('  - ', list) ? list : text.indexOf('\n  - ', list) + 1; p > 0 && p < end; p = text.indexOf('\n  - ', p) + 1) starts.push(p);
  if (!starts.length) return null;

  const value = read(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const items = (value as Rec)[key];
  if (!Array.isArray(items) || items.length !== starts.length) return null;
  if (!items.every((x) => x && typeof x === 'object' && !Array.isArray(x) && typeof (x as Rec).id === 'string')) return null;

  const lineFrom = (p: number) => text.slice(p, text.indexOf('\n', p));
  const before = (p: number) => text.lastIndexOf('\n', p - 2) + 1; // the line before the one at p
  // each item's lines begin with the comment lines just before it (and the blank lines before
  // those are the gap between it and the item before), and end where the next one's begin;
  // after the last, blank and comment lines go with the tail
  const from = starts.map((s) => {
    let p = s;
    while (p > list && LEADING.test(lineFrom(before(p))) && !ITEM_START.test(lineFrom(before(p)))) p = before(p);
    while (p < s && BLANK.test(lineFrom(p))) p = text.indexOf('\n', p) + 1;
    return p;
  });
  let last = end;
  while (last > starts[starts.length - 1] && before(last) > starts[starts.length - 1] && LEADING.test(lineFrom(before(last)))) last = before(last);
  // the end of each item's own lines: blank lines before the next item's are the gap
  const until = (k: number) => {
    if (k + 1 >= starts.length) return last;
    let e = from[k + 1];
    while (before(e) > starts[k] && BLANK.test(lineFrom(before(e)))) e = before(e);
    return e;
  };
  const blocks = new Map<string, string>();
  for (let k = 0; k < starts.length; k++) {
    const id = (items[k] as Rec).id as string;
    if (blocks.has(id)) return null;
    blocks.set(id, text.slice(from[k], until(k)));
  }
  return {
    head: text.slice(0, from[0]),
    tail: text.slice(last),
    blocks,
    gap: starts.length > 1 ? text.slice(until(0), from[1]) : null,
    value: value as Rec,
    items: items as Rec[],
    keys: JSON.stringify(Object.keys(value)),
  };
}

/** Of the two sides' texts of a part, the one the merge keeps: the changed one, or either when both made the same change; undefined when both changed it differently. */
export function changedSide(b: string | undefined, o: string | undefined, t: string | undefined): 'o' | 't' | undefined {
  if (o === t || t === b) return 'o';
  if (o === b) return 't';
  return undefined;
}

/** The items whose lines are the same on all three sides: merged already, each its own lines. */
export function unchangedIds(b: ListCut, o: ListCut, t: ListCut): Set<string> {
  const ids = new Set<string>();
  for (const [id, x] of b.blocks) if (x === o.blocks.get(id) && x === t.blocks.get(id)) ids.add(id);
  return ids;
}

/** Whether a merged record is a side's own: the same value (canonically, where the plain comparison says no). */
export const sameRecord = (a: unknown, b: unknown): boolean => sameValue(a, b) || eq(a, b);

/**
 * Whether a merged text, read back (`root`, `items`), holds exactly what was meant to go in it,
 * field for field: a line moved with its neighbour (a block scalar's kept trailing blank lines,
 * say) would otherwise change a value unseen.
 */
export function holdsExactly(root: unknown, items: readonly unknown[], meant: unknown, meantItems: readonly unknown[]): boolean {
  return sameValue(root, meant) && items.length === meantItems.length && items.every((x, k) => sameValue(x, meantItems[k]));
}

/** A file's text around its list: what a merge takes from one side whole. */
export const restOf = (c: ListCut): string => `${c.head}\u0000${c.tail}`;

/**
 * The blank lines between items in the merged file: the side's that changed them (a file of one
 * item says nothing of them: `writers`, what the writer puts, when no file says), undefined when
 * both sides changed them differently.
 */
export function mergedGap(b: ListCut, o: ListCut, t: ListCut, writers = ''): string | undefined {
  const base = b.gap ?? o.gap ?? t.gap ?? writers;
  const side = changedSide(base, o.gap ?? base, t.gap ?? base);
  return side && ((side === 'o' ? o.gap : t.gap) ?? base);
}

/** The three sides cut (`cut`), when the file about the list is one side's own (`around`), with its fields in the same order on all three, and the blank lines to put between items (mergedGap). */
export interface CutSides<C extends ListCut> {
  b: C;
  o: C;
  t: C;
  around: C;
  gap: string;
}

/**
 * The three texts cut at their list by `cut`, for a quick path: null without an ancestor (every
 * difference is then on both sides), when one does not cut, when both sides changed the file
 * about the list, or its fields' order, or the blank lines between items differently.
 * `writersGap`: the blank lines the writer puts between two items, for a merge of files that
 * each hold one item (mergedGap).
 */
export function cutSides<C extends ListCut>(baseText: string | null, oursText: string, theirsText: string, cut: (text: string) => C | null, writersGap = ''): CutSides<C> | null {
  if (baseText === null) return null;
  const b = cut(baseText);
  const o = b && cut(oursText);
  const t = o && cut(theirsText);
  if (!b || !o || !t) return null;
  const rest = changedSide(restOf(b), restOf(o), restOf(t));
  const gap = mergedGap(b, o, t, writersGap);
  if (!rest || gap === undefined || b.keys !== o.keys || b.keys !== t.keys) return null;
  return { b, o, t, around: rest === 'o' ? o : t, gap };
}

/** The file made of `around`'s text about the list and these items' lines, in order, `gap` between them. */
export function writeList(around: ListCut, blocks: readonly string[], gap: string): string {
  return around.head + blocks.join(gap) + around.tail;
}
