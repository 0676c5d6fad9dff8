// Registers every command (register.ts says how: errors reported, never thrown to VS Code; results
// plain data). What each surface passes is normalised first (surfaces.ts): a tree node or an
// editor-menu URI is not an options object.
import * as vscode from 'vscode';
import { addSourceCommands } from './addSource';
import { annotateCommands } from './annotate';
import { conflictCommands } from './conflicts';
import type { CommandDeps } from './deps';
import { editCommands } from './edit';
import { exportCommands } from './export';
import { importCommands } from './import';
import { gitSetupCommands } from './gitSetup';
import { navigateCommands } from './navigate';
import { relinkCommands } from './relink';
import { reviewCommands } from './review';
import { sourceCommands } from './sources';
import { workspaceCommands } from './workspace';
import { registerCommand, type Handler } from './register';
import { handlerArgs } from './surfaces';
import { Commands } from '../ids';
import { showMore } from '../views/moreNode';

export function registerCommands(deps: CommandDeps, context: { extensionPath: string }): vscode.Disposable[] {
  const all = [...annotateCommands(deps), ...editCommands(deps), ...navigateCommands(deps), ...workspaceCommands(deps), ...conflictCommands(deps), ...gitSetupCommands(deps, context), ...relinkCommands(deps), ...addSourceCommands(deps), ...exportCommands(deps), ...importCommands(deps), ...reviewCommands(deps), ...sourceCommands(deps), [Commands.showMore, showMore] as [string, (arg: unknown) => void]];
  return all.map(([id, run]) => registerCommand(deps, id, run as Handler, handlerArgs));
}
