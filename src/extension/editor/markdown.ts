// Hover text is built from sidecars and the registry, which arrive through git from anyone:
// every piece of file content goes through `inert()` (src/core/text/untrusted.ts, the one
// module that makes file text inert on every surface) and becomes plain text; the only links
// are command links this module builds itself, for the one command hovers may run.
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

/**
 * A hover section. Trusted only to run `marginalia._reveal` (the links `revealLink` built);
 * no HTML; theme icons on, which `inert` neutralises in file content (`$` as an entity).
 */
export function section(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [Commands.reveal] };
  md.supportHtml = false;
  return md;
}
