// A sidecar change written into the text in place instead of parsing the file with positions
// and printing it again: the careful parse and the comment-keeping serialization took ~0.3 s
// each for a 130 KB, 300-annotation sidecar, and ~8 s together for a 3.8 MB one of 20,000
// (issue 15: a status change there showed in the Claims view after 8.8 s). This takes two fast
// reads and a splice, linear in the file, plus printing the annotations that changed.
//
// Only the writer's own shape is patched: each annotation a `  - id: …` item of the top-level
// `annotations:` list, its fields at four spaces, one blank line between items. An annotation
// the operations leave alone keeps its text. One whose changes are only a save's — quote,
// prefix, suffix, start, end, already there, no comment near — has those fields printed by the
// serializer's own rules (printAnnotationField); any other change to an annotation prints it
// whole (printAnnotationItem), but only when the file has it exactly as the serializer would
// print it: a comment, an unknown field or hand-chosen quoting is only kept by the careful path.
// An added annotation is printed and put where the serializer would put it; a deleted one is
// left out. So on a file Marginalia wrote the result is byte for byte what serializeSidecar
// would give (tested). The result is read back with the fast reader and must be clean and hold
// exactly the annotations the operations give, in the serializer's order; anything else — a
// file in another shape, an operation that does not apply, no annotation left — is null, and
// the caller takes the careful path, which also words every refusal. Nothing here decides
// whether a file may be written: the careful path's rules do, and this only answers for files
// the fast reader finds clean (which the careful one does too).
import { applyOps, type Actor, type Op } from '../ops';
import type { Annotation, Sidecar } from '../types';
import { readSidecarFast } from './sidecar-plain';
import { compareAnnotations, printAnnotationField, printAnnotationItem } from './sidecar-write';

/** The fields a save writes: patched one by one; any other change prints the annotation whole. */
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
  if (!read || text.includes('\r')) return null;
  let applied: ReturnType<typeof applyOps>;
  try {
    applied = applyOps(read.annotations, ops, actor);
  } catch {
    return null; // the careful path words the refusal
  }
  if (applied.annotations.length === 0) return null; // `annotations: []`, printed by the careful path
  const after = [...applied.annotations].sort(compareAnnotations); // the serializer's order
  const list = listOf(text);
  if (!list || list.items.length !== read.annotations.length) return null;
  const at = new Map<string, number>();
  read.annotations.forEach((a, i) => at.set(a.id, i));
  if (at.size !== read.annotations.length) return null;
  const touched = new Set(ops.map((op) => (op.type === 'add' ? op.annotation.id : op.id)));
  const parts: string[] = [];
  for (const a of after) {
    const i = at.get(a.id);
    const part = i === undefined ? printAnnotationItem(a) : touched.has(a.id) ? itemText(text, list.items[i], read.annotations[i], a) : text.slice(list.items[i].from, list.items[i].to);
    if (part === null) return null;
    parts.push(part);
  }
  const out = text.slice(0, list.from) + parts.join('\n') + text.slice(list.to);
  // read back: clean, and exactly what the operations give
  const check = readSidecarFast(out, file);
  if (!check || !sameJson({ ...check, annotations: null }, { ...read, annotations: null }) || check.annotations.length !== after.length) return null;
  for (let i = 0; i < after.length; i++) if (!sameJson(check.annotations[i], after[i])) return null;
  return { text: out, inverse: applied.inverse, read: check };
}

/** An annotation's new text: its changed fields patched, or the whole printed; null when neither may be. */
function itemText(text: string, item: Item, was: Annotation, now: Annotation): string | null {
  const original = text.slice(item.from, item.to);
  const before = was as unknown as Record<string, unknown>;
  const later = now as unknown as Record<string, unknown>;
  const splices: { from: number; to: number; text: string }[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(later)])) {
    if (sameJson(before[key], later[key])) continue;
    const v = later[key];
    const field = item.fields.get(key);
    if (!PATCHABLE.has(key) || (typeof v !== 'string' && typeof v !== 'number') || !field || field.keep || item.comments) {
      // printed whole, when the file has it as printed (no comment, no unknown field, no hand-chosen style)
      return printAnnotationItem(was) === original ? printAnnotationItem(now) : null;
    }
    splices.push({ from: field.from - item.from, to: field.to - item.from, text: printAnnotationField(key as 'quote', v) });
  }
  splices.sort((a, b) => a.from - b.from);
  let out = '';
  let from = 0;
  for (const s of splices) {
    out += original.slice(from, s.from) + s.text;
    from = s.to;
  }
  return out + original.slice(from);
}

interface Field {
  from: number;
  to: number;
  /** A block scalar keeping its final line breaks (`|+`, `>+`): its end is not where its text ends. */
  keep: boolean;
}

interface Item {
  /** From the start of its `  - ` line to the end of its last non-blank line (its line break included). */
  from: number;
  to: number;
  /** Each field's text, from the start of its key's line to the end of its value (its last line break included), by key. */
  fields: Map<string, Field>;
  /** A comment line or a `#` anywhere in the item: not patched (a comment belongs to a node). */
  comments: boolean;
}

const ITEM = /^ {2}- /;
const FIELD = /^ {4}([A-Za-z_][A-Za-z0-9_-]*):(?: |\r?\n|$)/;
const KEEP = /:\s*[|>][1-9]?\+/;

/** The `annotations:` list in the writer's shape: where its items start and end, and each item. */
interface List {
  from: number;
  to: number;
  items: Item[];
}

/**
 * The annotation list of a sidecar in the writer's shape, items in file order; null when it is
 * not written that way (a flow list, other indentation, a key twice, other than one blank line
 * between items, an item ending in a block scalar that keeps its final line breaks).
 */
function listOf(text: string): List | null {
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
  const from = head.index + head[0].length;
  let at = from;
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
      item = { from: at, to: end, fields: new Map(), comments: line.includes('#') };
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
      item.to = end;
    } else if (/^\S/.test(line)) {
      break; // the next top-level key: the list ended
    } else return null;
    at = end;
  }
  if (!close() || items.length === 0 || items[0].from !== from) return null;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    // a value on its last line without a line break: the printed field has one
    for (const f of it.fields.values()) if (text[f.to - 1] !== '\n' || (f.keep && f.to === it.to)) return null;
    if (i > 0 && text.slice(items[i - 1].to, it.from) !== '\n') return null;
  }
  return { from, to: items[items.length - 1].to, items };
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
