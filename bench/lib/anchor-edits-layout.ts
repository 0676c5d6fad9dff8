// Edits that change the layout around annotated words rather than the words (issue 12): a page
// re-fetched with a marker before and after every paragraph, bullets or timestamps before every
// line, a sentence moved to another paragraph, and a paragraph deleted while a name it held still
// occurs elsewhere. The first three leave every quote intact, with one or both sides of its
// context changed; the last leaves a short name that can only be guessed at, so an orphan is the
// only right answer for it.

import { choose, lines, noOverlap, span, type Edit, type Line } from './anchor-edits';
import type { Op, Version } from './anchor-version';

/** What re-fetched pages put around each paragraph: a marker before, a mark after. */
const AROUND: [string, string][] = [
  ['🇦🇲 Update 📌 ', ' 📌'],
  ['📌 ', ' 🔗'],
  ['UPDATE — ', ' (Reuters)'],
  ['▶ ', ' ↩︎'],
  ['✅ ', ' [Read more]'],
];

/** Lines of a few words or more: paragraphs, headings, list items, speaker turns. */
function textLines(v: Version): Line[] {
  return lines(v).filter((l) => v.slice(l.start, l.end).trim().split(/\s+/).length >= 6);
}

/** A marker at the start and a mark at the end of every paragraph: both sides of the spans at its ends change. */
export const markersAround: Edit = (v, { rng }) => {
  const [head, tail] = rng.pick(AROUND);
  const ops: Op[] = [];
  for (const l of textLines(v)) {
    ops.push({ start: l.start, end: l.start, insert: head });
    ops.push({ start: l.end, end: l.end, insert: tail });
  }
  return { ops };
};

/** Bullets, numbers or timestamps before every non-empty line (a transcript, a list export). */
export const linesPrefixed: Edit = (v, { rng }) => {
  const style = rng.int(3);
  const bullet = rng.pick(['• ', '- ', '* ', '– ']);
  let seconds = rng.int(3600);
  let n = 0;
  const ops: Op[] = [];
  for (const l of lines(v)) {
    if (l.end === l.start) continue;
    n++;
    seconds += 3 + rng.int(90);
    const two = (x: number) => String(x).padStart(2, '0');
    const stamp = `[${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}] `;
    ops.push({ start: l.start, end: l.start, insert: style === 0 ? bullet : style === 1 ? stamp : `${n}. ` });
  }
  return { ops };
};

/**
 * One to three whole sentences moved into another paragraph (an editor's reshuffle): the words
 * are all there, their context changed on both sides.
 */
export const sentenceMoved: Edit = (v, ctx) => {
  const text = v.text;
  const ops: Op[] = [];
  const focus: number[] = [];
  const paras = textLines(v);
  const lineOf = (p: number) => paras.find((l) => l.start <= p && p <= l.end);
  const movable = (k: number) => {
    if (ctx.targets[k].type !== 'claim') return false;
    const { start, end } = span(v, k);
    const l = lineOf(start);
    // A sentence sharing its paragraph: moving a whole paragraph is "paragraphs inserted/deleted".
    // And one that occurs once: with an identical copy elsewhere (a photo caption repeated in
    // the body), nothing in the new text tells which copy was annotated and which moved, so an
    // orphan is as right as either place, and the kind would not measure a move.
    const sentence = v.slice(start, end);
    return !!l && /[.!?]["”’]?$/u.test(sentence) && end - start >= 30 && end - start <= l.end - l.start - 20 && once(text, sentence);
  };
  for (const i of choose(v, ctx, (_, k) => movable(k), 1 + ctx.rng.int(3))) {
    const { start, end } = span(v, i);
    const home = lineOf(start)!;
    // The space that separated it from its neighbour goes with it.
    const cut = v.at(end) === ' ' ? { start, end: end + 1 } : v.at(start - 1) === ' ' ? { start: start - 1, end } : { start, end };
    const far = paras.filter((p) => p !== home && Math.abs(p.start - start) > 200);
    if (far.length === 0 || !noOverlap(ops, cut.start - 1, cut.end + 1)) continue;
    const to = ctx.rng.pick(far);
    const sentence = v.slice(start, end);
    const atEnd = ctx.rng.next() < 0.5;
    const insert: Op = atEnd
      ? { start: to.end, end: to.end, insert: ` ${sentence}`, from: { start, end, offset: 1 } }
      : { start: to.start, end: to.start, insert: `${sentence} `, from: { start, end, offset: 0 } };
    if (!noOverlap(ops, insert.start - 1, insert.start + 1)) continue;
    ops.push({ start: cut.start, end: cut.end, insert: '' }, insert);
    ctx.targets.forEach((_, k) => {
      const t = v.truths[k];
      if (t.kind === 'exact' && t.start >= start && t.end <= end) focus.push(k);
    });
  }
  return { ops, focus };
};

/**
 * A paragraph deleted that held a short name (an entity under 16 code points) which still occurs
 * elsewhere: the name's annotation there must become an orphan, not jump to another "Pashinyan".
 */
export const nameParagraphDeleted: Edit = (v, ctx) => {
  const text = v.text;
  const paras = textLines(v);
  const order = paras.map((_, i) => i).sort(() => ctx.rng.next() - 0.5);
  const ops: Op[] = [];
  const focus: number[] = [];
  const wanted = 1 + ctx.rng.int(2);
  for (const pi of order) {
    if (ops.length >= wanted) break;
    const p = paras[pi];
    const inside = ctx.targets
      .map((t, k) => ({ t, k, tr: v.truths[k] }))
      .filter(({ t, tr }) => t.type === 'entity' && tr.kind === 'exact' && tr.start >= p.start && tr.end <= p.end && tr.end - tr.start < 16);
    // Names that occur outside this paragraph and every one deleted before it.
    const gone = [...ops, { start: p.start, end: p.end + 1 }];
    const elsewhere = inside.filter(({ tr }) => {
      if (tr.kind === 'gone') return false;
      const name = v.slice(tr.start, tr.end);
      return occurrencesOutside(text, name, gone) > 0;
    });
    if (elsewhere.length === 0 || !noOverlap(ops, p.start - 1, p.end + 1)) continue;
    ops.push({ start: p.start, end: Math.min(v.length, p.end + 1), insert: '' });
    focus.push(...elsewhere.map(({ k }) => k));
  }
  return { ops, focus };
};

/** Occurrences of `name` (code points) in `text` outside the given code point spans. */
function occurrencesOutside(text: string, name: string, spans: { start: number; end: number }[]): number {
  const cps = Array.from(text);
  const n = Array.from(name);
  let count = 0;
  for (let i = 0; i + n.length <= cps.length; i++) {
    if (cps[i] !== n[0] || spans.some((s) => i < s.end && s.start < i + n.length)) continue;
    let k = 1;
    while (k < n.length && cps[i + k] === n[k]) k++;
    if (k === n.length) count++;
  }
  return count;
}

/** Whether `needle` occurs exactly once in `text`. */
function once(text: string, needle: string): boolean {
  const i = text.indexOf(needle);
  return i >= 0 && text.indexOf(needle, i + 1) < 0;
}
