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

/** Bytes of the buffers the pieces are encoded into, one after another (a larger piece gets one of its own size). */
const BLOCK = 1 << 20;

/**
 * `new TextEncoder().encode(text)` in steps (core/slices.ts), of one text or of its pieces in
 * order (core/jsonSliced.ts `jsonPieces`): the extension encodes an export of 22 MB (the W3C
 * export of 2,000 sources) for workspace.fs.writeFile, 50–150 ms in one task (issue 15). A step
 * never ends between the two halves of a surrogate pair within a text; pieces are encoded apart,
 * so a pair must not be split between two pieces (JSON pieces end between parts, never inside a
 * string). Small pieces are joined and encoded ENCODE_STEP code units at a time into large
 * buffers in turn (`encodeInto`), a pause after each, and the buffers joined at the end: an array per piece, joined at the
 * end, was 140 ms of the host in one step for the ACH matrix's JSON at 10,000 sources (issue 15,
 * bench views10k: its hundreds of thousands of pieces).
 */
export function* utf8Sliced(text: string | readonly string[]): Sliced<Uint8Array> {
  const encoder = new TextEncoder();
  if (typeof text === 'string' && text.length <= ENCODE_STEP) return encoder.encode(text);
  const blocks: Uint8Array[] = [];
  let block = new Uint8Array(0);
  let at = 0;
  let bytes = 0;
  const encode = (part: string) => {
    // room for the worst case, three bytes a code unit (a lone surrogate's U+FFFD), so that
    // encodeInto always takes the whole part
    if (block.length - at < part.length * 3) {
      if (at > 0) blocks.push(block.subarray(0, at));
      block = new Uint8Array(Math.max(BLOCK, part.length * 3));
      at = 0;
    }
    const written = encoder.encodeInto(part, block.subarray(at)).written;
    at += written;
    bytes += written;
  };
  // small pieces joined, and encoded about ENCODE_STEP code units at a time
  let pending = '';
  // the last code unit of `pending` (read from the joined string, it would flatten it each time)
  let last = 0;
  for (const piece of typeof text === 'string' ? [text] : text) {
    // pieces are encoded apart: a lone high surrogate ending one never pairs with the next
    if (pending && (last & 0xfc00) === 0xd800 && (piece.charCodeAt(0) & 0xfc00) === 0xdc00) {
      encode(pending);
      pending = '';
    }
    if (piece.length < ENCODE_STEP) {
      if (piece.length === 0) continue;
      pending += piece;
      last = piece.charCodeAt(piece.length - 1);
      if (pending.length >= ENCODE_STEP) {
        encode(pending);
        pending = '';
        yield;
      }
      continue;
    }
    if (pending) encode(pending);
    pending = '';
    for (let i = 0; i < piece.length; ) {
      let j = Math.min(piece.length, i + ENCODE_STEP);
      if (j < piece.length && (piece.charCodeAt(j - 1) & 0xfc00) === 0xd800) j--;
      encode(i === 0 && j === piece.length ? piece : piece.slice(i, j));
      i = j;
      yield;
    }
  }
  if (pending) encode(pending);
  if (at > 0) blocks.push(block.subarray(0, at));
  // joined a buffer a step: writing to new memory is slow where each page is faulted in (here
  // ~3 ms a megabyte), 14 ms for 5 MB in one step
  const out = new Uint8Array(bytes);
  let to = 0;
  for (const b of blocks) {
    out.set(b, to);
    to += b.length;
    if (to < bytes) yield;
  }
  return out;
}
