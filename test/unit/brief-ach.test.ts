// The ACH matrix in the brief (issue 13: "the matrix is part of the brief"): on the sample
// corpus, the same scores, ranks and row order as the Open ACH Matrix view's model, with the
// weighting said in words; narrowed with the brief's filters; absent without hypotheses; and
// hypothesis and claim text from files rendered as text (inert Markdown, escaped HTML).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { ACH_PRINCIPLE, WEIGHTING, achModel, type EvidenceInput } from '../../src/core/analysis/ach';
import { Corpus } from '../../src/core/corpus';
import { buildBrief, exportInput } from '../../src/core/export';
import { parseWorkspace } from '../../src/core/format';
import { scratchDir } from './scratch';

const SAMPLE = path.join(__dirname, '..', '..', 'sample');

async function run(cwd: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  assert.equal(code, 0, err);
  return out;
}

/** A corpus in memory from a folder: every .txt with its sidecar, the registry. */
function corpusOf(dir: string): Corpus {
  const corpus = new Corpus(parseWorkspace(fs.readFileSync(path.join(dir, 'marginalia.yaml'), 'utf8'), 'marginalia.yaml').config);
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.txt')).sort()) {
    const src = rel.split(path.sep).join('/');
    const side = path.join(dir, `${rel}.annotations.yaml`);
    corpus.update(src, `${src}.annotations.yaml`, { text: fs.readFileSync(path.join(dir, rel), 'utf8'), sidecarText: fs.existsSync(side) ? fs.readFileSync(side, 'utf8') : null });
  }
  return corpus;
}

/** The section between its heading and the next `## `. */
const section = (md: string) => md.slice(md.indexOf('## Competing hypotheses'), md.indexOf('## Entities'));
/** A Markdown table row's cells, split on unescaped pipes. */
const cells = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());

test('brief ACH on the sample: hypotheses with score and rank, the weighting in words, claims most diagnostic first', async () => {
  const md = await run(SAMPLE, 'export', '--format', 'brief');
  const at = ['## Corroborated', '## Competing hypotheses', '## Entities'].map((h) => md.indexOf(h));
  assert.ok(at[0] >= 0 && at[0] < at[1] && at[1] < at[2], 'after the claims, before the entity index');
  const ach = section(md);
  assert.ok(ach.includes(`${ACH_PRINCIPLE} ${WEIGHTING} Over the 14 claims this brief shows.`), 'Heuer’s principle and the weighting, said');
  const rows = ach.split('\n').filter((l) => l.startsWith('|') && !l.startsWith('|--')).map(cells);
  // rank, hypothesis, score, inconsistent, consistent — registry order, as the matrix's columns
  assert.deepEqual(rows.slice(1, 4).map((r) => [r[0], r[1].slice(0, 8), r[2], r[3], r[4]]), [
    ['3', '**h1** —', '3.84', '5', '2'],
    ['1', '**h2** —', '0.24', '1', '3'],
    ['2', '**h3** —', '0.48', '2', '4'],
  ]);
  assert.match(rows[2][1], /\(\*Residents and the satellite count point this way\\; Aurel has not said\\\.\*\)/, 'the hypothesis note');
  assert.deepEqual(rows[4], ['claim', 'source', 'status', 'weight', 'h1', 'h2', 'h3']);
  const matrix = rows.slice(5);
  assert.equal(matrix.length, 7, 'the rated claims only');
  assert.deepEqual(matrix.map((r) => r.slice(2)), [
    ['corroborated', '0.64', 'II', 'C', 'CC'],
    ['disputed', '0.48', 'II', 'C', 'C'],
    ['unverified', '0.48', 'I', 'CC', 'C'],
    ['disputed', '0.24', 'C', 'I', 'II'],
    ['refuted', '0', 'C', 'N', 'II'],
    ['corroborated', '0.48', 'I', 'N', 'C'],
    ['corroborated', '0.64', 'I', 'N', 'N'],
  ]);
  assert.match(matrix[1][0], /^“Satellite images suggest Tarvan brigade never left Kareva”$/);
  assert.equal(matrix[1][1], 'analysis\\/satellite\\-images\\-kareva\\.txt');
  assert.match(ach, /7 claims shown rate no hypothesis and are not listed\./);
});

test('brief ACH has the view’s model: same scores, ranks and row order as achModel over every claim', () => {
  const corpus = corpusOf(SAMPLE);
  const evidence: EvidenceInput[] = corpus.claims().map((c) => {
    const reliability = corpus.get(c.source)?.parsed?.sidecar?.reliability;
    return { source: c.source, annotation: c.annotation, status: c.status, ...(reliability ? { reliability } : {}) };
  });
  const view = achModel(corpus.registry!.hypotheses!, evidence);
  const brief = buildBrief(exportInput(corpus)).ach!;
  assert.deepEqual(brief.columns, view.columns);
  assert.deepEqual(brief.rows, view.rows.filter((r) => Object.keys(r.ratings).length > 0));
  assert.equal(brief.claims, view.rows.length);
  assert.equal(brief.unrated + brief.rows.length, brief.claims);
});

test('brief ACH follows the brief’s filters: scores over the claims shown', async () => {
  const table: [string[], string, string[]][] = [
    // filter, claims the scores are over, h1..h3 scores
    [['--source', 'analysis'], 'Over the 5 claims', ['3.36', '0', '0']],
    [['--status', 'corroborated'], 'Over the 4 claims', ['2.4', '0', '0']],
    [['--author', 'Nobody'], 'Over the 0 claims', ['0', '0', '0']],
  ];
  for (const [filter, over, scores] of table) {
    const ach = section(await run(SAMPLE, 'export', '--format', 'brief', ...filter));
    assert.ok(ach.includes(over), `${filter.join(' ')}: ${over}`);
    const hyp = ach.split('\n').filter((l) => /^\| \d/.test(l)).map((l) => cells(l)[2]);
    assert.deepEqual(hyp, scores, filter.join(' '));
  }
  assert.match(section(await run(SAMPLE, 'export', '--format', 'brief', '--author', 'Nobody')), /No claim shown is rated against these hypotheses yet\./);
});

/** A registry with the hostile hypothesis (or none), one source with a rated claim. */
function hostile(withHypotheses: boolean): string {
  const dir = scratchDir('marginalia-brief-ach-');
  const registry = ['marginalia: 1'];
  if (withHypotheses) {
    registry.push('hypotheses:', '  - {id: h1, text: "<img src=x onerror=alert(1)> [go](command:evil) | cell", note: "# heading <script>x</script>"}', '  - {id: h2, text: plain}');
  }
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), registry.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'They said <b>x</b> | [y](command:z) today.\n');
  fs.writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), [
    'marginalia: 1', 'source: a.txt', 'reliability: A', 'annotations:',
    '  - {id: c1, kind: claim, quote: "<b>x</b> | [y](command:z)", start: 10, end: 35, status: unverified, credibility: 1, hypotheses: {h1: II, h2: C}}',
    '',
  ].join('\n'));
  return dir;
}

test('brief ACH renders file text as text: Markdown inert (table intact), HTML escaped, nothing loaded', async () => {
  const dir = hostile(true);
  const md = section(await run(dir, 'export', '--format', 'brief'));
  assert.doesNotMatch(md, /\[go\]\(command:|\[y\]\(command:|<img|<script|<b>/);
  const rows = md.split('\n').filter((l) => l.startsWith('|') && !l.startsWith('|--')).map(cells);
  assert.equal(rows[1].length, 5, 'a pipe in a hypothesis does not add a column');
  assert.equal(rows[1][2], '2', 'II at weight 1 × 1');
  assert.deepEqual(rows[4].slice(1), ['a\\.txt', 'unverified', '1', 'II', 'C'], 'a pipe in a quote does not add a column');
  const html = await run(dir, 'export', '--format', 'html');
  const ach = html.slice(html.indexOf('<h2>Competing hypotheses</h2>'), html.indexOf('<h2>Entities</h2>'));
  assert.ok(ach.length > 0);
  assert.doesNotMatch(html, /<img|<script|<b>|<a |<[^>]*\s(src|href)=/);
  assert.match(ach, /&lt;img src=x onerror=alert\(1\)&gt; \[go\]\(command:evil\) \| cell/);
  assert.match(ach, /&lt;b&gt;x&lt;\/b&gt; \| \[y\]\(command:z\)/);
  assert.match(ach, /<td class="r r-i">II<\/td><td class="r r-c">C<\/td>/);
});

test('no hypotheses in the registry: no ACH section in either brief', async () => {
  const dir = hostile(false);
  assert.doesNotMatch(await run(dir, 'export', '--format', 'brief'), /Competing hypotheses/);
  assert.doesNotMatch(await run(dir, 'export', '--format', 'html'), /Competing hypotheses/);
});
