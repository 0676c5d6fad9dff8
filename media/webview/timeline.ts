// The timeline page (issue 13): dated claims and notes on a day axis, one row per source (or per
// entity), coloured by status. Items whose dates overlap in a row stack into lanes, so rival
// claims on the same date sit side by side; contested ones (disputed, or contradicted by another
// dated claim) carry a marker. Each item is a button: Enter or click opens it in its source;
// arrows move along the timeline in date order.
import { h, label, onModel, post, refocus, remember, roving } from './common';
import { ownValue } from '../../src/core/records';

interface Span { text: string; first: string; last: string; precision: string }
interface Item { key: string; source: string; id: string; kind: string; quote: string; status?: string; when: Span; contested: boolean; rivals: string[] }
interface Model { model: { groupBy: string; items: Item[]; groups: { id: string; items: string[] }[]; first: string | null; last: string | null }; labels: Record<string, string>; names: Record<string, string> }

const app = document.getElementById('app')!;
const DAY = 86_400_000;
const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
/** The axis spans this share of a row: the rest leaves room for the text of the last items. */
const AXIS = 72;
/** An item keeps at least this share of a row for its label: a later item in the same lane starts past it. */
const LABEL = 14;
const LANE_EM = 2.2;
const GAP = 0.4;

/**
 * Lanes for one row's items (sorted by start, in % of the row): each goes in the first lane whose
 * last item ends, label included, before it starts. An item's label then runs up to the next
 * item in its lane (or the row's end) and is cut there with an ellipsis, so no label lies under
 * another item; the full text is the item's tooltip. Linear in items × lanes.
 */
function lay(items: { from: number; to: number }[]): { from: number; to: number; lane: number; width: number }[] {
  const ends: number[] = []; // where each lane is free from
  const last: number[] = []; // the index of each lane's last item
  const out: { from: number; to: number; lane: number; width: number }[] = [];
  for (const it of items) {
    let lane = ends.findIndex((end) => end <= it.from);
    if (lane < 0) lane = ends.push(0) - 1;
    else out[last[lane]].width = it.from - out[last[lane]].from - GAP;
    ends[lane] = Math.max(it.to, it.from + LABEL) + GAP;
    last[lane] = out.length;
    out.push({ ...it, lane, width: 100 - it.from });
  }
  return out;
}

onModel<{ groupBy: string }, Model>(({ model: m, labels, names }, state) => {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
  app.replaceChildren();
  const group = h('select', { 'aria-label': 'Group by' }, ...['source', 'entity'].map((g) => h('option', { value: g, selected: g === state.groupBy }, g)));
  group.addEventListener('change', () => {
    remember({ groupBy: group.value });
    post({ type: 'group', groupBy: group.value });
  });
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
    const track = h('div', { class: 'track' });
    const placed = lay(items.map((it) => ({ from: pct(it.when.first), to: pct(it.when.last) + (AXIS / span) })));
    items.forEach((it, i) => {
      const { lane, width } = placed[i];
      const b = h('button', {
        type: 'button',
        class: `item kind-${it.kind} status-${it.status ?? 'note'}${it.contested ? ' contested' : ''}${it.when.precision !== 'day' ? ' spanning' : ''}`,
        'data-key': it.key,
        // the whole quote, as text: the label may be cut short to keep clear of the next item
        title: `${it.when.text} · ${it.quote}\n${label(labels, it.source)}${it.status ? ` · ${it.status}` : ''}${it.rivals.length ? ` · contradicted by ${it.rivals.length}` : ''}`,
        'aria-label': `${it.when.text}, ${it.kind}${it.status ? `, ${it.status}` : ''}${it.contested ? ', contested' : ''}: ${it.quote}`,
      }, h('span', { class: 'date' }, it.when.text), it.contested ? h('span', { class: 'flag' }, '⚑') : null, ' ', it.quote);
      b.style.left = `${placed[i].from}%`;
      b.style.top = `${lane * LANE_EM}em`;
      b.style.minWidth = `${Math.min(width, Math.max(0.6, placed[i].to - placed[i].from))}%`;
      b.style.maxWidth = `${width}%`;
      b.addEventListener('click', () => post({ type: 'open', source: it.source, id: it.id }));
      track.append(b);
    });
    track.style.height = `${Math.max(1, ...placed.map((p) => p.lane + 1)) * LANE_EM + 0.4}em`;
    const name = m.groupBy === 'source' ? label(labels, g.id) : ownValue(names, g.id) ?? g.id;
    rows.append(h('div', { class: 'row' }, h('div', { class: 'group' }, name), track));
  }
  // keyboard order: by date across rows
  const firstOf = new Map<string, HTMLElement>();
  for (const b of rows.querySelectorAll<HTMLElement>('.item')) if (!firstOf.has(b.dataset.key!)) firstOf.set(b.dataset.key!, b);
  for (const it of m.items) if (firstOf.has(it.key)) buttons.push(firstOf.get(it.key)!);
  app.append(h('div', { class: 'timeline' }, h('div', { class: 'row axisrow' }, h('div', { class: 'group' }), axis), rows));
  app.append(h('p', { class: 'hint' }, `${m.items.length} dated items, ${m.first} to ${m.last}. ⚑ contested: disputed, or contradicted by a claim dated to the same time. Arrows move in date order; Enter opens.`));
  roving(buttons);
  refocus(app, focused);
});
