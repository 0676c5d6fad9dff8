// Typed access to Marginalia's settings; keys come from ids.ts.
import * as vscode from 'vscode';
import { Settings } from './ids';

export interface HighlightSettings {
  entities: boolean;
  claims: boolean;
  notes: boolean;
  overviewRuler: boolean;
}

export function sourceGlobs(scope?: vscode.Uri): { include: string[]; exclude: string[] } {
  const c = vscode.workspace.getConfiguration(undefined, scope);
  return {
    include: c.get<string[]>(Settings.include, ['**/*.txt', '**/*.md']),
    exclude: c.get<string[]>(Settings.exclude, ['**/node_modules/**', '**/*.annotations.yaml']),
  };
}

export function highlightSettings(scope?: vscode.Uri): HighlightSettings {
  const c = vscode.workspace.getConfiguration(undefined, scope);
  return {
    entities: c.get<boolean>(Settings.highlightEntities, true),
    claims: c.get<boolean>(Settings.highlightClaims, true),
    notes: c.get<boolean>(Settings.highlightNotes, true),
    overviewRuler: c.get<boolean>(Settings.overviewRuler, true),
  };
}

export function claimCuesEnabled(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(undefined, scope).get<boolean>(Settings.claimCues, true);
}

/** Whether an index keeps what it read for the next session (node/indexCache.ts). */
export function keepIndexBetweenSessions(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(Settings.keepIndex, true);
}

export function configuredAuthor(scope?: vscode.Uri): string {
  return vscode.workspace.getConfiguration(undefined, scope).get<string>(Settings.author, '').trim();
}
