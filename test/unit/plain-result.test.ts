// What a command may hand back to VS Code (core/plainResult.ts): VS Code serialises a command's
// result when a user runs it from the palette, a menu or a link, so only plain data crosses. An
// Open command that returned its panel (which held the store) kept the extension host for ~21 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { plainResult, RESULT_VALUES } from '../../src/core/plainResult';

class Store {
  readonly classMap = new Uint16Array(0x10000);
  readonly entries = new Map<string, unknown>();
}

test('plain data crosses as it is: a summary, a found annotation, a list', () => {
  const summary = { imported: 3, skipped: [{ id: 'a1', reason: 'no quote' }], file: 'notes.jsonld' };
  assert.equal(plainResult(summary), summary);
  const found = { annotation: { id: 'x', kind: 'claim', quote: 'q', tags: ['t'], when: undefined } };
  assert.equal(plainResult(found), found);
  const list = [1, 'two', null, true];
  assert.equal(plainResult(list), list);
  for (const v of [undefined, null, 0, 'text', false]) assert.equal(plainResult(v), v);
});

test('a class instance, anywhere in the result, crosses as nothing: a panel holding the store', () => {
  const store = new Store();
  const panel = { deps: { store }, state: { groupBy: 'source' } };
  assert.equal(plainResult(store), undefined);
  assert.equal(plainResult(panel), undefined);
  assert.equal(plainResult([{ ok: 1 }, { deeper: [new Map()] }]), undefined);
  assert.equal(plainResult({ bytes: new Uint8Array(4) }), undefined);
});

test('the values the caller allows cross without being walked (a Uri VS Code marshals itself)', () => {
  class Uri {
    constructor(readonly path: string) {}
  }
  const uri = new Uri('/corpus/out.jsonld');
  assert.equal(plainResult(uri, (v) => v instanceof Uri), uri);
  const both = { written: [uri, uri] };
  assert.equal(plainResult(both, (v) => v instanceof Uri), both, 'a value reached twice is written twice, not refused');
  assert.equal(plainResult({ written: uri }), undefined, 'not allowed: a class instance');
});

test('a cycle, a bigint, or more values than the budget cross as nothing', () => {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  assert.equal(plainResult(a), undefined);
  assert.equal(plainResult({ n: 10n }), undefined);
  const big = Array.from({ length: RESULT_VALUES }, (_, i) => i);
  assert.equal(plainResult(big), undefined, 'the array and its values are past the budget');
  const fits = Array.from({ length: RESULT_VALUES - 1 }, (_, i) => i);
  assert.equal(plainResult(fits), fits);
});

test('a result with functions crosses (JSON leaves them out, as VS Code sends it)', () => {
  const doc = { uri: 'file:///a.txt', lineCount: 3, getText: () => 'text' };
  assert.equal(plainResult(doc), doc);
});

test('every command is registered through commands/register.ts, where its result is checked', () => {
  const src = path.join(__dirname, '../../src');
  const offenders = (fs.readdirSync(src, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.ts') && f !== path.join('extension', 'commands', 'register.ts'))
    .filter((f) => /commands\.registerCommand\(/.test(fs.readFileSync(path.join(src, f), 'utf8')));
  assert.deepEqual(offenders, []);
});
