// Re-anchoring one annotation: still at its offsets? → exact occurrences, placed by context →
// approximate occurrences when the exact ones are missing or unconvincing → otherwise an orphan
// with the best place seen as a suggestion. The candidates are kept, so that `anchorAll` can
// revisit the decision with what the neighbouring annotations reveal (neighbours.ts).

import type { AnchorResult } from '../types';
import type { AnchorText } from './anchor-text';
import { HINT_BONUS, SHORT, SUPPORT, complete, confidence, decide, judge, orphan, type Decision, type Judged } from './decide';
import { Query } from './query';
import { refine } from './refine';
import { deletedBetweenContext, rewrittenElsewhere, rewrittenHow } from './rewritten';
import { ExactOccurrences } from './screen';
import { MAX_OCCURRENCES, exactPositions, fuzzyCandidates } from './search';
import type { Selector } from './selector';

/** Exact occurrences judged before the approximate search is given a say. */
const FIRST_LOOK = 64;

/** Fuzzy placements never claim certainty: something in the quote or around it changed. */
const FUZZY_CEILING = 0.99;

export class Attempt {
  readonly q: Query;
  result: AnchorResult = orphan();
  /** Where the annotation was placed, if it was. */
  placed?: Judged;
  /** Placed because the quote is still exactly at its stored offsets: final. */
  still = false;
  /** Placed on one side of its context, where its neighbours put it (neighbours.ts): no evidence for others. */
  lone = false;
  decision: Decision = { contenders: [], conclusive: false };
  private exact?: ExactOccurrences;
  private fuzzy?: Judged[];
  private deleted?: boolean;
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
    // Exact occurrences first; if a few dozen judged do not settle it, the approximate search
    // (which may find a better place) comes before judging more.
    const exact = this.exactOccurrences();
    if (exact.advance(-Infinity, FIRST_LOOK)) {
      const first = decide(q, exact.judged, exact.count, this.at);
      if (first.chosen && first.conclusive && !rewrittenElsewhere(this.at, q, first.chosen)) {
        this.decision = first;
        this.place(first.chosen);
        return this.result;
      }
    }
    return this.settle(decide(q, this.candidates(), exact.count, this.at));
  }

  private exactOccurrences(): ExactOccurrences {
    return (this.exact ??= new ExactOccurrences(this.at, this.q, exactPositions(this.at, this.q)));
  }

  /**
   * The approximate places, refined. The exact places, when they have been listed (not for a
   * quote still at its offsets, whose rivals are all this asks about) and every one of them is,
   * spare the search the windows they cover (search.ts exactRun).
   */
  private approximate(): Judged[] {
    const { at, q } = this;
    const starts = this.exact?.positions;
    this.fuzzy ??= fuzzyCandidates(at, q, starts && starts.length < MAX_OCCURRENCES ? starts : undefined).map((c) => refine(at, q, c));
    return this.fuzzy;
  }

  /**
   * Exact and approximate candidates: all the exact occurrences that could matter beside the
   * best of both (screen.ts), or with `everyOne`, every one of them.
   */
  candidates(everyOne = false): Judged[] {
    const fuzzy = this.approximate();
    const exact = this.exactOccurrences();
    let exactJudged: Judged[];
    if (everyOne) exactJudged = exact.all();
    else {
      exact.advance(Math.max(-Infinity, ...fuzzy.map((j) => j.rank)));
      exactJudged = exact.judged;
    }
    return withFuzzy(exactJudged, fuzzy);
  }

  /** The approximate places (words edited) lying inside [start, end) of the text (code points). */
  fuzzyWithin(start: number, end: number): Judged[] {
    return this.approximate().filter((c) => c.start >= start && c.end <= end);
  }

  /** The exact occurrences inside [start, end) of the text (code points). */
  exactWithin(start: number, end: number): Judged[] {
    const { at } = this;
    return this.exactOccurrences().within(at.toFolded(start), at.toFolded(Math.min(end, at.length)));
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
    const d = decide(this.q, candidates, this.exactOccurrences().count, this.at);
    const blocked = (j: Judged) => this.taken.some((ban) => ban(j));
    if (d.chosen && blocked(d.chosen)) d.chosen = undefined;
    d.contenders = d.contenders.filter((j) => !blocked(j));
    this.settle(d);
  }

  /** Whether the quote's stored context meets with nothing between (deletedBetweenContext, rewritten.ts). */
  deletedBetween(): boolean {
    return (this.deleted ??= deletedBetweenContext(this.at, this.q));
  }

  /** Whether the annotation's own place stands elsewhere with other words in it (rewritten.ts). */
  rewritten(j: Judged): boolean {
    return rewrittenElsewhere(this.at, this.q, j);
  }

  place(j: Judged): void {
    const q = this.q;
    this.lone = false;
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
    // The annotation's own place, found with other words in it: those words replaced its words.
    const how = d.chosen ? rewrittenHow(this.at, this.q, d.chosen) : false;
    if (d.chosen && how) d = { best: d.chosen, contenders: [], conclusive: false, ...(how === 'tie' ? { tied: d.chosen } : {}) };
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

  /** Whether another exact copy's context agrees at least as well as `j`'s (its offset aside). */
  private rivalAtLeast(j: Judged): boolean {
    const exact = this.exactOccurrences();
    if (exact.count < 2) return false;
    const own = j.rank - HINT_BONUS;
    exact.advance(own);
    return exact.judged.some((c) => c.a !== j.a && c.wordsAgree && c.rank >= own);
  }

  /** Whether a place elsewhere with the quote's words edited has its context intact on both sides. */
  private editedRivalComplete(j: Judged): boolean {
    return this.approximate().some((c) => c.errors > 0 && c.wordsAgree && complete(c) && (c.b <= j.a || c.a >= j.b));
  }

  /** The quote is exactly at its stored offsets, and its context (if stored) does not object. */
  private stillInPlace(): Judged | undefined {
    const { q, at } = this;
    if (q.start === undefined || q.end === undefined || q.end > at.length) return undefined;
    if (at.slice(q.start, q.end) !== q.quote) return undefined;
    const j = judge(at, q, { a: at.toFolded(q.start), b: at.toFolded(q.end), errors: 0 });
    // Another occurrence of a name can slide under the stored offsets after an edit (a paragraph
    // that opened with it deleted, the next one opening with it too), matching one side of the
    // context: for a short quote only both sides agreeing make the offsets final. And a name can
    // grow into another word where it stands ("Ortega" → "Ortegaville").
    if (!j.wordsAgree) return undefined;
    const sides = [j.prefix, j.suffix].filter((s): s is number => s !== null);
    if (sides.length > 0 && Math.max(...sides) < SUPPORT) return undefined;
    if (q.length < SHORT && Math.min(...sides) < SUPPORT / 2) return undefined;
    // The offsets are evidence only with the context: a sibling that slid under them ("The pipes
    // under Dunmore are older…" from the same template, a paragraph above deleted) agrees with
    // part of it, while the annotated copy elsewhere agrees with all of it (issue 12). Unless
    // the context is intact, another copy agreeing at least as well decides in the full search.
    if (!complete(j) && this.rivalAtLeast(j)) return undefined;
    // Nor against the quote with a typo in it elsewhere, its context intact on both sides: a
    // sibling sentence slid under the offsets while the annotated words were misspelt where
    // they stand (issue 12, held-out seed 2). The full search weighs the two.
    if (!complete(j) && q.length < SHORT && this.editedRivalComplete(j)) return undefined;
    return { ...j, start: q.start, end: q.end };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The exact places judged, then each approximate place that is none of them (nor an approximate
 * place before it), in that order. Only the approximate places' keys are kept to look up: a
 * quote standing at a thousand places of a periodic text had a set of every exact place made
 * for each decision (issue 15: 220 MB of the hostile bench's 2,000 nested claims).
 */
export function withFuzzy(exact: readonly Judged[], fuzzy: readonly Judged[]): Judged[] {
  const all = exact.slice();
  if (fuzzy.length === 0) return all;
  const key = (c: { a: number; b: number }) => c.a * 2 ** 22 + (c.b - c.a);
  const wanted = new Set(fuzzy.map(key));
  const seen = new Set<number>();
  for (const j of exact) {
    const k = key(j);
    if (wanted.has(k)) seen.add(k);
  }
  for (const j of fuzzy) {
    const k = key(j);
    if (seen.has(k)) continue;
    seen.add(k);
    all.push(j);
  }
  return all;
}
