// The registry merge's quick path (core/merge/registry-blocks.ts, issue 15): where each entity
// and the rest of the file were changed on one side at most, the merged file is made of the
// sides' own lines. Held to the careful merge (registry-merge.ts mergeRegistryDocuments) on
// generated histories: the same value, either way round, and the same text where the sides are
// as the writer prints them (a comment above an entity stays above it, where the careful merge
// takes one above the list's first entity for the list's); never taken where the careful merge
// finds a conflict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { PRINT_OPTIONS } from '../../src/core/format/yamlutil';
import { loadWritten } from '../../src/core/format/sidecar-plain';
import { mergeRegistryTexts } from '../../src/core/merge';
import { mergeRegistryDocuments, mergeRegistryQuick } from '../../src/core/merge/registry-merge';
import { canon } from '../../src/core/merge/values';

const W = 'marginalia.yaml';

interface Ent {
  id: string;
  name: string;
  type: string;
  aliases?: (string | { text: string; ignoreCase: true })[];
  note?: string;
}

const word = fc.constantFrom('Vosilich', 'the words', 'said: he', '"quoted"', 'C# 1', 'line\nbreak', 'Zhesı Lötádrek', '1', 'null', '- item', 'a'.repeat(120));
const alias = fc.oneof(fc.constantFrom('A', 'the B', 'Ö'), fc.constantFrom('the talks', 'NWOH').map((text) => ({ text, ignoreCase: true as const })));
const entity = (id: string) =>
  fc.record(
    { id: fc.constant(id), name: word, type: fc.constantFrom('person', 'organization', 'unit'), aliases: fc.array(alias, { minLength: 1, maxLength: 3 }), note: word },
    { requiredKeys: ['id', 'name', 'type'] },
  );
const IDS = Array.from({ length: 12 }, (_, k) => `e${k}`);
const base = fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 9 }).chain((ids) => fc.tuple(...ids.map(entity)));

const TYPES = '[person, organization, unit]';

/** What one side does to one entity. */
const edit = fc.oneof({ arbitrary: fc.constant('keep'), weight: 12 }, fc.constantFrom('rename', 'alias', 'note', 'delete', 'comment'));
const sideOf = (list: Ent[]) =>
  fc.tuple(fc.array(edit, { minLength: list.length, maxLength: list.length }), fc.array(entity('new'), { maxLength: 2 }), fc.nat(), fc.oneof({ arbitrary: fc.constant(TYPES), weight: 4 }, fc.constant(`${TYPES.slice(0, -1)}, vessel]`))).map(([edits, added, at, types]) => {
    const out: (Ent & { comment?: string })[] = [];
    list.forEach((e, k) => {
      const x = edits[k];
      if (x === 'delete') return;
      if (x === 'rename') out.push({ ...e, name: `${e.name} Jr` });
      else if (x === 'alias') out.push({ ...e, aliases: [...(e.aliases ?? []), 'Added'] });
      else if (x === 'note') out.push({ ...e, note: 'checked twice' });
      else if (x === 'comment') out.push({ ...e, comment: ` seen in ${e.id}` });
      else out.push(e);
    });
    // new entities, with ids of their own per side (the same id on both sides is a conflict)
    added.forEach((e, k) => out.splice(at % (out.length + 1), 0, { ...e, id: `n${k}-${at % 7}` }));
    return { entities: out, types };
  });

/** A registry as the writer prints it (the yaml package, PRINT_OPTIONS; an `ignoreCase` alias as a flow map, format/workspace.ts aliasNode). */
function print(r: { entities: (Ent & { comment?: string })[]; types: string }): string {
  const doc = new YAML.Document({ marginalia: 1, entityTypes: YAML.parse(r.types), entities: r.entities.map(({ comment: _, ...e }) => e) });
  const list = doc.get('entities') as YAML.YAMLSeq;
  list.items.forEach((item, k) => {
    const m = item as YAML.YAMLMap;
    const a = m.get('aliases', true);
    if (YAML.isSeq(a)) for (const x of a.items) if (YAML.isMap(x)) x.flow = true;
    if (r.entities[k].comment) m.commentBefore = r.entities[k].comment;
  });
  return doc.toString(PRINT_OPTIONS);
}

const valueOf = (text: string | null) => (text === null ? null : canon(loadWritten(text)));

test('the quick registry merge writes what the careful merge writes, whenever it answers, either way round', () => {
  let answered = 0;
  let runs = 0;
  const histories = base.chain((b) => fc.tuple(fc.constant(b as Ent[]), sideOf(b as Ent[]), sideOf(b as Ent[])));
  fc.assert(
    fc.property(histories, ([b, o, t]) => {
      runs++;
      const [bt, ot, tt] = [print({ entities: b, types: TYPES }), print(o), print(t)];
      const quick = mergeRegistryQuick(bt, ot, tt);
      assert.equal(quick, mergeRegistryQuick(bt, tt, ot), 'the same text whichever side is ours');
      const careful = mergeRegistryDocuments(bt, ot, tt, W);
      if (quick === null) return;
      answered++;
      assert.equal(careful.conflicts, 0, 'no conflict the careful merge finds is left out');
      assert.deepEqual(careful.problems, []);
      assert.equal(valueOf(quick), valueOf(careful.text), 'the same entities, fields and order');
      const comments = [...o.entities, ...t.entities].filter((e) => e.comment);
      if (!comments.length) assert.equal(quick, careful.text, 'and, the sides being as the writer prints them, the same text');
      // a comment stays above the entity it was written above (the careful merge takes one
      // above the list's first entity for the list's, and keeps it at the list's top); one
      // above an entity the other side deleted goes with it, as in the careful merge (a
      // comment is no change to a record)
      for (const e of comments) if (quick.includes(`  - id: ${e.id}\n`)) assert.ok(quick.includes(`  #${e.comment}\n  - id: ${e.id}\n`), `the comment above ${e.id} is above it`);
      // and what the merge driver writes is that
      assert.equal(mergeRegistryTexts(bt, ot, tt, W).text, quick);
    }),
    { numRuns: 400 },
  );
  // most generated histories change each entity, and the rest, on one side at most
  assert.ok(answered > runs / 3, `the quick path answered ${answered} of ${runs} merges`);
});

const HEAD = 'marginalia: 1\n# the team\'s own grouping\nentities:\n';
const ent = (id: string, extra = '') => `  - id: ${id}\n    name: Name ${id}\n    type: person\n${extra}`;

test('each side changing other entities: their lines as each side wrote them, the rest untouched to the byte', () => {
  // spacing the writer would not make, and comments, on entities neither side changed
  const odd = '    aliases: [{ text: the talks, ignoreCase: true }]\n';
  const base = HEAD + ent('a', odd) + ent('b') + ent('c') + '  # the end of the people\ncues: [reportedly]\n';
  const ours = base.replace('name: Name b', 'name: Name B renamed');
  const theirs = base.replace(ent('c'), ent('c', '    note: checked twice\n')).replace(ent('a', odd), `  # seen first\n${ent('a', odd)}`);
  const r = mergeRegistryTexts(base, ours, theirs, W);
  assert.deepEqual(r.problems, []);
  assert.equal(r.conflicts, 0);
  assert.equal(r.text, HEAD + `  # seen first\n${ent('a', odd)}` + ent('b').replace('Name b', 'Name B renamed') + ent('c', '    note: checked twice\n') + '  # the end of the people\ncues: [reportedly]\n');
  // the careful merge reads the same entities, and rewrites the line neither side touched
  const careful = mergeRegistryDocuments(base, ours, theirs, W);
  assert.equal(valueOf(r.text), valueOf(careful.text));
  assert.ok(!careful.text!.includes('{ text: the talks'));
});

test('an entity changed on both sides: the careful merge records the conflict', () => {
  const base = HEAD + ent('a') + ent('b');
  const ours = base.replace('name: Name a', 'name: Ours');
  const theirs = base.replace('name: Name a', 'name: Theirs');
  assert.equal(mergeRegistryQuick(base, ours, theirs), null);
  const r = mergeRegistryTexts(base, ours, theirs, W);
  assert.equal(r.conflicts, 1);
  assert.match(r.text!, /field: name/);
});

test('a value that would change with the lines around it is left to the careful merge', () => {
  // a block scalar's kept trailing line breaks sit between its entity and the next: with that
  // entity deleted on one side and another added after it on the other, lines cut by entity
  // would put the new one straight after the note and take its line breaks away
  const keep = '    note: |+\n      first line\n\n\n';
  const base = HEAD + ent('x') + ent('a', keep) + ent('b') + 'cues: [reportedly]\n';
  const ours = HEAD + ent('x') + ent('a', keep) + 'cues: [reportedly]\n'; // b deleted
  const theirs = HEAD + ent('x') + ent('a', keep) + ent('b') + ent('z') + 'cues: [reportedly]\n';
  assert.equal(mergeRegistryQuick(base, ours, theirs), null);
  const r = mergeRegistryTexts(base, ours, theirs, W);
  const merged = loadWritten(r.text!) as { entities: { id: string; note?: string }[] };
  assert.deepEqual(merged.entities.map((e) => e.id), ['x', 'a', 'z']);
  assert.equal(merged.entities[1].note, 'first line\n\n\n');
});

test('files the quick path does not read are merged the careful way, as before', () => {
  const base = HEAD + ent('a') + ent('b');
  const theirs = base.replace('name: Name b', 'name: B');
  for (const ours of [base.replace('name: Name a', 'name: A').replace(/\n/g, '\r\n'), 'marginalia: 1\nentities: [{id: a, name: A, type: person}, {id: b, name: Name b, type: person}]\n', base.replace('name: Name a', 'name: A').slice(0, -1)]) {
    assert.equal(mergeRegistryQuick(base, ours, theirs), null);
    const r = mergeRegistryTexts(base, ours, theirs, W);
    assert.deepEqual(r.problems, []);
    const merged = loadWritten(r.text!) as { entities: { name: string }[] };
    assert.deepEqual(merged.entities.map((e) => e.name), ['A', 'B']);
  }
});

test('a conflict the registry carries from an earlier merge is counted as before', () => {
  const base0 = HEAD + ent('a') + ent('b') + ent('c');
  const carried = mergeRegistryTexts(base0, base0.replace('name: Name a', 'name: Ours'), base0.replace('name: Name a', 'name: Theirs'), W);
  assert.equal(carried.conflicts, 1);
  const base = carried.text!;
  const ours = base.replace('name: Name b', 'name: B');
  const theirs = base.replace('name: Name c', 'name: C');
  assert.equal(mergeRegistryQuick(base, ours, theirs), null);
  const r = mergeRegistryTexts(base, ours, theirs, W);
  assert.equal(r.conflicts, 1);
  assert.equal(r.details[0].id, 'a');
});
