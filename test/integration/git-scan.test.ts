// VS Code's Git extension searching each top-level folder for a repository at every window open
// (extension/gitScan.ts, issue 15), in the real extension host: the offer Marginalia makes when
// that costs a large corpus's workspace, the command that stops the scan (as the palette runs
// it), and the cases where it leaves Git's setting alone.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { ADVISE_FROM_FOLDERS } from '../../src/core/gitScan';
import { DONT_ASK, STOP_SCANNING } from '../../src/extension/gitScan';
import { Commands } from '../../src/extension/ids';
import { indexedApi } from './fixtureFolder';
import { waitUntil } from './wait';

const DEPTH = 'repositoryScanMaxDepth';

suite('Git scanning the workspace\'s top-level folders', () => {
  let api: MarginaliaApi;
  let root: string;
  const made: string[] = [];
  const git = () => vscode.workspace.getConfiguration('git', vscode.workspace.workspaceFolders![0].uri);
  const shownSince = (before: number) => api.shown.slice(before);
  /** The folders Git's scan enters at the workspace's top now (every directory but .git; node_modules is ignored by default). */
  const scanned = () => fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules').length;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await indexedApi();
    // the session's own offer weighed first, on this workspace as it is (few folders: none made)
    assert.deepEqual(await api.gitScan.weighed, [], 'nothing worth an offer as the workspace opened');
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    for (let k = 0; k < ADVISE_FROM_FOLDERS; k++) {
      const dir = path.join(root, `gitscan-desk-${k}`);
      fs.mkdirSync(dir);
      made.push(dir);
    }
  });

  teardown(async () => {
    await git().update(DEPTH, undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.join(made[0], '.git'), { recursive: true, force: true });
  });

  suiteTeardown(async () => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the offer is weighed once the first index is done, not during it', async () => {
    assert.equal(api.gitScan.weighedWhenReady, true);
    assert.equal(await api.gitScan.offered, undefined, 'this workspace as it opened, with few folders: nothing offered');
  });

  test('a workspace whose top-level folders Git scans, none a repository: the offer says how many, with its two answers', async function () {
    this.timeout(30_000);
    const before = api.shown.length;
    void api.gitScan.adviseNow(); // answered by no one here: the UI test clicks it
    await waitUntil(() => shownSince(before).length > 0, 10_000, 'the offer');
    const [offer] = shownSince(before);
    assert.equal(offer.severity, 'info');
    assert.match(offer.text, new RegExp(`runs git in each of the ${scanned()} folders at the top of this workspace`));
    assert.deepEqual(offer.items, [STOP_SCANNING, DONT_ASK]);
    assert.equal(git().get(DEPTH), 1, 'nothing changed before the analyst answers');
  });

  test('the command stops the scan in the workspace settings; the offer is then not made', async function () {
    this.timeout(30_000);
    const before = api.shown.length;
    await vscode.commands.executeCommand(Commands.stopGitScan);
    assert.equal(git().inspect(DEPTH)?.workspaceValue, 0, 'git.repositoryScanMaxDepth 0 in the workspace settings');
    assert.equal(git().inspect(DEPTH)?.globalValue, undefined, 'the user settings untouched');
    const said = shownSince(before);
    assert.equal(said.length, 1);
    assert.match(said[0].text, /set git\.repositoryScanMaxDepth to 0 in this workspace's settings/);
    const again = api.shown.length;
    assert.equal(await api.gitScan.adviseNow(), undefined);
    assert.equal(api.shown.length, again, 'no offer where the scan is off');
  });

  test('a top-level folder that is a repository of its own: the setting is left, and why is said', async function () {
    this.timeout(30_000);
    fs.mkdirSync(path.join(made[0], '.git'));
    const before = api.shown.length;
    assert.equal(await api.gitScan.adviseNow(), undefined, 'no offer');
    assert.equal(api.shown.length, before);
    await vscode.commands.executeCommand(Commands.stopGitScan);
    assert.equal(git().inspect(DEPTH)?.workspaceValue, undefined, 'left as it was');
    const said = shownSince(before);
    assert.equal(said.length, 1);
    assert.match(said[0].text, /left Git's repository scan on: a top-level folder is a repository of its own, and without the scan Git would not show it/);
  });

  test('a deeper scan the analyst chose is left as it is', async function () {
    this.timeout(30_000);
    await git().update(DEPTH, 2, vscode.ConfigurationTarget.Workspace);
    const before = api.shown.length;
    await vscode.commands.executeCommand(Commands.stopGitScan);
    assert.equal(git().inspect(DEPTH)?.workspaceValue, 2);
    assert.match(shownSince(before)[0]?.text ?? '', /left git\.repositoryScanMaxDepth as your settings set it/);
  });

  test("answered Don't Ask Again, the offer is not made again in this workspace", async function () {
    this.timeout(30_000);
    await api.gitScan.answer(DONT_ASK);
    const before = api.shown.length;
    assert.equal(await api.gitScan.adviseNow(), undefined);
    assert.equal(api.shown.length, before, 'nothing shown');
    assert.equal(git().inspect(DEPTH)?.workspaceValue, undefined, 'and nothing changed');
  });
});
