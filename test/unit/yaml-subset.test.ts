// The direct reader of the writer's YAML (core/format/yaml-subset.ts, issue 15) is a shortcut
// past js-yaml, never a second opinion: whatever text it accepts, its value is js-yaml's
// (CORE_SCHEMA), and it leaves everything else to js-yaml. Checked on a table of the writer's
// constructs and of YAML it must leave alone, on generated sidecars as the writer prints them,
// and on thousands of random edits of those (an edit that makes js-yaml read something else, or
// fail, must make the direct reader step aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { serializeSidecar } from '../../src/core/format';
import { loadYamlSubset } from '../../src/core/format/yaml-subset';
import type { Annotation, Sidecar } from '../../src/core/types';

/** js-yaml's value, or `undefined` when it throws. */
function jsYaml(text: string): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

/** The one property: accepted means js-yaml reads the very same value. */
function agrees(text: string): boolean {
  const quick = loadYamlSubset(text);
  if (quick === undefined) return true;
  assert.deepStrictEqual(quick, jsYaml(text), `read differently from js-yaml:\n${text}`);
  return true;
}

const READ: [string, string][] = [
  ['plain, numbers, dates', 'marginalia: 1\nsource: a.txt\nstart: 0\nend: 274\nupdated: 2026-11-01T00:06:00Z\nnote: C# and F#, 12:30 sharp\n'],
  ['null and booleans', 'a: null\nb: true\nc: False\nd:\ne: NULL\n'],
  ['text that is no number', 'a: 1.2.3\nb: 12abc\nc: .txt\nd: +x\ne: 2026-11-01\n'],
  ['double quotes and escapes', 'prefix: "irect supplies of Caucasian oil "\nsuffix: " a \\"q\\" \\\\ \\t \\n \\x41 \\u00e9 \\U0001F600 \\_ \\/"\n'],
  ['single quotes', "a: 'it''s # not: a comment'\nb: ''\n"],
  ['a folded block', 'quote: >-\n  Despite the fact that Yerevan\n  speaks, Pashinyan is aware\n\n  of the Kremlin\nnext: 1\n'],
  ['a folded block, clipped', 'quote: >\n  one\n  two\n'],
  ['a literal block', 'suffix: |-\n  .\n  Firstly, it gained\nx: |\n  a: b # c\n    indented\n'],
  ['a literal block, first line empty and indented', 'suffix: |-\n      \n      But while many\nx: 1\n'],
  ['a literal block with empty lines inside', 'a: |-\n  one\n\n  two\n\n\nb: 2\n'],
  ['annotations as the writer prints them', 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: a1\n    kind: note\n    tags: [x, y-z]\n\n  - id: a2\n    kind: claim\n    links:\n      - {rel: supports, to: ../desk-053/article-00053.txt#01m6a6ryz0}\n    review: {state: approved, by: Sam Okafor, at: 2026-11-30T10:00:00Z}\n    hypotheses: {h1: CC, h2: I}\n'],
  ['a list at its key\'s column', 'annotations:\n- id: a\n  kind: note\n- id: b\nsource: a.txt\n'],
  ['flow collections, empty and quoted', 'a: []\nb: {}\nc: ["x, y", \'z\']\nd: {k: "v: w", e: null, n: 5}\n'],
  ['spaces after keys and values', 'a:   b   \nc:    \n  - x   \n'],
  ['unicode text', 'quote: Rieshösil “peace” — 你好\n'],
  ['comment lines', '# Generated\nmarginalia: 1\n  # indented\nentities:\n# between\n  - id: a\n    # inside\n    name: A\n'],
  ['a comment-like line inside a block scalar', 'a: |\n  # not a comment\n  x\nb: 1\n'],
  ['keep-chomping', 'a: |+\n  x\n\n\nb: >+\n  y\n  z\n\nc: |+\n      \n\nd: |+\n\n'],
  ['a flow list in a flow mapping (a history entry of tags)', 'history:\n  - {at: 2026-01-01T00:01:00Z, by: Ann, field: tags, from: [t1, "seen: x"], to: []}\n  - {field: tags, to: [ a , b ]}\n'],
  ['flow mappings in a flow list', 'aliases: [{ text: the Trobresk talks, ignoreCase: true }, NWOH, {text: "x"}]\n'],
];

const LEFT: [string, string][] = [
  ['a comment after a value', 'a: 1 # one\n'],
  ['a comment after a key', 'a: # one\n  b: 1\n'],
  ['a comment line within a continued scalar', 'a: b\n  # c\n  d\n'],
  ['a flow mapping in a flow mapping', 'a: {b: {c: 1}}\n'],
  ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
  ['a tag', 'a: !!str 1\n'],
  ['a multi-line plain scalar', 'a: one\n  two\n'],
  ['a multi-line double-quoted scalar', 'a: "one\n  two"\n'],
  ['an escaped line break', 'a: "one\\\n  two"\n'],
  ['a multi-line flow collection', 'a: [x,\n  y]\n'],
  ['a nested flow collection', 'a: [x, [y]]\n'],
  ['a flow mapping in a flow list in a flow mapping', 'a: {b: [{c: 1}]}\n'],
  ['a flow list in a flow list in a flow mapping', 'a: {b: [x, [y]]}\n'],
  ['a flow list as a flow mapping\'s key', 'a: {[x]: y}\n'],
  ['text after a flow list in a flow mapping', 'a: {b: [x]y}\n'],
  ['a tab', 'a:\tb\n'],
  ['a carriage return', 'a: b\r\nc: d\r\n'],
  ['a byte-order mark', '\uFEFFa: b\n'],
  ['an emoji (a surrogate pair)', 'a: 😀\n'],
  ['a control character', 'a: b\u0007\n'],
  ['a duplicate key', 'a: 1\na: 2\n'],
  ['a duplicate flow key', 'a: {b: 1, b: 2}\n'],
  ['an indentation indicator', 'a: |2\n   x\n'],
  ['a folded block with a more indented line', 'a: >\n  x\n    y\n'],
  ['a block scalar line of spaces longer than its indentation', 'a: |\n  x\n     \n  y\n'],
  ['an empty block scalar', 'a: |\nb: 1\n'],
  ['an empty kept block scalar', 'a: |+\nb: 1\n'],
  ['kept line breaks up to the end of a text without a final one', 'a: |+\n  x\n\n '],
  ['hex, octal, exponent, sign, leading zero', 'a: 0x1F\n'],
  ['an octal', 'a: 0o17\n'],
  ['an exponent', 'a: 1e3\n'],
  ['a signed number', 'a: +1\n'],
  ['a negative number', 'a: -1\n'],
  ['a leading zero', 'a: 007\n'],
  ['a float', 'a: 1.5\n'],
  ['infinity', 'a: .inf\n'],
  ['a huge integer', 'a: 12345678901234567890\n'],
  ['a tilde', 'a: ~\n'],
  ['a quoted key', '"a": 1\n'],
  ['a key that reads as a boolean', 'true: 1\n'],
  ['an explicit key', '? a\n: 1\n'],
  ['a document marker', '---\na: 1\n'],
  ['a directive', '%YAML 1.2\n---\na: 1\n'],
  ['a list at the root', '- a\n- b\n'],
  ['a scalar at the root', 'hello\n'],
  ['an empty document', ''],
  ['a key followed by text and a colon', 'a: b: c\n'],
  ['a key without a space', 'a:b\n'],
  ['a value ending in a colon', 'a: b:\n'],
  ['a lone dash item', 'a:\n  -\n    b: 1\n'],
  ['a nested compact list', 'a:\n  - - x\n'],
  ['bad indentation', 'a: 1\n  b: 2\n'],
  ['an unclosed quote', 'a: "x\n'],
  ['an unknown escape', 'a: "\\q"\n'],
  ['a lone surrogate escape', 'a: "\\ud800"\n'],
  ['nesting deeper than a sidecar', 'a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h:\n        i:\n         j: 1\n'],
];

test('the writer\'s constructs are read, with js-yaml\'s values', () => {
  for (const [name, text] of READ) {
    const quick = loadYamlSubset(text);
    assert.notEqual(quick, undefined, `${name}: left to js-yaml`);
    assert.deepStrictEqual(quick, jsYaml(text), name);
  }
});

test('YAML outside the writer\'s shape is left to js-yaml', () => {
  for (const [name, text] of LEFT) assert.equal(loadYamlSubset(text), undefined, `${name}: read directly`);
});

// annotations as the extension writes them: words, sentences, the odd YAML-looking piece
const odd = fc.constantFrom('', ' ', '  ', 'yes', '~', 'null', 'true', '12', '0x1F', '1e3', '007', '-1', '.5', '2026-11-21', 'x: y', 'x:', '- a', '# c', ' #c', 'a#b', '"q"', "'", "''", '&a', '*a', '!t', '|', '>', '@', '`', '%', '{', '}', '[', ']', ',', '?', ':', 'é', '—', '\\', '\\n', '\n', '\n\n', ' \n', '\n ', '\u00a0', '\u2028', '\t', '---', '...');
const words = fc.array(fc.constantFrom('the', 'convoy', 'was', 'turned', 'back', 'at', 'river', 'minister', 'Rieshösil', '“peace”', 'C#', '12:30', 'a.b', 'x-y'), { minLength: 1, maxLength: 20 }).map((w) => w.join(' '));
const text = fc.oneof({ weight: 3, arbitrary: words }, { weight: 1, arbitrary: fc.array(fc.oneof(odd, words, fc.string({ maxLength: 4 })), { maxLength: 5 }).map((p) => p.join('')) });
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const annotation = (id: string): fc.Arbitrary<Annotation> =>
  fc.record(
    {
      id: fc.constant(id), kind: fc.constantFrom('claim', 'note', 'entity'), quote: text.filter((q) => q !== ''), prefix: text, suffix: text,
      start: fc.nat(100000), end: fc.nat(100000), status: fc.constantFrom('unverified', 'corroborated'), credibility: fc.integer({ min: 1, max: 6 }),
      entity: word, note: text, tags: fc.array(fc.oneof(word, text), { maxLength: 3 }), author: text, created: fc.constant('2026-11-01T00:06:00Z'), updated: word,
      links: fc.array(fc.record({ rel: fc.constantFrom('supports', 'contradicts'), to: fc.oneof(word.map((w) => `#${w}`), word.map((w) => `../d/b.txt#${w}`)) }), { maxLength: 2 }),
      review: fc.record({ state: fc.constantFrom('approved', 'rejected'), by: text, at: fc.constant('2026-11-30T10:00:00Z') }),
      replies: fc.uniqueArray(fc.record({ id: word, by: text, at: fc.constant('2026-11-30T11:00:00Z'), text }), { maxLength: 2, selector: (r) => r.id }),
      history: fc.array(
        fc.oneof(
          fc.record({ at: fc.constant('2026-11-29T10:00:00Z'), by: text, field: fc.constantFrom('status', 'note'), from: text, to: text }),
          fc.record({ at: fc.constant('2026-11-29T10:00:00Z'), by: text, field: fc.constant('tags'), from: fc.array(fc.oneof(word, text), { maxLength: 3 }), to: fc.array(fc.oneof(word, text), { maxLength: 3 }) }),
        ),
        { maxLength: 2 },
      ),
      hypotheses: fc.dictionary(word, fc.constantFrom('CC', 'C', 'N', 'I', 'II'), { maxKeys: 2 }),
    },
    { requiredKeys: ['id', 'kind', 'quote'] },
  ) as fc.Arbitrary<Annotation>;
const sidecar: fc.Arbitrary<Sidecar> = fc
  .uniqueArray(word, { maxLength: 4 })
  .chain((ids) => fc.tuple(...ids.map(annotation)))
  .map((annotations) => ({ marginalia: 1 as const, source: 'a.txt', annotations }));

test('generated sidecars as the writer prints them: read as js-yaml reads them, many directly', () => {
  let read = 0;
  let all = 0;
  fc.assert(
    fc.property(sidecar, (s) => {
      const yaml = serializeSidecar(s);
      all++;
      if (loadYamlSubset(yaml) !== undefined) read++;
      return agrees(yaml);
    }),
    { numRuns: 600, seed: 15 },
  );
  // the odd pieces (tabs, line separators, keep-chomped text) send some to js-yaml, not all
  assert.ok(read > all * 0.3, `${read} of ${all} read directly`);
});

test('plain sidecars of words are all read directly', () => {
  const plain = sidecar.map((s) => ({ ...s, annotations: s.annotations.map((a) => ({ id: a.id, kind: a.kind, quote: 'the convoy was turned back at the river', note: 'Check against the ministry’s own statement.', start: a.start, end: a.end })) }));
  fc.assert(fc.property(plain, (s) => loadYamlSubset(serializeSidecar(s)) !== undefined), { numRuns: 100, seed: 15 });
});

// random edits of a printed sidecar: characters that matter to YAML, put anywhere, lines cut,
// doubled or shifted; each edit either keeps the agreement or sends the text to js-yaml
const SIGNIFICANT = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', '\n# c\n', '\n  #\n', '{a: b}', ', {a: b}', '"', "'", '\\', '[', ']', '{', '}', ',', '|', '>', '|-', '>-', '&', '*', '!', '?', '%', '~', '0', '1', '.', 'e', 'x', 'null', 'true', '\t', '\r'];
const edit = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...SIGNIFICANT)).map(([at, s]) => (t: string) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })).map(([at, n]) => (t: string) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + n)),
  fc.nat().map((k) => (t: string) => {
    const lines = t.split('\n');
    const i = k % lines.length;
    lines.splice(i, 0, lines[i]);
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })).map(([k, d]) => (t: string) => {
    const lines = t.split('\n');
    const i = k % lines.length;
    lines[i] = d > 0 ? ' '.repeat(d) + lines[i] : lines[i].slice(Math.min(-d, lines[i].length - lines[i].trimStart().length));
    return lines.join('\n');
  }),
);

test('edited sidecars: whatever is read directly is read as js-yaml reads it', () => {
  // printing is the slow part: a few hundred sidecars, each edited many ways
  const printed = fc.sample(sidecar, { numRuns: 300, seed: 1515 }).map((s) => serializeSidecar(s));
  let read = 0;
  fc.assert(
    fc.property(fc.nat(printed.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), (k, edits) => {
      const t = edits.reduce((x, e) => e(x), printed[k]);
      if (loadYamlSubset(t) !== undefined) read++;
      return agrees(t);
    }),
    { numRuns: 6000, seed: 1515 },
  );
  // the edits that keep a text in the writer's shape are the ones that test the agreement
  assert.ok(read > 500, `only ${read} edited texts read directly`);
});
