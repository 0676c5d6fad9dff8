// Registers every command. Errors surface as one clear message instead of a silent failure.
import * as vscode from 'vscode';
import { annotateCommands } from './annotate';
import { conflictCommands } from './conflicts';
import type { CommandDeps } from './deps';
import { editCommands } from './edit';
import { navigateCommands } from './navigate';
import { relinkCommands } from './relink';
import { workspaceCommands } from './workspace';
import { SidecarError } from '../store/sidecarWriter';

export function registerCommands(deps: CommandDeps, context: { extensionPath: string }): vscode.Disposable[] {
  const all = [...annotateCommands(deps), ...editCommands(deps), ...navigateCommands(deps), ...workspaceCommands(deps), ...conflictCommands(deps, context), ...relinkCommands(deps)];
  return all.map(([id, run]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (e) {
        reportError(deps, id, e);
        throw e;
      }
    }),
  );
}

function reportError(deps: CommandDeps, id: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  deps.log.error(`${id}: ${message}`);
  if (e instanceof SidecarError) {
    void vscode.window.showErrorMessage(`Marginalia: ${message}`, 'Open Sidecar').then((choice) => {
      if (choice !== 'Open Sidecar') return;
      const line = Math.max(0, (e.line ?? 1) - 1);
      const col = Math.max(0, (e.column ?? 1) - 1);
      void vscode.window.showTextDocument(e.sidecar, { selection: new vscode.Range(line, col, line, col) });
    });
  } else void vscode.window.showErrorMessage(`Marginalia: ${message}`);
}
