// Judging a re-anchoring against the known truth, and printing the tallies.

import type { AnchorResult } from '../../src/core/types';
import type { Truth } from './anchor-version';

export type Outcome = 'correct' | 'lost' | 'wrong';

/** Overlap / union of two spans. */
function iou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union === 0 ? 0 : inter / union;
}

/**
 * - exact truth: only the exact span is correct; an orphan is lost; anything else is wrong
 *   (a placement off by a character is wrong too: a highlight must cover the words, not most of them);
 * - near (a typo fixed inside the quote): a placement overlapping the edited span by ≥ 70% of
 *   their union is correct; an orphan is lost, except for a short name whose context was edited
 *   too (doublyEdited);
 * - either (heavily edited): an orphan is correct, so is a placement overlapping ≥ 50%;
 * - gone (deleted, rewritten): only an orphan is correct, any placement is wrong.
 *
 * `seen` (the new judge, see onlyContextCouldPlace): what the new text says about the quote;
 * without it the judge is the old one.
 */
export function judgeOutcome(truth: Truth, r: AnchorResult, seen?: Seen): Outcome {
  const placed = r.state !== 'orphaned' && r.start !== null && r.end !== null;
  if (truth.kind === 'gone') return placed ? 'wrong' : 'correct';
  if (!placed) return truth.kind === 'either' || doublyEdited(truth) || onlyContextCouldPlace(truth, r, seen) ? 'correct' : 'lost';
  const got = { start: r.start!, end: r.end! };
  switch (truth.kind) {
    case 'exact':
      return got.start === truth.start && got.end === truth.end ? 'correct' : 'wrong';
    case 'near':
      return iou(got, truth) >= 0.7 ? 'correct' : 'wrong';
    case 'either':
      return iou(got, truth) >= 0.5 ? 'correct' : 'wrong';
  }
}

/** A name's length below which only its context may place it (decide.ts, SHORT). */
const SHORT = 16;

/**
 * A short quote (a name) with a typo in it AND its context edited (random combinations): its
 * letters no longer match and neither does what stood around it, so by issue 12's rule ("a
 * short frequent one only with strong context") an orphan with a suggestion is a right answer,
 * as is the edited span.
 */
function doublyEdited(truth: Truth): boolean {
  return truth.kind === 'near' && truth.shaken === true && truth.end - truth.start < SHORT;
}

/** What the new text says about a quote, beyond its truth: for onlyContextCouldPlace. */
export interface Seen {
  /** Exact copies of the stored quote in the new text. */
  copies: number;
  /** Whether anything of the stored prefix, and of the stored suffix, survives beside the truth (contextSurvives). */
  prefixSurvives: boolean;
  suffixSurvives: boolean;
}

/**
 * Issue 12: "For a quote that occurs many times, only context may place it: when the context is
 * gone, the answer is an orphan (with a suggestion), never a guess." So an orphan is a right
 * answer exactly there, if its suggestion is the true place: the quote stands at least twice in
 * the new text word for word and nothing of its context survives on either side. Narrow on
 * purpose: one side surviving, a single copy, a suggestion elsewhere or none stay lost.
 */
export function onlyContextCouldPlace(truth: Truth, r: AnchorResult, seen?: Seen): boolean {
  if (!seen || truth.kind !== 'exact' || !r.suggestion) return false;
  const s = r.suggestion;
  return s.start === truth.start && s.end === truth.end && seen.copies >= 2 && !seen.prefixSurvives && !seen.suffixSurvives;
}

/** A run of this many code points shared by the stored and the new context is context surviving. */
export const SURVIVING_RUN = 8;

/**
 * Whether a stored side of context (`stored`) survives in what now stands on that side of the
 * true place (`now`, taken wider than the stored side, so context pushed away by a marker still
 * counts): they share a run of SURVIVING_RUN code points, after line endings, spaces and quote
 * styles are made alike. A stored side that was empty (the quote began or ended the text)
 * counts as surviving (there was nothing to lose). Generous on purpose: any doubt keeps the old
 * verdict.
 */
export function contextSurvives(stored: string, now: string): boolean {
  if (stored.length === 0) return true;
  const a = Array.from(alike(stored));
  const b = Array.from(alike(now));
  const run = Math.min(SURVIVING_RUN, a.length);
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1] && (cur[j] = prev[j - 1] + 1) >= run) return true;
    }
    prev = cur;
  }
  return false;
}

/**
 * What the new text (`cps`, its code points) says about a quote whose truth is `truth`: only
 * worked out where the new judge could differ from the old one (an orphan suggesting the truth).
 */
export function seenFor(
  cps: string[],
  text: string,
  sel: { quote: string; prefix?: string; suffix?: string },
  truth: Truth,
  r: AnchorResult,
): Seen | undefined {
  if (truth.kind !== 'exact' || r.state !== 'orphaned' || !r.suggestion) return undefined;
  if (r.suggestion.start !== truth.start || r.suggestion.end !== truth.end) return undefined;
  const wide = 2 * CONTEXT;
  return {
    copies: text.split(sel.quote).length - 1,
    prefixSurvives: contextSurvives(sel.prefix ?? '', cps.slice(Math.max(0, truth.start - wide), truth.start).join('')),
    suffixSurvives: contextSurvives(sel.suffix ?? '', cps.slice(truth.end, truth.end + wide).join('')),
  };
}

/** The context stored on each side of a quote (selector.ts), code points. */
const CONTEXT = 32;

function alike(s: string): string {
  return s.replace(/\s+/gu, ' ').replace(/[‘’‛]/gu, "'").replace(/[“”„‟]/gu, '"');
}

export class Tally {
  n = 0;
  correct = 0;
  lost = 0;
  wrong = 0;
  wrongClaims = 0;
  add(o: Outcome, claim: boolean): void {
    this.n++;
    this[o]++;
    if (o === 'wrong' && claim) this.wrongClaims++;
  }
  merge(t: Tally): void {
    this.n += t.n;
    this.correct += t.correct;
    this.lost += t.lost;
    this.wrong += t.wrong;
    this.wrongClaims += t.wrongClaims;
  }
}

export function pct(k: number, n: number): string {
  return n === 0 ? '–' : `${((100 * k) / n).toFixed(1)}%`;
}

/** A table with aligned columns: text left, numbers right. */
export function table(
  head: string[],
  rows: string[][],
  rule: number[] = [],
  groups: { label: string; span: number }[] = [],
): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = head.map((_, c) => rows.every((r) => /^[-–\d.,%× µms/]*$/.test(r[c])));
  const line = (r: string[]) =>
    r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const sep = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(head), sep];
  if (groups.length > 0) {
    // A label centred over the columns it spans, underlined with its own rule.
    let c = 0;
    const labels: string[] = [];
    const rules: string[] = [];
    for (const g of groups) {
      const w = widths.slice(c, c + g.span).reduce((x, y) => x + y, 0) + 2 * (g.span - 1);
      const pad = Math.max(0, w - g.label.length);
      labels.push(' '.repeat(pad >> 1) + g.label + ' '.repeat(pad - (pad >> 1)));
      rules.push(g.label ? '─'.repeat(w) : ' '.repeat(w));
      c += g.span;
    }
    out.unshift(labels.join('  ').trimEnd(), rules.join('  ').trimEnd());
  }
  rows.forEach((r, i) => {
    if (rule.includes(i)) out.push(sep);
    out.push(line(r));
  });
  return out.join('\n');
}
