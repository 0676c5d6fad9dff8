// The status-bar item for the active source: its claims and entities at a glance, disputed
// claims and orphans called out, a click away from the Sources view. Counts come from the live
// document, so they follow unsaved edits. The item is sent to the workbench again only when
// what it shows changed (issue 15: its Markdown tooltip was rebuilt after every typing pause).
import * as vscode from 'vscode';
import type { LiveDocument, LiveDocuments } from '../editor/liveDocuments';
import { Views } from '../ids';
import type { CorpusStore } from '../store/corpusStore';
import { citeSource, hasTitle } from '../../core/sources/naming';
import { reliabilityText } from './presentation';
import { appendUntrusted } from './tooltips';
import { countAnnotations, plural, STATUS_ORDER, type Counts } from './summary';

const TYPING_PAUSE_MS = 100;

export class StatusBar implements vscode.Disposable {
  /** Exposed for the integration tests. */
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[];
  private shown = false;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** What the item shows: the counts, and the source and sidecar the tooltip names. */
  private shows: { key: string; sidecar: unknown } | undefined;

  constructor(
    store: CorpusStore,
    private readonly live: LiveDocuments,
  ) {
    this.item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'Marginalia';
    this.item.command = { command: `${Views.sources}.focus`, title: 'Show the Sources view' };
    this.disposables = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      // counting every mention of a long document on each keystroke would cost more than the
      // keystroke itself: recount once typing pauses
      live.onDidChange((d) => {
        if (d !== vscode.window.activeTextEditor?.document) return;
        clearTimeout(this.pending);
        this.pending = setTimeout(() => this.update(), TYPING_PAUSE_MS);
      }),
      { dispose: () => clearTimeout(this.pending) },
      store.onDidChange(() => this.update()),
    ];
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const live = doc && this.live.get(doc);
    if (!live) {
      // each hide() is a message to the window, and every store change asks (issue 15)
      if (this.shown) this.item.hide();
      this.shown = false;
      this.shows = undefined;
      return;
    }
    const counts = liveCounts(live);
    const sidecar = live.ref.entry?.parsed?.sidecar;
    const key = `${live.ref.uri.toString()}\n${JSON.stringify(counts)}`;
    if (this.shown && this.shows?.key === key && this.shows.sidecar === sidecar) return;
    this.shows = { key, sidecar };
    this.item.text = statusText(counts);
    this.item.tooltip = tooltip(live, counts);
    this.item.accessibilityInformation = { label: `Marginalia: ${describe(counts)}` };
    this.item.show();
    this.shown = true;
  }

  /** Whether the item is showing (StatusBarItem does not say). */
  get visible(): boolean {
    return this.shown;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function liveCounts(live: LiveDocument): Counts {
  const { corpus } = live.ref.root;
  return countAnnotations({
    placed: live.annotations.map((s) => s.annotation),
    orphans: live.orphans,
    mentioned: live.mentions.map((m) => m.entity),
    statusOf: (a) => corpus.statusOf(live.ref.rel, a),
  });
}

/** `$(bookmark) 2 claims · 5 entities · $(warning) 1 disputed`. */
export function statusText(c: Counts): string {
  const parts = [`$(bookmark) ${plural(c.claimTotal, 'claim')}`, plural(c.entities, 'entity', 'entities')];
  if (c.notes) parts.push(plural(c.notes, 'note'));
  if (c.claims.disputed) parts.push(`$(warning) ${c.claims.disputed} disputed`);
  if (c.orphans) parts.push(`$(debug-disconnect) ${c.orphans} orphaned`);
  return parts.join(' · ');
}

function describe(c: Counts): string {
  return statusText(c).replace(/\$\([^)]*\) /g, '');
}

function tooltip(live: LiveDocument, c: Counts): vscode.MarkdownString {
  // untrusted: the reliability grade comes from the sidecar
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.appendMarkdown('**Marginalia** · ');
  // a captured source by its title, publisher and date (issue 14); the file name after it
  const sidecar = live.ref.entry?.parsed?.sidecar;
  appendUntrusted(md, citeSource(live.ref.rel, sidecar?.provenance));
  if (hasTitle(sidecar?.provenance)) {
    md.appendMarkdown('  \n');
    appendUntrusted(md, live.ref.rel);
  }
  md.appendMarkdown('\n\n');
  const reliability = sidecar?.reliability;
  if (reliability) {
    md.appendMarkdown('Source reliability: ');
    appendUntrusted(md, reliabilityText(reliability));
    md.appendMarkdown('  \n');
  }
  const statuses = STATUS_ORDER.filter((s) => c.claims[s]).map((s) => `${c.claims[s]} ${s}`);
  md.appendMarkdown(`${plural(c.claimTotal, 'claim')}${statuses.length ? `: ${statuses.join(', ')}` : ''}  \n`);
  md.appendMarkdown(`${plural(c.entities, 'entity', 'entities')} mentioned  \n`);
  if (c.notes) md.appendMarkdown(`${plural(c.notes, 'note')}  \n`);
  if (c.orphans) md.appendMarkdown(`\n$(warning) ${plural(c.orphans, 'orphaned annotation')}: select the text and run *Re-attach Orphan to Selection*  \n`);
  md.appendMarkdown('\n*Click to show the Sources view.*');
  return md;
}
