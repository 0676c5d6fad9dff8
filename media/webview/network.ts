// The entity network page (issue 13): cytoscape (bundled, no CDN) lays out and draws the graph;
// node size by mentions, colour by type, edge width by co-occurrences. The same nodes are a
// keyboard list beside it: Enter on an entity reveals it in the Entities view and lists its
// links; Enter on a link lists the sentences where both appear, each opening its place.
import cytoscape from 'cytoscape';
import { h, label, onModel, post, remember, roving } from './common';
import { countOverlaps, spaceBoxes } from '../../src/core/analysis/labelSpacing';

interface Node { id: string; name: string; type: string; mentions: number }
interface Edge { a: string; b: string; weight: number }
interface Model { model: { unit: string; nodes: Node[]; edges: Edge[]; hiddenNodes: number; allSources: string[]; allTypes: string[] }; labels: Record<string, string> }
interface State { unit: string; sources: string[]; types: string[]; minWeight: number }
interface Place { source: string; start: number; end: number; text: string }

const app = document.getElementById('app')!;
/** The graph draws at most this many links, the strongest. */
const MAX_EDGES = 600;
const TYPE_VARS: Record<string, string> = { person: '--vscode-charts-blue', organization: '--vscode-charts-purple', place: '--vscode-charts-green', event: '--vscode-charts-orange' };
const css = (v: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(v).trim() || fallback;
const colour = (type: string) => css(TYPE_VARS[type] ?? '--vscode-charts-yellow', '#888');

let cy: cytoscape.Core | undefined;
let current: Model | undefined;
let state: State = { unit: 'sentence', sources: [], types: [], minWeight: 1 };
const details = h('section', { class: 'details', 'aria-live': 'polite' });

function filter(change: Partial<State>): void {
  remember({ ...state, ...change });
  post({ type: 'filter', ...state, ...change });
}

function showEdge(e: Edge): void {
  post({ type: 'edge', a: e.a, b: e.b });
}

function nameOf(id: string): string {
  return current?.model.nodes.find((n) => n.id === id)?.name ?? id;
}

function showNode(n: Node): void {
  post({ type: 'node', id: n.id });
  const edges = current!.model.edges.filter((e) => e.a === n.id || e.b === n.id);
  const items = edges.map((e) => {
    const other = e.a === n.id ? e.b : e.a;
    const b = h('button', { type: 'button', class: 'link', 'data-edge': `${e.a}|${e.b}` }, `${nameOf(other)} — ${e.weight}×`);
    b.addEventListener('click', () => showEdge(e));
    return h('li', {}, b);
  });
  details.replaceChildren(h('h2', {}, n.name), h('p', {}, `${n.type}, ${n.mentions} mentions, ${edges.length} links`), h('ul', { class: 'edges' }, ...items));
  roving(items.map((li) => li.firstElementChild as HTMLElement));
  cy?.$(':selected').unselect();
  cy?.getElementById(n.id).select();
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as { type?: string; a?: string; b?: string; places?: Place[] };
  if (m?.type !== 'places' || !Array.isArray(m.places)) return;
  const items = m.places.map((p) => {
    const b = h('button', { type: 'button', class: 'place' }, h('span', { class: 'src' }, label(current?.labels ?? {}, p.source)), ' ', String(p.text));
    b.addEventListener('click', () => post({ type: 'place', source: p.source, start: p.start, end: p.end }));
    return h('li', {}, b);
  });
  details.replaceChildren(h('h2', {}, `${nameOf(String(m.a))} & ${nameOf(String(m.b))}`), h('ol', { class: 'places' }, ...items));
  roving(items.map((li) => li.firstElementChild as HTMLElement));
  (items[0]?.firstElementChild as HTMLElement | undefined)?.focus();
});

function draw(model: Model, s: State): void {
  current = model;
  state = s;
  const { nodes, edges, hiddenNodes, allSources, allTypes } = model.model;
  app.replaceChildren();
  const unit = h('select', { 'aria-label': 'Linked when in the same' }, ...['sentence', 'paragraph'].map((u) => h('option', { value: u, selected: u === s.unit }, u)));
  unit.addEventListener('change', () => filter({ unit: unit.value }));
  const weight = h('input', { type: 'number', min: 1, value: s.minWeight, 'aria-label': 'Minimum co-occurrences', class: 'weight' });
  weight.addEventListener('change', () => filter({ minWeight: Math.max(1, Math.floor(Number(weight.value) || 1)) }));
  const types = allTypes.map((t) => {
    const box = h('input', { type: 'checkbox', checked: s.types.length === 0 || s.types.includes(t), value: t });
    box.addEventListener('change', () => {
      const on = [...app.querySelectorAll<HTMLInputElement>('.types input')].filter((b) => b.checked).map((b) => b.value);
      filter({ types: on.length === allTypes.length ? [] : on });
    });
    return h('label', { class: 'type' }, box, h('span', { class: 'swatch', 'data-type': t }), t);
  });
  const sources = h('select', { multiple: true, size: Math.min(5, allSources.length + 1), 'aria-label': 'Sources (none selected: all)' }, ...allSources.map((src) => h('option', { value: src, selected: s.sources.includes(src) }, label(model.labels, src))));
  sources.addEventListener('change', () => filter({ sources: [...sources.selectedOptions].map((o) => o.value) }));
  app.append(
    h('h1', {}, 'Entity network'),
    h('div', { class: 'toolbar' }, h('label', {}, 'Linked in the same ', unit), h('label', {}, ' at least ', weight, ' times'), h('span', { class: 'types' }, ...types)),
    h('div', { class: 'toolbar' }, h('label', {}, 'Sources ', sources)),
    h('p', { class: 'hint' }, `${nodes.length} entities, ${edges.length} links${hiddenNodes ? ` (${hiddenNodes} less-mentioned entities not drawn)` : ''}${edges.length > MAX_EDGES ? ` (the ${MAX_EDGES} strongest drawn; raise the minimum to draw fewer)` : ''}. Select an entity or a link; arrows move in the list.`),
  );
  // the strongest links only: past a few hundred the graph is a hairball, and cytoscape took 7 s
  // to draw the 7,000 links of 150 entities (npm run bench -- analysis); every link is still
  // listed under its entities
  const drawnEdges = edges.length > MAX_EDGES ? [...edges].sort((x, y) => y.weight - x.weight).slice(0, MAX_EDGES) : edges;
  const graph = h('div', { class: 'graph', role: 'img', 'aria-label': `Graph of ${nodes.length} entities and ${drawnEdges.length} links` });
  const list = h('ul', { class: 'nodes', 'aria-label': 'Entities' });
  const buttons = nodes.map((n) => {
    const b = h('button', { type: 'button', 'data-node': n.id }, h('span', { class: 'swatch', 'data-type': n.type }), `${n.name} (${n.mentions})`);
    b.addEventListener('click', () => showNode(n));
    list.append(h('li', {}, b));
    return b;
  });
  roving(buttons);
  app.append(h('div', { class: 'split' }, graph, h('div', { class: 'side' }, list, details)));
  // each type's colour read once: reading a computed style between style writes recalculated the
  // page's styles for every swatch (seconds on a large corpus, npm run bench -- analysis)
  const colours = new Map(allTypes.concat(nodes.map((n) => n.type)).map((t) => [t, colour(t)]));
  for (const sw of app.querySelectorAll<HTMLElement>('.swatch')) sw.style.backgroundColor = colours.get(sw.dataset.type ?? '') ?? colour('');

  const max = Math.max(1, ...nodes.map((n) => n.mentions));
  const maxW = edges.reduce((m, e) => Math.max(m, e.weight), 1);
  cy?.destroy();
  graph.dataset.fg = css('--vscode-foreground', '#ccc'); // the colour the canvas's labels are drawn in (the UI test compares it with the theme's)
  cy = cytoscape({
    container: graph,
    elements: [
      // each node starts on a circle: cose started from one point pushes nodes apart in random
      // directions, and the same corpus drew differently each time
      ...nodes.map((n, k) => ({ data: { id: n.id, label: n.name, size: 16 + 34 * Math.sqrt(n.mentions / max), color: colours.get(n.type) }, position: { x: 300 * Math.cos((2 * Math.PI * k) / nodes.length), y: 300 * Math.sin((2 * Math.PI * k) / nodes.length) } })),
      ...drawnEdges.map((e) => ({ data: { id: `${e.a}|${e.b}`, source: e.a, target: e.b, width: 1 + 7 * (e.weight / maxW), weight: e.weight } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': 'data(color)', color: css('--vscode-foreground', '#ccc'), 'font-size': 13, 'text-valign': 'bottom', 'text-margin-y': 3, 'text-wrap': 'wrap', 'text-max-width': '110px', 'text-outline-color': css('--vscode-editor-background', '#000'), 'text-outline-width': 2 } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': css('--vscode-editorWidget-border', '#888'), 'curve-style': 'haystack', opacity: 0.8 } },
      { selector: ':selected', style: { 'border-width': 3, 'border-color': css('--vscode-focusBorder', '#09f'), 'line-color': css('--vscode-focusBorder', '#09f') } },
    ],
    // the layout spaces nodes by their labels too (long organisation names otherwise lie over
    // their neighbours), and keeps linked nodes further apart than cose's default
    layout: nodes.length > 60
      ? { name: 'circle', animate: false, nodeDimensionsIncludeLabels: true, spacingFactor: 1.2 }
      : { name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 200_000, idealEdgeLength: () => 40, nodeOverlap: 20, componentSpacing: 60, padding: 10 },
    wheelSensitivity: 0.3,
  });
  spaceLabels(cy);
  graph.dataset.labelOverlaps = String(countOverlaps(labelBoxes(cy))); // the UI test checks that no label lies over another
  cy.on('tap', 'node', (e) => {
    const n = nodes.find((x) => x.id === e.target.id());
    if (n) showNode(n);
  });
  cy.on('tap', 'edge', (e) => {
    const [a, b] = String(e.target.id()).split('|');
    const edge = edges.find((x) => x.a === a && x.b === b);
    if (edge) showEdge(edge);
  });
}

/** Each node's box with its name (for up to 60 nodes: a larger graph is a circle spaced by its labels). */
function labelBoxes(core: cytoscape.Core): cytoscape.BoundingBox12[] {
  if (core.nodes().length > 60) return [];
  return core.nodes().map((n) => n.boundingBox({ includeLabels: true, includeNodes: true, includeEdges: false }));
}

/** Moves nodes whose names lie over another's apart (labelSpacing.ts), then fits the graph to the page again. */
function spaceLabels(core: cytoscape.Core): void {
  const boxes = labelBoxes(core);
  if (!countOverlaps(boxes)) return;
  const shifts = spaceBoxes(boxes);
  core.batch(() => core.nodes().forEach((n, k) => {
    const p = n.position();
    n.position({ x: p.x + shifts[k].dx, y: p.y + shifts[k].dy });
  }));
  core.fit(undefined, 10);
}

onModel<State, Model>(draw);
// The graph's colours are read from the theme's variables when it is drawn (the canvas cannot
// use CSS variables): when the theme changes (VS Code sets the body's class), draw it again.
new MutationObserver(() => current && draw(current, state)).observe(document.body, { attributes: true, attributeFilter: ['class'] });
