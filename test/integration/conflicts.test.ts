// Issue #5 in the real extension host: a sidecar git merged without the Marginalia driver
// (conflict markers) is detected and rebuilt from both sides; field conflicts a merge left
// visible are settled by picking; the git merge driver is set up from VS Code.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { findConflictMarkers, parseSidecar } from '../../src/core/format';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';
import { waitUntil } from './wait';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

const TEXT = 'Curfew in Aurel\n\nThe curfew was lifted at midnight, the mayor said. Police reportedly stayed on the bridges.\n';

const side = (status: string, extra: string) => `marginalia: 1
source: curfew.txt
annotations:
  - id: c1
    kind: claim
    quote: The curfew was lifted at midnight
    status: ${status}
${extra}`;

suite('conflicts', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;
  let source: vscode.Uri;
  let sidecar: vscode.Uri;
  const realPick = vscode.window.showQuickPick;
  const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
    source = vscode.Uri.joinPath(folder, 'curfew.txt');
    sidecar = vscode.Uri.joinPath(folder, 'curfew.txt.annotations.yaml');
    await vscode.workspace.fs.writeFile(source, encoder.encode(TEXT));
    await waitUntil(() => api.store.sourceFor(source)?.entry !== undefined, 10_000, 'source indexed');
  });

  teardown(() => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = realPick;
  });

  test('a sidecar with git conflict markers is rebuilt from both sides, keeping both analysts’ work', async () => {
    const ours = side('disputed', '\n  - {id: n-ours, kind: note, quote: the mayor said, note: which mayor?}\n');
    const theirs = side('refuted', '\n  - {id: n-theirs, kind: note, quote: Police, note: city or national?}\n');
    const oursLines = ours.split('\n');
    const theirsLines = theirs.split('\n');
    // what git writes when it merges line by line: the common head, then the two versions
    const marked = [...oursLines.slice(0, 6), '<<<<<<< HEAD', ...oursLines.slice(6), '=======', ...theirsLines.slice(6), '>>>>>>> analysis-branch', ''].join('\n');
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode(marked));
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).some((d) => /conflict/.test(d.message)), 5_000, 'the markers are reported in Problems');
    // the writer refuses to touch it meanwhile
    await assert.rejects(() => api.writer.apply(source, [{ type: 'delete', id: 'c1' }], 'test'), /left untouched/);
    assert.equal(await read(sidecar), marked);

    // settle the status conflict by picking the second value (in canonical order)
    const titles: string[] = [];
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly { label: string }[], opts?: { title?: string }) => {
      titles.push(opts?.title ?? '');
      return items.find((i) => i.label === 'refuted');
    };
    await vscode.commands.executeCommand(Commands.resolveConflict, sidecar);
    const text = await read(sidecar);
    assert.deepEqual(findConflictMarkers(text), []);
    const p = parseSidecar(text, 'x');
    assert.ok(p.writable, p.problems.map((x) => x.message).join());
    assert.deepEqual(p.sidecar!.annotations.map((a) => a.id).sort(), ['c1', 'n-ours', 'n-theirs']);
    const c1 = p.sidecar!.annotations.find((a) => a.id === 'c1')!;
    assert.equal(c1.status, 'refuted');
    assert.equal(c1.conflicts, undefined);
    assert.equal(titles.length, 1);
    assert.match(titles[0], /Merge conflict 1 of 1: `status` of c1/);
    await waitUntil(() => !vscode.languages.getDiagnostics(sidecar).some((d) => /conflict/.test(d.message)), 5_000, 'Problems cleared');
  });

  test('a field conflict left by the merge driver stays visible until picked, and Escape leaves it for later', async () => {
    const withConflict = `marginalia: 1
source: curfew.txt
annotations:
  - id: c1
    kind: claim
    quote: The curfew was lifted at midnight
    status: unverified
    conflicts:
      - field: status
        base: unverified
        values:
          - {value: corroborated, author: Ben, updated: 2026-11-23T08:00:00Z}
          - {value: disputed, author: Ana, updated: 2026-11-22T09:00:00Z}
`;
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode(withConflict));
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).some((d) => /unresolved merge conflict on `status`/.test(d.message)), 5_000, 'the conflict is in Problems');
    // at the conflict's own line and column (`- field: status`), placed without the careful parse
    const warning = vscode.languages.getDiagnostics(sidecar).find((d) => /unresolved merge conflict/.test(d.message))!;
    assert.deepEqual([warning.range.start.line, warning.range.start.character, warning.severity], [8, 8, vscode.DiagnosticSeverity.Warning]);
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async () => undefined;
    await vscode.commands.executeCommand(Commands.resolveConflict, sidecar);
    assert.equal(await read(sidecar), withConflict, 'Escape changes nothing');
    let offered: string[] = [];
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly { label: string; description?: string }[]) => {
      offered = items.map((i) => `${i.label} (${i.description})`);
      return items[0];
    };
    await vscode.commands.executeCommand(Commands.resolveConflict, sidecar);
    assert.deepEqual(offered, ['corroborated (Ben · 2026-11-23 08:00)', 'disputed (Ana · 2026-11-22 09:00)']);
    const c1 = parseSidecar(await read(sidecar), 'x').sidecar!.annotations[0];
    assert.equal(c1.status, 'corroborated');
    assert.equal(c1.conflicts, undefined);
  });

  test('Set Up Git Merge Driver writes .gitattributes and the repository’s git config, idempotently', async () => {
    const dir = folder.fsPath;
    execFileSync('git', ['init', '-q'], { cwd: dir });
    try {
      await vscode.commands.executeCommand(Commands.setupGit);
      const attributes = await read(vscode.Uri.joinPath(folder, '.gitattributes'));
      assert.match(attributes, /^\*\.annotations\.yaml merge=marginalia$/m);
      assert.match(attributes, /^marginalia\.yaml merge=marginalia$/m);
      const driver = execFileSync('git', ['config', '--local', '--get', 'merge.marginalia.driver'], { cwd: dir, encoding: 'utf8' });
      assert.match(driver, /dist\/cli\.js' merge %O %A %B -o %A --path %P/);
      await vscode.commands.executeCommand(Commands.setupGit);
      assert.equal(await read(vscode.Uri.joinPath(folder, '.gitattributes')), attributes, 'a second run changes nothing');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.git'), { recursive: true });
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.gitattributes'));
    }
  });
});
