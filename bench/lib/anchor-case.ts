// One edited version of one text, as the anchoring benchmark makes it (bench/anchoring.ts):
// shared with the unit tables, so a row can name a case the benchmark found (text, kind, seed)
// and check where an annotation is now, without a copy of a 20,000-character text in the tests.

import { AnchorText, anchorAll, selectorFor } from '../../src/core/anchor';
import type { AnchorResult } from '../../src/core/types';
import { proseParagraphs, sentences, type Article } from './anchor-corpus';
import {
  crlf, editedElsewhere, emoji, paragraphsChanged, quoteDeleted, refetched, rng, sentenceRepeated, typoFixed, type Edit, type EditContext,
} from './anchor-edits';
import { linesPrefixed, markersAround, nameParagraphDeleted, sentenceMoved } from './anchor-edits-layout';
import { judgeOutcome, type Outcome } from './anchor-score';
import { pickTargets, type Target } from './anchor-targets';
import { Version } from './anchor-version';

/**
 * Deletions come before copies, as they always did here: a sentence copied elsewhere and then
 * deleted where it was cannot be told from one moved (the copy has its words and the context
 * inside it), so no approach can be right about it; "sentence moved" measures that case.
 */
export const POOL: Edit[] = [
  editedElsewhere, paragraphsChanged, emoji, typoFixed, quoteDeleted, nameParagraphDeleted, sentenceMoved, sentenceRepeated(false),
];
/** Whole-text layout edits, at most one per random combination. */
export const LAYOUT: Edit[] = [crlf, refetched, markersAround, linesPrefixed];

export function editContext(articles: Article[], self: Article, targets: Target[], seed: number): EditContext {
  const others = articles.filter((a) => a !== self);
  const names = new Set<string>();
  for (const a of articles) {
    const cps = Array.from(a.text);
    for (const t of pickTargets(a.text)) if (t.type === 'entity') names.add(cps.slice(t.start, t.end).join(''));
  }
  return {
    rng: rng(seed),
    targets,
    donors: others.flatMap((a) => proseParagraphs(a.text)),
    donorSentences: others.flatMap((a) => sentences(a.text)),
    names: [...names],
  };
}

/** The seed of one edited version: the text's place, the kind's place in the full list, the version. */
export function caseSeed(baseSeed: number, article: number, kind: number, version: number): number {
  return baseSeed + 1 + article * 1000 + kind * 100 + version;
}

/**
 * Applies one kind of edit (a list of edits, or 'random': a few of POOL and maybe one of LAYOUT)
 * to `v`; returns the annotations the kind is about, if only some.
 */
export function applyKind(v: Version, ctx: EditContext, edits: Edit[] | 'random'): number[] | undefined {
  let focus: number[] | undefined;
  if (edits === 'random') {
    const stages = POOL.filter(() => ctx.rng.next() < 0.4);
    if (stages.length === 0) stages.push(ctx.rng.pick(POOL));
    for (const e of stages) v.apply(e(v, ctx).ops);
    if (ctx.rng.next() < 0.5) v.apply(ctx.rng.pick(LAYOUT)(v, ctx).ops);
  } else {
    for (const e of edits) {
      const stage = e(v, ctx);
      v.apply(stage.ops);
      if (stage.focus) focus = [...(focus ?? []), ...stage.focus];
    }
  }
  return focus;
}

/** "random combinations"' place in the benchmark's list of kinds (checked there). */
export const RANDOM_KIND = 14;

/**
 * One random combination of the benchmark: the text `article` of `articles` edited with the seed
 * the benchmark uses for version `version` under base seed `baseSeed` (MARGINALIA_BENCH_SEED ×
 * 100,000).
 */
export function randomCase(articles: Article[], article: string, version: number, baseSeed = 0): { base: string; targets: Target[]; v: Version } {
  const ai = articles.findIndex((a) => a.name === article);
  if (ai < 0) throw new Error(`no text named ${article}`);
  const self = articles[ai];
  const targets = pickTargets(self.text);
  const v = new Version(self.text, targets);
  applyKind(v, editContext(articles, self, targets, caseSeed(baseSeed, ai, RANDOM_KIND, version)), 'random');
  return { base: self.text, targets, v };
}

/** randomCase, anchored by Marginalia: each annotation's result and the judge's verdict on it. */
export function anchoredCase(articles: Article[], article: string, version: number, baseSeed = 0): {
  targets: Target[];
  results: AnchorResult[];
  outcome: (i: number) => Outcome;
} {
  const { base, targets, v } = randomCase(articles, article, version, baseSeed);
  const at = new AnchorText(base);
  const results = anchorAll(v.text, targets.map((t) => selectorFor(at, t.start, t.end)));
  return { targets, results, outcome: (i) => judgeOutcome(v.truths[i], results[i]) };
}
