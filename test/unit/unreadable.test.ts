// One bad file never stops the rest (issue 8, reproduction 3): whatever a reader throws on a
// hostile sidecar or registry becomes one located error on that file, never writable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSidecarIsolated, readWorkspaceIsolated, unreadableSidecar } from '../../src/core/unreadable';

const overflow = () => {
  throw new RangeError('Maximum call stack size exceeded');
};

test('a sidecar reader that throws gives a located, unwritable error instead', () => {
  const p = readSidecarIsolated('deep:\n' + '- '.repeat(3000) + 'x\n', 'a.txt.annotations.yaml', overflow);
  assert.equal(p.writable, false);
  assert.equal(p.sidecar, null);
  assert.equal(p.problems.length, 1);
  assert.deepEqual({ line: p.problems[0].line, column: p.problems[0].column, severity: p.problems[0].severity }, { line: 1, column: 1, severity: 'error' });
  assert.match(p.problems[0].message, /too deeply nested/);
  assert.deepEqual(p.locate('id', 'x'), { line: 1, column: 1 });
});

test('a registry reader that throws gives a located, unwritable error instead', () => {
  const p = readWorkspaceIsolated('marginalia: 1\n', 'marginalia.yaml', overflow);
  assert.equal(p.writable, false);
  assert.equal(p.config, null);
  assert.match(p.problems[0].message, /marginalia\.yaml cannot be read/);
});

test('the real readers pass through, deep nesting included', () => {
  const deep = 'marginalia: 1\nsource: a.txt\ndeep:\n' + '- '.repeat(3000) + 'x\n';
  const p = readSidecarIsolated(deep, 'a.txt.annotations.yaml');
  assert.equal(p.writable, false, 'a deep sidecar is never written');
  assert.ok(p.problems.some((x) => x.severity === 'error'));
  const w = readWorkspaceIsolated('marginalia: 1\nentities:\n  - {id: a, name: A}\n', 'marginalia.yaml');
  assert.equal(w.config?.entities[0].id, 'a');
});

test('a refused read is an error at the place given', () => {
  const p = unreadableSidecar('a.txt.annotations.yaml', 'invalid UTF-8', { line: 4, column: 9 });
  assert.deepEqual([p.problems[0].line, p.problems[0].column, p.writable], [4, 9, false]);
});
