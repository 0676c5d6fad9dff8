// Issue 13's format additions: `hypotheses` and `when` on annotations, `hypotheses` in
// marginalia.yaml — read by the one set of rules, written in key order, merged by the driver
// (ratings per hypothesis, hypotheses by id) and recorded in history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSidecar, parseWorkspace, serializeSidecar } from '../../src/core/format';
import { mergeRegistryTexts, mergeSidecarTexts, resolveRegistryText, resolveSidecarText } from '../../src/core/merge';
import { applyOps } from '../../src/core/ops';

const sidecar = (fields: string) => `marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: claim\n    quote: the troops left\n${fields}`;

test('sidecar: hypotheses and when are read by the rules, bad values located', () => {
  const table: [string, object | string][] = [
    ['    hypotheses: {h1: I, h2: CC}\n    when: 2026-11-10\n', { hypotheses: { h1: 'I', h2: 'CC' }, when: '2026-11-10' }],
    ['    when: 2026\n', { when: '2026' }],
    ['    when: 2026-11/2026-12\n', { when: '2026-11/2026-12' }],
    ['    hypotheses: {}\n', {}],
    ['    hypotheses:\n    when:\n', {}],
    ['    hypotheses: {h1: X}\n', 'a.yaml:7:22: annotation "c1": unknown rating "X" for hypothesis "h1" (expected CC, C, N, I, II)'],
    ['    hypotheses: [I, C]\n', 'a.yaml:7:17: annotation "c1": `hypotheses` must be a mapping of hypothesis id to CC | C | N | I | II'],
    ['    when: 2026-13-01\n', 'a.yaml:7:11: annotation "c1": `when` must be a date: 2024, 2024-09, 2024-09-01, or a range such as 2024-09-01/2024-09-03 (start before end)'],
    ['    when: yesterday\n', 'a.yaml:7:11'],
  ];
  for (const [fields, want] of table) {
    const p = parseSidecar(sidecar(fields), 'a.yaml');
    if (typeof want === 'string') {
      assert.ok(p.problems.length > 0, fields);
      const first = p.problems[0];
      assert.ok(`${first.file}:${first.line}:${first.column}: ${first.message}`.startsWith(want), `${fields} → ${JSON.stringify(first)}`);
    } else {
      assert.deepEqual(p.problems, [], fields);
      const { id: _i, kind: _k, quote: _q, ...rest } = p.sidecar!.annotations[0];
      assert.deepEqual(rest, want, fields);
    }
  }
});

test('sidecar: written in key order, ratings as one flow mapping sorted by hypothesis', () => {
  const text = serializeSidecar({ marginalia: 1, source: 'a.txt', annotations: [{ id: 'c1', kind: 'claim', quote: 'q', status: 'disputed', credibility: 3, when: '2026', note: 'n', hypotheses: { h2: 'C', h1: 'II' }, author: 'A' }] });
  assert.equal(text, 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: claim\n    quote: q\n    status: disputed\n    credibility: 3\n    when: "2026"\n    note: n\n    hypotheses: {h1: II, h2: C}\n    author: A\n');
  assert.deepEqual(parseSidecar(text, 'a.yaml').sidecar!.annotations[0].hypotheses, { h1: 'II', h2: 'C' });
});

test('history: rating a hypothesis and dating a claim are credited to who did it', () => {
  const { annotations } = applyOps([{ id: 'c1', kind: 'claim', quote: 'q', hypotheses: { h1: 'C' } }], [{ type: 'update', id: 'c1', set: { hypotheses: { h1: 'C', h2: 'I' }, when: '2026-11' } }], { by: 'Ben', at: 'T1' });
  assert.deepEqual(annotations[0].history, [
    { at: 'T1', by: 'Ben', field: 'hypotheses', from: { h1: 'C' }, to: { h1: 'C', h2: 'I' } },
    { at: 'T1', by: 'Ben', field: 'when', to: '2026-11' },
  ]);
});

test('merge: ratings merge per hypothesis; one rated differently is a conflict offering both full mappings', () => {
  const base = sidecar('    hypotheses: {h1: C}\n');
  const table: [string, string, string | null, object][] = [
    // ours rates h2, theirs rates h3: both kept
    ['    hypotheses: {h1: C, h2: I}\n', '    hypotheses: {h1: C, h3: II}\n', null, { h1: 'C', h2: 'I', h3: 'II' }],
    // ours changes h1, theirs adds h2
    ['    hypotheses: {h1: I}\n', '    hypotheses: {h1: C, h2: N}\n', null, { h1: 'I', h2: 'N' }],
    // both change h1 differently, theirs also adds h2: h1 keeps the ancestor's C until picked
    ['    hypotheses: {h1: I}\n', '    hypotheses: {h1: II, h2: N}\n', '1 conflict', { h1: 'C', h2: 'N' }],
  ];
  for (const [ours, theirs, conflict, want] of table) {
    for (const [o, t] of [[ours, theirs], [theirs, ours]]) {
      const m = mergeSidecarTexts(base, sidecar(o), sidecar(t), 'a.yaml');
      assert.deepEqual(m.problems, []);
      assert.equal(m.conflicts, conflict ? 1 : 0, `${o} / ${t}`);
      const a = parseSidecar(m.text!, 'a.yaml').sidecar!.annotations[0];
      assert.deepEqual(a.hypotheses, want);
      if (conflict) {
        assert.deepEqual(a.conflicts![0].values.map((v) => v.value), [{ h1: 'I', h2: 'N' }, { h1: 'II', h2: 'N' }]);
        const picked = resolveSidecarText(m.text!, 'a.yaml', [{ id: 'c1', field: 'hypotheses', index: 1 }]);
        assert.deepEqual(parseSidecar(picked, 'a.yaml').sidecar!.annotations[0].hypotheses, { h1: 'II', h2: 'N' });
      }
    }
  }
});

const registry = (hyps: string) => `marginalia: 1\nentities: []\nhypotheses:\n${hyps}`;

test('registry: hypotheses read with their rules, merged by id', () => {
  const ok = parseWorkspace(registry('  - {id: h1, text: Kostrov directed it}\n  - {id: h2, text: Local initiative, note: Meder’s lawyer}\n'), 'm.yaml');
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.config!.hypotheses, [{ id: 'h1', text: 'Kostrov directed it' }, { id: 'h2', text: 'Local initiative', note: 'Meder’s lawyer' }]);
  const bad = parseWorkspace(registry('  - {id: h1, text: A}\n  - {id: h1, text: B}\n  - {id: h3}\n  - {id: h4, text: C, colour: red}\n'), 'm.yaml');
  assert.deepEqual(bad.problems.map((p) => [p.line, p.message]), [
    [5, 'duplicate hypothesis id "h1"'],
    [6, 'hypothesis "h3" is missing `text`'],
    [7, 'hypothesis "h4": unknown key "colour" (expected id, text, note)'],
  ]);
  assert.deepEqual(bad.config!.hypotheses!.map((h) => h.id), ['h1']);

  const base = registry('  - {id: h1, text: A}\n');
  const added = mergeRegistryTexts(base, registry('  - {id: h1, text: A}\n  - {id: h2, text: B}\n'), registry('  - {id: h1, text: A2}\n  - {id: h3, text: C}\n'), 'm.yaml');
  assert.deepEqual(added.problems, []);
  assert.equal(added.conflicts, 0);
  assert.deepEqual(parseWorkspace(added.text!, 'm.yaml').config!.hypotheses, [{ id: 'h1', text: 'A2' }, { id: 'h2', text: 'B' }, { id: 'h3', text: 'C' }]);

  const clash = mergeRegistryTexts(base, registry('  - {id: h1, text: X}\n  - {id: h2, text: B}\n'), registry('  - {id: h1, text: Y}\n'), 'm.yaml');
  assert.equal(clash.conflicts, 1);
  const parsed = parseWorkspace(clash.text!, 'm.yaml');
  assert.deepEqual(parsed.problems.map((p) => [p.severity, p.message.slice(0, 41)]), [['warning', 'unresolved merge conflict on `hypotheses`']]);
  assert.deepEqual(parsed.config!.hypotheses, [{ id: 'h1', text: 'A' }]);
  const picked = resolveRegistryText(clash.text!, 'm.yaml', [{ id: null, field: 'hypotheses', index: 0 }]);
  assert.deepEqual(parseWorkspace(picked, 'm.yaml').config!.hypotheses, [{ id: 'h1', text: 'X' }, { id: 'h2', text: 'B' }]);
});
