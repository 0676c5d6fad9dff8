// Creating annotations from the editor: mark the selection as an entity, a claim or a note.
// Every write goes through the write path (store/sidecarWriter.ts), which stamps `author` and
// `created` with who is annotating, so nothing here writes those or `updated` itself.
import * as vscode from 'vscode';
import { AnchorText, selectorFor } from '../../core/anchor';
import { freshEntityId, newId } from '../../core/ids';
import type { Annotation, Entity } from '../../core/types';
import { CodePointIndex } from '../../core/text/positions';
import { Commands } from '../ids';
import type { CorpusRoot } from '../store/corpusStore';
import type { CommandDeps } from './deps';
import { isCredibility, isStatus, pickCredibility, pickStatus } from './pickers';
import { forLabel, forPlain } from '../../core/text/untrusted';
import { Refusal } from '../ui/messages';
import { clip } from './targets';
import { inSlices } from './longWork';
import type { Sliced } from '../../core/slices';

interface Selected {
  editor: vscode.TextEditor;
  source: vscode.Uri;
  root: CorpusRoot;
  text: string;
  base: Pick<Annotation, 'quote' | 'prefix' | 'suffix' | 'start' | 'end'>;
}

/** The selection as a selector in code points, or undefined (with a message) when there is none. */
export function selection(deps: CommandDeps, range?: { source: vscode.Uri; start: number; end: number }): Selected | undefined {
  const editor = range
    ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === range.source.toString()) ?? vscode.window.activeTextEditor
    : vscode.window.activeTextEditor;
  if (!editor) {
    void deps.ui.info('Marginalia: select some text in a source document first.');
    return undefined;
  }
  const ref = deps.store.sourceFor(editor.document.uri);
  if (!ref) {
    void deps.ui.warn(`Marginalia: ${vscode.workspace.asRelativePath(editor.document.uri)} is not a source (see the marginalia.sources.include setting).`);
    return undefined;
  }
  const text = editor.document.getText();
  let start = range ? range.start : editor.document.offsetAt(editor.selection.start);
  let end = range ? range.end : editor.document.offsetAt(editor.selection.end);
  // an annotation never starts or ends on white space
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (start === end) {
    void deps.ui.info('Marginalia: select the words to annotate first.');
    return undefined;
  }
  const index = new CodePointIndex(text);
  const sel = selectorFor(new AnchorText(text), index.toCodePoint(start), index.toCodePoint(end));
  return { editor, source: ref.uri, root: ref.root, text, base: sel };
}

/**
 * Options a keybinding or script may pass instead of answering the quick picks, e.g.
 * `{"status": "disputed", "credibility": 4}`. Anything not valid is asked for.
 */
interface ClaimArgs {
  status?: unknown;
  credibility?: unknown;
  note?: unknown;
}


export async function markClaim(deps: CommandDeps, range?: { source: vscode.Uri; start: number; end: number }, args: ClaimArgs = {}): Promise<void> {
  const sel = selection(deps, range);
  if (!sel) return;
  // null: not yet assessed (issue 9, bug 4), as the picker's first choice or `{status: null}`
  const status = isStatus(args.status) || args.status === null ? args.status : await pickStatus(null);
  if (status === undefined) return;
  const credibility = isCredibility(args.credibility) ? args.credibility : args.credibility === null ? null : await pickCredibility();
  if (credibility === undefined) return;
  const note = typeof args.note === 'string' && args.note.trim() ? { note: args.note } : {};
  const annotation: Annotation = { id: newId(), kind: 'claim', ...sel.base, ...(status ? { status } : {}), ...(credibility ? { credibility } : {}), ...note };
  await deps.writer.apply(sel.source, [{ type: 'add', annotation }], `mark “${clip(annotation.quote, 30)}” as claim`);
}

export async function addNote(deps: CommandDeps, args: { note?: unknown } = {}): Promise<void> {
  const sel = selection(deps);
  if (!sel) return;
  // the input box is one line: a typed \n stands for a line break
  const typed = typeof args.note === 'string' ? args.note : (await vscode.window.showInputBox({ title: `Note on “${forPlain(sel.base.quote, 40)}”`, prompt: 'Markdown is kept as text. Use \\n for a new line.', ignoreFocusOut: true }))?.replace(/\\n/g, '\n');
  if (typed === undefined || typed.trim() === '') return;
  const annotation: Annotation = { id: newId(), kind: 'note', ...sel.base, note: typed };
  await deps.writer.apply(sel.source, [{ type: 'add', annotation }], `add note on “${clip(annotation.quote, 30)}”`);
}

const NEW_ENTITY = Symbol('new');

/** Script/keybinding options: `{entity: id}` for an existing entity, or `{name, type}` for a new one; `alias: true` adds the text as an alias. */
interface EntityArgs {
  entity?: unknown;
  name?: unknown;
  type?: unknown;
  alias?: unknown;
  /** With `alias: true`: the alias matches whatever the case. */
  ignoreCase?: unknown;
}

export async function markEntity(deps: CommandDeps, args: EntityArgs = {}): Promise<void> {
  const sel = selection(deps);
  if (!sel) return;
  const quote = sel.base.quote.replace(/\s+/g, ' ');
  const entities = sel.root.corpus.registry?.entities ?? [];
  const given = typeof args.entity === 'string' ? entities.find((e) => e.id === args.entity) : undefined;
  if (typeof args.entity === 'string' && !given) throw new Refusal(`no entity "${clip(args.entity, 60)}" in the registry`);
  if (given || (typeof args.name === 'string' && typeof args.type === 'string')) {
    let entity = given;
    if (!entity) {
      const name = (args.name as string).trim();
      const id = freshEntityId(name, entities);
      entity = { id, name, type: args.type as string, aliases: quote !== name ? [{ text: quote }] : [] };
      await markAs(deps, sel, entity, entity);
    } else await markAs(deps, sel, entity, args.alias === true ? { ...entity, aliases: [{ text: quote, ...(args.ignoreCase === true ? { ignoreCase: true } : {}) }] } : undefined);
    return;
  }
  // the registry read in the worker while the analyst picks: a new entity or alias is added to it (sidecarWriter.ts readRegistryAhead)
  deps.writer.readRegistryAhead(sel.root);
  const items = await inSlices(entityItems(entities, quote));
  const picked = await vscode.window.showQuickPick(items, { title: `Mark “${forPlain(quote, 40)}” as entity`, placeHolder: 'Pick the registry entity this refers to, or create one', matchOnDetail: true });
  if (!picked) return;
  let entity: Entity;
  let registryEdit: Entity | undefined;
  if (picked.entity === NEW_ENTITY) {
    const created = await askNewEntity(quote, sel.root, entities);
    if (!created) return;
    entity = created;
    registryEdit = entity;
  } else {
    entity = picked.entity;
    const known = [entity.name, ...entity.aliases.map((a) => a.text)].some((t) => t.toLowerCase() === quote.toLowerCase());
    if (!known) {
      const choice = await vscode.window.showQuickPick(
        [
          { label: 'This mention only', description: 'an entity annotation here', alias: false },
          { label: `Add “${forLabel(quote, 40)}” as an alias of ${forLabel(entity.name, 60)}`, description: 'found in every source from now on, exactly as written', alias: true },
          { label: `Add “${forLabel(quote, 40)}” as an alias, ignoring case`, description: 'also found in capitals or lower case', alias: true, ignoreCase: true },
        ],
        { title: `“${forPlain(quote, 40)}” is not a known name of ${forPlain(entity.name, 60)}` },
      );
      if (!choice) return;
      if (choice.alias) registryEdit = { ...entity, aliases: [{ text: quote, ...('ignoreCase' in choice ? { ignoreCase: true } : {}) }] };
    }
  }
  await markAs(deps, sel, entity, registryEdit);
}

/**
 * The registry edit (a new entity, a new alias) and the entity annotation, as one change: one
 * Undo takes back both. The registry is written first, so a refused registry leaves no
 * annotation pointing at an entity that is not there.
 */
async function markAs(deps: CommandDeps, sel: Selected, entity: Entity, registryEdit: Entity | undefined): Promise<void> {
  const quote = sel.base.quote.replace(/\s+/g, ' ');
  await deps.writer.change(`mark “${clip(quote, 30)}” as ${entity.name}`, async (write) => {
    if (registryEdit) await write.registry(sel.root, registryEdit);
    await write.sidecar(sel.source, [{ type: 'add', annotation: { id: newId(), kind: 'entity', ...sel.base, entity: entity.id } }]);
  });
}

/**
 * How closely the selected words name an entity: 0 its name or an alias (any case), 1 a part of
 * its name or of an alias (whole words), undefined not at all.
 */
type EntityItem = vscode.QuickPickItem & { entity: Entity | typeof NEW_ENTITY };

/**
 * Mark Entity's list: an entity the selection names (an alias, or part of its name) first,
 * before "New entity…": the analyst selected a known name far more often than a new one (issue
 * 9, bug 10); then the rest in registry order. Made in slices (issue 15: 5,000 entities' labels
 * and names took 20–45 ms in one task).
 */
function* entityItems(entities: readonly Entity[], quote: string): Sliced<EntityItem[]> {
  // registry names and aliases are file text: quick picks draw `$(icon)` in all three fields
  const itemOf = (e: Entity) => ({ label: forLabel(e.name), description: forLabel(e.type), detail: forLabel(e.aliases.map((a) => a.text).join(', ')) || undefined, entity: e });
  const named: { e: Entity; rank: number }[] = [];
  const rest: Entity[] = [];
  for (let i = 0; i < entities.length; i++) {
    const rank = namesEntity(quote, entities[i]);
    if (rank !== undefined) named.push({ e: entities[i], rank });
    else rest.push(entities[i]);
    if (i % 256 === 255) yield;
  }
  named.sort((a, b) => a.rank - b.rank); // stable: registry order within a rank
  const items: EntityItem[] = [...named.map(({ e }) => ({ ...itemOf(e), alwaysShow: true })), { label: `$(add) New entity “${forLabel(quote, 40)}”…`, alwaysShow: true, entity: NEW_ENTITY }];
  for (let i = 0; i < rest.length; i++) {
    items.push(itemOf(rest[i]));
    if (i % 256 === 255) yield;
  }
  return items;
}

export function namesEntity(quote: string, e: Entity): number | undefined {
  const q = quote.toLowerCase();
  const names = [e.name, ...e.aliases.map((a) => a.text)].map((n) => n.toLowerCase());
  if (names.includes(q)) return 0;
  const words = (t: string) => ` ${t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const wq = words(q);
  if (wq.trim() && names.some((n) => words(n).includes(wq))) return 1;
  return undefined;
}

async function askNewEntity(quote: string, root: CorpusRoot, existing: readonly Entity[]): Promise<Entity | undefined> {
  const name = await vscode.window.showInputBox({ title: 'New entity: canonical name', value: quote, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'A name is needed') });
  if (!name) return undefined;
  const types = root.corpus.registry?.entityTypes ?? ['person', 'organization', 'place', 'event', 'other'];
  const picked = await vscode.window.showQuickPick(types.map((t) => ({ label: forLabel(t), type: t })), { title: `New entity “${forPlain(name, 60)}”: type` });
  if (!picked) return undefined;
  const type = picked.type;
  return { id: freshEntityId(name, existing), name: name.trim(), type, aliases: quote !== name.trim() ? [{ text: quote }] : [] };
}

/** The Quick Fix on a claim-cue diagnostic: `{source, start, end}` in UTF-16 offsets. */
export async function markCueAsClaim(deps: CommandDeps, arg: unknown): Promise<void> {
  const o = arg as { source?: unknown; start?: unknown; end?: unknown } | undefined;
  if (!o || typeof o.source !== 'string' || !Number.isInteger(o.start) || !Number.isInteger(o.end)) return;
  const source = vscode.Uri.parse(o.source, true);
  if (!deps.store.sourceFor(source)) return;
  const doc = await vscode.workspace.openTextDocument(source);
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false });
  editor.selection = new vscode.Selection(doc.positionAt(o.start as number), doc.positionAt(o.end as number));
  await markClaim(deps, { source, start: o.start as number, end: o.end as number });
}

const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !(v instanceof vscode.Uri) ? (v as Record<string, unknown>) : {});

export const annotateCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [
  [Commands.markClaim, (arg) => markClaim(deps, undefined, asObject(arg))],
  [Commands.markEntity, (arg) => markEntity(deps, asObject(arg))],
  [Commands.addNote, (arg) => addNote(deps, asObject(arg))],
  [Commands.markCueAsClaim, (arg) => markCueAsClaim(deps, arg)],
];
