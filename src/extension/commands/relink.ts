// Marginalia: Re-link Sidecar to Source… After `git mv a.txt b.txt` (or a deleted source) the
// sidecar `a.txt.annotations.yaml` is left behind and shows in the Sources view and Problems as
// "source not found" (issue 8). This attaches it to another source: the analyst picks the file,
// the one whose text holds the most of the sidecar's quotes first (the rename target holds them
// all), and the writer renames the sidecar to that file's sidecar name and sets `source:`,
// refusing when that file has a sidecar already. The store then places the annotations in
// their new source.
//
// Surfaces: the palette (a quick pick of the sidecars left behind when there are several, then
// one of the candidate sources), and the Sources view row's inline button and context menu,
// which pass the row. Scripts and tests may pass the new source as a second argument.
import * as vscode from 'vscode';
import { sidecarPathFor } from '../../core/format';
import { rankCandidates } from '../../core/relink';
import { forLabel, forMessage } from '../../core/text/untrusted';
import { Commands } from '../ids';
import type { SourceRef } from '../store/corpusStore';
import type { CommandDeps } from './deps';

/** The sidecar a surface passed: a Sources view row (its `resourceUri`), a Uri, or a URI string. */
function uriFromArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  const o = arg as { resourceUri?: unknown; uri?: unknown } | undefined;
  if (o && typeof o === 'object') {
    if (o.resourceUri instanceof vscode.Uri) return o.resourceUri;
    if (o.uri instanceof vscode.Uri) return o.uri;
  }
  return undefined;
}

/** The sidecar left behind that `arg` names, or one the analyst picks. */
async function pickMissing(deps: CommandDeps, arg: unknown): Promise<SourceRef | undefined> {
  await deps.store.whenIndexed();
  const passed = uriFromArg(arg);
  if (passed) {
    const ref = deps.store.sourceFor(passed);
    if (ref?.missing) return ref;
    void deps.ui.info(`Marginalia: ${forMessage(vscode.workspace.asRelativePath(passed, false))} is not a sidecar whose source is missing.`);
    return undefined;
  }
  const all = deps.store.missingSources();
  const active = vscode.window.activeTextEditor?.document.uri;
  const current = active && all.find((r) => r.sidecarUri.toString() === active.toString());
  if (current) return current;
  if (all.length === 0) {
    void deps.ui.info('Marginalia: every sidecar has its source; nothing to re-link.');
    return undefined;
  }
  if (all.length === 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    all.map((ref) => ({
      label: forLabel(vscode.workspace.asRelativePath(ref.sidecarUri, false)),
      description: `${ref.missing!.parsed?.sidecar?.annotations.length ?? 0} annotations · source not found`,
      ref,
    })),
    { title: 'Re-link which sidecar?', placeHolder: 'Sidecars whose source was renamed or deleted' },
  );
  return picked?.ref;
}

/** Sources of the same corpus without a sidecar, the best guess first. */
async function rankedTargets(deps: CommandDeps, missing: SourceRef): Promise<{ ref: SourceRef; found: number; total: number }[]> {
  const root = missing.root;
  const candidates = root.corpus.all().filter((e) => e.readable && e.sidecarLength === null);
  const quotes = (missing.missing?.parsed?.sidecar?.annotations ?? []).map((a) => a.quote);
  // the store keeps only open sources' texts (issue 15): the candidates' are read
  const texts = await deps.store.textsOf(root, candidates.map((e) => e.source));
  const ranked = rankCandidates(quotes, candidates.filter((e) => texts.has(e.source)).map((e) => ({ id: e.source, text: texts.get(e.source)! })));
  const out: { ref: SourceRef; found: number; total: number }[] = [];
  for (const r of ranked) {
    const ref = deps.store.sourceFor(deps.store.uriOf(root, r.id));
    if (ref?.entry) out.push({ ref, found: r.found, total: r.total });
  }
  return out;
}

async function pickTarget(deps: CommandDeps, missing: SourceRef, arg: unknown): Promise<SourceRef | undefined> {
  const given = arg instanceof vscode.Uri || typeof arg === 'string' ? uriFromArg(arg) : undefined;
  if (given) {
    const ref = deps.store.sourceFor(given);
    if (ref?.entry) return ref;
    void deps.ui.warn(`Marginalia: ${forMessage(vscode.workspace.asRelativePath(given, false))} is not a Marginalia source.`);
    return undefined;
  }
  const targets = await rankedTargets(deps, missing);
  const sidecarName = forLabel(vscode.workspace.asRelativePath(missing.sidecarUri, false));
  if (targets.length === 0) {
    void deps.ui.info(`Marginalia: no source without a sidecar to re-link ${forMessage(sidecarName)} to.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    targets.map((t, i) => ({
      label: forLabel(t.ref.rel),
      description: t.total ? `holds ${t.found} of ${t.total} quotes` : undefined,
      detail: i === 0 && t.found > 0 ? 'Best match: its text holds the most of this sidecar’s quotes' : undefined,
      ref: t.ref,
    })),
    { title: `Re-link ${sidecarName} to which source?`, placeHolder: 'The file it belongs to now (renamed or moved)', matchOnDescription: true },
  );
  return picked?.ref;
}

async function relinkSidecar(deps: CommandDeps, arg: unknown, targetArg: unknown): Promise<SourceRef | undefined> {
  const missing = await pickMissing(deps, arg);
  if (!missing) return undefined;
  const target = await pickTarget(deps, missing, targetArg);
  if (!target) return undefined;
  await deps.writer.relink(missing, target);
  const n = missing.missing?.parsed?.sidecar?.annotations.length ?? 0;
  void deps.ui.info(
    `Marginalia: ${n === 1 ? '1 annotation' : `${n} annotations`} re-linked to ${forMessage(target.rel)}: ${forMessage(missing.missing!.sidecarPath)} is now ${forMessage(sidecarPathFor(target.rel))}.`,
  );
  await deps.trees.reveal(target.uri, undefined, { focus: false });
  return target;
}

export const relinkCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [
  [Commands.relinkSidecar, (arg, target) => relinkSidecar(deps, arg, target)],
];
