// A brat `.ann` is hostile input. A discontinuous span was quoted from its first fragment's start
// to its last fragment's end whatever lay between, so a line `0 1;239999 240000` quoted all of a
// 240 KB text: 400 such lines took 16.9 s and made a 102 MB sidecar. Now a `T` line whose
// fragments leave more than MAX_GAP characters between them is skipped with the reason, and a
// span's text is compared with the `.txt` only when their lengths agree (overlapping fragments
// `0 240000;0 240000;…` built a string longer than the file). Every other file imports exactly as
// before: the oracle is fromBrat as it was (test/fixtures/oracles/brat-v1.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromBrat, MAX_GAP } from '../../src/core/import/brat';
import { applyImport } from '../../src/core/import/apply';
import type { WorkspaceConfig } from '../../src/core/types';
import * as v1 from '../fixtures/oracles/brat-v1';

const registry = { marginalia: 1, entities: [{ id: 'mara', name: 'Mara', type: 'person', aliases: [] }], cues: [] } as unknown as WorkspaceConfig;

/**
 * The widest stretch between a span's fragments, the slow, obvious way: position by position, a
 * run of positions no fragment covers, cut where an empty fragment (`5 5`) stands.
 */
function widest(spans: [number, number][]): number {
  const lo = Math.min(...spans.map(([s]) => s));
  const hi = Math.max(...spans.map(([, e]) => e));
  let w = 0;
  let run = 0;
  for (let p = lo; p < hi; p++) {
    if (spans.some(([s, e]) => s <= p && p < e)) {
      run = 0;
      continue;
    }
    if (spans.some(([s, e]) => s === p && e === p)) run = 0;
    w = Math.max(w, ++run);
  }
  return w;
}

// a text of ~700 UTF-16 units with astral characters (code points and UTF-16 offsets differ) and line breaks
const TXT = Array.from({ length: 14 }, (_, i) => `Mara 𝐀 met Aurel ${i} at the pier;\r\nthe 🚢 sailed.\n\n`).join('');
const cpText = Array.from(TXT);

const fragment = fc.record({ s: fc.integer({ min: 0, max: 720 }), len: fc.constantFrom(0, 1, 3, 5, 12) });
const tline = fc.record({
  type: fc.constantFrom('person', 'Note', 'Claim', 'place'),
  frags: fc.array(fragment, { minLength: 1, maxLength: 4 }),
  // which text the line carries: the fragments' text by code points, by UTF-16 units, or another
  text: fc.constantFrom('cp', 'utf16', 'other'),
  rel: fc.option(fc.nat(8), { nil: undefined }),
  // fragments near each other (as line breaks leave them) or anywhere
  near: fc.boolean(),
});
const annArb = fc.array(tline, { maxLength: 10 }).map((ls) => {
  const lines: string[] = [];
  const spansOf: { line: number; spans: [number, number][] }[] = [];
  ls.forEach((l, i) => {
    let at = l.frags[0].s;
    const spans = l.frags.map((f): [number, number] => {
      const s = l.near ? (at = Math.min(720, at + (f.s % 40))) : f.s;
      return [s, s + f.len];
    });
    // one line, as in any `.ann` (a fragment over a line break then disagrees with the `.txt`)
    const text = (l.text === 'cp' ? spans.map(([s, e]) => cpText.slice(s, e).join('')).join(' ') : l.text === 'utf16' ? spans.map(([s, e]) => TXT.slice(s, e)).join(' ') : 'Mara').replace(/[\r\n]/g, ' ');
    spansOf.push({ line: lines.length + 1, spans });
    lines.push(`T${i + 1}\t${l.type} ${spans.map(([s, e]) => `${s} ${e}`).join(';')}\t${text}`);
    if (l.rel !== undefined) lines.push(`R${i + 1}\tsupports Arg1:T${i + 1} Arg2:T${l.rel}`);
  });
  return { ann: lines.join('\n'), spansOf };
});

test('fragments at most MAX_GAP apart: the same batch as before; wider ones skipped with the reason, the rest as before', () => {
  let wideSeen = 0;
  let narrowSeen = 0;
  fc.assert(
    fc.property(annArb, fc.boolean(), ({ ann, spansOf }, withRegistry) => {
      const reg = withRegistry ? registry : null;
      const got = fromBrat(ann, TXT, reg);
      const wide = new Set(spansOf.filter((t) => widest(t.spans) > MAX_GAP).map((t) => t.line));
      wideSeen += wide.size;
      narrowSeen += spansOf.length - wide.size;
      if (wide.size === 0) return assert.deepEqual(got, v1.fromBrat(ann, TXT, reg));
      // as if those lines were not there (blank lines keep the others' numbers)
      const without = ann.split('\n').map((l, i) => (wide.has(i + 1) ? '' : l)).join('\n');
      const before = v1.fromBrat(without, TXT, reg);
      const isGap = (r: string) => r.includes('its fragments leave');
      assert.deepEqual(got.items, before.items);
      assert.deepEqual(got.newEntities, before.newEntities);
      assert.deepEqual(got.skipped.filter((s) => !isGap(s.reason)), before.skipped);
      assert.deepEqual(got.skipped.filter((s) => isGap(s.reason)).map((s) => s.origin), [...wide].map((n) => `line ${n}`));
    }),
    { numRuns: 1500 },
  );
  assert.ok(wideSeen > 100 && narrowSeen > 100, `both kinds generated (${wideSeen} wide, ${narrowSeen} narrow)`);
});

test('a span split at line breaks (brat, our export) is one annotation quoting all of it, as before', () => {
  const txt = 'Intro.\r\nThe strike\r\n\r\nbegan at\n\n\n\ndawn today.\n';
  const ann = 'T1\tNote 8 18;22 30;34 38\tThe strike began at dawn\n';
  const got = fromBrat(ann, txt, null);
  assert.deepEqual(got, v1.fromBrat(ann, txt, null));
  assert.deepEqual(got.items[0].record, { id: 'brat-T1', kind: 'note', quote: 'The strike\r\n\r\nbegan at\n\n\n\ndawn', start: 8, end: 38 });
});

test('the bound: a gap of MAX_GAP is imported, one more is skipped; relations to a skipped span are skipped as before', () => {
  const txt = `a${'.'.repeat(MAX_GAP)}b.c`;
  const at = MAX_GAP + 1;
  const ann = [`T1\tNote 0 1;${at} ${at + 1}\ta b`, `T2\tNote 0 1;${at + 2} ${at + 3}\ta c`, 'R1\tsupports Arg1:T1 Arg2:T2', 'R2\tsupports Arg1:T2 Arg2:T1'].join('\n');
  const got = fromBrat(ann, txt, null);
  assert.deepEqual(
    got.items.map((i) => i.record),
    [{ id: 'brat-T1', kind: 'note', quote: txt.slice(0, at + 1), start: 0, end: at + 1 }],
  );
  assert.deepEqual(got.skipped, [
    { origin: 'line 2', reason: `T2: its fragments leave ${MAX_GAP + 2} characters between them; a Marginalia annotation is one stretch of text, and fragments at most ${MAX_GAP} apart are imported as one` },
    { origin: 'R1', reason: 'a relation to an annotation that is not a text span here' },
    { origin: 'R2', reason: 'a relation to an annotation that is not a text span here' },
  ]);
});

test('the hostile file: 400 spans from the first character to the last of a 240 KB text are skipped, each with the reason; nothing written', () => {
  const txt = 'The cat sat on the mat. '.repeat(10_000);
  const L = txt.length;
  const ann = Array.from({ length: 400 }, (_, i) => `T${i + 1}\tNote 0 1;${L - 1} ${L}\tT  `).join('\n') + '\n';
  const batch = fromBrat(ann, txt, null);
  const applied = applyImport('doc.txt', 'doc.txt.yaml', txt, null, batch.items);
  assert.equal(batch.items.length, 0);
  assert.equal(batch.skipped.length, 400);
  assert.match(batch.skipped[0].reason, new RegExp(`^T1: its fragments leave ${L - 2} characters between them`));
  assert.equal(applied.text, null, 'nothing written');
  assert.ok(JSON.stringify(batch).length < 100 * ann.length, 'the result is bounded by the file');
});

test('overlapping fragments longer than the file: compared by length first, the result as before', () => {
  const txt = 'x'.repeat(24_000);
  const small = `T1\tNote ${Array(20).fill('0 24000').join(';')}\tshort\n`;
  assert.deepEqual(fromBrat(small, txt, null), v1.fromBrat(small, txt, null));
  // 2,000 fragments of the whole of a 240 KB text: a 480 MB string before (3.2 s)
  const big = 'x'.repeat(240_000);
  const ann = `T1\tNote ${Array(2000).fill('0 240000').join(';')}\tshort\n`;
  const got = fromBrat(ann, big, null);
  assert.deepEqual(got.items[0].record, { id: 'brat-T1', kind: 'note', quote: 'short' });
});

test('a line of 200,000 fragments is read (Math.min(...spans) threw RangeError before)', () => {
  const k = 200_000;
  const ann = `T1\tNote ${Array(k).fill('0 1').join(';')}\t${Array(k).fill('T').join(' ')}\n`;
  assert.throws(() => v1.fromBrat(ann, 'T and more', null), RangeError);
  assert.deepEqual(fromBrat(ann, 'T and more', null).items[0].record, { id: 'brat-T1', kind: 'note', quote: 'T', start: 0, end: 1 });
});
