// A sidecar change that only moves annotations (a save's new offsets and context, issue 15),
// written into the text in place instead of parsing the file with positions and printing it
// again: the careful parse and the comment-keeping serialization took ~0.3 s each for a
// 130 KB, 300-annotation sidecar (worker time the save's redraw used to wait on); this takes
// two fast reads and a splice, linear in the file.
//
// Only the writer's own shape is patched (each annotation a `  - id: …` item of the top-level
// `annotations:` list, its fields at four spaces), and only the fields the save writes —
// quote, prefix, suffix, start, end — when they are already there and no comment is near. Each
// changed field is printed by the serializer's own rules (printAnnotationField), so on a file
// Marginalia wrote the result is byte for byte what serializeSidecar would give (tested). The
// result is read back with the fast reader and must be clean and hold exactly the annotations
// the operations give, in the order the serializer would write them; anything else — another
// field changed, an annotation added or deleted, a file in another shape, an operation that
// does not apply — is null, and the caller takes the careful path, which also words every
// refusal. Nothing here decides whether a file may be written: the careful path's rules do,
// and this only answers for files the fast reader finds clean (which the careful one does too).
import { applyOps, type Actor, type Op } from '../ops';
import type { Sidecar } from '../types';
import { readSidecarFast } from './sidecar-plain';
import { compareAnnotations, printAnnotationField } from './sidecar-write';

/** The fields a save writes; anything else changed goes the careful way. */
const PATCHABLE = new Set(['quote', 'prefix', 'suffix', 'start', 'end']);

export interface Patched {
  text: string;
  inverse: Op[];
  /** The fast reader's sidecar of `text` (read back here): a reader of the new text need not parse it again. */
  read: Sidecar;
}

/** `ops` applied to the sidecar `text` by patching it in place; null when it must be parsed and printed again. */
export function patchSidecar(text: string, file: string, ops: readonly Op[], actor?: Actor, read: Sidecar | null = readSidecarFast(text, file)): Patched | null {
  // CR LF line ends: the printed fields would bring LF lines into the file
  if (!read || text.includes('\r') || ops.some((op) => op.type !== 'update')) return null;
  let applied: ReturnType<typeof applyOps>;
  try {
    applied = applyOps(read.annotations, ops, actor);
  } catch {
    return null; // the careful path words the refusal
  }
  const after = applied.annotations;
  for (let i = 1; i < after.length; i++) if (compareAnnotations(after[i - 1], after[i]) > 0) return null; // the serializer would reorder
  const items = itemsOf(text);
  if (!items || items.length !== after.length) return null;
  const splices: { from: number; to: number; text: string }[] = [];
  for (let i = 0; i < after.length; i++) {
    const before = read.annotations[i] as unknown as Record<string, unknown>;
    const now = after[i] as unknown as Record<string, unknown>;
    if (before.id !== now.id) return null;
    for (const key of new Set([...Object.keys(before), ...Object.keys(now)])) {
      if (sameJson(before[key], now[key])) continue;
      const v = now[key];
      if (!PATCHABLE.has(key) || (typeof v !== 'string' && typeof v !== 'number')) return null;
      const field = items[i].fields.get(key);
      if (!field || field.keep || items[i].comments) return null;
      splices.push({ ...field, text: printAnnotationField(key as 'quote', v) });
    }
  }
  if (splices.length === 0) return { text, inverse: applied.inverse, read };
  splices.sort((a, b) => a.from - b.from);
  let out = '';
  let at = 0;
  for (const s of splices) {
    out += text.slice(at, s.from) + s.text;
    at = s.to;
  }
  out += text.slice(at);
  // read back: clean, and exactly what the operations give
  const check = readSidecarFast(out, file);
  if (!check || !sameJson({ ...check, annotations: null }, { ...read, annotations: null }) || check.annotations.length !== after.length) return null;
  for (let i = 0; i < after.length; i++) if (!sameJson(check.annotations[i], after[i])) return null;
  return { text: out, inverse: applied.inverse, read: check };
}

interface Field {
  from: number;
  to: number;
  /** A block scalar keeping its final line breaks (`|+`, `>+`): its end is not where its text ends. */
  keep: boolean;
}

interface Item {
  /** Each field's text, from the start of its key's line to the end of its value (its last line break included), by key. */
  fields: Map<string, Field>;
  /** A comment line or a `#` anywhere in the item: not patched (a comment belongs to a node). */
  comments: boolean;
}

const ITEM = /^ {2}- /;
const FIELD = /^ {4}([A-Za-z_][A-Za-z0-9_-]*):(?: |$)/;
const KEEP = /:\s*[|>][1-9]?\+/;

/**
 * The annotation items of a sidecar in the writer's shape, in file order; null when the list
 * is not written that way (a flow list, other indentation, a key twice).
 */
function itemsOf(text: string): Item[] | null {
  const head = /^annotations:[ \t]*\r?\n/m.exec(text);
  if (!head) return null;
  const items: Item[] = [];
  let item: Item | null = null;
  /** The open field: its key, where it starts, and where its last non-blank line ends. */
  let open: (Field & { key: string }) | null = null;
  /** Files the open field in its item; false when the item has that key already. */
  const close = (): boolean => {
    const f = open;
    open = null;
    if (!f || !item) return true;
    if (item.fields.has(f.key)) return false;
    item.fields.set(f.key, { from: f.from, to: f.to, keep: f.keep });
    return true;
  };
  let at = head.index + head[0].length;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    end = end < 0 ? text.length : end + 1;
    const line = text.slice(at, end);
    if (line.trim() === '') {
      at = end;
      continue;
    }
    if (ITEM.test(line)) {
      if (!close()) return null;
      item = { fields: new Map(), comments: line.includes('#') };
      items.push(item);
      // the first field (`id`) shares the dash's line: never patched, so not listed
    } else if (line.startsWith('    ') && item) {
      if (line.includes('#')) item.comments = true;
      const f = FIELD.exec(line);
      const deeper = line.startsWith('     ');
      if (f) {
        if (!close()) return null;
        open = { key: f[1], from: at, to: end, keep: KEEP.test(line) };
      } else if (!deeper) return null; // something at four spaces that is no field
      else if (open) (open as { to: number }).to = end;
    } else if (/^\S/.test(line)) {
      break; // the next top-level key: the list ended
    } else return null;
    at = end;
  }
  if (!close()) return null;
  // a value on its last line without a line break: the printed field has one
  for (const it of items) for (const f of it.fields.values()) if (text[f.to - 1] !== '\n') return null;
  return items;
}

/** Deep equality of plain values read from YAML, whatever the key order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
