// The index worker's bundle (issue 15): each of the index's workers loads and runs its whole
// bundle before its first read, on the cores the editor is starting on, so it must not carry the
// `yaml` library (the careful reader's, 250 KB of a 520 KB bundle while one import of the
// format barrel pulled it in). The worker reads sidecars the fast way (sidecar-plain.ts); the
// host reads any that need the careful reader. Bundled here as esbuild.mjs bundles it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

async function bundledInputs(entry: string): Promise<string[]> {
  const built = await esbuild.build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  return Object.keys(built.metafile.inputs);
}

test('the index worker reads sidecars without loading the yaml library', async () => {
  const inputs = await bundledInputs('src/node/indexWorker.ts');
  const yaml = inputs.filter((f) => f.startsWith('node_modules/yaml/'));
  assert.deepEqual(yaml, [], `the index worker bundles ${yaml.length} files of the yaml library, e.g. ${yaml[0]}`);
  // what it does need is there: the fast reader and js-yaml, its fallback for what the writer does not print
  assert.ok(inputs.includes('src/core/format/sidecar-plain.ts'), 'the fast sidecar reader is bundled');
  assert.ok(inputs.some((f) => f.startsWith('node_modules/js-yaml/')), 'js-yaml is bundled');
});
