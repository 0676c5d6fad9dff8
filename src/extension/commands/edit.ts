// Changing existing annotations: note, status, links, delete, re-attach an orphan.
import * as vscode from 'vscode';
import { LINK_RELS, type Link, type LinkRel } from '../../core/types';
import { linkTargetFor } from '../../core/format';
import { Commands } from '../ids';
import type { CommandDeps } from './deps';
import { selection } from './annotate';
import { pickCredibility, pickStatus } from './pickers';
import { clip, resolveTarget } from './targets';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

async function editNote(deps: CommandDeps, arg: unknown): Promise<void> {
  const t = await resolveTarget(deps, arg, { verb: 'edit the note of' });
  if (!t) return;
  const note = await vscode.window.showInputBox({
    title: `Note on “${clip(t.annotation.quote, 40)}”`,
    value: (t.annotation.note ?? '').replace(/\n/g, '\\n'),
    prompt: 'Empty removes the note. Use \\n for a new line.',
    ignoreFocusOut: true,
  });
  if (note === undefined) return;
  const value = note.trim() === '' ? null : note.replace(/\\n/g, '\n');
  await deps.writer.apply(t.ref.uri, [{ type: 'update', id: t.annotation.id, set: { note: value, updated: now() } }], `edit note on “${clip(t.annotation.quote, 30)}”`);
}

async function changeStatus(deps: CommandDeps, arg: unknown): Promise<void> {
  const t = await resolveTarget(deps, arg, { kinds: ['claim'], verb: 'change the status of' });
  if (!t) return;
  const status = await pickStatus(t.annotation.status);
  if (!status) return;
  const credibility = await pickCredibility(t.annotation.credibility);
  if (credibility === undefined) return;
  await deps.writer.apply(
    t.ref.uri,
    [{ type: 'update', id: t.annotation.id, set: { status, credibility, updated: now() } }],
    `mark “${clip(t.annotation.quote, 30)}” ${status}`,
  );
}

async function linkClaim(deps: CommandDeps, arg: unknown): Promise<void> {
  const t = await resolveTarget(deps, arg, { kinds: ['claim'], verb: 'link' });
  if (!t) return;
  const others = t.ref.root.corpus.claims().filter((c) => !(c.source === t.ref.rel && c.annotation.id === t.annotation.id));
  if (others.length === 0) {
    void vscode.window.showInformationMessage('Marginalia: there is no other claim in this corpus to link to.');
    return;
  }
  const target = await vscode.window.showQuickPick(
    others.map((c) => ({ label: clip(c.annotation.quote), description: `${c.status} · ${c.source}`, claim: c })),
    { title: `Link “${clip(t.annotation.quote, 40)}” to…`, matchOnDescription: true },
  );
  if (!target) return;
  const rel = await vscode.window.showQuickPick(
    LINK_RELS.map((r) => ({ label: r, description: RELS[r], rel: r })),
    { title: `“${clip(t.annotation.quote, 30)}” … “${clip(target.claim.annotation.quote, 30)}”` },
  );
  if (!rel) return;
  const link: Link = { rel: rel.rel, to: linkTargetFor(t.ref.rel, target.claim.source, target.claim.annotation.id) };
  const links = [...(t.annotation.links ?? []).filter((l) => l.to !== link.to), link];
  await deps.writer.apply(t.ref.uri, [{ type: 'update', id: t.annotation.id, set: { links, updated: now() } }], `link claim (${rel.rel})`);
}

const RELS: Record<LinkRel, string> = {
  supports: 'this claim is evidence for the other',
  contradicts: 'the two cannot both be true',
  'same-as': 'the same claim, reported elsewhere',
  'see-also': 'related',
};

async function deleteAnnotation(deps: CommandDeps, arg: unknown): Promise<void> {
  const t = await resolveTarget(deps, arg, { verb: 'delete' });
  if (!t) return;
  const label = `delete ${t.annotation.kind} “${clip(t.annotation.quote, 30)}”`;
  await deps.writer.apply(t.ref.uri, [{ type: 'delete', id: t.annotation.id }], label);
  // no confirmation dialog: the change can be undone, and the message offers it
  void vscode.window.showInformationMessage(`Marginalia: deleted ${t.annotation.kind} “${clip(t.annotation.quote, 40)}”.`, 'Undo').then((choice) => {
    if (choice === 'Undo') void vscode.commands.executeCommand(Commands.undo);
  });
}

async function reattach(deps: CommandDeps, arg: unknown): Promise<void> {
  const sel = selection(deps);
  if (!sel) return;
  const t = await resolveTarget(deps, arg, { orphansOnly: !arg, verb: 're-attach' });
  if (!t) return;
  if (t.ref.uri.toString() !== sel.source.toString()) {
    void vscode.window.showWarningMessage('Marginalia: select the text in the annotation’s own source to re-attach it.');
    return;
  }
  await deps.writer.apply(t.ref.uri, [{ type: 'update', id: t.annotation.id, set: { ...sel.base, updated: now() } }], `re-attach “${clip(t.annotation.quote, 30)}”`);
}

export const editCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [
  [Commands.editNote, (arg) => editNote(deps, arg)],
  [Commands.changeStatus, (arg) => changeStatus(deps, arg)],
  [Commands.linkClaim, (arg) => linkClaim(deps, arg)],
  [Commands.deleteAnnotation, (arg) => deleteAnnotation(deps, arg)],
  [Commands.reattach, (arg) => reattach(deps, arg)],
];
