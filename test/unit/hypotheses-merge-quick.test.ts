// The registry merge's quick path for hypotheses changed on both sides (core/merge/hypotheses-blocks.ts,
// issue 15): held to the careful merge (registry-merge.ts mergeRegistryDocuments) on generated
// histories. Whenever it answers: the same value and the same conflicts reported, either way
// round, and the careful merge's very text where the sides are as the writer prints them and
// no conflict offers a line break; a conflict it writes can be resolved as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { PRINT_OPTIONS } from '../../src/core/format/yamlutil';
import { loadWritten } from '../../src/core/format/sidecar-plain';
import { parseWorkspace } from '../../src/core/format';
import { mergeRegistryTexts, resolveRegistryText } from '../../src/core/merge';
import { mergeHypothesesQuick, mergeRegistryDocuments } from '../../src/core/merge/registry-merge';
import { canon } from '../../src/core/merge/values';

const W = 'marginalia.yaml';

interface Hyp {
  id: string;
  text: string;
  note?: string;
  comment?: string;
}
interface Reg {
  entities: { id: string; name: string; type: string }[];
  hypotheses: Hyp[];
  flow: boolean;
}

const word = fc.constantFrom('Russia backed the plot', 'the words', 'said: he', '"quoted"', "it's", 'C# 1', 'Zhesı Lötádrek', '1', 'null', '- item', 'a'.repeat(120));
const IDS = Array.from({ length: 10 }, (_, k) => `h${k}`);
const hyp = (id: string) => fc.record({ id: fc.constant(id), text: word, note: word }, { requiredKeys: ['id', 'text'] });
const base = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 8 }), fc.boolean())
  .chain(([ids, flow]) => fc.tuple(fc.tuple(...ids.map(hyp)), fc.constant(flow)))
  .map(([hypotheses, flow]): Reg => ({ entities: [{ id: 'e1', name: 'Vosilich', type: 'person' }, { id: 'e2', name: 'the Council', type: 'organization' }], hypotheses: hypotheses as Hyp[], flow }));

/** What one side does to one hypothesis. */
const edit = fc.oneof({ arbitrary: fc.constant('keep'), weight: 4 }, { arbitrary: fc.constant('retext'), weight: 2 }, fc.constantFrom('note', 'delete', 'comment'));
/** One side: its edits to the hypotheses, hypotheses it adds, and whether it renames an entity (the rest of the file: one side at most, below). */
const sideOf = (r: Reg, tag: string) =>
  fc.tuple(fc.array(edit, { minLength: r.hypotheses.length, maxLength: r.hypotheses.length }), fc.array(hyp('new'), { maxLength: 2 }), fc.nat()).map(([edits, added, at]) => {
    const out: Hyp[] = [];
    r.hypotheses.forEach((h, k) => {
      const x = edits[k];
      if (x === 'delete') return;
      if (x === 'retext') out.push({ ...h, text: `${h.text} (${tag})` });
      else if (x === 'note') out.push({ ...h, note: `checked by ${tag}` });
      else if (x === 'comment') out.push({ ...h, comment: ` seen by ${tag}` });
      else out.push(h);
    });
    added.forEach((h, k) => out.splice(at % (out.length + 1), 0, { ...h, id: `n${k}-${tag}` }));
    return { ...r, hypotheses: out };
  });

/** A registry as the writer prints it (the yaml package, PRINT_OPTIONS), its hypotheses in flow or block mappings. */
function print(r: Reg): string {
  const doc = new YAML.Document({ marginalia: 1, entityTypes: ['person', 'organization'], entities: r.entities, hypotheses: r.hypotheses.map(({ comment: _, ...h }) => h) });
  (doc.get('hypotheses') as YAML.YAMLSeq).items.forEach((item, k) => {
    const m = item as YAML.YAMLMap;
    m.flow = r.flow;
    if (r.hypotheses[k].comment) m.commentBefore = r.hypotheses[k].comment;
  });
  return doc.toString(PRINT_OPTIONS);
}

/** A string in `v` the yaml package writes over several lines (a line break, or long enough to fold at a space), which the quick path writes on one. */
const foldedByThePackage = (v: unknown): boolean =>
  typeof v === 'string' ? v.includes('\n') || (v.length > 60 && v.includes(' ')) : Array.isArray(v) ? v.some(foldedByThePackage) : !!v && typeof v === 'object' && Object.values(v).some(foldedByThePackage);

const valueOf = (text: string | null) => (text === null ? null : canon(loadWritten(text) ?? YAML.parse(text)));

test('the hypotheses’ quick merge writes what the careful merge writes, whenever it answers, either way round', () => {
  let answered = 0;
  let contested = 0;
  let runs = 0;
  const histories = base.chain((b) => fc.tuple(fc.constant(b), sideOf(b, 'ours'), sideOf(b, 'theirs'), fc.constantFrom(0, 0, 1, 2)));
  fc.assert(
    fc.property(histories, ([b, o, t, renames]) => {
      runs++;
      // the rest of the file changed on one side at most: an entity renamed by ours or theirs
      const rename = (r: Reg): Reg => ({ ...r, entities: r.entities.map((e) => (e.id === 'e1' ? { ...e, name: 'Vosilich Jr' } : e)) });
      const [bt, ot, tt] = [print(b), print(renames === 1 ? rename(o) : o), print(renames === 2 ? rename(t) : t)];
      const quick = mergeHypothesesQuick(bt, ot, tt);
      const other = mergeHypothesesQuick(bt, tt, ot);
      assert.equal(quick?.text, other?.text, 'the same text whichever side is ours');
      const careful = mergeRegistryDocuments(bt, ot, tt, W);
      if (quick === null) return;
      answered++;
      assert.deepEqual(careful.problems, []);
      assert.equal(valueOf(quick.text), valueOf(careful.text), 'the same entities, hypotheses, fields and order');
      assert.deepEqual(careful.details.map((d) => canon(d)), (Array.isArray(quick.root.conflicts) ? quick.root.conflicts : []).map((conflict) => canon({ id: null, conflict })), 'the same conflicts reported');
      if (careful.conflicts) contested++;
      const comments = [...o.hypotheses, ...t.hypotheses].some((h) => h.comment);
      if (!comments && !foldedByThePackage(quick.root.conflicts)) assert.equal(quick.text, careful.text, 'and, the sides being as the writer prints them, the same text');
      // what the merge driver writes is that, and the careful reader reads it without a word
      const driver = mergeRegistryTexts(bt, ot, tt, W);
      assert.equal(driver.text, quick.text);
      assert.equal(driver.conflicts, careful.conflicts);
      assert.deepEqual(parseWorkspace(quick.text, W).problems.filter((p) => p.severity === 'error'), []);
    }),
    { numRuns: 400 },
  );
  assert.ok(answered > runs / 3, `the quick path answered ${answered} of ${runs} merges`);
  assert.ok(contested > runs / 20, `of them ${contested} with the hypotheses in conflict`);
});

const reg = (n: number, text: (k: number) => string, note: (k: number) => string | undefined = () => undefined) =>
  ['marginalia: 1', 'entities: []', 'hypotheses:', ...Array.from({ length: n }, (_, k) => `  - {id: h${k}, text: ${text(k)}${note(k) !== undefined ? `, note: ${note(k)}` : ''}}`), ''].join('\n');

test('both sides changing the same hypotheses differently: the ancestor’s list kept, each side’s offered, and either can be picked', () => {
  const b = reg(6, (k) => `base ${k}`);
  const o = reg(6, (k) => `ours ${k}`);
  const t = reg(6, (k) => (k % 2 === 0 ? `theirs ${k}` : `base ${k}`), (k) => (k % 2 === 0 ? undefined : `note ${k}`));
  const quick = mergeHypothesesQuick(b, o, t);
  assert.ok(quick, 'the quick path answers');
  const r = mergeRegistryTexts(b, o, t, W);
  assert.equal(r.text, quick.text);
  assert.equal(r.text, mergeRegistryDocuments(b, o, t, W).text);
  assert.equal(r.conflicts, 1);
  assert.ok(r.text!.startsWith(b), 'the ancestor’s list, as it was written');
  assert.ok(!/[&*]a\d/.test(r.text!), 'no alias: a hypothesis both sides kept is written in each list');
  // each side's list, the other side's clean changes merged in: the odd ones carry theirs' note
  const lists = r.details[0].conflict.values.map((v) => v.value as { id: string; text: string; note?: string }[]);
  assert.deepEqual(lists.map((l) => l.map((h) => `${h.text}/${h.note ?? ''}`)), [
    ['ours 0/', 'ours 1/note 1', 'ours 2/', 'ours 3/note 3', 'ours 4/', 'ours 5/note 5'],
    ['theirs 0/', 'ours 1/note 1', 'theirs 2/', 'ours 3/note 3', 'theirs 4/', 'ours 5/note 5'],
  ]);
  const picked = resolveRegistryText(r.text!, W, [{ id: null, field: 'hypotheses', index: 1 }]);
  assert.deepEqual((YAML.parse(picked) as { hypotheses: { text: string }[] }).hypotheses.map((h) => h.text), ['theirs 0', 'ours 1', 'theirs 2', 'ours 3', 'theirs 4', 'ours 5']);
  assert.ok(!picked.includes('conflicts:'));
});

test('what the quick path does not take is merged the careful way, as before', () => {
  const b = reg(3, (k) => `base ${k}`);
  const o = reg(3, (k) => `ours ${k}`);
  const t = reg(3, (k) => `theirs ${k}`);
  // the rest of the file changed on both sides; a comment at the file's end; a conflict carried from before
  const cases: [string, string, string][] = [
    [b, o.replace('marginalia: 1', 'marginalia: 1\ncues: [reportedly]'), t.replace('entities: []', 'entities: []\ncues: [allegedly]')],
    [b, o, `${t}# the end\n`],
    [b, `${o}conflicts:\n  - field: cues\n    values:\n      - value: [a]\n      - value: [b]\n`, t],
  ];
  for (const [bt, ot, tt] of cases) {
    assert.equal(mergeHypothesesQuick(bt, ot, tt), null);
    const r = mergeRegistryTexts(bt, ot, tt, W);
    assert.equal(r.text, mergeRegistryDocuments(bt, ot, tt, W).text);
  }
});
