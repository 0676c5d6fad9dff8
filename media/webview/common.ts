// Shared by the analysis webviews' scripts (issue 13). Everything from files is drawn with
// textContent or attribute values set through the DOM, never as HTML; the page keeps its view
// state with setState (restored by the extension's WebviewPanelSerializer) and talks to the
// extension in a small typed protocol the extension validates.
import { ownValue } from '../../src/core/records';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; setState(s: unknown): void; getState(): unknown };

export const vscode = acquireVsCodeApi();

type Child = Node | string | null | undefined | false;

/** An element with attributes (set as attributes, i.e. as text) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (/^on/i.test(k)) continue; // never an event handler attribute
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

export function post(m: Record<string, unknown>): void {
  vscode.postMessage(m);
}

/**
 * Keeps a view state the user just chose, for a restart, before the extension answers with the
 * model drawn in it: a tab switched or a window reloaded in between would otherwise keep the
 * state before. The extension reads it back as untrusted (read*State) either way.
 */
export function remember(view: Record<string, unknown>): void {
  vscode.setState({ view });
}

/**
 * Calls `draw` with each model the extension posts (and the view state it holds), and keeps that
 * state for a restart. The model comes as UTF-8 JSON bytes (the extension writes it in slices so
 * its thread never stops long: src/core/jsonSliced.ts), parsed here.
 */
export function onModel<S, M>(draw: (model: M, state: S) => void): void {
  window.addEventListener('message', (e: MessageEvent) => {
    const m = e.data as { type?: string; json?: unknown; state?: S };
    if (m?.type !== 'model' || !(m.json instanceof Uint8Array)) return;
    const model = JSON.parse(new TextDecoder().decode(m.json)) as M | null;
    if (!model) return;
    vscode.setState({ view: m.state });
    draw(model, m.state as S);
  });
  post({ type: 'ready' });
}

/** Arrow-key movement between the focusable items of a list or grid (roving tabindex). */
export function roving(items: HTMLElement[], columns = 1): void {
  items.forEach((el, i) => {
    el.tabIndex = i === 0 ? 0 : -1;
    el.addEventListener('keydown', (e) => {
      const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns, Home: -i, End: items.length - 1 - i };
      const d = step[e.key];
      if (d === undefined) return;
      const next = items[i + d];
      if (!next) return;
      e.preventDefault();
      el.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    });
  });
}

/** Restores the keyboard focus to the element with this data-key after a redraw. */
export function refocus(root: HTMLElement, key: string | undefined): void {
  if (!key) return;
  const el = [...root.querySelectorAll<HTMLElement>('[data-key]')].find((x) => x.dataset.key === key);
  if (el) {
    root.querySelectorAll<HTMLElement>('[tabindex="0"]').forEach((x) => (x.tabIndex = -1));
    el.tabIndex = 0;
    el.focus();
  }
}

export function label(labels: Record<string, string>, source: string): string {
  return ownValue(labels, source) ?? source;
}
