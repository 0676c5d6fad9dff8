// Placements carried across edits (core/live/shiftPlacements.ts, over core/live/editStretches.ts)
// must be the annotated words where the edits put them, or not be given at all (null: the store
// anchors the whole text again). Property tests on generated texts and several edits at once
// (typing at twenty places before a save), with the edits themselves as the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { selectorFor } from '../../src/core/anchor';
import { editStretches } from '../../src/core/live/editStretches';
import { MAX_PASTE_SEARCH, shiftPlacements } from '../../src/core/live/shiftPlacements';
import { placeAnnotations, type Placement } from '../../src/core/placement';
import type { Annotation } from '../../src/core/types';

const WORDS = ['the', 'minister', 'said', 'Aurel', 'border', 'troops', 'were', 'withdrawn', 'on', 'Monday', 'Zorić', '🇦🇲', 'report', 'denied', '.', '\n\n'];
const INSERTS = ['', 'x', ' claim', ' Kostrov said ', '🇦🇲 ', '\n\nUpdate: '];

const textArb = fc.array(fc.constantFrom(...WORDS), { minLength: 40, maxLength: 200 }).map((w) => w.join(' '));

/** Annotations on the spans, trimmed of white space at their ends as a selection is. */
function annotate(text: string, spans: [number, number][]): Annotation[] {
  const cps = Array.from(text);
  const out: Annotation[] = [];
  spans.forEach(([a, len], i) => {
    let start = a % Math.max(1, cps.length - 12);
    let end = Math.min(cps.length, start + 3 + (len % 10));
    while (start < end && /\s/.test(cps[start])) start++;
    while (end > start && /\s/.test(cps[end - 1])) end--;
    if (start === end) return;
    out.push({ id: `a${i}`, kind: 'note', ...selectorFor(text, start, end) } as Annotation);
  });
  return out;
}

/** An edit of the original text in code points: [from, to) replaced by `insert`. */
interface Edit {
  from: number;
  to: number;
  insert: string;
}

/** Non-overlapping edits in order, in whole code points, from raw draws. */
function editsOf(text: string, draws: [number, number, string][]): Edit[] {
  const n = Array.from(text).length;
  const sorted = draws.map(([at, cut, insert]) => ({ from: at % (n + 1), cut, insert })).sort((a, b) => a.from - b.from);
  const out: Edit[] = [];
  let floor = 0;
  for (const d of sorted) {
    const from = Math.max(d.from, floor);
    if (from > n) break;
    const to = Math.min(n, from + d.cut);
    out.push({ from, to, insert: d.insert });
    floor = to + 1; // a character between edits keeps them apart
  }
  return out;
}

function apply(text: string, edits: Edit[]): string {
  const cps = Array.from(text);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += cps.slice(at, e.from).join('') + e.insert;
    at = e.to;
  }
  return out + cps.slice(at).join('');
}

/** Where [s, e) of the original stands after the edits, when no edit touches it (an insertion at either end does not). */
function mapThrough(edits: Edit[], s: number, e: number): [number, number] | null {
  let delta = 0;
  for (const ed of edits) {
    const touches = ed.to > ed.from ? ed.from < e && s < ed.to : ed.from > s && ed.from < e;
    if (touches) return null;
    if (ed.to <= s && (ed.to > ed.from || ed.from <= s)) delta += Array.from(ed.insert).length - (ed.to - ed.from);
  }
  return [s + delta, e + delta];
}

const drawsArb = fc.array(fc.tuple(fc.nat(2000), fc.nat(12), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 20 });

test('the stretches found rebuild the new text, and the texts are equal between them', () => {
  fc.assert(
    fc.property(textArb, drawsArb, (text, draws) => {
      const next = apply(text, editsOf(text, draws));
      rebuilds(text, next, editStretches(text, next));
    }),
    { numRuns: 400, seed: 15 },
  );
});

/** The stretches, in order, rebuild `next` from `text`, the texts equal between them, no boundary inside a surrogate pair. */
function rebuilds(text: string, next: string, stretches: ReturnType<typeof editStretches>): void {
  let rebuilt = '';
  let at = 0;
  let shift = 0;
  for (const s of stretches) {
    assert.ok(s.prevStart >= at && s.prevEnd >= s.prevStart && s.nextEnd >= s.nextStart, 'in order');
    assert.equal(s.nextStart, s.prevStart + shift, 'the gap before it is the same length on both sides');
    rebuilt += text.slice(at, s.prevStart) + next.slice(s.nextStart, s.nextEnd);
    at = s.prevEnd;
    shift = s.nextEnd - s.prevEnd;
    // never inside a surrogate pair
    for (const x of [s.prevStart, s.prevEnd]) assert.ok(!/[\udc00-\udfff]/.test(text[x] ?? ''), 'a boundary splits a pair');
  }
  assert.equal(rebuilt + text.slice(at), next);
  if (text === next) assert.equal(stretches.length, 0);
}

// A save on the editor's thread bounds its diff (documentHooks.ts: editStretches' budget): a
// bound only ends the search sooner, the stretches before it the unbounded ones, the rest one.
test('under a budget for the search the stretches still rebuild the new text: the unbounded ones up to where it ran out, then the rest as one', () => {
  fc.assert(
    fc.property(textArb, drawsArb, fc.oneof(fc.nat(300), fc.nat(20_000)), (text, draws, budget) => {
      const next = apply(text, editsOf(text, draws));
      const stretches = editStretches(text, next, budget);
      rebuilds(text, next, stretches);
      const unbounded = editStretches(text, next);
      assert.ok(stretches.length <= unbounded.length);
      assert.deepEqual(stretches.slice(0, -1), unbounded.slice(0, stretches.length - 1));
    }),
    { numRuns: 400, seed: 15 },
  );
});

// The oracle is the edits themselves: a carried placement whose words no edit touched sits
// where the edits put them, its quote verbatim there (and its context too when no edit touched
// that); one whose words were edited is found again near where the edits put them. (The full
// anchoring is not the oracle: in a text of repeated words it can refuse a short quote whose
// context is intact, or take the copy nearest the old offsets; issue 12.)
test('carried placements are the annotated words where the edits put them', () => {
  let carriedSome = 0;
  fc.assert(
    fc.property(textArb, fc.array(fc.tuple(fc.nat(400), fc.nat(20)), { minLength: 1, maxLength: 8 }), drawsArb, (text, spans, draws) => {
      const annotations = annotate(text, spans);
      const before = placeAnnotations(text, annotations);
      const edits = editsOf(text, draws);
      const next = apply(text, edits);
      const carried = shiftPlacements(text, next, before);
      if (carried === null) return;
      carriedSome++;
      const words = (start: number, end: number) => {
        const t = selectorFor(next, start, end);
        return [t.quote, t.prefix, t.suffix];
      };
      assert.equal(carried.length, before.length);
      carried.forEach((p, k) => {
        const old = before[k].result;
        const a = p.annotation;
        assert.equal(a, before[k].annotation, 'the same annotation object');
        // a loose placement (an orphan, fuzzy, needing review) has the full anchoring as its oracle: below
        if (isLoose(before[k])) return;
        const quoteAt = mapThrough(edits, old.start!, old.end!);
        const contextAt = mapThrough(edits, Math.max(0, old.start! - 32), old.end! + 32);
        if (p.result.state === 'orphaned') {
          // only words an edit destroyed where they stood become an orphan
          assert.equal(quoteAt, null, `orphaned though its words are intact: ${JSON.stringify({ edits, old })}`);
          return;
        }
        const got = words(p.result.start!, p.result.end!);
        if (quoteAt) {
          assert.equal(got[0], a.quote, 'the annotated words');
          assert.equal(p.result.state, p.result.start === a.start && p.result.end === a.end ? 'anchored' : 'moved');
          // where the edits put them; another place only when the texts cannot tell the two apart
          if (quoteAt[0] !== p.result.start) assert.deepEqual(words(quoteAt[0], quoteAt[1]), got, `carried to another copy: ${JSON.stringify({ edits, old, got: p.result })}`);
          if (contextAt && old.start! >= 32 && old.end! + 32 <= Array.from(text).length) assert.deepEqual(got, [a.quote, a.prefix, a.suffix], 'the same words in the same context');
        } else {
          // its words were edited: found again near where the edits left them
          let near = Infinity;
          for (const e of edits) {
            if (e.from <= old.end! && old.start! <= e.to) {
              const at = mapThrough(edits.filter((x) => x.from < e.from), e.from, e.from)![0];
              near = Math.min(near, Math.abs(p.result.start! - at));
            }
          }
          assert.ok(near <= (old.end! - old.start!) + 32 + 256 + 20, `anchored far from the edit: ${JSON.stringify({ edits, old, got: p.result })}`);
        }
      });
    }),
    { numRuns: 300, seed: 15 },
  );
  assert.ok(carriedSome > 100, `carried in only ${carriedSome} of 300 cases`);
});

/** A 200 KB text of near-identical sentences with an annotation every 2 KB, typed at twenty places. */
function typedAtTwentyPlaces(): { prev: string; next: string; annotations: Annotation[]; sites: number[] } {
  const sentences: string[] = [];
  for (let i = 0; sentences.join(' ').length < 200_000; i++) sentences.push(`Sentence ${i} says the minister denied report ${i * 7919}.`);
  const prev = sentences.join(' ');
  const annotations: Annotation[] = [];
  for (let at = 1000; at < prev.length - 100; at += 2000) {
    const s = prev.indexOf('minister', at);
    annotations.push({ id: `n${at}`, kind: 'note', ...selectorFor(prev, s, s + 'minister denied'.length) } as Annotation);
  }
  // at the end of a sentence: the context of an annotation may change, never its words
  const sites = Array.from({ length: 20 }, (_, k) => prev.indexOf('. ', 5000 + k * 9500) + 1);
  let next = prev;
  for (const at of [...sites].reverse()) next = next.slice(0, at) + ' Claim.' + next.slice(at);
  return { prev, next, annotations, sites };
}

test('typing at twenty places carries every placement onto its words, where the typing put them', () => {
  const { prev, next, annotations, sites } = typedAtTwentyPlaces();
  const carried = shiftPlacements(prev, next, placeAnnotations(prev, annotations));
  assert.ok(carried, 'not left to the full anchoring');
  // ASCII: string offsets are code points; each site before an annotation moves it by 7
  const expected = annotations.map((a) => {
    const d = 7 * sites.filter((s) => s <= a.start!).length;
    return [d ? 'moved' : 'anchored', a.start! + d, a.end! + d, a.quote];
  });
  assert.deepEqual(carried.map((p) => [p.result.state, p.result.start, p.result.end, next.slice(p.result.start!, p.result.end!)]), expected);
});

// [what, text before, text after, the quote, carried?]
const CASES: [string, string, string, string, boolean][] = [
  ['typing far after every annotation keeps them', `The minister denied the report. ${'Filler words here. '.repeat(10)}`, `The minister denied the report. ${'Filler words here. '.repeat(10)}More.`, 'minister denied', true],
  ['a paragraph pasted far before every annotation moves them', `${'Filler words here. '.repeat(10)}The minister denied the report.`, `New paragraph first.\n\n${'Filler words here. '.repeat(10)}The minister denied the report.`, 'minister denied', true],
  ['an edit inside an annotation’s context keeps its words', 'The minister denied the report on Monday.', 'The old minister denied the report on Monday.', 'minister denied', true],
  [
    'a word changed inside the annotated words is found again around the edit',
    `${'Filler words here. '.repeat(40)}It was said on Monday that the minister denied the report about troops at the border.`,
    `${'Filler words here. '.repeat(40)}It was said on Monday that the minister denied the reports about troops at the border.`,
    'the minister denied the report about troops',
    true,
  ],
  ['the annotated words cut and pasted far away are left to the anchoring', `The minister denied the report. ${'Filler words here. '.repeat(40)}`, `The report. ${'Filler words here. '.repeat(40)}minister denied`, 'minister denied', false],
];

for (const [what, prev, next, q, carried] of CASES) {
  test(what, () => {
    const i = prev.indexOf(q);
    // ASCII texts: string offsets are code points
    const annotations = [{ id: 'a', kind: 'note', ...selectorFor(prev, i, i + q.length) } as Annotation];
    const got = shiftPlacements(prev, next, placeAnnotations(prev, annotations));
    assert.equal(got !== null, carried);
    if (got) assert.deepEqual(got.map((p) => [p.result.state, p.result.start, p.result.end]), placeAnnotations(next, annotations).map((p) => [p.result.state, p.result.start, p.result.end]));
  });
}

test('a word typed into short annotated words makes an orphan there, never a move onto another copy', () => {
  const prev = `${'Filler words here. '.repeat(20)}The mayor of Aurel said so. ${'Filler words here. '.repeat(4)}Aurel is quiet.`;
  const i = prev.indexOf('Aurel');
  const annotations = [{ id: 'e', kind: 'entity', entity: 'aurel', ...selectorFor(prev, i, i + 5) } as Annotation];
  const next = prev.slice(0, i + 2) + ' claim' + prev.slice(i + 2);
  const got = shiftPlacements(prev, next, placeAnnotations(prev, annotations));
  assert.deepEqual(got?.map((p) => p.result.state), ['orphaned']);
});

const isLoose = (p: Placement) => (p.result.state !== 'anchored' && p.result.state !== 'moved') || p.result.start === null || !!p.needsReview;

// Loose placements (fuzzy, needing review, orphans) are the anchoring's judgement of the
// candidates the text offers; carried across edits, they must be what anchoring the whole new
// text gives (against the sidecar as the save writes it back: asSaved). The oracle is the full anchoring, on texts where it is decisive: words made of
// syllables, so that a quote of a few words occurs once (or has one copy, with other context);
// annotations whose quotes were
// reworded (fuzzy; a claim needing review) or whose words are gone (orphans).
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'dri', 'pel', 'sun', 'gor', 'bai', 'fen', 'ü', 'ča'];
const distinctText = fc.array(fc.tuple(fc.nat(SYLLABLES.length - 1), fc.nat(SYLLABLES.length - 1), fc.nat(SYLLABLES.length)), { minLength: 300, maxLength: 700 }).map((ws) =>
  ws.map(([a, b, c], i) => SYLLABLES[a] + SYLLABLES[b] + (SYLLABLES[c] ?? '') + (i % 11 === 10 ? '.' : '')).join(' '),
);
/** The same, with its first sentences again at its end: a candidate elsewhere, judged by its context. */
const withCopies = distinctText.map((t) => `${t} ${t.slice(0, 700)}`);
/** [start draw, length draw, what to do to its quote: 0 keep, 1 reword (fuzzy), 2 replace (orphan)] */
const looseSpans = fc.array(fc.tuple(fc.nat(100_000), fc.integer({ min: 20, max: 60 }), fc.constantFrom(0, 1, 1, 2)), { minLength: 1, maxLength: 8 });

function looseAnnotations(text: string, spans: [number, number, number][]): Annotation[] {
  const cps = Array.from(text);
  return spans.map(([a, len, how], i) => {
    const start = a % Math.max(1, cps.length - len);
    const sel = selectorFor(text, start, start + len);
    const quote = how === 0 ? sel.quote : how === 1 ? `${sel.quote.slice(0, 8)}x${sel.quote.slice(9)}` : 'zzqq wholly other words zzqq';
    return { id: `l${i}`, kind: i % 2 ? 'claim' : 'note', status: 'unverified', ...sel, quote } as Annotation;
  });
}

/**
 * The annotations as the save writes them back: a placed one's stored offsets moved by the
 * edits (saveOps.ts writes where it stands), an orphan's as the analyst wrote them. The full
 * anchoring is asked with these: against offsets the text has moved away from, a fuzzy place
 * between two copies of its sentence loses the bonus of standing at its stored offsets and
 * becomes an orphan until the write-back gives the offsets again (a transient the old code
 * showed too, then placed it where it is carried now).
 */
function asSaved(annotations: Annotation[], before: Placement[], edits: Edit[]): Annotation[] {
  return annotations.map((a, k) => {
    if (before[k].result.start === null || a.start === undefined || a.end === undefined) return a;
    const m = mapThrough(edits, a.start, a.end);
    return m ? { ...a, start: m[0], end: m[1] } : a;
  });
}

test('loose placements carried across edits are what anchoring the whole new text gives', () => {
  let loose = 0;
  let carriedLoose = 0;
  fc.assert(
    fc.property(fc.oneof(distinctText, withCopies), looseSpans, fc.array(fc.tuple(fc.nat(6000), fc.nat(12), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 3 }), (text, spans, draws) => {
      const annotations = looseAnnotations(text, spans);
      const before = placeAnnotations(text, annotations);
      if (!before.some(isLoose)) return;
      loose++;
      const edits = editsOf(text, draws);
      const next = apply(text, edits);
      const carried = shiftPlacements(text, next, before);
      if (carried === null) return;
      const full = placeAnnotations(next, asSaved(annotations, before, edits));
      carried.forEach((p, k) => {
        if (!isLoose(before[k])) return;
        carriedLoose++;
        const got = [p.result.state, p.result.start, p.result.end, !!p.needsReview];
        const want = [full[k].result.state, full[k].result.start, full[k].result.end, !!full[k].needsReview];
        assert.deepEqual(got, want, `not what the full anchoring gives: ${JSON.stringify({ edits, before: before[k].result, quote: p.annotation.quote })}`);
      });
    }),
    { numRuns: 150, seed: 15 },
  );
  assert.ok(loose > 100 && carriedLoose > 60, `loose in ${loose} cases, ${carriedLoose} loose placements carried`);
});

test('a loose placement stays when the edits are far from it; an edit that writes a candidate for it is left to the anchoring', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `kalo${SYLLABLES[i % SYLLABLES.length]}${SYLLABLES[(i * 7) % SYLLABLES.length]}`).join(' ');
  const words = 'the minister denied the report about troops';
  const prev = `${filler(40)}. ${words} at the border. ${filler(200)}. End.`;
  const i = prev.indexOf(words);
  // a claim whose assessed words were "had denied": fuzzy, needing review
  const claim = { id: 'c', kind: 'claim', status: 'unverified', ...selectorFor(prev, i, i + words.length), quote: 'the minister had denied the report about troops' } as Annotation;
  const orphan = { id: 'o', kind: 'note', quote: 'wholly other words here', prefix: 'xx', suffix: 'yy', start: 5, end: 28 } as Annotation;
  const before = placeAnnotations(prev, [claim, orphan]);
  assert.deepEqual(before.map((p) => [p.result.state, !!p.needsReview]), [['fuzzy', true], ['orphaned', false]]);
  // typed far before both: carried, moved by the typing, as the full anchoring places them
  const typed = `Update: ${prev}`;
  const carried = shiftPlacements(prev, typed, before);
  assert.ok(carried, 'carried');
  assert.deepEqual(carried.map((p) => [p.result.state, p.result.start, p.result.end, !!p.needsReview]), placeAnnotations(typed, [claim, orphan]).map((p) => [p.result.state, p.result.start, p.result.end, !!p.needsReview]));
  // the orphan's words typed in far away: it has a candidate now
  const end = prev.lastIndexOf('End.');
  assert.equal(shiftPlacements(prev, `${prev.slice(0, end)}xx wholly other words here yy ${prev.slice(end)}`, before), null);
  // the claim's assessed words typed far away: a candidate for it
  assert.equal(shiftPlacements(prev, `${prev.slice(0, end)}the minister had denied the report about troops. ${prev.slice(end)}`, before), null);
});

test('a loose placement is left to the anchoring when an annotation within reach of it was anchored again, and carried when none was', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `kalo${SYLLABLES[i % SYLLABLES.length]}${SYLLABLES[(i * 7) % SYLLABLES.length]}`).join(' ');
  const words = 'the minister denied the report about troops';
  const note = 'Kostrov met the envoy today';
  const run = (between: number) => {
    const prev = `${filler(40)}. ${words} at the border. ${filler(between)}. ${note}. ${filler(40)}. End.`;
    const i = prev.indexOf(words);
    const n = prev.indexOf(note);
    const claim = { id: 'c', kind: 'claim', status: 'unverified', ...selectorFor(prev, i, i + words.length), quote: 'the minister had denied the report about troops' } as Annotation;
    const noted = { id: 'n', kind: 'note', ...selectorFor(prev, n, n + note.length) } as Annotation;
    const before = placeAnnotations(prev, [claim, noted]);
    assert.deepEqual(before.map((p) => p.result.state), ['fuzzy', 'anchored']);
    // a word of the note's changed: it is anchored again where it stood
    const next = prev.replace('the envoy today', 'the envoys today');
    return { distance: n - i, carried: shiftPlacements(prev, next, before) };
  };
  const near = run(200);
  assert.ok(near.distance < 4096 && near.distance > 1000, `${near.distance} code points apart`);
  assert.equal(near.carried, null, 'a neighbour anchored again is new evidence for the loose one: the anchoring decides');
  const far = run(600);
  assert.ok(far.distance > 4096, `${far.distance} code points apart`);
  assert.ok(far.carried, 'out of reach: carried');
  assert.equal(far.carried[0].result.state, 'fuzzy');
});

// Words an edit destroyed are an orphan unless an edit wrote them elsewhere: each such orphan
// searches the edits' new text. That search is bounded (MAX_PASTE_SEARCH, "Bounded cost"):
// beyond it the full anchoring decides, so a rewrite of a large source through thousands of
// annotations stays linear; within it the orphans are carried as the full anchoring places them.
test('orphans are carried while searching the edits for their words stays within its bound, and left to the anchoring beyond it', () => {
  const orphansWithin = (n: number, pasteLength: number) => {
    const sentences = Array.from({ length: n }, (_, k) => `Sentence ${k}: the envoy zqw${k.toString(36)}vx met the minister. ${'Filler words here. '.repeat(3)}`);
    const prev = sentences.join('');
    const annotations = sentences.map((_, k) => {
      const q = `zqw${k.toString(36)}vx`;
      const at = prev.indexOf(q);
      return { id: `o${k}`, kind: 'note', ...selectorFor(prev, at, at + q.length) } as Annotation;
    });
    // every annotated word replaced, and a long passage pasted after them all
    const next = sentences.map((s, k) => s.replace(`zqw${k.toString(36)}vx`, 'QQQ')).join('') + 'Pasted words. '.repeat(Math.ceil(pasteLength / 14));
    return { next, got: shiftPlacements(prev, next, placeAnnotations(prev, annotations)), annotations };
  };
  const orphans = 24;
  // each orphan searches the paste whole: under the bound with room to spare, then over it
  const under = orphansWithin(orphans, Math.floor(MAX_PASTE_SEARCH / orphans / 2));
  assert.ok(under.got, 'within the bound the orphans are carried');
  assert.deepEqual(under.got.map((p) => p.result.state), Array(orphans).fill('orphaned'));
  assert.deepEqual(under.got.map((p) => p.result.state), placeAnnotations(under.next, under.annotations).map((p) => p.result.state));
  const over = orphansWithin(orphans, Math.ceil(MAX_PASTE_SEARCH / orphans) + 1000);
  assert.equal(over.got, null, 'beyond the bound the full anchoring decides');
});

// A save on the editor's thread asks for at most so many annotations anchored again in windows
// (documentHooks.ts hands the rest to the worker): the bound gives the same answer or none.
test('with a bound on the annotations anchored again around the edits: the same placements within it, none beyond it', () => {
  const sentences = Array.from({ length: 6 }, (_, k) => `Report ${k}: the minister denied the report about troops at the border number ${k}. ${'Filler words here. '.repeat(3)}`);
  const prev = sentences.join('');
  const annotations = sentences.map((s, k) => {
    const q = `the minister denied the report about troops at the border number ${k}`;
    const i = prev.indexOf(q);
    return { id: `w${k}`, kind: 'note', ...selectorFor(prev, i, i + q.length) } as Annotation;
  });
  // a word changed inside each annotated sentence: each is anchored again in a window
  const next = sentences.map((s) => s.replace('denied the report', 'denied the reports')).join('');
  const placed = placeAnnotations(prev, annotations);
  const unbounded = shiftPlacements(prev, next, placed);
  assert.ok(unbounded, 'carried without a bound');
  assert.deepEqual(unbounded.map((p) => p.result.state), Array(6).fill('fuzzy'));
  assert.deepEqual(shiftPlacements(prev, next, placed, undefined, 6), unbounded, 'six windows within a bound of six');
  assert.equal(shiftPlacements(prev, next, placed, undefined, 5), null, 'six windows beyond a bound of five');
});

// A passage cut and pasted far away (a reorganised report), or a paragraph rewritten: before the
// texts are searched character by character, lines found once in each put them back in step
// (patience diffing), so the texts between stand in gaps and the edit is a stretch of its own.
// Texts of many lines, some of them repeated, with typed edits and a passage moved besides.
const LINE_WORDS = fc.array(fc.constantFrom(...WORDS.filter((w) => w !== '\n\n')), { minLength: 3, maxLength: 14 }).map((w) => w.join(' ') + '\n');
const linesArb = fc
  .tuple(fc.array(LINE_WORDS, { minLength: 300, maxLength: 500 }), fc.array(fc.nat(), { maxLength: 30 }))
  // some lines again elsewhere: a line that is not found once anchors nothing
  .map(([lines, again]) => {
    for (const k of again) lines.splice(k % lines.length, 0, lines[(k >> 3) % lines.length]);
    return lines.join('');
  });
const moveArb = fc.tuple(fc.nat(), fc.nat(6000), fc.nat());

/** `text` with [a, a + len) cut and pasted at b (of what is left), all on code point boundaries. */
function moved(text: string, [a, len, b]: [number, number, number]): string {
  const cps = Array.from(text);
  const from = a % cps.length;
  const passage = cps.splice(from, Math.min(len, cps.length - from));
  cps.splice(b % (cps.length + 1), 0, ...passage);
  return cps.join('');
}

test('texts of many lines, a passage moved and words typed: the stretches rebuild the new text, and under a budget are the unbounded ones up to where it ran out', () => {
  fc.assert(
    fc.property(linesArb, moveArb, drawsArb, fc.oneof(fc.nat(300), fc.nat(20_000), fc.constant(Infinity)), (text, move, draws, budget) => {
      const next = apply(moved(text, move), editsOf(moved(text, move), draws));
      const unbounded = editStretches(text, next);
      rebuilds(text, next, unbounded);
      const stretches = editStretches(text, next, budget);
      rebuilds(text, next, stretches);
      assert.deepEqual(stretches.slice(0, -1), unbounded.slice(0, stretches.length - 1));
    }),
    { numRuns: 200, seed: 15 },
  );
});

test('a passage of whole lines cut and pasted far away is two stretches: the lines taken out where they stood, put in where they went', () => {
  let seed = 15;
  const word = () => WORDS[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % (WORDS.length - 1)];
  const lines = Array.from({ length: 600 }, () => Array.from({ length: 14 }, word).join(' ') + '.\n');
  const text = lines.join('');
  const passage = lines.slice(400, 440);
  const next = [...lines.slice(0, 50), ...passage, ...lines.slice(50, 400), ...lines.slice(440)].join('');
  const at = (k: number) => lines.slice(0, k).join('').length;
  const stretches = editStretches(text, next, 1 << 15);
  rebuilds(text, next, stretches);
  const length = passage.join('').length;
  // (give or take a word: where lines begin or end alike, where the passage begins is the diff's choice)
  assert.equal(stretches.length, 2);
  const [put, taken] = stretches;
  assert.ok(put.prevStart === put.prevEnd && put.nextEnd - put.nextStart === length, 'the passage put in, nothing taken out there');
  assert.ok(Math.abs(put.prevStart - at(50)) < 20, `put in before line 50 (${put.prevStart}, ${at(50)})`);
  assert.ok(taken.nextStart === taken.nextEnd && taken.prevEnd - taken.prevStart === length, 'the passage taken out, nothing put in there');
  assert.ok(Math.abs(taken.prevStart - at(400)) < 20, `taken out from line 400 (${taken.prevStart}, ${at(400)})`);
});
