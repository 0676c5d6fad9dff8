// Hypothesis import against a local copy of an article. The fixture's positions come from an
// HTML rendering of the article (navigation, byline, a caption and an aside before the text;
// a non-breaking hyphen, curly quotes and "per cent" where the copy has "percent"; an emoji
// counted in UTF-16), as Hypothesis stores them (test/fixtures/import/make-hypothesis.ts): every
// annotation must land on the right words of the local text or be an orphan, never elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { parseSidecar } from '../../src/core/format';
import { scratchDir } from './scratch';

const FIX = path.join(__dirname, '..', 'fixtures', 'import');
const local = fs.readFileSync(path.join(FIX, 'harbour-strike.txt'), 'utf8');
const cps = Array.from(local);
const cp = (utf16: number) => Array.from(local.slice(0, utf16)).length;

async function run(cwd: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** id → the local words it must be on (the nth occurrence), or null: it must be an orphan. */
const EXPECTED: [string, string | null, number][] = [
  ['hX1aaaaaaaaaaaaaaaaaa1', 'returned to work on Thursday after a nine-day strike', 0], // U+2011 on the page
  ['hX2aaaaaaaaaaaaaaaaaa2', 'the minister', 0], // "According to the union, the minister had refused"
  ['hX3aaaaaaaaaaaaaaaaaa3', 'The minister', 1], // "The minister said it would take ten days"
  ['hX4aaaaaaaaaaaaaaaaaa4', null, 0], // the figure caption: not in the local copy
  ['hX5aaaaaaaaaaaaaaaaaa5', '7 percent', 0], // "7 per cent" on the page
  ['hX6aaaaaaaaaaaaaaaaaa6', '"unlawful"', 0], // curly quotes on the page
  ['hX7aaaaaaaaaaaaaaaaaa7', "the union's chief negotiator", 0],
  ['hX8aaaaaaaaaaaaaaaaaa8', 'might not come back 🚢', 0],
  ['hX9aaaaaaaaaaaaaaaaaa9', null, 0], // "Port Selva" in the aside: a short quote found elsewhere, not here
];

function nth(hay: string, needle: string, n: number): number {
  let at = -1;
  for (let i = 0; i <= n; i++) at = hay.indexOf(needle, at + 1);
  return at;
}

test('Hypothesis positions from an HTML rendering are off: the quote places each row on the right words, or it is an orphan', async () => {
  const json = JSON.parse(fs.readFileSync(path.join(FIX, 'harbour-strike.hypothesis.json'), 'utf8'));
  const hintsOff = json.rows.filter((r: any) => {
    const pos = r.target[0].selector?.find((s: any) => s.type === 'TextPositionSelector');
    const q = r.target[0].selector?.find((s: any) => s.type === 'TextQuoteSelector');
    return pos && q && cps.slice(pos.start, pos.end).join('') !== q.exact;
  });
  assert.ok(hintsOff.length >= 9, 'the fixture positions do not match the local text');

  const dir = scratchDir('marginalia-hyp-');
  fs.copyFileSync(path.join(FIX, 'harbour-strike.txt'), path.join(dir, 'harbour-strike.txt'));
  const r = await run(dir, 'import', path.join(FIX, 'harbour-strike.hypothesis.json'), '--format', 'hypothesis', '--source', 'harbour-strike.txt');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /7 placed, 2 orphaned, 0 updated, 0 unchanged, 3 skipped, 0 refused/);
  assert.match(r.out, /skipped hXAa+A: a reply/);
  assert.match(r.out, /skipped hXBa+B: a page note/);
  assert.match(r.out, /skipped hXCa+C: another page/);
  assert.match(r.out, /orphaned hX4a+4: “The minister visited the quay on Wednesday”/);

  const text = fs.readFileSync(path.join(dir, 'harbour-strike.txt.annotations.yaml'), 'utf8');
  const parsed = parseSidecar(text, 'harbour-strike.txt.annotations.yaml');
  assert.equal(parsed.writable, true, JSON.stringify(parsed.problems));
  const byId = new Map(parsed.sidecar!.annotations.map((a) => [a.id, a]));
  for (const [id, words, n] of EXPECTED) {
    const a = byId.get(id);
    assert.ok(a, id);
    if (words === null) {
      assert.equal(a.start, undefined, `${id} is an orphan, stored without offsets`);
      continue;
    }
    const at = nth(local, words, n);
    assert.ok(at >= 0);
    assert.deepEqual([a.start, a.end, a.quote], [cp(at), cp(at) + Array.from(words).length, words], id);
  }
  const first = byId.get('hX1aaaaaaaaaaaaaaaaaa1')!;
  assert.equal(first.note, 'Nine days, not ten as the agency wrote.');
  assert.deepEqual(first.tags, ['timeline']);
  assert.equal(first.author, 'jwirth');
  assert.equal(byId.get('hX7aaaaaaaaaaaaaaaaaa7')!.author, 'mkoval');
  assert.equal(first.kind, 'note');

  const again = await run(dir, 'import', path.join(FIX, 'harbour-strike.hypothesis.json'), '--format', 'hypothesis', '--source', 'harbour-strike.txt');
  assert.match(again.out, /0 placed, 0 orphaned, 0 updated, 9 unchanged/, 're-import changes nothing');
  assert.equal(fs.readFileSync(path.join(dir, 'harbour-strike.txt.annotations.yaml'), 'utf8'), text);
});

test('--dry-run writes nothing; --all takes rows of other pages', async () => {
  const dir = scratchDir('marginalia-hyp-');
  fs.copyFileSync(path.join(FIX, 'harbour-strike.txt'), path.join(dir, 'harbour-strike.txt'));
  const dry = await run(dir, 'import', path.join(FIX, 'harbour-strike.hypothesis.json'), '--format', 'hypothesis', '--source', 'harbour-strike.txt', '--dry-run');
  assert.match(dry.out, /7 placed, 2 orphaned.*\(dry run\)/);
  assert.ok(!fs.existsSync(path.join(dir, 'harbour-strike.txt.annotations.yaml')));
  const all = await run(dir, 'import', path.join(FIX, 'harbour-strike.hypothesis.json'), '--format', 'hypothesis', '--source', 'harbour-strike.txt', '--all', '--json');
  const json = JSON.parse(all.out);
  assert.equal(json.skipped.length, 2, 'only the reply and the page note');
  const selva = json.sources[0].items.find((i: any) => i.id === 'hXCaaaaaaaaaaaaaaaaaaC');
  assert.equal(selva.outcome, 'orphaned', '"Selva Daily" (the site name) is not in the article');
});

test('hypothesis needs --source; a file that is not JSON is an error', async () => {
  const dir = scratchDir('marginalia-hyp-');
  fs.writeFileSync(path.join(dir, 'x.json'), '{"rows": [');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'text\n');
  assert.equal((await run(dir, 'import', 'x.json', '--format', 'hypothesis')).code, 2);
  const bad = await run(dir, 'import', 'x.json', '--format', 'hypothesis', '--source', 'a.txt');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /not JSON/);
});
