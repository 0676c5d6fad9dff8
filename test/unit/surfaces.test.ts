// Every notification and dialog goes through src/extension/ui/messages.ts, which makes file
// text inert (issue 8: a `[label](command:…)` in a sidecar became a live link in a toast). A
// direct call elsewhere would bypass it, so this reads every extension file and allows none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../../src/extension');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

test('notifications and dialogs are shown only through ui/messages.ts', () => {
  const direct = files(root)
    .filter((f) => !f.endsWith(path.join('ui', 'messages.ts')))
    .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\bshow(Information|Warning|Error)Message\b/g)].map(() => path.relative(root, f)));
  assert.deepEqual(direct, []);
});
