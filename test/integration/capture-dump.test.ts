// Add Source… on a web page saved as plain text (issue 14): the analyst is asked whether to keep
// the article only or the whole text (the quick pick answered here as they would), and a script
// passes `{files, clean}` to skip the question. Either way the source is named by its headline.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';
import { waitUntil } from './wait';

const FIXTURE = path.join(__dirname, '../../../test/fixtures/capture/harbour-page-dump.txt');
const NAME = 'dockworkers-end-nine-day-strike-at-port-selva-after-pay-deal.txt';

suite('capture: a web page saved as text', () => {
  let api: MarginaliaApi;
  let dir: string;
  const realPick = vscode.window.showQuickPick;

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'dump-'));
  });

  teardown(() => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = realPick;
  });

  test('asked, "Keep the article only" stores the article from its headline; dismissing adds nothing', async () => {
    const offered: string[] = [];
    let choose: string | undefined;
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: vscode.QuickPickItem[], opts?: vscode.QuickPickOptions) => {
      offered.push(`${opts?.title}: ${items.map((i) => `${i.label} (${i.description})`).join(' | ')}`);
      return items.find((i) => i.label === choose);
    };
    const into = path.basename(dir);
    const file = path.join(dir, NAME);
    choose = undefined;
    assert.deepEqual(await vscode.commands.executeCommand(Commands.addSource, { files: [FIXTURE], into }), []);
    assert.equal(fs.existsSync(file), false, 'dismissed: nothing added');
    assert.match(offered[0], /harbour-page-dump\.txt looks like a web page saved as text: Keep the article only \(drops 19 lines of menus before the headline and 12 after the article\) \| Keep the whole text/);

    choose = 'Keep the article only';
    await vscode.commands.executeCommand(Commands.addSource, { files: [FIXTURE], into });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^Dockworkers end nine-day strike at Port Selva after pay deal\n\n/);
    assert.ok(!text.includes('Skip to main content') && !text.includes('Related'));
    await waitUntil(() => api.trees.sources.fileNode(vscode.Uri.file(file)) !== undefined, 10_000, 'listed in the Sources view');
  });

  test('a script passing {clean: false} keeps the whole text without asking, still named by the headline', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'whole-'));
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async () => assert.fail('not asked when the script says');
    await vscode.commands.executeCommand(Commands.addSource, { files: [FIXTURE], into: path.relative(vscode.workspace.workspaceFolders![0].uri.fsPath, sub), clean: false });
    assert.match(fs.readFileSync(path.join(sub, NAME), 'utf8'), /^Skip to main content\n/);
  });
});
