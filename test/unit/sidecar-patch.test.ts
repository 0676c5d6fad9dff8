// A save's new offsets written into the sidecar text in place (core/format/sidecar-patch.ts)
// must be exactly what the careful parse + the comment-keeping serializer would have written,
// byte for byte, on a file Marginalia wrote; and anything it cannot do that way is null (the
// careful path then runs, with its refusals). The oracle is serializeSidecar itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSidecar, readSidecarFast, serializeSidecar } from '../../src/core/format';
import { patchSidecar } from '../../src/core/format/sidecar-patch';
import { applyOps, type Op } from '../../src/core/ops';
import type { Annotation, Sidecar } from '../../src/core/types';

const FILE = 'a.txt.annotations.yaml';

// text as a save writes it: words, sentences long enough to fold, line breaks, YAML-looking bits
const piece = fc.constantFrom('the', 'convoy', 'was', 'turned', 'back', 'at the river', 'minister', 'Rieshösil', '“peace”', '12:30', 'a.b', 'x-y', ': ', '- a', '"q"', "'", '{', '[', '\n', '\n\n', ' ', '  ', 'é', '—', '\\', 'yes', '007', '~');
const text = fc.array(piece, { minLength: 1, maxLength: 30 }).map((w) => w.join(' '));
const context = fc.array(piece, { maxLength: 6 }).map((w) => w.join(''));

const annotation = (id: string, start: number): fc.Arbitrary<Annotation> =>
  fc.record({ kind: fc.constantFrom('claim', 'note', 'entity'), quote: text, prefix: context, suffix: context, len: fc.integer({ min: 1, max: 200 }), note: fc.option(text, { nil: undefined }) }).map(
    ({ kind, quote, prefix, suffix, len, note }) =>
      ({
        id, kind, quote, prefix, suffix, start, end: start + len,
        ...(kind === 'claim' ? { status: 'unverified' } : kind === 'entity' ? { entity: 'e-1' } : {}),
        ...(note !== undefined ? { note } : {}),
        author: 'Lena Brandt', created: '2026-11-01T00:33:00Z', updated: '2026-11-01T00:33:00Z',
      }) as Annotation,
  );

const sidecarArb: fc.Arbitrary<Sidecar> = fc
  .array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 6 })
  .chain((gaps) => {
    let at = 0;
    return fc.tuple(...gaps.map((g, i) => annotation(`01m6a${String(i).padStart(3, '0')}`, (at += g))));
  })
  .map((annotations) => ({ marginalia: 1 as const, source: 'a.txt', annotations }));

/** A save's operations: offsets shifted from some annotation on, and some context and quotes re-taken. */
const opsArb = (s: Sidecar): fc.Arbitrary<Op[]> =>
  fc.tuple(fc.nat(s.annotations.length), fc.integer({ min: -20, max: 40 }), fc.array(fc.tuple(fc.nat(s.annotations.length - 1), fc.constantFrom('quote', 'prefix', 'suffix'), text), { maxLength: 3 })).map(([from, shift, retaken]) => {
    const set = new Map<string, Record<string, unknown>>();
    s.annotations.forEach((a, i) => {
      if (i >= from && shift !== 0 && a.start! + shift >= 0) set.set(a.id, { start: a.start! + shift, end: a.end! + shift });
    });
    for (const [i, key, value] of retaken) set.set(s.annotations[i].id, { ...set.get(s.annotations[i].id), [key]: value });
    return [...set].map(([id, fields]) => ({ type: 'update', id, set: fields }) as Op);
  });

function careful(textIn: string, ops: Op[]): string {
  const p = parseSidecar(textIn, FILE);
  return serializeSidecar({ ...p.sidecar!, annotations: applyOps(p.sidecar!.annotations, ops).annotations }, p.doc);
}

test('patched in place: byte for byte what the careful parse and the serializer write', () => {
  let patched = 0;
  let all = 0;
  fc.assert(
    fc.property(sidecarArb.chain((s) => fc.tuple(fc.constant(s), opsArb(s))), ([s, ops]) => {
      const written = serializeSidecar(s);
      if (!readSidecarFast(written, FILE)) return; // not clean: the careful path (tested elsewhere)
      all++;
      const r = patchSidecar(written, FILE, ops);
      if (!r) return;
      patched++;
      // the serializer does not always print its own output the same way again (a block of
      // text opening with blank lines): there the bytes may differ, never the values
      if (careful(written, []) === written) assert.equal(r.text, careful(written, ops));
      else assert.deepEqual(readSidecarFast(r.text, FILE), readSidecarFast(careful(written, ops), FILE));
      assert.deepEqual(r.inverse, applyOps(parseSidecar(written, FILE).sidecar!.annotations, ops).inverse);
      // what the worker hands the host instead of the host parsing the new text again
      assert.deepEqual(r.read, readSidecarFast(r.text, FILE));
    }),
    { numRuns: 500, seed: 15 },
  );
  assert.ok(all > 300, `only ${all} generated sidecars were clean`);
  assert.ok(patched > all * 0.5, `only ${patched} of ${all} patched`);
});

const BASE = `marginalia: 1
source: a.txt
annotations:
  - id: a1
    kind: note
    quote: the convoy
    prefix: "was seen: "
    suffix: " at the river"
    start: 10
    end: 20
    note: Check it.

  - id: a2
    kind: claim
    quote: turned back
    prefix: "the convoy "
    suffix: " at dawn"
    start: 40
    end: 51
    status: unverified
`;

test('a save of offsets and context: patched, and the same as the careful path', () => {
  const ops: Op[] = [
    { type: 'update', id: 'a1', set: { start: 12, end: 22 } },
    { type: 'update', id: 'a2', set: { prefix: 'the long convoy # not a comment ', start: 45, end: 56 } },
  ];
  const r = patchSidecar(BASE, FILE, ops);
  assert.ok(r);
  assert.equal(r.text, careful(BASE, ops));
  assert.match(r.text, /start: 45\n {4}end: 56\n/);
});

/** Any change an analyst makes: a status or a note changed (by someone), tags set, an annotation added or deleted. */
const changesArb = (s: Sidecar): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.oneof(
      fc.tuple(fc.nat(s.annotations.length - 1), fc.constantFrom('unverified', 'disputed', 'corroborated', 'false')).map(([i, status]) => ({ type: 'update', id: s.annotations[i].id, set: s.annotations[i].kind === 'claim' ? { status } : { note: status } }) as Op),
      fc.tuple(fc.nat(s.annotations.length - 1), fc.option(text, { nil: null })).map(([i, note]) => ({ type: 'update', id: s.annotations[i].id, set: { note } }) as Op),
      fc.tuple(fc.nat(s.annotations.length - 1), fc.array(fc.constantFrom('source:tass', 'key', 'ru', 'check later'), { maxLength: 3 })).map(([i, tags]) => ({ type: 'update', id: s.annotations[i].id, set: { tags: tags.length ? tags : null } }) as Op),
      fc.tuple(fc.nat(9), fc.integer({ min: 0, max: 3000 })).chain(([n, start]) => annotation(`01m6z${n}`, start)).map((annotation) => ({ type: 'add', annotation }) as Op),
      fc.nat(s.annotations.length - 1).map((i) => ({ type: 'delete', id: s.annotations[i].id }) as Op),
    ),
    { minLength: 1, maxLength: 3 },
  );

test('any change to annotations: patched in place, byte for byte what the careful path writes', () => {
  const actor = { by: 'Ani Petrosyan', at: '2026-12-02T07:00:00Z' };
  /** Changes applied, and patched, per round: the second round's file holds the first's history. */
  const applied = [0, 0];
  const patched = [0, 0];
  fc.assert(
    fc.property(sidecarArb.chain((s) => fc.tuple(fc.constant(s), changesArb(s), changesArb(s), fc.boolean())), ([s, first, second, by]) => {
      let current = serializeSidecar(s);
      if (!readSidecarFast(current, FILE) || careful(current, []) !== current) return;
      for (const [round, ops] of [first, second].entries()) {
        let expected: string;
        try {
          const p = parseSidecar(current, FILE);
          expected = serializeSidecar({ ...p.sidecar!, annotations: applyOps(p.sidecar!.annotations, ops, by ? actor : undefined).annotations }, p.doc);
        } catch {
          assert.equal(patchSidecar(current, FILE, ops, by ? actor : undefined), null); // the careful path refuses (an id twice, one gone)
          return;
        }
        applied[round]++;
        const r = patchSidecar(current, FILE, ops, by ? actor : undefined);
        if (!r) return;
        patched[round]++;
        assert.equal(r.text, expected);
        assert.deepEqual(r.read, readSidecarFast(r.text, FILE));
        current = r.text;
      }
    }),
    { numRuns: 500, seed: 1502 },
  );
  assert.ok(applied[0] > 250 && applied[1] > 100, `only ${applied} generated changes applied`);
  assert.ok(patched[0] > applied[0] * 0.7 && patched[1] > applied[1] * 0.7, `only ${patched} of ${applied} patched`);
});

test('a status change, an annotation added or deleted, a new order: patched, the same as the careful path', () => {
  const actor = { by: 'Ani Petrosyan', at: '2026-12-02T07:00:00Z' };
  const cases: [string, Op[]][] = [
    ['a status changed by someone', [{ type: 'update', id: 'a2', set: { status: 'disputed' } }]],
    ['an annotation added between two', [{ type: 'add', annotation: { id: 'a3', kind: 'note', quote: 'x', start: 30, end: 31 } as Annotation }]],
    ['an annotation added at the end', [{ type: 'add', annotation: { id: 'a3', kind: 'note', quote: 'x', start: 60, end: 61 } as Annotation }]],
    ['the first deleted', [{ type: 'delete', id: 'a1' }]],
    ['the last deleted', [{ type: 'delete', id: 'a2' }]],
    ['the order changes', [{ type: 'update', id: 'a1', set: { start: 50, end: 60 } }]],
  ];
  const noSuffix = BASE.replace('    suffix: " at the river"\n', '');
  for (const [what, ops, t = BASE] of [...cases, ['a field not in the file yet', [{ type: 'update', id: 'a1', set: { suffix: ' by the river' } }], noSuffix] as [string, Op[], string]]) {
    const r = patchSidecar(t, FILE, ops, actor);
    assert.ok(r, what);
    const p = parseSidecar(t, FILE);
    assert.equal(r.text, serializeSidecar({ ...p.sidecar!, annotations: applyOps(p.sidecar!.annotations, ops, actor).annotations }, p.doc), what);
  }
    assert.match(patchSidecar(BASE, FILE, cases[0][1], actor)!.text, /status: disputed\n {4}updated: 2026-12-02T07:00:00Z\n {4}updatedBy: Ani Petrosyan\n {4}history:\n {6}- \{at: 2026-12-02T07:00:00Z, by: Ani Petrosyan, field: status, from: unverified, to: disputed\}\n$/);
});

test('anything else goes the careful way (null)', () => {
  const status: Op[] = [{ type: 'update', id: 'a1', set: { note: 'Checked.' } }];
  const cases: [string, string, Op[]][] = [
    ['an unknown id (the careful path refuses)', BASE, [{ type: 'update', id: 'zz', set: { start: 1 } }]],
    ['every annotation deleted', BASE, [{ type: 'delete', id: 'a1' }, { type: 'delete', id: 'a2' }]],
    ['a comment in the annotation', BASE.replace('    start: 10\n', '    # checked by hand\n    start: 10\n'), [{ type: 'update', id: 'a1', set: { start: 11, end: 21 } }]],
    ['a trailing comment on the value', BASE.replace('start: 10\n', 'start: 10 # old\n'), [{ type: 'update', id: 'a1', set: { start: 11, end: 21 } }]],
    ['a comment in an annotation printed whole', BASE.replace('    start: 10\n', '    # checked by hand\n    start: 10\n'), status],
    ['a field Marginalia does not know, in an annotation printed whole', BASE.replace('    note: Check it.\n', '    note: Check it.\n    reviewer-flag: red\n'), status],
    ['hand-chosen quoting, in an annotation printed whole', BASE.replace('kind: note', 'kind: "note"'), status],
    ['two blank lines between annotations', BASE.replace('\n\n  - id: a2', '\n\n\n  - id: a2'), status],
    ['CR LF line ends', BASE.replace(/\n/g, '\r\n'), [{ type: 'update', id: 'a1', set: { start: 11, end: 21 } }]],
    ['a flow list', 'marginalia: 1\nsource: a.txt\nannotations: [{id: a1, kind: note, quote: x, start: 1, end: 2}]\n', [{ type: 'update', id: 'a1', set: { start: 3, end: 4 } }]],
    ['another indentation', BASE.replace(/\n {2}- /g, '\n- ').replace(/\n {4}/g, '\n  '), [{ type: 'update', id: 'a1', set: { start: 11, end: 21 } }]],
    ['a file with an error', BASE.replace('kind: note', 'kind: nonsense'), [{ type: 'update', id: 'a1', set: { start: 11, end: 21 } }]],
    ['git conflict markers', BASE.replace('    start: 10\n', '<<<<<<< ours\n    start: 10\n=======\n    start: 11\n>>>>>>> theirs\n'), [{ type: 'update', id: 'a1', set: { end: 21 } }]],
  ];
  for (const [what, t, ops] of cases) assert.equal(patchSidecar(t, FILE, ops), null, what);
  // the field-by-field patch of a save still works beside an unknown field or hand-chosen quoting
  assert.ok(patchSidecar(BASE.replace('kind: note', 'kind: "note"'), FILE, [{ type: 'update', id: 'a1', set: { start: 11, end: 21 } }]));
});

test('a hand-written key order or a second copy of a key is not patched into', () => {
  const twice = BASE.replace('    end: 20\n', '    end: 20\n    end: 21\n');
  assert.equal(patchSidecar(twice, FILE, [{ type: 'update', id: 'a1', set: { end: 22 } }]), null);
});
