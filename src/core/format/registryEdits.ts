// The registry edits the write path makes to marginalia.yaml, and their undo, as functions of
// the text on disk now (no `vscode`): the write path calls them on every attempt, so a change
// someone made meanwhile is kept. Undo removes only what this edit added, and only while it is
// as it was added: an entity someone renamed or gave another alias since is theirs too, and is
// left in place with a note saying so (issue 9: Undo after "New entity…"). An addition runs in
// the extension's worker (core/worker/work.ts `addToRegistry`): parsing and printing a registry
// of 5,000 entities held the extension host for most of a second; whole entities are now added
// and taken back as text where the file allows (registryAppend.ts), the Document edited otherwise.
import * as YAML from 'yaml';
import { addEntitiesToWorkspace, aliasText, newWorkspaceText, parseWorkspace, type ParsedWorkspace } from './workspace';
import { configOf } from './written-errors';
import { appendEntities, removeEntities } from './registryAppend';
import { sameValue } from '../review/history';
import { PRINT_OPTIONS } from './yamlutil';
import type { Alias, Entity, WorkspaceConfig } from '../types';

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
 * A new registry text's config when the edit read it back with no finding at all (a text edit:
 * registryAppend.ts), readWorkspaceFast's answer for it; absent otherwise, where the text is to
 * be read again if it is wanted.
 */
export interface ReadBack {
  clean?: WorkspaceConfig;
}

/**
 * Adds `entities`, in order (or, for an id the registry has, their aliases), to the registry
 * text on disk now (null: no file yet, one is started), parsed and printed once (an import adds
 * thousands: one edit each re-read the corpus each time). Returns the new text and what it
 * added, one addition per entity new to the registry or per existing one given new aliases;
 * nothing added → text unchanged and `added` empty.
 */
export function addToRegistryText(current: string | null, file: string, entities: readonly Entity[]): ({ text: string; added: RegistryAddition[] } & ReadBack) | Unwritable {
  // new entities after the list's last, as text, when the file is in the writer's shape (registryAppend.ts)
  const appended = current === null ? undefined : appendEntities(current, entities);
  if (appended) return { text: appended.text, added: appended.config.entities.slice(-entities.length).map((entity) => ({ kind: 'entity', entity })), ...cleanOf(appended) };
  const parsed = readWritable(current ?? newWorkspaceText(), file);
  if (isUnwritable(parsed)) return parsed;
  const existing = firstById(parsed.config!.entities);
  const text = addEntitiesToWorkspace(parsed, entities);
  // read back without a Document (a registry of 5,000 entities: most of Mark Entity's time on the host)
  const written = firstById(configOf(text, file)?.entities ?? []);
  const added: RegistryAddition[] = [];
  /** Per existing entity, the aliases it has by now; per new one, that it is listed already. */
  const had = new Map<string, Set<string>>();
  const listed = new Set<string>();
  for (const entity of entities) {
    const before = existing.get(entity.id);
    if (!before) {
      const w = written.get(entity.id);
      // a later entry of the same id only adds aliases to it: removing the entity removes them
      if (w && !listed.has(entity.id)) added.push({ kind: 'entity', entity: w });
      listed.add(entity.id);
      continue;
    }
    let have = had.get(entity.id);
    if (!have) had.set(entity.id, (have = new Set(before.aliases.map((a) => a.text))));
    const aliases = entity.aliases.filter((a) => !have.has(a.text) && (have.add(a.text), true));
    if (aliases.length) added.push({ kind: 'aliases', id: entity.id, aliases });
  }
  return { text, added };
}

/** A text edit's config as ReadBack carries it: only when it read with no finding. */
const cleanOf = (edited: { config: WorkspaceConfig; clean: boolean }): ReadBack => (edited.clean ? { clean: edited.config } : {});

/** The first entity of each id, as a search of the list finds it. */
function firstById(entities: readonly Entity[]): Map<string, Entity> {
  const out = new Map<string, Entity>();
  for (const e of entities) if (!out.has(e.id)) out.set(e.id, e);
  return out;
}

/**
 * Takes back `added` from the registry text on disk now. `note` says what was left and why;
 * `text` is undefined when nothing is to be written.
 */
export function removeFromRegistryText(current: string | null, file: string, added: readonly RegistryAddition[]): ({ text?: string; notes: string[] } & ReadBack) | Unwritable {
  const what = (a: RegistryAddition) => (a.kind === 'entity' ? `entity “${a.entity.name}”` : `alias${a.aliases.length === 1 ? '' : 'es'} ${a.aliases.map((x) => `“${x.text}”`).join(', ')}`);
  if (current === null) return { notes: added.map((a) => `${what(a)} was not removed: the registry is gone`) };
  // whole entities taken out as text, when the file is in the writer's shape (registryAppend.ts)
  const asText = removeAddedEntities(current, added, what);
  if (asText) return asText;
  const parsed = readWritable(current, file);
  if (isUnwritable(parsed)) return parsed;
  const entities = firstById(parsed.config!.entities);
  const doc = parsed.doc!.clone();
  const seq = (doc.contents as YAML.YAMLMap).get('entities', true) as unknown as YAML.YAMLSeq;
  // each id's node, the first as a search finds it; entities removed are left out once at the end
  const nodes = new Map<unknown, YAML.YAMLMap>();
  for (const i of seq?.items ?? []) if (YAML.isMap(i) && !nodes.has(i.get('id'))) nodes.set(i.get('id'), i);
  const removed = new Set<unknown>();
  const notes: string[] = [];
  let changed = false;
  // the last added first, as Undo takes changes back
  for (const a of [...added].reverse()) {
    const id = a.kind === 'entity' ? a.entity.id : a.id;
    const now = entities.get(id);
    const node = nodes.get(id);
    if (!now || !node || removed.has(node)) {
      notes.push(`${what(a)} is no longer in the registry`);
      continue;
    }
    if (a.kind === 'entity') {
      if (!sameValue(now, a.entity)) {
        notes.push(`${what(a)} was changed since it was added, and was left in the registry`);
        continue;
      }
      removed.add(node);
    } else {
      const texts = new Set(a.aliases.map((x) => x.text));
      const list = node.get('aliases', true);
      const before = YAML.isSeq(list) ? list.items.length : 0;
      if (YAML.isSeq(list)) list.items = list.items.filter((i) => !texts.has(aliasText(i) ?? '\u0000'));
      if (!YAML.isSeq(list) || list.items.length === before) {
        notes.push(`${what(a)} is no longer in the registry`);
        continue;
      }
    }
    changed = true;
  }
  if (removed.size) seq.items = seq.items.filter((i) => !removed.has(i));
  return changed ? { text: doc.toString(PRINT_OPTIONS), notes } : { notes };
}

/**
 * removeFromRegistryText's answer when every addition is a whole entity and the registry is in
 * the writer's shape, its entities' lines taken out as text: the same notes, in the same order,
 * for an entity gone or changed since; undefined otherwise (or when nothing is to be removed).
 */
function removeAddedEntities(current: string, added: readonly RegistryAddition[], what: (a: RegistryAddition) => string): ({ text: string; notes: string[] } & ReadBack) | undefined {
  if (!added.every((a) => a.kind === 'entity')) return undefined;
  const notes: string[] = [];
  // the entities to take out, chosen from the registry as the text edit reads it
  const removed = removeEntities(current, (config) => {
    const entities = firstById(config.entities);
    const ids = new Set<string>();
    for (const a of [...added].reverse()) {
      if (a.kind !== 'entity') continue;
      const now = entities.get(a.entity.id);
      if (!now || ids.has(a.entity.id)) notes.push(`${what(a)} is no longer in the registry`);
      else if (!sameValue(now, a.entity)) notes.push(`${what(a)} was changed since it was added, and was left in the registry`);
      else ids.add(a.entity.id);
    }
    return ids;
  });
  return removed && { text: removed.text, notes, ...cleanOf(removed) };
}
