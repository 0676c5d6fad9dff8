// Opening things: an annotation in its source, a sidecar beside its source, a node in the tree.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { CommandDeps } from './deps';
import { forMessage } from '../../core/text/untrusted';
import { refFromArg, resolveTarget } from './targets';

/**
 * Opens a source and selects an annotation (`{source, id}`) or a range (`{source, start, end}`
 * in UTF-16 offsets). Hover links call this with arguments built from file content, so the
 * source must be one the store knows and the offsets must be numbers.
 */
export async function reveal(deps: CommandDeps, arg: unknown): Promise<void> {
  const o = (arg ?? {}) as { source?: unknown; start?: unknown; end?: unknown };
  const byId = refFromArg(arg);
  const sourceText = typeof o.source === 'string' ? o.source : o.source instanceof vscode.Uri ? o.source.toString() : undefined;
  if (!sourceText) return;
  let source: vscode.Uri;
  try {
    source = vscode.Uri.parse(sourceText, true);
  } catch {
    return;
  }
  const ref = deps.store.sourceFor(source);
  if (!ref?.entry) return;
  const doc = await vscode.workspace.openTextDocument(ref.uri);
  let range: vscode.Range | undefined;
  if (byId) {
    const span = deps.live.get(doc)?.annotations.find((s) => s.annotation.id === byId.id);
    if (span) range = new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
    else if (ref.entry.parsed?.sidecar?.annotations.some((a) => a.id === byId.id)) {
      void deps.ui.warn('Marginalia: this annotation is orphaned: its text was not found. Select the text and run “Re-attach Orphan to Selection”.');
    }
  } else if (Number.isInteger(o.start) && Number.isInteger(o.end)) {
    const max = doc.getText().length;
    const s = Math.min(Math.max(0, o.start as number), max);
    const e = Math.min(Math.max(s, o.end as number), max);
    range = new vscode.Range(doc.positionAt(s), doc.positionAt(e));
  }
  const editor = await vscode.window.showTextDocument(doc, { preview: true, selection: range });
  if (range) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

async function openSidecar(deps: CommandDeps, arg: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : refFromArg(arg)?.source ?? (arg as { resourceUri?: vscode.Uri })?.resourceUri ?? vscode.window.activeTextEditor?.document.uri;
  const ref = uri && deps.store.sourceFor(uri);
  if (!ref) {
    void deps.ui.info('Marginalia: open a source document first.');
    return;
  }
  try {
    await vscode.workspace.fs.stat(ref.sidecarUri);
  } catch {
    const create = await deps.ui.info(`${vscode.workspace.asRelativePath(ref.uri)} has no annotations yet. Create its sidecar?`, 'Create');
    if (create !== 'Create') return;
    await deps.writer.apply(ref.uri, [], 'create sidecar');
  }
  const doc = await vscode.workspace.openTextDocument(ref.sidecarUri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

/**
 * Shows a source in the Sources view, with the annotation a row or hover passes (`{source, id}`),
 * else the one under the cursor of the source's editor (the palette, the editor's context menu,
 * which passes the document's URI).
 */
async function revealInSources(deps: CommandDeps, arg: unknown): Promise<void> {
  const passed = refFromArg(arg);
  const uri = passed?.source ?? (arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri);
  if (!uri || !deps.store.sourceFor(uri)) {
    void deps.ui.info('Marginalia: open a source document first.');
    return;
  }
  const editor = vscode.window.activeTextEditor;
  let id = passed?.id;
  if (!passed && editor && editor.document.uri.toString() === uri.toString()) {
    const offset = editor.document.offsetAt(editor.selection.active);
    id = deps.live.get(editor.document)?.annotations.find((s) => s.start <= offset && offset <= s.end)?.annotation.id;
  }
  await deps.trees.reveal(uri, id);
}

/**
 * Shows a claim in the Claims view: the one a row or hover passes, else the claim under the
 * cursor (or one picked from the document's claims). Says why when no group lists it.
 */
async function revealInClaims(deps: CommandDeps, arg: unknown): Promise<void> {
  const target = await resolveTarget(deps, arg, { kinds: ['claim'], verb: 'reveal in the Claims view' });
  if (!target) return;
  if (await deps.trees.revealClaim(target.ref.uri, target.annotation.id)) return;
  const quote = forMessage(target.annotation.quote, 60);
  void deps.ui.info(
    deps.trees.claims.filter
      ? `Marginalia: the Claims view’s filter hides “${quote}”. Clear Filters to list it.`
      : `Marginalia: the Claims view does not list “${quote}” yet.`,
  );
}

export const navigateCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [
  [Commands.reveal, (arg) => reveal(deps, arg)],
  [Commands.openSidecar, (arg) => openSidecar(deps, arg)],
  [Commands.revealInSources, (arg) => revealInSources(deps, arg)],
  [Commands.revealInClaims, (arg) => revealInClaims(deps, arg)],
];
