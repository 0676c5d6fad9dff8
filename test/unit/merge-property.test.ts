// The merge driver on generated histories (issue 15): two sides each change a shared sidecar or
// registry (fields edited, annotations and hypotheses added and deleted, and now and then the
// text itself broken by hand). Whatever they did, the merge answers; when it writes a file, the
// errors it reports are exactly those the careful reader finds in that file (the merge checks
// what it wrote the fast way, core/format/written-errors.ts), and the conflicts it counts are
// those `marginalia resolve` lists in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSidecar, parseWorkspace, serializeSidecar } from '../../src/core/format';
import { listConflicts, mergeRegistryTexts, mergeSidecarTexts } from '../../src/core/merge';
import type { Annotation } from '../../src/core/types';

const F = 'a.txt.annotations.yaml';
const W = 'marginalia.yaml';
const errorsOf = (problems: { severity: string }[]) => problems.filter((p) => p.severity === 'error');

const word = fc.constantFrom('x', 'the words', 'said: he', '"quoted"', 'C# 1', 'line\nbreak', 'disputed', '1', 'null', '- item', 'a'.repeat(90));
const annotation = (id: string) =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom('claim', 'note'),
    quote: word,
    note: fc.option(word, { nil: undefined }),
    status: fc.option(fc.constantFrom('unverified', 'disputed', 'refuted', 'corroborated'), { nil: undefined }),
    tags: fc.option(fc.array(fc.constantFrom('a', 'b', 'c d'), { maxLength: 3 }), { nil: undefined }),
  });
const clean = (a: Record<string, unknown>): Annotation => {
  const out = Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as unknown as Annotation;
  if (out.kind !== 'claim') delete out.status;
  return out;
};
const annotations = fc.uniqueArray(fc.constantFrom('a1', 'a2', 'a3', 'a4'), { maxLength: 4 }).chain((ids) => fc.tuple(...ids.map(annotation)));
// a side: some annotations kept, some rewritten, some new
const side = (base: Annotation[]) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }), annotations).map(([keep, fresh]) => {
    const byId = new Map<string, Annotation>();
    base.forEach((a, i) => keep[i] && byId.set(a.id, a));
    for (const a of fresh) byId.set(a.id, clean(a));
    return [...byId.values()];
  });
const text = (list: Annotation[]) => serializeSidecar({ marginalia: 1, source: 'a.txt', annotations: list });

// now and then a side edited by hand: a character that matters to YAML put in
const PUT = [':', '-', ' ', '\n', '"', '{', '[', '#', '\t', '&a ', '*a', 'status: maybe\n', '<<<<<<< x\n'];
const handEdit = fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.record({ at: fc.nat(), put: fc.constantFrom(...PUT) }), weight: 1 });
const edited = (t: string, e: { at: number; put: string } | undefined) => {
  if (!e) return t;
  const at = e.at % (t.length + 1);
  return t.slice(0, at) + e.put + t.slice(at);
};

test('sidecar merges: reported errors are the careful reader’s on the merged file, conflicts those resolve lists', () => {
  const histories = annotations.map((l) => l.map(clean)).chain((base) => fc.tuple(fc.constant(base), side(base), side(base), handEdit, handEdit));
  fc.assert(
    fc.property(histories, ([base, ours, theirs, eo, et]) => {
      const r = mergeSidecarTexts(text(base), edited(text(ours), eo), edited(text(theirs), et), F);
      if (r.text === null) {
        assert.ok(errorsOf(r.problems).length > 0, 'a refusal says why');
        return;
      }
      assert.deepEqual(r.problems, errorsOf(parseSidecar(r.text, F).problems));
      if (r.problems.length === 0) assert.equal(r.conflicts, listConflicts('sidecar', r.text, F).length);
    }),
    { numRuns: 1500 },
  );
});

const hypothesis = fc.record({ id: fc.constantFrom('h1', 'h2', 'h3'), text: word, note: fc.option(word, { nil: undefined }) });
const entity = fc.record({ id: fc.constantFrom('e1', 'e2', 'e3'), name: word, type: fc.constantFrom('person', 'unit', 'vessel'), aliases: fc.array(fc.constantFrom('A', 'B', 'the C'), { maxLength: 2 }) });
const registry = fc.record({
  types: fc.constantFrom('[unit]', '[unit, vessel]'),
  entities: fc.uniqueArray(entity, { selector: (e) => e.id, maxLength: 3 }),
  hypotheses: fc.uniqueArray(hypothesis, { selector: (h) => h.id, maxLength: 3 }),
});
const registryText = (r: { types: string; entities: { id: string; name: string; type: string; aliases: string[] }[]; hypotheses: { id: string; text: string; note?: string }[] }) =>
  [
    'marginalia: 1',
    `entityTypes: ${r.types}`,
    'entities:',
    ...r.entities.map((e) => `  - {id: ${e.id}, name: ${JSON.stringify(e.name)}, type: ${e.type}, aliases: [${e.aliases.join(', ')}]}`),
    'hypotheses:',
    ...r.hypotheses.map((h) => `  - {id: ${h.id}, text: ${JSON.stringify(h.text)}${h.note !== undefined ? `, note: ${JSON.stringify(h.note)}` : ''}}`),
    '',
  ].join('\n');

test('registry merges: reported errors are the careful reader’s on the merged file, conflicts those resolve lists', () => {
  fc.assert(
    fc.property(registry, registry, registry, handEdit, (b, o, t, e) => {
      const r = mergeRegistryTexts(registryText(b), edited(registryText(o), e), registryText(t), W);
      if (r.text === null) {
        assert.ok(errorsOf(r.problems).length > 0, 'a refusal says why');
        return;
      }
      assert.deepEqual(r.problems, errorsOf(parseWorkspace(r.text, W).problems));
      if (r.problems.length === 0) assert.equal(r.conflicts, listConflicts('registry', r.text, W).length);
    }),
    { numRuns: 1500 },
  );
});
