// Issue 15: the extension's corpus keeps no text of a closed source. Texts are kept only while
// `keepText` says so (an open editor); otherwise an update uses them (placing, mentions) and drops
// them, keeping hashes, a digest and what the views count. An editor opened later on the very
// text the placements were made in gets it back (`adopt`); a save then carries the placements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Corpus, textHash } from '../../src/core/corpus';
import { parseWorkspace } from '../../src/core/format';
import { textEdits } from '../../src/core/live/editStretches';
import { shiftPlacements } from '../../src/core/live/shiftPlacements';
import { placeAnnotations } from '../../src/core/placement';
import { MentionMatcher } from '../../src/core/mentions/matcher';

const sample = path.join(__dirname, '../../sample');
const read = (rel: string) => fs.readFileSync(path.join(sample, rel), 'utf8');
const registry = () => parseWorkspace(read('marginalia.yaml'), 'marginalia.yaml').config;
const S = 'troops-withdrawn-from-sovren.txt';
const SC = S + '.annotations.yaml';

/** A corpus keeping the texts of the sources in `open` only, with S read. */
function closedCorpus(open: Set<string>): Corpus {
  const c = new Corpus(registry(), undefined, (s) => open.has(s));
  c.update(S, SC, { text: read(S), sidecarText: read(SC) });
  return c;
}

test('a closed source keeps no text, and the same placements, mentions and counts as a kept one', () => {
  const kept = new Corpus(registry());
  kept.update(S, SC, { text: read(S), sidecarText: read(SC) });
  const closed = closedCorpus(new Set());
  const k = kept.get(S)!;
  const e = closed.get(S)!;
  assert.equal(e.text, null, 'no source text');
  assert.equal(e.sidecarText, null, 'no sidecar text');
  assert.equal(e.readable, true);
  assert.equal(e.textHash, textHash(read(S)));
  assert.equal(e.sidecarLength, read(SC).length);
  assert.deepEqual(e.placements, k.placements);
  assert.deepEqual(closed.mentions(e), kept.mentions(k), 'the mentions were found before the text was dropped');
  assert.deepEqual(closed.entityHits(e), kept.entityHits(k));
  assert.deepEqual(closed.claims(), kept.claims());
});

test('table: what a closed source answers of its sidecar and text', () => {
  const cases: { name: string; text: string | null; sidecar: string | null; readable: boolean; sidecarLength: number | null }[] = [
    { name: 'source and sidecar', text: 'Some words.', sidecar: 'marginalia: 1\nsource: a.txt\nannotations: []\n', readable: true, sidecarLength: 44 },
    { name: 'no sidecar', text: 'Some words.', sidecar: null, readable: true, sidecarLength: null },
    { name: 'an unreadable sidecar that exists (empty text)', text: 'Some words.', sidecar: '', readable: true, sidecarLength: 0 },
    { name: 'source gone', text: null, sidecar: null, readable: false, sidecarLength: null },
  ];
  for (const c of cases) {
    const corpus = new Corpus(null, undefined, () => false);
    const e = corpus.update('a.txt', 'a.txt.annotations.yaml', { text: c.text, sidecarText: c.sidecar });
    assert.equal(e.text, null, c.name);
    assert.equal(e.readable, c.readable, c.name);
    assert.equal(e.sidecarLength, c.sidecarLength, c.name);
  }
});

test('a sidecar with problems keeps its text (its places in Problems); a clean one does not', () => {
  const c = new Corpus(null, undefined, () => false);
  const broken = 'marginalia: 1\nsource: a.txt\nannotations:\n<<<<<<< HEAD\n=======\n>>>>>>> theirs\n';
  assert.equal(c.update('a.txt', 'a.txt.annotations.yaml', { text: 'Some words.', sidecarText: broken }).sidecarText, broken);
  assert.equal(c.update('a.txt', 'a.txt.annotations.yaml', { text: 'Some words.', sidecarText: 'marginalia: 1\nsource: a.txt\nannotations: []\n' }).sidecarText, null);
});

test('an editor opened on the very text gets it back; another text is refused; closing drops it again', () => {
  const c = closedCorpus(new Set());
  assert.equal(c.adopt(S, read(S) + ' '), false, 'not the text the placements were made in');
  assert.equal(c.get(S)!.text, null);
  assert.equal(c.adopt(S, read(S)), true);
  assert.equal(c.get(S)!.text, read(S));
  assert.equal(c.adopt('unknown.txt', 'x'), false, 'a source the corpus does not know');
  c.release(S);
  assert.equal(c.get(S)!.text, null);
});

test('a save of an adopted source carries its placements across the edits, with the sidecar known by its hash', () => {
  const open = new Set<string>();
  const c = closedCorpus(open);
  const before = c.get(S)!;
  const parsed = before.parsed;
  open.add(S);
  assert.ok(c.adopt(S, read(S)));
  const text = read(S);
  const next = `Update: ${text}\nMore.`;
  const e = c.update(S, SC, { text: next, sidecarText: read(SC) });
  assert.equal(e.parsed, parsed, 'the same sidecar is not read again');
  const cps = Array.from(next);
  for (const p of e.placements) assert.equal(cps.slice(p.result.start!, p.result.end!).join(''), p.annotation.quote, p.annotation.id);
  assert.equal(e.text, next, 'kept while open');
});

test('a re-read keeps no text: placements and mentions come with the change', () => {
  const c = closedCorpus(new Set());
  const mentions = c.mentions(c.get(S)!);
  const e = c.update(S, SC, { text: read(S) + '\nMore.', sidecarText: read(SC), mentions: [] });
  assert.equal(e.text, null);
  assert.equal(e.sidecarText, null);
  assert.deepEqual(c.mentions(e), [], 'the mentions given (an index worker found them) are taken');
  assert.ok(mentions.length > 0);
});

test('a registry change: a closed source keeps the mentions of entities still registered until it is read again, and loses a removed one at once', () => {
  const c = closedCorpus(new Set());
  const before = c.mentions(c.get(S)!);
  const entities = [...new Set(before.map((m) => m.entity))];
  assert.ok(entities.length >= 2, 'the fixture mentions two entities or more');
  const [removed] = entities;
  const config = registry()!;
  c.setRegistry({ ...config, entities: config.entities.filter((e) => e.id !== removed) });
  // not 0 while the store reads the source again (seconds at 10,000 sources)
  assert.deepEqual(c.mentions(c.get(S)!), before.filter((m) => m.entity !== removed));
  c.update(S, SC, { text: read(S), sidecarText: read(SC) });
  assert.deepEqual(c.mentions(c.get(S)!), before.filter((m) => m.entity !== removed), 'read again: the same, found by the new registry');
});

test('an entity added to the registry is found in a closed source read again with the same text, and in one an editor opens first', () => {
  const config = registry()!;
  const full = closedCorpus(new Set()).mentions(closedCorpus(new Set()).get(S)!);
  const [added] = [...new Set(full.map((m) => m.entity))];
  const without = { ...config, entities: config.entities.filter((e) => e.id !== added) };
  // the registry as it was before the entity was added, then again as the analyst left it; and
  // the same with an empty registry between (a registry deleted, created empty, then restored)
  for (const steps of [[without, config], [config, { ...config, entities: [] }, config]]) {
    const c = new Corpus(steps[0], undefined, () => false);
    c.update(S, SC, { text: read(S), sidecarText: read(SC) });
    for (const step of steps.slice(1)) {
      c.setRegistry(step);
      assert.equal(c.get(S)!.mentionsCarried, true, 'carried until read again');
      c.update(S, SC, { text: read(S), sidecarText: read(SC) });
      assert.equal(c.get(S)!.mentionsCarried, false);
    }
    assert.deepEqual(c.mentions(c.get(S)!), full, 'read again with the registry now: the added entity found');
  }
  // an editor opened on the source before it was read again finds them in the text it gives back
  const open = new Set<string>();
  const c = new Corpus(without, undefined, (s) => open.has(s));
  c.update(S, SC, { text: read(S), sidecarText: read(SC) });
  c.setRegistry(config);
  open.add(S);
  assert.equal(c.adopt(S, read(S)), true);
  assert.deepEqual(c.mentions(c.get(S)!), full);
});

test('the same registry parse given again (its file written with what it held) changes nothing: no mentions carried, none to find again', () => {
  const c = closedCorpus(new Set());
  const e = c.get(S)!;
  const mentions = e.mentions;
  c.setRegistry(c.registry);
  assert.equal(e.mentionsCarried, false);
  assert.equal(e.mentions, mentions, 'the very mentions held');
});

test('textHash: equal texts hash equal; a changed character or length changes it', () => {
  const t = read(S);
  assert.equal(textHash(t), textHash(t.slice()));
  for (const other of [t + ' ', t.slice(1), t.replace('a', 'b'), '']) assert.notEqual(textHash(other), textHash(t));
});

test('a closed source\'s sidecar changed without moving a quote (a status change) keeps its placements when the text read again is the one they were made in; another text is placed anew', () => {
  // a phrase twice: the second claim stands by its context, not where its quote first occurs
  const text = 'The minister said talks would resume. Later, the envoy said talks would resume in May.\n';
  const sidecar = (status: string) =>
    ['marginalia: 1', 'source: s.txt', 'annotations:', '  - id: c1', '    kind: claim', '    quote: said talks would resume', '    prefix: "the envoy "', '    suffix: " in May"', `    status: ${status}`, ''].join('\n');
  const corpus = new Corpus(registry(), undefined, () => false);
  corpus.update('s.txt', 's.txt.annotations.yaml', { text, sidecarText: sidecar('unverified') });
  const before = corpus.get('s.txt')!.placements[0];
  assert.equal(before.result.start, text.indexOf('said talks would resume in May'));
  corpus.update('s.txt', 's.txt.annotations.yaml', { text, sidecarText: sidecar('disputed') });
  const after = corpus.get('s.txt')!.placements[0];
  assert.equal(after.annotation.status, 'disputed');
  assert.equal(after.result, before.result, 'kept: the anchoring was not asked again');
  assert.equal(corpus.get('s.txt')!.text, null, 'and the text is dropped again');
  const edited = 'Preface. ' + text;
  corpus.update('s.txt', 's.txt.annotations.yaml', { text: edited, sidecarText: sidecar('refuted') });
  const moved = corpus.get('s.txt')!.placements[0];
  assert.notEqual(moved.result, before.result, 'another text: placed anew');
  assert.equal(moved.result.start, edited.indexOf('said talks would resume in May'));
});

// A save computes the edits and the shift itself (documentHooks.ts: on the editor's thread when
// cheap, else the worker places the text): the corpus takes them and does neither again, nor
// anchors the text in full, and the mentions move across the edits it was given.
test('a saved text with the edits and placements computed by its caller: taken as given, nothing placed again here', () => {
  const text = read(S);
  const saved = `Update: talks resumed.\n\n${text}`;
  const again = `${saved}\nA closing line.`;
  const fresh = new Corpus(registry());
  fresh.update(S, SC, { text: saved, sidecarText: read(SC) });
  const c = new Corpus(registry());
  c.update(S, SC, { text, sidecarText: read(SC) });
  const placedHere = c.placedHere;
  const carried = shiftPlacements(text, saved, c.get(S)!.placements)!;
  assert.ok(carried, 'the typing is carried');
  c.update(S, SC, { text: saved, shifted: { edits: textEdits(text, saved), placements: carried } });
  assert.equal(c.get(S)!.placements, carried, 'the caller\'s shift, as given');
  assert.deepEqual(c.mentions(c.get(S)!), fresh.mentions(fresh.get(S)!), 'mentions moved across the given edits, as found in the saved text');
  // the worker's placements of a text the caller could not carry across
  const placed = placeAnnotations(again, c.get(S)!.parsed!.sidecar!.annotations);
  c.update(S, SC, { text: again, placements: placed, shifted: { edits: textEdits(saved, again), placements: null } });
  assert.equal(c.get(S)!.placements, placed, 'the worker\'s placements, as given');
  assert.equal(c.get(S)!.text, again);
  assert.equal(c.placedHere, placedHere, 'nothing anchored in full here');
  assert.equal(placedHere, 1, 'where the first read of it was');
});

// A Refresh, or the echo of a write, reads a closed source again: the same text (its hash) and
// the sidecar the corpus holds. Nothing is anchored again: a long source whose annotations are
// off their stored places was anchored in full on the extension host at every such read.
test('a closed source read again with its text and sidecar unchanged keeps its placements, anchoring nothing', () => {
  const text = read(S);
  // stored places off by a few characters: placing these means searching the text
  const off = read(SC).replace(/(start|end): (\d+)/g, (_, k: string, n: string) => `${k}: ${Number(n) + 3}`);
  assert.notEqual(off, read(SC), 'the fixture has stored places');
  const c = new Corpus(registry(), undefined, () => false);
  c.update(S, SC, { text, sidecarText: off });
  const e = c.get(S)!;
  const { placements, parsed } = e;
  const mentions = c.mentions(e);
  const placedHere = c.placedHere;
  // read again: another string of the same text and sidecar, as a read from disk gives
  c.update(S, SC, { text: text.split('').join(''), sidecarText: off.split('').join('') });
  assert.equal(c.placedHere, placedHere, 'nothing anchored again');
  assert.equal(c.get(S)!.placements, placements, 'the placements held, as they were');
  assert.equal(c.get(S)!.parsed, parsed, 'the parse held');
  assert.deepEqual(c.mentions(c.get(S)!), mentions);
  assert.equal(c.get(S)!.text, null, 'still no text kept');
  // another text, or another sidecar: placed again
  c.update(S, SC, { text: `${text}\nA line added.`, sidecarText: off });
  assert.equal(c.placedHere, placedHere + 1, 'another text is placed');
  c.update(S, SC, { text: `${text}\nA line added.`, sidecarText: off.replace('status: ', 'status:  ') });
  assert.ok(c.placedHere >= placedHere + 1);
  assert.deepEqual(
    c.get(S)!.placements.map((p) => [p.annotation.id, p.result.state, p.result.start]),
    placeAnnotations(`${text}\nA line added.`, c.get(S)!.parsed!.sidecar!.annotations).map((p) => [p.annotation.id, p.result.state, p.result.start]),
    'and where anchoring puts them',
  );
});

test('a registry change: an open source keeps its mentions, carried, until its editor\'s worker finds them in the same text (takeMentions); no search on the host meanwhile', () => {
  const config = registry()!;
  const text = read(S);
  const full = new MentionMatcher(config.entities).find(text);
  const [added] = [...new Set(full.map((m) => m.entity))];
  const without = { ...config, entities: config.entities.filter((e) => e.id !== added) };
  let searches = 0;
  const c = new Corpus(without, (entities) => {
    const m = new MentionMatcher(entities);
    const find = m.find.bind(m);
    m.find = (t: string) => (searches++, find(t));
    return m;
  }, () => true);
  c.update(S, SC, { text, sidecarText: read(SC) });
  const before = c.mentions(c.get(S)!);
  assert.ok(before.length > 0 && !before.some((m) => m.entity === added));
  searches = 0;
  c.setRegistry(config);
  assert.equal(c.get(S)!.mentionsCarried, true, 'carried, not dropped');
  assert.deepEqual(c.mentions(c.get(S)!), before, 'the counts stay meanwhile');
  assert.equal(searches, 0, 'nothing searched on this thread');
  // the editor's worker, with the registry now: packed in code points, as an index worker packs them
  const packed = new MentionMatcher(config.entities).findPacked(text);
  assert.equal(c.takeMentions(S, text + ' ', config, packed), false, 'another text: not taken');
  assert.equal(c.takeMentions(S, text, without, packed), false, 'found with another registry: not taken');
  assert.equal(c.takeMentions(S, text, config, packed), true);
  assert.deepEqual(c.mentions(c.get(S)!), full, 'the added entity found');
  assert.deepEqual(c.mentionedIds(c.get(S)!), full.map((m) => m.entity));
  assert.equal(c.takeMentions(S, text, config, packed), false, 'current now: nothing more to take');
  assert.equal(searches, 0);
});

test('an open source closed with mentions still carried finds them in its text before it goes (no read is coming for them)', () => {
  const config = registry()!;
  const text = read(S);
  const full = new MentionMatcher(config.entities).find(text);
  const [added] = [...new Set(full.map((m) => m.entity))];
  const open = new Set([S]);
  const c = new Corpus({ ...config, entities: config.entities.filter((e) => e.id !== added) }, undefined, (s) => open.has(s));
  c.update(S, SC, { text, sidecarText: read(SC) });
  c.mentions(c.get(S)!);
  c.setRegistry(config);
  open.delete(S);
  c.release(S);
  const e = c.get(S)!;
  assert.equal(e.text, null);
  assert.equal(e.mentionsCarried, false);
  assert.deepEqual(c.mentions(e), full);
});

test('a save of an open source whose mentions a registry change carried: found again, not shifted from the carried ones', () => {
  const config = registry()!;
  const text = read(S);
  const full = new MentionMatcher(config.entities).find(text);
  const [added] = [...new Set(full.map((m) => m.entity))];
  const c = new Corpus({ ...config, entities: config.entities.filter((e) => e.id !== added) }, undefined, () => true);
  c.update(S, SC, { text, sidecarText: read(SC) });
  c.mentions(c.get(S)!);
  c.setRegistry(config);
  const saved = 'A new first line.\n' + text;
  c.update(S, SC, { text: saved });
  assert.deepEqual(c.mentions(c.get(S)!), new MentionMatcher(config.entities).find(saved), 'the added entity found in the saved text');
});
