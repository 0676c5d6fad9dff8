// How the anchoring benchmark judges an orphan (bench/lib/anchor-score.ts), as a table. Issue 12:
// "For a quote that occurs many times, only context may place it: when the context is gone, the
// answer is an orphan (with a suggestion), never a guess." An orphan suggesting the true place is
// correct exactly there (twice or more in the new text, no context left on either side) and lost
// everywhere else; a wrong placement is wrong whatever the new text says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextSurvives, judgeOutcome, seenFor, type Outcome, type Seen } from '../../bench/lib/anchor-score';
import type { Truth } from '../../bench/lib/anchor-version';
import type { AnchorResult } from '../../src/core/types';

const TRUTH: Truth = { kind: 'exact', start: 40, end: 44 };
const orphanAt = (start: number, end: number): AnchorResult => ({
  state: 'orphaned', start: null, end: null, confidence: 0, suggestion: { start, end, confidence: 0.5 },
});
const GONE: Seen = { copies: 3, prefixSurvives: false, suffixSurvives: false };

const rows: { name: string; truth: Truth; result: AnchorResult; seen?: Seen; expect: Outcome }[] = [
  { name: 'orphan suggesting the truth, 3 copies, no context left: correct', truth: TRUTH, result: orphanAt(40, 44), seen: GONE, expect: 'correct' },
  { name: '… 2 copies: correct', truth: TRUTH, result: orphanAt(40, 44), seen: { ...GONE, copies: 2 }, expect: 'correct' },
  { name: '… the old judge (no view of the new text): lost', truth: TRUTH, result: orphanAt(40, 44), expect: 'lost' },
  { name: '… one copy only (nothing to confuse it with): lost', truth: TRUTH, result: orphanAt(40, 44), seen: { ...GONE, copies: 1 }, expect: 'lost' },
  { name: '… its prefix survives: lost', truth: TRUTH, result: orphanAt(40, 44), seen: { ...GONE, prefixSurvives: true }, expect: 'lost' },
  { name: '… its suffix survives: lost', truth: TRUTH, result: orphanAt(40, 44), seen: { ...GONE, suffixSurvives: true }, expect: 'lost' },
  { name: 'orphan suggesting another copy: lost', truth: TRUTH, result: orphanAt(90, 94), seen: GONE, expect: 'lost' },
  { name: 'orphan suggesting the truth off by one: lost', truth: TRUTH, result: orphanAt(40, 45), seen: GONE, expect: 'lost' },
  { name: 'orphan without a suggestion: lost', truth: TRUTH, result: { state: 'orphaned', start: null, end: null, confidence: 0 }, seen: GONE, expect: 'lost' },
  { name: 'placed on another copy, context gone: wrong', truth: TRUTH, result: { state: 'moved', start: 90, end: 94, confidence: 0.6 }, seen: GONE, expect: 'wrong' },
  { name: 'placed on the truth: correct', truth: TRUTH, result: { state: 'moved', start: 40, end: 44, confidence: 0.6 }, seen: GONE, expect: 'correct' },
  { name: 'a typo fixed inside it (near): lost, the rule is for exact copies', truth: { kind: 'near', start: 40, end: 44 }, result: orphanAt(40, 44), seen: GONE, expect: 'lost' },
];

for (const r of rows) {
  test(`anchoring judge: ${r.name}`, () => {
    assert.equal(judgeOutcome(r.truth, r.result, r.seen), r.expect);
  });
}

const sides: { name: string; stored: string; now: string; survives: boolean }[] = [
  { name: 'unchanged', stored: 'the leak.\nCOUNCILLOR ', now: 'the leak.\nCOUNCILLOR ', survives: true },
  { name: 'pushed away by a marker', stored: 'traced the leak.\n', now: 'traced the leak. 🔗\n📌 ', survives: true },
  { name: 'a CRLF checkout and doubled spaces', stored: 'said  the\nminister ', now: 'said the\r\nminister ', survives: true },
  { name: 'eight code points left', stored: 'xxxxxxxx the pumps ', now: 'yyyyy the pumps zzzz', survives: true },
  { name: 'seven left (a common word or two)', stored: 'by the council. ', now: 'told the co', survives: false },
  { name: 'replaced by another paragraph', stored: 'were taken only once a quarter. ', now: 'Nobody at Fenwick Utilities checked. ', survives: false },
  { name: 'nothing stored (the text began there)', stored: '', now: 'whatever stands here now ', survives: true },
];
for (const s of sides) {
  test(`anchoring judge: context ${s.name}: ${s.survives ? 'survives' : 'gone'}`, () => {
    assert.equal(contextSurvives(s.stored, s.now), s.survives);
  });
}

test('anchoring judge: seenFor counts exact copies and reads context on both sides of the truth', () => {
  const text = 'Nair said yes. Something else entirely here, and Nair once more, Nair.';
  const cps = Array.from(text);
  const at = text.indexOf('Nair once');
  const truth: Truth = { kind: 'exact', start: at, end: at + 4 };
  const seen = seenFor(cps, text, { quote: 'Nair', prefix: 'the chair turned to the hearing. ', suffix: ' answered the question put to her' }, truth, orphanAt(at, at + 4));
  assert.deepEqual(seen, { copies: 3, prefixSurvives: false, suffixSurvives: false });
  assert.equal(seenFor(cps, text, { quote: 'Nair' }, truth, orphanAt(0, 4)), undefined, 'a suggestion elsewhere: no view needed');
});
