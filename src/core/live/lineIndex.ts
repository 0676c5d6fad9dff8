// Line/character positions in a text that is not open in an editor (a sidecar, a source as the
// store read it), counted as VS Code counts them: lines split at \n, characters in UTF-16
// units, a \r before the \n not part of the line. Problems needs positions in files nobody
// opened; building a TextDocument for them would cost far more than one pass for line starts.
// Plain positions, no 'vscode': the extension turns them into Ranges.

export interface LinePosition {
  line: number;
  character: number;
}

export interface LineRange {
  start: LinePosition;
  end: LinePosition;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line and character of a UTF-16 offset (binary search over the line starts). */
  position(offset: number): LinePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  range(start: number, end: number): LineRange {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset where `line`'s text ends, before its \r\n or \n. */
  private lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > this.starts[line] && this.text[next - 1] === '\r' ? next - 1 : next;
  }

  /** From a column to the end of its line (at least the column itself, also past the last line). */
  fromColumn(line: number, column: number): LineRange {
    if (line >= this.starts.length) return { start: { line, character: column }, end: { line, character: column } };
    const end = Math.max(column, this.lineEnd(line) - this.starts[line]);
    return { start: { line, character: column }, end: { line, character: end } };
  }
}
