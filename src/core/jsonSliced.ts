// JSON text of a large model or export, written in steps (issue 15). An analysis view's model
// is 2–4 MB of JSON at 2,000 sources; handed to `webview.postMessage` as objects, VS Code
// stringifies it on the extension host's thread in one task (25–40 ms, on top of the model).
// Written here between pauses and posted as UTF-8 bytes, which VS Code passes to the page as a
// buffer, unread. The W3C export (22 MB at 2,000 sources) is written the same way.
//
// The text is JSON.stringify's exactly, indented or not, for plain data (property tests:
// test/unit/slices.test.ts): a big array is written an element at a time, a big object a member
// at a time, each element or member by JSON.stringify itself; arrays of arrays and the objects
// above the arrays are taken apart, the objects inside an array are not (each is small).
import type { Sliced } from './slices';

/** Elements (or members) written between two pauses. */
const STEP = 64;
/** Parts joined into one piece at a pause once they are this many: no join of millions at the end. */
const PIECE = 4096;

/** JSON.stringify(value, null, indent) of plain data, yielding between steps. */
export function* jsonSliced(value: unknown, indent = 0): Sliced<string> {
  if (!isComposite(value)) return JSON.stringify(value, null, indent) as string; // undefined for undefined, as JSON.stringify
  return (yield* jsonPieces(value, indent)).join('');
}

/**
 * The same text as pieces of a few thousand parts each, to be encoded a piece at a time
 * (text/utf8.ts `utf8Sliced`): joined into one string first, a 22 MB export took 50–80 ms in
 * one task to join and as much again when the encoder flattened it.
 */
export function* jsonPieces(value: unknown, indent = 0): Sliced<string[]> {
  if (!isComposite(value)) return [JSON.stringify(value, null, indent) ?? '']; // undefined has no JSON: nothing
  const out = new Pieces();
  yield* write(value, out, ' '.repeat(Math.min(10, Math.max(0, indent))), '');
  return out.done();
}

/** The text as parts, joined a piece at a time. */
class Pieces {
  readonly parts: string[] = [];
  private readonly pieces: string[] = [];
  push(...s: string[]): void {
    for (const x of s) this.parts.push(x);
  }
  /** At a pause: many parts become one piece. */
  settle(): void {
    if (this.parts.length < PIECE) return;
    this.pieces.push(this.parts.join(''));
    this.parts.length = 0;
  }
  done(): string[] {
    this.pieces.push(this.parts.join(''));
    return this.pieces;
  }
}

/** An array, or an object JSON.stringify walks member by member (no toJSON). */
function isComposite(v: unknown): v is object {
  return typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * One value as JSON.stringify writes it at a depth: inside as many arrays as the depth (so
 * JSON.stringify itself indents its lines), the arrays' brackets cut off again. Re-indenting
 * the text instead (a replace of every line break) took twice as long as the stringify.
 */
function whole(x: unknown, indent: string, depth: number): string | undefined {
  if (x === undefined || typeof x === 'function' || typeof x === 'symbol') return undefined;
  if (!indent || depth === 0 || typeof x !== 'object' || x === null) return JSON.stringify(x, null, indent);
  if (!isComposite(x)) {
    // toJSON may give undefined (left out) or anything else: what JSON.stringify gives, re-indented (rare: no model has one)
    const s = JSON.stringify(x, null, indent) as string | undefined;
    return s?.replace(/\n/g, `\n${indent.repeat(depth)}`);
  }
  let nested: unknown = x;
  for (let d = 0; d < depth; d++) nested = [nested];
  const s = JSON.stringify(nested, null, indent);
  const [open, close] = brackets(indent, depth);
  return s.slice(open, s.length - close);
}

/** How many characters the nesting arrays add before and after the value, by indent and depth. */
const bracketsKnown = new Map<string, [number, number]>();
function brackets(indent: string, depth: number): [number, number] {
  const k = `${indent.length}:${depth}`;
  let b = bracketsKnown.get(k);
  if (!b) {
    let nested: unknown = 0;
    for (let d = 0; d < depth; d++) nested = [nested];
    const s = JSON.stringify(nested, null, indent);
    const at = s.indexOf('0');
    bracketsKnown.set(k, (b = [at, s.length - at - 1]));
  }
  return b;
}

function* write(v: object, out: Pieces, indent: string, pad: string): Generator<void, void, void> {
  const inner = pad + indent;
  const depth = indent ? inner.length / indent.length : 0;
  // what goes before each element or member: a newline and the indentation, when indenting
  const lead = indent ? `\n${inner}` : '';
  const colon = indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return void out.push('[]');
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      out.push(i ? `,${lead}` : lead);
      const x: unknown = v[i];
      if (Array.isArray(x)) yield* write(x, out, indent, inner);
      else out.push(whole(x, indent, depth) ?? 'null'); // undefined, a function: null in an array, as JSON.stringify
      if (i % STEP === STEP - 1) {
        out.settle();
        yield;
      }
    }
    out.push(indent ? `\n${pad}]` : ']');
    return;
  }
  const open = out.parts.length;
  out.push('{');
  let first = true;
  let n = 0;
  for (const k of Object.keys(v)) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (isComposite(x)) {
      out.push(first ? lead : `,${lead}`, JSON.stringify(k), colon);
      first = false;
      yield* write(x, out, indent, inner);
    } else {
      const s = whole(x, indent, depth);
      if (s === undefined) continue; // undefined, a function, a symbol: left out of an object, as JSON.stringify
      out.push(first ? lead : `,${lead}`, JSON.stringify(k), colon, s);
      first = false;
    }
    if (++n % STEP === 0) {
      out.settle(); // (`open` is read below only when no member was written: nothing settled since)
      yield;
    }
  }
  if (first) out.parts[open] = '{}'; // no member written: JSON.stringify's empty object, on one line
  else out.push(indent ? `\n${pad}}` : '}');
}
