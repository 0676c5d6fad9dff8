// Workspace-level commands: refresh, undo, the workspace file, Explorer nesting, Git's folder scan.
import * as vscode from 'vscode';
import { newWorkspaceText, SIDECAR_SUFFIX, WORKSPACE_FILE } from '../../core/format';
import { Commands } from '../ids';
import { sourceGlobs } from '../config';
import { exists } from '../store/files';
import type { CommandDeps } from './deps';
import { forLabel } from '../../core/text/untrusted';
import { stopGitScan } from '../gitScan';

async function undo(deps: CommandDeps): Promise<void> {
  const undone = await deps.writer.undo();
  if (!undone) {
    void deps.ui.info('Marginalia: nothing to undo.');
    return;
  }
  // the label quotes the annotation, and status bar text draws `$(icon)`
  void vscode.window.setStatusBarMessage(`Marginalia: undid “${forLabel(undone.label, 80)}”`, 4000);
  // what Undo left in place (a registry entry changed since) is said, not left to be found
  if (undone.notes.length) void deps.ui.warn(`Marginalia: undid “${undone.label}”, but ${undone.notes.join('; ')}.`);
}

async function createWorkspaceFile(deps: CommandDeps): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.length === 1
    ? vscode.workspace.workspaceFolders[0]
    : await vscode.window.showWorkspaceFolderPick({ placeHolder: `Where should ${WORKSPACE_FILE} go?` });
  if (!folder) return;
  const uri = vscode.Uri.joinPath(folder.uri, WORKSPACE_FILE);
  if (!(await exists(uri))) {
    await deps.writer.change(`create ${WORKSPACE_FILE}`, (write) => write.createRegistry(uri, newWorkspaceText()));
    await deps.store.reindex();
  }
  await vscode.window.showTextDocument(uri);
}

/**
 * Nests `a.txt.annotations.yaml` under `a.txt` in the Explorer. A command rather than a
 * configurationDefaults entry: turning nesting on changes how the whole Explorer looks, which
 * is the user's choice to make.
 */
async function nestSidecars(deps: CommandDeps): Promise<void> {
  const config = vscode.workspace.getConfiguration('explorer.fileNesting');
  const patterns = { ...(config.get<Record<string, string>>('patterns') ?? {}) };
  const exts = new Set<string>();
  for (const g of sourceGlobs().include) {
    for (const m of g.matchAll(/\*\.\{?([\w,]+)\}?$/g)) for (const e of m[1].split(',')) exts.add(e);
  }
  for (const ext of exts.size ? exts : new Set(['txt', 'md'])) {
    const child = `\${capture}.${ext}${SIDECAR_SUFFIX}`;
    const existing = patterns[`*.${ext}`];
    patterns[`*.${ext}`] = existing ? (existing.split(',').map((s) => s.trim()).includes(child) ? existing : `${existing}, ${child}`) : child;
  }
  await config.update('enabled', true, vscode.ConfigurationTarget.Workspace);
  await config.update('patterns', patterns, vscode.ConfigurationTarget.Workspace);
  void deps.ui.info('Marginalia: sidecars now nest under their sources in the Explorer (workspace settings: explorer.fileNesting).');
}

export const workspaceCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [
  [Commands.undo, () => undo(deps)],
  // Refresh reads every file again, the index's cache aside (node/indexCache.ts)
  [Commands.refresh, () => deps.store.reindex({ reread: true })],
  [Commands.createWorkspaceFile, () => createWorkspaceFile(deps)],
  [Commands.nestSidecars, () => nestSidecars(deps)],
  // VS Code's Git extension runs git in every top-level folder at each window open (gitScan.ts)
  [Commands.stopGitScan, () => stopGitScan(deps.ui, deps.log)],
];
