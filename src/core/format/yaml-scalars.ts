// The scalars of the YAML subset that yaml-subset.ts reads: quoted scalars with their escapes,
// plain scalars resolved as js-yaml's CORE_SCHEMA resolves them, and the space rules around
// them. Kept apart from the line-structure reader so each stays small; every function moves
// forward over the text and gives up (throws OUT) on anything it does not read exactly as
// js-yaml would, so the caller hands the text to js-yaml instead.

/** Thrown (and caught by loadYamlSubset) when the text leaves the subset. */
export const OUT = new Error('outside the subset');
export function out(): never {
  throw OUT;
}

export const SPACE = 0x20;

/** Where the reader goes on: set after a quoted scalar is read. */
export interface Cursor {
  next: number;
}

/** A double-quoted scalar closed before `end`; the cursor's `next` is set after it. */
export function doubleQuoted(s: string, at: number, end: number, cur: Cursor): string {
  const part = doubleQuotedPart(s, at + 1, end, cur);
  if (part.open !== undefined) out();
  return part.text;
}

/**
 * A double-quoted scalar's text on one line, from `from` (after the opening quote, or where a
 * continuation line's text starts) up to the closing quote (`open` undefined, the cursor's
 * `next` after it) or the line's end `end` (`open`: 'fold' at a line break, whose spaces before
 * it are not text, 'escaped' after a `\` that ends the line, which joins the next line as it is).
 */
export function doubleQuotedPart(s: string, from: number, end: number, cur: Cursor): { text: string; open?: 'fold' | 'escaped' } {
  let v = '';
  let j = from;
  for (;;) {
    if (j >= end) return { text: v + s.slice(from, trimSpaces(s, from, end)), open: 'fold' };
    const ch = s.charCodeAt(j);
    if (ch === 0x22 /* " */) {
      cur.next = j + 1;
      return { text: v + s.slice(from, j) };
    }
    if (ch !== 0x5c /* \ */) {
      j++;
      continue;
    }
    v += s.slice(from, j);
    if (j + 1 >= end) return { text: v, open: 'escaped' };
    const e = s[j + 1];
    const digits = HEX_DIGITS[e];
    if (digits) {
      if (j + 2 + digits > end) out();
      const hex = s.slice(j + 2, j + 2 + digits);
      if (!HEX.test(hex)) out();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) out();
      v += String.fromCodePoint(code);
      j += 2 + digits;
    } else {
      const r = ESCAPES[e];
      if (r === undefined) out();
      v += r;
      j += 2;
    }
    from = j;
  }
}

/** A single-quoted scalar closed before `end` (`''` is a quote); the cursor's `next` is set after it. */
export function singleQuoted(s: string, at: number, end: number, cur: Cursor): string {
  const part = singleQuotedPart(s, at + 1, end, cur);
  if (part.open !== undefined) out();
  return part.text;
}

/** As doubleQuotedPart, for a single-quoted scalar (no escapes: `''` is a quote, a line break always folds). */
export function singleQuotedPart(s: string, from: number, end: number, cur: Cursor): { text: string; open?: 'fold' } {
  let v = '';
  for (;;) {
    const j = s.indexOf("'", from);
    if (j < 0 || j >= end) return { text: v + s.slice(from, trimSpaces(s, from, end)), open: 'fold' };
    v += s.slice(from, j);
    if (j + 1 >= end || s.charCodeAt(j + 1) !== 0x27) {
      cur.next = j + 1;
      return { text: v };
    }
    v += "'";
    from = j + 2;
  }
}

/** `end` moved back over trailing spaces, not before `from` (YAML trims spaces only, not U+00A0). */
export function trimSpaces(s: string, from: number, end: number): number {
  while (end > from && s.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

export function skipSpaces(s: string, j: number, end: number): number {
  while (j < end && s.charCodeAt(j) === SPACE) j++;
  return j;
}

/** Characters that may start a plain scalar here: no indicator at all (`-x`, `?x`, `:x` are left to js-yaml). */
export function canStartPlain(c: number): boolean {
  switch (c) {
    case 0x2d: case 0x3f: case 0x3a: case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: // - ? : , [ ] { }
    case 0x23: case 0x26: case 0x2a: case 0x21: case 0x7c: case 0x3e: case 0x27: case 0x22: // # & * ! | > ' "
    case 0x25: case 0x40: case 0x60: case 0x7e: case SPACE: // % @ ` ~ space
      return false;
  }
  return true;
}

const INT = /^(?:0|[1-9][0-9]{0,14})$/;
// js-yaml's CORE_SCHEMA int and float: text like this other than a plain decimal is left to it
const CORE_INT = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+)$/;
const CORE_FLOAT = /^(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const HEX = /^[0-9a-fA-F]+$/;

/** A plain scalar as the CORE schema reads it: null, a boolean, a decimal integer, or text. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2e /* . */ || c === 0x2b /* + */ || c === 0x2d /* - */) {
    if (INT.test(s)) return Number(s);
    if (CORE_INT.test(s) || CORE_FLOAT.test(s)) out();
    return s;
  }
  switch (s) {
    case 'null': case 'Null': case 'NULL':
      return null;
    case 'true': case 'True': case 'TRUE':
      return true;
    case 'false': case 'False': case 'FALSE':
      return false;
  }
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };
