// The texts of open documents as the editor's worker holds them, so that a document's 1 MB text
// is not posted to it again at every claim-cue scan (issue 15: posting it held the extension
// host's thread 26.5 ms after an open, median of three, and up to 7.4 ms after a pause in
// typing). A request names the document's version and brings its text in one of three ways:
// - whole: the text itself (the first time, or whenever the holder is unsure);
// - file: where the worker may read it itself, with the SHA-256 of the text the store read
//   there (a clean document whose text is that one). The worker reads through the guarded read
//   (confined to the corpus, size-capped, strict UTF-8) and takes the text only when the bytes'
//   digest and length are those: a file changed since is never taken for the document;
// - edits: the editor's changes since a version the worker holds, applied there in order, each
//   event's in one pass over the text (a replace-all's thousands of changes are one pass, not
//   one each). The text they give must have the length the host expects.
// When the worker cannot (it holds another version, forgot the document, the file is not that
// text), it says it needs the text, and the host sends it whole. A request that needs a clean
// document's text once, not held after it (a registry change placing an open source again: its
// answer's mentions are taken by the store for the text it read), brings it whole or as its file
// the same way (OnceText). No 'vscode' import.

/** One of the editor's replacements: `removed` UTF-16 units at `offset` replaced by `text`. */
export interface TextReplace {
  offset: number;
  removed: number;
  text: string;
}

/** Where a worker may read a document's text itself: the guarded read's root and limit, the file, and the digest of the text expected there. */
export interface FileText {
  root: string;
  path: string;
  maxBytes: number;
  sha256: string;
}

/** How a request brings a document's text (see the header). */
export type DocText = { whole: string } | { file: FileText } | { edits: { from: number; changes: TextReplace[] } };

/**
 * A text a request brings once, not held for the next (DocTexts.once): whole, or a clean
 * document's file with the UTF-16 length of its text (the digest checks the bytes; the length,
 * what they decode to).
 */
export type OnceText = string | { file: FileText; length: number };

/** Reads a file with the guarded read and gives its text when its bytes have this digest; null otherwise. */
export type ReadText = (file: FileText) => string | null;

/**
 * One editor event's changes in the order they apply one after another: VS Code reports each
 * offset in the text before the event (core/spans.ts shiftSpans), so from the last to the first.
 */
export function eventReplaces(changes: readonly { rangeOffset: number; rangeLength: number; text: string }[]): TextReplace[] {
  return changes.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, text: c.text })).sort((a, b) => b.offset - a.offset);
}

/**
 * `text` with `changes` applied one after another; null when one does not fit in it. A run of
 * changes each wholly before the one before it (one event's, eventReplaces) moves nothing the
 * next reads, so it is applied in one pass: linear in the text for each run, not for each change.
 */
export function applyReplaces(text: string, changes: readonly TextReplace[]): string | null {
  for (let k = 0; k < changes.length; ) {
    const parts: string[] = [];
    let at = text.length;
    do {
      const c = changes[k];
      if (c.offset < 0 || c.removed < 0 || c.offset + c.removed > at) return null;
      parts.push(text.slice(c.offset + c.removed, at), c.text);
      at = c.offset;
      k++;
    } while (k < changes.length && changes[k].offset + changes[k].removed <= at);
    text = joined(text, parts, at);
  }
  return text;
}

/** The text of a pass: its head up to `at`, then the parts gathered from the end backwards. */
function joined(text: string, parts: string[], at: number): string {
  parts.push(text.slice(0, at));
  return parts.reverse().join('');
}

/** How many documents' texts a worker keeps (open documents; a closed one is forgotten). */
const TEXTS_KEPT = 32;

export class DocTexts {
  private readonly held = new Map<string, { version: number; text: string }>();

  constructor(private readonly readText?: ReadText) {}

  /**
   * The text of `doc` at `version` (of `length` UTF-16 units) from what the request brought,
   * now held for its next request; undefined when this side cannot make it (the host then sends
   * it whole).
   */
  take(doc: string, version: number, length: number, from: DocText): string | undefined {
    let text: string | null | undefined;
    if ('whole' in from) text = from.whole;
    else if ('file' in from) text = this.readText?.(from.file);
    else {
      const had = this.held.get(doc);
      text = had && had.version === from.edits.from ? applyReplaces(had.text, from.edits.changes) : null;
    }
    if (typeof text !== 'string' || text.length !== length) {
      this.held.delete(doc);
      return undefined;
    }
    this.held.delete(doc); // most recently used last
    this.held.set(doc, { version, text });
    for (const old of this.held.keys()) if (this.held.size > TEXTS_KEPT) this.held.delete(old);
    return text;
  }

  /** The text a request brought once (OnceText), not held; undefined when this side cannot read it or the file is not that text. */
  once(from: OnceText): string | undefined {
    if (typeof from === 'string') return from;
    const text = this.readText?.(from.file);
    return typeof text === 'string' && text.length === from.length ? text : undefined;
  }

  forget(doc: string): void {
    this.held.delete(doc);
  }
}
