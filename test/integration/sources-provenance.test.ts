// Provenance in use (issue 14) and the Sources view's filter (issue 11), in the real editor: a
// captured source is listed by its title with publisher and date (file name in the tooltip), a
// claim's hover names it that way; a source whose text no longer matches provenance.sha256 is
// flagged, and Accept Source Change — from the row, the palette's picker — records the new hash
// with a history entry, undone by Undo; Set Source Reliability… from the row, the palette and
// the editor menu; one filter lists only the sources holding a match, says so, and clears.
//
// The workspace is the runner's temp copy of sample/, shared with the other suites: fixtures go
// under sources-provenance-fixtures/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { parseSidecar } from '../../src/core/format';
import type { Sidecar } from '../../src/core/types';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { waitUntil } from './wait';
import { readAs } from './storeRead';

const DIR = 'sources-provenance-fixtures';
const UPDATE_MS = 10_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

const COUP = 'Coup plot foiled\n\nOfficials said the plot was foiled on Monday night.\n';
const PLAIN = 'Notes from the briefing\n\nThe minister denied it.\n';
const TAMPERED = 'A page\n\nThe convoy was turned back at the river, officials said.\n';
const claim = (text: string, q: string, extra: string) => `  - {id: ${extra.split(',')[0]}, kind: claim, quote: ${q}, start: ${text.indexOf(q)}, end: ${text.indexOf(q) + q.length}, ${extra.split(',').slice(1).join(',')}}`;
const COUP_SIDECAR = [
  'marginalia: 1',
  'source: coup.txt',
  'provenance:',
  '  title: Coup plot foiled',
  '  publisher: The Courier',
  '  published: 2026-11-02T08:15:00Z',
  '  retrieved: 2026-11-20T10:00:00Z',
  `  sha256: ${sha(COUP)}`,
  '  capturedFrom: coup.html',
  'annotations:',
  claim(COUP, 'the plot was foiled', 'c1, status: disputed, author: Ana'),
  '',
].join('\n');
const PLAIN_SIDECAR = ['marginalia: 1', 'source: plain.txt', 'annotations:', claim(PLAIN, 'The minister denied it', 'c2, status: corroborated, author: Ben'), ''].join('\n');
// captured from other words, with a title that tries to be a link and a badge
const TAMPERED_SIDECAR = [
  'marginalia: 1',
  'source: tampered.txt',
  'provenance:',
  '  title: "Border [news](command:evil) $(verified)"',
  '  publisher: Wire',
  '  retrieved: 2026-11-20T10:00:00Z',
  `  sha256: ${sha('What was captured.\n')}`,
  'annotations:',
  claim(TAMPERED, 'The convoy was turned back', 'c3, status: unverified, author: Ana'),
  '',
].join('\n');

let api: MarginaliaApi;
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const uriOf = (name: string) => vscode.Uri.joinPath(folder(), DIR, name);
const sidecarOf = (uri: vscode.Uri) => uri.with({ path: `${uri.path}.annotations.yaml` });
const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));
const stored = async (uri: vscode.Uri): Promise<Sidecar> => parseSidecar(await read(sidecarOf(uri)), 'x').sidecar!;
const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
const md = (m: unknown) => (m instanceof vscode.MarkdownString ? m.value : String(m));

async function fixture(name: string, text: string, sidecar: string): Promise<vscode.Uri> {
  const uri = uriOf(name);
  await vscode.workspace.fs.writeFile(sidecarOf(uri), encoder.encode(sidecar));
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  await waitUntil(() => {
    const e = api.store.sourceFor(uri)?.entry;
    return readAs(e, text, sidecar) && api.trees.sources.fileNode(uri) !== undefined;
  }, UPDATE_MS, `the store reads ${name}`);
  return uri;
}

/** The rows of the fixture folder, as the view lists them. */
async function rows(): Promise<TreeNode[]> {
  const top = (await api.trees.sources.getChildren()) ?? [];
  const dir = top.find((n) => label(n.getTreeItem()) === DIR);
  return dir ? ((await api.trees.sources.getChildren(dir)) ?? []) : [];
}
const row = (uri: vscode.Uri) => api.trees.sources.fileNode(uri)!;
const item = (uri: vscode.Uri) => row(uri).getTreeItem();

type Item = vscode.QuickPickItem & Record<string, unknown>;
const realPick = vscode.window.showQuickPick;
let offered: { title: string; items: Item[] }[] = [];
/** Answers each quick pick with `choose`, recording what was offered. */
function answer(choose: (title: string, items: Item[]) => Item | undefined): void {
  (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: Item[] | Promise<Item[]>, opts?: vscode.QuickPickOptions) => {
    const list = [...(await items)];
    offered.push({ title: opts?.title ?? '', items: list });
    return choose(opts?.title ?? '', list);
  };
}

suite('sources: provenance in use, reliability, filters', () => {
  let coup: vscode.Uri;
  let plain: vscode.Uri;
  let tampered: vscode.Uri;

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    coup = await fixture('coup.txt', COUP, COUP_SIDECAR);
    plain = await fixture('plain.txt', PLAIN, PLAIN_SIDECAR);
    tampered = await fixture('tampered.txt', TAMPERED, TAMPERED_SIDECAR);
  });

  setup(() => {
    offered = [];
  });

  teardown(() => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = realPick;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(Commands.clearFilters);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), DIR), { recursive: true });
  });

  test('a captured source is listed by its title, publisher and date, sorted by title; its file name is in the tooltip', async () => {
    assert.equal(label(item(coup)), 'Coup plot foiled');
    assert.match(String(item(coup).description), /^The Courier, 2026-11-02 · 1 disputed$/);
    assert.match(md(row(coup).tooltip()), /^\*\*Coup plot foiled\*\*\n\nThe Courier\\, 2026\\-11\\-02\n/);
    const tip = md(row(coup).tooltip());
    assert.match(tip, /\*\*Coup plot foiled\*\*/);
    assert.match(tip, /\*\*File:\*\* sources\\-provenance\\-fixtures\\\/coup\\\.txt/);
    assert.match(tip, /\*\*Captured:\*\* 2026\\-11\\-20/);
    assert.equal(label(item(plain)), 'plain.txt', 'no provenance: the file name');
    // sorted by what the reader sees: “Border…”, “Coup…”, “plain.txt”
    assert.deepEqual((await rows()).map((n) => label(n.getTreeItem())), ['Border [news](command:evil) \\$(verified)', 'Coup plot foiled', 'plain.txt']);
    // a title is page text: no link, no badge in the tooltip
    const hostile = md(row(tampered).tooltip());
    assert.ok(!hostile.includes('](command:') && !hostile.includes('$(verified)'), hostile);
  });

  test('a claim’s hover names its source by title, publisher and date, with the grade', async () => {
    await vscode.commands.executeCommand(Commands.setSourceReliability, { source: coup.toString(), grade: 'B' });
    await waitUntil(() => api.store.sourceFor(coup)?.entry?.parsed?.sidecar?.reliability === 'B', UPDATE_MS, 'graded');
    const doc = await vscode.workspace.openTextDocument(coup);
    await vscode.window.showTextDocument(doc);
    const pos = doc.positionAt(COUP.indexOf('plot was foiled') + 2);
    let text = '';
    await waitUntil(async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', coup, pos)) ?? [];
      text = hovers.flatMap((h) => h.contents.map(md)).join('\n');
      return /Claim — disputed/.test(text);
    }, UPDATE_MS, 'the claim hover');
    assert.match(text, /\*Source:\* \*\*Coup plot foiled\*\* — The Courier\\, 2026\\-11\\-02 · Source reliability \*\*B\*\* — usually reliable/);
  });

  test('a changed text is flagged; Accept Source Change from the row records the hash and history, and Undo restores', async () => {
    const it = item(tampered);
    assert.match(String(it.contextValue), /^source\b.*\.changed\b/);
    assert.ok(it.iconPath instanceof vscode.ThemeIcon && it.iconPath.id === 'warning', 'the extension’s warning icon');
    assert.match(String(it.description), /⚠ changed since captured/);
    assert.match(md(row(tampered).tooltip()), /Changed since captured on 2026\\-11\\-20/);
    assert.doesNotMatch(String(item(coup).contextValue), /\.changed\b/, 'an unchanged capture is not flagged');
    const before = await read(sidecarOf(tampered));
    await vscode.commands.executeCommand(Commands.acceptSourceChange, row(tampered));
    const after = await stored(tampered);
    assert.equal(after.provenance?.sha256, sha(TAMPERED));
    const h = after.history?.at(-1);
    assert.equal(h?.field, 'provenance.sha256');
    assert.equal(h?.from, sha('What was captured.\n'));
    assert.equal(h?.to, sha(TAMPERED));
    assert.ok(h?.by, 'who accepted it');
    await waitUntil(() => !/\.changed\b/.test(String(item(tampered).contextValue)), UPDATE_MS, 'no longer flagged');
    await vscode.commands.executeCommand(Commands.undo);
    assert.equal(await read(sidecarOf(tampered)), before, 'Undo restores the file as it was');
    await waitUntil(() => /\.changed\b/.test(String(item(tampered).contextValue)), UPDATE_MS, 'flagged again');
  });

  test('Accept Source Change from the palette offers only the flagged sources', async () => {
    answer((_t, items) => items[0]);
    await vscode.commands.executeCommand(Commands.acceptSourceChange);
    assert.equal(offered.length, 1);
    assert.deepEqual(offered[0].items.map((i) => i.label), ['Border [news](command:evil) \\$(verified)']);
    assert.equal((await stored(tampered)).provenance?.sha256, sha(TAMPERED));
    await waitUntil(() => !/\.changed\b/.test(String(item(tampered).contextValue)), UPDATE_MS, 'no longer flagged');
    // nothing flagged now: the palette says so instead of an empty picker
    offered = [];
    const shown = api.shown.length;
    await vscode.commands.executeCommand(Commands.acceptSourceChange);
    assert.equal(offered.length, 0);
    assert.match(api.shown.slice(shown).map((s) => s.text).join('\n'), /no source has changed since it was captured/);
  });

  test('Set Source Reliability… from the row, the palette and the editor menu writes the grade with a history entry', async () => {
    // the row
    answer((title, items) => (title.startsWith('Reliability of') ? items.find((i) => i.label === 'D') : undefined));
    await vscode.commands.executeCommand(Commands.setSourceReliability, row(plain));
    let s = await stored(plain);
    assert.equal(s.reliability, 'D');
    assert.deepEqual({ ...s.history?.at(-1), at: undefined, by: undefined }, { at: undefined, by: undefined, field: 'reliability', to: 'D' });
    await waitUntil(() => / · D · /.test(String(item(plain).description)) || /^D · /.test(String(item(plain).description)), UPDATE_MS, 'the grade in the row');
    // the palette: a picker of sources, then of grades
    offered = [];
    answer((title, items) => (title.startsWith('Set the reliability') ? items.find((i) => i.detail?.endsWith('plain.txt')) : items.find((i) => i.label === 'E')));
    await vscode.commands.executeCommand(Commands.setSourceReliability);
    assert.equal(offered.length, 2);
    assert.ok(offered[0].items.some((i) => i.label === 'Coup plot foiled' && /The Courier/.test(String(i.description))), 'sources by title');
    s = await stored(plain);
    assert.equal(s.reliability, 'E');
    assert.deepEqual([s.history?.at(-1)?.from, s.history?.at(-1)?.to], ['D', 'E']);
    // the editor menu passes the file's URI
    answer((_t, items) => items.find((i) => i.label === 'A'));
    await vscode.commands.executeCommand(Commands.setSourceReliability, plain, { groupId: 0 });
    assert.equal((await stored(plain)).reliability, 'A');
    await vscode.commands.executeCommand(Commands.undo);
    assert.equal((await stored(plain)).reliability, 'E', 'Undo puts the grade back');
  });

  test('one filter lists only the sources holding a match, with the count, in both views’ descriptions; cleared in one click', async () => {
    await vscode.commands.executeCommand(Commands.filterViews, { author: ['Ben'] });
    let listed = (await rows()).map((n) => label(n.getTreeItem()));
    assert.deepEqual(listed, ['plain.txt']);
    assert.match(String(item(plain).description), /1 matching/);
    assert.match(api.trees.sourcesView.description ?? '', /author: Ben/);
    assert.equal(api.trees.sourcesView.description, api.trees.claimsView.description);
    await vscode.commands.executeCommand(Commands.filterViews, { status: ['disputed', 'unverified'] });
    listed = (await rows()).map((n) => label(n.getTreeItem()));
    assert.equal(listed.length, 2);
    assert.ok(!listed.includes('plain.txt'));
    // only the matching annotations under a listed source
    const kids = (await api.trees.sources.getChildren(row(coup))) ?? [];
    assert.equal(kids.length, 1);
    await vscode.commands.executeCommand(Commands.clearFilters);
    listed = (await rows()).map((n) => label(n.getTreeItem()));
    assert.equal(listed.length, 3);
    assert.ok(!api.trees.sourcesView.description);
    assert.doesNotMatch(String(item(plain).description), /matching/);
  });
});
