// The short line of context shown for a mention in the Entities view. Pure; offsets are UTF-16
// (the caller converts from the corpus's code points).

export interface Snippet {
  text: string;
  /** Where the mention is in `text`. */
  highlight: [number, number];
}

/**
 * Up to `radius` characters either side of [start, end), within the same line, cut at word
 * boundaries and marked with an ellipsis where cut. White space is flattened to single spaces.
 */
export function contextLine(text: string, start: number, end: number, radius = 36): Snippet {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  let from = Math.max(lineStart, start - radius);
  let to = Math.min(lineEnd, end + radius);
  if (from > lineStart) {
    const space = text.slice(from, start).search(/\s/);
    from = space < 0 ? start : from + space + 1;
  }
  if (to < lineEnd) {
    const space = text.slice(end, to).search(/\s\S*$/);
    to = space < 0 ? end : end + space;
  }
  const head = text.slice(from, start).replace(/\s+/g, ' ').trimStart();
  const mention = text.slice(start, end).replace(/\s+/g, ' ');
  const tail = text.slice(end, to).replace(/\s+/g, ' ').trimEnd();
  const before = (from > lineStart ? '…' : '') + head;
  const after = tail + (to < lineEnd ? '…' : '');
  return { text: before + mention + after, highlight: [before.length, before.length + mention.length] };
}

/** 1-based line numbers of ascending offsets, in one pass over the text. */
export function lineNumbers(text: string, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let at = 0;
  for (const o of offsets) {
    for (; at < o && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
    out.push(line);
  }
  return out;
}
