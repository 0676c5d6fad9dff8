// A file is written back with the line ends it has (core/text/lineEnds.ts): a checkout on
// Windows gives sidecars and registries CRLF, and an analyst's first change must not turn the
// whole file into another one. Here the rule itself, the careful reader's printing of a CRLF
// file (the same as of its LF twin, which the writers then give CRLF), and the
// CLI's writers (`check --write`, the merge driver); the editor's is tested in VS Code
// (test/integration/line-ends.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { keepLineEnds, usesCrlf, withCrlf } from '../../src/core/text/lineEnds';
import { addEntitiesToWorkspace, parseSidecar, parseWorkspace, serializeSidecar } from '../../src/core/format';
import { main } from '../../src/cli/main';
import { scratchDir } from './scratch';

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

test('the rule: a file whose first line break is CRLF is written with CRLF, every other as given; bytes as text', () => {
  const table: [string, boolean][] = [
    ['a\r\nb\n', true],
    ['a\nb\r\n', false],
    ['no break', false],
    ['\r\n', true],
    ['x\r\n', true],
    ['a\rb\n', false], // a lone CR is not a line end
    ['', false],
  ];
  for (const [text, expected] of table) {
    assert.equal(usesCrlf(text), expected, JSON.stringify(text));
    assert.equal(usesCrlf(Buffer.from(text)), expected, `bytes of ${JSON.stringify(text)}`);
  }
  assert.equal(withCrlf('a\nb\r\nc\n'), 'a\r\nb\r\nc\r\n', 'a CRLF stays one');
  assert.equal(withCrlf('a\rb\n'), 'a\rb\r\n', 'a lone CR is left');
  assert.equal(keepLineEnds('a\r\n', 'x\ny\n'), 'x\r\ny\r\n');
  assert.equal(keepLineEnds('a\n', 'x\ny\n'), 'x\ny\n');
  assert.equal(keepLineEnds(null, 'x\ny\n'), 'x\ny\n', 'a new file as printed');
  const lf = new Uint8Array(Buffer.from('x\ny\n'));
  assert.equal(keepLineEnds('a\n', lf), lf, 'bytes of a file of line feeds given back as they are');
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'é', '\n', '\r', '\r\n', ' ', '🙂')), (parts) => {
      const s = parts.join('');
      const bytes = withCrlf(new Uint8Array(Buffer.from(s)));
      assert.equal(Buffer.from(bytes).toString('utf8'), withCrlf(s), 'bytes converted as the text is');
      assert.equal(withCrlf(withCrlf(s)), withCrlf(s), 'once is enough');
      assert.equal(withCrlf(s).replace(/\r\n/g, '\n'), s.replace(/\r\n/g, '\n'), 'nothing but line ends changes');
    }),
  );
});

const SIDECAR = `marginalia: 1
source: a.txt
annotations:
  - id: c1
    kind: claim
    quote: the bridge would reopen
    status: unverified

  - id: c2
    kind: note
    quote: nobody believed it
    note: sure
`;

test('the careful reader reads a CRLF file as its LF twin: the same sidecar, problems at the same lines, the same printed text', () => {
  const file = 'a.txt.annotations.yaml';
  const lf = parseSidecar(SIDECAR, file);
  const cr = parseSidecar(crlf(SIDECAR), file);
  assert.deepEqual(cr.sidecar, lf.sidecar);
  assert.deepEqual(cr.problems, lf.problems);
  assert.equal(serializeSidecar(cr.sidecar!, cr.doc), serializeSidecar(lf.sidecar!, lf.doc), 'printed as the LF file prints');
  assert.equal(serializeSidecar(lf.sidecar!, lf.doc), SIDECAR);
  const warned = SIDECAR.replace('status: unverified', 'status: maybe');
  assert.deepEqual(parseSidecar(crlf(warned), file).problems, parseSidecar(warned, file).problems, 'an error at the same line and column');
  assert.deepEqual(cr.locate('id', 'c2'), lf.locate('id', 'c2'));
  // a registry edited as a Document the same way
  const registry = 'marginalia: 1\nentities:\n  - id: aurel\n    name: Aurel\n    type: place\n  - id: mora\n    name: Ana Mora\n    type: person\n';
  const halden = [{ id: 'halden', name: 'Halden', type: 'place', aliases: [] }] as never;
  const added = addEntitiesToWorkspace(parseWorkspace(crlf(registry), 'marginalia.yaml'), halden);
  assert.equal(added, addEntitiesToWorkspace(parseWorkspace(registry, 'marginalia.yaml'), halden));
  assert.deepEqual(parseWorkspace(crlf(registry), 'marginalia.yaml').config, parseWorkspace(registry, 'marginalia.yaml').config);
});

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

test('check --write and the merge driver write a CRLF file with CRLF: only the changed lines differ', async () => {
  const article = 'UPDATED: a new first line.\n\nThe mayor said the bridge would reopen in May. Later, nobody believed it.\n';
  const quote = 'the bridge would reopen';
  const moved = `marginalia: 1\nsource: a.txt\nannotations:\n  - id: c1\n    kind: claim\n    quote: ${quote}\n    start: 4\n    end: ${4 + quote.length}\n    status: unverified\n\n  - id: c2\n    kind: note\n    quote: nobody believed it\n    note: sure\n`;
  // the same corpus with LF and with CRLF sidecars: check --write writes the same lines
  const written: string[] = [];
  for (const text of [moved, crlf(moved)]) {
    const dir = scratchDir('marginalia-crlf-');
    fs.writeFileSync(path.join(dir, 'a.txt'), article);
    fs.writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), text);
    const w = await run(dir, 'check', '--write');
    assert.equal(w.code, 0, w.err);
    written.push(fs.readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8'));
  }
  const start = article.indexOf(quote);
  assert.match(written[0], new RegExp(`\\n    start: ${start}\\n    end: ${start + quote.length}\\n`), 'the offsets were written');
  assert.ok(!written[0].includes('\r'));
  assert.equal(written[1], crlf(written[0]), 'the CRLF file: the same lines, each ending with CRLF');

  const dir = scratchDir('marginalia-crlf-');
  // git's merge driver on two CRLF sides (ours as this checkout has it)
  const base = crlf(moved);
  const ours = base.replace('status: unverified', 'status: disputed');
  const theirs = base.replace('note: sure', 'note: not sure');
  for (const [name, text] of [['base', base], ['ours', ours], ['theirs', theirs]] as const) fs.writeFileSync(path.join(dir, name), text);
  const m = await run(dir, 'merge', 'base', 'ours', 'theirs', '--path', 'a.txt.annotations.yaml', '-o', 'merged');
  assert.equal(m.code, 0, m.err);
  assert.equal(fs.readFileSync(path.join(dir, 'merged'), 'utf8'), base.replace('status: unverified', 'status: disputed').replace('note: sure', 'note: not sure'), 'both changes, every line as it was');
});
