// Mark Entity and New Entity on a large registry, and their Undo, as text edits (issue 15): the
// new entities' lines go after the last one of the registry's `entities:` list, and Undo takes
// an entity's lines out again, every other byte of the file kept. Parsing the whole registry into
// a Document, editing it and printing it all again took 0.6-1.2 s for 5,000 entities (in the
// extension's worker, but the user waits for it); this reads the file in the writer's own shape
// directly (yaml-subset.ts) and prints only the new entities, with the Document's own printer
// (workspace.ts entityNode), so they read as the Document edit writes them. Each result is read
// back and must be the registry before with exactly those entities added or taken out (nothing
// else changed, no new error); anything else (a list in flow style, an id the registry has, a
// file in another shape) is left to the Document edit (registryEdits.ts). The list read back from
// what an edit wrote is kept for the next edit of that same text (an Undo's, the next addition's),
// and its config handed on when the text reads with no finding at all: an edit of the text the
// last one wrote reads the registry once, where it read it three times (issue 15).
import * as YAML from 'yaml';
import type { Entity, WorkspaceConfig } from '../types';
import { sameValue } from '../review/history';
import { hasError } from './rules/findings';
import { validateWorkspace } from './rules/workspace';
import { writtenPlaces } from './sidecar-plain';
import { addEntitiesToWorkspace, entityNode, newWorkspaceText, parseWorkspace } from './workspace';
import { PRINT_OPTIONS } from './yamlutil';
import type { SubsetPlaces } from './yaml-subset';
import { usesCrlf } from '../text/lineEnds';

/**
 * An edit's text and its config read back; `clean` when it read with no finding at all, the
 * config readWorkspaceFast gives for the text (the same reader and rules), which the worker's
 * answer then carries without parsing it again (core/worker/work.ts parsedOf).
 */
type Edited = { text: string; config: WorkspaceConfig; clean: boolean } | undefined;

/**
 * A registry's entity list in the writer's shape, where its lines are (entityList): where each
 * item starts, not the reader's places, which are two thirds of what a list of 5,000 entities
 * would keep (~6 of 9 MB) while it waits for the next edit.
 */
interface EntityList {
  starts: Int32Array;
  config: WorkspaceConfig;
  items: number;
  column: number;
  key: number;
  end: number;
}

/**
 * The last registry text an edit here read or wrote, and its list: an Undo edits the very text
 * its addition wrote, a second addition the text the first wrote (issue 15: 25-60 ms of the
 * worker's time for 5,000 entities, each edit). One text; nothing in it is changed by its users.
 */
let lastList: { text: string; list: EntityList | undefined } | undefined;

/** How many times a registry's list was read from its text (entityList, readBack): for the tests. */
export const listReads = { count: 0 };

/**
 * `current` with `entities` (all new to it, each id once) listed after its last entity, and
 * its config read back; undefined when the edit is not one this makes (the caller edits the
 * Document then).
 */
export function appendEntities(current: string, entities: readonly Entity[]): Edited {
  const list = entityList(current);
  if (!list || !entities.length) return undefined;
  const ids = new Set(list.config.entities.map((e) => e.id));
  for (const e of entities) {
    if (ids.has(e.id)) return undefined; // aliases for an entity it has, or an id given twice
    ids.add(e.id);
  }
  const insert = contentEnd(current, list.key, list.end, list.column);
  const head = current.slice(0, insert);
  // lines ending as the file's do (CRLF in a checkout on Windows: core/text/lineEnds.ts)
  const eol = usesCrlf(current) ? '\r\n' : '\n';
  const text = (head.endsWith('\n') || !head ? head : head + eol) + printed(entities, list.column).replace(/\n/g, eol) + current.slice(insert);
  // the new entities as the Document edit writes them
  const added = parseWorkspace(addEntitiesToWorkspace(parseWorkspace(newWorkspaceText(), 'new'), entities), 'new').config?.entities;
  return added ? readBack(text, { ...list.config, entities: [...list.config.entities, ...added] }) : undefined;
}

/**
 * `current` without the entities of `which` (each the first of its id, as a search finds it),
 * their lines taken out up to the next entity's or the list's end (comments before the next
 * one stay with it), and its config read back; undefined when the edit is not one this makes.
 */
export function removeEntities(current: string, which: ReadonlySet<string> | ((config: WorkspaceConfig) => ReadonlySet<string>)): Edited {
  const list = entityList(current);
  if (!list) return undefined;
  // the ids, or chosen from the registry as read here (Undo: those unchanged since they were added)
  const ids = typeof which === 'function' ? which(list.config) : which;
  if (!ids.size) return undefined;
  const first = new Map<string, number>();
  list.config.entities.forEach((e, k) => first.has(e.id) || first.set(e.id, k));
  // the validated list is the list in the file, item for item (an item the rules refused is an error)
  if (list.config.entities.length !== list.items) return undefined;
  const cut = new Set<number>();
  for (const id of ids) {
    const k = first.get(id);
    if (k === undefined) return undefined;
    cut.add(k);
  }
  // not the whole list: an empty `entities:` reads as no list at all
  if (cut.size === list.items) return undefined;
  let text = '';
  let from = 0;
  for (let k = 0; k < list.items; k++) {
    if (!cut.has(k)) continue;
    const start = lineStart(current, list.starts[k]);
    const next = k + 1 < list.items ? lineStart(current, list.starts[k + 1]) : list.end;
    const end = contentEnd(current, start, next, list.column);
    text += current.slice(from, start);
    from = end;
  }
  text += current.slice(from);
  return readBack(text, { ...list.config, entities: list.config.entities.filter((_, k) => !cut.has(k)) });
}

/**
 * The registry text an edit is about to be asked of, read now (Mark Entity's pick showing, in the
 * extension's worker): the edit of that same text takes its list (lastList) rather than reading
 * it, and finds the reader's code compiled (issue 15: the first Mark Entity of a session on 5,000
 * entities, 400-530 ms of the worker's time against 150-260 for the next).
 */
export function readAhead(text: string): void {
  entityList(text);
}

/** The registry's entity list when the file is clean at error level and the list is in block style with an item; else undefined. */
function entityList(text: string): EntityList | undefined {
  if (lastList?.text === text) return lastList.list;
  listReads.count++;
  const places = writtenPlaces(text);
  const read = places && validateWorkspace(places.value);
  const list = read && listIn(text, places, read);
  lastList = { text, list };
  return list;
}

/** The list of a text read (`places`) and validated (`read`); undefined as entityList says. */
function listIn(text: string, places: SubsetPlaces, read: ReturnType<typeof validateWorkspace>): EntityList | undefined {
  if (!read.config || hasError(read.findings)) return undefined;
  const root = places.value as Record<string, unknown>;
  const list = root.entities;
  if (!Array.isArray(list) || !list.length) return undefined;
  const at = places.offsetOf(['entities']);
  if (text.charCodeAt(at) !== 0x2d /* - */) return undefined;
  const key = places.offsetOf(['entities'], true);
  // the list's lines end where the next top-level key's begin, or with the text
  let end = text.length;
  for (const k of Object.keys(root)) {
    const o = places.offsetOf([k], true);
    if (o > key && o < end) end = o;
  }
  const starts = new Int32Array(list.length);
  for (let k = 0; k < list.length; k++) starts[k] = places.offsetOf(['entities', k]);
  return { starts, config: read.config, items: list.length, column: at - lineStart(text, at), key, end };
}

/** `text` when it reads, at error level cleanly, to `expected`; else undefined. Its list is kept for the next edit (lastList). */
function readBack(text: string, expected: WorkspaceConfig): Edited {
  listReads.count++;
  // with where its nodes are (as fast as the value alone), for an edit of this text next
  const places = writtenPlaces(text);
  const read = places && validateWorkspace(places.value);
  if (!read?.config || hasError(read.findings) || !sameValue(read.config, expected)) return undefined;
  lastList = { text, list: listIn(text, places!, read) };
  return { text, config: read.config, clean: read.findings.length === 0 };
}

/** The entities as the Document's printer lists them, each line moved to the list's column (empty lines left empty). */
function printed(entities: readonly Entity[], column: number): string {
  const seq = new YAML.YAMLSeq();
  for (const e of entities) seq.items.push(entityNode(e));
  const text = new YAML.Document(seq).toString(PRINT_OPTIONS);
  const pad = ' '.repeat(column);
  return text.replace(/^(?=.)/gm, pad);
}

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;

/**
 * Where the lines from `from` to `to` (a line's start, or the text's end) end, less the empty
 * lines and the comments no deeper than the list's items at `column` just before `to` (the next
 * entity's or key's, or the list's end: a deeper one may be a text's line).
 */
function contentEnd(text: string, from: number, to: number, column: number): number {
  let at = to;
  for (;;) {
    const prev = text.lastIndexOf('\n', at - 2) + 1;
    if (at === 0 || prev <= from) return at;
    const line = text.slice(prev, at);
    const content = line.trimStart();
    const shallow = line.length - content.length <= column;
    if (content.trim() !== '' && !(shallow && content.startsWith('#'))) return at;
    at = prev;
  }
}
