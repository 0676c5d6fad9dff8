// `marginalia entities --cooccurrence` (issue 13): the Entity Network's links for scripts, from
// the same core function, on a small corpus written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { entitiesCommand } from '../../src/cli/commands/entities';
import { scratchDir } from './scratch';

async function run(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await entitiesCommand(args, { out: (s) => (out += s), err: (s) => (err += s), cwd: dir });
  return { code, out, err };
}

function corpus(): string {
  const dir = scratchDir('cooc-');
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), 'marginalia: 1\nentities:\n  - {id: ana, name: Ana Vel, type: person, aliases: [Ana]}\n  - {id: ben, name: Ben Red, type: person}\n  - {id: kar, name: Kareva, type: place}\n');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'Ana met Ben Red in Kareva. Ana left.\n\nKareva was quiet. Ana Vel and Ben Red spoke.\n');
  return dir;
}

test('entities --cooccurrence: pairs by sentence or paragraph, with weights and places', async () => {
  const dir = corpus();
  const json = await run(dir, '--cooccurrence', '--json');
  assert.equal(json.code, 0, json.err);
  const parsed = JSON.parse(json.out);
  assert.equal(parsed.unit, 'sentence');
  assert.deepEqual(parsed.edges.map((e: { a: string; b: string; weight: number }) => `${e.a}-${e.b}:${e.weight}`), ['ana-ben:2', 'ana-kar:1', 'ben-kar:1']);
  assert.deepEqual(parsed.edges[1].places, [{ source: 'a.txt', start: 0, end: 26 }]);
  const para = JSON.parse((await run(dir, '--cooccurrence', '--json', '--by', 'paragraph')).out);
  assert.deepEqual(para.edges.map((e: { a: string; b: string; weight: number }) => `${e.a}-${e.b}:${e.weight}`), ['ana-ben:2', 'ana-kar:2', 'ben-kar:2']);
  const text = await run(dir, '--cooccurrence', '--min-weight', '2');
  assert.equal(text.code, 0);
  assert.match(text.out, /^ {5}2 {2}Ana Vel — Ben Red\n1 pair of entities named in the same sentence at least 2 times\n$/);
  for (const bad of [['--by', 'word'], ['--min-weight', '0'], ['--min-weight', 'x']]) assert.equal((await run(dir, '--cooccurrence', ...bad)).code, 2, bad.join(' '));
});
