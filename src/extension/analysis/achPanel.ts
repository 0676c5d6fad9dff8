// Marginalia: Open ACH Matrix (issue 13). Hypotheses as columns, claims as rows; a cell set from
// the page is written through the extension's one write path (`writer.apply`: re-read, history
// entry with who and when, Undo). The page can only name a claim the store holds, a hypothesis
// the registry holds, and a rating from the ACH scale (or none, to clear it). The page is sent its
// first rows only and asks for more (`rows`): a large corpus's matrix is never posted whole.
import * as vscode from 'vscode';
import type { RowOrder } from '../../core/analysis/ach';
import { ACH_PAGE_ROWS } from '../../core/analysis/achPage';
import { ACH_RATINGS, type AchRating } from '../../core/types';
import { ownValue, setOwn } from '../../core/records';
import { Webviews } from '../ids';
import { achOf, hypothesesOf, type Run } from './models';
import { AnalysisPanel, oneOf, type AnalysisDeps, type Msg } from './panel';

export interface AchState {
  order: RowOrder;
  /** How many rows the page shows (it asks for more, ACH_PAGE_ROWS at a time); the scores count all. */
  rows: number;
}

const ORDERS: readonly RowOrder[] = ['diagnosticity', 'source'];

const MAX_ROWS = 1_000_000;

/** A count of rows from the page (untrusted): a whole number from ACH_PAGE_ROWS up, else ACH_PAGE_ROWS. */
function readRows(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= ACH_PAGE_ROWS ? Math.min(v, MAX_ROWS) : ACH_PAGE_ROWS;
}

export function readAchState(v: unknown): AchState {
  const m = v as Msg | undefined;
  return { order: oneOf(m?.order, ORDERS, 'diagnosticity'), rows: readRows(m?.rows) };
}

export class AchPanel extends AnalysisPanel<AchState> {
  static readonly viewType = Webviews.ach;
  static readonly title = 'ACH Matrix';

  constructor(deps: AnalysisDeps, panel: vscode.WebviewPanel, state: unknown, onDispose: () => void) {
    super(deps, panel, readAchState(state), 'ach.js', onDispose);
  }

  protected model(run: Run): Promise<unknown> {
    return achOf(this.deps.store, this.state.order, run, this.state.rows);
  }

  protected async handle(msg: Msg): Promise<boolean> {
    switch (msg.type) {
      case 'order':
        this.state = { ...this.state, order: oneOf(msg.order, ORDERS, this.state.order) };
        await this.post();
        return true;
      case 'rows':
        this.state = { ...this.state, rows: readRows(msg.rows) };
        await this.post();
        return true;
      case 'open':
        return typeof msg.id === 'string' && this.open(msg.source, { id: msg.id });
      case 'rate':
        return this.rate(msg);
      default:
        return false;
    }
  }

  private async rate(msg: Msg): Promise<boolean> {
    const { source, id, hypothesis, rating } = msg;
    if (typeof id !== 'string' || typeof hypothesis !== 'string') return false;
    if (rating !== null && !(typeof rating === 'string' && (ACH_RATINGS as readonly string[]).includes(rating))) return false;
    if (!hypothesesOf(this.deps.store).some((h) => h.id === hypothesis)) return false;
    const ref = this.sourceOf(source);
    const claim = ref?.entry?.parsed?.sidecar?.annotations.find((a) => a.id === id && a.kind === 'claim');
    if (!ref || !claim) return false;
    const next: Record<string, AchRating> = { ...(claim.hypotheses ?? {}) };
    if (rating === null) delete next[hypothesis];
    else setOwn(next, hypothesis, rating as AchRating);
    if ((ownValue(claim.hypotheses, hypothesis) ?? null) === rating) return true;
    await this.deps.writer.apply(ref.uri, [{ type: 'update', id, set: { hypotheses: Object.keys(next).length ? next : null } }], `rate ${hypothesis}`);
    return true;
  }
}
