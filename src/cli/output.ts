// What the CLI prints from files. Sidecars, sources, the registry and even file names arrive
// through git from anyone; printed raw, an id holding a newline and `::error …` or
// `::stop-commands::` forges GitHub Actions workflow commands, and an ESC byte colours or hides
// real output. Text output passes every file-derived value through forTerminal (one line,
// controls escaped); JSON output is escaped by JSON.stringify, and here also for the C1
// controls, line/paragraph separators and bidi overrides that JSON allows raw.
import { forTerminal } from '../core/text/untrusted';

export { forTerminal };

const JSON_RAW_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify, with every character a terminal or log could act on written as \uXXXX (same value). */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_RAW_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A message for the terminal when anything unexpected is thrown: its text only, no stack. */
export function describeError(e: unknown): string {
  return forTerminal(e instanceof Error ? e.message : String(e));
}

/** Single-quoted for a POSIX shell, so a suggested command line cannot be broken out of. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
