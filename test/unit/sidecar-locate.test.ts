// Problems names the line of each orphaned or conflicted annotation by asking the careful parse
// where its id is (ParsedSidecar.locate). Asked once per annotation, a scan of the list each
// time was quadratic (issue 15: 20,000 orphans, 38 s); the answers must stay what the scan gave:
// the first item with that id, a repeated id (a bad merge) at its first place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSidecar } from '../../src/core/format';

test('each id is located at its own item, a repeated id at the first, an unknown id nowhere', () => {
  const lines = ['marginalia: 1', 'source: a.txt', 'annotations:'];
  const at = new Map<string, number>();
  for (let n = 0; n < 400; n++) {
    const id = n === 250 ? 'n7' : `n${n}`; // n7 again, later
    if (!at.has(id)) at.set(id, lines.length + 2); // the `quote:` line, 1-based
    lines.push(`  - id: ${id}`, `    quote: words ${n}`, '    kind: note');
  }
  const parsed = parseSidecar(lines.join('\n') + '\n', 'a.txt.annotations.yaml');
  for (const [id, line] of at) assert.equal(parsed.locate('quote', id).line, line, id);
  assert.equal(parsed.locate('quote', 'n7').line, at.get('n7'));
  assert.deepEqual(parsed.locate('quote', 'nobody'), { line: 1, column: 1 });
  assert.equal(parsed.locate('source').line, 2);
});
