// Reading many sidecars at once (indexing a workspace of thousands): js-yaml builds plain
// objects several times faster than the `yaml` Document API, and keeps no Document in memory;
// the writer's own shape is read faster still, to js-yaml's very value (yaml-subset.ts). The
// rules are the careful reader's own (rules/sidecar.ts), applied to that value: a file is
// returned only when they find nothing at all, not even a warning; anything else goes to
// parseSidecar (sidecar-fast.ts parseSidecarQuick), which reports it with its line and column.
//
// Apart from sidecar-fast.ts so that it does not load the `yaml` library: the index and check
// workers import this alone (issue 15: yaml's code was 250 KB of each worker's 520 KB, loaded
// and run before its first read).
import { CORE_SCHEMA, load } from 'js-yaml';
import type { Sidecar } from '../types';
import { findConflictMarkers } from './conflictMarkers';
import { MAX_DEPTH } from './rules/depth';
import { validateSidecar } from './rules/sidecar';
import { loadYamlSubset, subsetPlaces, type SubsetPlaces } from './yaml-subset';

/** The sidecar when the file is clean, else null. `file` names the sidecar for the `source:` rule. */
export function readSidecarFast(text: string, file?: string): Sidecar | null {
  const root = loadPlain(text);
  if (root === undefined) return null;
  const { sidecar, findings } = validateSidecar(root, file);
  return findings.length === 0 ? sidecar : null;
}

/**
 * js-yaml's plain value, or undefined for anything the careful reader might see differently:
 * conflict markers, aliases, deep nesting, anything that may be a tag (`!!str`, `!!binary`: a
 * `!` where a node may start, even inside text, is left to the careful path), any exception
 * (js-yaml refuses collection keys itself); and where js-yaml reads what is not the writer's
 * shape, what it reads differently (jsYamlCandidate, hasNullKey).
 */
export function loadPlain(text: string): unknown {
  if (!plainCandidate(text)) return undefined;
  // the writer's own shape, read directly; the same value as js-yaml's (yaml-subset.ts)
  const quick = loadYamlSubset(text);
  if (quick !== undefined) return quick;
  if (!jsYamlCandidate(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA, maxAliases: 0, maxDepth: MAX_DEPTH + 2 });
  } catch {
    return undefined;
  }
  // js-yaml takes a key left empty before a mapping on the same line (`: annotations:`) as
  // the key null, where the careful reader refuses the line: a file read clean here would
  // show nothing in Problems while every writer refused it. Any null key is left to it.
  return hasNullKey(value) ? undefined : value;
}

/** Whether any mapping in the value has the key "null" (js-yaml's key for an empty or null key). */
function hasNullKey(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (Object.hasOwn(v, 'null')) return true;
    for (const x of Object.values(v)) stack.push(x);
  }
  return false;
}

/**
 * The value of a text in the writer's own shape (yaml-subset.ts), else undefined: no js-yaml.
 * For the checks that skip the careful reader only when the file is clean at error level
 * (written-errors.ts): js-yaml accepts some YAML the careful reader refuses (a key left empty
 * before a nested mapping, `:   kind: note`), which shows there as a warning at most.
 */
export function loadWritten(text: string): unknown {
  return plainCandidate(text) ? loadYamlSubset(text) : undefined;
}

/** loadWritten's value with where each of its nodes starts (yaml-subset.ts subsetPlaces), else undefined. */
export function writtenPlaces(text: string): SubsetPlaces | undefined {
  return plainCandidate(text) ? subsetPlaces(text) : undefined;
}

/** No conflict markers and no tags, else left to the careful reader (each test only where its characters occur at all). */
function plainCandidate(text: string): boolean {
  if (mayHaveConflictMarkers(text) && findConflictMarkers(text).length) return false;
  return !(text.includes('!') && MAYBE_TAG.test(text));
}

/**
 * Left to the careful reader rather than js-yaml (the writer's shape has none of them, and
 * yaml-subset.ts refuses them itself): an anchor (js-yaml reads `&~: a` as an anchor named `~:`),
 * a document end marker (js-yaml skips one before the document, the careful reader sees two
 * documents), a tab in a line's indentation (the careful reader refuses it) and a carriage
 * return but in a CRLF line end (the careful reader does not take a lone one for a line break),
 * and a list item's flow collection or quoted text with more after it on its line (js-yaml reads
 * `- {id: h1}x: 1` in a list at its key's column as the item, then `x` a key of the mapping
 * above; the careful reader refuses the line). Found by random edits of written files
 * (test/unit/sidecar-fast.test.ts, workspace-fast.test.ts): js-yaml read each of them clean where
 * the careful reader reports them.
 */
function jsYamlCandidate(text: string): boolean {
  if (itemThenMore(text)) return false;
  if (text.includes('&') && MAYBE_ANCHOR.test(text)) return false;
  if (text.includes('...') && DOCUMENT_END.test(text)) return false;
  if (text.includes('\t') && TAB_INDENT.test(text)) return false;
  return !(text.includes('\r') && LONE_CR.test(text));
}

const MAYBE_ANCHOR = /(?:^[ \t]*|[:\-?,[{][ \t]*)&/m;
const DOCUMENT_END = /^\.\.\.(?:[ \t]|$)/m;
const TAB_INDENT = /^ *\t/m;
const LONE_CR = /\r(?!\n)/;

/**
 * Whether a list item's flow collection (`- {…}`, `- […]`) or quoted text (`- "…"`, `- '…'`)
 * has more than spaces or a comment after it on its line: one pass over each such line, its
 * quotes and brackets followed to where the item ends (a bracket inside quotes is text).
 */
function itemThenMore(text: string): boolean {
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    let j = at;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
      j += 2;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      const after = itemEnd(text, j, end);
      if (after >= 0) {
        let k = after;
        while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
        if (k < end && text[k] !== '#' && text[k] !== '\r') return true;
      }
    }
    at = end + 1;
  }
  return false;
}

/** Where the flow collection or quoted text at `j` ends on its line (just after it), or -1: none there, or not closed. */
function itemEnd(text: string, j: number, end: number): number {
  const open = text[j];
  if (open === '"' || open === "'") return quoteEnd(text, j, end);
  if (open !== '[' && open !== '{') return -1;
  let depth = 0;
  for (let k = j; k < end; k++) {
    const c = text[k];
    if (c === '"' || c === "'") {
      k = quoteEnd(text, k, end) - 1;
      if (k < 0) return -1;
    } else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth === 0) return k + 1;
  }
  return -1;
}

/** Just after the quoted text opening at `j` (`\\` escapes in double quotes, `''` in single), or -1 when it does not close on its line. */
function quoteEnd(text: string, j: number, end: number): number {
  const q = text[j];
  for (let k = j + 1; k < end; k++) {
    if (q === '"' && text[k] === '\\') k++;
    else if (text[k] === q) {
      if (q === "'" && text[k + 1] === "'") k++;
      else return k + 1;
    }
  }
  return -1;
}

/** Whether a line could start with a conflict marker: seven of `<`, `=`, `>` or `|` somewhere. */
function mayHaveConflictMarkers(text: string): boolean {
  return text.includes('<<<<<<<') || text.includes('=======') || text.includes('>>>>>>>') || text.includes('|||||||');
}

// a `!` where a node may start (line start, after `:`, `-`, `?`, `,`, `[`, `{`): a tag
const MAYBE_TAG = /(?:^[ \t]*|[:\-?,[{][ \t]*)!/m;
