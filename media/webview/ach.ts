// The ACH matrix page (issue 13): hypotheses as columns, claims as rows, each cell a button.
// Click a cell to cycle its rating; with the keyboard, arrows move, 1–5 set CC C N I II, 0 or
// Delete clears, Enter cycles; Enter on a claim opens it in the editor. Scores under each
// hypothesis, with the weighting said in words.
import { h, label, onModel, post, refocus, remember, roving } from './common';
import { ownValue } from '../../src/core/records';
import { ACH_PAGE_ROWS } from '../../src/core/analysis/achPage';

interface Row { source: string; id: string; quote: string; status: string; credibility?: number; reliability?: string; weight: number; ratings: Record<string, string>; diagnosticity: number }
interface Column { id: string; text: string; note?: string; score: number; inconsistent: number; consistent: number; rank: number }
interface Model { model: { columns: Column[]; rows: Row[]; rowCount: number; weighting: string }; labels: Record<string, string> }
interface State { order: string; rows: number }

const SCALE = ['CC', 'C', 'N', 'I', 'II'];
const NAMES: Record<string, string> = { CC: 'very consistent', C: 'consistent', N: 'neutral', I: 'inconsistent', II: 'very inconsistent' };
const app = document.getElementById('app')!;

function rate(row: Row, hyp: string, rating: string | null): void {
  post({ type: 'rate', source: row.source, id: row.id, hypothesis: hyp, rating });
}

function next(r: string | undefined): string | null {
  const i = r ? SCALE.indexOf(r) : -1;
  return i + 1 < SCALE.length ? SCALE[i + 1] : null;
}

/**
 * Rows drawn at first, and added by each "Show more": a corpus can hold thousands of claims, and
 * a table of 12,000 rows × 5 hypotheses took the page 17 s to draw (npm run bench -- analysis).
 * Rows come most diagnostic first, so the first rows are the ones that separate the hypotheses;
 * the scores count every row. The extension sends the rows shown (state.rows) and no more
 * (ACH_PAGE_ROWS, one rule for both): "Show more" asks it for the next ones.
 */
const STEP = ACH_PAGE_ROWS;
/** After "Show more": the row to focus once it has come (the first of the new ones). */
let focusRow: number | undefined;

function draw({ model, labels }: Model, state: State): void {
  const wanted = focusRow !== undefined ? model.rows[focusRow] : undefined;
  if (wanted) focusRow = undefined;
  const focused = wanted ? `${wanted.source}#${wanted.id}` : (document.activeElement as HTMLElement | null)?.dataset?.key;
  app.replaceChildren();
  app.append(h('h1', {}, 'Analysis of Competing Hypotheses'));
  if (model.columns.length === 0) {
    app.append(h('p', { class: 'empty' }, 'No hypotheses yet: add them to marginalia.yaml as hypotheses: [{id: h1, text: …}].'));
  }
  const order = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Row order' },
    h('span', {}, 'Rows: '),
    ...(['diagnosticity', 'source'] as const).map((o) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(state.order === o), class: state.order === o ? 'on' : '' }, o === 'diagnosticity' ? 'most diagnostic first' : 'by source');
      b.addEventListener('click', () => {
        remember({ ...state, order: o });
        post({ type: 'order', order: o });
      });
      return b;
    }));
  app.append(order, h('p', { class: 'weighting' }, model.weighting), h('p', { class: 'hint' }, 'Cells: click to cycle; keys 1–5 set CC, C, N, I, II; 0 clears; Enter on a claim opens it.'));

  const table = h('table', { class: 'ach', role: 'grid', 'aria-label': 'ACH matrix' });
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Evidence (claim)'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col', title: 'credibility / source reliability → weight' }, 'Grade'), h('th', { scope: 'col' }, 'Diag.'));
  for (const c of model.columns) head.append(h('th', { scope: 'col', class: 'hyp', title: c.note ?? '' }, h('span', { class: 'hid' }, c.id), ' ', c.text));
  table.append(h('thead', {}, head));
  const body = h('tbody');
  const focusables: HTMLElement[] = [];
  const width = model.columns.length + 1;
  for (const row of model.rows) {
    const tr = h('tr', { 'data-status': row.status });
    const open = h('button', { type: 'button', class: 'quote', 'data-key': `${row.source}#${row.id}`, title: label(labels, row.source) }, row.quote);
    open.addEventListener('click', () => post({ type: 'open', source: row.source, id: row.id }));
    focusables.push(open);
    tr.append(
      h('th', { scope: 'row' }, open, h('div', { class: 'src' }, label(labels, row.source))),
      h('td', {}, h('span', { class: `status status-${row.status}` }, row.status)),
      h('td', { class: 'num' }, `${row.credibility ?? '–'}${row.reliability ?? ''} · ${row.weight}`),
      h('td', { class: 'num' }, String(row.diagnosticity)),
    );
    for (const c of model.columns) {
      const r = ownValue(row.ratings, c.id);
      const cell = h('button', { type: 'button', class: `cell r-${r ?? 'none'}`, 'data-key': `${row.source}#${row.id}@${c.id}`, 'data-hyp': c.id, 'aria-label': `${c.id}: ${r ? NAMES[r] : 'not assessed'}` }, r ?? '·');
      cell.addEventListener('click', () => rate(row, c.id, next(r)));
      cell.addEventListener('keydown', (e) => {
        const k = e.key;
        if (k >= '1' && k <= '5') rate(row, c.id, SCALE[Number(k) - 1]);
        else if (k === '0' || k === 'Delete' || k === 'Backspace') rate(row, c.id, null);
        else return;
        e.preventDefault();
      });
      focusables.push(cell);
      tr.append(h('td', {}, cell));
    }
    body.append(tr);
  }
  table.append(body);
  const foot = h('tr', { class: 'scores' }, h('th', { scope: 'row', colspan: 4 }, 'Weighted inconsistency (lower is stronger)'));
  for (const c of model.columns) foot.append(h('td', { class: `score rank-${c.rank}`, 'data-hyp': c.id, title: `${c.inconsistent} inconsistent, ${c.consistent} consistent` }, `${c.score}`, h('div', { class: 'rank' }, `#${c.rank}`)));
  table.append(h('tfoot', {}, foot));
  app.append(table);
  const rest = model.rowCount - model.rows.length;
  if (rest > 0) {
    const more = h('button', { type: 'button', class: 'more' }, `Show ${Math.min(STEP, rest)} more rows (${rest} not shown; the scores count them all)`);
    more.addEventListener('click', () => {
      const rows = model.rows.length + STEP;
      focusRow = model.rows.length;
      remember({ ...state, rows });
      post({ type: 'rows', rows });
    });
    app.append(more);
  }
  roving(focusables, width);
  refocus(app, focused);
}

onModel<State, Model>((model, state) => draw(model, state));
