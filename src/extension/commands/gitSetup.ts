// "Set Up Git Merge Driver for Sidecars": the same setup as `marginalia git-setup`, run in the
// extension host through src/node/gitSetup.ts (asynchronous git calls, no child CLI process).
// It writes git configuration that makes git run a program on every merge, so it is refused in
// Restricted Mode (package.json also hides it there); the refusal says why.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { currentRuntime, describeSetup, driverCommand, setUpMergeDriver } from '../../node/gitSetup';
import { Commands } from '../ids';
import type { CommandDeps } from './deps';

export const RESTRICTED =
  'Marginalia: setting up the git merge driver is disabled in Restricted Mode: it writes git configuration, and git would then run a program for every merge in this folder. Trust the folder (Manage Workspace Trust) to set it up.';

async function setUpGit(deps: CommandDeps, extensionPath: string): Promise<void> {
  if (!deps.trusted()) {
    void deps.ui.warn(RESTRICTED);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : await vscode.window.showWorkspaceFolderPick();
  if (!folder) return;
  if (folder.uri.scheme !== 'file') {
    void deps.ui.warn('Marginalia: the git merge driver can only be set up for folders on this machine.');
    return;
  }
  // the driver git will run: this runtime (VS Code's Node or Electron) and the bundled CLI
  const driver = driverCommand(path.join(extensionPath, 'dist', 'cli.js'), currentRuntime());
  const outcome = await setUpMergeDriver({ cwd: folder.uri.fsPath, global: false, driver });
  const show = (file: string) => vscode.workspace.asRelativePath(file);
  if (outcome.ok) {
    const report = describeSetup(outcome, show);
    deps.log.info(`git-setup in ${folder.uri.fsPath}:\n${report}`);
    void deps.ui.info(`Marginalia: ${report.trim().split('\n').pop()}`);
  } else {
    deps.log.warn(`git-setup in ${folder.uri.fsPath}: ${outcome.message}`);
    void deps.ui.error(`Marginalia: git setup failed: ${outcome.message}`);
  }
}

export const gitSetupCommands = (deps: CommandDeps, context: { extensionPath: string }): [string, (...args: unknown[]) => unknown][] => [
  [Commands.setupGit, () => setUpGit(deps, context.extensionPath)],
];
