// Provenance in use (issue 14) and the Sources view's filter (issue 11), the pure parts: how a
// source is named and sorted, setting its reliability and accepting a changed text (history
// entries, read back by the one rule set, merged as a union), the "changed since captured" rule
// before and after an accept, which sources a filter keeps, and a reply appended next to a long
// hand-written one adding only lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus } from '../../src/core/corpus';
import { briefMarkdown, buildBrief, exportInput } from '../../src/core/export';
import { parseSidecar, serializeSidecar } from '../../src/core/format';
import { mergeSidecarTexts } from '../../src/core/merge';
import { applyOps } from '../../src/core/ops';
import { countMatching, type AnnotationFilter } from '../../src/core/review/filters';
import { replyOp } from '../../src/core/review/loop';
import { withAcceptedText, withReliability } from '../../src/core/sources/edits';
import { citeSource, compareSources, shortDate, sourceByline, sourceTitle } from '../../src/core/sources/naming';
import type { Annotation, Provenance, Sidecar } from '../../src/core/types';
import { changedSinceCaptured, sha256Hex } from '../../src/node/capture/provenance';

const F = 'news/coup.txt.annotations.yaml';
const captured: Provenance = { title: 'Coup plot foiled', publisher: 'The Courier', published: '2026-11-02T08:15:00Z', retrieved: '2026-11-20T10:00:00Z', sha256: sha256Hex('Original text.\n'), capturedFrom: 'coup.html' };
const ana = { by: 'Ana', at: '2026-11-29T10:00:00Z' };
const ben = { by: 'Ben', at: '2026-11-29T11:00:00Z' };
const base: Sidecar = { marginalia: 1, source: 'coup.txt', provenance: captured, annotations: [] };

test('naming: a source is shown by its captured title, publisher and date, else by its file name', () => {
  const cases: [string, Provenance | undefined, string | undefined, { title: string; byline: string; cite: string }][] = [
    ['news/coup.txt', captured, 'B', { title: 'Coup plot foiled', byline: 'The Courier, 2026-11-02', cite: 'Coup plot foiled — The Courier, 2026-11-02 · reliability B (usually reliable)' }],
    ['news/coup.txt', undefined, undefined, { title: 'coup.txt', byline: '', cite: 'coup.txt' }],
    ['news/coup.txt', undefined, 'E', { title: 'coup.txt', byline: '', cite: 'coup.txt · reliability E (unreliable)' }],
    ['a.txt', { title: '   ', publisher: 'Wire' }, undefined, { title: 'a.txt', byline: 'Wire', cite: 'a.txt — Wire' }],
    ['a.txt', { title: 'Two\n  lines', published: 'Nov 2026' }, undefined, { title: 'Two lines', byline: 'Nov 2026', cite: 'Two lines — Nov 2026' }],
  ];
  for (const [rel, p, grade, want] of cases) {
    assert.equal(sourceTitle(rel, p), want.title, rel);
    assert.equal(sourceByline(p), want.byline, rel);
    assert.equal(citeSource(rel, p, grade), want.cite, rel);
  }
  assert.equal(shortDate('2026-11-02'), '2026-11-02');
  assert.equal(shortDate('2026-11-02T08:15:00+02:00'), '2026-11-02');
});

test('naming: sources sort by title, then path, the same whatever order they come in', () => {
  const list = [
    { title: 'b', rel: 'z/b.txt' },
    { title: 'Alpha report', rel: 'y.txt' },
    { title: 'alpha report', rel: 'x.txt' },
    { title: 'item 10', rel: 'c.txt' },
    { title: 'item 9', rel: 'd.txt' },
  ];
  const want = ['x.txt', 'y.txt', 'z/b.txt', 'd.txt', 'c.txt'];
  assert.deepEqual([...list].sort(compareSources).map((s) => s.rel), want);
  assert.deepEqual([...list].reverse().sort(compareSources).map((s) => s.rel), want);
});

test('reliability: setting it records who changed it from what to what; the same grade is no change', () => {
  const once = withReliability(base, 'C', ana)!;
  assert.equal(once.reliability, 'C');
  assert.deepEqual(once.history, [{ at: ana.at, by: 'Ana', field: 'reliability', to: 'C' }]);
  const twice = withReliability(once, 'B', ben)!;
  assert.deepEqual(twice.history?.[1], { at: ben.at, by: 'Ben', field: 'reliability', from: 'C', to: 'B' });
  assert.equal(withReliability(twice, 'B', ana), null);
  assert.throws(() => withReliability(base, 'G', ana), /reliability must be one of/);
});

test('accept source change: the new hash becomes the captured one, with a history entry; the flag clears', () => {
  const now = 'Original text, edited.\n';
  assert.match(changedSinceCaptured(base, now) ?? '', /^changed since captured \(2026-11-20\)/);
  const accepted = withAcceptedText(base, sha256Hex(now), ana)!;
  assert.equal(accepted.provenance?.sha256, sha256Hex(now));
  assert.equal(accepted.provenance?.title, 'Coup plot foiled');
  assert.deepEqual(accepted.history, [{ at: ana.at, by: 'Ana', field: 'provenance.sha256', from: captured.sha256, to: sha256Hex(now) }]);
  assert.equal(changedSinceCaptured(accepted, now), null);
  // nothing to accept: the same text, or no captured hash
  assert.equal(withAcceptedText(accepted, sha256Hex(now), ben), null);
  assert.equal(withAcceptedText({ ...base, provenance: { title: 'x' } }, sha256Hex(now), ben), null);
});

test('format: the source history is written after provenance, read back by the one rule set, and refused when malformed', () => {
  const s = withReliability(withAcceptedText(base, sha256Hex('new\n'), ana)!, 'A', ben)!;
  const text = serializeSidecar(s);
  assert.ok(text.indexOf('history:') > text.indexOf('provenance:') && text.indexOf('history:') < text.indexOf('annotations:'));
  assert.match(text, /\n {2}- \{at: 2026-11-29T11:00:00Z, by: Ben, field: reliability, to: A\}\n/);
  const back = parseSidecar(text, F);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.sidecar?.history, s.history);
  const bad = parseSidecar('marginalia: 1\nsource: coup.txt\nhistory:\n  - {at: t, by: "x\\e[31m", field: reliability}\nannotations: []\n', F);
  assert.match(bad.problems.map((p) => p.message).join('\n'), /history entry 1: `by`/);
  assert.equal(parseSidecar('marginalia: 1\nsource: coup.txt\nhistory: yes\nannotations: []\n', F).problems[0]?.severity, 'error');
});

test('merge: a grade set on one branch and a change accepted on the other keep both history entries, the same bytes either way', () => {
  const b = serializeSidecar(base);
  const o = serializeSidecar(withReliability(base, 'B', ana)!);
  const t = serializeSidecar(withAcceptedText(base, sha256Hex('new\n'), ben)!);
  const m1 = mergeSidecarTexts(b, o, t, F);
  const m2 = mergeSidecarTexts(b, t, o, F);
  assert.equal(m1.conflicts, 0);
  assert.equal(m1.text, m2.text);
  const merged = parseSidecar(m1.text!, F).sidecar!;
  assert.equal(merged.reliability, 'B');
  assert.equal(merged.provenance?.sha256, sha256Hex('new\n'));
  assert.deepEqual(merged.history?.map((h) => h.field).sort(), ['provenance.sha256', 'reliability']);
});

test('filter over sources: a source is listed with the number of its annotations the filter keeps', () => {
  const a = (id: string, x: Partial<Annotation>): Annotation => ({ id, kind: 'claim', quote: id, ...x });
  const list = [a('c1', { status: 'disputed', author: 'Ana', tags: ['coup'] }), a('c2', { status: 'corroborated', author: 'Ben' }), a('n1', { kind: 'note', author: 'Ana' })];
  const cases: [AnnotationFilter, string | undefined, number][] = [
    [{ status: ['disputed'] }, undefined, 1],
    [{ author: ['Ana'] }, undefined, 2],
    [{ tag: ['coup'], author: ['Ben'] }, undefined, 0],
    [{ reliability: ['B'] }, 'B', 3],
    [{ reliability: ['B'] }, 'C', 0],
    [{ review: ['not-reviewed'], status: ['corroborated'] }, undefined, 1],
  ];
  for (const [f, grade, want] of cases) assert.equal(countMatching(list, f, (x) => ({ reliability: grade, status: x.status })), want, JSON.stringify(f));
});

test('replies: appending next to a long hand-written one-line reply only adds lines', () => {
  const long = 'Where does the second paragraph come from? The wire copy of the same day does not have it.';
  const hand = `marginalia: 1\nsource: coup.txt\nannotations:\n  - id: c1\n    kind: claim\n    quote: the plot\n    updated: 2026-11-28T09:00:00Z\n    updatedBy: Ana\n    replies:\n      - {id: r0, by: Cleo Marsh, at: 2026-11-29T08:00:00Z, text: "${long}"} # asked in the meeting\n      - {id: r5, by: Ana, at: 2026-11-29T09:00:00Z, text: ok}\n`;
  const p = parseSidecar(hand, F);
  const a = p.sidecar!.annotations[0];
  const out = serializeSidecar({ ...p.sidecar!, annotations: applyOps([a], [replyOp(a, 'Answered in the notes.', ben, 'r9')!]).annotations }, p.doc);
  const before = hand.split('\n');
  const after = out.split('\n');
  assert.deepEqual(before.filter((l) => !after.includes(l)), [], 'no line of the file is rewritten');
  assert.deepEqual(after.filter((l) => !before.includes(l)), ['      - {id: r9, by: Ben, at: 2026-11-29T11:00:00Z, text: Answered in the notes.}']);
  assert.deepEqual(parseSidecar(out, F).sidecar!.annotations[0].replies?.map((r) => r.text), [long, 'ok', 'Answered in the notes.']);
});

test('brief: a claim from a captured source cites it by title, publisher and date beside its reliability', () => {
  const text = 'Coup plot foiled\n\nOfficials said the plot was foiled.\n';
  const corpus = new Corpus(null);
  const sidecar = serializeSidecar({ ...base, reliability: 'B', provenance: { ...captured, sha256: sha256Hex(text) }, annotations: [{ id: 'c1', kind: 'claim', quote: 'the plot was foiled', status: 'disputed' }] });
  corpus.update('news/coup.txt', F, { text, sidecarText: sidecar });
  corpus.update('plain.txt', 'plain.txt.annotations.yaml', { text: 'Plain\n\nA claim here.\n', sidecarText: 'marginalia: 1\nsource: plain.txt\nannotations:\n  - {id: c2, kind: claim, quote: A claim here, status: disputed}\n' });
  const md = briefMarkdown(buildBrief(exportInput(corpus)));
  // (markdown escapes its punctuation: file text is inert in the brief too)
  assert.match(md, /\*\*Source:\*\* news\\\/coup\\\.txt — \*Coup plot foiled — The Courier\\, 2026\\-11\\-02\*/);
  assert.match(md, /\*\*Source reliability:\*\* B — usually reliable/);
  // without provenance: as before, the file and its first line
  assert.match(md, /\*\*Source:\*\* plain\\\.txt — \*Plain\*/);
});
