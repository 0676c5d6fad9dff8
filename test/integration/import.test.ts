// Import Annotations… in the real extension host, from each surface: scripts' `{format, file,
// source}`, the explorer context menu (the file's URI: the format from the file), the palette
// and the Sources view title (no argument: a format picker first). What it writes goes through
// the one guarded write path: one Undo entry takes the whole import back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import type { ImportSummary } from '../../src/extension/commands/import';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';
import { waitUntil } from './wait';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A Hypothesis API search result with rows quoting the rally source (and one reply, skipped). */
function hypothesis(uri: string): string {
  const row = (id: string, exact: string, prefix: string, text: string) => ({
    id, created: '2027-01-02T10:00:00.000000+00:00', updated: '2027-01-02T10:00:00.000000+00:00', user: 'acct:ilse@hypothes.is', uri, text, tags: ['crowd'],
    target: [{ source: uri, selector: [{ type: 'TextQuoteSelector', exact, prefix, suffix: '' }] }],
  });
  return JSON.stringify({
    total: 3,
    rows: [
      row('hRally00000000000000001', 'Police put the crowd at 22,000', '\n\n', 'Police figure; the organisers say 60,000.'),
      row('hRally00000000000000002', 'Civic Renewal leader Matej Zorić', 'election since 2019, as ', 'Opposition leader. See [x](command:workbench.action.quit)'),
      { ...row('hRally00000000000000003', 'Aurel', '', 'a reply'), references: ['hRally00000000000000001'] },
    ],
  });
}

suite('import', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;
  let out: vscode.Uri;

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
    out = vscode.Uri.joinPath(folder, 'import-out');
    await vscode.workspace.fs.createDirectory(out);
  });

  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(out, { recursive: true }).then(undefined, () => undefined);
  });

  test('a Hypothesis file onto a local source: placed, the reply skipped, one Undo takes it back, a second import changes nothing', async () => {
    const source = vscode.Uri.joinPath(folder, 'opposition-rally-aurel.txt');
    const sidecar = vscode.Uri.joinPath(folder, 'opposition-rally-aurel.txt.annotations.yaml');
    await vscode.workspace.fs.delete(sidecar).then(undefined, () => undefined);
    const file = vscode.Uri.joinPath(out, 'rally.hypothesis.json');
    await vscode.workspace.fs.writeFile(file, enc.encode(hypothesis('https://example.org/rally')));
    const before = api.shown.length;

    const sum = (await vscode.commands.executeCommand(Commands.importAnnotations, { format: 'hypothesis', file, source })) as ImportSummary;
    assert.equal(sum.placed, 2, JSON.stringify(sum));
    assert.equal(sum.skipped, 1);
    const text = dec.decode(await vscode.workspace.fs.readFile(sidecar));
    assert.match(text, /id: hRally00000000000000001[\s\S]*quote: Police put the crowd at 22,000/);
    assert.match(text, /author: ilse/);
    const said = api.shown.slice(before).map((m) => m.text).join('\n');
    assert.match(said, /imported rally\.hypothesis\.json into opposition-rally-aurel\.txt: 2 placed/);
    await waitUntil(() => (api.store.sourceFor(source)?.entry?.parsed?.sidecar?.annotations.length ?? 0) === 2, 10_000, 'the store has the imported notes');

    const again = (await vscode.commands.executeCommand(Commands.importAnnotations, { format: 'hypothesis', file, source })) as ImportSummary;
    assert.deepEqual([again.placed, again.unchanged, again.written.length], [0, 2, 0], 're-import changes nothing');

    await vscode.commands.executeCommand(Commands.undo);
    await waitUntil(async () => !(await vscode.workspace.fs.stat(sidecar).then(() => true, () => false)), 10_000, 'Undo removed the sidecar the import created');
  });

  test('a brat file naming 40 people the registry lacks: all added in one edit of it, and one Undo takes them and the notes back', async function () {
    this.timeout(60_000);
    const source = vscode.Uri.joinPath(folder, 'opposition-rally-aurel.txt');
    const sidecar = vscode.Uri.joinPath(folder, 'opposition-rally-aurel.txt.annotations.yaml');
    const registry = api.store.sourceFor(source)!.root.registryUri;
    const sidecarBefore = await vscode.workspace.fs.readFile(sidecar).then((b) => dec.decode(b), () => null);
    const registryBefore = dec.decode(await vscode.workspace.fs.readFile(registry));
    const file = vscode.Uri.joinPath(out, 'witnesses.ann');
    await vscode.workspace.fs.writeFile(file, enc.encode(Array.from({ length: 40 }, (_, i) => `T${i + 1}\tPerson 0 5\tWitness Number ${i}\n`).join('')));
    const sum = (await vscode.commands.executeCommand(Commands.importAnnotations, { format: 'brat', file, source })) as ImportSummary;
    assert.equal(sum.placed + sum.orphaned, 40, JSON.stringify(sum));
    const added = api.store.sourceFor(source)!.root.registry!.config!.entities.filter((e) => e.name.startsWith('Witness Number'));
    assert.equal(added.length, 40, 'every person is in the registry the store holds');
    assert.deepEqual(added.map((e) => e.id).slice(0, 2), ['witness-number-0', 'witness-number-1']);
    await vscode.commands.executeCommand(Commands.undo);
    await waitUntil(async () => dec.decode(await vscode.workspace.fs.readFile(registry)) === registryBefore, 10_000, 'Undo gave the registry back as it was');
    assert.equal(await vscode.workspace.fs.readFile(sidecar).then((b) => dec.decode(b), () => null), sidecarBefore, 'and the sidecar');
  });

  test('from the explorer context menu (the file URI): a W3C export of this corpus is recognised and changes nothing', async () => {
    const file = vscode.Uri.joinPath(out, 'corpus.jsonld');
    await vscode.commands.executeCommand(Commands.exportAnnotations, { format: 'w3c', target: file });
    const sidecars = await vscode.workspace.findFiles('**/*.annotations.yaml');
    const before = new Map(await Promise.all(sidecars.map(async (u) => [u.toString(), dec.decode(await vscode.workspace.fs.readFile(u))] as const)));
    const sum = (await vscode.commands.executeCommand(Commands.importAnnotations, file, [file])) as ImportSummary;
    // what a round trip changed, line by line, so a failure says which field the export lost
    const changed: string[] = [];
    for (const [u, text] of before) {
      const now = dec.decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(u)));
      if (now === text) continue;
      const a = text.split('\n');
      const b = now.split('\n');
      changed.push(`${u}: -${JSON.stringify(a.filter((l) => !b.includes(l)))} +${JSON.stringify(b.filter((l) => !a.includes(l)))}`);
    }
    assert.ok(sum.unchanged >= 22, JSON.stringify(sum));
    assert.deepEqual([sum.placed, sum.updated, sum.refused, sum.written.length], [0, 0, 0, 0], `${JSON.stringify(sum.reasons)} ${changed.join('\n')}`);
  });

  test('an import runs under a progress notification without Cancel (its writes are one Undo entry)', async () => {
    const file = vscode.Uri.joinPath(out, 'progress.jsonld');
    await vscode.commands.executeCommand(Commands.exportAnnotations, { format: 'w3c', target: file });
    const before = api.progress.length;
    await vscode.commands.executeCommand(Commands.importAnnotations, file, [file]);
    assert.deepEqual(api.progress.slice(before), [{ title: 'Marginalia: importing progress.jsonld…', cancellable: false }]);
  });

  test('a file that is not UTF-8, or not JSON, is refused with a message naming it (read in the worker), and nothing is written', async () => {
    const notUtf8 = vscode.Uri.joinPath(out, 'latin1.jsonld');
    const notJson = vscode.Uri.joinPath(out, 'truncated.jsonld');
    await vscode.workspace.fs.writeFile(notUtf8, new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    await vscode.workspace.fs.writeFile(notJson, enc.encode('{"type": "AnnotationCollection", "first": {"items": ['));
    const sidecars = async () => (await vscode.workspace.findFiles('**/*.annotations.yaml')).length;
    const count = await sidecars();
    const before = api.shown.length;
    assert.equal(await vscode.commands.executeCommand(Commands.importAnnotations, notUtf8, [notUtf8]), undefined);
    assert.equal(await vscode.commands.executeCommand(Commands.importAnnotations, { format: 'w3c', file: notJson }), undefined);
    const said = api.shown.slice(before).map((m) => m.text);
    assert.equal(said.length, 2, said.join('\n'));
    assert.match(said[0], /latin1\.jsonld was not imported: invalid UTF-8/);
    assert.match(said[1], /truncated\.jsonld: /);
    assert.equal(await sidecars(), count, 'no sidecar written');
  });

  test('a bad record is refused with the rule and said; a path leading out of the corpus is skipped; file text stays inert', async () => {
    const file = vscode.Uri.joinPath(out, 'bad.jsonld');
    const ann = (id: string, source: string, exact: string) => ({ id, type: 'Annotation', body: { type: 'TextualBody', value: '[run](command:workbench.action.quit)' }, target: { source, selector: { type: 'TextQuoteSelector', exact } } });
    await vscode.workspace.fs.writeFile(file, enc.encode(JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', first: { items: [
      { ...ann('urn:x1', 'pact-membership-frozen.txt', 'froze'), 'marginalia:annotation': { id: 'x1', kind: 'claim', status: 'maybe', quote: 'froze' } },
      ann('urn:x2', '../outside.txt', 'anything'),
    ] } })));
    const before = api.shown.length;
    const sum = (await vscode.commands.executeCommand(Commands.importAnnotations, { format: 'w3c', file })) as ImportSummary;
    assert.equal(sum.refused, 1, JSON.stringify(sum));
    assert.equal(sum.skipped, 1);
    const said = api.shown.slice(before);
    assert.equal(said.length, 1);
    assert.equal(said[0].severity, 'warning');
    assert.match(said[0].text, /refused urn:x1: .*unknown status "maybe"/);
    assert.match(said[0].text, /outside\.txt is not a source of this corpus/);
    assert.equal(await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, 'pact-membership-frozen.txt.annotations.yaml')).then(() => true, () => false), false, 'nothing written for a refused record');
  });

  test('from the palette a format is asked for first; dismissing it imports nothing', async () => {
    const run = vscode.commands.executeCommand(Commands.importAnnotations);
    let settled = false;
    void run.then(() => (settled = true));
    await waitUntil(async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return settled;
    }, 10_000, 'the format picker is dismissed');
    assert.equal(await run, undefined);
  });
});
