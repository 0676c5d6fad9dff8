// Marginalia: Open Entity Network (issue 13). Entities linked by co-occurrence in a sentence or
// paragraph (core/analysis/cooccurrence.ts), filtered by source, type and minimum weight. A node
// selected on the page reveals the entity in the Entities view; a sentence listed for an edge
// opens in its source. Filters are the page's state, validated against what exists.
import * as vscode from 'vscode';
import type { Unit } from '../../core/analysis/cooccurrence';
import { Webviews } from '../ids';
import { EntityNode } from '../views/entityNodes';
import { CodePointIndex } from '../../core/text/positions';
import { networkOf, utf16Range, type Run } from './models';
import { AnalysisPanel, oneOf, stringsIn, type AnalysisDeps, type Msg } from './panel';

export interface NetworkState {
  unit: Unit;
  sources: string[];
  types: string[];
  minWeight: number;
}

const UNITS: readonly Unit[] = ['sentence', 'paragraph'];

export function readNetworkState(v: unknown): NetworkState {
  const o = (v && typeof v === 'object' ? v : {}) as Msg;
  const w = Number.isInteger(o.minWeight) ? Math.min(Math.max(1, o.minWeight as number), 1000) : 1;
  // which sources and types exist is checked when the model is built: an unknown one filters nothing in
  return { unit: oneOf(o.unit, UNITS, 'sentence'), sources: stringsIn(o.sources, (s) => s.length < 4096, 5000), types: stringsIn(o.types, (s) => s.length < 200, 200), minWeight: w };
}

export class NetworkPanel extends AnalysisPanel<NetworkState> {
  static readonly viewType = Webviews.network;
  static readonly title = 'Entity Network';

  /** The sentences last sent for a link, as sent (tests read what the page was given). */
  lastPlaces: { source: string; start: number; end: number; text: string }[] = [];

  constructor(deps: AnalysisDeps, panel: vscode.WebviewPanel, state: unknown, onDispose: () => void) {
    super(deps, panel, readNetworkState(state), 'network.js', onDispose);
  }

  protected model(run: Run): Promise<unknown> {
    const { unit, sources, types, minWeight } = this.state;
    return networkOf(this.deps.store, { unit, sources: new Set(sources), types: new Set(types), minWeight }, run);
  }

  protected async handle(msg: Msg): Promise<boolean> {
    switch (msg.type) {
      case 'filter':
        this.state = readNetworkState(msg);
        await this.post();
        return true;
      case 'node':
        return typeof msg.id === 'string' && this.revealEntity(msg.id);
      case 'edge':
        return this.sendPlaces(msg.a, msg.b);
      case 'place': {
        if (typeof msg.source !== 'string' || !Number.isSafeInteger(msg.start) || !Number.isSafeInteger(msg.end)) return false;
        const r = await utf16Range(this.deps.store, msg.source, msg.start as number, msg.end as number);
        return !!r && this.open(msg.source, r);
      }
      default:
        return false;
    }
  }

  /** The sentences (or paragraphs) where both entities of a drawn edge appear, as text. */
  private async sendPlaces(a: unknown, b: unknown): Promise<boolean> {
    const model = (this.lastPosted as Awaited<ReturnType<typeof networkOf>> | undefined)?.model;
    const edge = model?.edges.find((e) => e.a === a && e.b === b);
    if (!edge) return false;
    // each source's text read, and its code points indexed, once for all its places (a place
    // near the end of a 1 MB source was the whole text split into code points, each place)
    const indexes = new Map<string, Promise<CodePointIndex>>();
    const indexOf = (source: string) => {
      let index = indexes.get(source);
      if (!index) {
        const ref = this.deps.store.sourceFor(vscode.Uri.parse(source, true));
        indexes.set(source, (index = (ref?.entry?.readable ? this.deps.store.textOf(ref) : Promise.resolve(null)).then((text) => new CodePointIndex(text ?? ''))));
      }
      return index;
    };
    const places = await Promise.all(edge.places.map(async (p) => {
      const cps = await indexOf(p.source);
      const words = cps.text.slice(cps.toUtf16(p.start), cps.toUtf16(p.end)).replace(/\s+/g, ' ').trim();
      return { ...p, text: words.length > 400 ? `${words.slice(0, 399)}…` : words };
    }));
    this.lastPlaces = places;
    await this.panel.webview.postMessage({ type: 'places', a: edge.a, b: edge.b, places });
    return true;
  }

  /** Shows the entity in the Entities view, without taking the focus from the graph. */
  private async revealEntity(id: string): Promise<boolean> {
    const { trees } = this.deps;
    trees.entities.showEntity(id); // its list grown to include it (views list a page at a time, issue 15)
    const find = async (nodes: readonly unknown[]): Promise<EntityNode | undefined> => {
      for (const n of nodes) {
        if (n instanceof EntityNode) {
          if (n.entityId === id) return n;
        } else {
          const hit = await find((await trees.entities.getChildren(n as never)) ?? []);
          if (hit) return hit;
        }
      }
      return undefined;
    };
    const node = await find((await trees.entities.getChildren()) ?? []);
    if (!node) return false;
    await trees.entitiesView.reveal(node, { select: true, focus: false });
    return true;
  }
}
