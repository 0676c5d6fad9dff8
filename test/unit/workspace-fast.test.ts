// The fast registry reader must agree with the located one on every file it accepts, and
// hand anything doubtful back (null) so the located reader can report it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace, readWorkspaceFast } from '../../src/core/format';

const sample = fs.readFileSync(path.join(__dirname, '../../sample/marginalia.yaml'), 'utf8');

test('on a valid registry the fast reader gives exactly what parseWorkspace gives', () => {
  const full = parseWorkspace(sample, 'marginalia.yaml');
  assert.deepEqual(full.problems, []);
  assert.deepEqual(readWorkspaceFast(sample), full.config);
  const custom = 'marginalia: 1\nentityTypes: [unit]\ncues: [it is understood]\nentities:\n  - {id: b, name: Fifth Brigade, type: unit, aliases: [the brigade, {text: 5th bde, ignoreCase: true}]}\n  - {id: v, name: Vardan}\n';
  assert.deepEqual(readWorkspaceFast(custom), parseWorkspace(custom, 'x').config);
});

const doubtful: [string, string][] = [
  ['bad YAML', 'marginalia: 1\nentities: [\n'],
  ['another version', 'marginalia: 2\nentities: []\n'],
  ['a duplicate id', 'marginalia: 1\nentities:\n  - {id: x, name: X}\n  - {id: x, name: Y}\n'],
  ['an unknown type', 'marginalia: 1\nentities:\n  - {id: x, name: X, type: planet}\n'],
  ['a nested alias', 'marginalia: 1\nentities:\n  - {id: x, name: X, aliases: [[a]]}\n'],
  ['merge conflicts', 'marginalia: 1\nentities:\n  - {id: x, name: X, conflicts: [{field: name, values: [{value: X}, {value: Y}]}]}\n'],
  ['a duplicate key', 'marginalia: 1\nmarginalia: 1\n'],
  ['an alias bomb', 'marginalia: 1\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nentities: []\n'],
  ['a timestamp as a note', 'marginalia: 1\nentities:\n  - {id: x, name: X, note: 2026-11-21}\n'],
];
for (const [name, text] of doubtful) {
  test(`the fast reader hands back ${name}`, () => {
    const fast = readWorkspaceFast(text);
    const full = parseWorkspace(text, 'x');
    // either it declines, or it agrees exactly with the careful reader on a clean file
    if (fast !== null) {
      assert.deepEqual(full.problems.filter((p) => p.severity === 'error'), []);
      assert.deepEqual(fast, full.config);
    }
  });
}
