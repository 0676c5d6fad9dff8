// JSON text of a large model, written in steps (issue 15). An analysis view's model is 2–4 MB of
// JSON at 2,000 sources; handed to `webview.postMessage` as objects, VS Code stringifies it on
// the extension host's thread in one task (25–40 ms, on top of the model). Written here between
// pauses and posted as UTF-8 bytes, which VS Code passes to the page as a buffer, unread.
//
// The text is JSON.stringify's exactly, for the plain data models are made of (property tests:
// test/unit/slices.test.ts): a big array is written an element at a time, a big object a member
// at a time, each element or member by JSON.stringify itself; arrays of arrays and the objects
// above the arrays are taken apart, the objects inside an array are not (each is small).
import type { Sliced } from './slices';

/** Elements (or members) written between two pauses. */
const STEP = 64;

/** JSON.stringify(value) of plain data, yielding between steps. */
export function* jsonSliced(value: unknown): Sliced<string> {
  const parts: string[] = [];
  if (!isComposite(value)) return JSON.stringify(value) as string;
  yield* write(value, parts);
  return parts.join('');
}

/** An array, or an object JSON.stringify walks member by member (no toJSON). */
function isComposite(v: unknown): v is object {
  return typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

function* write(v: object, parts: string[]): Generator<void, void, void> {
  if (Array.isArray(v)) {
    parts.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i) parts.push(',');
      const x: unknown = v[i];
      if (Array.isArray(x)) yield* write(x, parts);
      else parts.push(JSON.stringify(x) ?? 'null'); // undefined, a function: null in an array, as JSON.stringify
      if (i % STEP === STEP - 1) yield;
    }
    parts.push(']');
    return;
  }
  parts.push('{');
  let first = true;
  let n = 0;
  for (const k of Object.keys(v)) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (isComposite(x)) {
      parts.push(first ? '' : ',', JSON.stringify(k), ':');
      first = false;
      yield* write(x, parts);
    } else {
      const s = JSON.stringify(x) as string | undefined;
      if (s === undefined) continue; // undefined, a function, a symbol: left out of an object, as JSON.stringify
      parts.push(first ? '' : ',', JSON.stringify(k), ':', s);
      first = false;
    }
    if (++n % STEP === 0) yield;
  }
  parts.push('}');
}
