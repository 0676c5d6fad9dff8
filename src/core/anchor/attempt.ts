// Re-anchoring one annotation: still at its offsets? → exact occurrences, placed by context →
// approximate occurrences when the exact ones are missing or unconvincing → otherwise an orphan
// with the best place seen as a suggestion. The candidates are kept, so that `anchorAll` can
// revisit the decision with what the neighbouring annotations reveal (neighbours.ts).

import type { AnchorResult } from '../types';
import type { AnchorText } from './anchor-text';
import { SUPPORT, confidence, decide, judge, marginFor, orphan, type Decision, type Judged } from './decide';
import { Query } from './query';
import { refine } from './refine';
import { ContextScreen } from './screen';
import { exactPositions, fuzzyCandidates } from './search';
import type { Selector } from './selector';

/** Below this many exact occurrences, judging them all is cheaper than screening. */
const SCREEN_FROM = 24;

const EPSILON = 1e-9;

/** Fuzzy placements never claim certainty: something in the quote or around it changed. */
const FUZZY_CEILING = 0.99;

export class Attempt {
  readonly q: Query;
  result: AnchorResult = orphan();
  /** Where the annotation was placed, if it was. */
  placed?: Judged;
  /** Placed because the quote is still exactly at its stored offsets: final. */
  still = false;
  decision: Decision = { contenders: [], conclusive: false };
  private exact?: Judged[];
  private exactComplete = false;
  private all?: Judged[];
  private readonly taken: ((j: Judged) => boolean)[] = [];
  private readonly conflicts: ((j: Judged) => boolean)[] = [];

  constructor(
    readonly at: AnchorText,
    sel: Selector,
  ) {
    this.q = new Query(sel);
  }

  run(): AnchorResult {
    const q = this.q;
    if (q.length === 0) return this.result;
    const still = this.stillInPlace();
    if (still) {
      this.still = true;
      this.place(still);
      return this.result;
    }
    const first = decide(q, this.exactJudged());
    if (first.chosen && first.conclusive) {
      this.decision = first;
      this.place(first.chosen);
      return this.result;
    }
    return this.settle(decide(q, this.candidates()));
  }

  /**
   * Exact occurrences worth judging: all of them when few, else those whose context could
   * compete with the best (screen.ts). `everyOne` judges them all, for when places are being
   * ruled out and the runners-up matter.
   */
  private exactJudged(everyOne = false): Judged[] {
    if (this.exact && (this.exactComplete || !everyOne)) return this.exact;
    const { at, q } = this;
    const positions = exactPositions(at, q);
    const m = q.length;
    if (everyOne || positions.length <= SCREEN_FROM) {
      this.exactComplete = true;
      return (this.exact = positions.map((a) => judge(at, q, { a, b: a + m, errors: 0 })));
    }
    const screen = new ContextScreen(at, q);
    const bounds = screen.bounds(positions);
    const order = positions.map((_, i) => i).sort((x, y) => bounds[y] - bounds[x]);
    const margin = marginFor(q);
    const text = at.folded.text;
    const judged: Judged[] = [];
    let best = -Infinity;
    for (const i of order) {
      // A rank `margin` below the best neither wins nor counts as a close rival (decide.ts).
      if (bounds[i] <= best - margin + EPSILON) break;
      const a = positions[i];
      if (screen.boundWithPrefix(a, q.context.prefixScore(text, a)) <= best - margin + EPSILON) continue;
      const j = judge(at, q, { a, b: a + m, errors: 0 });
      judged.push(j);
      if (j.rank > best) best = j.rank;
    }
    // Occurrences skipped here may be needed if the best is later ruled out (reconsider).
    this.exactComplete = judged.length === positions.length;
    return (this.exact = judged);
  }

  /** Exact and approximate candidates (the approximate search runs once, on first need). */
  candidates(everyOne = false): Judged[] {
    if (this.all && (this.exactComplete || !everyOne)) return this.all;
    const q = this.q;
    const exact = this.exactJudged(everyOne);
    const key = (c: { a: number; b: number }) => c.a * 2 ** 22 + (c.b - c.a);
    const seen = new Set(exact.map(key));
    const all = exact.slice();
    for (const c of fuzzyCandidates(this.at, q)) {
      const j = refine(this.at, q, c);
      if (!seen.has(key(j))) {
        seen.add(key(j));
        all.push(j);
      }
    }
    return (this.all = all);
  }

  /**
   * Decides again now that neighbours have ruled places out (and any ruled out before). A
   * place `taken` by a neighbour cannot be chosen but still counts as a rival: if it was as
   * good as anything else, this annotation's evidence is split and it stays an orphan. A place
   * ruled out because it `conflicts` with where neighbours went no longer counts at all.
   */
  reconsider(ruledOut: (j: Judged) => boolean, how: 'taken' | 'conflicts'): void {
    (how === 'taken' ? this.taken : this.conflicts).push(ruledOut);
    const candidates = this.candidates(true).filter((j) => !this.conflicts.some((ban) => ban(j)));
    const d = decide(this.q, candidates);
    const blocked = (j: Judged) => this.taken.some((ban) => ban(j));
    if (d.chosen && blocked(d.chosen)) d.chosen = undefined;
    d.contenders = d.contenders.filter((j) => !blocked(j));
    this.settle(d);
  }

  place(j: Judged): void {
    const q = this.q;
    this.placed = j;
    if (j.errors === 0 && this.at.slice(j.start, j.end) === q.quote) {
      const same = j.start === q.start && j.end === (q.end ?? j.end);
      this.result = { state: same ? 'anchored' : 'moved', start: j.start, end: j.end, confidence: 1 };
    } else {
      const c = Math.min(FUZZY_CEILING, confidence(q, j));
      this.result = { state: 'fuzzy', start: j.start, end: j.end, confidence: round(c) };
    }
  }

  private settle(d: Decision): AnchorResult {
    this.decision = d;
    if (d.chosen) {
      this.place(d.chosen);
    } else {
      this.placed = undefined;
      const b = d.best;
      this.result = orphan(b && { start: b.start, end: b.end, confidence: round(confidence(this.q, b)) });
    }
    return this.result;
  }

  /** The quote is exactly at its stored offsets, and its context (if stored) does not object. */
  private stillInPlace(): Judged | undefined {
    const { q, at } = this;
    if (q.start === undefined || q.end === undefined || q.end > at.length) return undefined;
    if (at.slice(q.start, q.end) !== q.quote) return undefined;
    const j = judge(at, q, { a: at.toFolded(q.start), b: at.toFolded(q.end), errors: 0 });
    // Another occurrence of a short quote can slide under the stored offsets after an edit.
    if (q.context.present && Math.max(j.prefix ?? 0, j.suffix ?? 0) < SUPPORT) return undefined;
    return { ...j, start: q.start, end: q.end };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
