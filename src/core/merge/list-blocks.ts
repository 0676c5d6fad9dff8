// A file cut into the lines of each item of one top-level list, for the merges' quick paths
// (registry-blocks.ts, sidecar-blocks.ts; issue 15: the `yaml` package's Document parse of each
// side was most of a large merge). In the usual merge each item was changed on one side at most,
// and the merged file is then one side's text around the list and, for each item, the lines of
// the side that changed it. Only a file in the writer's block shape is cut: the list as
// `key:` alone on its line, each item starting `  - ` at the writer's indent; anything else is
// left to the careful merge. The value is read in the writer's shape (loadWritten: the careful
// reader's very value), and the caller checks the text made by reading it back.
import { loadWritten } from '../format/sidecar-plain';
import type { Rec } from './record-merge';

export interface ListCut {
  /** Everything before the first item's lines, and everything after the last one's. */
  head: string;
  tail: string;
  /** Each item's lines from the comments just above it on (the blank lines before those left out), by id. */
  blocks: Map<string, string>;
  /** The blank lines this file has between its first two items: put between any two in a file made from it. */
  gap: string;
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
const TOP_KEY = /^[^\s#]/;

/**
 * `text` cut at the items of its top-level list `key`, or null unless it ends with a line
 * break, has no carriage return, is in the writer's shape (loadWritten) with that list in block
 * style and at least one item, one start line per item, each a mapping with a string `id`.
 */
export function cutList(text: string, key: string): ListCut | null {
  if (text.includes('\r') || !text.endsWith('\n')) return null;
  // the lines first, the value after: a file not in this shape costs no parse
  const lines = text.slice(0, -1).split('\n');
  const at = lines.indexOf(`${key}:`);
  if (at < 0 || lines.indexOf(`${key}:`, at + 1) >= 0) return null;
  // the list runs to the next key at the root; a comment at the left edge inside it is not ours to place
  let end = at + 1;
  while (end < lines.length && !TOP_KEY.test(lines[end])) end++;
  const starts: number[] = [];
  for (let i = at + 1; i < end; i++) {
    if (ITEM_START.test(lines[i])) starts.push(i);
    else if (lines[i].startsWith('#')) return null;
  }
  if (!starts.length) return null;

  const value = loadWritten(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const items = (value as Rec)[key];
  if (!Array.isArray(items) || items.length !== starts.length) return null;
  if (!items.every((x) => x && typeof x === 'object' && !Array.isArray(x) && typeof (x as Rec).id === 'string')) return null;

  // each item's lines begin with the comment lines just before it (and the blank lines before
  // those are the gap between it and the item before), and end where the next one's begin;
  // after the last, blank and comment lines go with the tail
  const from = starts.map((s) => {
    let k = s;
    while (k - 1 > at && LEADING.test(lines[k - 1]) && !ITEM_START.test(lines[k - 1])) k--;
    while (k < s && BLANK.test(lines[k])) k++;
    return k;
  });
  let last = end;
  while (last - 1 > starts[starts.length - 1] && LEADING.test(lines[last - 1])) last--;
  // the end of each item's own lines: blank lines before the next item's are the gap
  const until = (k: number) => {
    if (k + 1 >= starts.length) return last;
    let e = from[k + 1];
    while (e - 1 > starts[k] && BLANK.test(lines[e - 1])) e--;
    return e;
  };
  const join = (a: number, b: number) => (b > a ? `${lines.slice(a, b).join('\n')}\n` : '');
  const blocks = new Map<string, string>();
  for (let k = 0; k < starts.length; k++) {
    const id = (items[k] as Rec).id as string;
    if (blocks.has(id)) return null;
    blocks.set(id, join(from[k], until(k)));
  }
  return {
    head: join(0, from[0]),
    tail: join(last, lines.length),
    blocks,
    gap: starts.length > 1 ? join(until(0), from[1]) : '',
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

/** The file made of `around`'s text about the list and these items' lines, in order, `around`'s gap between them. */
export function writeList(around: ListCut, blocks: readonly string[]): string {
  return around.head + blocks.join(around.gap) + around.tail;
}
