// `marginalia check` on many sidecars (issue 15): worker threads and the streamed output give
// the very bytes one thread gave, in path order, including every kind of failure; the fast
// reader gives the careful reader's findings (a conflict on the file itself included).
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { scratchDir } from './scratch';

const text = 'Officials said on Monday that the talks had stalled. The convoy was turned back at the river. The minister denied it.\n';
const quote = 'The convoy was turned back at the river';
const clean = (n: number) => `marginalia: 1\nsource: a${n}.txt\nannotations:\n  - {id: c${n}, kind: claim, quote: ${quote}, status: disputed, note: "n ${n}"}\n`;

/** 60 sidecars in 3 folders, a few of them broken each its own way. */
function corpus(): string {
  const dir = scratchDir('marginalia-parallel-');
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities: []\n');
  for (let n = 0; n < 60; n++) {
    const folder = path.join(dir, `desk-${n % 3}`);
    fs.mkdirSync(folder, { recursive: true });
    const src = path.join(folder, `a${n}.txt`);
    let sidecar = clean(n);
    if (n === 7) sidecar = sidecar.replace(quote, 'words that are nowhere in the text'); // orphan
    if (n === 11) sidecar = 'marginalia: 1\nsource: a11.txt\nannotations: [\n'; // invalid YAML
    if (n === 13) sidecar += 'conflicts: [{field: reliability, values: [{value: B}, {value: C}]}]\n'; // conflict on the file
    if (n === 17) sidecar = sidecar.replace('kind: claim', 'kind: rumour'); // a rule's error
    if (n !== 19) fs.writeFileSync(src, text); // 19: the source is missing
    fs.writeFileSync(`${src}.annotations.yaml`, sidecar);
  }
  return dir;
}

async function run(cwd: string, workers: string, ...args: string[]): Promise<{ code: number; out: string; writes: number }> {
  const saved = process.env.MARGINALIA_WORKERS;
  process.env.MARGINALIA_WORKERS = workers;
  let out = '';
  let writes = 0;
  try {
    const code = await main(args, { cwd, out: (s) => ((out += s), writes++), err: (s) => (out += s) });
    return { code, out, writes };
  } finally {
    if (saved === undefined) delete process.env.MARGINALIA_WORKERS;
    else process.env.MARGINALIA_WORKERS = saved;
  }
}

test('check with worker threads prints the same bytes as one thread, in path order, --json and text', async () => {
  const dir = corpus();
  for (const args of [['check', '--json'], ['check']]) {
    const one = await run(dir, '0', ...args);
    const two = await run(dir, '2', ...args);
    assert.equal(one.code, 1);
    assert.equal(two.code, one.code);
    assert.equal(two.out, one.out, `${args.join(' ')}: workers changed the output`);
  }
  const json = JSON.parse((await run(dir, '2', 'check', '--json')).out) as { sources: { sidecar: string; errors: { message: string }[]; conflicts?: number; annotations: { state: string }[] }[] };
  const names = json.sources.map((s) => s.sidecar);
  assert.deepEqual(names, [...names].sort(), 'reports come in path order');
  assert.equal(names.length, 60);
  const of = (n: number) => json.sources.find((s) => s.sidecar.endsWith(`/a${n}.txt.annotations.yaml`))!;
  assert.equal(of(7).annotations[0].state, 'orphaned');
  assert.ok(of(11).errors.length > 0, 'invalid YAML is an error');
  assert.equal(of(13).conflicts, 1, 'a conflict on the file itself is found (the careful reader)');
  assert.ok(of(17).errors.some((e) => /kind/.test(e.message)), 'a rule error is reported');
  assert.ok(of(19).errors.some((e) => /source file not found/.test(e.message)));
  assert.notEqual(of(0).annotations[0].state, 'orphaned');
});

test('check --json streams: one write per report, not one document built in memory', async () => {
  const dir = corpus();
  const r = await run(dir, '0', 'check', '--json');
  assert.ok(r.writes >= 60, `${r.writes} writes for 60 sidecars`);
  assert.doesNotThrow(() => JSON.parse(r.out));
  const empty = scratchDir('marginalia-parallel-empty-');
  assert.equal((await run(empty, '0', 'check', '--json')).out, '{"sources":[]}\n');
});

// the workers start while the listing goes on, once it has found 500 sidecars: the output is
// still one thread's, and a usage error found after they started (a second path that does not
// exist) still ends the run at once, with status 2
test('workers started during the listing give one thread\'s output; a later usage error still ends the run', async () => {
  const dir = scratchDir('marginalia-early-');
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities: []\n');
  for (let n = 0; n < 520; n++) {
    fs.writeFileSync(path.join(dir, `a${n}.txt`), text);
    fs.writeFileSync(path.join(dir, `a${n}.txt.annotations.yaml`), clean(n));
  }
  const one = await run(dir, '0', 'check', '--json');
  const two = await run(dir, '2', 'check', '--json');
  assert.equal(one.code, 0, one.out.slice(0, 300));
  assert.equal(two.out, one.out);
  assert.equal((JSON.parse(two.out) as { sources: unknown[] }).sources.length, 520);
  const cli = path.resolve(__dirname, '..', '..', 'src/cli/main.ts');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, cli, 'check', '.', 'no-such-folder'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, MARGINALIA_WORKERS: '2' } });
  assert.equal(r.error, undefined, 'the run ended');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no such file or folder: .*no-such-folder/);
});
