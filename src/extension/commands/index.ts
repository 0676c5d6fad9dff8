// Registers every command. A command never throws out to VS Code: a thrown error becomes a
// second, modal "Command … resulted in an error" with its raw message, and that message can
// quote a file (issue 8). Expected failures (Refusal, SidecarError) are one message naming
// the file, line and column with an "Open Sidecar" button; anything else is logged with its
// stack and reported in one neutralised line. What each surface passes is normalised first
// (surfaces.ts): a tree node or an editor-menu URI is not an options object.
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
import { SidecarError } from '../store/sidecarWriter';
import { handlerArgs } from './surfaces';
import { Commands } from '../ids';
import { showMore } from '../views/moreNode';
import { Refusal } from '../ui/messages';

export function registerCommands(deps: CommandDeps, context: { extensionPath: string }): vscode.Disposable[] {
  const all = [...annotateCommands(deps), ...editCommands(deps), ...navigateCommands(deps), ...workspaceCommands(deps), ...conflictCommands(deps), ...gitSetupCommands(deps, context), ...relinkCommands(deps), ...addSourceCommands(deps), ...exportCommands(deps), ...importCommands(deps), ...reviewCommands(deps), ...sourceCommands(deps), [Commands.showMore, showMore] as [string, (arg: unknown) => void]];
  return all.map(([id, run]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...handlerArgs(id, args));
      } catch (e) {
        reportError(deps, id, e);
        return undefined;
      }
    }),
  );
}

function reportError(deps: CommandDeps, id: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof SidecarError) {
    deps.log.warn(`${id}: ${message}`);
    deps.ui.problemIn({ uri: e.sidecar, line: e.line, column: e.column }, `Marginalia: ${message}`);
  } else if (e instanceof Refusal) {
    deps.log.warn(`${id}: ${message}`);
    if (e.place) deps.ui.problemIn(e.place, `Marginalia: ${message}`);
    else void deps.ui.error(`Marginalia: ${message}`);
  } else {
    deps.log.error(`${id}: ${e instanceof Error && e.stack ? e.stack : message}`);
    void deps.ui.error(`Marginalia: ${message} (details in the Marginalia output)`);
  }
}
