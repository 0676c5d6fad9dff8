// Registry mentions carried across edits (issue 15): after a save the store dropped a 1 MB
// source's mentions and the views found them all again on the extension host (170 ms a save in
// the bench's profile, the registry's automaton over the whole text). Between the edit stretches
// (editStretches.ts) the text is unchanged, so its mentions are too, moved by the length change
// before them; only the text around each stretch (RESCAN_MARGIN code points each side, longer
// than any sane alias, widened to white space so no word is cut) is searched again — the way
// the editor keeps its own mentions current on each keystroke (extension/editor/liveDocuments.ts).
// A mention reaching past such a region began or ended more than the margin away from the edit,
// so the edit cannot have changed it: it is kept. Null when the regions would cover much of the
// text (a rewrite): then finding them all again is no dearer.
import type { Mention } from '../types';
import { gapAt, gapsOf, type TextEdits } from './editStretches';

const RESCAN_MARGIN = 200;
/** Past this share of the text in regions to search again, the caller searches the whole text. */
const MAX_SHARE = 0.25;

export function shiftMentions(next: string, mentions: readonly Mention[], find: (text: string) => Mention[], edits: TextEdits): Mention[] | null {
  const ni = edits.next;
  // the regions to search again, in next, UTF-16, merged when they touch
  const regions: [number, number][] = [];
  for (const s of edits.stretches) {
    let a = Math.max(0, s.nextStart - RESCAN_MARGIN);
    let b = Math.min(next.length, s.nextEnd + RESCAN_MARGIN);
    while (a > 0 && !/\s/.test(next[a - 1])) a--;
    while (b < next.length && !/\s/.test(next[b])) b++;
    const last = regions[regions.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else regions.push([a, b]);
  }
  const covered = regions.reduce((n, [a, b]) => n + b - a, 0);
  if (covered > MAX_SHARE * next.length) return null;
  const cpRegions = regions.map(([a, b]) => [ni.toCodePoint(a), ni.toCodePoint(b)] as const);

  const gaps = gapsOf(edits);
  const out: Mention[] = [];
  let r = 0;
  const lastEnd = () => (out.length ? out[out.length - 1].end : 0);
  const flushRegionsBefore = (at: number) => {
    while (r < cpRegions.length && cpRegions[r][0] <= at) {
      const [a, b] = cpRegions[r++];
      for (const m of find(next.slice(ni.toUtf16(a), ni.toUtf16(b)))) if (m.start + a >= lastEnd()) out.push({ ...m, start: m.start + a, end: m.end + a });
    }
  };
  let k = 0;
  for (const m of mentions) {
    const g = gaps[gapAt(gaps, m.start)];
    if (m.end > g.to) continue; // an edit touched it: its region finds what is there now
    const s = m.start + g.shift;
    const e = m.end + g.shift;
    while (k < cpRegions.length && cpRegions[k][1] < e) k++;
    // inside a region: found again there (or not, if the edit broke it)
    if (k < cpRegions.length && cpRegions[k][0] <= s) continue;
    flushRegionsBefore(s);
    // reaching into a region, it was a match of the whole text there: a shorter one found inside gives way
    while (out.length && out[out.length - 1].end > s) out.pop();
    out.push(s === m.start ? m : { ...m, start: s, end: e });
  }
  flushRegionsBefore(Infinity);
  return out;
}
