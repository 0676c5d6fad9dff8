// Teams merging through git (issue #5): rebuild a sidecar or marginalia.yaml that git left with
// conflict markers, and settle the field conflicts a merge left visible. Git's index is read
// (asynchronously, src/node/git.ts) only in a trusted workspace. Both writes go through the
// write path: a change made while the analyst picks is kept (the pick is applied to the file as
// it is then), and Undo puts the conflict back.
import * as vscode from 'vscode';
import { findConflictMarkers, WORKSPACE_FILE } from '../../core/format';
import { listConflicts, mergeKindOf, mergeTexts, splitConflictMarkers, type ConflictReport, type MergeKind } from '../../core/merge';
import type { ConflictValue } from '../../core/types';
import { unmergedStages } from '../../node/git';
import { Commands } from '../ids';
import { readText } from '../store/files';
import type { PickedValue } from '../store/sidecarWriter';
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
  const first = await readText(uri);
  if (first === null) return;
  const kind = mergeKindOf(uri.path, first);
  // every write below goes through the one write path: retried on a concurrent change, on one Undo entry
  await deps.writer.change(`resolve conflicts in ${clip(name, 40)}`, async (write) => {
    let text = first;
    let rebuilt = false;
    if (findConflictMarkers(text).length) {
      const merged = await write.rebuild(uri, (current) => (findConflictMarkers(current).length ? rebuildFromSides(uri, current, kind, deps.trusted()) : Promise.resolve(undefined)));
      text = merged ?? (await readText(uri)) ?? text;
      rebuilt = merged !== undefined;
    }
    const conflicts = listConflicts(kind, text, uri.fsPath);
    const picked: PickedValue[] = [];
    for (const c of conflicts) {
      const index = await pickValue(c, picked.length + 1, conflicts.length);
      if (index === undefined) break;
      picked.push({ pick: { id: c.id, field: c.conflict.field, index }, values: c.conflict.values });
    }
    if (picked.length) await write.settle(uri, picked);
    const left = conflicts.length - picked.length;
    const parts = [rebuilt ? `${name} was rebuilt from both sides of the git merge${deps.trusted() ? '' : ' (from its conflict markers: git is not run in Restricted Mode)'}` : '', picked.length ? `${picked.length} conflict${picked.length === 1 ? '' : 's'} settled` : '', left ? `${left} left to resolve` : 'no conflicts left'].filter(Boolean);
    if (!rebuilt && !picked.length && !left) {
      void deps.ui.info(`Marginalia: ${name} has no merge conflicts to resolve.`);
      return;
    }
    const staged = rebuilt || picked.length ? ' Stage the file (git add) to finish the merge.' : '';
    void deps.ui.info(`Marginalia: ${parts.join('; ')}.${left ? '' : staged}`);
  });
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
