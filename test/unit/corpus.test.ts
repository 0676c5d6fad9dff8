// The corpus model on the sample corpus: cross-source links, derived claim status, mentions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../../src/core/corpus';
import { parseWorkspace } from '../../src/core/format';

const sample = path.join(__dirname, '../../sample');
const read = (rel: string) => fs.readFileSync(path.join(sample, rel), 'utf8');
const sources = ['coup-plot-uncovered.txt', 'troops-withdrawn-from-sovren.txt', 'analysis/satellite-images-kareva.txt', 'pact-membership-frozen.txt', 'opposition-rally-aurel.txt'];

function load(): Corpus {
  const corpus = new Corpus(parseWorkspace(read('marginalia.yaml'), 'marginalia.yaml').config);
  for (const s of sources) {
    const sc = path.join(sample, s + '.annotations.yaml');
    corpus.update(s, s + '.annotations.yaml', { text: read(s), sidecarText: fs.existsSync(sc) ? fs.readFileSync(sc, 'utf8') : null });
  }
  return corpus;
}

test('every sample annotation is placed', () => {
  const c = load();
  for (const e of c.all()) for (const p of e.placements) assert.equal(p.result.state, 'anchored', `${e.source}#${p.annotation.id}`);
});

test('links resolve across folders, and backlinks find who points at a claim', () => {
  const c = load();
  const from = c.find('troops-withdrawn-from-sovren.txt', '01jdx2f8qw')!;
  const r = c.resolve('troops-withdrawn-from-sovren.txt', from.annotation.links![0]);
  assert.equal(r.target?.source, 'analysis/satellite-images-kareva.txt');
  assert.equal(r.target?.annotation.id, '01jf04p3vd');
  const back = c.backlinks('analysis/satellite-images-kareva.txt', '01jf04p3vd');
  assert.deepEqual(back.map((b) => [b.source, b.annotation.id, b.rel]), [['troops-withdrawn-from-sovren.txt', '01jdx2f8qw', 'contradicts']]);
});

test('an unassessed claim contradicted from another source shows as disputed; an assessed one keeps its status', () => {
  const c = load();
  const sc = read('analysis/satellite-images-kareva.txt.annotations.yaml');
  // drop the analyst's status on the contradicted headline claim
  const unassessed = sc.replace(/(id: 01jf04p3vd\n(?:.*\n)*?)\s+status: disputed\n/, '$1\n');
  assert.notEqual(unassessed, sc);
  c.update('analysis/satellite-images-kareva.txt', 'x', { sidecarText: unassessed });
  const claim = c.find('analysis/satellite-images-kareva.txt', '01jf04p3vd')!.annotation;
  assert.equal(claim.status, undefined);
  assert.equal(c.statusOf('analysis/satellite-images-kareva.txt', claim), 'disputed');
  const corroborated = c.find('analysis/satellite-images-kareva.txt', '01jf05a8nk')!.annotation;
  assert.equal(c.statusOf('analysis/satellite-images-kareva.txt', corroborated), 'corroborated');
  const lonely = c.find('coup-plot-uncovered.txt', '01jdq8c4tn')!.annotation;
  assert.equal(c.statusOf('coup-plot-uncovered.txt', { ...lonely, status: undefined }), 'unverified');
});

test('a contradicts link to no claim (a typo, a deleted claim) does not make a claim disputed', () => {
  const c = load();
  const lonely = c.find('coup-plot-uncovered.txt', '01jdq8c4tn')!.annotation;
  const dangling = { ...lonely, status: undefined, links: [{ rel: 'contradicts' as const, to: 'troops-withdrawn-from-sovren.txt#no-such-claim' }] };
  assert.equal(c.statusOf('coup-plot-uncovered.txt', dangling), 'unverified');
  const real = { ...dangling, links: [{ rel: 'contradicts' as const, to: 'troops-withdrawn-from-sovren.txt#01jdx2f8qw' }] };
  assert.equal(c.statusOf('coup-plot-uncovered.txt', real), 'disputed');
});

test('mentionsOf counts registry mentions and entity annotations', () => {
  const c = load();
  const halden = c.mentionsOf('halden-institute');
  assert.ok(halden.some((m) => m.annotation), 'the analyst-marked “the institute” counts');
  assert.ok(halden.filter((m) => !m.annotation).length >= 1);
  for (const m of halden) {
    const text = Array.from(read(m.source)).slice(m.start, m.end).join('');
    assert.ok(/Halden|institute/i.test(text), text);
  }
});

test('a hand-marked mention the registry also matches counts once (issue 9, bug 3)', () => {
  const corpus = new Corpus(parseWorkspace('marginalia: 1\nentities:\n  - id: aurel\n    name: Aurel\n    type: place\n', 'marginalia.yaml').config);
  const text = 'Aurel said so. In Aurel, later. Aurel again.';
  const start = text.indexOf('Aurel', 1);
  const sidecar = `marginalia: 1\nsource: a.txt\nannotations:\n  - id: e1\n    kind: entity\n    entity: aurel\n    quote: Aurel\n    prefix: "said so. In "\n    start: ${start}\n    end: ${start + 5}\n`;
  corpus.update('a.txt', 'a.txt.annotations.yaml', { text, sidecarText: sidecar });
  const hits = corpus.mentionsOf('aurel');
  assert.equal(hits.length, 3, 'three places, not four');
  assert.deepEqual(hits.map((h) => [h.start, h.annotation?.id]), [[0, undefined], [start, 'e1'], [text.lastIndexOf('Aurel'), undefined]]);
  assert.equal(corpus.entityHits(corpus.get('a.txt')!).length, 3);
});

// Issue 15: after a save the store re-reads the source and its sidecar together; a sidecar read
// back unchanged must not make the corpus anchor the whole source again (a second on the
// extension host for a 1 MB source): the placements are carried across the edits.
test('a source re-read with its unchanged sidecar carries its placements across the edits', () => {
  const c = load();
  const s = 'troops-withdrawn-from-sovren.txt';
  const sidecar = read(s + '.annotations.yaml');
  const before = c.get(s)!;
  const parsed = before.parsed;
  const text = before.text!;
  // typed at three places: the start, a paragraph break in the middle, and the end
  const mid = text.indexOf('\n\n', text.length >> 1);
  const next = `Update: ${text.slice(0, mid)} (edited)${text.slice(mid)}\nMore.`;
  const cps = Array.from(next);
  const e = c.update(s, s + '.annotations.yaml', { text: next, sidecarText: sidecar });
  assert.equal(e.parsed, parsed, 'the sidecar read before is kept (the same text), not read again');
  for (const p of e.placements) {
    assert.notEqual(p.result.state, 'orphaned', p.annotation.id);
    assert.equal(cps.slice(p.result.start!, p.result.end!).join(''), p.annotation.quote, p.annotation.id);
  }
  // a sidecar that did change is read and placed anew
  const changed = c.update(s, s + '.annotations.yaml', { text: next, sidecarText: sidecar + '\n' });
  assert.notEqual(changed.parsed, parsed);
});

test('a long source re-read after a few edits keeps its registry mentions, as a search of the whole new text finds them', () => {
  const c = new Corpus(parseWorkspace(read('marginalia.yaml'), 'marginalia.yaml').config);
  const text = read('troops-withdrawn-from-sovren.txt').repeat(40);
  c.update('big.txt', 'big.txt.annotations.yaml', { text, sidecarText: null });
  const before = c.mentions(c.get('big.txt')!);
  const mid = text.indexOf('\n\n', text.length >> 1);
  const next = `Update. ${text.slice(0, mid)} Kareva.${text.slice(mid)} More.`;
  const e = c.update('big.txt', 'big.txt.annotations.yaml', { text: next });
  assert.ok(before.length > 0 && e.mentions !== null, 'carried, not dropped for a search of the whole text');
  assert.deepEqual(e.mentions, c.matcherFind(next));
});
