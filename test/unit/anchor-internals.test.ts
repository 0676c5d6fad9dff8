// The parts anchoring stands on, checked against plain definitions: Myers' bit-parallel edit
// distance against the textbook dynamic programme, folding against its offset map, the gram
// index against indexOf, the context screen's bound against the ranks it bounds, the list of an
// annotation's candidates against the rule as first written, and the approximate search's windows
// answered from the exact places against their scans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnchorText, selectorFor } from '../../src/core/anchor';
import { judge } from '../../src/core/anchor/decide';
import { fold, foldString } from '../../src/core/anchor/fold';
import { GramIndex } from '../../src/core/anchor/grams';
import { Pattern, levenshtein, reverseUnits } from '../../src/core/anchor/myers';
import { BANDED_FROM, Query } from '../../src/core/anchor/query';
import { ContextScreen, byBoundDescending } from '../../src/core/anchor/screen';
import { withFuzzy } from '../../src/core/anchor/attempt';
import { fuzzyCandidates } from '../../src/core/anchor/search';
import type { Judged } from '../../src/core/anchor/decide';

/** mulberry32, so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function word(rnd: () => number, n: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

/** For each end e of text: min over starts of ed(pattern, text[start, e)). */
function semiGlobal(text: string, pattern: string): number[] {
  let prev = Array.from({ length: pattern.length + 1 }, (_, i) => i);
  const out: number[] = [];
  for (let j = 1; j <= text.length; j++) {
    const cur = [0];
    for (let i = 1; i <= pattern.length; i++) {
      cur[i] = Math.min(prev[i - 1] + (pattern[i - 1] === text[j - 1] ? 0 : 1), prev[i] + 1, cur[i - 1] + 1);
    }
    out.push(cur[pattern.length]);
    prev = cur;
  }
  return out;
}

/** Pattern.search reports exactly the ends of `text` within `k` errors of `pattern`, each with its distance, as semiGlobal finds them. */
function searchAgrees(pattern: string, text: string, k: number, what: string): void {
  const want = semiGlobal(text, pattern);
  const got = new Map<number, number>();
  new Pattern(pattern).search(text, 0, text.length, k, 1, (end, e) => got.set(end, e));
  for (let end = 1; end <= text.length; end++) assert.equal(got.get(end), want[end - 1] <= k ? want[end - 1] : undefined, `${what} end=${end}`);
}

test('Myers search reports exactly the ends within k errors, for patterns of one and many blocks', () => {
  const rnd = random(1);
  for (let n = 0; n < 600; n++) {
    const alphabet = n % 2 ? 'ab' : 'abcdefg';
    const m = 1 + Math.floor(rnd() * (n % 3 === 0 ? 140 : 40));
    const pattern = word(rnd, m, alphabet);
    const text = word(rnd, Math.floor(rnd() * 200), alphabet);
    const k = Math.floor(rnd() * (m + 1));
    searchAgrees(pattern, text, k, `m=${m} k=${k}`);
  }
});

test('a pattern finds the same ends and distances whichever units of the text it lacks: ASCII, others, none in common', () => {
  // its masks: a table for the ASCII units, a map for the others (made only when one occurs), a block of zeros for the rest
  const rnd = random(9);
  const alphabets = [['abc', 'abcé😀'], ['aé😀', 'abé'], ['éü', 'abc'], ['ab', 'ab\u0080\u00ff\uffff']];
  for (let n = 0; n < 400; n++) {
    const [own, read] = alphabets[n % alphabets.length];
    const m = 1 + Math.floor(rnd() * (n % 3 === 0 ? 100 : 30));
    const pattern = word(rnd, m, own);
    const text = word(rnd, Math.floor(rnd() * 160), read);
    const k = Math.floor(rnd() * (m + 1));
    searchAgrees(pattern, text, k, `${JSON.stringify(pattern)} in ${JSON.stringify(text)}, k=${k}`);
    const origin = Math.floor(rnd() * (text.length + 1));
    let least = Infinity;
    for (let l = 0; l <= Math.min(40, text.length - origin); l++) least = Math.min(least, levenshtein(pattern, text.slice(origin, origin + l)));
    assert.equal(new Pattern(pattern).anchoredDistance(text, origin, 40, 1), least);
  }
});

test('anchored alignment finds the least distance from a fixed origin, both directions', () => {
  const rnd = random(2);
  for (let n = 0; n < 400; n++) {
    const pattern = word(rnd, 1 + Math.floor(rnd() * (n % 2 ? 70 : 30)), 'abcd');
    const text = word(rnd, Math.floor(rnd() * 120), 'abcd');
    const origin = Math.floor(rnd() * (text.length + 1));
    const limit = Math.floor(rnd() * 80);
    let forward = Infinity;
    for (let l = 0; l <= Math.min(limit, text.length - origin); l++) {
      forward = Math.min(forward, levenshtein(pattern, text.slice(origin, origin + l)));
    }
    let backward = Infinity;
    for (let l = 0; l <= Math.min(limit, origin); l++) backward = Math.min(backward, levenshtein(pattern, text.slice(origin - l, origin)));
    const p = new Pattern(pattern);
    const r = new Pattern(reverseUnits(pattern));
    assert.equal(p.anchored(text, origin, limit, 1), forward);
    assert.equal(p.anchoredDistance(text, origin, limit, 1), forward);
    assert.equal(r.anchored(text, origin, limit, -1), backward);
    assert.equal(r.anchoredDistance(text, origin, limit, -1), backward);
  }
});

test('distances from one start to every end equal Levenshtein, for patterns of one and many blocks', () => {
  const rnd = random(3);
  for (let n = 0; n < 300; n++) {
    const pattern = word(rnd, 1 + Math.floor(rnd() * (n % 2 ? 100 : 30)), 'abcd');
    const text = word(rnd, Math.floor(rnd() * 150), 'abcd');
    const origin = Math.floor(rnd() * (text.length + 1));
    const reach = Math.floor(rnd() * 120);
    const out = new Int32Array(reach + 1).fill(-1);
    new Pattern(pattern).distancesFrom(text, origin, reach, out);
    for (let e = 0; e <= reach; e++) {
      const want = origin + e <= text.length ? levenshtein(pattern, text.slice(origin, origin + e)) : -1;
      assert.equal(out[e], want, `m=${pattern.length} origin=${origin} e=${e}`);
    }
  }
});

/**
 * banded()'s definition: for each extent e of text read from origin (backwards for dir -1, in
 * the order read), the least over starts s <= e of (units skipped past `free`) + ed(pattern, the
 * units read between).
 */
function bandedWant(text: string, pattern: string, origin: number, n: number, dir: 1 | -1, free: number): number[] {
  const room = Math.min(n, dir === 1 ? text.length - origin : origin);
  const read = dir === 1 ? text.slice(origin, origin + room) : reverseUnits(text.slice(origin - room, origin));
  const out: number[] = [];
  for (let e = 1; e <= room; e++) {
    let best = Infinity;
    for (let s = 0; s <= e; s++) best = Math.min(best, Math.max(0, s - free) + levenshtein(pattern, read.slice(s, e)));
    out.push(best);
  }
  return out;
}

test('banded alignment reports exactly the extents within k errors, from a fixed or a free start, both directions, dense and sparse', () => {
  const rnd = random(5);
  for (let n = 0; n < 500; n++) {
    const alphabet = n % 2 ? 'ab' : 'abcdefg';
    const m = 1 + Math.floor(rnd() * (n % 3 === 0 ? 150 : 40));
    const pattern = word(rnd, m, alphabet);
    const text = word(rnd, Math.floor(rnd() * 220), alphabet);
    const dir: 1 | -1 = n % 4 < 2 ? 1 : -1;
    const origin = dir === 1 ? Math.floor(rnd() * (text.length + 1) * 0.3) : text.length - Math.floor(rnd() * (text.length + 1) * 0.3);
    const free = n % 5 === 0 ? 0 : Math.floor(rnd() * 60);
    const k = Math.floor(rnd() * Math.min(m + 1, 48));
    const limit = Math.floor(rnd() * 260);
    const scanned = dir === 1 ? pattern : reverseUnits(pattern);
    const want = bandedWant(text, scanned, origin, limit, dir, free);
    for (const p of [new Pattern(scanned), new Pattern(scanned, 'sparse')]) {
      const got = new Map<number, number>();
      p.banded(text, origin, limit, dir, k, free, (e, errors) => got.set(e, errors));
      for (let e = 1; e <= want.length; e++) {
        assert.equal(got.get(e), want[e - 1] <= k ? want[e - 1] : undefined, `m=${m} k=${k} free=${free} dir=${dir} e=${e}`);
      }
      assert.ok([...got.keys()].every((e) => e <= want.length));
    }
  }
});

test('a pattern with its masks per block (sparse) searches and aligns as the dense one does', () => {
  const rnd = random(6);
  for (let n = 0; n < 150; n++) {
    const pattern = word(rnd, 1 + Math.floor(rnd() * 130), n % 2 ? 'abcd' : 'aéb😀c');
    const text = word(rnd, Math.floor(rnd() * 200), n % 2 ? 'abcd' : 'aéb😀c');
    const k = Math.floor(rnd() * (pattern.length + 1));
    const [dense, sparse] = [new Pattern(pattern), new Pattern(pattern, 'sparse')];
    const found = (p: Pattern) => {
      const out: [number, number][] = [];
      p.search(text, 0, text.length, k, 1, (end, e) => out.push([end, e]));
      return out;
    };
    assert.deepEqual(found(sparse), found(dense));
    const origin = Math.floor(rnd() * (text.length + 1));
    assert.equal(sparse.anchoredDistance(text, origin, 80, 1), dense.anchoredDistance(text, origin, 80, 1));
    assert.equal(sparse.reversed().anchored(text, origin, 80, -1), dense.reversed().anchored(text, origin, 80, -1));
    const [a, b] = [new Int32Array(90).fill(-1), new Int32Array(90).fill(-1)];
    sparse.distancesFrom(text, origin, 89, a);
    dense.distancesFrom(text, origin, 89, b);
    assert.deepEqual(a, b);
  }
});

test('folding: line endings, quote styles, whitespace runs, compatibility forms, accents', () => {
  assert.equal(foldString('a\r\nb  c\t\n d'), 'a b c d');
  assert.equal(foldString('“It’s” — ‘so’'), '"It\'s" - \'so\'');
  assert.equal(foldString('ﬁne…'), 'fine...');
  assert.equal(foldString('e\u0301te\u0301'), foldString('été'));
  assert.equal(foldString('soft\u00adhyphen\u200b'), 'softhyphen');
});

test('folding maps every folded unit back to the code points it came from', () => {
  const text = '😀 “Two”\r\n\r\nwords\u00a0and ﬁve…';
  const f = fold(text);
  const cp = Array.from(text);
  assert.equal(f.text, '😀 "Two" words and five...');
  // "words" in the folded text covers exactly "words" in the original, in code points.
  const a = f.text.indexOf('words');
  assert.equal(cp.slice(f.from[a], f.to[a + 4]).join(''), 'words');
  // The one space standing for "\r\n\r\n" covers all four.
  assert.equal(cp.slice(f.from[a - 1], f.to[a - 1]).join(''), '\r\n\r\n');
  // "fi" from the ligature both map to the one ligature code point.
  const fi = f.text.indexOf('fi');
  assert.deepEqual([f.from[fi], f.to[fi + 1]], [cp.indexOf('ﬁ'), cp.indexOf('ﬁ') + 1]);
  assert.equal(f.from[f.text.length], cp.length);
});

test('a string folds to what folding its text gives, whether or not it takes the short way', () => {
  const pieces = ['a', 'Z', ' ', '  ', '\t', '\r\n', '“', '’', '—', 'e\u0301', 'ﬁ', '…', '\u00ad', '😀', '~', '\u007f', '.', '7'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
      const s = parts.join('');
      assert.equal(foldString(s), fold(s).text);
    }),
    { numRuns: 2000 },
  );
});

test('a quote reads as prose with three words in lower case, counted as whitespace splits them', () => {
  const words = ['the', 'Minister', '«said»', '(reportedly', 'Ådne', 'élan', '3rd', '—', 'NATO', 'армия', 'Ереван', '東京', ''];
  const seps = [' ', '  ', '\n', '\t', '\u00a0'];
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...seps)), { maxLength: 8 }), (parts) => {
      const quote = parts.map(([w, sep]) => w + sep).join('');
      const lower = quote.split(/\s+/).filter((w) => /^[^\p{L}]*\p{Ll}/u.test(w)).length;
      assert.equal(new Query({ quote }).prose, lower >= 3, JSON.stringify(quote));
    }),
    { numRuns: 2000 },
  );
});

test('the gram index finds what indexOf finds', () => {
  const rnd = random(3);
  const text = word(rnd, 20_000, 'abc ');
  const index = new GramIndex(text);
  for (let n = 0; n < 50; n++) {
    const piece = word(rnd, 8, 'abc ');
    const want: number[] = [];
    for (let p = text.indexOf(piece); p >= 0; p = text.indexOf(piece, p + 1)) want.push(p);
    const got: number[] = [];
    index.lookup(piece, (p) => got.push(p));
    assert.deepEqual(got, want);
  }
});

test('the context screen never bounds an occurrence below the rank it is judged at', () => {
  const rnd = random(4);
  const words = ['Ortega', 'said', 'the', 'harbour', 'council', 'vote', 'plan', 'Kim', 'and', 'fleet'];
  const parts: string[] = [];
  for (let n = 0; n < 6000; n++) parts.push(words[Math.floor(rnd() * words.length)]);
  const original = parts.join(' ');
  const base = new AnchorText(original);
  // Edited copies of the text: stray characters sprinkled in, so contexts half-agree.
  let edited = '';
  for (const ch of original) edited += rnd() < 0.03 ? 'x' + ch : ch;
  const at = new AnchorText(edited);
  for (let n = 0; n < 20; n++) {
    const i = original.indexOf('Ortega', Math.floor(rnd() * (original.length - 100)));
    const q = new Query(selectorFor(base, i, i + 6));
    const screen = new ContextScreen(at, q);
    const positions = at.findAll(q.folded);
    const bounds = screen.bounds(positions);
    positions.forEach((a, k) => {
      const rank = judge(at, q, { a, b: a + 6, errors: 0 }).rank;
      assert.ok(bounds[k] >= rank - 1e-9, `bound ${bounds[k]} < rank ${rank}`);
      assert.ok(screen.boundWithPrefix(a, q.context.prefixScore(at.folded.text, a)) >= rank - 1e-9);
    });
  }
});

test('occurrences are taken best bound first, in text order within a bound, as a stable sort gives them', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(0, 8, 12.5, 40, 72, -1, 72.00000000000001), { maxLength: 300 }), (values) => {
      const sorted = values.map((_, i) => i).sort((x, y) => values[y] - values[x] || x - y);
      assert.deepEqual(Array.from(byBoundDescending(Float64Array.from(values))), sorted);
    }),
    { numRuns: 1000 },
  );
});

test('an annotation’s candidates are its exact places judged, then each approximate place that is not one of them nor an approximate place before it, in order', () => {
  // the rule as it was written first: a set of every exact place's key (attempt.ts withFuzzy)
  const key = (c: { a: number; b: number }) => c.a * 2 ** 22 + (c.b - c.a);
  const reference = (exact: Judged[], fuzzy: Judged[]) => {
    const seen = new Set(exact.map(key));
    const all = exact.slice();
    for (const j of fuzzy) if (!seen.has(key(j))) (seen.add(key(j)), all.push(j));
    return all;
  };
  const span = fc.record({ a: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 0, max: 6 }), errors: fc.integer({ min: 0, max: 2 }) });
  const made = (s: { a: number; length: number; errors: number }) => ({ a: s.a, b: s.a + s.length, errors: s.errors }) as Judged;
  fc.assert(
    fc.property(fc.array(span, { maxLength: 30 }), fc.array(span, { maxLength: 12 }), (exact, fuzzy) => {
      const e = exact.map(made);
      const f = fuzzy.map(made);
      const got = withFuzzy(e, f);
      const want = reference(e, f);
      assert.equal(got.length, want.length);
      got.forEach((j, k) => assert.equal(j, want[k], `candidate ${k}`)); // the very objects, in the same order
    }),
    { numRuns: 2000 },
  );
});

/**
 * A text of one short period repeated, and a quote taken from it with or without its context and
 * with its stored start near or away from where it was taken. The period is broken, so that the
 * exact copies leave gaps: by a few units edited at random places, or (`runs`) by other text
 * between runs of it of their own lengths, a copy or two longer than the quote or many.
 */
function periodicCase(rnd: () => number, long: boolean, runs: boolean): { text: string; sel: { quote: string; prefix?: string; suffix?: string; start?: number } } {
  const period = word(rnd, 1 + Math.floor(rnd() * 5), 'abcd');
  const m = long ? BANDED_FROM + 1 + Math.floor(rnd() * 400) : 2 + Math.floor(rnd() * 160);
  const repeated = (units: number) => period.repeat(Math.ceil(units / period.length) + 1).slice(0, units);
  let t: string;
  let s: number;
  if (runs) {
    const pieces: string[] = [];
    const count = 2 + Math.floor(rnd() * 3);
    for (let i = 0; i < count; i++) {
      if (i > 0) pieces.push(word(rnd, Math.floor(rnd() * (long ? 700 : 300)), 'xyz'));
      pieces.push(repeated(m + Math.floor(rnd() * (rnd() < 0.5 ? 8 : long ? 900 : 400))));
    }
    t = pieces.join('');
    const run = 2 * Math.floor(rnd() * count);
    const from = pieces.slice(0, run).join('').length;
    s = from + Math.floor(rnd() * (pieces[run].length - m + 1));
  } else {
    const units = (long ? m + 100 : m + 40) + Math.floor(rnd() * (long ? 1200 : 700));
    const text = Array.from(repeated(units));
    for (let e = Math.floor(rnd() * 4); e > 0; e--) {
      const at = Math.floor(rnd() * text.length);
      const r = rnd();
      if (r < 0.4) text[at] = word(rnd, 1, 'abcde');
      else if (r < 0.7) text.splice(at, 0, word(rnd, 1 + Math.floor(rnd() * 3), 'abcde'));
      else text.splice(at, 1 + Math.floor(rnd() * 3));
    }
    t = text.join('');
    s = Math.floor(rnd() * Math.max(1, t.length - m));
  }
  const quote = t.slice(s, s + m);
  const withContext = rnd() < 0.5;
  const hint = rnd();
  return {
    text: t,
    sel: {
      quote,
      ...(withContext ? { prefix: t.slice(Math.max(0, s - 32), s), suffix: t.slice(s + m, s + m + 32) } : {}),
      ...(hint < 0.7 ? { start: Math.max(0, s + Math.floor((rnd() - 0.5) * (hint < 0.35 ? 8 : 1200))) } : {}),
    },
  };
}

test('a search window its exact places cover is answered without a scan, with the places its scan finds, short quotes and long', () => {
  const answered = { short: 0, long: 0 };
  let scansLeft = 0;
  // texts with units edited, then texts of runs (each its own stream, so that neither's cases move when the other's change)
  const edited = random(11);
  const ofRuns = random(12);
  for (let n = 0; n < 3000; n++) {
    const runs = n >= 1500;
    const long = n % 5 === 0;
    const { text, sel } = periodicCase(runs ? ofRuns : edited, long, runs);
    const at = new AnchorText(text);
    const scanned = scansOf(new Query(sel));
    const want = fuzzyCandidates(at, scanned.q);
    const answering = scansOf(new Query(sel));
    const got = fuzzyCandidates(at, answering.q, at.findAll(answering.q.folded));
    assert.deepEqual(got, want, `case ${n}: ${JSON.stringify({ ...sel, text: text.length > 300 ? `${text.length} units` : text })}`);
    if (answering.scans() < scanned.scans()) answered[long ? 'long' : 'short']++;
    scansLeft += answering.scans();
  }
  // the rule is exercised, on both kinds of scan: a periodic text's windows are often answered from its exact places, not always
  assert.ok(answered.short >= 60 && answered.long >= 13, `windows answered without a scan: ${answered.short} for short quotes, ${answered.long} for long ones`);
  assert.ok(scansLeft > 0, 'some windows are still scanned');
});

/** A query whose quote pattern counts its scans (Pattern.search for a short quote, Pattern.banded for a long one). */
function scansOf(q: Query): { q: Query; scans: () => number } {
  const pattern = q.pattern;
  let scans = 0;
  const search = pattern.search.bind(pattern);
  const banded = pattern.banded.bind(pattern);
  pattern.search = (...args) => (scans++, search(...args));
  pattern.banded = (...args) => (scans++, banded(...args));
  return { q, scans: () => scans };
}

test('the anchoring core imports nothing from vscode', () => {
  const dir = path.join(__dirname, '../../src/core/anchor');
  for (const file of fs.readdirSync(dir)) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    assert.doesNotMatch(source, /from\s+['"]vscode['"]|require\(['"]vscode['"]\)/, file);
  }
});
