// The registry's mentions in an open source, in the editor's offsets: the matcher counts code
// points, the editor UTF-16 units, so each answer is converted (toUtf16). On the keystroke path
// (liveDocuments.ts, core/live/refind.ts) mentions are looked for again only around the edit,
// in slices of the text read from the document in pieces (documentReader), never the whole
// text. No state: the mentions are held by LiveDocuments.
import * as vscode from 'vscode';
import type { Corpus } from '../../core/corpus';
import { CodePointIndex } from '../../core/text/positions';
import type { Mention } from '../../core/types';
import type { MentionSpan } from '../../core/live/mentionsAround';
import type { FindInSlice, TextReader } from '../../core/live/refind';

/**
 * The document's text read in pieces: getText() of the whole document joins all its lines, about
 * a millisecond and 2 MB of garbage per keystroke in a 1 MB source. Exact offsets even where
 * positionAt snaps one inside a CRLF back to the line's end.
 */
export function documentReader(document: vscode.TextDocument): TextReader {
  let length = -1;
  return {
    get length() {
      if (length < 0) length = document.offsetAt(new vscode.Position(document.lineCount - 1, Number.MAX_SAFE_INTEGER));
      return length;
    },
    slice(a, b) {
      const p = document.positionAt(a);
      let q = document.positionAt(b);
      if (document.offsetAt(q) < b) q = new vscode.Position(q.line + 1, 0);
      const base = document.offsetAt(p);
      return document.getText(new vscode.Range(p, q)).slice(a - base, b - base);
    },
  };
}

/** The registry's mentions in a slice of the editor's text, in UTF-16 offsets of the slice. */
export function finderOf(corpus: Corpus): FindInSlice {
  return (slice) => toUtf16(corpus.matcherFind(slice), new CodePointIndex(slice));
}

export function findMentions(corpus: Corpus, text: string): Mention[] {
  return corpus.matcherFind(text);
}

export function toUtf16(mentions: readonly Mention[], index: CodePointIndex): MentionSpan[] {
  return mentions.map((m) => ({ start: index.toUtf16(m.start), end: index.toUtf16(m.end), entity: m.entity }));
}
