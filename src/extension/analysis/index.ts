// Registers the analysis views (issue 13): one command each to open (or bring forward) its
// panel, and one WebviewPanelSerializer each, so a panel open when VS Code closed comes back
// with its state (VS Code keeps what the page gave `setState`). One panel per view: a second
// "Open" reveals the first. The command returns nothing (VS Code would serialise a panel, and the
// store it holds, back to the workbench: commands/register.ts); the integration tests reach the
// open panels through `panel(viewType)`. Also the Quick Fix offering a claim's date
// (whenSuggestion.ts).
import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { Commands } from '../ids';
import { AchPanel } from './achPanel';
import { NetworkPanel } from './networkPanel';
import type { AnalysisDeps } from './panel';
import { TimelinePanel } from './timelinePanel';
import { webviewOptions } from './webviewHtml';
import { WhenQuickFix } from './whenSuggestion';

type Panel = AchPanel | NetworkPanel | TimelinePanel;
type PanelClass = { viewType: string; title: string; new (deps: AnalysisDeps, panel: vscode.WebviewPanel, state: unknown, onDispose: () => void): Panel };

const VIEWS: [string, PanelClass][] = [
  [Commands.openAchMatrix, AchPanel],
  [Commands.openEntityNetwork, NetworkPanel],
  [Commands.openTimeline, TimelinePanel],
];

export class AnalysisViews implements vscode.Disposable {
  private readonly open = new Map<string, Panel>();
  private readonly disposables: vscode.Disposable[];

  constructor(deps: AnalysisDeps) {
    this.disposables = [new WhenQuickFix(deps)];
    for (const [command, View] of VIEWS) {
      const adopt = (panel: vscode.WebviewPanel, state: unknown) => {
        this.open.get(View.viewType)?.dispose();
        // forgotten when it goes, by its tab or by code, unless another of its type took its place
        const view: Panel = new View(deps, panel, state, () => this.open.get(View.viewType) === view && this.open.delete(View.viewType));
        this.open.set(View.viewType, view);
      };
      this.disposables.push(
        registerCommand(deps, command, () => {
          const existing = this.open.get(View.viewType);
          if (existing) existing.panel.reveal();
          else adopt(vscode.window.createWebviewPanel(View.viewType, View.title, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)), undefined);
        }),
        vscode.window.registerWebviewPanelSerializer(View.viewType, {
          async deserializeWebviewPanel(panel, state) {
            deps.log.info(`analysis view restored after a restart: ${View.viewType} ${JSON.stringify(state ?? null).slice(0, 200)}`);
            adopt(panel, (state as { view?: unknown } | undefined)?.view);
          },
        }),
      );
    }
  }

  /** The open panel of a view type, if any. */
  panel<P extends Panel>(viewType: string): P | undefined {
    return this.open.get(viewType) as P | undefined;
  }

  dispose(): void {
    for (const p of [...this.open.values()]) p.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
