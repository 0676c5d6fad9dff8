// Issue 8, reproduction 9, in the real extension host: after `git mv a.txt b.txt` (or a deleted
// source) the sidecar left behind shows in the Sources view and in Problems instead of its
// annotations vanishing, and "Re-link Sidecar to Source…" attaches it to the renamed file, from
// the palette (a quick pick, best match first) and from the Sources view row (inline button and
// context menu, which pass the row).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseSidecar } from '../../src/core/format';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID, Views } from '../../src/extension/ids';
import type { MissingSourceNode } from '../../src/extension/views/sourceNodes';
import { waitUntil } from './wait';

const TEXT = 'Officials in Aurel said the crossing at Lisková had reopened.\nTwo convoys were turned back overnight.\n';
const OTHER = 'Officials in Aurel denied everything.\n';
const SIDECAR = `marginalia: 1
source: a.txt
# a comment that must survive the move
annotations:
  - {id: c1, kind: claim, quote: the crossing at Lisková had reopened, status: disputed}
  - {id: n1, kind: note, quote: Two convoys were turned back, note: how many trucks?}
`;

type Pick = { label: string; description?: string };

suite('store: missing source and re-link', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;
  let dir: string;
  const realPick = vscode.window.showQuickPick;
  let offered: Pick[][] = [];

  const at = (rel: string) => vscode.Uri.file(path.join(dir, rel));
  const problems = (rel: string) => vscode.languages.getDiagnostics(at(rel)).map((d) => d.message);
  /** Stands in for the analyst: records what the quick pick offers and takes the first item. */
  const pickFirst = () => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: Pick[] | Promise<Pick[]>) => {
      const list = await items;
      offered.push(list);
      return list[0];
    };
  };

  async function leftBehind(sidecar: string): Promise<MissingSourceNode> {
    await waitUntil(() => api.trees.sources.missingNode(at(sidecar)) !== undefined, 10_000, `${sidecar} listed as left behind`);
    await waitUntil(() => problems(sidecar).some((m) => /Source not found/.test(m)), 5_000, `${sidecar}: source not found in Problems`);
    return api.trees.sources.missingNode(at(sidecar))!;
  }

  async function linkedTo(source: string): Promise<void> {
    const sidecar = `${source}.annotations.yaml`;
    const parsed = parseSidecar(fs.readFileSync(at(sidecar).fsPath, 'utf8'), sidecar);
    assert.equal(parsed.sidecar?.source, source, 'source: names the new file');
    assert.deepEqual(parsed.sidecar?.annotations.map((a) => a.id).sort(), ['c1', 'n1']);
    assert.match(fs.readFileSync(at(sidecar).fsPath, 'utf8'), /# a comment that must survive the move/);
    await waitUntil(() => api.store.sourceFor(at(source))?.entry?.placements.length === 2, 10_000, 'the annotations are placed in the new source');
    const states = api.store.sourceFor(at(source))!.entry!.placements.map((p) => p.result.state);
    assert.ok(states.every((s) => s !== 'orphaned'), `re-anchored, not orphaned: ${states.join(', ')}`);
  }

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
    dir = fs.mkdtempSync(path.join(folder.fsPath, 'moved-'));
    fs.writeFileSync(path.join(dir, 'a.txt'), TEXT);
    fs.writeFileSync(path.join(dir, 'other.txt'), OTHER);
    fs.writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), SIDECAR);
    await waitUntil(() => api.store.sourceFor(at('a.txt'))?.entry?.placements.length === 2, 10_000, 'a.txt indexed with its annotations');
  });

  teardown(() => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = realPick;
    offered = [];
  });

  suiteTeardown(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await waitUntil(() => api.store.missingSources().length === 0, 10_000, 'nothing left behind');
  });

  test('after git mv the sidecar left behind shows in the Sources view and Problems, and the palette re-links it to the renamed file', async () => {
    fs.renameSync(path.join(dir, 'a.txt'), path.join(dir, 'b.txt'));
    const node = await leftBehind('a.txt.annotations.yaml');
    const item = node.getTreeItem();
    assert.match(String(item.description), /source not found · 2 annotations/);
    assert.equal(item.label, 'a.txt.annotations.yaml');
    // the rename's two watcher events may come in two batches: the analyst sees b.txt listed first
    await waitUntil(() => !!api.store.sourceFor(at('b.txt'))?.entry?.readable, 10_000, 'b.txt listed and read');
    pickFirst();
    await vscode.commands.executeCommand(Commands.relinkSidecar);
    assert.equal(offered.length, 1, 'one quick pick: the new source');
    const rel = path.basename(dir);
    assert.deepEqual(offered[0].map((i) => i.label).slice(0, 2), [`${rel}/b.txt`, `${rel}/other.txt`], 'the renamed file, holding every quote, first');
    assert.match(offered[0][0].description ?? '', /holds 2 of 2 quotes/);
    assert.ok(!fs.existsSync(at('a.txt.annotations.yaml').fsPath), 'the old sidecar is gone');
    await linkedTo('b.txt');
    await waitUntil(() => api.trees.sources.missingNode(at('a.txt.annotations.yaml')) === undefined, 5_000, 'the row is gone');
    await waitUntil(() => problems('a.txt.annotations.yaml').length === 0, 5_000, 'and its warning');
  });

  test('from the Sources view row (inline button, context menu), which passes the row', async () => {
    fs.renameSync(path.join(dir, 'b.txt'), path.join(dir, 'c.txt'));
    const node = await leftBehind('b.txt.annotations.yaml');
    // the row's menus are those package.json declares for its contextValue
    const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[];
    const context = { view: Views.sources, viewItem: node.getTreeItem().contextValue! };
    const shown = menus.filter((m) => m.command === Commands.relinkSidecar && matchesWhen(m.when, context)).map((m) => m.group.split('@')[0]);
    assert.deepEqual(shown.sort(), ['1_edit', 'inline']);
    // as above: the rename's second watcher batch may list c.txt after the row shows
    await waitUntil(() => !!api.store.sourceFor(at('c.txt'))?.entry?.readable, 10_000, 'c.txt listed and read');
    pickFirst();
    // VS Code passes the row and the selected rows
    await vscode.commands.executeCommand(Commands.relinkSidecar, node, [node]);
    assert.equal(offered[0][0].label, `${path.basename(dir)}/c.txt`);
    await linkedTo('c.txt');
  });

  test('a deleted source leaves its sidecar listed; re-linking refuses a file that has a sidecar already', async () => {
    fs.writeFileSync(path.join(dir, 'other.txt.annotations.yaml'), 'marginalia: 1\nsource: other.txt\nannotations: []\n');
    await waitUntil(() => api.store.sourceFor(at('other.txt'))?.entry?.sidecarLength !== null, 10_000, 'other.txt has a sidecar');
    fs.rmSync(path.join(dir, 'c.txt'));
    const node = await leftBehind('c.txt.annotations.yaml');
    const before = fs.readFileSync(at('other.txt.annotations.yaml').fsPath, 'utf8');
    // refused as a message (commands never throw to VS Code, which would add a modal of its own)
    const shownBefore = api.shown.length;
    await vscode.commands.executeCommand(Commands.relinkSidecar, node, at('other.txt'));
    assert.ok(api.shown.slice(shownBefore).some((m) => m.severity === 'error' && /already has a sidecar/.test(m.text)), 'the refusal is shown');
    assert.equal(fs.readFileSync(at('other.txt.annotations.yaml').fsPath, 'utf8'), before, 'the existing sidecar is untouched');
    assert.ok(fs.existsSync(at('c.txt.annotations.yaml').fsPath), 'the left-behind sidecar is kept');
  });
});

/** Enough of VS Code's `when` language for these menus: `view == x && viewItem =~ /re/`. */
function matchesWhen(when: string, ctx: { view: string; viewItem: string }): boolean {
  return when.split('&&').every((clause) => {
    const c = clause.trim();
    const eq = /^view == (.+)$/.exec(c);
    if (eq) return ctx.view === eq[1].trim();
    const re = /^viewItem =~ \/(.+)\/$/.exec(c);
    if (re) return new RegExp(re[1]).test(ctx.viewItem);
    return false;
  });
}
