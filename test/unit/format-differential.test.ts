// The fast readers (js-yaml, for indexing) and the careful ones (yaml, with positions) apply one
// set of rules (issue 8). Proven here on generated files, valid and mutated to be invalid in
// many ways: the fast path accepts exactly the files the careful path reads without a single
// problem, and gives the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { dump } from 'js-yaml';
import { parseSidecar, parseWorkspace, readSidecarFast, readWorkspaceFast, serializeSidecar } from '../../src/core/format';
import { CLAIM_STATUSES, KINDS, LINK_RELS, type Annotation, type Sidecar } from '../../src/core/types';

const FILE = 'notes/a.txt.annotations.yaml';
type Obj = Record<string, unknown>;

// text with the characters that make YAML and the rules interesting
const odd = fc.constantFrom('', ' ', 'yes', 'no', '~', 'null', '1234', '0x1F', '1e3', '.inf', '2026-11-21', 'x: y', '- a', '# c', '"q"', "'", '&a', '*a', '!t', '|', '>', '@', '`', '%', '{', '[', ']', ',', '?', 'é', '😀', '\t', '\n', '\r\n', '\u001b[31m', '\u0085', '\u2028', '\u202e', '\u0000', '\u007f', '::error ', '<<<<<<< ', 'a#b', '../x', '/etc/x', 'command:x');
const text = fc.array(fc.oneof(odd, fc.string({ maxLength: 6 })), { maxLength: 4 }).map((p) => p.join(''));
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

const link = fc.record({ rel: fc.constantFrom(...LINK_RELS), to: fc.oneof(word.map((w) => `#${w}`), word.map((w) => `b.txt#${w}`)) });
// history entries (issue 9): from/to may be any value a field held, or absent
const fieldValue = fc.oneof(text, fc.integer({ min: 1, max: 6 }), fc.array(word, { maxLength: 2 }), fc.array(link, { maxLength: 1 }));
const historyEntry = fc.record(
  { at: fc.oneof(word, fc.constant('2026-11-29T10:00:00Z')), by: fc.oneof(word, text), field: fc.constantFrom('status', 'note', 'tags', 'links', 'quote', 'review', 'x'), from: fieldValue, to: fieldValue },
  { requiredKeys: ['at', 'by', 'field'] },
);
// the review loop (issue 11): a verdict, and replies with unique ids and prose text
const review = fc.record({ state: fc.constantFrom('approved', 'rejected', 'changes-requested'), by: fc.oneof(word, text), at: fc.oneof(word, fc.constant('2026-11-30T10:00:00Z')) });
const replies = fc.uniqueArray(fc.record({ id: word, by: fc.oneof(word, text), at: fc.oneof(word, fc.constant('2026-11-30T11:00:00Z')), text }), { maxLength: 3, selector: (r) => r.id });
const annotation = (id: string): fc.Arbitrary<Annotation> =>
  fc.record(
    {
      id: fc.constant(id), kind: fc.constantFrom(...KINDS), quote: text.filter((q) => q !== ''), prefix: text, suffix: text,
      start: fc.nat(1000), end: fc.nat(1000), status: fc.constantFrom(...CLAIM_STATUSES), credibility: fc.integer({ min: 1, max: 6 }),
      entity: word, note: text, tags: fc.array(word, { maxLength: 3 }), links: fc.array(link, { maxLength: 2 }), author: word, created: word, updated: word,
      updatedBy: fc.oneof(word, text), history: fc.array(historyEntry, { maxLength: 3 }),
      review: review as fc.Arbitrary<Annotation['review'] & object>, replies,
      // issue 13: ACH ratings (valid or a bad rating/id) and `when` (dates, partial, ranges, odd text)
      hypotheses: fc.dictionary(fc.oneof(word, text), fc.oneof(fc.constantFrom('CC', 'C', 'N', 'I', 'II'), fc.constantFrom('X', 'c', '')), { maxKeys: 3 }) as fc.Arbitrary<Annotation['hypotheses']>,
      when: fc.oneof(fc.constantFrom('2024', '2024-09', '2024-09-01', '2024-09-01/2024-09-03', '2024/2025', '2024-02-30', '2025/2024', '24-09'), text),
    },
    { requiredKeys: ['id', 'kind', 'quote'] },
  ).map((a) => {
    if (a.start !== undefined && a.end !== undefined && a.end < a.start) [a.start, a.end] = [a.end, a.start];
    if (a.kind !== 'claim') delete a.status;
    return a as Annotation;
  });
const sidecar: fc.Arbitrary<Sidecar> = fc
  .uniqueArray(word, { maxLength: 4 })
  .chain((ids) => fc.tuple(fc.tuple(...ids.map(annotation)), fc.option(fc.constantFrom('A', 'C', 'F'), { nil: undefined })))
  .map(([annotations, reliability]) => ({ marginalia: 1 as const, source: 'a.txt', ...(reliability ? { reliability } : {}), annotations }));

// values a mutation puts where a valid one was
const badValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 7, 1.5, '', ' ', 'maybe', [], {}, ['x', ['y']], { x: 1 }, 'G', 'command:x#y', '/etc/passwd#x', 'b.txt', '../secret.txt', 'sub/a.txt'),
  text,
  fc.constant(null).map(() => deep(70)),
  fc.constant(null).map(() => deep(10)),
);
function deep(n: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

/** Paths of every place in a plain value, to pick one to mutate. */
function places(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => places(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) places((v as Obj)[k], [...path, k], out);
  return out;
}

type Mutation = (v: Obj) => Obj;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // replace a value anywhere
  fc.tuple(fc.nat(), badValue).map(([i, bad]) => (v: Obj) => {
    const all = places(v).filter((p) => p.length > 0);
    if (!all.length) return v;
    const p = all[i % all.length];
    const copy = structuredClone(v);
    let o = copy as Obj;
    for (const k of p.slice(0, -1)) o = o[k as string] as Obj;
    o[p[p.length - 1] as string] = bad;
    return copy;
  }),
  // add a key somewhere a map is
  fc.tuple(fc.nat(), fc.oneof(word, fc.constantFrom('conflicts', 'x\u001bq', 'a\nb', 'links', 'status', 'id', 'history', 'updatedBy')), badValue).map(([i, key, bad]) => (v: Obj) => {
    const copy = structuredClone(v);
    const maps = places(copy).map((p) => p.reduce<unknown>((o, k) => (o as Obj)[k as string], copy)).filter((o) => o && typeof o === 'object' && !Array.isArray(o));
    (maps[i % maps.length] as Obj)[key] = bad;
    return copy;
  }),
  // remove a key
  fc.nat().map((i) => (v: Obj) => {
    const all = places(v).filter((p) => p.length > 0 && typeof p[p.length - 1] === 'string');
    if (!all.length) return v;
    const p = all[i % all.length];
    const copy = structuredClone(v);
    let o = copy as Obj;
    for (const k of p.slice(0, -1)) o = o[k as string] as Obj;
    delete o[p[p.length - 1] as string];
    return copy;
  }),
  // a conflict left by a merge, valid or not for its field
  fc.tuple(fc.nat(), fc.constantFrom('status', 'kind', 'note', 'id', 'quote', 'x', 'annotation', 'history', 'updatedBy'), badValue, fc.boolean()).map(([i, field, bad, good]) => (v: Obj) => {
    const copy = structuredClone(v);
    const list = (copy.annotations ?? copy.entities) as unknown;
    const item = Array.isArray(list) && list.length ? list[i % list.length] : copy;
    const target = (item && typeof item === 'object' && !Array.isArray(item) ? item : copy) as Obj;
    target.conflicts = [{ field, values: [{ value: good ? 'disputed' : bad }, { deleted: true }] }];
    return copy;
  }),
  // a duplicate id
  fc.nat().map((i) => (v: Obj) => {
    const copy = structuredClone(v);
    const list = (copy.annotations ?? copy.entities) as unknown;
    if (Array.isArray(list) && list.length) list.push(structuredClone(list[i % list.length]));
    return copy;
  }),
);

// three ways to write the same value: Marginalia's writer (sidecars only), yaml, js-yaml
const writers: ((v: Obj) => string)[] = [
  (v) => YAML.stringify(v),
  (v) => YAML.stringify(v, { collectionStyle: 'flow' }),
  (v) => dump(v),
];

// the fast path also declines a `!` where a YAML tag may start (`tags: [a, !b]`), leaving the
// file to the careful path: the only files it declines that the careful path reads cleanly
const MAYBE_TAG = /(?:^[ \t]*|[:\-?,[{][ \t]*)!/m;

/** The disagreement between the two paths on a text, or null when they agree. */
function disagreement(textIn: string, careful: { problems: unknown[]; value: unknown }, fast: unknown): string | null {
  if (careful.problems.length === 0) {
    if (fast === null && MAYBE_TAG.test(textIn)) return null;
    try {
      assert.deepEqual(fast, careful.value);
      return null;
    } catch {
      return `fast path declined or differs on a clean file:\n${textIn}\nfast: ${JSON.stringify(fast)}`;
    }
  }
  return fast === null ? null : `fast path accepted a file with problems ${JSON.stringify(careful.problems)}:\n${textIn}`;
}

function agree(textIn: string): void {
  const careful = parseSidecar(textIn, FILE);
  const why = disagreement(textIn, { problems: careful.problems, value: careful.sidecar }, readSidecarFast(textIn, FILE));
  assert.equal(why, null);
}

/** fc.assert, but the failure message shows the file the two paths disagree on. */
function check<T>(property: fc.IProperty<T>, params: fc.Parameters<T>): void {
  const r = fc.check(property, params);
  if (r.failed) assert.fail(`${r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance)}\n(seed ${r.seed}, path ${r.counterexamplePath})`);
}

test('sidecars: fast and careful readers accept the same files with the same values (generated)', () => {
  check(
    fc.property(sidecar, fc.nat(writers.length), fc.array(mutation, { maxLength: 2 }), (s, w, ms) => {
      let v = JSON.parse(JSON.stringify(s)) as Obj;
      for (const m of ms) v = m(v);
      const out = w === writers.length ? (ms.length ? YAML.stringify(v) : serializeSidecar(s)) : writers[w](v);
      agree(out);
    }),
    { numRuns: 400, seed: 8 },
  );
});

test('sidecars: text-level hostility (aliases, deep nesting, explicit keys, tags) is refused alike', () => {
  const base = 'marginalia: 1\nsource: a.txt\n';
  for (const t of [
    `${base}x: &a 1\ny: *a\n`,
    `${base}annotations:\n  - {id: n1, kind: note, quote: q, tags: &t [a]}\n  - {id: n2, kind: note, quote: q, tags: *t}\n`,
    `${base}deep: ${'['.repeat(70)}${']'.repeat(70)}\n`,
    `${base}deep:\n${'- '.repeat(3000)}x\n`,
    `${base}? [a, b]\n: c\n`,
    `${base}x: !!binary aGVsbG8=\n`,
    `${base}x: !custom 1\n`,
    `%YAML 1.1\n---\n${base}`,
    `${base}---\nmarginalia: 1\n`,
  ]) agree(t);
});

const entity = (id: string) =>
  fc.record(
    { id: fc.constant(id), name: text.filter((n) => n.trim() !== ''), type: fc.constantFrom('person', 'place', 'unit'), aliases: fc.array(fc.oneof(text, fc.record({ text, ignoreCase: fc.boolean() })), { maxLength: 3 }), note: text },
    { requiredKeys: ['id', 'name'] },
  );
const hypothesis = fc.record({ id: fc.oneof(word, fc.constantFrom('h1', 'h1')), text: fc.oneof(text, word), note: text }, { requiredKeys: ['id', 'text'] });
const registry = fc
  .uniqueArray(word, { maxLength: 4 })
  .chain((ids) => fc.tuple(fc.tuple(...ids.map(entity)), fc.array(text, { maxLength: 2 }), fc.boolean(), fc.option(fc.array(hypothesis, { maxLength: 3 }), { nil: undefined })))
  .map(([entities, cues, custom, hypotheses]) => ({ marginalia: 1, ...(custom ? { entityTypes: ['unit'] } : {}), entities, cues, ...(hypotheses ? { hypotheses } : {}) }));

test('registries: fast and careful readers accept the same files with the same values (generated)', () => {
  check(
    fc.property(registry, fc.nat(writers.length - 1), fc.array(mutation, { maxLength: 2 }), (r, w, ms) => {
      let v = JSON.parse(JSON.stringify(r)) as Obj;
      for (const m of ms) v = m(v);
      const out = writers[w](v);
      const careful = parseWorkspace(out, 'marginalia.yaml');
      assert.equal(disagreement(out, { problems: careful.problems, value: careful.config }, readWorkspaceFast(out)), null);
    }),
    { numRuns: 400, seed: 8 },
  );
});
