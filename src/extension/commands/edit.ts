// Changing existing annotations: note, status, links, delete, re-attach an orphan. The write
// path records who made each change and when (`updated`, `updatedBy`, `history`), so these
// commands say only what changes.
import * as vscode from 'vscode';
import { LINK_RELS, type ClaimStatus, type Link, type LinkRel } from '../../core/types';
import { linkTargetFor } from '../../core/format';
import { Commands } from '../ids';
import type { CommandDeps } from './deps';
import { selection } from './annotate';
import { isCredibility, isStatus, pickCredibility, pickStatus } from './pickers';
import { forLabel, forPlain } from '../../core/text/untrusted';
import { clip, refFromArg, resolveTarget } from './targets';
import { inSlices } from './longWork';
import type { Corpus } from '../../core/corpus';
import type { ClaimRef } from '../../core/sourceEntry';
import type { Sliced } from '../../core/slices';

async function editNote(deps: CommandDeps, arg: unknown): Promise<void> {
  const t = await resolveTarget(deps, arg, { verb: 'edit the note of' });
  if (!t) return;
  const given = (arg as { note?: unknown } | undefined)?.note;
  const note = typeof given === 'string' ? given : (await vscode.window.showInputBox({
    title: `Note on “${forPlain(t.annotation.quote, 40)}”`,
    value: (t.annotation.note ?? '').replace(/\n/g, '\\n'),
    prompt: 'Empty removes the note. Use \\n for a new line.',
    ignoreFocusOut: true,
  }))?.replace(/\\n/g, '\n');
  if (note === undefined) return;
  const value = note.trim() === '' ? null : note;
  await deps.writer.apply(t.ref.uri, [{ type: 'update', id: t.annotation.id, set: { note: value} }], `edit note on “${clip(t.annotation.quote, 30)}”`);
}

async function changeStatus(deps: CommandDeps, arg: unknown): Promise<void> {
  const t = await resolveTarget(deps, arg, { kinds: ['claim'], verb: 'change the status of' });
  if (!t) return;
  const given = (arg ?? {}) as { status?: unknown; credibility?: unknown };
  // null: not yet assessed, the status is removed (issue 9, bug 4)
  const chosen = isStatus(given.status) || given.status === null;
  const status = chosen ? (given.status as ClaimStatus | null) : await pickStatus(t.annotation.status ?? null);
  if (status === undefined) return;
  const credibility = chosen ? (isCredibility(given.credibility) ? given.credibility : t.annotation.credibility ?? null) : await pickCredibility(t.annotation.credibility);
  if (credibility === undefined) return;
  await deps.writer.apply(
    t.ref.uri,
    [{ type: 'update', id: t.annotation.id, set: { status, credibility } }],
    `mark “${clip(t.annotation.quote, 30)}” ${status ?? 'not yet assessed'}`,
  );
}

async function linkClaim(deps: CommandDeps, arg: unknown): Promise<void> {
  const t = await resolveTarget(deps, arg, { kinds: ['claim'], verb: 'link' });
  if (!t) return;
  // every other claim of the corpus, in slices (issue 15: 12,000 claims and their labels held the host ~150 ms)
  const items = await inSlices(claimItems(t.ref.root.corpus, t.ref.rel, t.annotation.id));
  const others = items.map((i) => i.claim);
  if (others.length === 0) {
    void deps.ui.info('Marginalia: there is no other claim in this corpus to link to.');
    return;
  }
  const given = (arg ?? {}) as { rel?: unknown; target?: unknown };
  const wanted = refFromArg(given.target);
  const wantedRef = wanted && deps.store.sourceFor(wanted.source);
  const preset = wantedRef && others.find((c) => c.source === wantedRef.rel && c.annotation.id === wanted.id);
  const target = preset ? { claim: preset } : await vscode.window.showQuickPick(items, { title: `Link “${forPlain(t.annotation.quote, 40)}” to…`, matchOnDescription: true });
  if (!target) return;
  const rel = typeof given.rel === 'string' && (LINK_RELS as readonly string[]).includes(given.rel) ? { rel: given.rel as LinkRel } : await vscode.window.showQuickPick(
    LINK_RELS.map((r) => ({ label: r, description: RELS[r], rel: r })),
    { title: `“${forPlain(t.annotation.quote, 30)}” … “${forPlain(target.claim.annotation.quote, 30)}”` },
  );
  if (!rel) return;
  const link: Link = { rel: rel.rel, to: linkTargetFor(t.ref.rel, target.claim.source, target.claim.annotation.id) };
  const links = [...(t.annotation.links ?? []).filter((l) => l.to !== link.to), link];
  await deps.writer.apply(t.ref.uri, [{ type: 'update', id: t.annotation.id, set: { links} }], `link claim (${rel.rel})`);
}

/** The picker's items: every claim of the corpus but one, labelled as file text is (forLabel). */
function* claimItems(corpus: Corpus, rel: string, id: string): Sliced<(vscode.QuickPickItem & { claim: ClaimRef })[]> {
  const out: (vscode.QuickPickItem & { claim: ClaimRef })[] = [];
  const claims = yield* corpus.claimsSliced();
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i];
    if (!(c.source === rel && c.annotation.id === id)) out.push({ label: forLabel(c.annotation.quote, 70), description: forLabel(`${c.status} · ${c.source}`), claim: c });
    if (i % 256 === 255) yield;
  }
  return out;
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
  void deps.ui.info(`Marginalia: deleted ${t.annotation.kind} “${clip(t.annotation.quote, 40)}”.`, 'Undo').then((choice) => {
    if (choice === 'Undo') void vscode.commands.executeCommand(Commands.undo);
  });
}

async function reattach(deps: CommandDeps, arg: unknown): Promise<void> {
  const sel = selection(deps);
  if (!sel) return;
  const t = await resolveTarget(deps, arg, { orphansOnly: !arg, verb: 're-attach' });
  if (!t) return;
  if (t.ref.uri.toString() !== sel.source.toString()) {
    void deps.ui.warn('Marginalia: select the text in the annotation’s own source to re-attach it.');
    return;
  }
  await deps.writer.apply(t.ref.uri, [{ type: 'update', id: t.annotation.id, set: { ...sel.base} }], `re-attach “${clip(t.annotation.quote, 30)}”`);
}

export const editCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [
  [Commands.editNote, (arg) => editNote(deps, arg)],
  [Commands.changeStatus, (arg) => changeStatus(deps, arg)],
  [Commands.linkClaim, (arg) => linkClaim(deps, arg)],
  [Commands.deleteAnnotation, (arg) => deleteAnnotation(deps, arg)],
  [Commands.reattach, (arg) => reattach(deps, arg)],
];
