// Export… and Open Brief in the real extension host, from each surface: the palette (no
// argument: Export… asks for a format; Open Brief shows the workspace), the editor context menu
// (Open Brief of that source, given its URI), and the `{format, target}` arguments scripts pass.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';
import { waitUntil } from './wait';

const decoder = new TextDecoder();

suite('export', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // what the exports wrote is not part of the corpus the other suites read (brat writes .txt files)
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, 'out'), { recursive: true }).then(undefined, () => undefined);
  });

  test('Export… with a format and a file writes the W3C export of the corpus and says so', async () => {
    const target = vscode.Uri.joinPath(folder, 'out', 'export.jsonld');
    const before = api.shown.length;
    const written = await vscode.commands.executeCommand(Commands.exportAnnotations, { format: 'w3c', target });
    assert.equal((written as vscode.Uri).toString(), target.toString());
    const doc = JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(target)));
    assert.equal(doc.type, 'AnnotationCollection');
    assert.ok(doc.first.items.length >= 22, `${doc.first.items.length} annotations`);
    assert.ok(doc.first.items.every((a: { 'marginalia:annotation'?: unknown }) => a['marginalia:annotation']));
    assert.match(api.shown.slice(before).map((m) => m.text).join('\n'), /exported \d+ annotations/);
  });

  test('Export… and Open Brief run under a progress notification with Cancel (their work in slices)', async () => {
    const before = api.progress.length;
    await vscode.commands.executeCommand(Commands.exportAnnotations, { format: 'csv', target: vscode.Uri.joinPath(folder, 'out', 'export.csv') });
    await vscode.commands.executeCommand(Commands.openBrief);
    assert.deepEqual(api.progress.slice(before), [
      { title: 'Marginalia: exporting CSV…', cancellable: true },
      { title: 'Marginalia: writing the brief…', cancellable: true },
    ]);
    assert.ok((await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, 'out', 'export.csv'))).size > 0, 'the CSV written');
  });

  test('Export… as brat writes .txt, .ann and annotation.conf into the folder', async () => {
    const target = vscode.Uri.joinPath(folder, 'out', 'brat');
    await vscode.workspace.fs.createDirectory(target);
    await vscode.commands.executeCommand(Commands.exportAnnotations, { format: 'brat', target });
    const ann = decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(target, 'coup-plot-uncovered.ann')));
    assert.match(ann, /^T\d+\tClaim-disputed \d+ \d+\tthe group had been/m);
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(target, 'annotation.conf'));
  });

  test('Export… from the palette asks for a format first; dismissing it writes nothing', async () => {
    const run = vscode.commands.executeCommand(Commands.exportAnnotations);
    // the quick pick is up when the command has not finished; close it as the analyst would (Escape)
    await new Promise((r) => setImmediate(r));
    let settled = false;
    void run.then(() => (settled = true));
    await waitUntil(async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return settled;
    }, 10_000, 'the format picker is dismissed');
    assert.equal(await run, undefined);
  });

  test('Open Brief from the palette shows the Markdown brief of the workspace in the preview', async () => {
    const doc = (await vscode.commands.executeCommand(Commands.openBrief)) as vscode.TextDocument;
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# Marginalia brief\n/);
    assert.ok(text.indexOf('## Disputed') < text.indexOf('## Refuted') && text.indexOf('## Refuted') < text.indexOf('## Entities'));
    assert.match(text, /\d+ sources?,/);
    await waitUntil(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /preview/i.test(t.label) || (t.input as { viewType?: string })?.viewType?.includes('markdown.preview') === true)), 10_000, 'a Markdown preview tab');
  });

  test('Open Brief from the editor context menu (the source URI) is the brief of that source only', async () => {
    const source = vscode.Uri.joinPath(folder, 'coup-plot-uncovered.txt');
    const doc = (await vscode.commands.executeCommand(Commands.openBrief, source)) as vscode.TextDocument;
    const text = doc.getText();
    assert.match(text, /^Coup\\-plot\\-uncovered\\\.txt: 1 source,/m);
    assert.doesNotMatch(text, /troops\\-withdrawn/);
    assert.match(text, /Veldonia says it foiled/);
  });
});
