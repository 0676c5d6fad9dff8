// Confirm Claim Text (issue 9): a claim whose words changed since it was assessed keeps the
// assessed quote in its sidecar, and is flagged "needs review", until a person has read the new
// words and accepts them here. Reached from the hover (`{source, id}`), the Claims/Sources tree
// (an AnnotationNode), and the palette (no argument: the claim under the cursor, else a pick of
// every claim that needs review). Writes the quote, context and offsets of the words as saved
// (core's confirmOp), through the one guarded write path, which records the change of `quote`
// in the history.
import * as vscode from 'vscode';
import { confirmOp } from '../../core/placement';
import { forLabel, forPlain } from '../../core/text/untrusted';
import { Commands } from '../ids';
import type { CorpusRoot, SourceRef } from '../store/corpusStore';
import { placedReview, type Review } from '../views/summary';
import type { CommandDeps } from './deps';
import { clip, refFromArg } from './targets';

interface Candidate {
  root: CorpusRoot;
  rel: string;
  id: string;
  quote: string;
  review: Review;
}

/** Every claim of the corpus whose words changed since it was assessed. */
function needingReview(deps: CommandDeps): Candidate[] {
  const out: Candidate[] = [];
  for (const root of deps.store.allRoots()) {
    for (const entry of root.corpus.all()) {
      for (const p of entry.placements) {
        const review = placedReview(p);
        if (review) out.push({ root, rel: entry.source, id: p.annotation.id, quote: p.annotation.quote, review });
      }
    }
  }
  return out;
}

async function choose(deps: CommandDeps, arg: unknown): Promise<{ ref: SourceRef; id: string } | undefined> {
  const passed = refFromArg(arg);
  if (passed) {
    const ref = deps.store.sourceFor(passed.source);
    if (ref?.entry?.parsed?.sidecar?.annotations.some((a) => a.id === passed.id)) return { ref, id: passed.id };
    void deps.ui.warn('Marginalia: that claim no longer exists.');
    return undefined;
  }
  const all = needingReview(deps);
  if (all.length === 0) {
    void deps.ui.info('Marginalia: no claim needs review: every claim reads as it did when it was assessed.');
    return undefined;
  }
  // the palette in an editor, with the cursor on a claim that needs review: that one
  const editor = vscode.window.activeTextEditor;
  const here = editor && deps.store.sourceFor(editor.document.uri);
  if (editor && here?.entry) {
    const offset = editor.document.offsetAt(editor.selection.active);
    const under = (deps.live.get(editor.document)?.annotations ?? []).filter((s) => s.start <= offset && offset <= s.end && all.some((c) => c.root === here.root && c.rel === here.rel && c.id === s.annotation.id));
    if (under.length === 1) return { ref: here, id: under[0].annotation.id };
  }
  const picked = await vscode.window.showQuickPick(
    all.map((c) => ({ label: forLabel(c.review.current, 70), description: forLabel(c.rel), detail: forLabel(`assessed as: ${c.review.assessed}`, 120), c })),
    { title: 'Which claim’s new words do you accept?', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  const ref = deps.store.sourceFor(deps.store.uriOf(picked.c.root, picked.c.rel));
  return ref && { ref, id: picked.c.id };
}

async function confirmClaimText(deps: CommandDeps, arg: unknown): Promise<void> {
  const chosen = await choose(deps, arg);
  if (!chosen) return;
  const { ref, id } = chosen;
  const found = ref.root.corpus.find(ref.rel, id);
  if (!found || found.annotation.kind !== 'claim') {
    void deps.ui.warn('Marginalia: Confirm Claim Text works on claims only.');
    return;
  }
  const text = found.placement && found.entry.readable ? await deps.store.textOf(ref) : null;
  const op = found.placement && text !== null ? confirmOp(text, found.placement) : null;
  if (!op) {
    void deps.ui.info(`Marginalia: “${clip(found.annotation.quote, 40)}” needs no review: its words are as they were assessed.`);
    return;
  }
  // the saved text (the sidecar's offsets count in the file on disk); the write path records
  // who confirmed it and the change of `quote` in the history
  const quote = String(op.set.quote);
  await deps.writer.apply(ref.uri, [op], `confirm the new words of “${clip(quote, 30)}”`);
  const status = found.annotation.status ? ` Its assessment (${found.annotation.status}) now stands for these words.` : '';
  void deps.ui.info(`Marginalia: the claim now reads “${forPlain(quote, 80)}”.${status}`);
}

export const reviewCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [
  [Commands.confirmClaimText, (arg) => confirmClaimText(deps, arg)],
];
