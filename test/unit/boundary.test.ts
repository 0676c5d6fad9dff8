// The core and the CLI must run without VS Code: no file under src/core or src/cli may import
// 'vscode' or anything from src/extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../../src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

for (const layer of ['core', 'cli']) {
  test(`src/${layer} never imports vscode or the extension layer`, () => {
    const list = files(path.join(root, layer));
    assert.ok(list.length > 3, 'the layer has files');
    for (const f of list) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) {
        assert.notEqual(m[1], 'vscode', `${path.relative(root, f)} imports vscode`);
        assert.ok(!/(^|\/)extension(\/|$)/.test(m[1]), `${path.relative(root, f)} imports ${m[1]}`);
      }
    }
  });
}
