// Teams merging through git (issue #5): rebuild a sidecar or marginalia.yaml that git left with
// conflict markers, and settle the field conflicts a merge left visible. Git's index is read
// (asynchronously, src/node/git.ts) only in a trusted workspace.
import * as vscode from 'vscode';
import { findConflictMarkers, WORKSPACE_FILE } from '../../core/format';
import { listConflicts, mergeKindOf, mergeTexts, resolveText, splitConflictMarkers, type ConflictReport, type MergeKind, type Pick } from '../../core/merge';
import type { ConflictValue } from '../../core/types';
import { unmergedStages } from '../../node/git';
import { Commands } from '../ids';
import { readText, writeTextAtomic } from '../store/files';
import type { CommandDeps } from './deps';
import { forLabel, forPlain } from '../../core/text/untrusted';
import { Refusal } from '../ui/messages';
import { clip, refFromArg } from './targets';

/** The file to resolve: a tree item's or hover's source, the active sidecar/registry, or the active source's sidecar. */
function fileFor(deps: CommandDeps, arg: unknown): vscode.Uri | undefined {
  const a = arg as { sidecarUri?: unknown; resourceUri?: unknown } | undefined;
  if (arg instanceof vscode.Uri) return deps.store.sourceFor(arg)?.sidecarUri ?? arg;
  if (a?.sidecarUri instanceof vscode.Uri) return a.sidecarUri;
  const ref = refFromArg(arg);
  if (ref) return deps.store.sourceFor(ref.source)?.sidecarUri;
  if (a?.resourceUri instanceof vscode.Uri) return deps.store.sourceFor(a.resourceUri)?.sidecarUri;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (!active) return undefined;
  if (active.path.endsWith('/' + WORKSPACE_FILE)) return active;
  return deps.store.sourceFor(active)?.sidecarUri;
}

async function resolveSidecarConflict(deps: CommandDeps, arg: unknown): Promise<void> {
  const uri = fileFor(deps, arg);
  if (!uri) {
    void deps.ui.info('Marginalia: open the sidecar (or its source) to resolve its conflicts.');
    return;
  }
  const name = vscode.workspace.asRelativePath(uri);
  let text = await readText(uri);
  if (text === null) return;
  const kind = mergeKindOf(uri.path, text);
  let rebuilt = false;
  if (findConflictMarkers(text).length) {
    const merged = await rebuildFromSides(uri, text, kind, deps.trusted());
    await writeIfUnchanged(uri, text, merged);
    text = merged;
    rebuilt = true;
  }
  const conflicts = listConflicts(kind, text, uri.fsPath);
  const picks: Pick[] = [];
  for (const c of conflicts) {
    const pick = await pickValue(c, picks.length + 1, conflicts.length);
    if (pick === undefined) break;
    picks.push({ id: c.id, field: c.conflict.field, index: pick });
  }
  if (picks.length) {
    const out = resolveText(kind, text, uri.fsPath, picks);
    await writeIfUnchanged(uri, text, out);
  }
  await deps.store.refresh(uri);
  const left = conflicts.length - picks.length;
  const parts = [rebuilt ? `${name} was rebuilt from both sides of the git merge${deps.trusted() ? '' : ' (from its conflict markers: git is not run in Restricted Mode)'}` : '', picks.length ? `${picks.length} conflict${picks.length === 1 ? '' : 's'} settled` : '', left ? `${left} left to resolve` : 'no conflicts left'].filter(Boolean);
  const staged = rebuilt || picks.length ? ' Stage the file (git add) to finish the merge.' : '';
  void deps.ui.info(`Marginalia: ${parts.join('; ')}.${left ? '' : staged}`);
}

/**
 * Both sides of a file git merged without the Marginalia driver: git's index stages when the
 * file is unmerged in a repository (they include the common ancestor), else the markers. In
 * Restricted Mode git is not run (a repository's config can name programs git runs): the
 * markers alone are used.
 */
async function rebuildFromSides(uri: vscode.Uri, text: string, kind: MergeKind, mayRunGit: boolean): Promise<string> {
  const stages = mayRunGit && uri.scheme === 'file' ? await unmergedStages(uri.fsPath) : null;
  const sides = stages ?? splitConflictMarkers(text);
  if (!sides) throw new Refusal(`${vscode.workspace.asRelativePath(uri)}: the conflict markers could not be split into two sides; resolve it by hand`, { uri });
  const merged = mergeTexts(kind, sides.base, sides.ours, sides.theirs, uri.fsPath);
  if (merged.text === null) {
    const p = merged.problems[0];
    throw new Refusal(`${vscode.workspace.asRelativePath(uri)}: one side of the merge cannot be read${p ? ` (line ${p.line}, column ${p.column}: ${p.message})` : ''}; resolve it by hand`, { uri, line: p?.line, column: p?.column });
  }
  return merged.text;
}

async function writeIfUnchanged(uri: vscode.Uri, expected: string, text: string): Promise<void> {
  if ((await readText(uri)) !== expected) throw new Refusal(`${vscode.workspace.asRelativePath(uri)} changed meanwhile; run the command again`);
  await writeTextAtomic(uri, text);
}

async function pickValue(c: ConflictReport, n: number, of: number): Promise<number | undefined> {
  const where = c.id === null ? 'the file' : c.conflict.field === 'annotation' || c.conflict.field === 'entity' ? `${c.conflict.field} ${c.id}` : `\`${c.conflict.field}\` of ${c.id}`;
  const items = c.conflict.values.map((v, index) => ({
    label: describe(v, c.conflict.field),
    // both sides' values, authors and dates are file text, and quick picks draw `$(icon)`
    description: forLabel([v.author, v.updated?.slice(0, 16).replace('T', ' ')].filter(Boolean).join(' · ')) || undefined,
    index,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: forPlain(`Merge conflict ${n} of ${of}: ${where}${c.conflict.base !== undefined ? ` (was ${clip(show(c.conflict.base), 30)})` : ''}`, 200),
    placeHolder: 'Which value should stay? Escape leaves the rest for later.',
    ignoreFocusOut: true,
  });
  return picked?.index;
}

function describe(v: ConflictValue, field: string): string {
  if (field === 'annotation' || field === 'entity') return v.deleted ? `$(trash) delete it` : `$(check) keep it, with the other side's changes`;
  if (v.deleted || !('value' in v)) return `$(close) remove \`${forLabel(field, 40)}\``;
  return forLabel(show(v.value), 80);
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export const conflictCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [
  [Commands.resolveConflict, (arg) => resolveSidecarConflict(deps, arg)],
];
