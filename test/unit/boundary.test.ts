// Dependencies point down (STYLE.md, issue 8): src/core is plain TypeScript over strings (no
// vscode, no node:*, nothing from the layers above it); src/node is the Node-only layer the CLI
// and the extension share (no vscode, nothing from src/cli or src/extension); src/cli never
// imports vscode or the extension; src/extension never imports src/cli (shared helpers live in
// src/node). Checked by reading the imports of every file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../../src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Each import of `file`: the specifier, and for a relative one the src/ layer it lands in. */
function imports(file: string): { spec: string; layer: string | null }[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => {
    const spec = m[1];
    if (!spec.startsWith('.')) return { spec, layer: null };
    const rel = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep);
    return { spec, layer: rel[0] === 'extension.ts' || rel[0] === 'extension' ? 'extension' : rel[0] };
  });
}

const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'crypto', 'util', 'url', 'module', 'buffer', 'stream', 'events'].includes(spec.split('/')[0]);

const rules: { layer: string; why: string; forbid: (i: { spec: string; layer: string | null }) => boolean }[] = [
  { layer: 'core', why: 'src/core imports neither vscode, Node built-ins, nor src/node, src/cli, src/extension', forbid: (i) => i.spec === 'vscode' || isNodeBuiltin(i.spec) || ['node', 'cli', 'extension'].includes(i.layer ?? '') },
  { layer: 'node', why: 'src/node imports neither vscode nor src/cli or src/extension', forbid: (i) => i.spec === 'vscode' || ['cli', 'extension'].includes(i.layer ?? '') },
  { layer: 'cli', why: 'src/cli imports neither vscode nor src/extension', forbid: (i) => i.spec === 'vscode' || i.layer === 'extension' },
  { layer: 'extension', why: 'src/extension never imports src/cli (shared Node helpers live in src/node)', forbid: (i) => i.layer === 'cli' },
];

/**
 * Known breaches being removed on another branch of issue 8; each must go, not grow. (links.ts
 * uses node:path's posix helpers only; a pure-string join belongs in core/text.)
 */
const PENDING = new Set<string>();

for (const rule of rules) {
  test(rule.why, () => {
    const list = files(path.join(root, rule.layer));
    assert.ok(list.length >= 3, `src/${rule.layer} has files`);
    const bad = list.flatMap((f) => imports(f).filter(rule.forbid).map((i) => `${path.relative(root, f)} imports ${i.spec}`)).filter((b) => !PENDING.has(b));
    assert.deepEqual(bad, []);
  });
}

test('the import reader sees relative, bare and node: imports alike', () => {
  const here = imports(__filename).map((i) => i.spec);
  assert.ok(here.includes('node:test') && here.includes('node:fs'));
});
