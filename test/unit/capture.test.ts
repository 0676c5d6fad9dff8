// Capture's pure parts (issue 14): text cleanup, file names, metadata, PDF reading order, and
// the `provenance:` field through the reader, the writer and the merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanDate, cleanUrl, metadataFromJsonLd } from '../../src/core/capture/metadata';
import { freeName, slug, stemFor } from '../../src/core/capture/naming';
import { joinLines, layoutPdf, type PdfRun } from '../../src/core/capture/pdfLayout';
import { changedSinceCaptured, sha256Hex } from '../../src/node/capture/provenance';
import { blocksToText, cleanText } from '../../src/core/capture/text';
import { parseSidecar, serializeSidecar } from '../../src/core/format';
import { mergeSidecarTexts } from '../../src/core/merge/sidecar-merge';

test('blocks become paragraphs; repeated captions, share prompts, cookie notices and bylines go', () => {
  const text = blocksToText([
    { kind: 'heading', text: 'Storm closes road' },
    { kind: 'paragraph', text: 'Skip to main content' },
    { kind: 'caption', text: 'The road at dawn.' },
    { kind: 'paragraph', text: 'The  coastal road\nwas closed.' },
    { kind: 'paragraph', text: 'Share on Facebook' },
    { kind: 'paragraph', text: 'We use cookies to improve your experience.' },
    { kind: 'paragraph', text: 'By Ana Lima' },
    { kind: 'caption', text: 'The road at dawn.' },
    { kind: 'item', text: 'one lane open' },
  ]);
  assert.equal(text, 'Storm closes road\n\nThe road at dawn.\n\nThe coastal road was closed.\n\n- one lane open\n');
});

test('cleanText: LF, no invisible characters, one blank line at most, one final newline', () => {
  assert.equal(cleanText('a\r\nb\u200b  \n\n\n\nc\u202e'), 'a\nb\n\nc\n');
});

test('names: slugs with no separators, dots or length beyond the cap; a free name', () => {
  const cases: [string | undefined, string | undefined, string][] = [
    ['Ferry operator admits: checks “skipped”!', undefined, 'ferry-operator-admits-checks-skipped'],
    ['../../etc/passwd', undefined, 'etc-passwd'],
    ['.hidden', undefined, 'hidden'],
    ['Łódź Straße – Đakovo', undefined, 'lodz-strasse-dakovo'],
    ['Ёлка', 'saved page.html', 'saved-page'],
    [undefined, undefined, 'source'],
  ];
  for (const [title, name, want] of cases) assert.equal(stemFor(title, name), want, String(title));
  assert.ok(slug('word '.repeat(100)).length <= 80);
  assert.equal(freeName('a', 'txt', (n) => n === 'a.txt' || n === 'a-2.txt'), 'a-3.txt');
});

test('metadata: JSON-LD NewsArticle in a graph, authors joined; hostile values made safe', () => {
  const m = metadataFromJsonLd([
    'not json',
    JSON.stringify({ '@graph': [{ '@type': 'WebSite', name: 'X' }, { '@type': ['NewsArticle'], headline: 'Line\u202eone\nand two', author: [{ name: 'A' }, { name: 'B' }], publisher: { name: 'Courier' }, datePublished: '2026-09-02T10:00:00+02:00', url: 'javascript:alert(1)', mainEntityOfPage: 'https://c.example/a#top' }] }),
  ]);
  assert.deepEqual(m, { title: 'Lineone and two', author: 'A, B', publisher: 'Courier', published: '2026-09-02T08:00:00Z', url: 'https://c.example/a' });
  assert.equal(cleanUrl('file:///etc/passwd'), undefined);
  assert.equal(cleanDate('D:20260301120000Z'), '2026-03-01T12:00:00Z');
  assert.equal(cleanDate('yesterday'), undefined);
});

test('PDF layout: two columns read left then right, running lines and page numbers dropped, hyphens repaired', () => {
  const page = (n: number): { width: number; height: number; runs: PdfRun[] } => {
    const runs: PdfRun[] = [
      { str: 'Annual review', x: 50, y: 800, width: 80, size: 8 },
      { str: `Page ${n}`, x: 500, y: 20, width: 30, size: 8 },
    ];
    const left = [`Left ${n} starts here and gov-`, 'ernment continues', 'to the end.'];
    const right = [`Right ${n} begins`, 'and goes on', 'to finish.'];
    left.forEach((s, i) => runs.push({ str: s, x: 50, y: 700 - 13 * i, width: 200, size: 10 }));
    right.forEach((s, i) => runs.push({ str: s, x: 320, y: 700 - 13 * i, width: 200, size: 10 }));
    return { width: 595, height: 842, runs };
  };
  assert.equal(layoutPdf([page(1), page(2), page(3)]), [1, 2, 3].map((n) => `Left ${n} starts here and government continues to the end.\n\nRight ${n} begins and goes on to finish.`).join('\n\n') + '\n');
  assert.equal(joinLines('Franco-', 'German'), 'Franco-German');
  assert.equal(joinLines('main-', 'tenance'), 'maintenance');
});

test('provenance: written in a fixed order, read back, checked against the text', () => {
  const text = 'The text as captured.\n';
  const provenance = { capturedFrom: 'page.html', sha256: sha256Hex(text), title: 'T: a title', url: 'https://e.example/a', retrieved: '2026-11-20T10:00:00Z' };
  const out = serializeSidecar({ marginalia: 1, source: 'a.txt', provenance, annotations: [] });
  assert.match(out, /provenance:\n  url: https:\/\/e\.example\/a\n  title: "T: a title"\n  retrieved: 2026-11-20T10:00:00Z\n  sha256: [0-9a-f]{64}\n  capturedFrom: page\.html\n/);
  const back = parseSidecar(out, 'a.txt.annotations.yaml');
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.sidecar?.provenance, provenance);
  assert.equal(changedSinceCaptured(back.sidecar!, text), null);
  assert.equal(changedSinceCaptured(back.sidecar!, 'Edited.\n'), 'changed since captured (2026-11-20): the text no longer matches provenance.sha256');
});

test('provenance: bad values are located errors', () => {
  const cases: [string, RegExp][] = [
    ['provenance: [a]', /must be a mapping/],
    ['provenance: {url: "javascript:alert(1)"}', /provenance\.url` must be an http or https address/],
    ['provenance: {sha256: abc}', /64 lowercase hexadecimal/],
    ['provenance: {title: "a\\u001b[31mred"}', /provenance\.title` must be one line/],
    ['provenance: {colour: red}', /unknown key "colour"/],
  ];
  for (const [yaml, want] of cases) {
    const p = parseSidecar(`marginalia: 1\nsource: a.txt\n${yaml}\n`, 'a.txt.annotations.yaml');
    assert.equal(p.writable, false, yaml);
    assert.match(p.problems.map((x) => x.message).join('\n'), want, yaml);
    assert.equal(p.problems[0].line, 3, yaml);
  }
});

test('provenance merges as one value: a re-capture on one side is taken, different ones on both are a conflict', () => {
  const side = (sha: string) => `marginalia: 1\nsource: a.txt\nprovenance:\n  title: A\n  sha256: ${sha.repeat(64)}\nannotations: []\n`;
  const one = mergeSidecarTexts(side('a'), side('b'), side('a'), 'a.txt.annotations.yaml');
  assert.equal(one.conflicts, 0);
  assert.match(one.text!, /sha256: b{64}/);
  const both = mergeSidecarTexts(side('a'), side('b'), side('c'), 'a.txt.annotations.yaml');
  assert.equal(both.conflicts, 1);
  assert.equal(both.details[0].conflict.field, 'provenance');
  assert.deepEqual(both.problems, []);
});
