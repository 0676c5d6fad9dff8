import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSidecarIsolated } from '../../src/core/unreadable';
import { MARKERS_MESSAGE } from '../../src/core/merge/markerView';

// Two analysts added a claim each on two branches; git merged without the driver and left markers.
const conflicted = `marginalia: 1
source: a.txt
annotations:
  - {id: n1, kind: note, quote: the talks, note: shared}
<<<<<<< HEAD
  - {id: c1, kind: claim, quote: the talks had stalled, status: disputed}
=======
  - {id: c2, kind: claim, quote: The minister denied it, status: unverified}
>>>>>>> theirs
`;

test('a sidecar with git conflict markers shows both sides read-only, and says how to settle it', () => {
  const parsed = readSidecarIsolated(conflicted, 'a.txt.annotations.yaml');
  assert.deepEqual(parsed.sidecar?.annotations.map((a) => a.id).sort(), ['c1', 'c2', 'n1']);
  assert.equal(parsed.writable, false, 'never written until resolved');
  assert.equal(parsed.problems[0].severity, 'error');
  assert.equal(parsed.problems[0].message, MARKERS_MESSAGE);
  assert.equal(parsed.problems[0].line, 5, 'at the first marker');
  assert.deepEqual(parsed.conflictLines, [5, 7, 9]);
});

test('markers that do not nest as git writes them: an error, no annotations guessed', () => {
  const parsed = readSidecarIsolated(conflicted.replace('=======\n', ''), 'a.txt.annotations.yaml');
  assert.equal(parsed.sidecar, null);
  assert.equal(parsed.writable, false);
  assert.match(parsed.problems[0].message, /merge conflicts/);
});
