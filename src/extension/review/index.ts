// The review loop in VS Code (issue 11), built in one place: the comment threads, the Review view,
// the Claims view's filters and the commands over them. Commands are registered here with the
// same contract as commands/index.ts: nothing is thrown out to VS Code (a thrown error would
// become a modal quoting its raw message, which can quote a file); every message goes through
// `ui` (messages.ts), which makes file text inert.
import * as vscode from 'vscode';
import type { CommandDeps } from '../commands/deps';
import { SidecarError } from '../store/sidecarWriter';
import { Refusal } from '../ui/messages';
import { Commands } from '../ids';
import { reviewLoopCommands } from './commands';
import { findAnnotation, ViewFilters } from './find';
import { ReplyBoxes } from './replyBox';
import { ReviewView } from './reviewView';
import { ReviewThreads } from './threads';

export class ReviewLoop implements vscode.Disposable {
  readonly threads: ReviewThreads;
  readonly view: ReviewView;
  readonly filters: ViewFilters;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: CommandDeps) {
    this.threads = new ReviewThreads(deps.store, deps.live);
    this.view = new ReviewView(deps.store);
    this.filters = new ViewFilters(deps);
    const commands: [string, (...args: unknown[]) => unknown][] = [
      ...reviewLoopCommands(deps, this.threads),
      [Commands.findAnnotation, (arg) => findAnnotation(deps, arg)],
      [Commands.filterViews, (arg) => this.filters.pick(arg)],
      [Commands.clearFilters, () => this.filters.set({})],
    ];
    this.disposables = [this.threads, this.view, new ReplyBoxes(), ...commands.map(([id, run]) => vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, run, args)))];
  }

  private async run(id: string, run: (...args: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
    try {
      return await run(...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof SidecarError) this.deps.ui.problemIn({ uri: e.sidecar, line: e.line, column: e.column }, `Marginalia: ${message}`);
      else if (e instanceof Refusal && e.place) this.deps.ui.problemIn(e.place, `Marginalia: ${message}`);
      else {
        this.deps.log.error(`${id}: ${e instanceof Error && e.stack ? e.stack : message}`);
        void this.deps.ui.error(`Marginalia: ${message}`);
      }
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
