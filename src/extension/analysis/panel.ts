// What the three analysis webviews share (issue 13): the panel with its CSP'd shell, the model
// posted to it and re-posted when the store changes (a sidecar saved, a `git pull`, the registry
// edited — no reload; a hidden panel's, when it is shown again), messages from the page read as
// untrusted, and the view state (sort order, filters) the page keeps with `setState`, which VS
// Code hands back to the serializer after a restart. Each view says how to compute its model,
// how to read its state, and what its messages may do; anything else a page sends is dropped.
import * as vscode from 'vscode';
import type { LiveDocuments } from '../editor/liveDocuments';
import type { CorpusStore, SourceRef } from '../store/corpusStore';
import type { SidecarWriter } from '../store/sidecarWriter';
import type { Messages } from '../ui/messages';
import type { Trees } from '../views/trees';
import { Commands } from '../ids';
import { jsonPieces } from '../../core/jsonSliced';
import { Stale, sliced } from '../../core/slices';
import { utf8Sliced } from '../../core/text/utf8';
import type { Run } from './models';
import { webviewHtml, webviewOptions } from './webviewHtml';

export interface AnalysisDeps {
  store: CorpusStore;
  live: LiveDocuments;
  writer: SidecarWriter;
  trees: Trees;
  ui: Messages;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
}

export type Msg = Record<string, unknown>;

/** A model computed for the page (`run`: the post it was computed for), and its JSON. */
interface Prepared {
  run: number;
  model: unknown;
  json: Uint8Array;
}

/** Waits this long after a store change before recomputing: a `git pull` is many changes. */
const SETTLE_MS = 150;

export abstract class AnalysisPanel<S extends object> implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** Resolves once the page has asked for its first model (tests wait on it). */
  readonly loaded: Promise<void>;
  private markLoaded!: () => void;
  /** The last model posted, before it was written as JSON (tests read what the page was given). */
  lastPosted: unknown;
  private posts = 0;
  /** Models computed for the page so far (for the tests: none while the panel is hidden). */
  computed = 0;
  /** Models posted to the page so far (for the tests: one overtaken by a newer is not). */
  posted = 0;
  /** The first model, computed while the page loads (a new visible panel), for its `ready`. */
  private ahead: Promise<Prepared | undefined> | undefined;

  constructor(
    protected readonly deps: AnalysisDeps,
    readonly panel: vscode.WebviewPanel,
    protected state: S,
    script: string,
    private readonly onDispose: () => void,
  ) {
    this.loaded = new Promise((r) => (this.markLoaded = r));
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, script, panel.title);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m) => void this.receive(m)),
      deps.store.onDidChange(() => this.schedule()),
      panel.onDidDispose(() => this.dispose()),
    );
    // the page loads its script before it asks (the network's is ~1 MB: 1.0-1.5 s at 10,000
    // sources, the host idle meanwhile): the first model is computed now, and posted when asked
    // for; a hidden panel (restored in a background tab) computes nothing until shown
    // (begun once the subclass is constructed: its model reads its own fields)
    if (panel.visible) this.ahead = Promise.resolve().then(() => this.prepare()).catch(() => undefined);
  }

  /** The view's model for the current state, ready to post (plain data, file text as strings), its work run by `run`. */
  protected abstract model(run: Run): Promise<unknown>;

  /** Handles one message whose `type` is not `ready`; returns false when it is not one of the view's. */
  protected abstract handle(msg: Msg): Promise<boolean>;

  /** Handles a message from the page. Public so the integration tests can drive it as the page does. */
  async receive(raw: unknown): Promise<void> {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return;
    const msg = raw as Msg;
    try {
      if (msg.type === 'ready') {
        const ahead = await this.ahead;
        this.ahead = undefined;
        // computed ahead and still current (no change, no message since): posted as it is
        if (ahead && ahead.run === this.posts) this.deliver(ahead);
        else await this.post();
        this.markLoaded();
        return;
      }
      if (!(await this.handle(msg))) this.deps.log.warn(`analysis view: ignored a message of type ${JSON.stringify(String(msg.type)).slice(0, 40)}`);
    } catch (e) {
      this.deps.log.error(`analysis view: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      void this.deps.ui.error(`Marginalia: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Computes the model and posts it, unless a later post overtook it. Computed in slices with the
   * event loop free between them (core/slices.ts; issue 15: no host pause over 50 ms), and posted
   * as JSON bytes written in slices too: VS Code hands a buffer to the page as it is, where an
   * object would be stringified on the host's thread in one task.
   */
  async post(): Promise<void> {
    const prepared = await this.prepare();
    if (prepared) this.deliver(prepared);
  }

  /** The model for the state now, as JSON bytes; undefined when a later post overtook it. */
  private async prepare(): Promise<Prepared | undefined> {
    if (this.disposed) return undefined;
    const run = ++this.posts;
    const stale = () => this.disposed || run !== this.posts;
    const inSlices: Run = (work) => sliced(work, { stop: stale });
    this.computed++;
    try {
      const model = await this.model(inSlices);
      const json = await inSlices(utf8Sliced(await inSlices(jsonPieces(model))));
      return stale() ? undefined : { run, model, json };
    } catch (e) {
      if (!(e instanceof Stale)) throw e;
      return undefined;
    }
  }

  private deliver({ run, model, json }: Prepared): void {
    if (this.disposed || run !== this.posts) return;
    this.lastPosted = model;
    this.posted++;
    void this.panel.webview.postMessage({ type: 'model', state: this.state, json });
  }

  /**
   * A store change: the model again, once changes settle, if the page is there to take it. A
   * hidden panel's page is gone (retainContextWhenHidden: false) and asks again (`ready`) when
   * shown, so nothing is computed for it meanwhile (issue 15: a model is computed and serialized
   * on the host's thread, 100-200 ms at 2,000 sources, and a panel left open in a background tab
   * paid that at every save and status change).
   */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.panel.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.panel.visible) this.post().catch((e: unknown) => this.deps.log.error(`analysis view: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    }, SETTLE_MS);
  }

  /** The source a webview message names by its URI string, if the store knows it (the message is untrusted). */
  protected sourceOf(source: unknown): SourceRef | undefined {
    if (typeof source !== 'string') return undefined;
    try {
      return this.deps.store.sourceFor(vscode.Uri.parse(source, true));
    } catch {
      return undefined;
    }
  }

  /** Opens an annotation (`source#id`) or a place (code points) in the editor, if the store knows it. */
  protected async open(source: unknown, target: { id: string } | { start: number; end: number }): Promise<boolean> {
    const ref = this.sourceOf(source);
    if (!ref?.entry) return false;
    await vscode.commands.executeCommand(Commands.reveal, { source: ref.uri.toString(), ...target });
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
    this.panel.dispose();
    // told here, not only from the panel's onDidDispose, whose listener is gone by now when code disposes the view
    this.onDispose();
  }
}

/** One of a fixed set, else the default: how every value from a page or a saved state is read. */
export function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** A list of strings from a page, kept only where `keep` says (ids that exist), at most `max`. */
export function stringsIn(v: unknown, keep: (s: string) => boolean, max = 10_000): string[] {
  if (!Array.isArray(v)) return [];
  return v.slice(0, max).filter((s): s is string => typeof s === 'string' && keep(s));
}
