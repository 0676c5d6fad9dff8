// Text that came from a file (a sidecar, the registry, a source) on its way to a person. Files
// arrive through git from anyone, and each surface has its own way of turning text into
// something live: a terminal obeys ESC sequences and a CI log obeys `::workflow-command::`
// lines; VS Code notifications and dialogs turn `[label](command:…)` into a link that runs a
// command; quick picks, status bar items and hovers draw `$(icon)` as a codicon (a fake
// "verified" badge). Every surface passes file text through one function here, so the rules
// live in one place. None of them changes what is stored; they change only what is shown.

/** Line breaks, C0 and C1 controls, DEL, and bidi overrides that reorder what a reader sees. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function escapeControl(c: string): string {
  switch (c) {
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    default: {
      const code = c.charCodeAt(0);
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    }
  }
}

/**
 * For a terminal or a CI log, on one line: every control character, line break and bidi
 * override is shown as an escape (`\n`, `\x1b`, `\u202e`), so file content can neither start a
 * line of its own (a forged `::error` or `::stop-commands::`) nor colour or hide output.
 */
export function forTerminal(text: string): string {
  return text.replace(CONTROLS, escapeControl);
}

/** Cut to `max` code points on one line, with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // counted only as far as the cut (a quick pick of 12,000 claims split every quote whole)
  if (flat.length <= max || afterCodePoints(flat, max) === flat.length) return flat;
  return `${flat.slice(0, afterCodePoints(flat, max - 1)).trimEnd()}…`;
}

/** The UTF-16 offset after the first `n` code points of `s` (a lone surrogate counts as one), or its length. */
function afterCodePoints(s: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/**
 * For surfaces that render nothing but text, where an escape would show: tree item labels and
 * descriptions (VS Code 1.100 draws them without codicon support), quick input titles
 * (`textContent`). One line, controls escaped, cut to `max`.
 */
export function forPlain(text: string, max = 200): string {
  return oneLine(text, max);
}

/** White space (line breaks included) as single spaces, other controls as escapes, cut. */
function oneLine(text: string, max: number): string {
  return clip(forTerminal(text.replace(/\s+/g, ' ')), max);
}

/**
 * For VS Code notification and dialog text (showInformation/Warning/ErrorMessage, modal
 * `detail`): VS Code renders `[label](href)` there as a link, command: links included. A space
 * between `]` and `(` breaks the construct while the words stay
 * readable; controls are escaped; the text is cut to `max`.
 */
export function forMessage(text: string, max = 200): string {
  return oneLine(text, max).replace(/\]\s*\(/g, '] (');
}

/**
 * For labels that render `$(icon)` as a codicon (quick pick label, description and detail,
 * status bar text, `setStatusBarMessage`): `\$(` shows the characters `$(` literally. Also one
 * line, controls escaped.
 */
export function forLabel(text: string, max = 200): string {
  return oneLine(text, max).replace(/\$\(/g, '\\$(');
}

/**
 * For Markdown (hovers, tooltips): file content as markdown that renders as exactly that text.
 *
 * Stricter than `MarkdownString.appendText`, which leaves `<` as is (so `<img …>` stays in the
 * string and only the renderer's sanitiser stands between it and the hover), leaves bare
 * `https://…`, `www.…` and `a@b.c` to be autolinked, and turns every space into `&nbsp;`, so
 * long notes cannot wrap between words. Here every ASCII punctuation character is
 * backslash-escaped (CommonMark allows that for all of them, which rules out every construct:
 * links, emphasis, lists, headings, tables, autolinks), `&`, `<` and `>` become entities, and
 * lines keep their breaks without leading indentation (no code blocks).
 *
 * `$` becomes the entity `&#36;`, not `\$`: with theme icons on (our hovers draw `$(warning)`),
 * VS Code looks for `$(name)` in the HTML that markdown produced, after backslash escapes are
 * gone, so `\$\(verified\)` would still be drawn as a "verified" badge. An entity is decoded
 * only when the browser parses that HTML, after the icon pass.
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
  return line
    .replace(/\t/g, ' ')
    .replace(CONTROLS, escapeControl)
    .replace(/[!-/:-@[-`{-~]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '$' ? '&#36;' : `\\${c}`));
}

/** `inert`, on one line and cut to `max` code points: for quotes inside a sentence. */
export function inertQuote(text: string, max = 160): string {
  return inert(clip(text, max));
}
