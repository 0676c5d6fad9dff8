// Choosing among candidate places, or refusing to. The product promise is that an orphan is far
// better than a wrong anchor (issue #2), so a place is accepted only when its own context
// supports it AND it beats every other place by a clear margin; a quote that occurs twenty times
// is placed by its context or not at all.

import type { AnchorResult } from '../types';
import type { AnchorText } from './anchor-text';
import type { Query } from './query';
import type { Candidate } from './search';
import { figureReplaced } from './figures';
import { boundaryAt } from './words';

export interface Judged extends Candidate {
  /** The span in the original text, code points. */
  start: number;
  end: number;
  /** Similarity of the text at the candidate to the quote, 0..1. */
  quote: number;
  /** Context agreement, rescaled so chance is 0 (see context.ts); null when not stored. */
  prefix: number | null;
  suffix: number | null;
  /** The candidate starts exactly at the stored start offset. */
  atHint: boolean;
  /** Evidence in "characters that agree": quote, prefix and suffix together. */
  rank: number;
  /** Starts and ends on word boundaries wherever the stored quote did (words.ts). */
  wordsAgree: boolean;
  /**
   * Begins and ends with a space only where the stored quote did: the whitespace before a
   * shifted word is not part of it (a preference when placing an edited quote's ends).
   */
  spacesAgree: boolean;
  /** Every figure of the quote reads the same here (figures.ts): always so for exact copies. */
  figuresAgree: boolean;
}

/** One side of context agreeing this well (raw similarity 3/4) supports a place. */
export const SUPPORT = 0.5;
/** The quote's share of the evidence is capped: past this length a few edits in a long
 *  sentence must not outweigh the context around it. */
const QUOTE_WEIGHT_CAP = 64;
/** Landing exactly on the stored offset is worth this many agreeing characters. */
export const HINT_BONUS = 8;
/** Least lead over the runner-up, in agreeing characters. */
const MIN_MARGIN = 12;
/** Quotes shorter than this (names, mostly) need both sides of context to be fuzzily placed… */
export const SHORT = 16;
/** …and agree this well together (raw similarity 7/8: four edits in 32 code points each). */
const SHORT_SUPPORT = 0.75;
/**
 * A quote at least this long (a context side's length) that occurs exactly once or twice in the
 * new text is strong evidence by itself (issue 12): a sentence does not recur by chance, so when
 * markers, bullets or timestamps were put around it, what survives of its context beyond them
 * (Context.shiftedSupport) only has to confirm it. Between SHORT and this length, the context a
 * rare quote needs shrinks as the quote grows. Found exactly ONCE, a quote of SELF_EVIDENT
 * needs no context at all: a sentence moved to another paragraph keeps its words and loses both
 * sides. (A sentence deleted while an identical copy stands elsewhere looks the same; the words are
 * still in the text then, and no evidence in the new text tells the two apart. The benchmark
 * counts that case as wrong and measures how often it happens: never in either set.)
 */
export const DISTINCTIVE = 32;
/**
 * Found exactly once, a quote this long needs no context (a moved sentence), if it reads as
 * prose or ends a sentence (Query.prose, Query.sentenceEnd). A title and a name ("Armenian Prime Minister Nikol Pashinyan", 39) stand
 * in a caption and again in the body: with the caption deleted, the one copy left is another
 * mention, not the annotated one, so a name needs some of its context whatever its length
 * (issue 12, held-out edits). The one in the body rewritten does not move onto the caption
 * either, because its own place is found rewritten (rewritten.ts).
 */
export const SELF_EVIDENT = DISTINCTIVE;
/** At most this many exact copies and a quote is rare enough to weigh its length. */
export const FEW_COPIES = 2;
/** Below this similarity to the quote, an edited place is another sentence, not this one edited. */
export const REWORDED = 0.85;
/** An edit this small (one typo fixed: a substitution, insertion, deletion or swap) keeps a
 *  place competing with an exact copy elsewhere; more changed words do not. */
export const TYPO_ERRORS = 2;

/**
 * Edited no more than a typo, or a word or two in a long sentence (a tenth of it at most, what
 * the approximate search can tell from another sentence): placed in one place only, with some
 * context beyond inserted markers, it is that sentence edited.
 */
export const LIGHT_EDIT = 0.9;
function lightlyEdited(c: Judged): boolean {
  return c.errors <= TYPO_ERRORS || c.quote >= LIGHT_EDIT;
}

/** Whether a quote found exactly `copies` times is rare enough for its length to count. */
function rare(q: Query, copies: number): boolean {
  return copies >= 1 && copies <= FEW_COPIES && q.length >= SHORT;
}

/** The one exact copy of a quote long enough to be its own evidence (SELF_EVIDENT). */
function unique(q: Query, copies: number, c: Judged): boolean {
  return copies === 1 && c.errors === 0 && q.length >= SELF_EVIDENT && (q.prose || q.sentenceEnd);
}

/**
 * The context a rare quote's exact copy needs on its better side, once markers beside it are
 * passed over: SUPPORT at SHORT code points, half of it from DISTINCTIVE on.
 */
export function supportNeeded(q: Query): number {
  const share = Math.max(0, Math.min(1, (DISTINCTIVE - q.length) / (DISTINCTIVE - SHORT)));
  return (SUPPORT / 2) * (1 + share);
}

/** `sides`: the context's agreement at `c`, when the caller already knows it (refine.ts). */
export function judge(at: AnchorText, q: Query, c: Candidate, sides?: { prefix: number | null; suffix: number | null }): Judged {
  const f = at.folded;
  const { a, b, errors } = c;
  const prefix = sides ? sides.prefix : q.context.prefixScore(f.text, a);
  const suffix = sides ? sides.suffix : q.context.suffixScore(f.text, b);
  const quote = q.length === 0 ? 0 : Math.max(0, 1 - errors / q.length);
  const start = f.from[a];
  const end = b > a ? f.to[b - 1] : start;
  const atHint = start === q.start;
  const rank = rankOf(q, quote, prefix, suffix, atHint);
  const wordsAgree = wordsAgreeAt(q, f.text, a, b);
  const spacesAgree = spacesAgreeAt(q, f.text, a, b);
  const figuresAgree = errors === 0 || !figureReplaced(q.figures, f.text.slice(a, b));
  return { a, b, errors, start, end, quote, prefix, suffix, atHint, rank, wordsAgree, spacesAgree, figuresAgree };
}

function rankOf(q: Query, quote: number, prefix: number | null, suffix: number | null, atHint: boolean): number {
  return (
    quoteWeight(q) * quote +
    q.context.prefixLength * (prefix ?? 0) +
    q.context.suffixLength * (suffix ?? 0) +
    (atHint ? HINT_BONUS : 0)
  );
}

/**
 * An exact copy of a rare quote judged by the context that survives beyond what was inserted
 * beside it (Context.shifted): between two copies, that is what tells the original.
 */
function passedOver(at: AnchorText, q: Query, c: Judged): Judged {
  const { prefix, suffix } = q.context.shifted(at.folded.text, c.a, c.b);
  return { ...c, prefix, suffix, rank: rankOf(q, c.quote, prefix, suffix, c.atHint) };
}

/** Starts and ends on word boundaries wherever the stored quote did (words.ts). */
function wordsAgreeAt(q: Query, text: string, a: number, b: number): boolean {
  return (q.wordStart !== true || boundaryAt(text, a)) && (q.wordEnd !== true || boundaryAt(text, b));
}

/** Begins and ends with a space exactly where the stored quote did. */
function spacesAgreeAt(q: Query, text: string, a: number, b: number): boolean {
  if (b <= a) return false;
  const f = q.folded;
  return (
    (text.charCodeAt(a) === SPACE) === (f.charCodeAt(0) === SPACE) &&
    (text.charCodeAt(b - 1) === SPACE) === (f.charCodeAt(f.length - 1) === SPACE)
  );
}

const SPACE = 0x20;

export function quoteWeight(q: Query): number {
  return Math.min(q.length, QUOTE_WEIGHT_CAP);
}

/** Least lead over the runner-up for a place to be chosen. */
export function marginFor(q: Query): number {
  return Math.max(MIN_MARGIN, (q.context.prefixLength + q.context.suffixLength) / 4);
}

export interface Decision {
  /** The place chosen, if one is trusted. */
  chosen?: Judged;
  /** The best place seen (for a suggestion when nothing is chosen). */
  best?: Judged;
  /**
   * Supported places too close to call (identical context around two copies of a caption, say):
   * `anchorAll` can still choose among them by where neighbouring annotations went.
   */
  contenders: Judged[];
  /** The chosen place is so well supported that no fuzzy search could do better. */
  conclusive: boolean;
  /**
   * The one place a short quote's words stand where only one side of its context agrees
   * (oneSided): left unplaced unless where the neighbouring annotations went puts it there.
   */
  oneSided?: Judged;
  /**
   * The one approximate place of a long quote found nowhere word for word, most of its words
   * there (typos fixed, a name deleted) but its context not vouching for it (both sides edited):
   * left unplaced unless a neighbour found word for word puts it there (neighbours.ts). With no
   * more than a typo in it (TYPO_ERRORS), a sentence is chosen instead.
   */
  edited?: Judged;
  /**
   * The place chosen, given up because a template sibling with the same context around other
   * words lies nearer the stored offset (rewritten.ts, 'tie'): placed if the neighbours put it there.
   */
  tied?: Judged;
}

/** A quote this long, edited, is a sentence and not a template's fragment (Decision.edited). */
export const LONG_QUOTE = 2 * DISTINCTIVE;
/** How much closer to the quote's words its edited place must be than any other (Decision.edited). */
export const CLEAR_LEAD = 0.08;

/**
 * More places than this within reach of the best and the quote is not placed at all, nor
 * offered as a suggestion: its evidence is spread over too many places to point at one, and
 * comparing each with the others would cost their number squared (issue 8: ten notes on
 * "the cat" in 40,000 copies of one sentence took 38 s).
 */
export const MAX_CLOSE = 64;

/**
 * `copies`: how many times the quote occurs exactly in the new text (unknown: Infinity): a rare
 * quote's length counts as evidence, so it needs less context (with `at`, the text, to measure
 * what survives of it beyond markers inserted beside it).
 */
export function decide(q: Query, candidates: Judged[], copies = Infinity, at?: AnchorText): Decision {
  if (candidates.length === 0) return { contenders: [], conclusive: false };
  // A place with a figure of the quote changed states something else (figures.ts): a suggestion
  // at most, and no rival to the places that do state it.
  const restated = candidates.filter((c) => c.figuresAgree);
  if (restated.length === 0) {
    let best = candidates[0];
    for (const c of candidates) if (better(c, best, q)) best = c;
    return { best, contenders: [], conclusive: false };
  }
  candidates = restated;
  const few = rare(q, copies) && !!at && candidates.some((c) => c.errors === 0 && c.wordsAgree);
  if (few) {
    candidates = candidates.map((c) => (c.errors === 0 ? passedOver(at!, q, c) : c));
    // An exact copy of a rare quote outweighs places where words were changed and that their
    // context does not vouch for (a sibling sentence from the same template); a typo-level
    // edit still competes, by its context (the original of a repeated sentence, edited).
    candidates = candidates.filter((c) => c.errors <= TYPO_ERRORS || supported(q, c));
  }
  let best = candidates[0];
  for (const c of candidates) if (better(c, best, q)) best = c;
  if (few && best.errors > 0) {
    // An edited match lying over an exact copy is that copy with its boundaries shifted.
    const under = candidates.find((c) => c.errors === 0 && c.wordsAgree && c.a < best.b && best.a < c.b);
    if (under) best = under;
    // A sixth or more of the words changed where the context still vouches for them, while the
    // exact words stand elsewhere: a sibling sentence left where this one was moved from, or
    // this one rewritten and its old words kept in a pull quote. No telling which: an orphan,
    // the edited place suggested. A lighter edit is the sentence edited in place (issue 2).
    else if (best.quote < REWORDED) return { best, contenders: [], conclusive: false };
  }
  const margin = marginFor(q);
  // Places within reach of the best, one per place (overlapping alignments are the same place).
  const close: Judged[] = [best];
  const near = candidates.filter((c) => best.rank - c.rank < margin).sort((x, y) => y.rank - x.rank);
  for (const c of near) {
    if (close.some((k) => c.a < k.b && k.a < c.b)) continue;
    close.push(c);
    if (close.length > MAX_CLOSE) return { contenders: [], conclusive: false };
  }
  // A rare quote found word for word, or (long) with a typo fixed and in one place only: the
  // words carry it if some of its context survives beside whatever was inserted next to it.
  const onePlace = candidates.every((c) => c.a < best.b && best.a < c.b);
  const wordsCarry = (c: Judged) =>
    !!at &&
    c.wordsAgree &&
    q.context.present &&
    (unique(q, copies, c) ||
      (((c.errors === 0 && rare(q, copies)) || (lightlyEdited(c) && onePlace && q.length >= DISTINCTIVE)) &&
        q.context.shiftedSupport(at.folded.text, c.a, c.b) >= supportNeeded(q)));
  // A long quote with words changed (names deleted inside it, a typo fixed) in one place only,
  // no other place within reach, one side of its context intact: that sentence, edited. Not
  // where the stored suffix begins right at it (or the prefix ends right after it): that is the
  // sentence after (before) the annotated one, which was deleted (issue 12).
  const editedInPlace = (c: Judged) =>
    !!at &&
    c.errors > 0 &&
    c.wordsAgree &&
    onePlace &&
    q.length >= DISTINCTIVE &&
    c.quote >= REWORDED &&
    q.context.shiftedSupport(at.folded.text, c.a, c.b) >= STRONG &&
    !besideDeleted(q, c, at);
  const contenders = close.filter((c) => supported(q, c) || wordsCarry(c) || editedInPlace(c));
  const chosen = close.length === 1 && contenders.length === 1 ? best : undefined;
  if (chosen && at && oneSided(q, chosen, at, copies)) return { best, contenders: [], conclusive: false, oneSided: chosen };
  // A long quote found nowhere word for word, edited but most of its words in one place, every
  // other place (a template's siblings) clearly further from its words: neither deleted (nothing
  // would be there) nor a sibling beside its place (that is where its suffix begins).
  const editedAlone =
    !chosen && !!at && copies === 0 && close.length === 1 && q.length >= LONG_QUOTE && best.errors > 0 &&
    best.wordsAgree && best.quote >= REWORDED && q.context.present &&
    candidates.every((c) => (c.a < best.b && best.a < c.b) || c.quote <= best.quote - CLEAR_LEAD) &&
    !besideDeleted(q, best, at);
  // …and with no more than a typo in it (TYPO_ERRORS), a sentence: as much its own evidence as
  // a sentence found word for word once (SELF_EVIDENT), its context gone or not.
  if (editedAlone && best.errors <= TYPO_ERRORS && (q.prose || q.sentenceEnd)) {
    return { chosen: best, best, contenders: [best], conclusive: false };
  }
  return { chosen, best, contenders, conclusive: !!chosen && chosen.errors === 0 && complete(chosen), ...(editedAlone ? { edited: best } : {}) };
}

/** Whether a place's own evidence (its context, or failing that its quote) can carry it. */
export function supported(q: Query, j: Judged): boolean {
  if (!q.context.present) {
    // Without context only the quote speaks (a hand-written `quote:` with no offsets).
    return j.errors === 0 || (j.quote >= 0.9 && q.length >= 12);
  }
  if (!j.wordsAgree) return false;
  const sides = [j.prefix, j.suffix].filter((s): s is number => s !== null);
  const support = Math.max(...sides);
  const both = Math.min(...sides);
  // A short exact quote (a name) with one side of context only needs that side almost intact:
  // half-agreeing context beside the wrong "Collective" is too little to go on.
  // Not when that side is mostly the next (or previous) paragraph: it follows whatever copy of
  // the name ends up before it once the name's own paragraph is deleted (issue 12).
  const alone = Math.max(q.prefixAcrossBreak ? 0 : j.prefix ?? 0, q.suffixAcrossBreak ? 0 : j.suffix ?? 0);
  if (j.errors === 0) return support >= SUPPORT && (q.length >= SHORT || both >= SUPPORT / 2 || alone >= 0.9);
  // An edited short quote (a name) could be any similar word: both sides must vouch for it,
  // and together agree almost word for word.
  if (q.length < SHORT) return both >= SUPPORT && contextShare(q, j) >= SHORT_SUPPORT;
  // One side alone vouches only for a quote with no more than a typo or two in it: a sentence
  // with words changed, in a copy of a caption, say, is a different sentence.
  return support >= SUPPORT && (both >= SUPPORT / 2 || j.quote >= 0.9);
}

/**
 * A short quote (a name; a title and a name found more than once) with one side of its context only, the other
 * side not even half there beyond anything inserted beside it. Templated text opens and closes
 * its sentences alike ("DR DESHPANDE: The insurance claim lodged by…", "Leakage from the…"), so
 * when the name's own sentence or paragraph is deleted, a sibling that merely opens (or ends) the
 * same way agrees perfectly on that side: one side says nothing about which copy it is (issue
 * 12). A stored side that reached the text's start or end counts as agreeing.
 */
function oneSided(q: Query, c: Judged, at: AnchorText, copies: number): boolean {
  if (q.length >= DISTINCTIVE || c.errors > 0 || !q.context.present) return false;
  // A quote of SHORT or more found once has no copy to be confused with (rare, above).
  if (q.length >= SHORT && copies <= 1) return false;
  const { prefix, suffix } = q.context.shifted(at.folded.text, c.a, c.b);
  if (Math.min(prefix ?? 1, suffix ?? 1) < SUPPORT / 2 || Math.max(prefix ?? 0, suffix ?? 0) < STRONG) return true;
  // A side strong only once words beside the name are passed over (" fined " skipped to reach
  // " for failing to report…", a sibling whose own name was deleted) is a strong side only with
  // the other side at least half there: passing over is meant for markers, and a sibling from
  // the same template reads the same a word further on (issue 12).
  const strongAsStored = Math.max(c.prefix ?? 0, c.suffix ?? 0) >= STRONG;
  return !strongAsStored && Math.min(prefix ?? 1, suffix ?? 1) < SUPPORT;
}

/**
 * Whether the stored suffix begins where `c` begins, or the stored prefix ends where `c` ends:
 * then `c` is the text that stood after (before) the annotated words, which are gone.
 */
function besideDeleted(q: Query, c: Judged, at: AnchorText): boolean {
  const text = at.folded.text;
  return (q.context.suffixScore(text, c.a) ?? 0) >= STRONG || (q.context.prefixScore(text, c.b) ?? 0) >= STRONG;
}

/** One side agreeing this well (raw similarity 7/8) is strong context; both agreeing only partly
 *  is what a sibling from the same template has (issue 12). */
const STRONG = 0.75;

/** Context agreement over both sides, weighted by their lengths. */
function contextShare(q: Query, j: Judged): number {
  const lp = j.prefix === null ? 0 : q.context.prefixLength;
  const ls = j.suffix === null ? 0 : q.context.suffixLength;
  return lp + ls === 0 ? 0 : (lp * (j.prefix ?? 0) + ls * (j.suffix ?? 0)) / (lp + ls);
}

/** Every stored side of the context agrees almost character for character. */
export function complete(j: Judged): boolean {
  return (j.prefix ?? 1) >= 0.9 && (j.suffix ?? 1) >= 0.9;
}

function better(c: Judged, than: Judged, q: Query): boolean {
  if (c.rank !== than.rank) return c.rank > than.rank;
  if (q.start === undefined) return c.a < than.a;
  return Math.abs(c.start - q.start) < Math.abs(than.start - q.start);
}

/** Confidence of a placement: the share of quote and context that agrees, 0..1. */
export function confidence(q: Query, j: Judged): number {
  const wq = Math.min(q.length, QUOTE_WEIGHT_CAP);
  const wp = j.prefix === null ? 0 : q.context.prefixLength;
  const ws = j.suffix === null ? 0 : q.context.suffixLength;
  const total = wq + wp + ws;
  if (total === 0) return 0;
  return (wq * j.quote + wp * (j.prefix ?? 0) + ws * (j.suffix ?? 0)) / total;
}

export function orphan(suggestion?: AnchorResult['suggestion']): AnchorResult {
  return suggestion
    ? { state: 'orphaned', start: null, end: null, confidence: 0, suggestion }
    : { state: 'orphaned', start: null, end: null, confidence: 0 };
}
