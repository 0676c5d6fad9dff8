// The anchoring's view of each annotation's neighbours (core/anchor/neighbours.ts), found from
// its stored layout once per placement instead of by scanning every annotation within REACH on
// every view (issue 15: a crafted sidecar crowding 16,000 annotations into 4 KB held the
// anchoring for seconds per round). Held against the scan it replaces (a copy of it below, the
// oracle) on generated layouts and placements: the same view, field for field, wherever no
// annotation is held by more than HOLDERS others; and at most HOLDERS, the nearest, where one is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Attempt } from '../../src/core/anchor/attempt';
import type { Judged } from '../../src/core/anchor/decide';
import { HOLDERS, neighbourViews, storedLayout } from '../../src/core/anchor/neighbours';
import type { View } from '../../src/core/anchor/neighbourView';


/** An attempt as the view reads it: stored span, where it is placed now (if it is), how firmly, and its contenders. */
function attempt(start: number, length: number, placed: { shift: number; errors: number; state: string; lone: boolean } | null, contenders: number): Attempt {
  const judged = (at: number) => ({ start: at, end: at + length }) as Judged;
  return {
    q: { start, end: start + length, quote: 'x', prefix: '', suffix: '' },
    placed: placed ? { start: start + placed.shift, end: start + placed.shift + length + (placed.errors % 3), errors: placed.errors } : undefined,
    result: { state: placed ? placed.state : 'orphaned' },
    lone: placed?.lone ?? false,
    decision: { contenders: Array.from({ length: contenders }, (_, k) => judged(start + 7 * k)) },
  } as unknown as Attempt;
}

/** In the anchoring's order: by stored start, the longer first. */
const ordered = (xs: Attempt[]) => xs.slice().sort((x, y) => x.q.start! - y.q.start! || y.q.end! - x.q.end!);

const arbAttempt = fc
  .record({
    // clustered, so that spans nest, repeat and fall either side of REACH
    cluster: fc.constantFrom(0, 0, 3000, 4100, 9000),
    offset: fc.integer({ min: 0, max: 200 }),
    length: fc.integer({ min: 0, max: 60 }),
    placed: fc.option(fc.record({ shift: fc.integer({ min: -5, max: 5 }), errors: fc.integer({ min: 0, max: 4 }), state: fc.constantFrom('anchored', 'moved', 'fuzzy'), lone: fc.boolean() }), { freq: 3 }),
    contenders: fc.integer({ min: 0, max: 3 }),
  })
  .map((r) => attempt(r.cluster + r.offset, r.length, r.placed, r.contenders));

test('neighbour views: the same as the scan over every annotation within reach, on any layout and placing', () => {
  fc.assert(
    fc.property(fc.array(arbAttempt, { minLength: 2, maxLength: 60 }), (xs) => {
      const order = ordered(xs);
      const views = neighbourViews(order, storedLayout(order));
      order.forEach((_, i) => assert.deepStrictEqual(views[i], oldView(order, i), `view ${i}`));
    }),
    { numRuns: 400 },
  );
});

test('neighbour views: an annotation held by thousands looks at the nearest HOLDERS of them, and the layout is found in one pass', () => {
  // 3,000 spans nested inside one another within 3 KB: each was held by every one before it
  const order = ordered(Array.from({ length: 3000 }, (_, k) => attempt(k, 6000 - 2 * k, { shift: 1, errors: 0, state: 'anchored', lone: false }, 1)));
  const layout = storedLayout(order);
  const views = neighbourViews(order, layout);
  assert.equal(views[2999].containers.length, HOLDERS);
  // the nearest: those that start last before it
  assert.deepStrictEqual(
    views[2999].containers,
    order.slice(2999 - HOLDERS, 2999).reverse().map((y) => ({ start: y.placed!.start, end: y.placed!.end })),
  );
  assert.deepStrictEqual(views[10], oldView(order, 10), 'below the cap, as the scan found');
});

// ---- the scan the views replace (neighbours.ts before issue 15's change), the oracle --------

/** As neighbours.ts has it. */
const REACH = 4096;
const isFirmOld = (y: Attempt) => !y.lone && (y.result.state === 'anchored' || y.result.state === 'moved');

function oldView(order: Attempt[], i: number): View {
  const x = order[i];
  const start = x.q.start!;
  const end = x.q.end!;
  const containers: { start: number; end: number }[] = [];
  const predictions: number[] = [];
  const predictedBy: Attempt[] = [];
  const within: View['within'] = [];
  const firm: View['firm'] = { predictions: [], predictedBy: [], containers: [] };
  const undecided: Judged[][] = [];
  const inner: number[] = [];
  const refusing: Attempt[] = [];
  const isFirm = isFirmOld;
  let prev: Attempt | undefined;
  let firmPrev: Attempt | undefined;
  for (let k = i - 1; k >= 0 && order[k].q.start! >= start - REACH; k--) {
    const y = order[k];
    if (y.q.start === start && y.q.end === end) continue;
    if (!y.placed) {
      if (y.q.end! >= end && y.decision.contenders.length > 1) undecided.push(y.decision.contenders);
      if (y.q.end! >= end) refusing.push(y);
      continue;
    }
    prev ??= y;
    if (isFirm(y)) firmPrev ??= y;
    if (y.q.end! >= end) {
      containers.push({ start: y.placed.start, end: y.placed.end });
      if (isFirm(y)) firm.containers.push({ start: y.placed.start, end: y.placed.end });
      const intact = y.result.state === 'anchored' || y.result.state === 'moved';
      // Its errors are counted in the folded text: a space doubled or a line ending changed
      // inside it (refetched, CRLF) costs none there, yet shifts what follows in the original.
      const grown = Math.abs(y.placed.end - y.placed.start - (y.q.end! - y.q.start!));
      within.push({ start: y.placed.start, end: y.placed.end, at: y.placed.start + (start - y.q.start!), slack: intact ? 0 : y.placed.errors + grown });
    }
  }
  for (let k = i + 1; k < order.length && order[k].q.start! <= start + REACH; k++) {
    const y = order[k];
    // An annotation inside this one (a name in the sentence) moved with its words: where it went
    // is this one's own evidence again, not a neighbour's (issue 12: a name at the start of a
    // copied sentence, whose prefix the copy happened to share, pulled the sentence onto the copy).
    if (!y.placed) continue;
    if (y.q.start! < end) {
      // …though against an annotation from elsewhere landing on the same words it does speak:
      // the words it was on are there (separateClashes).
      if (inner.length === 0) inner.push(start + (y.placed.start - y.q.start!));
      continue;
    }
    if (predictions.length === 0) {
      predictions.push(start + (y.placed.start - y.q.start!));
      predictedBy.push(y);
    }
    if (isFirm(y)) {
      firm.predictions.push(start + (y.placed.start - y.q.start!));
      firm.predictedBy.push(y);
      break;
    }
  }
  if (prev) {
    predictions.push(start + (prev.placed!.start - prev.q.start!));
    predictedBy.push(prev);
    // From where it ends, too: edits inside it (a word deleted, a typo) shift its start but not
    // the text between its end and this one (issue 12).
    if (prev.q.end! <= start) {
      predictions.push(start + (prev.placed!.end - prev.q.end!));
      predictedBy.push(prev);
    }
  }
  if (firmPrev) {
    firm.predictions.push(start + (firmPrev.placed!.start - firmPrev.q.start!));
    firm.predictedBy.push(firmPrev);
  }
  return { containers, predictions, predictedBy, within, firm, undecided, inner, refusing };
}
