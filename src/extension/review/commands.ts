// The review loop's commands (issue 11): Approve, Reject, Request Changes, Reply, Open Review
// Thread, Add Tag…, Remove Tag…. Each reaches one annotation from any surface (args.ts), then
// writes through the one guarded write path (`writer.apply`), which credits the change, records
// the history and puts it on the Undo stack. A verdict and a reply carry the reviewer's name as
// the write path knows it (`marginalia.author`, else `git config user.name`).
import * as vscode from 'vscode';
import { replyOp, reviewOp, REVIEW_LABEL, tagOp } from '../../core/review/loop';
import { forLabel, forPlain } from '../../core/text/untrusted';
import type { ReviewState } from '../../core/types';
import type { CommandDeps } from '../commands/deps';
import { clip, resolveTarget, type Target } from '../commands/targets';
import { Commands } from '../ids';
import { reviewArgs, type ReviewArgs } from './args';
import type { ReviewThreads } from './threads';

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

async function target(deps: CommandDeps, a: ReviewArgs, verb: string, claimsOnly = false): Promise<Target | undefined> {
  return resolveTarget(deps, a.target ?? undefined, { verb, ...(claimsOnly ? { kinds: ['claim' as const] } : {}) });
}

async function actor(deps: CommandDeps, source: vscode.Uri) {
  return { by: await deps.author.name(source), at: nowIso() };
}

async function verdict(deps: CommandDeps, threads: ReviewThreads, arg: unknown, state: ReviewState): Promise<void> {
  const a = reviewArgs(arg, threads);
  const t = await target(deps, a, `mark ${REVIEW_LABEL[state]}`);
  if (!t) return;
  // a request for changes says what to change: the text typed in the thread, else asked for
  let text = a.text;
  if (state === 'changes-requested' && text === undefined && !a.target) {
    text = await vscode.window.showInputBox({ title: `Request changes to “${forPlain(t.annotation.quote, 40)}”`, prompt: 'What should change? (optional, added as a reply)', ignoreFocusOut: true });
    if (text === undefined) return;
  }
  const who = await actor(deps, t.ref.uri);
  const reply = text !== undefined ? replyOp(t.annotation, text, who) : null;
  const ops = [...(reply ? [reply] : []), reviewOp(t.annotation.id, state, who)];
  await deps.writer.apply(t.ref.uri, ops, `${REVIEW_LABEL[state]}: “${clip(t.annotation.quote, 30)}”`);
  revealThread(threads, t);
}

function revealThread(threads: ReviewThreads, t: Target): void {
  const thread = threads.threadOf(t.ref.uri, t.annotation.id);
  if (thread) thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
}

async function reply(deps: CommandDeps, threads: ReviewThreads, arg: unknown): Promise<void> {
  const a = reviewArgs(arg, threads);
  const t = await target(deps, a, 'reply to');
  if (!t) return;
  const text = a.text ?? (await vscode.window.showInputBox({ title: `Reply to “${forPlain(t.annotation.quote, 40)}”`, prompt: 'Plain text; use \\n for a new line.', ignoreFocusOut: true }))?.replace(/\\n/g, '\n');
  if (text === undefined) return;
  const op = replyOp(t.annotation, text, await actor(deps, t.ref.uri));
  if (!op) {
    void deps.ui.info('Marginalia: an empty reply is not saved.');
    return;
  }
  await deps.writer.apply(t.ref.uri, [op], `reply to “${clip(t.annotation.quote, 30)}”`);
}

async function openThread(deps: CommandDeps, threads: ReviewThreads, arg: unknown): Promise<void> {
  const t = await target(deps, reviewArgs(arg, threads), 'open the review thread of');
  if (t) await threads.open(t.ref.uri, t.annotation.id);
}

async function addTag(deps: CommandDeps, threads: ReviewThreads, arg: unknown): Promise<void> {
  const a = reviewArgs(arg, threads);
  const t = await target(deps, a, 'tag');
  if (!t) return;
  let tag = a.tag;
  if (tag === undefined) {
    // the corpus's tags first, so a team keeps one spelling; typing a new one adds it
    const known = new Set<string>();
    for (const e of t.ref.root.corpus.all()) for (const x of e.parsed?.sidecar?.annotations ?? []) for (const g of x.tags ?? []) known.add(g);
    for (const g of t.annotation.tags ?? []) known.delete(g);
    tag = await pickOrType(`Tag “${forPlain(t.annotation.quote, 40)}”`, [...known].sort());
  }
  if (tag === undefined) return;
  const clean = tag.trim();
  if (!clean || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(clean)) {
    void deps.ui.warn('Marginalia: a tag is one line of text.');
    return;
  }
  const op = tagOp(t.annotation, [clean]);
  if (op) await deps.writer.apply(t.ref.uri, [op], `tag “${clip(t.annotation.quote, 30)}” ${clip(clean, 20)}`);
}

async function removeTag(deps: CommandDeps, threads: ReviewThreads, arg: unknown): Promise<void> {
  const a = reviewArgs(arg, threads);
  const t = await target(deps, a, 'remove a tag from');
  if (!t) return;
  const tags = t.annotation.tags ?? [];
  if (!tags.length) {
    void deps.ui.info(`Marginalia: “${clip(t.annotation.quote, 40)}” has no tags.`);
    return;
  }
  const tag = a.tag ?? (await vscode.window.showQuickPick(tags.map((g) => ({ label: forLabel(g, 80), tag: g })), { title: 'Remove which tag?' }))?.tag;
  if (tag === undefined) return;
  const op = tagOp(t.annotation, [], [tag]);
  if (op) await deps.writer.apply(t.ref.uri, [op], `untag “${clip(t.annotation.quote, 30)}”`);
}

/** A quick pick of known values that also takes what is typed. */
function pickOrType(title: string, known: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
    qp.title = title;
    qp.placeholder = 'Type a tag, or pick one already used in this corpus';
    const base = known.map((k) => ({ label: forLabel(k, 80), value: k }));
    qp.items = base;
    qp.onDidChangeValue((v) => {
      const typed = v.trim();
      qp.items = typed && !known.includes(typed) ? [{ label: forLabel(typed, 80), description: 'new tag', value: typed, alwaysShow: true }, ...base] : base;
    });
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0]?.value ?? (qp.value.trim() || undefined));
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export const reviewLoopCommands = (deps: CommandDeps, threads: ReviewThreads): [string, (...args: unknown[]) => unknown][] => [
  [Commands.approve, (arg) => verdict(deps, threads, arg, 'approved')],
  [Commands.reject, (arg) => verdict(deps, threads, arg, 'rejected')],
  [Commands.requestChanges, (arg) => verdict(deps, threads, arg, 'changes-requested')],
  [Commands.reply, (arg) => reply(deps, threads, arg)],
  [Commands.openThread, (arg) => openThread(deps, threads, arg)],
  [Commands.addTag, (arg) => addTag(deps, threads, arg)],
  [Commands.removeTag, (arg) => removeTag(deps, threads, arg)],
];
