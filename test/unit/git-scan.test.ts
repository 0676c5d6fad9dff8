// Git's repository scan of a workspace's top-level folders (core/gitScan.ts, node/topFolders.ts;
// issue 15): when Marginalia offers to stop it, what stopping it would cost, and the count taken
// of a real folder the way VS Code's Git extension walks it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADVISE_FROM_FOLDERS, adviceText, gitScanVerdict, worthAdvising, type GitScanSettings, type GitScanVerdict } from '../../src/core/gitScan';
import { topFolders } from '../../src/node/topFolders';
import { scratchDir } from './scratch';

const DEFAULTS: GitScanSettings = { gitOn: true, autoRepositoryDetection: undefined, scanMaxDepth: undefined };
const top = (scanned: number, repositories = 0) => ({ scanned, repositories });

const rows: [string, GitScanSettings, ReturnType<typeof top>, GitScanVerdict, boolean][] = [
  ['defaults, 100 folders, none a repository', DEFAULTS, top(100), { kind: 'scans', folders: 100 }, true],
  ['defaults written out', { gitOn: true, autoRepositoryDetection: true, scanMaxDepth: 1 }, top(100), { kind: 'scans', folders: 100 }, true],
  ['detection on subfolders only', { ...DEFAULTS, autoRepositoryDetection: 'subFolders' }, top(25), { kind: 'scans', folders: 25 }, true],
  ['exactly the threshold', DEFAULTS, top(ADVISE_FROM_FOLDERS), { kind: 'scans', folders: ADVISE_FROM_FOLDERS }, true],
  ['one folder fewer: the command still stops it, unasked it is not offered', DEFAULTS, top(ADVISE_FROM_FOLDERS - 1), { kind: 'scans', folders: ADVISE_FROM_FOLDERS - 1 }, false],
  ['a top-level folder is a repository', DEFAULTS, top(100, 1), { kind: 'repositories', folders: 100, repositories: 1 }, false],
  ['depth already 0', { ...DEFAULTS, scanMaxDepth: 0 }, top(100), { kind: 'off' }, false],
  ['a deeper scan the user chose', { ...DEFAULTS, scanMaxDepth: 3 }, top(100), { kind: 'chosen', depth: 3 }, false],
  ['no limit (-1)', { ...DEFAULTS, scanMaxDepth: -1 }, top(100), { kind: 'chosen', depth: -1 }, false],
  ['a hand-edited depth that is not a number', { ...DEFAULTS, scanMaxDepth: '1' }, top(100), { kind: 'chosen', depth: NaN }, false],
  ['detection off', { ...DEFAULTS, autoRepositoryDetection: false }, top(100), { kind: 'off' }, false],
  ['detection for open editors only', { ...DEFAULTS, autoRepositoryDetection: 'openEditors' }, top(100), { kind: 'off' }, false],
  ['Git off or not installed', { ...DEFAULTS, gitOn: false }, top(100), { kind: 'off' }, false],
];

for (const [name, settings, folders, verdict, advise] of rows) {
  test(`git scan: ${name}`, () => {
    const got = gitScanVerdict(settings, folders);
    assert.deepEqual(got, verdict);
    assert.equal(worthAdvising(got), advise);
  });
}

test('the offer says the count, and nothing taken from a file', () => {
  const text = adviceText(100);
  assert.match(text, /runs git in each of the 100 folders at the top of this workspace/);
  assert.match(text, /Its own repository still shows in Source Control/);
  assert.ok(!/[[\]()$`]/.test(text), 'no link, codicon or code syntax');
});

test('top folders: directories Git scans, less .git, the ignored ones and files; those holding a .git of their own counted', async () => {
  const root = scratchDir('marginalia-topfolders-');
  for (let k = 0; k < 23; k++) fs.mkdirSync(path.join(root, `desk-${k}`));
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.writeFileSync(path.join(root, 'notes.txt'), 'not a folder\n');
  fs.symlinkSync(path.join(root, 'desk-0'), path.join(root, 'linked')); // Git's walk takes directories only (Dirent.isDirectory)
  assert.deepEqual(await topFolders(root, ['node_modules']), { scanned: 23, repositories: 0 });
  fs.mkdirSync(path.join(root, 'desk-3', '.git'));
  fs.writeFileSync(path.join(root, 'desk-7', '.git'), 'gitdir: ../.git/worktrees/desk-7\n'); // a worktree
  assert.deepEqual(await topFolders(root, ['node_modules']), { scanned: 23, repositories: 2 });
  assert.deepEqual(await topFolders(root, []), { scanned: 24, repositories: 2 }, 'node_modules scanned when not ignored');
  assert.deepEqual(await topFolders(root, ['DESK-3'], true), { scanned: 23, repositories: 1 }, 'ignored names compared without case where the file system does');
  assert.deepEqual(await topFolders(root, ['DESK-3'], false), { scanned: 24, repositories: 2 });
});

test('top folders of a folder that does not exist: an error for the caller to log', async () => {
  await assert.rejects(topFolders(path.join(scratchDir('marginalia-topfolders-'), 'gone'), []));
});

test('top folders of a folder of many entries, read a batch at a time: every subfolder counted once', async () => {
  const root = scratchDir('marginalia-topfolders-');
  for (let k = 0; k < 600; k++) fs.mkdirSync(path.join(root, `d${k}`));
  for (let k = 0; k < 700; k++) fs.writeFileSync(path.join(root, `f${k}.txt`), '');
  fs.mkdirSync(path.join(root, 'd599', '.git'));
  assert.deepEqual(await topFolders(root, []), { scanned: 600, repositories: 1 });
});
