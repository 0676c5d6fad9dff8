// Registers the analysis views (issue 13): one command each to open (or bring forward) its
// panel, and one WebviewPanelSerializer each, so a panel open when VS Code closed comes back
// with its state (VS Code keeps what the page gave `setState`). One panel per view: a second
// "Open" reveals the first. The command returns the panel (the integration tests drive it).
// Also the Quick Fix offering a claim's date (whenSuggestion.ts).
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { AchPanel } from './achPanel';
import { NetworkPanel } from './networkPanel';
import type { AnalysisDeps } from './panel';
import { TimelinePanel } from './timelinePanel';
import { webviewOptions } from './webviewHtml';
import { WhenQuickFix } from './whenSuggestion';

type PanelClass = { viewType: string; title: string; new (deps: AnalysisDeps, panel: vscode.WebviewPanel, state: unknown, onDispose: () => void): AchPanel | NetworkPanel | TimelinePanel };

const VIEWS: [string, PanelClass][] = [
  [Commands.openAchMatrix, AchPanel],
  [Commands.openEntityNetwork, NetworkPanel],
  [Commands.openTimeline, TimelinePanel],
];

export function registerAnalysis(deps: AnalysisDeps): vscode.Disposable[] {
  const open = new Map<string, AchPanel | NetworkPanel | TimelinePanel>();
  const disposables: vscode.Disposable[] = [{ dispose: () => [...open.values()].forEach((p) => p.dispose()) }, new WhenQuickFix(deps.live, deps.store, deps.writer)];
  for (const [command, View] of VIEWS) {
    const adopt = (panel: vscode.WebviewPanel, state: unknown) => {
      const view = new View(deps, panel, state, () => open.delete(View.viewType));
      open.set(View.viewType, view);
      return view;
    };
    disposables.push(
      vscode.commands.registerCommand(command, () => {
        const existing = open.get(View.viewType);
        if (existing) {
          existing.panel.reveal();
          return existing;
        }
        const panel = vscode.window.createWebviewPanel(View.viewType, View.title, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri));
        return adopt(panel, undefined);
      }),
      vscode.window.registerWebviewPanelSerializer(View.viewType, {
        async deserializeWebviewPanel(panel, state) {
          open.get(View.viewType)?.dispose();
          deps.log.info(`analysis view restored after a restart: ${View.viewType} ${JSON.stringify(state ?? null).slice(0, 200)}`);
          adopt(panel, (state as { view?: unknown } | undefined)?.view);
        },
      }),
    );
  }
  return disposables;
}
