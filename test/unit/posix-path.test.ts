import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { dirname, isPlainAbsolute, joinNormalize, relative } from '../../src/core/text/posixPath';

// The core's string path helpers agree with Node's path.posix on workspace-relative paths.
const segment = fc.constantFrom('a', 'b', 'c.txt', '..', '.', 'd e');
const rel = fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('/'));

test('dirname, join-normalize and relative agree with path.posix', () => {
  fc.assert(
    fc.property(rel, rel, (a, b) => {
      assert.equal(dirname(a) || '.', path.posix.dirname(a));
      assert.equal(joinNormalize(dirname(a), b), path.posix.normalize(path.posix.join(path.posix.dirname(a), b)));
      const na = path.posix.normalize(a);
      const nb = path.posix.normalize(b);
      if (!na.startsWith('..') && !nb.startsWith('..')) assert.equal(relative(na, nb), path.posix.relative(na, nb));
    }),
    { numRuns: 1000 },
  );
});

// the quick path of isInside and displayPath (issue 15): an absolute path counted plain is one
// path.resolve would leave as it is, so comparing and slicing it as a string is exact; and a
// dot folder (`~/.local`, `.cache`) is plain, not sent the slow way
test('isPlainAbsolute is exactly "path.posix.resolve leaves it unchanged" (the root aside)', () => {
  const seg = fc.constantFrom('a', '.', '..', '', '.a', '..a', 'a.', '...', '.cache', 'a b');
  const abs = fc.array(seg, { maxLength: 6 }).map((s) => '/' + s.join('/'));
  fc.assert(fc.property(abs, (p) => isPlainAbsolute(p) === (p !== '/' && path.posix.resolve(p) === p)), { numRuns: 5000 });
  assert.equal(isPlainAbsolute('/home/u/.cache/corpus/a.txt'), true);
  assert.equal(isPlainAbsolute('relative/a.txt'), false);
});
