// Hover text is built from sidecars and the registry, which arrive through git from anyone:
// every piece of file content goes through `inert()` (src/core/text/untrusted.ts, the one
// module that makes file text inert on every surface) and becomes plain text; the only links
// are command links this module builds itself, for the few commands hovers may run.
import * as vscode from 'vscode';
import { inertQuote } from '../../core/text/untrusted';
import { Commands } from '../ids';

/** Where `marginalia._reveal` goes: an annotation by id, or a UTF-16 range. */
export type RevealArgs = { source: string; id: string } | { source: string; start: number; end: number };

/** A link running `marginalia._reveal`; the label is escaped, the arguments JSON-encoded. */
export function revealLink(label: string, args: RevealArgs, title?: string): string {
  const uri = `command:${Commands.reveal}?${encodeURIComponent(JSON.stringify(args))}`;
  const t = title ? ` "${title.replace(/["\\]/g, '')}"` : '';
  return `[${inertQuote(label, 80)}](${uri}${t})`;
}

/** The commands a hover may run besides reveal, each on one annotation (`{source, id}`, validated by the command). */
const ACTIONS = [Commands.confirmClaimText, Commands.resolveConflict, Commands.approve, Commands.reject, Commands.requestChanges, Commands.openThread, Commands.revealInClaims] as const;
export type Action = (typeof ACTIONS)[number];

/** A link running one of ACTIONS on an annotation; the label is ours, the arguments JSON-encoded. */
export function actionLink(label: string, command: Action, args: { source: string; id: string }): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/**
 * A hover section. Trusted only to run `marginalia._reveal` (the links `revealLink` built) and
 * the `actions` the section offers, nothing more (least privilege: most hovers offer none);
 * no HTML; theme icons on, which `inert` neutralises in file content (`$` as an entity).
 */
export function section(actions: readonly Action[] = []): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [Commands.reveal, ...actions.filter((a) => ACTIONS.includes(a))] };
  md.supportHtml = false;
  return md;
}
