// The one write path of the extension (issue 9). Every write — an annotation change, an entity
// or alias added to marginalia.yaml, a merge conflict settled, a file rebuilt from git's
// conflict markers, a new workspace file, a sidecar re-linked to its renamed source — goes
// through `change()`, which runs each write through guardedEdit (read now → refuse if refused
// or unparseable → compute from what is on disk → compare-and-swap, retried), records who made
// an analyst change (`author`, `updatedBy`, `history`) and puts everything one command wrote on
// one Undo entry. Refusals are SidecarErrors naming the file, line and column; the command
// layer shows them as one message, never a thrown error.
//
// An annotation change's new sidecar text (the careful parse, the operations, the
// serialization keeping comments: over half a second for a 300-annotation sidecar) is computed
// in the worker thread (issue 15: no extension-host pause over 50 ms), from the text read on
// the host inside the loop; the read, the refusals, the compare-and-swap and the write stay
// here, so the rules of the loop are unchanged.
import * as vscode from 'vscode';
import { parseSidecar, serializeSidecar, sidecarPathFor, sourcePathFor, WORKSPACE_FILE } from '../../core/format';
import { sidecarOf } from '../../core/format/written-errors';
import { listConflicts, mergeKindOf, resolveTextChecked, type Pick } from '../../core/merge';
import type { Actor, Op } from '../../core/ops';
import { applySidecarDelta } from '../../core/live/sidecarDelta';
import { heldCleanRead } from '../../core/sourceEntry';
import { sameValue } from '../../core/review/history';
import type { Entity, Sidecar } from '../../core/types';
import { forMessage } from '../../core/text/untrusted';
import { ContextKeys } from '../ids';
import type { Author } from './author';
import type { CorpusRoot, CorpusStore, SourceRef } from './corpusStore';
import { deleteFile, exists, writeNewTextAtomic } from './files';
import { guardedEdit, guardedEditBytes, nameOf, readForWrite, refuseUnwritable, type BeforeWrite, type Compute } from './guardedEdit';
import { inverseOps } from './inverseOps';
import { UndoStack, type UndoStep } from './undoStack';
import { SidecarError } from './writeErrors';
import type { WorkClient } from '../worker/workClient';
import type { Refusal } from '../../core/worker/protocol';

export { SidecarError } from './writeErrors';

const MAX_ATTEMPTS = 5;
/** How many of Undo's notes on one registry edit are said (an import's thousands are counted). */
const NOTES_SHOWN = 5;

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The writes one command makes, all on one Undo entry. */
export interface Change {
  /** An analyst's change to a source's sidecar (created when absent), credited to the author. */
  sidecar(source: vscode.Uri, ops: Op[]): Promise<void>;
  /**
   * Adds an entity, or aliases of an existing one, to the corpus registry (created when the
   * corpus has none); several (an import's) in one edit of the file, one read of it after.
   */
  registry(root: CorpusRoot, entity: Entity | readonly Entity[]): Promise<void>;
  /** Rebuilds a file from its conflict markers: `rebuild` gets the text on disk now. */
  rebuild(uri: vscode.Uri, rebuild: (current: string) => Promise<string | undefined>): Promise<string | undefined>;
  /** Settles merge conflicts with the values picked, as long as each conflict is still the one picked from. */
  settle(uri: vscode.Uri, picked: readonly PickedValue[]): Promise<void>;
  /** Creates the corpus registry when there is none. */
  createRegistry(uri: vscode.Uri, text: string): Promise<void>;
  /**
   * A whole sidecar as an import makes it from the text on disk now (null: there is none, and
   * it is created); `compute` returns undefined to leave it alone. Undo restores or removes it.
   */
  imported(uri: vscode.Uri, compute: (current: string | null) => string | undefined): Promise<boolean>;
}

/** A pick and the conflict it was picked from (so a conflict changed meanwhile is not settled blindly). */
export interface PickedValue {
  pick: Pick;
  values: readonly unknown[];
}

/** What Undo did: the command's label, and what it left in place and why. */
export interface Undone {
  label: string;
  notes: string[];
}

export class SidecarWriter implements vscode.Disposable {
  private readonly undoStack = new UndoStack();
  /** Test seam: runs after the read and before the write, to interleave an outside writer. */
  beforeWrite: BeforeWrite | undefined;
  /** Writes whose read the store took as the change from the one it held (sidecarDelta.ts; for tests). */
  readsAsChange = 0;

  constructor(
    private readonly store: CorpusStore,
    private readonly author: Author,
    private readonly work: WorkClient,
  ) {}

  /** Runs one command's writes; whatever of them was written goes on the undo stack, even if a later one is refused. */
  async change<T>(label: string, body: (change: Change) => Promise<T>): Promise<T> {
    const steps: UndoStep[] = [];
    const change: Change = {
      sidecar: async (source, ops) => {
        const ref = this.sourceRef(source);
        const inverse = await this.writeSidecar(ref, ops, { by: await this.author.name(source), at: nowIso() });
        if (inverse.length) steps.push({ kind: 'ops', source: ref.uri, ops: inverse });
      },
      registry: async (root, entity) => {
        const added = await this.addToRegistry(root, Array.isArray(entity) ? entity : [entity as Entity]);
        if (added) steps.push(added);
      },
      rebuild: async (uri, rebuild) => {
        const written = await this.edit(uri, false, async (current) => {
          const text = current === null ? undefined : await rebuild(current);
          return text === undefined ? undefined : { text, result: undefined };
        });
        if (!written) return undefined;
        steps.push({ kind: 'text', uri, root: this.rootOf(uri), before: written.before, after: written.after });
        return written.after;
      },
      settle: async (uri, picked) => {
        const step = await this.settle(uri, picked);
        if (step) steps.push(step);
      },
      imported: async (uri, compute) => {
        const written = await this.edit(uri, true, (current) => {
          const text = compute(current);
          return text === undefined ? undefined : { text, result: undefined };
        });
        if (!written) return false;
        steps.push({ kind: 'text', uri, root: this.rootOf(uri), before: written.before, after: written.after });
        return true;
      },
      createRegistry: async (uri, text) => {
        const written = await this.edit(uri, true, (current) => (current === null ? { text, result: undefined } : undefined));
        if (written) steps.push({ kind: 'text', uri, root: this.rootOf(uri), before: null, after: written.after });
      },
    };
    try {
      return await body(change);
    } finally {
      this.undoStack.push({ label, steps });
      void vscode.commands.executeCommand('setContext', ContextKeys.canUndo, this.undoStack.size > 0);
    }
  }

  /** One analyst change to a source's sidecar, on its own Undo entry. */
  apply(source: vscode.Uri, ops: Op[], label: string): Promise<void> {
    return this.change(label, (c) => c.sidecar(source, ops));
  }

  /**
   * Bookkeeping that is not the analyst's change (offsets brought up to date on save): written
   * the same careful way, credited to nobody and not put on the undo stack.
   */
  async applyQuietly(source: vscode.Uri, ops: Op[]): Promise<void> {
    await this.writeSidecar(this.sourceRef(source), ops);
  }

  /** Undoes the last command's writes, last first; undefined when there is nothing to undo. */
  async undo(): Promise<Undone | undefined> {
    const entry = this.undoStack.pop();
    void vscode.commands.executeCommand('setContext', ContextKeys.canUndo, this.undoStack.size > 0);
    if (!entry) return undefined;
    const notes: string[] = [];
    for (const step of [...entry.steps].reverse()) {
      const note = await this.undoStep(step);
      if (note) notes.push(note);
    }
    return { label: entry.label, notes };
  }

  private async undoStep(step: UndoStep): Promise<string | undefined> {
    switch (step.kind) {
      case 'ops':
        await this.writeSidecar(this.sourceRef(step.source), step.ops);
        return undefined;
      case 'registry': {
        let note: string | undefined;
        await this.edit(step.uri, false, async (current) => {
          // untouched since: the bytes as they were (a file this change created keeps its header)
          if (current === step.after && step.before !== null) return { text: step.before, result: undefined };
          // in the worker, as the addition was
          const r = await this.work.removeFromRegistry(current, step.uri.fsPath, step.added, this.store.registryKeepFor());
          if (r.kind === 'refused') throw new SidecarError(`${nameOf(step.uri)} ${forMessage(r.message)}`, step.uri, r.line, r.column);
          note = r.notes.length ? r.notes.slice(0, NOTES_SHOWN).join('; ') + (r.notes.length > NOTES_SHOWN ? `; and ${r.notes.length - NOTES_SHOWN} more` : '') : undefined;
          if (r.text !== undefined && r.parsed) this.store.registryWritten(step.uri, r.text, r.parsed);
          return r.text === undefined ? undefined : { text: r.text, result: undefined };
        }).catch((e: unknown) => {
          if (e instanceof SidecarError && /deleted|does not exist/.test(e.message)) note = `${nameOf(step.uri)} is gone; nothing to take back there`;
          else throw e;
        });
        await this.store.refresh(step.uri);
        return note && `${nameOf(step.uri)}: ${note}`;
      }
      case 'text': {
        const current = await readForWrite(step.root, step.uri);
        if (current !== step.after) return `${nameOf(step.uri)} changed since; it was left as it is`;
        if (step.before === null) {
          await refuseUnwritable(step.root, step.uri);
          await deleteFile(step.uri);
        } else {
          const written = await this.edit(step.uri, false, (now) => (now === step.after ? { text: step.before!, result: undefined } : undefined));
          if (!written) return `${nameOf(step.uri)} changed since; it was left as it is`;
        }
        await this.afterWrite(step.uri, step.before);
        return undefined;
      }
    }
  }

  /** Applies ops to the sidecar on disk now; returns the inverse ops. */
  private async writeSidecar(ref: SourceRef, ops: Op[], actor?: Actor): Promise<Op[]> {
    const uri = ref.sidecarUri;
    const stamped = actor ? ops.map((op) => (op.type === 'add' ? { ...op, annotation: { author: actor.by, created: actor.at, updated: actor.at, ...op.annotation } } : op)) : ops;
    // the clean read the store holds, and of which text: the worker may answer with the change from it
    const held = heldCleanRead(ref.entry);
    // the corpus keeps the text of an open source's sidecar; a closed one's it does not need
    const withText = ref.root.corpus.keeps(ref.rel);
    // the file's bytes to the worker and the new text's bytes from it: a large sidecar is
    // neither decoded nor encoded on the host's thread (guardedEdit.ts guardedEditBytes)
    const written = await guardedEditBytes(
      { uri, root: ref.root.uri, create: true },
      async (current) => {
        const r = await this.work.applyOpsToBytes(current, uri.fsPath, this.emptySidecar(ref), stamped, withText, actor, held && { sidecarLength: held.sidecarLength, sidecarHash: held.sidecarHash });
        if (r.kind === 'refused') throw refusal(uri, r);
        return { text: r.bytes, result: r };
      },
      this,
    );
    if (!written) return [];
    // the worker's fast read of the text it made and was written (the same reader's): not parsed again here
    const { delta, read, sidecarHash, text, length } = written.result;
    if (delta && held) this.readsAsChange++;
    await this.store.setSidecarText(ref.uri, text ?? { bytes: written.result.bytes, length }, delta && held ? applySidecarDelta(held.sidecar, delta) : read, sidecarHash);
    return written.result.inverse;
  }

  /**
   * The registry of `root` read as an edit reads it, and handed to the worker to read its entity
   * list, while the user chooses what to add (Mark Entity's pick): the addition, of that same
   * text, starts from that list (addToRegistry; core/format/registryAppend.ts readAhead). Nothing
   * is written; a registry that cannot be read is the edit's to report, if one comes.
   */
  readRegistryAhead(root: CorpusRoot): void {
    const uri = root.registryUri;
    void readForWrite(this.rootOf(uri), uri).then(
      (text) => text !== null && this.work.readRegistryAhead(text),
      () => undefined,
    );
  }

  private async addToRegistry(root: CorpusRoot, entities: readonly Entity[]): Promise<UndoStep | undefined> {
    const uri = root.registryUri;
    // parsed, edited and printed in the worker (a registry of 5,000 entities held the host for most of a second)
    const written = await this.edit(uri, true, async (current) => {
      const r = await this.work.addToRegistry(current, uri.fsPath, entities, this.store.registryKeepFor());
      if (r.kind === 'refused') throw new SidecarError(`${nameOf(uri)} ${forMessage(r.message)}`, uri, r.line, r.column);
      if (r.text === current) return undefined;
      // parsed where it was made: the store's read of it after the write takes that parse
      if (r.parsed) this.store.registryWritten(uri, r.text, r.parsed);
      return { text: r.text, result: r.added };
    });
    await this.store.refresh(uri);
    return written?.result.length ? { kind: 'registry', uri, root: root.uri, added: written.result, before: written.before, after: written.after } : undefined;
  }

  private async settle(uri: vscode.Uri, picked: readonly PickedValue[]): Promise<UndoStep | undefined> {
    const kind = mergeKindOf(uri.path);
    const written = await this.edit(uri, false, (current) => {
      if (current === null) return undefined;
      const now = listConflicts(kind, current, uri.fsPath);
      for (const p of picked) {
        const c = now.find((x) => x.id === p.pick.id && x.conflict.field === p.pick.field);
        const same = c && c.conflict.values.length === p.values.length && c.conflict.values.every((v, i) => sameValue(v, p.values[i]));
        if (!same) throw new SidecarError(`${nameOf(uri)}: the conflict on \`${forMessage(p.pick.field)}\`${p.pick.id ? ` of ${forMessage(p.pick.id)}` : ''} changed meanwhile and was left unresolved; run Resolve again`, uri);
      }
      const r = resolveTextChecked(kind, current, uri.fsPath, picked.map((p) => p.pick));
      if (r.text === null) {
        const e = r.problems[0];
        throw new SidecarError(`${nameOf(uri)} was left untouched: the result would not be valid${e ? ` (line ${e.line}, column ${e.column}: ${forMessage(e.message)})` : ''}`, uri, e?.line, e?.column);
      }
      return { text: r.text, result: undefined };
    });
    if (!written) return undefined;
    if (kind === 'sidecar' && written.before !== null) {
      // no Document needed: the writer's shape read directly (a large sidecar's careful parse held the host for seconds)
      const before = sidecarOf(written.before, uri.fsPath);
      const after = sidecarOf(written.after, uri.fsPath);
      // undone as operations: what else is written to the file before the Undo stays
      if (before && after) return { kind: 'ops', source: uri.with({ path: sourcePathFor(uri.path) }), ops: inverseOps(before.annotations, after.annotations) };
    }
    return { kind: 'text', uri, root: this.rootOf(uri), before: written.before, after: written.after };
  }

  /** A whole-file edit through the loop, keeping the store in step. */
  private async edit<R>(uri: vscode.Uri, create: boolean, compute: Compute<R>) {
    const written = await guardedEdit({ uri, root: this.rootOf(uri), create }, compute, this);
    if (written) await this.afterWrite(uri, written.after);
    return written;
  }

  private async afterWrite(uri: vscode.Uri, text: string | null): Promise<void> {
    const ref = this.sidecarOwner(uri);
    if (ref && text !== null) await this.store.setSidecarText(ref.uri, text);
    else await this.store.refresh(uri);
  }

  /**
   * Moves a sidecar whose source is gone (`missing`) to `target`'s sidecar name and sets its
   * `source:` to that file. Refuses when the target already has a sidecar, and never overwrites
   * one that appears meanwhile; comments and unknown fields are kept.
   */
  async relink(missing: SourceRef, target: SourceRef): Promise<void> {
    const from = missing.sidecarUri;
    const to = target.uri.with({ path: sidecarPathFor(target.uri.path) });
    if (target.root !== missing.root) throw new SidecarError(`${nameOf(target.uri)} is in another corpus than ${nameOf(from)}`, from);
    if (!target.entry) throw new SidecarError(`${nameOf(target.uri)} is not a Marginalia source`, from);
    if (await exists(to)) throw new SidecarError(`${nameOf(target.uri)} already has a sidecar (${nameOf(to)}); Marginalia does not overwrite it`, to);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await readForWrite(missing.root.uri, from);
      if (before === null) throw new SidecarError(`${nameOf(from)} is gone`, from);
      const parsed = this.parseWritable(before, from);
      const out = serializeSidecar({ ...parsed.sidecar, source: target.uri.path.slice(target.uri.path.lastIndexOf('/') + 1) }, parsed.doc);
      await this.beforeWrite?.(from);
      if ((await readForWrite(missing.root.uri, from)) !== before) continue;
      await refuseUnwritable(target.root.uri, to);
      await refuseUnwritable(missing.root.uri, from);
      try {
        await writeNewTextAtomic(to, out);
      } catch (e) {
        if (await exists(to)) throw new SidecarError(`${nameOf(to)} appeared meanwhile; Marginalia does not overwrite it`, to);
        throw e;
      }
      await deleteFile(from);
      await this.store.setSidecarText(target.uri, out);
      await this.store.refresh(missing.uri);
      return;
    }
    throw new SidecarError(`${nameOf(from)} kept changing while Marginalia tried to move it; try again`, from);
  }

  private sourceRef(source: vscode.Uri): SourceRef {
    const ref = this.store.sourceFor(source);
    if (!ref) throw new SidecarError(`${nameOf(source)} is not a Marginalia source (check marginalia.sources.include)`, source);
    return ref;
  }

  /** The source whose sidecar `uri` is, when it is one. */
  private sidecarOwner(uri: vscode.Uri): SourceRef | undefined {
    if (uri.path.endsWith('/' + WORKSPACE_FILE)) return undefined;
    const ref = this.store.sourceFor(uri.with({ path: sourcePathFor(uri.path) }));
    return ref && ref.sidecarUri.toString() === uri.toString() ? ref : undefined;
  }

  /** The corpus root a file must stay inside: its registry's folder, its source's corpus, else its workspace folder. */
  private rootOf(uri: vscode.Uri): vscode.Uri {
    const registryOf = this.store.allRoots().find((r) => r.registryUri.toString() === uri.toString());
    if (registryOf) return registryOf.uri;
    const owner = this.sidecarOwner(uri);
    if (owner) return owner.root.uri;
    return vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..');
  }

  private emptySidecar(ref: SourceRef): Sidecar {
    return { marginalia: 1, source: ref.uri.path.slice(ref.uri.path.lastIndexOf('/') + 1), annotations: [] };
  }

  /** Used by relink; an annotation change is computed in the worker (writeSidecar), refused with the same messages. */
  private parseWritable(text: string, uri: vscode.Uri): { sidecar: Sidecar; doc: ReturnType<typeof parseSidecar>['doc'] } {
    let parsed: ReturnType<typeof parseSidecar>;
    try {
      parsed = parseSidecar(text, uri.fsPath);
    } catch (e) {
      throw refusal(uri, { why: 'unreadable', message: e instanceof Error ? e.message : String(e) });
    }
    if (!parsed.writable || !parsed.sidecar) {
      const e = parsed.problems.find((p) => p.severity === 'error');
      throw refusal(uri, { why: 'invalid', message: e?.message ?? '', line: e?.line, column: e?.column });
    }
    return { sidecar: parsed.sidecar, doc: parsed.doc };
  }

  dispose(): void {
    this.undoStack.clear();
  }
}

/** A refused write (from the worker's answer or parseWritable) as one located, inert message. */
function refusal(uri: vscode.Uri, r: { why: Refusal; message: string; line?: number; column?: number }): SidecarError {
  switch (r.why) {
    case 'encoding':
      // as the guarded read refuses it (guardedEdit.ts)
      return new SidecarError(`${nameOf(uri)} was left untouched: ${forMessage(r.message)}`, uri, r.line, r.column);
    case 'unreadable':
      return new SidecarError(`${nameOf(uri)} cannot be read and was left untouched (${forMessage(r.message)})`, uri);
    case 'invalid':
      return new SidecarError(`${nameOf(uri)} has errors and was left untouched: ${r.line !== undefined ? `line ${r.line}, column ${r.column}: ${forMessage(r.message)}` : 'cannot be read'}`, uri, r.line, r.column);
    case 'op':
      return new SidecarError(`${nameOf(uri)} was left untouched: ${forMessage(r.message)}`, uri);
  }
}
