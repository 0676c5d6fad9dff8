// Files from git are hostile input, and nothing may take more than linear time (issue 8). Two
// paths were quadratic in the keys of one mapping: the yaml package's duplicate-key check
// (`uniqueKeys: true` compares each key with every key before it: 40,000 keys, 8 s), which
// parseLocated now does in linear time (yamlutil.ts uniqueKeys), and the merge's buildMap,
// which looked each key up on each side with a scan (8,000 keys, 7 s). A third was found on the
// way: each finding's position looked its key up with a scan of its map (20,000 bad field names
// in one annotation, 5.6 s). None may change any result: the errors are the package's own (message, position, order), compared here with
// `uniqueKeys: true` on a table and on random mappings; buildMap is compared with its old scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { parseSidecar } from '../../src/core/format';
import { keyName, nodeAt, pairOf, parseLocated } from '../../src/core/format/yamlutil';
import { mergeTexts } from '../../src/core/merge';
import { buildMap, mergedKeyOrder, pickSide, sig, type SideName, type Sides } from '../../src/core/merge/nodes';
import type { Rec } from '../../src/core/merge/record-merge';
import { eq } from '../../src/core/merge/values';

/** The yaml package's own reading, as parseLocated read before: `uniqueKeys: true`. */
function reference(text: string): YAML.Document.Parsed {
  return YAML.parseDocument(text, { lineCounter: new YAML.LineCounter(), prettyErrors: false, uniqueKeys: true, strict: true, schema: 'core' });
}

const shown = (es: readonly YAML.YAMLError[]) => es.map((e) => ({ code: e.code, message: e.message, pos: e.pos }));

/** parseLocated's document has the errors and warnings of `uniqueKeys: true`, in the same order. */
function agrees(text: string): void {
  const ref = reference(text);
  const loc = parseLocated(text, 'f.yaml');
  assert.ok(loc.doc, `no document for:\n${text}`);
  assert.deepStrictEqual(shown(loc.doc.errors), shown(ref.errors), `errors differ for:\n${text}`);
  assert.deepStrictEqual(shown(loc.doc.warnings), shown(ref.warnings), `warnings differ for:\n${text}`);
  assert.equal(loc.doc.options.uniqueKeys, true);
  if (ref.errors.length === 0) assert.equal(printed(loc.doc), printed(ref), `documents differ for:\n${text}`);
}

/** The document as printed, or why it cannot be (an alias without its anchor). */
function printed(doc: YAML.Document): string {
  try {
    return String(doc);
  } catch (e) {
    return `cannot print: ${(e as Error).message}`;
  }
}

const dupCount = (text: string) => reference(text).errors.filter((e) => e.code === 'DUPLICATE_KEY').length;

const many = (n: number, key = (i: number) => `k${i}`) => Array.from({ length: n }, (_, i) => `${key(i)}: ${i}\n`).join('');

// [name, text, how many DUPLICATE_KEY errors the package reports]
const TABLE: [string, string, number][] = [
  ['a repeated key', 'a: 1\nb: 2\na: 3\n', 1],
  ['three times', 'a: 1\na: 2\na: 3\n', 2],
  ['no repeat', 'a: 1\nb: 2\n', 0],
  ['nested map', 'top:\n  x: 1\n  y: 2\n  x: 3\nother:\n  x: 1\n', 1],
  ['same key in sibling maps is fine', 'p:\n  x: 1\nq:\n  x: 1\n', 0],
  ['flow map', 'a: {b: 1, c: 2, b: 3}\n', 1],
  ['flow map at the top', '{a: 1, a: 2}\n', 1],
  ['flow keys without values', 'a: {x, y, x}\n', 1],
  ['quoted and plain', 'a: 1\n"a": 2\n\'a\': 3\n', 2],
  ['1 and "1" differ', '1: a\n"1": b\n', 0],
  ['1 and 0x1 are both the number 1', '1: a\n0x1: b\n', 1],
  ['1 and 1.0', '1: a\n1.0: b\n', 1],
  ['0 and -0', '0: a\n-0: b\n', 1],
  ['true and True', 'true: a\nTrue: b\n', 1],
  ['true and "true" differ', 'true: a\n"true": b\n', 0],
  ['null, ~ and an empty key', 'null: a\n~: b\n: c\n', 2],
  ['.nan never equals .nan', '.nan: a\n.nan: b\n', 0],
  ['.inf twice', '.inf: a\n.inf: b\n', 1],
  ['collection keys never equal', '? [a]\n: 1\n? [a]\n: 2\n', 0],
  ['flow collection keys never equal', '{[a]: 1, [a]: 2}\n', 0],
  ['alias keys never equal', 'x: &k a\n*k : 1\n*k : 2\n', 0],
  ['explicit keys', '? a\n: 1\n? a\n: 2\n', 1],
  ['tagged string and plain', '!!str 1: a\n"1": b\n', 1],
  ['in a sequence of maps', 'l:\n  - {id: a, id: b}\n  - id: a\n    kind: x\n    kind: y\n', 2],
  ['flow pairs in a sequence are maps of their own', 'l: [a: 1, a: 2]\n', 0],
  ['a duplicate among other errors', 'a: 1\na: [\nb: "x\n', dupCount('a: 1\na: [\nb: "x\n')],
  ['a duplicate after a bad value', 'a: "unclosed\nb: 1\nb: 2\n', dupCount('a: "unclosed\nb: 1\nb: 2\n')],
  ['a bad value in a flow map before the duplicate', '{a: 1, a: [x}\n', dupCount('{a: 1, a: [x}\n')],
  ['a second document', 'a: 1\na: 2\n---\nb: 1\nb: 2\n', 1],
  ['a large map without repeats', many(200), 0],
  ['a large map with repeats', many(200, (i) => `k${i % 150}`), 50],
  ['a large map repeating its first key last', `${many(100)}k0: again\n`, 1],
  ['a large flow map with repeats', `{${Array.from({ length: 200 }, (_, i) => `k${i % 120}: ${i}`).join(', ')}}\n`, 80],
  ['a large map of 1 and "1"', many(100, (i) => (i % 2 ? `"${i >> 1}"` : `${i >> 1}`)), 0],
  ['a large map holding small maps with repeats', many(100).replace('k5: 5\n', 'k5:\n  a: 1\n  a: 2\n'), 1],
  ['small maps after a large one', `big:\n${many(100).replace(/^/gm, '  ')}small:\n  a: 1\n  a: 2\n`, 1],
];

test('duplicate keys: the errors of `uniqueKeys: true`, message, position and order', () => {
  for (const [name, text, dups] of TABLE) {
    assert.equal(dupCount(text), dups, `${name}: the table's count`);
    agrees(text);
  }
});

test('a duplicate key is a problem at the repeated key, as before', () => {
  const loc = parseLocated('a: 1\nb:\n  c: 1\n  "c": 2\n', 'f.yaml');
  assert.deepStrictEqual(loc.problems, [{ file: 'f.yaml', line: 4, column: 3, message: 'YAML: Map keys must be unique', severity: 'error' }]);
  assert.equal(loc.value, undefined);
  const flow = parseLocated('x: {a: 1,  a: 2}\n', 'f.yaml');
  assert.deepStrictEqual(flow.problems.map((p) => [p.line, p.column, p.message]), [[1, 12, 'YAML: Map keys must be unique']]);
});

test('a sidecar with a repeated key in a large annotation is refused, at the key', () => {
  const extra = Array.from({ length: 300 }, (_, i) => `    x${i}: v\n`).join('');
  const text = `marginalia: 1\nsource: a.txt\nannotations:\n  - id: a1\n    kind: note\n    quote: x\n${extra}    x7: again\n`;
  const p = parseSidecar(text, 'a.txt.annotations.yaml');
  assert.equal(p.writable, false);
  assert.deepStrictEqual(p.problems.map((x) => [x.line, x.column, x.message, x.severity]), [[307, 5, 'YAML: Map keys must be unique', 'error']]);
  const clean = parseSidecar(text.replace('x7: again', 'x7b: again'), 'a.txt.annotations.yaml');
  assert.equal(clean.writable, true, JSON.stringify(clean.problems));
});

test('findings on many keys of one map are placed at their keys, the first of a repeated name', () => {
  const n = 3000;
  let text = 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: a1\n    kind: note\n    quote: x\n';
  for (let k = 0; k < n; k++) text += `    "x\\tk${k}": v\n`;
  const p = parseSidecar(text, 'a.txt.annotations.yaml');
  assert.equal(p.problems.length, n);
  assert.deepStrictEqual(
    p.problems.map((x) => [x.line, x.column]),
    Array.from({ length: n }, (_, k) => [7 + k, 5]),
  );
  // `1` and "1" are both the name "1" for a finding: the first pair is meant, as a scan finds it
  const loc = parseLocated('top:\n  1: a\n  "1": b\n  null: c\n', 'f.yaml');
  for (const [path, key] of [[['top', '1'], false], [['top', '1'], true], [['top', 'null'], false], [['top', 'nope'], false]] as const) {
    const before = loc.problems.length;
    loc.report({ path: [...path], key, message: 'm', severity: 'error' });
    const node = nodeAt(loc.doc, [...path], key) as YAML.Node;
    const pos = loc.lines.linePos(node.range![0]);
    assert.deepStrictEqual([loc.problems[before].line, loc.problems[before].column], [pos.line, pos.col], JSON.stringify(path));
  }
  assert.deepStrictEqual(loc.problems.map((x) => [x.line, x.column]), [[2, 6], [2, 3], [4, 9], [2, 3]]);
});

// Keys spelled so that some are equal for the package and some only look alike.
const KEYS = ['a', '"a"', "'a'", 'b', '1', '"1"', '0x1', '1.0', '0', '-0', 'true', 'True', '"true"', 'null', '~', '', '.nan', '.inf', '[a]', '{a: 1}', '? c\n', 'k0', 'k1'];
const VALUES = ['1', 'x', '"s"', '[1, 2]', '{p: 1, p: 2}', '{p: 1, q: 2}', '"unclosed', '[', '*nope', '&an v'];

const blockMap = (depth: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...KEYS),
        depth > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: blockMap(depth - 1) }) : fc.constantFrom(...VALUES),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((pairs) =>
      pairs
        .map(([k, v]) => {
          const key = k.startsWith('?') ? k : `${k}: `;
          const val = v.includes('\n') ? `\n${v.replace(/^/gm, '  ').trimEnd()}` : v;
          return k.startsWith('?') ? `${key}: ${v.includes('\n') ? '{}' : v}` : `${key}${val}`.trimEnd();
        })
        .join('\n') + '\n',
    );

const flowMap = fc
  .array(fc.tuple(fc.constantFrom(...KEYS.filter((k) => !k.startsWith('?'))), fc.constantFrom(...VALUES)), { minLength: 1, maxLength: 8 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}\n`);

// a map past the size where the check answers at once, from a small pool so keys repeat
const largeMap = fc
  .tuple(fc.integer({ min: 60, max: 160 }), fc.integer({ min: 40, max: 200 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 4 }))
  .map(([n, pool, flow, bad]) => {
    const keys = Array.from({ length: n }, (_, i) => (i * 7919) % pool).map((k) => (k % 3 === 0 ? `"k${k}"` : `k${k}`));
    const vals = keys.map((_, i) => (bad.includes(i) ? VALUES[i % VALUES.length] : `${i}`));
    return flow ? `{${keys.map((k, i) => `${k}: ${vals[i]}`).join(', ')}}\n` : keys.map((k, i) => `${k}: ${vals[i]}`).join('\n') + '\n';
  });

test('random mappings: the same errors as `uniqueKeys: true`', () => {
  fc.assert(
    fc.property(
      fc.oneof(blockMap(2), flowMap, largeMap, fc.tuple(blockMap(1), largeMap).map(([a, b]) => `${a}---\n${b}`), fc.tuple(largeMap, blockMap(1)).map(([a, b]) => `${a}---\n${b}`)),
      (text) => {
        agrees(text);
      },
    ),
    { numRuns: 600, seed: 0x9a11 },
  );
});

/** buildMap as it was: each key looked up on each side with `pairOf`, a scan. */
function buildMapByScan(maps: Sides<YAML.YAMLMap>, recs: Sides<Rec>, merged: Rec, keys: readonly string[], fresh: (key: string, value: unknown, old: unknown) => unknown): YAML.YAMLMap {
  const map = new YAML.YAMLMap();
  for (const key of keys) {
    const v = merged[key];
    if (v === undefined) continue;
    const pairs: Sides<YAML.Pair> = { b: maps.b && pairOf(maps.b, key), o: maps.o && pairOf(maps.o, key), t: maps.t && pairOf(maps.t, key) };
    const same = (s: SideName) => pairs[s] !== undefined && recs[s] !== undefined && eq(recs[s]![key], v);
    const ref = sig(pairs.b);
    const keep = pickSide(ref, same('o') ? sig(pairs.o) : undefined, same('t') ? sig(pairs.t) : undefined) ?? (same('b') ? 'b' : undefined);
    if (keep) {
      map.items.push(pairs[keep]!);
      continue;
    }
    const from = pickSide(ref, sig(pairs.o), sig(pairs.t)) ?? (pairs.b ? 'b' : undefined);
    const old = from ? pairs[from]! : undefined;
    const node = fresh(key, v, old?.value);
    map.items.push(new YAML.Pair(old?.key ?? new YAML.Scalar(key), node === undefined ? old?.value : node));
  }
  return map;
}

/** Runs one buildMap on fresh parses (it moves the sides' nodes) and prints the map it makes. */
function built(build: typeof buildMapByScan, texts: Sides<string>, merged: Rec): string {
  const docs: Sides<YAML.Document> = {};
  const maps: Sides<YAML.YAMLMap> = {};
  const recs: Sides<Rec> = {};
  for (const s of ['b', 'o', 't'] as const) {
    if (texts[s] === undefined) continue;
    // duplicate keys kept (the package warns no more); the record is the first of each key
    const doc = YAML.parseDocument(texts[s]!, { uniqueKeys: false, schema: 'core' });
    docs[s] = doc;
    maps[s] = doc.contents as YAML.YAMLMap;
    const rec: Rec = {};
    for (const p of maps[s]!.items) {
      const k = keyName(p as YAML.Pair);
      if (k !== undefined && !(k in rec)) rec[k] = (p.value as YAML.Node | null)?.toJSON() ?? null;
    }
    recs[s] = rec;
  }
  const fresh = (_key: string, value: unknown) => (value === 'fresh' ? undefined : new YAML.Document().createNode(value));
  const map = build(maps, recs, merged, mergedKeyOrder(merged, maps), fresh);
  const out = new YAML.Document();
  out.contents = map as never;
  return String(out);
}

test('buildMap: the pairs the old scan chose, repeated keys included (the first of a key)', () => {
  const cases: [Sides<string>, Rec][] = [
    [{ b: 'a: 1\nb: 2\n', o: 'a: 1\nb: 3 # ours\n', t: 'a: 5\nb: 2\n' }, { a: 5, b: 3 }],
    // `1` and "1" are one field for the merge (keyName "1"); the first pair is the field's
    [{ b: '1: x\n"1": y\n', o: '"1": y # o\n1: x\n', t: '1: x # t\n"1": z\n' }, { 1: 'x' }],
    [{ o: 'k: 1 # first\nk: 2 # second\nm: 0\n', t: 'k: 1 # theirs\nk: 9\n' }, { k: 1, m: 0 }],
    [{ b: 'k: 1\nk: 2\n', o: 'k: 2 # o\nk: 1\n', t: 'k: 1\nk: 3 # t\n' }, { k: 2, n: 'fresh', z: [1] }],
    [{ b: 'null: 1\n~: 2\n', o: '~: 1 # o\n', t: 'null: 3\n' }, { null: 3 }],
  ];
  for (const [texts, merged] of cases) assert.equal(built(buildMap, texts, merged), built(buildMapByScan, texts, merged), JSON.stringify(texts));
  const side = fc.array(fc.tuple(fc.constantFrom('a', 'b', '"a"', '1', '"1"', 'null', '~'), fc.constantFrom('1', '2', 'x', '1 # c', '[1]')), { maxLength: 6 }).map((ps) => (ps.length ? ps.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n' : '{}\n'));
  fc.assert(
    fc.property(fc.option(side, { nil: undefined }), side, side, fc.dictionary(fc.constantFrom('a', 'b', '1', 'null', 'c'), fc.constantFrom(1, 2, 'x', 'fresh', [1])), (b, o, t, merged) => {
      const texts = { b, o, t };
      assert.equal(built(buildMap, texts, merged), built(buildMapByScan, texts, merged), JSON.stringify(texts));
    }),
    { numRuns: 300, seed: 0x6d4d },
  );
});

test('a merge of an annotation with thousands of keys keeps them all, one side’s changes taken', () => {
  const side = (n: number, mark: string) =>
    `marginalia: 1\nsource: a.txt\nannotations:\n  - id: a1\n    kind: note\n    quote: x\n` + Array.from({ length: n }, (_, i) => `    x${i}: v${i}${i % 500 === 0 ? mark : ''}\n`).join('');
  const n = 4000;
  const r = mergeTexts('sidecar', side(n, ''), side(n, 'o'), side(n, ''), 'a.txt.annotations.yaml');
  assert.deepStrictEqual(r.problems, []);
  assert.equal(r.conflicts, 0);
  const back = parseSidecar(r.text!, 'a.txt.annotations.yaml');
  assert.equal(back.writable, true);
  const fields = (back.doc!.toJS() as { annotations: Record<string, unknown>[] }).annotations[0];
  assert.equal(fields.x0, 'v0o');
  assert.equal(fields.x3999, 'v3999');
});
