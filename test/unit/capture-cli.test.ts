// `marginalia add` end to end, in-process (issue 14): saved pages, a two-column PDF, a scan,
// a URL served on 127.0.0.1, re-adding a newer version, and `check` on a changed source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { main } from '../../src/cli/main';
import { parseSidecar } from '../../src/core/format';
import { sha256Hex } from '../../src/node/capture/provenance';
import { REPORT_AUTHOR, REPORT_TITLE, HEADER, FOOTER, scannedPdf, twoColumnReport } from '../fixtures/capture/pdfs';
import { scratchDir } from './scratch';

const FIX = path.join(__dirname, '../fixtures/capture');

function tmp(): string {
  const dir = scratchDir('marginalia-add-');
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities: []\n');
  return dir;
}

async function run(cwd: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const sidecarOf = (file: string) => parseSidecar(fs.readFileSync(`${file}.annotations.yaml`, 'utf8'), `${file}.annotations.yaml`);

test('a saved news page: the article without menus, cookie banner, share links or the repeated caption; provenance from its metadata', async () => {
  const dir = tmp();
  const r = await run(dir, 'add', path.join(FIX, 'news-page.html'));
  assert.equal(r.code, 0, r.err);
  const file = path.join(dir, 'ferry-operator-admits-safety-checks-were-skipped.txt');
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /^Ferry operator admits safety checks were skipped\n\n/);
  for (const kept of ['two scheduled safety inspections', 'Passengers were not told', 'did not rule out an independent inquiry']) assert.ok(text.includes(kept), kept);
  for (const gone of ['Skip to main content', 'cookies', 'Newsletter', 'Support us', 'Share on Facebook', 'Copy link', 'Most read', 'All rights reserved', 'SCRIPT RAN']) assert.ok(!text.includes(gone), gone);
  assert.equal(text.split('The Northern Star at the quay').length - 1, 1, 'the caption once');
  assert.match(text, /\.\n\nIn a statement/, 'a blank line between paragraphs');
  const p = sidecarOf(file);
  assert.deepEqual(p.problems, []);
  const { retrieved, sha256, ...rest } = p.sidecar!.provenance!;
  assert.deepEqual(rest, {
    url: 'https://harbour-gazette.example/news/2026/ferry-safety-checks',
    title: 'Ferry operator admits safety checks were skipped',
    publisher: 'The Harbour Gazette',
    author: 'Marta Kowalczyk',
    published: '2026-10-14T05:30:00Z',
    capturedFrom: 'news-page.html',
  });
  assert.equal(sha256, sha256Hex(text));
  assert.ok(Math.abs(Date.parse(retrieved!) - Date.now()) < 60_000);
});

test('a page whose metadata is only JSON-LD', async () => {
  const dir = tmp();
  assert.equal((await run(dir, 'add', path.join(FIX, 'jsonld-only.html'))).code, 0);
  const file = path.join(dir, 'water-board-delays-reservoir-decision-until-spring.txt');
  assert.match(fs.readFileSync(file, 'utf8'), /postpone its decision on the proposed reservoir/);
  const p = sidecarOf(file).sidecar!.provenance!;
  assert.equal(p.title, 'Water board delays reservoir decision until spring');
  assert.equal(p.author, 'Priya Natarajan, Tomás Ruiz');
  assert.equal(p.publisher, 'Valley Courier');
  assert.equal(p.published, '2026-09-02');
  assert.equal(p.url, 'https://valley-courier.example/2026/09/reservoir-decision');
});

test('a two-column report PDF: reading order, no running header, footer or page numbers, hyphens repaired; a scan refused', async () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'in.pdf'), await twoColumnReport());
  fs.writeFileSync(path.join(dir, 'scan.pdf'), await scannedPdf());
  const r = await run(dir, 'add', 'in.pdf', 'scan.pdf', '--keep-original');
  assert.equal(r.code, 1);
  assert.match(r.err, /scan\.pdf: this PDF has no text layer/);
  const file = path.join(dir, 'coastal-infrastructure-review-2026.txt');
  const text = fs.readFileSync(file, 'utf8');
  for (const gone of [HEADER, FOOTER, 'Page 1 of 3', 'Page 3']) assert.ok(!text.includes(gone), gone);
  assert.ok(text.includes('the Lindholm breakwater, where'));
  assert.ok(text.includes('deferred maintenance now amounts'));
  assert.ok(text.includes('a clearer division of responsibility'));
  assert.ok(text.includes('forty-two quays'));
  const order = ['Erosion and underinvestment', 'The review examined', 'Most structures', 'Ferry operators told', 'The review recommends', 'Maintenance budgets', 'Local councils', 'Consultation on these', 'A summary of'];
  const at = order.map((s) => text.indexOf(s));
  assert.ok(at.every((x, i) => x >= 0 && (i === 0 || x > at[i - 1])), `reading order: ${at}`);
  const p = sidecarOf(file).sidecar!.provenance!;
  assert.equal(p.title, REPORT_TITLE);
  assert.equal(p.author, REPORT_AUTHOR);
  assert.ok(fs.existsSync(path.join(dir, 'coastal-infrastructure-review-2026.original.pdf')));
  assert.ok(!fs.existsSync(path.join(dir, 'scanned-letter.txt')));
});

test('a URL served on 127.0.0.1: only the page is fetched, never its scripts, styles or images', async () => {
  const hits: string[] = [];
  const page = fs.readFileSync(path.join(FIX, 'news-page.html'), 'utf8');
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/story' }).end();
    } else if (req.url === '/story') {
      // the page's remote resources point at this server: any request for them is seen
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.replaceAll('http://127.0.0.1:9/', `http://127.0.0.1:${(server.address() as AddressInfo).port}/res/`));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const dir = tmp();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/moved`;
    const r = await run(dir, 'add', url);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(hits, ['/moved', '/story']);
    const p = sidecarOf(path.join(dir, 'ferry-operator-admits-safety-checks-were-skipped.txt')).sidecar!.provenance!;
    assert.equal(p.url, url.replace('/moved', '/story'));
    assert.equal(p.capturedFrom, p.url);
    const bad = await run(dir, 'add', url.replace('/moved', '/missing'));
    assert.equal(bad.code, 1);
    assert.match(bad.err, /answered 404/);
  } finally {
    server.close();
  }
});

test('re-adding a newer version updates the source and re-anchors its annotations; a later hand edit is a check warning', async () => {
  const dir = tmp();
  const v1 = path.join(dir, 'v1.html');
  const html = fs.readFileSync(path.join(FIX, 'news-page.html'), 'utf8');
  fs.writeFileSync(v1, html);
  assert.equal((await run(dir, 'add', 'v1.html')).code, 0);
  const file = path.join(dir, 'ferry-operator-admits-safety-checks-were-skipped.txt');
  const text = fs.readFileSync(file, 'utf8');
  const claim = 'at least one crew member raised the matter with management';
  const gone = 'did not rule out an independent inquiry';
  const sc = `${file}.annotations.yaml`;
  const s = text.indexOf(claim);
  const g = text.indexOf(gone);
  fs.appendFileSync(sc, `  - {id: c1, kind: claim, quote: ${claim}, start: ${s}, end: ${s + claim.length}, status: disputed}\n  - {id: n1, kind: note, quote: ${gone}, start: ${g}, end: ${g + gone.length}, note: ask the ministry}\n`.replace(/^/, ''));
  fs.writeFileSync(sc, fs.readFileSync(sc, 'utf8').replace('annotations: []\n', 'annotations:\n'));
  // the newer version: a paragraph added at the top, the last one rewritten
  const v2 = html.replace('<p>The operator of', '<p>Updated on Wednesday with a statement from the maritime authority, which has opened an investigation into the operator.</p><p>The operator of').replace('did not rule out an independent inquiry', 'announced an independent inquiry');
  fs.writeFileSync(path.join(dir, 'v2.html'), v2);
  const r = await run(dir, 'add', 'v2.html');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /new version .*1 moved, 0 fuzzy, 1 orphaned/);
  assert.match(r.out, /orphaned n1/);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.txt')), ['ferry-operator-admits-safety-checks-were-skipped.txt'], 'no second source');
  const now = fs.readFileSync(file, 'utf8');
  const p = sidecarOf(file);
  const c1 = p.sidecar!.annotations.find((a) => a.id === 'c1')!;
  assert.equal([...now].slice(c1.start!, c1.end!).join(''), claim);
  assert.equal(p.sidecar!.provenance!.sha256, sha256Hex(now));
  assert.equal(p.sidecar!.provenance!.capturedFrom, 'v2.html');
  assert.match((await run(dir, 'add', 'v2.html')).out, /already up to date/);
  // an edit by hand: check warns, with the capture date, and still passes
  fs.appendFileSync(file, 'A line added by hand.\n');
  const check = await run(dir, 'check', '--json');
  const report = JSON.parse(check.out).sources[0];
  assert.ok(report.errors.some((e: { message: string; severity: string }) => e.severity === 'warning' && /^changed since captured \(\d{4}-\d{2}-\d{2}\)/.test(e.message)));
});

test('hostile titles make safe names; --into a file is a usage error, --into a missing folder creates it', async () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'evil.html'), '<html><head><title>../../.bashrc\u001b[31m</title></head><body><p>' + 'Some article text that is long enough to be read as the content of the page. '.repeat(5) + '</p></body></html>');
  const r = await run(dir, 'add', 'evil.html');
  assert.equal(r.code, 0, r.err);
  assert.ok(fs.existsSync(path.join(dir, 'bashrc-31m.txt')), fs.readdirSync(dir).join(','));
  assert.ok(!r.out.includes('\u001b'));
  assert.equal((await run(dir, 'add', 'evil.html', '--into', 'bashrc-31m.txt')).code, 2);
  const made = await run(dir, 'add', 'evil.html', '--into', path.join('sources', 'web'));
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, /^created folder sources\/web\n/);
  assert.ok(fs.existsSync(path.join(dir, 'sources', 'web', 'bashrc-31m.txt')), 'the source is added in the new folder');
});

test('a web page saved as .txt: named by its headline and kept whole with a hint; --clean keeps the article only', async () => {
  const dir = tmp();
  const whole = await run(dir, 'add', path.join(FIX, 'harbour-page-dump.txt'));
  assert.equal(whole.code, 0, whole.err);
  const file = path.join(dir, 'dockworkers-end-nine-day-strike-at-port-selva-after-pay-deal.txt');
  assert.match(whole.out, /looks like a web page saved as text \(19 lines of menus before the headline, 12 after the article\): add it again with --clean/);
  assert.match(fs.readFileSync(file, 'utf8'), /^Skip to main content\n/, 'kept as it is without --clean');
  assert.equal(sidecarOf(file).sidecar?.provenance?.title, 'Dockworkers end nine-day strike at Port Selva after pay deal');

  const clean = await run(dir, 'add', '--clean', path.join(FIX, 'harbour-page-dump.txt'));
  assert.equal(clean.code, 0, clean.err);
  assert.match(clean.out, /new version/, 'the same document, replaced: not a second source');
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /^Dockworkers end nine-day strike at Port Selva after pay deal\n\n/);
  assert.ok(!text.includes('Main Menu') && !text.includes('Sign up for'));
  assert.equal(sidecarOf(file).sidecar?.provenance?.sha256, sha256Hex(text));
});
