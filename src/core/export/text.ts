// Small text helpers the exporters share: cutting a source by code points (the unit of every
// offset Marginalia stores) without an O(n) pass per annotation.
import { CodePointIndex } from '../text/positions';

/** `(start, end) => text` in code points; one O(n) pass per text, O(log n) per cut. */
export function slicer(text: string): (start: number, end: number) => string {
  const index = new CodePointIndex(text);
  const max = index.length;
  return (start, end) => text.slice(index.toUtf16(Math.min(start, max)), index.toUtf16(Math.min(end, max)));
}
