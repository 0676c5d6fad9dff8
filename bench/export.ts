// `npm run bench -- export`: export and import on the 2,000-source workspace the in-editor bench
// uses (bench/lib/vscode-workspaces.ts: 2,000 short articles with sidecars under a registry of
// 5,000 entities), in-process through the CLI's own code. Reading the corpus is shown apart,
// since every format pays it once; the import is a W3C export of the whole corpus attached to a
// copy holding only the sources (every annotation placed, every sidecar written).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../src/cli/commands/export';
import { main } from '../src/cli/main';
import { briefHtml, briefMarkdown, buildBrief, exportInputSliced, renderExport, toBrat, toBratSliced, toCsv, toW3c, type TextFormat } from '../src/core/export';
import { sliced, type Sliced } from '../src/core/slices';
import { utf8Sliced } from '../src/core/text/utf8';
import { WorkClient } from '../src/extension/worker/workClient';
import { maxBytesFromMB } from '../src/core/limits';
import { loadOrBuildVscodeWorkspaces } from './lib/vscode-workspaces';

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const ARTICLES = path.resolve(ROOT, '..', 'shared', 'corpus');

const quiet = (cwd: string) => ({ cwd, out: () => undefined, err: () => undefined });

async function time<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

export async function benchExport(): Promise<void> {
  const ws = loadOrBuildVscodeWorkspaces(CACHE, ARTICLES);
  const dir = ws.sources.dir;
  const rows: [string, number, string][] = [];
  const read = await time(() => loadCorpus(['.'], quiet(dir), maxBytesFromMB(undefined)));
  const input = read.value.input;
  const n = input.sources.reduce((k, s) => k + s.annotations.length, 0);
  rows.push(['read the corpus (sources, sidecars, registry; placement)', read.ms, `${input.sources.length} sources, ${n} annotations`]);
  const w3c = await time(() => JSON.stringify(toW3c(input), null, 2));
  rows.push(['w3c (JSON-LD, whole records carried)', w3c.ms, `${(w3c.value.length / 1e6).toFixed(1)} MB`]);
  const csv = await time(() => toCsv(input));
  rows.push(['csv', csv.ms, `${(csv.value.length / 1e6).toFixed(1)} MB`]);
  const brat = await time(() => toBrat(input));
  rows.push(['brat (in memory)', brat.ms, `${brat.value.files.size} files`]);
  const brief = await time(() => buildBrief(input));
  rows.push(['brief model (claims, evidence, entity index)', brief.ms, `${brief.value.counts.claims} claims, ${brief.value.entities.length} entities`]);
  const md = await time(() => briefMarkdown(brief.value));
  rows.push(['brief → Markdown', md.ms, `${(md.value.length / 1e6).toFixed(1)} MB`]);
  const html = await time(() => briefHtml(brief.value));
  rows.push(['brief → HTML', html.ms, `${(html.value.length / 1e6).toFixed(1)} MB`]);
  const whole = await time(() => main(['export', '--format', 'w3c', '-o', path.join(os.tmpdir(), 'marginalia-bench-export.jsonld')], quiet(dir)));
  rows.push(['`marginalia export --format w3c -o FILE`, end to end', whole.ms, `exit ${whole.value}`]);

  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-bench-import-'));
  fs.cpSync(dir, copy, { recursive: true, filter: (s) => !s.endsWith('.annotations.yaml') });
  const imp = await time(() => main(['import', path.join(os.tmpdir(), 'marginalia-bench-export.jsonld'), '--format', 'w3c', '--max-size', '256'], quiet(copy)));
  rows.push(['`marginalia import --format w3c` into sources only, end to end', imp.ms, `exit ${imp.value}`]);
  const again = await time(() => main(['import', path.join(os.tmpdir(), 'marginalia-bench-export.jsonld'), '--format', 'w3c', '--max-size', '256'], quiet(copy)));
  rows.push(['the same import again (everything unchanged)', again.ms, `exit ${again.value}`]);
  fs.rmSync(copy, { recursive: true, force: true });

  console.log(`\nExport and import, ${input.sources.length} sources, ${n} annotations (one run, this machine)\n`);
  console.log(`| step | time | size |\n|---|---:|---|`);
  for (const [what, ms, note] of rows) console.log(`| ${what} | ${ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`} | ${note} |`);

  // Issue 15 (no extension-host pause over 50 ms): Export… and Open Brief run the same work in
  // slices on the host's thread (core/slices.ts), the text encoded as UTF-8 for
  // workspace.fs.writeFile in slices too. The longest task is what other extensions wait for.
  console.log(`\nOn the extension host's thread (Export…, Open Brief): the longest task, against 50 ms\n`);
  console.log(`| step | longest task | slices | in all |\n|---|---:|---:|---:|`);
  const host = async (what: string, work: Sliced<unknown>) => {
    const slices: number[] = [];
    await sliced(work, { onSlice: (ms) => slices.push(ms) });
    const longest = Math.max(...slices);
    console.log(`| ${what} | ${longest.toFixed(1)} ms ${longest <= 50 ? '(within 50 ms)' : '(OVER 50 ms)'} | ${slices.length} | ${slices.reduce((a, b) => a + b, 0).toFixed(0)} ms |`);
  };
  await host('the corpus as exported (every source, its annotations and records)', exportInputSliced(input.corpus));
  const formats: [string, TextFormat][] = [['W3C (JSON-LD)', 'w3c'], ['CSV', 'csv'], ['brief (Markdown; Open Brief)', 'brief'], ['brief (HTML)', 'html']];
  for (const [what, format] of formats) await host(`${what}, as UTF-8 bytes`, bytesOf(renderExport(input, format)));
  await host('brat (in memory)', toBratSliced(input));

  // Import Annotations… of that W3C export: the file's bytes handed to the editor's worker, which
  // decodes, parses and takes the records apart, sending them back in parts; the host's longest
  // task while it waits (a 1 ms timer's longest gap), against one JSON.parse of the text here
  const file = path.join(os.tmpdir(), 'marginalia-bench-export.jsonld');
  const client = new WorkClient(path.join(ROOT, 'src', 'node', 'anchorWorker.ts'));
  try {
    const bytes = new Uint8Array(fs.readFileSync(file)); // read before: the extension reads it asynchronously
    let gap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      gap = Math.max(gap, now - last);
      last = now;
    }, 1);
    const t = performance.now();
    const answer = await client.importRecords(bytes);
    const ms = performance.now() - t;
    clearInterval(timer);
    const records = 'batch' in answer ? answer.batch.items.length : 0;
    const parse = (await time(() => JSON.parse(fs.readFileSync(file, 'utf8')))).ms;
    console.log(`| Import Annotations… of the W3C export (${(fs.statSync(file).size / 1e6).toFixed(1)} MB): its records from the worker, in parts | ${gap.toFixed(1)} ms ${gap <= 50 ? '(within 50 ms)' : '(OVER 50 ms)'} | ${records.toLocaleString('en')} records | ${ms.toFixed(0)} ms (JSON.parse here: ${parse.toFixed(0)} ms in one task) |`);
  } finally {
    client.dispose();
  }
}

function* bytesOf(text: Sliced<string[]>): Sliced<Uint8Array> {
  return yield* utf8Sliced(yield* text);
}
