// Hover text is built from sidecars and the registry, which arrive through git from anyone:
// every piece of file content goes through `inert()` and becomes plain text, and the only links
// are command links this module builds itself, for the one command hovers may run.
import * as vscode from 'vscode';
import { Commands } from '../ids';

/** Where `marginalia._reveal` goes: an annotation by id, or a UTF-16 range. */
export type RevealArgs = { source: string; id: string } | { source: string; start: number; end: number };

/**
 * File content as markdown that renders as exactly that text and nothing else.
 *
 * Stricter than `MarkdownString.appendText`, which leaves `<` as is (so `<img …>` stays in the
 * string and only the renderer's sanitiser stands between it and the hover), leaves bare
 * `https://…`, `www.…` and `a@b.c` to be autolinked, and turns every space into `&nbsp;`, so
 * long notes cannot wrap between words. Here every ASCII punctuation character is
 * backslash-escaped (CommonMark allows that for all of them, which rules out every construct:
 * links, emphasis, lists, headings, tables, autolinks, `$(icon)`), `&`, `<` and `>` become
 * entities, and lines keep their breaks without leading indentation (no code blocks).
 */
export function inert(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((para) =>
      para
        .split('\n')
        .map((line) => escapeLine(line.trim()))
        .filter((line) => line !== '')
        .join('  \n'),
    )
    .filter((para) => para !== '')
    .join('\n\n');
}

function escapeLine(line: string): string {
  return line.replace(/[!-/:-@[-`{-~]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}

/** `inert`, on one line and cut to `max` characters: for quotes inside a sentence. */
export function inertQuote(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
  return inert(cut);
}

/** A link running `marginalia._reveal`; the label is escaped, the arguments JSON-encoded. */
export function revealLink(label: string, args: RevealArgs, title?: string): string {
  const uri = `command:${Commands.reveal}?${encodeURIComponent(JSON.stringify(args))}`;
  const t = title ? ` "${title.replace(/["\\]/g, '')}"` : '';
  return `[${inertQuote(label, 80)}](${uri}${t})`;
}

/**
 * A hover section. Trusted only to run `marginalia._reveal` (the links `revealLink` built);
 * no HTML; theme icons on, which `inert` neutralises in file content by escaping `$` and `(`.
 */
export function section(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [Commands.reveal] };
  md.supportHtml = false;
  return md;
}
