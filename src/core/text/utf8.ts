// Sidecars and sources arrive as bytes from git. A TextDecoder that is not `fatal` turns every
// invalid sequence into U+FFFD, and a later rewrite would store those replacement characters:
// bytes lost without a word. Here invalid UTF-8 is an error that says where (line and column of
// the first bad byte), so the file is reported and never rewritten. One linear pass. Also the
// encoding of a large text in steps, for the extension's exports.
import type { Sliced } from '../slices';

export type Decoded =
  | { ok: true; text: string }
  | { ok: false; line: number; column: number; byteOffset: number; message: string };

const fatal = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8Strict(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: fatal.decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    const { line, column } = lineColumnOfByte(bytes, at);
    const hex = bytes[at]?.toString(16).padStart(2, '0') ?? '';
    return { ok: false, line, column, byteOffset: at, message: `invalid UTF-8 (byte 0x${hex} at offset ${at}); the file is left as it is` };
  }
}

/** Offset of the first byte that does not begin or continue a valid UTF-8 sequence. */
export function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let n: number, min: number, lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
    void min;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/** 1-based line and column (in code points) of byte `at`, counting only whole characters before it. */
function lineColumnOfByte(b: Uint8Array, at: number): { line: number; column: number } {
  let line = 1, column = 1;
  for (let i = 0; i < at; i++) {
    const c = b[i];
    if (c === 0x0a) { line++; column = 1; }
    else if ((c & 0xc0) !== 0x80) column++;
  }
  return { line, column };
}

/** Code units encoded between two pauses (about 0.5–2 ms each). */
const ENCODE_STEP = 1 << 17;

/**
 * `new TextEncoder().encode(text)` in steps (core/slices.ts), of one text or of its pieces in
 * order (core/jsonSliced.ts `jsonPieces`): the extension encodes an export of 22 MB (the W3C
 * export of 2,000 sources) for workspace.fs.writeFile, 50–150 ms in one task (issue 15). A step
 * never ends between the two halves of a surrogate pair within a text; pieces are encoded apart,
 * so a pair must not be split between two pieces (JSON pieces end between parts, never inside a
 * string).
 */
export function* utf8Sliced(text: string | readonly string[]): Sliced<Uint8Array> {
  const encoder = new TextEncoder();
  if (typeof text === 'string' && text.length <= ENCODE_STEP) return encoder.encode(text);
  const encoded: Uint8Array[] = [];
  let bytes = 0;
  for (const piece of typeof text === 'string' ? [text] : text) {
    for (let i = 0; i < piece.length; ) {
      let j = Math.min(piece.length, i + ENCODE_STEP);
      if (j < piece.length && (piece.charCodeAt(j - 1) & 0xfc00) === 0xd800) j--;
      const b = encoder.encode(i === 0 && j === piece.length ? piece : piece.slice(i, j));
      encoded.push(b);
      bytes += b.length;
      i = j;
      yield;
    }
  }
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const b of encoded) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
