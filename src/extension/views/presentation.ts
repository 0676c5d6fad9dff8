// How annotations look in the views: icons and colours per kind and status, labels clipped from
// quotes, contextValue tokens, and the command that reveals an annotation in its source.
import * as vscode from 'vscode';
import { CREDIBILITY, RELIABILITY } from '../../core/admiralty';
import type { Annotation, ClaimStatus } from '../../core/types';
import { Colors, Commands } from '../ids';
import type { CorpusRoot } from '../store/corpusStore';

const CLAIM_ICONS: Record<ClaimStatus, string> = {
  disputed: 'warning',
  refuted: 'circle-slash',
  unverified: 'question',
  corroborated: 'pass',
};

const ENTITY_ICONS: Record<string, string> = {
  person: 'person',
  organization: 'organization',
  place: 'location',
  event: 'calendar',
};

export function claimIcon(status: ClaimStatus): vscode.ThemeIcon {
  // the border colours: the backgrounds are translucent washes that would vanish in an icon
  return new vscode.ThemeIcon(CLAIM_ICONS[status], new vscode.ThemeColor(Colors.claimBorder(status)));
}

/**
 * Entity icons go by shape, not colour: the contributed entity colours are translucent
 * backgrounds (about 20 % alpha), too faint to draw a glyph with.
 */
export function entityIcon(type: string | undefined): vscode.ThemeIcon {
  return new vscode.ThemeIcon(ENTITY_ICONS[type ?? ''] ?? 'symbol-misc');
}

export const noteIcon = new vscode.ThemeIcon('note', new vscode.ThemeColor(Colors.note));
export const orphanIcon = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.warningForeground'));
export const warningIcon = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
export const errorIcon = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));

export function annotationIcon(a: Annotation, status: ClaimStatus | undefined, entityType: string | undefined, orphaned: boolean): vscode.ThemeIcon {
  if (orphaned) return orphanIcon;
  if (a.kind === 'claim') return claimIcon(status ?? 'unverified');
  if (a.kind === 'entity') return entityIcon(entityType);
  return noteIcon;
}

/** One line of at most `max` characters, white space collapsed, never splitting a surrogate pair. */
export function clip(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** `annotation.claim.disputed.orphaned`: tokens matched by the `viewItem` regexes in package.json. */
export function contextValue(...tokens: (string | false | undefined)[]): string {
  return tokens.filter((t): t is string => !!t).join('.');
}

export type RevealArgs = { source: string; id: string } | { source: string; start: number; end: number };

export function revealCommand(args: RevealArgs, title = 'Reveal in Source'): vscode.Command {
  return { command: Commands.reveal, title, arguments: [args] };
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}


export function reliabilityText(grade: string): string {
  const meaning = RELIABILITY[grade.trim().toUpperCase()];
  return meaning ? `${grade} (${meaning})` : grade;
}

export function credibilityText(n: number): string {
  return CREDIBILITY[n] ? `${n} (${CREDIBILITY[n]})` : String(n);
}

/** VS Code's own command to open a resource (not one of ours, so not in ids.ts). */
export const OPEN_COMMAND = 'vscode.open';

export function openCommand(uri: vscode.Uri, line?: number, column = 1): vscode.Command {
  const at = line === undefined ? undefined : new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  return { command: OPEN_COMMAND, title: 'Open', arguments: [uri, at ? { selection: new vscode.Range(at, at) } : undefined] };
}

/** A corpus root's name: its workspace folder's name, or its path inside that folder. */
export function rootLabel(root: CorpusRoot): string {
  const folder = vscode.workspace.getWorkspaceFolder(root.uri);
  if (folder && folder.uri.toString() === root.uri.toString()) return folder.name;
  return vscode.workspace.asRelativePath(root.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

export function registryDescription(root: CorpusRoot): string {
  const n = root.registry?.config?.entities.length;
  return n === undefined ? 'no registry' : `${n} ${n === 1 ? 'entity' : 'entities'}`;
}
