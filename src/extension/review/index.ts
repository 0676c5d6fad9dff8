// The review loop in VS Code (issue 11), built in one place: the comment threads, the Review view,
// the Claims view's filters and the commands over them, registered as every command is
// (commands/register.ts); every message goes through `ui` (messages.ts), which makes file text
// inert.
import * as vscode from 'vscode';
import type { CommandDeps } from '../commands/deps';
import { registerCommand } from '../commands/register';
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

  constructor(deps: CommandDeps) {
    this.threads = new ReviewThreads(deps.store, deps.live);
    this.view = new ReviewView(deps.store);
    this.filters = new ViewFilters(deps);
    const commands: [string, (...args: unknown[]) => unknown][] = [
      ...reviewLoopCommands(deps, this.threads),
      [Commands.findAnnotation, (arg) => findAnnotation(deps, arg)],
      [Commands.filterViews, (arg) => this.filters.pick(arg)],
      [Commands.clearFilters, () => this.filters.set({})],
    ];
    this.disposables = [this.threads, this.view, new ReplyBoxes(), ...commands.map(([id, run]) => registerCommand(deps, id, run))];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
