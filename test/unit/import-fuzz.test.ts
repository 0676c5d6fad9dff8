// Imported files come from outside the corpus (a W3C export from another tool, a Hypothesis
// dump): hostile input like any file from git. Whatever JSON they hold, the importers answer
// with items and skip reasons, never an exception, and applying what they produce never writes
// a sidecar the careful reader refuses (issue 8, "no data lost": nothing invalid is written).
// Generated exports close to the real shapes, their fields replaced by anything JSON can hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSidecar } from '../../src/core/format';
import { applyImport } from '../../src/core/import/apply';
import { fromHypothesis } from '../../src/core/import/hypothesis';
import { fromW3c } from '../../src/core/import/w3c';

const SOURCE = 'Rain fell on Aurel. The envoy met the minister. Rain fell on Aurel again.\n';
const text = fc.oneof(fc.constantFrom('Rain fell', 'the minister', 'Aurel', '', 'not in the text', '[x](command:workbench.action.quit)', '$(verified)', 'a\nb', '__proto__'), fc.string({ maxLength: 12 }));
// a field as the format has it, or anything else JSON can hold
const orAnything = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: a, weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 });

const w3cSelector = fc.record({
  type: orAnything(fc.constantFrom('TextQuoteSelector', 'TextPositionSelector')),
  exact: orAnything(text),
  prefix: orAnything(text),
  suffix: orAnything(text),
  start: orAnything(fc.integer({ min: -2, max: 90 })),
  end: orAnything(fc.integer({ min: -2, max: 90 })),
});
const w3cAnnotation = fc.record(
  {
    id: orAnything(fc.constantFrom('urn:x:a1', 'a2', '__proto__', 'constructor', '')),
    type: orAnything(fc.constant('Annotation')),
    motivation: orAnything(fc.constantFrom('commenting', 'assessing', 'identifying', 'tagging')),
    body: orAnything(fc.oneof(fc.record({ type: fc.constant('TextualBody'), value: text }), fc.array(fc.record({ type: fc.constant('TextualBody'), value: text, purpose: fc.constantFrom('tagging', 'commenting') }), { maxLength: 2 }))),
    target: orAnything(fc.record({ source: orAnything(fc.constantFrom('a.txt', '../secret.txt', '/etc/passwd', 'file:///etc/passwd', 'a.txt#x')), selector: orAnything(fc.array(w3cSelector, { maxLength: 2 })) })),
  },
  { requiredKeys: [] },
);
const w3cExport = fc.oneof(
  fc.record({ '@context': fc.constant('http://www.w3.org/ns/anno.jsonld'), type: fc.constant('AnnotationCollection'), first: fc.record({ items: fc.array(w3cAnnotation, { maxLength: 5 }) }) }),
  fc.array(w3cAnnotation, { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const hypothesisRow = fc.record(
  {
    id: orAnything(fc.constantFrom('h1', 'h2', '__proto__', '')),
    uri: orAnything(fc.constantFrom('https://example.org/a', 'https://example.org/b')),
    text: orAnything(text),
    tags: orAnything(fc.array(text, { maxLength: 2 })),
    user: orAnything(fc.constantFrom('acct:ann@hypothes.is', '')),
    created: orAnything(fc.constantFrom('2024-01-01T00:00:00Z', 'yesterday')),
    target: orAnything(fc.array(fc.record({ source: fc.constant('https://example.org/a'), selector: orAnything(fc.array(w3cSelector, { maxLength: 2 })) }), { maxLength: 1 })),
  },
  { requiredKeys: [] },
);
const hypothesisExport = fc.oneof(fc.array(hypothesisRow, { maxLength: 5 }), fc.record({ rows: fc.array(hypothesisRow, { maxLength: 5 }) }), fc.jsonValue({ maxDepth: 3 }));

function applied(items: ReturnType<typeof fromW3c>['items'], existing: string | null): void {
  const r = applyImport('a.txt', 'a.txt.annotations.yaml', SOURCE, existing, items.map((i) => ({ ...i, source: 'a.txt' })));
  if (r.text === null) return;
  const errors = parseSidecar(r.text, 'a.txt.annotations.yaml').problems.filter((p) => p.severity === 'error');
  assert.deepEqual(errors, [], r.text);
}

const EXISTING = 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a1, kind: note, quote: Rain fell, start: 0, end: 9}\n';

test('W3C exports of any shape: items and reasons, never an exception, never an invalid sidecar', () => {
  fc.assert(
    fc.property(w3cExport, fc.boolean(), (value, onExisting) => {
      // a round trip through JSON, as the file is read
      const batch = fromW3c(JSON.parse(JSON.stringify(value)) as unknown);
      for (const s of batch.skipped) assert.equal(typeof s.reason, 'string');
      applied(batch.items, onExisting ? EXISTING : null);
    }),
    { numRuns: 1500 },
  );
});

test('W3C: a motivation that is not a string is no motivation, never an exception (a counterexample fast-check found)', () => {
  const value = [{ motivation: { toString: 0 }, target: { source: 'a.txt', selector: [{ type: 'TextQuoteSelector', exact: 'Rain fell', prefix: '', suffix: '' }] } }];
  const batch = fromW3c(JSON.parse(JSON.stringify(value)) as unknown);
  assert.equal(batch.items.length, 1, JSON.stringify(batch.skipped));
  assert.equal(batch.items[0].record.kind, 'note', 'a comment, as with no motivation');
  applied(batch.items, EXISTING);
  applied(batch.items, null);
});

test('Hypothesis exports of any shape: items and reasons, never an exception, never an invalid sidecar', () => {
  fc.assert(
    fc.property(hypothesisExport, fc.boolean(), fc.boolean(), (value, all, onExisting) => {
      const batch = fromHypothesis(JSON.parse(JSON.stringify(value)) as unknown, { all });
      for (const s of batch.skipped) assert.equal(typeof s.reason, 'string');
      applied(batch.items, onExisting ? EXISTING : null);
    }),
    { numRuns: 1500 },
  );
});
