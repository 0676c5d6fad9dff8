// Marginalia: Open Timeline (issue 13). Claims and notes with `when:` on a time axis, grouped by
// source or entity (core/analysis/timeline.ts); an item selected on the page opens in its source.
import * as vscode from 'vscode';
import type { GroupBy } from '../../core/analysis/timeline';
import { Webviews } from '../ids';
import { timelineOf, type Run } from './models';
import { AnalysisPanel, oneOf, type AnalysisDeps, type Msg } from './panel';

export interface TimelineState {
  groupBy: GroupBy;
}

const GROUPS: readonly GroupBy[] = ['source', 'entity'];

export function readTimelineState(v: unknown): TimelineState {
  return { groupBy: oneOf((v as Msg | undefined)?.groupBy, GROUPS, 'source') };
}

export class TimelinePanel extends AnalysisPanel<TimelineState> {
  static readonly viewType = Webviews.timeline;
  static readonly title = 'Timeline';

  constructor(deps: AnalysisDeps, panel: vscode.WebviewPanel, state: unknown, onDispose: () => void) {
    super(deps, panel, readTimelineState(state), 'timeline.js', onDispose);
  }

  protected model(run: Run): Promise<unknown> {
    return timelineOf(this.deps.store, this.state.groupBy, run);
  }

  protected async handle(msg: Msg): Promise<boolean> {
    switch (msg.type) {
      case 'group':
        this.state = { groupBy: oneOf(msg.groupBy, GROUPS, this.state.groupBy) };
        await this.post();
        return true;
      case 'open':
        return typeof msg.id === 'string' && this.open(msg.source, { id: msg.id });
      default:
        return false;
    }
  }
}
