// W3C export and import on the sample corpus: the data model's requirements, and the round trip
// that makes the export lossless (export, import into a copy holding only the sources → the
// same sidecars, byte for byte in the writer's canonical form, comments included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { canonicalSidecar, fromW3c } from '../../src/core/import';
import { scratchDir } from './scratch';

const SAMPLE = path.join(__dirname, '..', '..', 'sample');

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function tmp(name: string): string {
  return scratchDir(`marginalia-${name}-`);
}

/** A copy of the sample corpus; `sourcesOnly` leaves the sidecars out. */
function sampleCopy(sourcesOnly: boolean): string {
  const dir = tmp('sample');
  fs.cpSync(SAMPLE, dir, { recursive: true, filter: (src) => !sourcesOnly || !src.endsWith('.annotations.yaml') });
  return dir;
}

function sidecarsOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.annotations.yaml')) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const cpSlice = (text: string, s: number, e: number) => Array.from(text).slice(s, e).join('');

test('the W3C export meets the data model: @context, id, type, target; every position slice is the quote', async () => {
  const r = await run(SAMPLE, 'export', '--format', 'w3c');
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.equal(doc.type, 'AnnotationCollection');
  assert.equal(doc['@context'][0], 'http://www.w3.org/ns/anno.jsonld');
  const items = doc.first.items as Record<string, any>[];
  assert.equal(items.length, doc.total);
  assert.equal(items.length, 22);
  for (const a of items) {
    assert.equal(a['@context'][0], 'http://www.w3.org/ns/anno.jsonld', a.id);
    assert.equal(a.type, 'Annotation');
    assert.equal(typeof a.id, 'string');
    assert.ok(a.target && typeof a.target.source === 'string');
    assert.ok(['identifying', 'assessing', 'commenting'].includes(a.motivation));
    const quote = a.target.selector.find((s: any) => s.type === 'TextQuoteSelector');
    const pos = a.target.selector.find((s: any) => s.type === 'TextPositionSelector');
    assert.ok(quote && pos, a.id);
    const text = fs.readFileSync(path.join(SAMPLE, a.target.source), 'utf8');
    assert.equal(cpSlice(text, pos.start, pos.end), quote.exact, a.id);
    assert.equal(cpSlice(text, Math.max(0, pos.start - quote.prefix.length), pos.start), quote.prefix);
    for (const b of a.body ?? []) assert.ok(['commenting', 'assessing', 'identifying', 'tagging', 'linking'].includes(b.purpose), JSON.stringify(b));
  }
  const claim = items.find((a) => a['marginalia:annotation'].id === '01jdq7m2xk')!;
  assert.deepEqual(claim.body.find((b: any) => b.purpose === 'assessing')['marginalia:status'], 'disputed');
  assert.deepEqual(claim.body.filter((b: any) => b.purpose === 'tagging').map((b: any) => b.value), ['coup-plot', 'attribution', 'single-source']);
  assert.equal(claim.creator.name, 'Irena Podolská');
  const entity = items.find((a) => a['marginalia:annotation'].id === '01jdq9rk7v')!;
  assert.deepEqual(entity.body[0], { type: 'TextualBody', purpose: 'identifying', format: 'text/plain', value: 'National Security Service', 'marginalia:entity': 'national-security-service', 'marginalia:entityType': 'organization' });
  const linked = items.find((a) => a.body?.some((b: any) => b.purpose === 'linking'))!;
  const link = linked.body.find((b: any) => b.purpose === 'linking');
  assert.match(link.source, /\.annotations\.yaml#/);
});

test('--base makes every source and annotation IRI absolute', async () => {
  const r = await run(SAMPLE, 'export', '--format', 'w3c', '--base', 'https://example.org/corpus/');
  const items = JSON.parse(r.out).first.items as Record<string, any>[];
  for (const a of items) {
    assert.match(a.id, /^https:\/\/example\.org\/corpus\/.+\.annotations\.yaml#/);
    assert.match(a.target.source, /^https:\/\/example\.org\/corpus\//);
  }
});

test('round trip: export w3c, import into a copy holding only the sources → the same sidecars; again → nothing changes', async () => {
  const out = path.join(tmp('w3c'), 'export.jsonld');
  const e = await run(SAMPLE, 'export', '--format', 'w3c', '-o', out);
  assert.equal(e.code, 0, e.err);
  const copy = sampleCopy(true);
  assert.deepEqual(sidecarsOf(copy), []);
  const i = await run(copy, 'import', out, '--format', 'w3c');
  assert.equal(i.code, 0, i.out + i.err);
  assert.match(i.out, /22 placed, 0 orphaned, 0 updated, 0 unchanged, 0 skipped, 0 refused/);
  assert.deepEqual(sidecarsOf(copy), sidecarsOf(SAMPLE));
  for (const f of sidecarsOf(SAMPLE)) {
    const original = fs.readFileSync(path.join(SAMPLE, f), 'utf8');
    const imported = fs.readFileSync(path.join(copy, f), 'utf8');
    assert.equal(imported, canonicalSidecar(original, f), f);
  }
  // the comment at the top of a sidecar survives too
  assert.match(fs.readFileSync(path.join(copy, 'analysis/satellite-images-kareva.txt.annotations.yaml'), 'utf8'), /^# Reviewed with T\. Achterberg/);
  const again = await run(copy, 'import', out, '--format', 'w3c');
  assert.match(again.out, /0 placed, 0 orphaned, 0 updated, 22 unchanged/);
});

test('lossless: fields this version does not know (history, discussion, provenance) ride along and come back', async () => {
  const dir = tmp('unknown');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'The convoy was turned back at the river, officials said.\n');
  const sidecar = [
    'marginalia: 1', 'source: a.txt', 'reliability: B', 'annotations:',
    '  - id: c1', '    kind: claim', '    quote: The convoy was turned back at the river', '    prefix: ""', '    suffix: ", officials said.\\n"',
    '    start: 0', '    end: 39', '    status: refuted', '    author: A. Analyst', '    updatedBy: B. Reviewer',
    '    history:', '      - {at: 2027-01-02T10:00:00Z, by: B. Reviewer, field: status, from: unverified, to: refuted}',
    '    discussion:', '      - {by: C. Editor, at: 2027-01-03T09:00:00Z, text: agreed}',
    '    provenance: {tool: marginalia, version: 2}', '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), sidecar);
  const r = await run(dir, 'export', '--format', 'w3c');
  const record = JSON.parse(r.out).first.items[0]['marginalia:annotation'];
  assert.deepEqual(record.discussion, [{ by: 'C. Editor', at: '2027-01-03T09:00:00Z', text: 'agreed' }]);
  assert.deepEqual(record.provenance, { tool: 'marginalia', version: 2 });
  const copy = tmp('unknown-copy');
  fs.copyFileSync(path.join(dir, 'a.txt'), path.join(copy, 'a.txt'));
  fs.writeFileSync(path.join(copy, 'x.jsonld'), r.out);
  const i = await run(copy, 'import', 'x.jsonld', '--format', 'w3c');
  assert.equal(i.code, 0, i.out);
  assert.equal(fs.readFileSync(path.join(copy, 'a.txt.annotations.yaml'), 'utf8'), canonicalSidecar(sidecar, 'a.txt.annotations.yaml'));
});

test('an annotation from another W3C tool is mapped from its bodies; re-import keeps its id', async () => {
  const dir = tmp('foreign');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'Officials said the talks had stalled. The minister denied it.\n');
  const anno = {
    '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection',
    first: { type: 'AnnotationPage', items: [{
      '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'https://anno.example/a/77', type: 'Annotation', motivation: 'commenting',
      creator: { type: 'Person', name: 'Ines' }, created: '2027-02-01T10:00:00Z',
      body: [{ type: 'TextualBody', value: 'Which minister?', purpose: 'commenting' }, { type: 'TextualBody', value: 'who', purpose: 'tagging' }],
      target: { source: 'a.txt', selector: [{ type: 'TextQuoteSelector', exact: 'The minister', prefix: 'had stalled. ', suffix: ' denied' }, { type: 'TextPositionSelector', start: 0, end: 12 }] },
    }] },
  };
  fs.writeFileSync(path.join(dir, 'in.json'), JSON.stringify(anno));
  const r = await run(dir, 'import', 'in.json', '--format', 'w3c');
  assert.equal(r.code, 0, r.out + r.err);
  const text = fs.readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8');
  assert.match(text, /quote: The minister\n/);
  assert.match(text, /start: 38\n/, 'the wrong position hint (0) loses to the quote and context');
  assert.match(text, /note: Which minister\?/);
  assert.match(text, /tags: \[who\]/);
  assert.match(text, /author: Ines/);
  const again = await run(dir, 'import', 'in.json', '--format', 'w3c');
  assert.match(again.out, /1 unchanged/);
  assert.equal(fs.readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8'), text);
});

test('imported text is untrusted: a bad record is refused with the rule, paths cannot leave the folder', async () => {
  const dir = tmp('hostile');
  fs.mkdirSync(path.join(dir, 'corpus'));
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'top secret words\n');
  fs.writeFileSync(path.join(dir, 'corpus', 'a.txt'), 'Plain words here.\n');
  const item = (id: string, source: string, record: Record<string, unknown>) => ({ id, type: 'Annotation', target: { source }, 'marginalia:annotation': record });
  const doc = { type: 'AnnotationPage', items: [
    item('x1', '../secret.txt', { id: 's1', kind: 'note', quote: 'secret' }),
    item('x2', 'a.txt', { id: 'bad\nid', kind: 'note', quote: 'Plain' }),
    item('x3', 'a.txt', { id: 'k1', kind: 'weird', quote: 'Plain' }),
    item('x4', 'a.txt', { id: 'ok1', kind: 'note', quote: 'words', note: '[x](command:workbench.action.terminal.new)' }),
    item('x5', 'file:///etc/passwd', { id: 'p1', kind: 'note', quote: 'root' }),
  ] };
  fs.writeFileSync(path.join(dir, 'in.json'), JSON.stringify(doc));
  const r = await run(path.join(dir, 'corpus'), 'import', '../in.json', '--format', 'w3c');
  assert.equal(r.code, 1, 'refusals fail the run');
  assert.match(r.out, /refused x2: .*id/);
  assert.match(r.out, /refused x3: .*kind/);
  assert.match(r.out, /skipped x1: .*not a local path|skipped x1/);
  assert.match(r.out, /skipped x5/);
  assert.ok(!fs.existsSync(path.join(dir, 'secret.txt.annotations.yaml')));
  const written = fs.readFileSync(path.join(dir, 'corpus', 'a.txt.annotations.yaml'), 'utf8');
  assert.match(written, /id: ok1/);
  assert.doesNotMatch(written, /bad|weird/);
  assert.doesNotMatch(r.out, /\n[^\n]*bad\nid/, 'ids print on one line');
});

test('fromW3c reads a bare annotation, a page and a list alike', () => {
  const a = { type: 'Annotation', id: 'urn:x#n1', target: { source: 'a.txt', selector: { type: 'TextQuoteSelector', exact: 'w' } } };
  for (const v of [a, [a], { type: 'AnnotationPage', items: [a] }, { type: 'AnnotationCollection', first: { items: [a] } }]) {
    const b = fromW3c(v);
    assert.equal(b.items.length, 1);
    assert.equal(b.items[0].record.id, 'n1');
    assert.equal(b.items[0].source, 'a.txt');
  }
});
