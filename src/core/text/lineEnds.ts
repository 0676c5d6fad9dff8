// A file is written back with the line ends it has. A checkout on Windows (git's default
// core.autocrlf) gives every sidecar and registry CRLF line ends, and the printers write line
// feeds: an analyst's first change turned the whole file into another one in their working
// tree, and in the repository itself where the files are kept with CRLF (`eol=crlf`). Every
// writer of a corpus file takes its new contents through `keepLineEnds` with the contents it
// read: the extension's guarded edit (store/guardedEdit.ts), `check --write`, `resolve` and the
// merge driver. YAML reads either line end as a line break, so the values are the same.
// Linear, and a file of line feeds is given back as it is.

const LF = 0x0a;
const CR = 0x0d;

/** Whether the file ends its lines with CRLF: its first line break is one (none: no). */
export function usesCrlf(contents: string | Uint8Array): boolean {
  const lf = typeof contents === 'string' ? contents.indexOf('\n') : contents.indexOf(LF);
  return lf > 0 && (typeof contents === 'string' ? contents.charCodeAt(lf - 1) === CR : contents[lf - 1] === CR);
}

/** Each CRLF as a line feed: a file to change as its LF twin, written back with `keepLineEnds`. */
export function asLf(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

/** Each line feed not already after a carriage return, as CRLF. */
export function withCrlf<T extends string | Uint8Array>(contents: T): T {
  if (typeof contents === 'string') return contents.replace(/(?<!\r)\n/g, '\r\n') as T;
  const bytes = contents as Uint8Array;
  let bare = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === LF && (i === 0 || bytes[i - 1] !== CR)) bare++;
  if (!bare) return contents;
  const out = new Uint8Array(bytes.length + bare);
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF && (i === 0 || bytes[i - 1] !== CR)) out[j++] = CR;
    out[j++] = bytes[i];
  }
  return out as T;
}

/** `after`, the new contents of a file that held `before` (null: none), with `before`'s line ends. */
export function keepLineEnds<T extends string | Uint8Array>(before: string | Uint8Array | null, after: T): T {
  return before !== null && usesCrlf(before) ? withCrlf(after) : after;
}
