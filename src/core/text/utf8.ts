// Sidecars and sources arrive as bytes from git. A TextDecoder that is not `fatal` turns every
// invalid sequence into U+FFFD, and a later rewrite would store those replacement characters:
// bytes lost without a word. Here invalid UTF-8 is an error that says where (line and column of
// the first bad byte), so the file is reported and never rewritten. One linear pass.

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
