// Issue 15 in the real extension host: the first index's registries are read as activation asks
// for the index (registryFiles.ts readAhead, fullIndex.ts asked), and that index takes those very
// reads (`once`), not reads of its own; a registry whose parse the last session kept is left to
// the index's task, which restores it (a file read and deserialized, kept out of activate()).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RegistryFiles } from '../../src/extension/store/registryFiles';
import { IndexCacheGenerations } from '../../src/node/cacheGenerations';

const registry = (id: string) => `marginalia: 1\nentities:\n  - id: ${id}\n    name: ${id} Person\n    type: person\n`;

suite('store: the first index\'s registries, read as it is asked for', () => {
  let log: vscode.LogOutputChannel;
  let tmp: string;
  let folder: vscode.Uri;
  let file: string;
  let files: RegistryFiles;
  let kept: IndexCacheGenerations;

  setup(() => {
    log = vscode.window.createOutputChannel('Marginalia test: registries ahead', { log: true });
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-ahead-')));
    fs.mkdirSync(path.join(tmp, 'corpus'));
    fs.mkdirSync(path.join(tmp, 'kept'));
    folder = vscode.Uri.file(path.join(tmp, 'corpus'));
    file = path.join(folder.fsPath, 'marginalia.yaml');
    fs.writeFileSync(file, registry('asked'));
    kept = new IndexCacheGenerations(path.join(tmp, 'kept'));
    files = new RegistryFiles(log, async (root) => fs.realpathSync(root.fsPath), () => kept);
  });

  teardown(() => {
    log.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const entityIds = async () => (await files.once(folder, vscode.Uri.file(file)))?.config?.entities?.map((e) => e.id);

  test('read when asked: the index takes that read, as the file was then; a new index reads it again', async () => {
    assert.equal(files.readAhead([folder], null), true, 'read ahead');
    fs.writeFileSync(file, registry('later')); // changed between the ask and the index's task
    assert.deepEqual(await entityIds(), ['asked'], 'the index took the read made when it was asked for');
    files.clear();
    assert.deepEqual(await entityIds(), ['later'], 'a new index reads the file as it is');
  });

  test('a registry whose parse the last session kept is not read ahead: the index\'s own read restores it', async () => {
    await kept.saveRegistry(file, registry('asked'), 'a build', { marginalia: 1, entities: [], cues: [], entityTypes: [] });
    assert.ok(kept.hasRegistry(file));
    assert.equal(files.readAhead([folder], null), false, 'nothing read ahead');
    fs.writeFileSync(file, registry('later'));
    assert.deepEqual(await entityIds(), ['later'], 'read in the index\'s task, as the file is then');
  });
});
