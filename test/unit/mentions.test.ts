import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AutomatonOptions } from '../../src/core/mentions/automaton';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import type { Entity } from '../../src/core/types';

// Registry and texts written for these tests (invented names, no corpus text).
const ent = (id: string, name: string, ...aliases: (string | { text: string; ignoreCase?: boolean })[]): Entity => ({
  id,
  name,
  type: 'other',
  aliases: aliases.map((a) => (typeof a === 'string' ? { text: a } : a)),
});

const REGISTRY: Entity[] = [
  ent('halvik', 'Teodor Halvik', 'Halvik', 'Veldonia’s prime minister', 'Prime Minister Halvik'),
  ent('veldonia', 'Veldonia', 'Republic of Veldonia'),
  ent('nss', 'National Security Service', 'NSS'),
  ent('pact', 'Eastern Pact', { text: 'the pact', ignoreCase: true }),
  ent('zoric', 'Matej Zorić', 'Zorić'),
  ent('arm', 'Հայաստան'),
  ent('moscow', 'Москва'),
  ent('kb', 'Kareva', 'Kareva airfield', 'Kareva air base'),
  ent('it', 'IT', { text: 'IT', ignoreCase: false }),
  ent('obrien', "Seán O'Brien", "O'Brien"),
];

/** The mentions of `text` as [entity, matched text] pairs, checking offsets are code points. */
function found(text: string, registry = REGISTRY, options?: AutomatonOptions): [string, string][] {
  const cps = Array.from(text);
  return new MentionMatcher(registry, options).find(text).map((m) => [m.entity, cps.slice(m.start, m.end).join('')]);
}

const CASES: { name: string; text: string; want: [string, string][] }[] = [
  { name: 'name and alias', text: 'Teodor Halvik spoke. Halvik left.', want: [['halvik', 'Teodor Halvik'], ['halvik', 'Halvik']] },
  { name: 'longest wins over a shorter alias inside it', text: 'Prime Minister Halvik said', want: [['halvik', 'Prime Minister Halvik']] },
  { name: 'longest wins: alias that extends a name', text: 'the Republic of Veldonia and Veldonia', want: [['veldonia', 'Republic of Veldonia'], ['veldonia', 'Veldonia']] },
  { name: 'aliases that are prefixes of others', text: 'Kareva, Kareva airfield, Kareva air base, Kareva air', want: [['kb', 'Kareva'], ['kb', 'Kareva airfield'], ['kb', 'Kareva air base'], ['kb', 'Kareva']] },
  { name: 'leftmost wins over longer later match', text: 'Halvik Teodor Halvik', want: [['halvik', 'Halvik'], ['halvik', 'Teodor Halvik']] },
  { name: 'possessive with ’', text: 'Halvik’s cabinet', want: [['halvik', 'Halvik']] },
  { name: "possessive with '", text: "Halvik's cabinet and the NSS's chief", want: [['halvik', 'Halvik'], ['nss', 'NSS']] },
  { name: "’ in alias matches ' in text", text: "Veldonia's prime minister", want: [['halvik', "Veldonia's prime minister"]] },
  { name: "' in alias matches ’ in text", text: 'Seán O’Brien and O’Brien', want: [['obrien', 'Seán O’Brien'], ['obrien', 'O’Brien']] },
  { name: 'case-sensitive by default', text: 'halvik HALVIK Halvik', want: [['halvik', 'Halvik']] },
  { name: 'acronym stays case-sensitive', text: 'nss Nss NSS', want: [['nss', 'NSS']] },
  { name: 'ignoreCase alias in any case', text: 'The Pact, the pact, THE PACT', want: [['pact', 'The Pact'], ['pact', 'the pact'], ['pact', 'THE PACT']] },
  { name: 'a name is never ignoreCase', text: 'eastern pact', want: [] },
  { name: 'newline inside a name', text: 'said Teodor\nHalvik today', want: [['halvik', 'Teodor\nHalvik']] },
  { name: 'CRLF and indentation inside a name', text: 'National\r\n   Security  Service', want: [['nss', 'National\r\n   Security  Service']] },
  { name: 'NBSP counts as a space', text: 'Teodor\u00a0Halvik', want: [['halvik', 'Teodor\u00a0Halvik']] },
  { name: 'not inside a longer word', text: 'Halviks Veldonian NSSR preVeldonia', want: [] },
  { name: 'digits are word characters', text: 'NSS2 2NSS NSS-2', want: [['nss', 'NSS']] },
  { name: 'a Cyrillic letter joins the word', text: 'Москвы Москва', want: [['moscow', 'Москва']] },
  { name: 'Armenian letters join the word', text: 'Հայաստանի Հայաստան', want: [['arm', 'Հայաստան']] },
  { name: 'accented letters join the word', text: 'Zorićev Zorić Halvikó', want: [['zoric', 'Zorić']] },
  { name: 'a combining mark joins the word', text: 'Halvik\u0301 Halvik', want: [['halvik', 'Halvik']] },
  { name: 'punctuation is a boundary', text: '(Halvik) “NSS” Halvik—Zorić', want: [['halvik', 'Halvik'], ['nss', 'NSS'], ['halvik', 'Halvik'], ['zoric', 'Zorić']] },
  { name: 'emoji is a boundary and shifts code points', text: '😀Halvik 🇦🇲 Zorić', want: [['halvik', 'Halvik'], ['zoric', 'Zorić']] },
  { name: 'astral letter joins the word', text: '𝐀Halvik Halvik𝐁 Halvik', want: [['halvik', 'Halvik']] },
  { name: 'two-letter alias', text: 'IT staff, it, It', want: [['it', 'IT']] },
  { name: 'match at text start and end', text: 'Halvik', want: [['halvik', 'Halvik']] },
  { name: 'empty text', text: '', want: [] },
];

for (const c of CASES) {
  test(`mentions: ${c.name}`, () => {
    assert.deepEqual(found(c.text), c.want);
    // the same through the reverse automaton that takes over from hostile walks (issue 8)
    assert.deepEqual(found(c.text, REGISTRY, { walkBudget: 0 }), c.want);
  });
}

test('mentions: offsets are code points after astral characters', () => {
  const text = '😀😀 Halvik\n𝕏 Zorić';
  const ms = new MentionMatcher(REGISTRY).find(text);
  assert.deepEqual(
    ms.map((m) => [m.start, m.end]),
    [
      [3, 9],
      [12, 17],
    ],
  );
  assert.equal(ms[0].alias, 'Halvik');
});

test('mentions: the alias is reported as the registry spells it', () => {
  const [m] = new MentionMatcher(REGISTRY).find("Veldonia's  prime\nminister");
  assert.equal(m.alias, 'Veldonia’s prime minister');
});

test('mentions: empty and degenerate aliases are skipped with a warning', () => {
  const m = new MentionMatcher([ent('x', 'Xan', '', '   ', '--', '’', 'Xan')]);
  assert.deepEqual(found('Xan -- ’ x', [ent('x', 'Xan', '', '   ', '--', '’')]), [['x', 'Xan']]);
  assert.equal(m.warnings.length, 4);
  assert.match(m.warnings[0].message, /empty/);
  assert.match(m.warnings[2].message, /no letter or digit/);
});

test('mentions: an alias shared by two entities goes to the first, with a warning', () => {
  const m = new MentionMatcher([ent('a', 'Alpha', 'The Group'), ent('b', 'Beta', 'The  Group')]);
  assert.deepEqual(
    m.find('The Group').map((x) => x.entity),
    ['a'],
  );
  assert.equal(m.warnings.length, 1);
  assert.match(m.warnings[0].message, /also an alias of a/);
});

test('mentions: a case-sensitive alias wins a tie with an ignoreCase one', () => {
  const reg = [ent('a', 'Aaa', { text: 'the union', ignoreCase: true }), ent('b', 'The Union')];
  assert.deepEqual(found('The Union and the union', reg), [
    ['b', 'The Union'],
    ['a', 'the union'],
  ]);
});

test('mentions: case folding covers Greek final sigma and Cyrillic', () => {
  const reg = [ent('o', 'Odysseus', { text: 'ΟΔΥΣΣΕΥΣ', ignoreCase: true }), ent('m', 'Moscow', { text: 'москва', ignoreCase: true })];
  assert.deepEqual(found('Οδυσσευς ΜОСКВА', reg).map((x) => x[0]), ['o']);
  assert.deepEqual(found('Οδυσσευς МОСКВА', reg).map((x) => x[0]), ['o', 'm']);
});

test('mentions: an empty registry finds nothing', () => {
  assert.deepEqual(new MentionMatcher([]).find('Anything at all'), []);
});

test('mentions: scanUtf8 on bytes agrees with find on the decoded string', () => {
  const text = '😀 Teodor\r\nHalvik’s NSS, Москва и Հայաստան; Zorić𝐀 Zorić. THE PACT 🇦🇲 Kareva air base';
  const m = new MentionMatcher(REGISTRY);
  const fromBytes: number[][] = [];
  m.scanUtf8(Buffer.from(text, 'utf8'), (k, s, e) => fromBytes.push([k, s, e]));
  const fromString = m.find(text).map((x) => [REGISTRY.findIndex((r) => r.id === x.entity), x.start, x.end]);
  assert.deepEqual(fromBytes, fromString);
  assert.equal(fromString.length, 7);
});

// A slow, obviously correct matcher to compare against on random texts: at each code unit
// from the left, try every pattern and keep the longest whole-word match.
function reference(text: string, patterns: { text: string; ignoreCase: boolean; id: number }[]): number[][] {
  const word = (cp: number | undefined) => cp !== undefined && /[\p{L}\p{N}\p{M}]/u.test(String.fromCodePoint(cp));
  const before = (i: number) => (i === 0 ? undefined : Array.from(text.slice(0, i)).pop()!.codePointAt(0));
  const same = (a: string, b: string, ic: boolean) => {
    const apos = (c: string) => (c === "'" ? '’' : c);
    if (apos(a) === apos(b)) return true;
    return ic && (a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase());
  };
  const matchAt = (i: number, p: string, ic: boolean): number => {
    let j = i;
    for (const ch of p) {
      if (ch === ' ') {
        if (j >= text.length || !/\s/.test(text[j])) return -1;
        while (j < text.length && /\s/.test(text[j])) j++;
      } else {
        const t = String.fromCodePoint(text.codePointAt(j) ?? 0);
        if (j >= text.length || !same(t, ch, ic)) return -1;
        j += t.length;
      }
    }
    return j;
  };
  const out: number[][] = [];
  const cpAt = (i: number) => Array.from(text.slice(0, i)).length;
  for (let i = 0; i < text.length; ) {
    let best = -1;
    let who = -1;
    for (const p of patterns) {
      const norm = p.text.trim().replace(/\s+/g, ' ');
      const end = matchAt(i, norm, p.ignoreCase);
      if (end < 0) continue;
      const first = norm.codePointAt(0)!;
      const last = Array.from(norm).pop()!.codePointAt(0)!;
      if (word(first) && word(before(i))) continue;
      if (word(last) && word(text.codePointAt(end))) continue;
      if (end > best || (end === best && !p.ignoreCase && patterns[who].ignoreCase)) {
        best = end;
        who = patterns.indexOf(p);
      }
    }
    if (best > i) {
      out.push([patterns[who].id, cpAt(i), cpAt(best)]);
      i = best;
    } else i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  }
  return out;
}

test('mentions: agree with a brute-force matcher on random texts', () => {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const syllables = ['Ka', 'ka', 'KA', 'rev', 'Rev', 'a', 'Ло', 'ло', 'Հա', 'é', 'É', 'σ', 'Σ', 'ς', '9'];
  const glue = [' ', ' ', '  ', '\n', "'", '’', ',', '-', '😀', '𝐀', '\u0301', ''];
  let total = 0;
  for (let round = 0; round < 300; round++) {
    const words = Array.from({ length: 6 }, () => pick(syllables) + pick(syllables) + (rand() < 0.5 ? pick(syllables) : ''));
    const patterns = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, id) => {
      const n = 1 + Math.floor(rand() * 3);
      const text = Array.from({ length: n }, () => pick(words)).join(pick([' ', ' ', "'", '’']));
      return { text, ignoreCase: rand() < 0.3, id };
    });
    // One pattern per entity, so entity index = pattern id; drop exact duplicates up front
    // (first-listed wins is tested above) to keep the reference simple.
    const seen = new Set<string>();
    const unique = patterns.filter((p) => {
      const key = `${p.ignoreCase}:${p.ignoreCase ? p.text.toLowerCase() : p.text}`.replace(/'/g, '’');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const reg = unique.map((p) => ({ id: String(p.id), name: p.text, type: 'other', aliases: [] as { text: string; ignoreCase?: boolean }[] }));
    reg.forEach((e, k) => {
      if (unique[k].ignoreCase) {
        e.name = `\u0000${k}`; // a name that never matches, so only the ignoreCase alias counts
        e.aliases.push({ text: unique[k].text, ignoreCase: true });
      }
    });
    let text = '';
    for (let k = 0; k < 25; k++) text += pick(words) + pick(glue);
    const want = reference(text, unique.map((p, k) => ({ ...p, id: Number(reg[k].id) })));
    total += want.length;
    // the trie walks, and the reverse automaton that takes over from hostile walks (issue 8)
    for (const options of [{}, { walkBudget: 0 }]) {
      const m = new MentionMatcher(reg, options);
      const got = m.find(text).map((x) => [Number(x.entity), x.start, x.end]);
      assert.deepEqual(got, want, `round ${round} ${JSON.stringify(options)}: ${JSON.stringify(text)} ${JSON.stringify(unique)}`);
      const fromBytes: number[][] = [];
      m.scanUtf8(Buffer.from(text, 'utf8'), (k, s, e) => fromBytes.push([Number(reg[k].id), s, e]));
      assert.deepEqual(fromBytes, want, `bytes, round ${round} ${JSON.stringify(options)}`);
    }
  }
  assert.ok(total > 300, `only ${total} matches: the generator has stopped producing any`);
});
