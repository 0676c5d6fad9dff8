// How every Marginalia command is registered, in one place (the commands here, the review loop's,
// the analysis views' and the Quick Fix's). A command never throws out to VS Code: a thrown error
// becomes a second, modal "Command … resulted in an error" with its raw message, and that message
// can quote a file (issue 8). Expected failures (Refusal, SidecarError) are one message naming the
// file, line and column with an "Open Sidecar" button; anything else is logged with its stack and
// reported in one neutralised line. And what a command returns goes back to VS Code only as plain
// data (core/plainResult.ts): VS Code serialises a command's result when a user runs it.
import * as vscode from 'vscode';
import { plainResult, RESULT_VALUES } from '../../core/plainResult';
import { SidecarError } from '../store/sidecarWriter';
import { Refusal, type Messages } from '../ui/messages';

export interface Reporting {
  log: vscode.LogOutputChannel;
  ui: Messages;
}

export type Handler = (...args: unknown[]) => unknown;

/** Registers `run` as command `id`; `normalise` turns what a surface passes into the handler's arguments. */
export function registerCommand(deps: Reporting, id: string, run: Handler, normalise: (id: string, args: unknown[]) => unknown[] = (_, a) => a): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      const result = await run(...normalise(id, args));
      const plain = plainResult(result, (v) => v instanceof vscode.Uri);
      // a script calling the command gets nothing: say why, for whoever wrote it
      if (plain === undefined && result !== undefined) deps.log.warn(`${id}: its result is not plain data within ${RESULT_VALUES} values and is not returned`);
      return plain;
    } catch (e) {
      reportError(deps, id, e);
      return undefined;
    }
  });
}

function reportError(deps: Reporting, id: string, e: unknown): void {
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
