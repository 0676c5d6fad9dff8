// CSV, brat and the brief on the sample corpus and on crafted files: CSV read back by a real
// parser (csv-parse), Excel mode's formula guard; brat offsets (code points, astral characters)
// and the round trip of entities and notes; the brief's order, caveats, filters, and file text
// kept inert in Markdown and escaped in HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { main } from '../../src/cli/main';
import { parseSidecar } from '../../src/core/format';
import { scratchDir } from './scratch';

const SAMPLE = path.join(__dirname, '..', '..', 'sample');

async function run(cwd: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}
const tmp = (n: string) => scratchDir(`marginalia-${n}-`);

/** A corpus with the awkward cases: astral characters, a formula-like note, a multi-line quote, an orphan, HTML and markdown in notes. */
function crafted(): string {
  const dir = tmp('crafted');
  const text = 'Rally 🚩 in Aurel: =SUM(A1) said the crowd.\nThe minister denied it\nat once.\n';
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities:\n  - {id: aurel, name: Aurel, type: place}\n');
  fs.writeFileSync(path.join(dir, 'a.txt'), text);
  fs.writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), [
    'marginalia: 1', 'source: a.txt', 'annotations:',
    '  - {id: e1, kind: entity, quote: Aurel, start: 11, end: 16, entity: aurel}',
    '  - {id: n1, kind: note, quote: "=SUM(A1)", start: 18, end: 26, note: "=HYPERLINK(\\"http://x\\") <img src=x onerror=alert(1)> [go](command:evil)", author: "@bob"}',
    '  - {id: c2, kind: claim, quote: said the crowd, start: 27, end: 41, status: disputed, note: "<img src=x onerror=alert(1)> [go](command:evil) # not a heading"}',
    '  - {id: c1, kind: claim, quote: "The minister denied it\\nat once", start: 43, end: 73, status: refuted, credibility: 5, note: "line one, \\"quoted\\"\\nline two", links: [{rel: contradicts, to: "#n1"}, {rel: supports, to: "b.txt#zz"}]}',
    '  - {id: o1, kind: note, quote: words that are gone, note: orphan}',
    '',
  ].join('\n'));
  return dir;
}

test('CSV: RFC 4180 read back by csv-parse, header first, one row per annotation, orphans with their state', async () => {
  const dir = crafted();
  const r = await run(dir, 'export', '--format', 'csv');
  assert.equal(r.code, 0, r.err);
  const rows = parse(r.out, { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]).slice(0, 17), ['source', 'id', 'kind', 'state', 'start', 'end', 'quote', 'status', 'credibility', 'reliability', 'entity', 'entity_name', 'note', 'tags', 'author', 'created', 'updated']);
  assert.deepEqual(rows.map((x) => x.id), ['e1', 'n1', 'c2', 'c1', 'o1']);
  const c1 = rows.find((x) => x.id === 'c1')!;
  assert.equal(c1.quote, 'The minister denied it\nat once');
  assert.equal(c1.note, 'line one, "quoted"\nline two');
  assert.equal(c1.status, 'refuted');
  assert.equal(rows.find((x) => x.id === 'e1')!.entity_name, 'Aurel');
  assert.equal(rows.find((x) => x.id === 'n1')!.quote, '=SUM(A1)', 'plain CSV is byte-exact for scripts');
  const o1 = rows.find((x) => x.id === 'o1')!;
  assert.deepEqual([o1.state, o1.start, o1.end], ['orphaned', '', '']);
  const sample = parse((await run(SAMPLE, 'export', '--format', 'csv')).out, { columns: true }) as Record<string, string>[];
  assert.equal(sample.length, 22);
});

test('CSV --excel: BOM, CRLF, and cells a spreadsheet would run as formulas start with an apostrophe', async () => {
  const r = await run(crafted(), 'export', '--format', 'csv', '--excel');
  assert.ok(r.out.startsWith('\uFEFFsource,id,'));
  assert.ok(r.out.split('\r\n').length > 4);
  assert.doesNotMatch(r.out.replace(/"[^"]*"/g, ''), /[^\r]\n/, 'every row ends in CRLF');
  const rows = parse(r.out, { columns: true, bom: true }) as Record<string, string>[];
  const n1 = rows.find((x) => x.id === 'n1')!;
  assert.equal(n1.quote, "'=SUM(A1)");
  assert.ok(n1.note.startsWith("'=HYPERLINK"));
  assert.equal(n1.author, "'@bob");
  for (const row of rows) for (const v of Object.values(row)) assert.doesNotMatch(v, /^[=+\-@\t\r]/);
});

test('brat: code-point offsets (an emoji is one), fragments per line, notes, relations, cross-source links as comments, conf', async () => {
  const dir = crafted();
  const out = path.join(tmp('brat'), 'out');
  const r = await run(dir, 'export', '--format', 'brat', '-o', out);
  assert.equal(r.code, 0, r.err);
  const txt = fs.readFileSync(path.join(out, 'a.txt'), 'utf8');
  const ann = fs.readFileSync(path.join(out, 'a.ann'), 'utf8');
  const cps = Array.from(txt);
  for (const line of ann.split('\n').filter((l) => l.startsWith('T'))) {
    const [, spec, text] = line.split('\t');
    const frags = spec.split(' ').slice(1).join(' ').split(';').map((f) => f.split(' ').map(Number));
    assert.equal(frags.map(([s, e]) => cps.slice(s, e).join('')).join(' '), text, line);
  }
  assert.match(ann, /^T1\tplace 11 16\tAurel$/m);
  assert.match(ann, /^T4\tClaim-refuted 43 65;66 73\tThe minister denied it at once$/m);
  assert.match(ann, /^N\d+\tReference T1 marginalia:aurel\tAurel$/m);
  assert.match(ann, /^N\d+\tReference T1 sidecar:e1\ta\.txt$/m);
  assert.match(ann, /^#\d+\tAnnotatorNotes T4\tline one, "quoted" line two$/m);
  assert.match(ann, /^R1\tcontradicts Arg1:T4 Arg2:T2$/m);
  assert.match(ann, /^#\d+\tCrossSourceLink T4\tsupports b\.txt#zz$/m);
  assert.match(fs.readFileSync(path.join(out, 'a.orphans.txt'), 'utf8'), /o1\tnote\twords that are gone/);
  const conf = fs.readFileSync(path.join(out, 'annotation.conf'), 'utf8');
  for (const t of ['[entities]', 'place', 'person', 'Claim-disputed', 'Note', '[relations]', 'contradicts\tArg1:<ENTITY>, Arg2:<ENTITY>']) assert.ok(conf.includes(t), t);
  assert.equal((await run(dir, 'export', '--format', 'brat')).code, 2, 'brat needs -o DIR');
});

test('brat round trip on the sample corpus: entities and notes come back with their ids, offsets, entity and note', async () => {
  const out = path.join(tmp('brat-rt'), 'out');
  assert.equal((await run(SAMPLE, 'export', '--format', 'brat', '-o', out)).code, 0);
  const copy = tmp('brat-copy');
  fs.cpSync(SAMPLE, copy, { recursive: true, filter: (s) => !s.endsWith('.annotations.yaml') });
  for (const rel of ['coup-plot-uncovered', 'troops-withdrawn-from-sovren', 'analysis/satellite-images-kareva']) {
    const r = await run(copy, 'import', path.join(out, `${rel}.ann`), '--format', 'brat', '--source', `${rel}.txt`);
    assert.equal(r.code, 0, r.out + r.err);
    assert.doesNotMatch(r.out, /adding \d+ entit/, 'every entity is found in the registry');
    const original = parseSidecar(fs.readFileSync(path.join(SAMPLE, `${rel}.txt.annotations.yaml`), 'utf8'), 'x').sidecar!.annotations;
    const imported = parseSidecar(fs.readFileSync(path.join(copy, `${rel}.txt.annotations.yaml`), 'utf8'), 'x').sidecar!.annotations;
    const pick = (a: (typeof original)[number]) => ({ id: a.id, kind: a.kind, quote: a.quote, start: a.start, end: a.end, entity: a.entity, note: a.note?.replace(/\s+/g, ' '), status: a.status });
    assert.deepEqual(imported.map(pick), original.map(pick), rel);
    const again = await run(copy, 'import', path.join(out, `${rel}.ann`), '--format', 'brat', '--source', `${rel}.txt`);
    assert.match(again.out, / 0 placed, 0 orphaned, 0 updated/);
  }
});

test('brat import from another tool: entities by name or created (listed first under --dry-run), UTF-16 offsets tolerated', async () => {
  const dir = tmp('brat-in');
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities:\n  - {id: aurel, name: Aurel, type: place}\n');
  const text = '🚩 Rally in Aurel led by Mara Eklund.\n';
  fs.writeFileSync(path.join(dir, 'doc.txt'), text);
  // offsets in UTF-16 units, as a JavaScript tool writes them: the flag counts two
  fs.writeFileSync(path.join(dir, 'doc.ann'), 'T1\tPlace 12 17\tAurel\nT2\tPerson 25 36\tMara Eklund\n#1\tAnnotatorNotes T2\tunion negotiator\nE1\tAttack:T1\n');
  const dry = await run(dir, 'import', 'doc.ann', '--format', 'brat', '--dry-run');
  assert.equal(dry.code, 0, dry.out + dry.err);
  assert.match(dry.out.split('\n')[0], /^would add 1 entity to marginalia\.yaml: Mara Eklund \(person, mara-eklund\)/);
  assert.match(dry.out, /skipped line 4: E1: events cannot be imported/);
  assert.ok(!fs.existsSync(path.join(dir, 'doc.txt.annotations.yaml')));
  const r = await run(dir, 'import', 'doc.ann', '--format', 'brat');
  assert.equal(r.code, 0, r.out);
  assert.match(fs.readFileSync(path.join(dir, 'marginalia.yaml'), 'utf8'), /id: mara-eklund\n\s+name: Mara Eklund\n\s+type: person/);
  const a = parseSidecar(fs.readFileSync(path.join(dir, 'doc.txt.annotations.yaml'), 'utf8'), 'doc.txt.annotations.yaml').sidecar!.annotations;
  assert.deepEqual(a.map((x) => [x.id, x.entity, x.start, x.end, x.note]), [['brat-T1', 'aurel', 11, 16, undefined], ['brat-T2', 'mara-eklund', 24, 35, 'union negotiator']]);
});

test('brief: disputed and refuted first, evidence with quotes, Admiralty words, entity index, caveats', async () => {
  const r = await run(SAMPLE, 'export', '--format', 'brief');
  assert.equal(r.code, 0, r.err);
  const md = r.out;
  const order = ['## Disputed', '## Refuted', '## Unverified', '## Corroborated', '## Entities', '## Caveats'].map((h) => md.indexOf(h));
  assert.ok(order.every((x, i) => x >= 0 && (i === 0 || x > order[i - 1])), JSON.stringify(order));
  assert.match(md, /\*\*Credibility:\*\* 3 — possibly true/);
  assert.match(md, /\*\*Source reliability:\*\* C — fairly reliable/);
  assert.match(md, /\*\*Evidence against:\*\*\n {2}- contradicts analysis\\\/satellite\\-images\\-kareva\\\.txt/);
  assert.match(md, /\| Veldonia \| place \| \d+ \|/);
  assert.match(md, /None: every annotation is placed/);
  const dis = await run(SAMPLE, 'export', '--format', 'brief', '--status', 'refuted');
  assert.doesNotMatch(dis.out, /## Disputed/);
  assert.match(dis.out, /## Refuted — 1 claim/);
  const tag = await run(SAMPLE, 'export', '--format', 'brief', '--tag', 'money');
  assert.match(tag.out, /1 claim shown/);
  const who = await run(SAMPLE, 'export', '--format', 'brief', '--author', 'Nobody');
  assert.match(who.out, /No claims match/);
  const src = await run(SAMPLE, 'export', '--format', 'brief', '--source', 'analysis');
  assert.match(src.out, /1 source,/);
});

test('brief of hostile files: Markdown renders their text as text; HTML escapes it and loads nothing', async () => {
  const dir = crafted();
  const md = (await run(dir, 'export', '--format', 'brief')).out;
  assert.doesNotMatch(md, /\[go\]\(command:/);
  assert.doesNotMatch(md, /<img/);
  assert.match(md, /> &lt;img src\\=x onerror\\=alert\\\(1\\\)&gt; \\\[go\\\]\\\(command\\:evil\\\) \\# not a heading/);
  assert.match(md, /\*\*Orphaned\*\* in a\\\.txt \(o1\)/);
  const html = (await run(dir, 'export', '--format', 'html')).out;
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  assert.doesNotMatch(html, /<img|<script|<link|<[^>]*\s(src|href)=/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /Orphaned<\/strong> in a\.txt \(o1\)/);
});
