// Plain values (strings, numbers, booleans, null, lists and mappings of them) written as YAML in
// block style without the `yaml` package, for a merge's quick path (core/merge/hypotheses-blocks.ts,
// issue 15: printing a 40,000-hypothesis conflict through the package's Document was 1.8 s of a
// 9.7 s merge). Each scalar is written as the package writes it under PRINT_OPTIONS where that
// is known to fit on its line: plain when the package would leave it plain, else single-quoted
// or double-quoted by the package's own choice. A string the package would fold over several
// lines, or write as a block scalar, is written double-quoted on one line instead: the same
// value, in another style. The caller reads what it wrote back (loadWritten) and compares values:
// nothing here is trusted to be right without that.
import { LINE_WIDTH } from './yamlutil';

/** Thrown for a value this writer does not write (a nested list in a list, a number that is not an integer, a key it would quote); the caller takes its careful path. */
export class NotWritable extends Error {}

/**
 * The start of a plain scalar the package will not write plain, or a place inside it that would
 * read otherwise (the `yaml` package's plainString test).
 */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Plain text that YAML 1.2's core schema reads as something other than a string (the package quotes it). */
const OTHER_TYPE = /^(?:~|[Nn]ull|NULL)?$|^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$|^0o[0-7]+$|^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$|^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** A key written plain: the fields Marginalia's files use. */
const PLAIN_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Short escapes the package writes in place of JSON's `\u00XX` (its doubleQuotedString). */
const SHORT_ESCAPES: Record<string, string> = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e' };

/** Characters YAML does not allow written as they are (outside c-printable), line breaks of YAML 1.1, and a surrogate alone. */
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOT_PRINTABLE_ALL = new RegExp(NOT_PRINTABLE.source, 'g');

/** `s` double-quoted on one line: JSON's escapes, control characters as YAML's short ones, any other character YAML does not allow as it is escaped. */
function doubleQuoted(s: string): string {
  const json = JSON.stringify(s).replace(/\\u00([01][0-9a-f])/g, (m, hex: string) => SHORT_ESCAPES[`00${hex}`] ?? `\\x${hex}`);
  return json.replace(NOT_PRINTABLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `s` as the package writes a mapping's value whose key is at `indent` spaces, when that fits on
 * the line (see the header); otherwise double-quoted on one line.
 */
export function scalarText(s: string, indent: number): string {
  // a tab the package leaves in a plain scalar, which the writer-shaped reading does not take
  const simple = !/[\n\r\t]/.test(s) && !NOT_PRINTABLE.test(s);
  let text: string;
  if (simple && !NOT_PLAIN.test(s) && !OTHER_TYPE.test(s)) text = s;
  else if (simple && s.includes('"') && !s.includes("'")) text = `'${s}'`;
  else text = doubleQuoted(s);
  // the package folds a long line at a space; a multi-line string it writes as a block scalar
  const folds = text.length >= LINE_WIDTH - indent && / \S/.test(text);
  return simple && !folds ? text : doubleQuoted(s);
}

function scalar(v: unknown, indent: number): string {
  if (typeof v === 'string') return scalarText(v, indent);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  throw new NotWritable('not a plain value');
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const pads: string[] = [];
const padOf = (n: number): string => (pads[n] ??= ' '.repeat(n));

/** A mapping's lines, its keys at `indent` spaces (a nested list two further in, as the package's indentSeq). */
function mapLines(map: Record<string, unknown>, indent: number, out: string[]): void {
  const pad = padOf(indent);
  for (const key of Object.keys(map)) {
    const v = map[key];
    if (v === undefined) continue;
    if (!PLAIN_KEY.test(key) || OTHER_TYPE.test(key)) throw new NotWritable(`key ${key}`);
    if (Array.isArray(v) && v.length) {
      out.push(`${pad}${key}:`);
      seqLines(v, indent + 2, out);
    } else if (isMap(v) && Object.keys(v).length) {
      out.push(`${pad}${key}:`);
      mapLines(v, indent + 2, out);
    } else out.push(`${pad}${key}: ${Array.isArray(v) ? '[]' : isMap(v) ? '{}' : scalar(v, indent)}`);
  }
}

/** A list's lines, each item's dash at `indent` spaces; a mapping's first key on its dash's line. */
function seqLines(list: readonly unknown[], indent: number, out: string[]): void {
  const pad = padOf(indent);
  for (const item of list) {
    const from = out.length;
    if (isMap(item) && (mapLines(item, indent + 2, out), out.length > from)) {
      out[from] = `${pad}- ${out[from].slice(indent + 2)}`;
    } else if (Array.isArray(item)) {
      if (item.length) throw new NotWritable('a list in a list');
      out.push(`${pad}- []`);
    } else out.push(`${pad}- ${isMap(item) ? '{}' : scalar(item, indent)}`);
  }
}

/** `key` and its list `value` as a top-level entry of a file, in block style, with a final line break. Throws NotWritable. */
export function blockEntry(key: string, value: readonly unknown[]): string {
  const out: string[] = [];
  mapLines({ [key]: value }, 0, out);
  return `${out.join('\n')}\n`;
}
