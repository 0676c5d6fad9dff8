// Issue 15 in the real extension host: a large marginalia.yaml is parsed off the host's thread
// (node/registryParse.ts; a 5,000-entity one took the host 80-130 ms at activation). Its entities
// are the store's as ever, and a large registry with a problem still goes to Problems at its
// line, from the careful reader the host runs when the worker finds the file is not clean.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { indexedApi } from './fixtureFolder';
import { waitUntil } from './wait';

/** A registry of `n` invented people: about 110 bytes each, so 1,500 are well over the 64 KB threshold. */
function registry(n: number): string {
  const lines = ['marginalia: 1', 'entities:'];
  for (let k = 0; k < n; k++) lines.push(`  - id: person-${k}`, `    name: Invented Person ${k}`, '    type: person', `    aliases: [Inventedson${k}]`);
  return lines.join('\n') + '\n';
}

suite('store: a large registry', () => {
  let api: MarginaliaApi;
  let dir: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await indexedApi();
    dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'bigreg-'));
  });

  suiteTeardown(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await api.store.reindex();
  });

  test('is parsed by a worker: its entities are the store\'s; with a duplicate id it is in Problems at that line', async function () {
    this.timeout(60_000);
    const file = path.join(dir, 'marginalia.yaml');
    const text = registry(1500);
    assert.ok(text.length > 64 * 1024);
    fs.writeFileSync(file, text);
    fs.writeFileSync(path.join(dir, 'report.txt'), 'Inventedson7 met Invented Person 1499 on Monday.\n');
    const before = api.store.counts.registriesParsedOffThread;
    await api.store.reindex();
    const source = vscode.Uri.file(path.join(dir, 'report.txt'));
    const root = api.store.sourceFor(source)?.root;
    assert.ok(root && root.uri.fsPath === dir, 'the folder is a corpus root of its own');
    assert.equal(root.corpus.registry?.entities.length, 1500);
    assert.equal(root.corpus.entity('person-1499')?.name, 'Invented Person 1499');
    assert.ok(api.store.counts.registriesParsedOffThread > before, 'parsed by a worker, not on the host\'s thread');
    // a duplicate id at the end: the worker's fast read refuses it, the host's careful reader places it
    const duplicateLine = text.split('\n').length - 1; // 0-based: the line after the last one written
    fs.writeFileSync(file, text + '  - id: person-3\n    name: Someone Else\n    type: person\n');
    const problems = () => vscode.languages.getDiagnostics(vscode.Uri.file(file));
    await waitUntil(() => problems().length > 0, 15_000, 'the duplicate id in Problems');
    const d = problems().find((x) => /person-3/.test(x.message));
    assert.ok(d, `a problem naming the id: ${problems().map((x) => x.message).join('; ')}`);
    assert.equal(d.range.start.line, duplicateLine, 'at the duplicate\'s line');
  });
});
