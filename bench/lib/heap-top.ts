// Prints where a sampled heap profile's live bytes were allocated (bench/vscode/measure.ts
// `profiled` with MARGINALIA_BENCH_HEAP_SAMPLES=1): by the allocating function, and by the
// nearest frame of the extension's own bundle, so that what Marginalia keeps stands apart
// from what VS Code and other extensions do.
//   node --import tsx bench/lib/heap-top.ts <file.heapprofile> [rows]
import * as fs from 'node:fs';

interface Frame { functionName: string; url: string; lineNumber: number }
interface Node { callFrame: Frame; selfSize: number; children: Node[] }

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: heap-top.ts <file.heapprofile> [rows]');
const rows = Number(rowsArg ?? 25);
const { head } = JSON.parse(fs.readFileSync(file, 'utf8')) as { head: Node };
const name = (f: Frame) => `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}`;
const ours = (f: Frame) => /\/dist\/extension\.js$/.test(f.url);
const bySelf = new Map<string, number>();
const byOurs = new Map<string, number>();
let total = 0;
const walk = (n: Node, nearestOurs: string | undefined) => {
  const here = ours(n.callFrame) ? name(n.callFrame) : nearestOurs;
  if (n.selfSize) {
    total += n.selfSize;
    bySelf.set(name(n.callFrame), (bySelf.get(name(n.callFrame)) ?? 0) + n.selfSize);
    const key = here ?? '(not under the extension)';
    byOurs.set(key, (byOurs.get(key) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, here);
};
walk(head, undefined);
const mb = (b: number) => (b / 1048576).toFixed(2).padStart(7);
const print = (title: string, m: Map<string, number>) => {
  console.log(title);
  for (const [k, b] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${mb(b)} MB  ${k}`);
};
console.log(`${mb(total)} MB sampled alive at the end`);
print('by the allocating function:', bySelf);
print('by the nearest function of dist/extension.js:', byOurs);
