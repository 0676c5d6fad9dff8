import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addEntityToWorkspace, newWorkspaceText, parseSidecar, parseWorkspace, readSidecarFast, serializeSidecar } from '../../src/core/format';
import { applyOps } from '../../src/core/ops';
import type { Annotation, HistoryEntry, Sidecar } from '../../src/core/types';

const F = 'notes/article.txt.annotations.yaml';

function valid(text: string): Sidecar {
  const p = parseSidecar(text, F);
  assert.deepEqual(p.problems.filter((x) => x.severity === 'error'), [], 'expected no errors');
  assert.ok(p.sidecar);
  return p.sidecar;
}

const base: Annotation[] = [
  { id: 'a1', kind: 'claim', quote: 'troops were withdrawn on 4 March', prefix: 'the ministry said ', suffix: ', but', start: 120, end: 152, status: 'disputed', credibility: 4, tags: ['withdrawal'], author: 'R. Analyst', created: '2026-11-21T10:00:00Z', updated: '2026-11-21T10:05:00Z' },
  { id: 'e1', kind: 'entity', quote: 'General Varos', start: 10, end: 23, entity: 'varos-tamrazian' },
  { id: 'n1', kind: 'note', quote: 'Iskander', note: 'First line of the note.\nSecond line, with **markdown**.' },
];

test('a hand-written minimal note is valid: only id, kind and quote are required', () => {
  const s = valid('marginalia: 1\nsource: article.txt\nannotations:\n  - {id: n1, kind: note, quote: Iskander, note: a missile system}\n');
  assert.deepEqual(s.annotations, [{ id: 'n1', kind: 'note', quote: 'Iskander', note: 'a missile system' }]);
});

test('round trip: serialize then parse gives the same annotations, ordered by position then id', () => {
  const sc: Sidecar = { marginalia: 1, source: 'article.txt', annotations: base };
  const text = serializeSidecar(sc);
  const back = valid(text);
  assert.deepEqual(back.annotations.map((a) => a.id), ['e1', 'a1', 'n1']);
  assert.deepEqual(back.annotations.find((a) => a.id === 'a1'), base[0]);
  assert.deepEqual(back.annotations.find((a) => a.id === 'n1'), base[2]);
  assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), 'one final newline');
  assert.ok(!text.includes('\r'), 'LF only');
});

test('writing is deterministic: same annotations in any order give the same bytes', () => {
  const a = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: base });
  const b = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: [...base].reverse() });
  assert.equal(a, b);
  assert.equal(serializeSidecar(valid(a), parseSidecar(a, F).doc), a, 'a rewrite of a written file changes nothing');
});

test('multi-line and long text use block scalars, and odd strings still round-trip', () => {
  const odd = ['  leading spaces', 'trailing spaces  ', 'tab\there', 'x: y # not a comment', '- dash', '"quoted"', 'a\n\n\nb\n', 'ends with newline\n', 'yes', '1234', '@at', 'long '.repeat(40) + ' end  '];
  const sc: Sidecar = { marginalia: 1, source: 'article.txt', annotations: odd.map((q, i) => ({ id: `o${i}`, kind: 'note' as const, quote: q, note: q })) };
  const text = serializeSidecar(sc);
  assert.match(text, /note: \|/);
  assert.match(text, /quote: >-/);
  const back = valid(text);
  for (const a of back.annotations) assert.equal(a.quote, odd[Number(a.id.slice(1))]);
});

test('adding one annotation changes only that annotation’s lines', () => {
  const before = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: base });
  const added: Annotation = { id: 'c2', kind: 'claim', quote: 'the plot was directed from abroad', start: 60, end: 93, status: 'unverified' };
  const after = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: [...base, added] }, parseSidecar(before, F).doc);
  const a = before.split('\n');
  const b = after.split('\n');
  // the new lines form one contiguous block inserted into the old file
  let i = 0;
  while (a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  const inserted = b.slice(i, b.length - j);
  assert.equal(a.length - i - j, 0, 'no old line changed or removed');
  assert.ok(inserted.every((l) => l === '' || l.startsWith('  ')), inserted.join('\n'));
  assert.ok(inserted.some((l) => l.includes('id: c2')));
  assert.ok(inserted.length <= 8);
});

test('changing a status is a one-line diff', () => {
  const before = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: base });
  const changed = base.map((a) => (a.id === 'a1' ? { ...a, status: 'refuted' as const } : a));
  const after = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: changed }, parseSidecar(before, F).doc);
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length);
  assert.deepEqual(a.map((l, k) => (l === b[k] ? null : [l, b[k]])).filter(Boolean), [['    status: disputed', '    status: refuted']]);
});

test('comments and unknown fields written by hand survive a rewrite', () => {
  const text = [
    '# Shared notes for the Vardan article',
    'marginalia: 1',
    'source: article.txt',
    'reviewed-by: desk',
    'annotations:',
    '  # the key claim',
    '  - id: a1',
    '    kind: claim # checked twice',
    '    quote: the plot was directed from abroad',
    '    status: unverified',
    '    x-priority: high',
    '',
  ].join('\n');
  const p = parseSidecar(text, F);
  const sc = valid(text);
  sc.annotations[0].status = 'disputed';
  sc.annotations.push({ id: 'b2', kind: 'note', quote: 'Vardan', start: 0, end: 6 });
  const out = serializeSidecar(sc, p.doc);
  for (const kept of ['# Shared notes for the Vardan article', 'reviewed-by: desk', '# the key claim', 'kind: claim # checked twice', 'x-priority: high', 'status: disputed']) {
    assert.ok(out.includes(kept), `kept: ${kept}\n${out}`);
  }
});

// Bad input: every case names the file, line and column, and the file is not writable.
const bad: [name: string, text: string, line: number, column: number, message: RegExp][] = [
  ['broken YAML', 'marginalia: 1\nsource: article.txt\nannotations:\n  - id: a1\n    quote: [unclosed\n', 6, 1, /YAML/],
  ['unknown version', 'marginalia: 2\nsource: article.txt\n', 1, 13, /unsupported format version 2/],
  ['missing version', 'source: article.txt\n', 1, 1, /missing `marginalia: 1`/],
  ['missing source', 'marginalia: 1\nannotations: []\n', 1, 1, /`source` must name/],
  ['absolute source', 'marginalia: 1\nsource: /etc/passwd\n', 2, 9, /must be "article.txt"/],
  ['duplicate id', 'marginalia: 1\nsource: article.txt\nannotations:\n  - {id: a1, kind: note, quote: x}\n  - {id: a1, kind: note, quote: y}\n', 5, 10, /duplicate id "a1"/],
  ['missing quote', 'marginalia: 1\nsource: article.txt\nannotations:\n  - id: a1\n    kind: note\n', 4, 5, /missing `quote`/],
  ['unknown kind', 'marginalia: 1\nsource: article.txt\nannotations:\n  - id: a1\n    kind: rumour\n    quote: x\n', 5, 11, /unknown kind "rumour"/],
  ['unknown status', 'marginalia: 1\nsource: article.txt\nannotations:\n  - id: a1\n    kind: claim\n    quote: x\n    status: maybe\n', 7, 13, /unknown status "maybe"/],
  ['credibility out of range', 'marginalia: 1\nsource: article.txt\nannotations:\n  - {id: a1, kind: claim, quote: x, credibility: 9}\n', 4, 50, /credibility/],
  ['negative offset', 'marginalia: 1\nsource: article.txt\nannotations:\n  - {id: a1, kind: note, quote: x, start: -3}\n', 4, 43, /start/],
  ['link with a URI', 'marginalia: 1\nsource: article.txt\nannotations:\n  - id: a1\n    kind: claim\n    quote: x\n    links: [{rel: supports, to: "command:workbench.action.terminal.new#x"}]\n', 7, 33, /relative path, not a URI/],
  ['link with unknown rel', 'marginalia: 1\nsource: article.txt\nannotations:\n  - id: a1\n    kind: claim\n    quote: x\n    links: [{rel: proves, to: b.txt#x}]\n', 7, 19, /unknown link rel/],
  ['conflict markers', 'marginalia: 1\nsource: article.txt\nannotations:\n<<<<<<< HEAD\n  - {id: a1, kind: note, quote: x}\n=======\n  - {id: a1, kind: note, quote: y}\n>>>>>>> theirs\n', 4, 1, /merge conflict/],
  ['alias bomb', 'marginalia: 1\nsource: article.txt\nx0: &a [1,1,1,1,1,1,1,1,1,1]\nx1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nx2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx3: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nannotations:\n  - {id: a1, kind: note, quote: x, tags: *d}\n', 8, 42, /tags|alias|resource/],
  ['not a mapping', '- just\n- a list\n', 1, 1, /must be a mapping/],
];

for (const [name, text, line, column, message] of bad) {
  test(`bad input is reported with file, line and column: ${name}`, () => {
    const p = parseSidecar(text, F);
    assert.equal(p.writable, false, 'an invalid sidecar must never be overwritten');
    const err = p.problems.find((x) => x.severity === 'error');
    assert.ok(err, 'an error is reported');
    assert.equal(err.file, F);
    assert.match(err.message, message);
    assert.deepEqual([err.line, err.column], [line, column], err.message);
  });
}

test('the JSON Schema describes exactly the fields the reader knows', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { ANNOTATION_KEYS } = await import('../../src/core/format');
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/sidecar.schema.json'), 'utf8'));
  assert.deepEqual(Object.keys(schema.definitions.annotation.properties).sort(), [...ANNOTATION_KEYS].sort());
  assert.deepEqual(schema.definitions.annotation.properties.kind.enum, ['entity', 'claim', 'note']);
  assert.deepEqual(schema.definitions.annotation.properties.status.enum, ['unverified', 'disputed', 'corroborated', 'refuted']);
});

test('context with line breaks and trailing spaces is written in a form that reads back', () => {
  const tricky = ['or hours.\n\nThe Halden Institute ', ' x\n\n  y ', '\n', 'a \n b', '\n\nThe', 'end.\n \n'];
  const sc: Sidecar = { marginalia: 1, source: 'article.txt', annotations: tricky.map((t, i) => ({ id: `t${i}`, kind: 'note' as const, quote: 'q', prefix: t, suffix: t, note: t })) };
  const back = valid(serializeSidecar(sc));
  for (const a of back.annotations) {
    const t = tricky[Number(a.id.slice(1))];
    assert.deepEqual([a.prefix, a.suffix, a.note], [t, t, t]);
  }
});

test('any text an analyst can select survives a write and a read (500 random strings, fixed seed)', () => {
  const alphabet = ['a', 'Z', ' ', '  ', '\n', '\n\n', '\t', ':', '#', '-', '"', "'", '’', '“', '”', '|', '>', '{', '}', '[', ']', '&', '*', '!', '%', '@', '`', '😀', 'é', '\\', '\r\n', '0', '1.5', 'yes', 'null', '~'];
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const strings = Array.from({ length: 500 }, () => Array.from({ length: 1 + rand(40) }, () => alphabet[rand(alphabet.length)]).join(''));
  const sc: Sidecar = { marginalia: 1, source: 'article.txt', annotations: strings.map((t, i) => ({ id: `r${i}`, kind: 'note' as const, quote: t, prefix: t.slice(0, 32), note: t.repeat(3) })) };
  const back = valid(serializeSidecar(sc));
  for (const a of back.annotations) {
    const t = strings[Number(a.id.slice(1))];
    assert.deepEqual([a.quote, a.prefix, a.note], [t, t.slice(0, 32), t.repeat(3)], JSON.stringify(t));
  }
});

// The yaml library folds a double-quoted text with line breaks over several lines, and for a line
// holding only spaces it wrote a backslash where the space was: the note
// "\n\n \n the minister" read back as "\n\n\\\n the minister". Texts the writer double-quotes
// are exactly those a block scalar cannot hold (spaces around line breaks, tabs), so they are
// generated here around breaks and spaces.
const spaced = fc.array(fc.constantFrom(' ', '  ', '\n', '\n\n', '\t', 'the', 'minister', '12:30', '"', '\\', 'é', '😀', '\u00a0', '#', ':'), { minLength: 1, maxLength: 60 }).map((p) => p.join(''));

test('a note, quote, context or reply with spaces around line breaks reads back exactly as written', () => {
  fc.assert(
    fc.property(fc.array(spaced, { minLength: 1, maxLength: 4 }), (texts) => {
      const sc: Sidecar = {
        marginalia: 1,
        source: 'article.txt',
        annotations: texts.map((t, i) => ({ id: `s${i}`, kind: 'claim' as const, quote: `q${t}`, prefix: t, note: t, replies: [{ id: `r${i}`, by: 'R. Analyst', at: '2026-11-21T10:00:00Z', text: t }] })),
      };
      const back = valid(serializeSidecar(sc));
      for (const a of back.annotations) {
        const t = texts[Number(a.id.slice(1))];
        assert.deepEqual([a.quote, a.prefix, a.note, a.replies?.[0]?.text], [`q${t}`, t, t, t], JSON.stringify(t));
      }
    }),
    { numRuns: 400, seed: 20261130 },
  );
  // the case found: three lines, one holding a space
  const note = '\n\n \n the the the 12:30 minister the';
  assert.equal(valid(serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: [{ id: 'x', kind: 'note', quote: 'q', note }] })).annotations[0].note, note);
});

test('a registry note with spaces around line breaks reads back exactly as written', () => {
  fc.assert(
    fc.property(spaced, (note) => {
      const text = addEntityToWorkspace(parseWorkspace(newWorkspaceText(), 'marginalia.yaml'), { id: 'varos', name: 'General Varos', type: 'person', aliases: [], note });
      const back = parseWorkspace(text, 'marginalia.yaml');
      assert.equal(back.config?.entities[0]?.note, note, JSON.stringify(note));
    }),
    { numRuns: 300, seed: 20261130 },
  );
});

// Who changed what (issue 9): a change made with an actor, as the extension makes it.
test('a status change by another analyst is a diff of the status line, updated/updatedBy and one appended history line', () => {
  const before = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: base });
  const { annotations } = applyOps(valid(before).annotations, [{ type: 'update', id: 'a1', set: { status: 'refuted' } }], { by: 'Ben Byrne', at: '2026-11-29T10:00:00Z' });
  const after = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations }, parseSidecar(before, F).doc);
  const a = before.split('\n');
  const b = after.split('\n');
  const removed = a.filter((l) => !b.includes(l));
  const added = b.filter((l) => !a.includes(l));
  assert.deepEqual(removed, ['    status: disputed', '    updated: 2026-11-21T10:05:00Z']);
  assert.deepEqual(added, [
    '    status: refuted',
    '    updated: 2026-11-29T10:00:00Z',
    '    updatedBy: Ben Byrne',
    '    history:',
    '      - {at: 2026-11-29T10:00:00Z, by: Ben Byrne, field: status, from: disputed, to: refuted}',
  ]);
  assert.ok(after.includes('    author: R. Analyst\n'), 'the creator is kept');
  // a second change appends one line, nothing else in the history moves
  const again = applyOps(valid(after).annotations, [{ type: 'update', id: 'a1', set: { credibility: 2 } }], { by: 'Cleo Reviewer', at: '2026-11-30T08:00:00Z' });
  const third = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: again.annotations }, parseSidecar(after, F).doc);
  assert.deepEqual(third.split('\n').filter((l) => !b.includes(l)), [
    '    credibility: 2',
    '    updated: 2026-11-30T08:00:00Z',
    '    updatedBy: Cleo Reviewer',
    '      - {at: 2026-11-30T08:00:00Z, by: Cleo Reviewer, field: credibility, from: 4, to: 2}',
  ]);
});

test('history round-trips: tags, links, long and multi-line notes, odd text; an entry too long for a line is a block mapping', () => {
  const history: HistoryEntry[] = [
    { at: '2026-11-29T10:00:00Z', by: 'Ben: Byrne #2', field: 'tags', from: ['a', 'b: c'], to: ['a'] },
    { at: '2026-11-29T10:00:00Z', by: 'Ben Byrne', field: 'links', to: [{ rel: 'contradicts', to: 'b.txt#x' }] },
    { at: '2026-11-29T10:01:00Z', by: 'Ben Byrne', field: 'note', from: 'yes', to: `line one\nline two ${'long '.repeat(30)}` },
    { at: '2026-11-29T10:02:00Z', by: 'Ben Byrne', field: 'quote', from: '  "quoted" — “curly” ', to: 'null' },
    { at: '2026-11-29T10:03:00Z', by: 'Ben Byrne', field: 'credibility', from: 3 },
  ];
  const text = serializeSidecar({ marginalia: 1, source: 'article.txt', annotations: [{ ...base[0], updatedBy: 'Ben Byrne', history }] });
  assert.deepEqual(valid(text).annotations[0].history, history);
  assert.deepEqual(readSidecarFast(text, F)?.annotations[0].history, history, 'the fast reader reads the same');
  const lines = text.split('\n').filter((l) => l.startsWith('      - '));
  assert.equal(lines.length, history.length);
  const oneLine = lines.filter((l) => l.startsWith('      - {') && l.endsWith('}'));
  assert.deepEqual(oneLine.map((l) => /field: (\w+)/.exec(l)?.[1]), ['tags', 'credibility'], 'short entries on one line each');
  assert.ok(oneLine.every((l) => l.length <= 100));
  assert.equal(serializeSidecar(valid(text)), text, 'stable when written again');
});

test('history and updatedBy: bad entries are located errors, never kept', () => {
  const head = 'marginalia: 1\nsource: article.txt\nannotations:\n  - id: c1\n    kind: claim\n    quote: q\n';
  for (const [bad, message] of [
    ['    history: nope\n', /`history` must be a list/],
    ['    history:\n      - {at: t, field: status}\n', /history entry 1: `by` must be one line/],
    ['    history:\n      - {at: t, by: "a\\u001bb", field: status}\n', /history entry 1: `by` must be one line/],
    ['    history:\n      - {at: t, by: b, field: status, when: x}\n', /unknown key "when"/],
    ['    updatedBy: [x]\n', /`updatedBy` must be text/],
    ['    conflicts:\n      - {field: history, values: [{value: []}, {value: []}]}\n', /conflict on "history": this field cannot be in conflict/],
    ['    conflicts:\n      - {field: updatedBy, values: [{value: a}, {value: b}]}\n', /conflict on "updatedBy": this field cannot be in conflict/],
  ] as const) {
    const p = parseSidecar(head + bad, F);
    assert.ok(p.problems.some((x) => x.severity === 'error' && message.test(x.message) && x.line >= 7), `${bad}: ${JSON.stringify(p.problems)}`);
  }
});
