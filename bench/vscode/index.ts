// The in-editor bench's runner: VS Code's extension host loads this file as
// `extensionTestsPath` (the same contract as test/integration/index.ts) and awaits run(). It is
// bundled on its own by bench/vscode.ts, never by esbuild.mjs, so `npm test` does not run it.
//
// bench/vscode.ts starts code-server with:
//   MARGINALIA_BENCH_MODE     editor | sources | views: which measurement this session makes
//   MARGINALIA_BENCH_OUT      where to write the figures, as JSON
//   MARGINALIA_BENCH_PROFILE  optional folder for .cpuprofile files
import * as fs from 'node:fs';
import { benchEditor } from './editor';
import { benchSources } from './sources';
import { benchViews } from './views';

export async function run(): Promise<void> {
  const mode = process.env.MARGINALIA_BENCH_MODE;
  const out = process.env.MARGINALIA_BENCH_OUT;
  const profileDir = process.env.MARGINALIA_BENCH_PROFILE || undefined;
  if (!out) throw new Error('MARGINALIA_BENCH_OUT is not set: run the bench through bench/vscode.ts');
  try {
    const result = mode === 'editor' ? await benchEditor(profileDir) : mode === 'sources' ? await benchSources(profileDir) : mode === 'views' ? await benchViews(profileDir) : null;
    if (!result) throw new Error(`unknown MARGINALIA_BENCH_MODE "${mode}"`);
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
  } catch (e) {
    fs.writeFileSync(out, JSON.stringify({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
    throw e;
  }
}
