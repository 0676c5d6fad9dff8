// Rows naming a case the anchoring benchmark found (a text of the generated set, a version of
// "random combinations", annotations' stored spans), checked the one way every such table checks
// them: each named annotation placed where its words are now, and nothing in the case placed
// wrong. Shared by anchor-bracketed and anchor-clash (issue 12).
import assert from 'node:assert/strict';
import { anchoredCase } from '../../bench/lib/anchor-case';
import type { Article } from '../../bench/lib/anchor-corpus';

export interface BenchCaseRow {
  name: string;
  text: string;
  version: number;
  /** Stored spans [start, end) of annotations that must be placed where their words are now. */
  placed: [number, number][];
}

export function placedWhereTheirWordsAre(articles: Article[], row: BenchCaseRow): void {
  const { targets, results, outcome } = anchoredCase(articles, row.text, row.version);
  for (const [start, end] of row.placed) {
    const i = targets.findIndex((t) => t.start === start && t.end === end);
    assert.ok(i >= 0, `an annotation stored at ${start}`);
    assert.notEqual(results[i].state, 'orphaned', `stored at ${start}: placed`);
    assert.equal(outcome(i), 'correct', `stored at ${start}: where its words are`);
  }
  const wrong = targets.map((_, i) => i).filter((i) => outcome(i) === 'wrong');
  assert.deepEqual(wrong.map((i) => targets[i].start), [], 'nothing placed wrong');
}
