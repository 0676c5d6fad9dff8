// The timeline page (issue 13): dated claims and notes on a day axis, one row per source (or per
// entity), coloured by status. Items whose dates overlap in a row stack into lanes, so rival
// claims on the same date sit side by side; contested ones (disputed, or contradicted by another
// dated claim) carry a marker. Each item is a button: Enter or click opens it in its source;
// arrows move along the timeline in date order.
import { h, label, onModel, post, refocus, roving } from './common';

interface Span { text: string; first: string; last: string; precision: string }
interface Item { key: string; source: string; id: string; kind: string; quote: string; status?: string; when: Span; contested: boolean; rivals: string[] }
interface Model { model: { groupBy: string; items: Item[]; groups: { id: string; items: string[] }[]; first: string | null; last: string | null }; labels: Record<string, string>; names: Record<string, string> }

const app = document.getElementById('app')!;
const DAY = 86_400_000;
const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
/** The axis spans this share of a row: the rest leaves room for the text of the last items. */
const AXIS = 72;

onModel<{ groupBy: string }, Model>(({ model: m, labels, names }, state) => {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
  app.replaceChildren();
  const group = h('select', { 'aria-label': 'Group by' }, ...['source', 'entity'].map((g) => h('option', { value: g, selected: g === state.groupBy }, g)));
  group.addEventListener('change', () => post({ type: 'group', groupBy: group.value }));
  app.append(h('h1', {}, 'Timeline'), h('div', { class: 'toolbar' }, h('label', {}, 'Rows by ', group)));
  if (!m.first || !m.last) {
    app.append(h('p', { class: 'empty' }, 'No dated claims or notes yet: give a claim `when: 2026-11-10` (or 2026-11, 2026, or a range 2026-11-01/2026-11-03) in its sidecar.'));
    return;
  }
  const min = day(m.first);
  const span = Math.max(1, day(m.last) - min + 1);
  const pct = (d: string) => ((day(d) - min) / span) * AXIS;
  const byKey = new Map(m.items.map((i) => [i.key, i]));
  const axis = h('div', { class: 'axis', 'aria-hidden': 'true' });
  const ticks = 6;
  for (let t = 0; t <= ticks; t++) {
    const d = new Date((min + (span * t) / ticks) * DAY).toISOString().slice(0, 10);
    const tick = h('span', { class: 'tick' }, d);
    tick.style.left = `${(t / ticks) * AXIS}%`;
    axis.append(tick);
  }
  const rows = h('div', { class: 'rows' });
  const buttons: HTMLElement[] = [];
  for (const g of m.groups) {
    const items = g.items.map((k) => byKey.get(k)!).filter(Boolean);
    const lanes: number[] = []; // the last day taken in each lane
    const track = h('div', { class: 'track' });
    for (const it of items) {
      let lane = lanes.findIndex((end) => end < day(it.when.first));
      if (lane < 0) lane = lanes.push(0) - 1;
      lanes[lane] = Math.max(day(it.when.last), day(it.when.first) + span / 12);
      const b = h('button', {
        type: 'button',
        class: `item kind-${it.kind} status-${it.status ?? 'note'}${it.contested ? ' contested' : ''}${it.when.precision !== 'day' ? ' spanning' : ''}`,
        'data-key': it.key,
        title: `${it.when.text} · ${label(labels, it.source)}${it.rivals.length ? ` · contradicted by ${it.rivals.length}` : ''}`,
        'aria-label': `${it.when.text}, ${it.kind}${it.status ? `, ${it.status}` : ''}${it.contested ? ', contested' : ''}: ${it.quote}`,
      }, h('span', { class: 'date' }, it.when.text), it.contested ? h('span', { class: 'flag' }, '⚑') : null, ' ', it.quote);
      b.style.left = `${pct(it.when.first)}%`;
      b.style.top = `${lane * 2.2}em`;
      b.style.minWidth = `${Math.max(0.6, ((day(it.when.last) - day(it.when.first) + 1) / span) * AXIS)}%`;
      b.style.maxWidth = `${100 - pct(it.when.first)}%`;
      b.addEventListener('click', () => post({ type: 'open', source: it.source, id: it.id }));
      track.append(b);
    }
    track.style.height = `${Math.max(1, lanes.length) * 2.2 + 0.4}em`;
    const name = m.groupBy === 'source' ? label(labels, g.id) : names[g.id] ?? g.id;
    rows.append(h('div', { class: 'row' }, h('div', { class: 'group' }, name), track));
  }
  // keyboard order: by date across rows
  for (const it of m.items) buttons.push(...[...rows.querySelectorAll<HTMLElement>('.item')].filter((b) => b.dataset.key === it.key).slice(0, 1));
  app.append(h('div', { class: 'timeline' }, h('div', { class: 'row axisrow' }, h('div', { class: 'group' }), axis), rows));
  app.append(h('p', { class: 'hint' }, `${m.items.length} dated items, ${m.first} to ${m.last}. ⚑ contested: disputed, or contradicted by a claim dated to the same time. Arrows move in date order; Enter opens.`));
  roving(buttons);
  refocus(app, focused);
});
