import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLinkTarget, linkTargetFor, parseLinkTarget, resolveLinkSource } from '../../src/core/format';

const resolveCases: [from: string, to: string, expected: string | null][] = [
  ['a.txt', 'b.txt#x', 'b.txt'],
  ['a.txt', '#x', 'a.txt'],
  ['analysis/c.txt', '../a.txt#x', 'a.txt'],
  ['a.txt', 'analysis/c.txt#x', 'analysis/c.txt'],
  ['a.txt', '../outside.txt#x', null],
  ['analysis/c.txt', '../../../../etc/passwd#x', null],
  ['a.txt', 'x/../../y.txt#x', null],
];
for (const [from, to, expected] of resolveCases) {
  test(`links resolve inside the workspace only: ${from} → ${to}`, () => {
    const t = parseLinkTarget(to);
    assert.ok(t);
    assert.equal(resolveLinkSource(from, t), expected);
  });
}

test('link targets that are URIs or absolute paths are refused', () => {
  for (const bad of ['command:workbench.action.terminal.new#x', 'https://example.invalid/a#x', '/etc/passwd#x', 'C:\\x.txt#x', 'b.txt', 'b.txt#']) {
    assert.ok(checkLinkTarget(bad), bad);
  }
  assert.equal(checkLinkTarget('../b.txt#01jd'), null);
});

test('links written by the extension are relative to the linking sidecar', () => {
  assert.equal(linkTargetFor('a.txt', 'a.txt', 'x'), '#x');
  assert.equal(linkTargetFor('a.txt', 'analysis/c.txt', 'x'), 'analysis/c.txt#x');
  assert.equal(linkTargetFor('analysis/c.txt', 'a.txt', 'x'), '../a.txt#x');
  for (const [from, to] of [['a/b/c.txt', 'a/d/e.txt'], ['x.txt', 'y/z.txt'], ['y/z.txt', 'x.txt']]) {
    const t = parseLinkTarget(linkTargetFor(from, to, 'id'));
    assert.equal(resolveLinkSource(from, t!), to);
  }
});
