// The block writer a merge's quick path writes a conflict with (core/format/yaml-block.ts): what
// it writes reads back as the very value, through the careful reader (the `yaml` package) and the
// writer-shaped reading wherever that answers, and is the `yaml` package's own text for the
// strings an analyst writes (short, on one line), so a file does not change look with the path
// the merge took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { blockEntry, NotWritable, scalarText } from '../../src/core/format/yaml-block';
import { loadWritten } from '../../src/core/format/sidecar-plain';
import { PRINT_OPTIONS } from '../../src/core/format/yamlutil';

const odd = fc.constantFrom('a: b', 'say "hi"', "it's", "both ' and \"", 'C# 1', 'a #b', 'null', '~', '', '1', '-1', '0x1F', '1e3', '.5', '.inf', 'true', 'False', '- x', '-', '? x', 'x -', 'x:', ' lead', 'trail ', '---', '...', '%x', '@x', '`x', '&x', '*x', '!x', '|x', '>x', '[x]', '{x}', 'x, y', 'é ü', 'Zhesı Lötádrek', 'a\nb', 'a\n\nb\n', 'tab\tx', '\r', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\ufeff', '\ud800', '\udc00x', '𐀀', 'x'.repeat(120), 'word '.repeat(30).trim(), 'said: '.repeat(20).trim());
const anyString = fc.oneof(odd, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.stringMatching(/^[a-z ]{80,110}$/));
const scalar = fc.oneof(anyString, fc.integer(), fc.boolean(), fc.constant(null));
const key = fc.constantFrom('id', 'text', 'note', 'field', 'value', 'deleted', 'base', 'x1');
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
  map: fc.dictionary(key, tie('v'), { maxKeys: 4, noNullPrototype: true }),
  list: fc.array(fc.oneof(scalar, tie('map')), { maxLength: 4 }),
})).list;

test('what the block writer writes reads back as the very value, in both readers', () => {
  let plainRead = 0;
  fc.assert(
    fc.property(value, (list) => {
      const text = blockEntry('conflicts', list);
      assert.deepEqual(YAML.parse(text, { maxAliasCount: 0 }), { conflicts: list }, text);
      const plain = loadWritten(text);
      if (plain !== undefined) {
        plainRead++;
        assert.deepEqual(plain, { conflicts: list }, text);
      }
    }),
    { numRuns: 2000 },
  );
  assert.ok(plainRead > 500, `the writer-shaped reading answered ${plainRead} of 2,000`);
});

const analystText = fc.oneof(fc.constantFrom('Russia backed the plot', 'said: he', 'say "hi"', "it's reported", 'C# 1', '1', 'null', '', '---', 'é ü', 'x'.repeat(120)), fc.stringMatching(/^[A-Za-z0-9 :#'",.?!()-]{0,90}$/));
const hypothesis = fc.record({ id: fc.stringMatching(/^h[0-9]{1,3}$/), text: analystText, note: analystText }, { requiredKeys: ['id'] });

test('for the strings an analyst writes on one line, it writes the yaml package’s own text', () => {
  fc.assert(
    fc.property(fc.array(hypothesis, { minLength: 1, maxLength: 5 }), fc.array(hypothesis, { maxLength: 3 }), (base, side) => {
      const conflicts = [{ field: 'hypotheses', base, values: [{ value: side }, { value: structuredClone(base) }, { deleted: true }] }];
      assert.equal(blockEntry('conflicts', conflicts), new YAML.Document({ conflicts }).toString(PRINT_OPTIONS));
    }),
    { numRuns: 1000 },
  );
});

test('a string the package would fold or write as a block scalar is written double-quoted on one line', () => {
  const long = 'word '.repeat(30).trim();
  assert.equal(scalarText(long, 8), JSON.stringify(long));
  assert.equal(scalarText('a\nb', 8), '"a\\nb"');
  assert.equal(scalarText('bell\u0007 and \u0001', 0), '"bell\\a and \\x01"');
  assert.equal(scalarText('a\u2028b', 0), '"a\\u2028b"');
  // a word too long for the line, with no space to fold at, stays as the package writes it
  assert.equal(scalarText('x'.repeat(120), 8), 'x'.repeat(120));
});

test('what it does not write is said, for the caller to take its careful path', () => {
  assert.throws(() => blockEntry('k', [[['nested']]]), NotWritable);
  assert.throws(() => blockEntry('k', [{ 'a key: odd': 1 }]), NotWritable);
  assert.throws(() => blockEntry('k', [{ x: 1.5 }]), NotWritable);
  assert.throws(() => blockEntry('k', [{ x: undefined, y: () => 1 }]), NotWritable);
});
