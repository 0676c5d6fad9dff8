// The registry edits the write path makes to marginalia.yaml, and their undo, as functions of
// the text on disk now (no `vscode`): the write path calls them on every attempt, so a change
// someone made meanwhile is kept. Undo removes only what this edit added, and only while it is
// as it was added: an entity someone renamed or gave another alias since is theirs too, and is
// left in place with a note saying so (issue 9: Undo after "New entity…").
// (Pure format logic: it would sit best beside addEntityToWorkspace in core/format/workspace.ts.)
import * as YAML from 'yaml';
import { addEntityToWorkspace, newWorkspaceText, parseWorkspace, type ParsedWorkspace } from '../../core/format';
import { sameValue } from '../../core/review/history';
import { PRINT_OPTIONS } from '../../core/format/yamlutil';
import type { Alias, Entity } from '../../core/types';

/** A file Marginalia will not rewrite, with where it goes wrong. */
export interface Unwritable {
  message: string;
  line?: number;
  column?: number;
}

/** What one registry edit added: a whole entity, or aliases of an existing one. */
export type RegistryAddition = { kind: 'entity'; entity: Entity } | { kind: 'aliases'; id: string; aliases: Alias[] };

export function readWritable(text: string, file: string): ParsedWorkspace | Unwritable {
  const parsed = parseWorkspace(text, file);
  if (parsed.writable) return parsed;
  const e = parsed.problems.find((p) => p.severity === 'error');
  return { message: `has errors and was left untouched${e ? ` (line ${e.line}, column ${e.column}: ${e.message})` : ''}`, line: e?.line, column: e?.column };
}

export const isUnwritable = <T extends object>(p: T | Unwritable): p is Unwritable => 'message' in p;

/**
 * Adds `entity` (or, when its id exists, its aliases) to the registry text on disk now (null:
 * no file yet, one is started). Returns the new text and what it added; nothing added → text
 * unchanged and `added` undefined.
 */
export function addToRegistryText(current: string | null, file: string, entity: Entity): { text: string; added?: RegistryAddition } | Unwritable {
  const parsed = readWritable(current ?? newWorkspaceText(), file);
  if (isUnwritable(parsed)) return parsed;
  const existing = parsed.config!.entities.find((e) => e.id === entity.id);
  const text = addEntityToWorkspace(parsed, entity);
  if (!existing) {
    const written = parseWorkspace(text, file).config?.entities.find((e) => e.id === entity.id);
    return { text, added: written ? { kind: 'entity', entity: written } : undefined };
  }
  const had = new Set(existing.aliases.map((a) => a.text));
  const aliases = entity.aliases.filter((a) => !had.has(a.text));
  return { text, added: aliases.length ? { kind: 'aliases', id: entity.id, aliases } : undefined };
}

/**
 * Takes back `added` from the registry text on disk now. `note` says what was left and why;
 * `text` is undefined when nothing is to be written.
 */
export function removeFromRegistryText(current: string | null, file: string, added: RegistryAddition): { text?: string; note?: string } | Unwritable {
  const what = added.kind === 'entity' ? `entity “${added.entity.name}”` : `alias${added.aliases.length === 1 ? '' : 'es'} ${added.aliases.map((a) => `“${a.text}”`).join(', ')}`;
  if (current === null) return { note: `${what} was not removed: the registry is gone` };
  const parsed = readWritable(current, file);
  if (isUnwritable(parsed)) return parsed;
  const id = added.kind === 'entity' ? added.entity.id : added.id;
  const now = parsed.config!.entities.find((e) => e.id === id);
  if (!now) return { note: `${what} is no longer in the registry` };
  const doc = parsed.doc!.clone();
  const seq = (doc.contents as YAML.YAMLMap).get('entities', true) as unknown as YAML.YAMLSeq;
  const node = seq.items.find((i) => YAML.isMap(i) && i.get('id') === id) as YAML.YAMLMap;
  if (added.kind === 'entity') {
    if (!sameValue(now, added.entity)) return { note: `${what} was changed since it was added, and was left in the registry` };
    seq.items = seq.items.filter((i) => i !== node);
  } else {
    const texts = new Set(added.aliases.map((a) => a.text));
    const list = node.get('aliases', true);
    if (!YAML.isSeq(list)) return { note: `${what} is no longer in the registry` };
    const before = list.items.length;
    list.items = list.items.filter((i) => !texts.has(aliasTextOf(i) ?? '\u0000'));
    if (list.items.length === before) return { note: `${what} is no longer in the registry` };
  }
  return { text: doc.toString(PRINT_OPTIONS) };
}

function aliasTextOf(n: unknown): string | undefined {
  if (YAML.isScalar(n)) return typeof n.value === 'string' ? n.value : undefined;
  if (YAML.isMap(n)) {
    const t = n.get('text');
    return typeof t === 'string' ? t : undefined;
  }
  return undefined;
}
