// "Marginalia: Add Source…" in the real extension host (issue 14): a saved page added from the
// palette (the file picker stubbed) shows in the Sources view under its title's name, with its
// provenance; the same page added again in a newer version, passed as a script would
// (`{files}`), keeps one source and re-anchors the annotation made on the first version.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseSidecar } from '../../src/core/format';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';
import { waitUntil } from './wait';
import { twoColumnReport } from '../fixtures/capture/pdfs';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Dam inspection postponed | Valley Courier</title>
<meta property="og:title" content="Dam inspection postponed"><meta property="og:site_name" content="Valley Courier">
<meta property="og:url" content="https://valley-courier.example/dam-inspection"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/support">Support us</a></nav>
<article><h1>Dam inspection postponed</h1>
<p>The annual inspection of the Kettle Hollow dam has been postponed until March, the water board said on Thursday, citing a shortage of qualified engineers in the region.</p>
<p>Residents downstream said they had not been told of the delay. According to a board member, the inspection could be brought forward if the spring thaw came early this year.</p>
</article><footer>© Valley Courier</footer></body></html>`;

suite('capture: Add Source…', () => {
  let api: MarginaliaApi;
  let dir: string;
  const realOpen = vscode.window.showOpenDialog;

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'captured-'));
  });

  teardown(() => {
    (vscode.window as { showOpenDialog: unknown }).showOpenDialog = realOpen;
  });

  test('adds a saved page from the palette; a newer version re-anchors its annotations', async () => {
    const saved = path.join(dir, '..', `${path.basename(dir)}-page.html`);
    fs.writeFileSync(saved, PAGE);
    (vscode.window as { showOpenDialog: unknown }).showOpenDialog = async () => [vscode.Uri.file(saved)];
    await vscode.commands.executeCommand(Commands.addSource, { into: path.basename(dir) });
    const source = vscode.Uri.file(path.join(dir, 'dam-inspection-postponed.txt'));
    await waitUntil(() => api.trees.sources.fileNode(source) !== undefined, 10_000, 'the new source in the Sources view');
    const label = api.trees.sources.fileNode(source)!.getTreeItem().label;
    assert.equal(typeof label === 'string' ? label : label?.label, 'Dam inspection postponed', 'shown by its title');
    const text = fs.readFileSync(source.fsPath, 'utf8');
    assert.ok(!text.includes('Support us') && text.includes('shortage of qualified engineers'));
    const sidecarFile = `${source.fsPath}.annotations.yaml`;
    const prov = parseSidecar(fs.readFileSync(sidecarFile, 'utf8'), sidecarFile).sidecar!.provenance!;
    assert.equal(prov.publisher, 'Valley Courier');
    assert.equal(prov.url, 'https://valley-courier.example/dam-inspection');

    // an analyst's claim on the first version
    const quote = 'the inspection could be brought forward';
    const start = text.indexOf(quote);
    fs.writeFileSync(sidecarFile, fs.readFileSync(sidecarFile, 'utf8').replace('annotations: []', `annotations:\n  - {id: c1, kind: claim, quote: ${quote}, start: ${start}, end: ${start + quote.length}, status: unverified}`));
    await api.store.refresh(source);
    // the newer version: a correction at the top moves the claim
    const newer = path.join(dir, '..', `${path.basename(dir)}-page-v2.html`);
    fs.writeFileSync(newer, PAGE.replace('<p>The annual', '<p>Correction: an earlier version of this article misnamed the dam.</p><p>The annual'));
    await vscode.commands.executeCommand(Commands.addSource, { files: [newer], into: path.basename(dir) });
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.txt')), ['dam-inspection-postponed.txt'], 'one source, not two');
    const now = fs.readFileSync(source.fsPath, 'utf8');
    assert.ok(now.startsWith('Dam inspection postponed\n\nCorrection:'));
    const c1 = parseSidecar(fs.readFileSync(sidecarFile, 'utf8'), sidecarFile).sidecar!.annotations[0];
    assert.equal(now.slice(c1.start, c1.end), quote, 'the claim moved with its words');
    await waitUntil(() => api.store.sourceFor(source)?.entry?.placements[0]?.result.state === 'anchored', 10_000, 'the store places the claim where it now is');
  });

  test('adds a PDF in the extension host: pdf.js is loaded from its own bundle only then', async () => {
    const saved = path.join(dir, '..', `${path.basename(dir)}-report.pdf`);
    fs.writeFileSync(saved, await twoColumnReport());
    await vscode.commands.executeCommand(Commands.addSource, { files: [saved], into: path.basename(dir) });
    const txt = fs.readdirSync(dir).find((f) => f.startsWith('coastal-infrastructure-review') && f.endsWith('.txt'));
    assert.ok(txt, `the report became a source (${fs.readdirSync(dir).join(', ')})`);
    const text = fs.readFileSync(path.join(dir, txt), 'utf8');
    assert.ok(text.includes('maintenance now amounts to a backlog'), 'the text layer, hyphen repaired');
    assert.ok(!text.includes('draft for consultation'), 'no running footer');
  });
});
