import { loadCorpus } from './src/cli/commands/export';
import { maxBytesFromMB } from './src/core/limits';
import { matchesQuery } from './src/core/review/filters';
const t = (n: string, f: () => unknown) => { const a = performance.now(); const v = f(); console.log(n, (performance.now() - a).toFixed(1)); return v; };
(async () => {
  const { input } = await loadCorpus(['.'], { cwd: process.argv[2], out: () => {}, err: () => {} }, maxBytesFromMB(undefined));
  const c = input.corpus;
  for (const q of ['', 'p', 'pr', 'pre', 'pres', 'presid']) {
    const r = t(`query "${q}"`, () => { const out = []; for (const e of c.all()) for (const a of e.parsed?.sidecar?.annotations ?? []) { const name = a.entity ? c.entity(a.entity)?.name : undefined; if (matchesQuery(a, q, name)) out.push(a); } return out; }) as unknown[];
    console.log(r.length);
  }
})();
