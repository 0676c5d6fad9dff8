// Issue 9, "Bugs found in the trial": each bug run the way the analyst ran it, through the same
// surface (a tree row's context menu or inline button passes the tree node, the editor context
// menu passes the document's URI, the palette passes nothing), against a fixture folder of its
// own so the sample corpus the other suites read is left as it was. Quick picks and input boxes
// are answered by stand-ins that record what was offered, as the other suites do.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar, parseWorkspace } from '../../src/core/format';
import type { Annotation } from '../../src/core/types';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, DiagnosticCodes, EXTENSION_ID } from '../../src/extension/ids';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { waitUntil } from './wait';
import { readAs } from './storeRead';

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const DIR = 'bugs-trial';

const REPORT = [
  'Report on the Halvik government',
  '',
  'Prime Minister Halvik said on Monday that the pact was frozen.',
  '',
  'According to officials close to the ministry, the border had been closed overnight.',
  '',
  'The storm damaged the harbour wall near the old lighthouse.',
  '',
  'Halvik declined to comment further, as did Colonel Meder.',
  '',
].join('\n');
const OTHER = 'Other paper\n\nThe pact was never frozen, a ministry spokesman insisted.\n';

const at = (text: string, quote: string, from = 0) => {
  const start = text.indexOf(quote, from);
  assert.ok(start >= 0, quote);
  return { start, end: start + quote.length };
};

function reportSidecar(): string {
  const c1 = at(REPORT, 'the pact was frozen');
  const e1 = at(REPORT, 'Halvik', REPORT.indexOf('Prime'));
  const n1 = at(REPORT, 'the old lighthouse');
  const o1 = at(REPORT, 'The storm damaged');
  return [
    'marginalia: 1',
    'source: report.txt',
    'annotations:',
    `  - {id: c1, kind: claim, quote: the pact was frozen, start: ${c1.start}, end: ${c1.end}, status: disputed}`,
    `  - {id: e1, kind: entity, entity: teodor-halvik, quote: Halvik, prefix: "Prime Minister ", start: ${e1.start}, end: ${e1.end}}`,
    `  - {id: n1, kind: note, quote: the old lighthouse, note: check the date, start: ${n1.start}, end: ${n1.end}}`,
    `  - {id: o1, kind: claim, quote: Zebras escaped from the municipal zoo in great numbers, start: ${o1.start}, end: ${o1.start + 54}, status: unverified}`,
    '',
  ].join('\n');
}
const OTHER_SIDECAR = `marginalia: 1\nsource: other.txt\nannotations:\n  - {id: x1, kind: claim, quote: The pact was never frozen, status: corroborated}\n`;

type Item = vscode.QuickPickItem & Record<string, unknown>;
interface Asked {
  kind: 'pick' | 'input';
  title: string;
  items: Item[];
}

suite('bugs found in the trial (issue 9)', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;
  let report: vscode.Uri;
  let other: vscode.Uri;
  let registryUri: vscode.Uri;
  let registryText: string;
  const realPick = vscode.window.showQuickPick;
  const realInput = vscode.window.showInputBox;
  let asked: Asked[] = [];

  const uri = (rel: string) => vscode.Uri.joinPath(folder, DIR, rel);
  const read = async (u: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(u));
  const annotations = async (u = report): Promise<Annotation[]> => {
    const p = parseSidecar(await read(vscode.Uri.parse(u.toString() + '.annotations.yaml')), 'x');
    assert.ok(p.sidecar, p.problems.map((x) => x.message).join('; '));
    return p.sidecar.annotations;
  };
  const byId = async (id: string, u = report) => (await annotations(u)).find((a) => a.id === id);

  /** The analyst: answers each quick pick with `choose` (undefined cancels), records what was offered. */
  function answer(choose: (a: Asked) => Item | string | undefined): void {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: Item[] | Promise<Item[]>, opts?: vscode.QuickPickOptions) => {
      const a: Asked = { kind: 'pick', title: opts?.title ?? '', items: [...(await items)] };
      asked.push(a);
      return choose(a);
    };
    (vscode.window as { showInputBox: unknown }).showInputBox = async (opts?: vscode.InputBoxOptions) => {
      const a: Asked = { kind: 'input', title: opts?.title ?? '', items: [] };
      asked.push(a);
      const v = choose(a);
      return typeof v === 'string' ? v : undefined;
    };
  }
  const labelled = (a: Asked, test: (label: string) => boolean) => a.items.find((i) => test(i.label));

  async function writeAndWait(u: vscode.Uri, text: string): Promise<void> {
    await vscode.workspace.fs.writeFile(u, encoder.encode(text));
  }

  async function reset(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await writeAndWait(report, REPORT);
    await writeAndWait(other, OTHER);
    const sc = reportSidecar();
    await writeAndWait(vscode.Uri.parse(report.toString() + '.annotations.yaml'), sc);
    await writeAndWait(vscode.Uri.parse(other.toString() + '.annotations.yaml'), OTHER_SIDECAR);
    await waitUntil(
      () => readAs(api.store.sourceFor(report)?.entry, REPORT, sc) && readAs(api.store.sourceFor(other)?.entry, undefined, OTHER_SIDECAR),
      10_000,
      'the fixture is indexed',
    );
    await waitUntil(() => api.trees.sources.fileNode(report) !== undefined, 10_000, 'the fixture is listed in Sources');
  }

  async function select(text: string, from = 0): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(report);
    const editor = await vscode.window.showTextDocument(doc);
    // an editor of the file may still hold the text from before reset() wrote it
    await waitUntil(() => doc.getText() === REPORT, 5_000, `the editor shows the fixture (has ${JSON.stringify(doc.getText().slice(0, 200))})`);
    const r = at(doc.getText(), text, from);
    editor.selection = new vscode.Selection(doc.positionAt(r.start), doc.positionAt(r.end));
    return editor;
  }

  /** select(), once the live document places `id` (a command on "the annotation under the cursor" needs it). */
  async function selectPlaced(text: string, id: string): Promise<void> {
    const editor = await select(text);
    await waitUntil(() => api.live.get(editor.document)?.annotations.some((s) => s.annotation.id === id) === true, 5_000, `${id} is placed in the editor`);
  }

  /**
   * select(), once the live document holds `id` as its only orphan (Re-attach from the editor
   * offers those, and asks which when there are more). Right after reset() rewrote the files the
   * editor may for a moment place the document's other annotations as orphans too (its text and
   * the store's arrive apart); the command then asked which orphan, and the test failed in CI.
   */
  async function selectOrphaned(text: string, id: string): Promise<vscode.TextEditor> {
    const editor = await select(text);
    const orphans = () => api.live.get(editor.document)?.orphans.map((a) => a.id) ?? [];
    await waitUntil(() => orphans().length === 1 && orphans()[0] === id, 5_000, `${id} is the only orphan in the editor`);
    return editor;
  }

  // ---- the trees, read as the workbench reads them ----
  const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
  async function childOf(p: vscode.TreeDataProvider<TreeNode>, parent: TreeNode | undefined, name: string): Promise<TreeNode> {
    const kids = (await p.getChildren(parent)) ?? [];
    for (const n of kids) if (label(await p.getTreeItem(n)) === name) return n;
    throw new Error(`no "${name}" among ${(await Promise.all(kids.map(async (n) => label(await p.getTreeItem(n))))).join(', ')}`);
  }
  const fileNode = async () => childOf(api.trees.sources, await childOf(api.trees.sources, undefined, DIR), 'report.txt');
  async function sourcesRow(group: string, id: string): Promise<TreeNode> {
    const g = await childOf(api.trees.sources, await fileNode(), group);
    const hit = ((await api.trees.sources.getChildren(g)) ?? []).find((n) => (n as { annotation?: Annotation }).annotation?.id === id);
    assert.ok(hit, `${group} row ${id}`);
    return hit;
  }
  async function claimsRow(id: string): Promise<TreeNode> {
    for (const g of (await api.trees.claims.getChildren()) ?? []) {
      const hit = ((await api.trees.claims.getChildren(g)) ?? []).find((n) => (n as { annotation?: Annotation; source?: vscode.Uri }).annotation?.id === id && (n as { source?: vscode.Uri }).source?.toString() === report.toString());
      if (hit) return hit;
    }
    throw new Error(`no Claims row ${id}`);
  }

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
    report = uri('report.txt');
    other = uri('other.txt');
    registryUri = vscode.Uri.joinPath(folder, 'marginalia.yaml');
    registryText = await read(registryUri);
  });

  setup(async () => {
    asked = [];
    await reset();
  });

  teardown(async () => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = realPick;
    (vscode.window as { showInputBox: unknown }).showInputBox = realInput;
    if ((await read(registryUri).catch(() => '')) !== registryText) {
      await writeAndWait(registryUri, registryText);
      // back as it was, entity for entity: a registry a test changed has entities too (an empty
      // one made by Create Workspace File aside), and the next suites draw the sample's mentions
      const ids = parseWorkspace(registryText, 'marginalia.yaml').config!.entities.map((e) => e.id).join();
      await waitUntil(() => api.store.allRoots().some((r) => r.uri.toString() === folder.toString() && r.registry?.config?.entities.map((e) => e.id).join() === ids), 10_000, 'the registry is back');
    }
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, DIR), { recursive: true });
    await waitUntil(() => api.store.sourceFor(report)?.entry === undefined, 10_000, 'the fixture is gone from the store');
  });

  // ---- 1 ----
  for (const [where, row] of [
    ['Sources view', () => sourcesRow('Claims', 'c1')],
    ['Claims view', () => claimsRow('c1')],
  ] as const) {
    test(`1. Change Claim Status… from the ${where} context menu / inline button asks, and stores the status chosen`, async () => {
      answer((a) => (a.title === 'Claim status' ? labelled(a, (l) => l === 'refuted') : labelled(a, (l) => l === 'Skip')));
      await vscode.commands.executeCommand(Commands.changeStatus, await row());
      assert.equal(asked[0]?.title, 'Claim status', 'the status picker was shown');
      assert.equal(labelled(asked[0], (l) => l === 'disputed')?.description, '(current)');
      assert.equal((await byId('c1'))?.status, 'refuted');
    });
  }

  // ---- 2 ----
  test('2. Re-attach Orphan from the editor context menu offers orphans only', async () => {
    answer(() => undefined);
    const editor = await selectOrphaned('The storm damaged the harbour wall', 'o1');
    await vscode.commands.executeCommand(Commands.reattach, editor.document.uri, { groupId: 0 });
    assert.deepEqual(asked.map((a) => a.items.map((i) => i.label)), [], 'one orphan: nothing to choose from');
    assert.equal((await byId('o1'))?.quote, 'The storm damaged the harbour wall');
    assert.equal((await byId('c1'))?.quote, 'the pact was frozen', 'no other annotation moved');
  });

  // ---- 3 ----
  test('3. the entity hover counts a hand-marked mention the registry also matches once, as the Entities view does', async () => {
    const doc = await vscode.workspace.openTextDocument(report);
    await vscode.window.showTextDocument(doc);
    const pos = doc.positionAt(doc.getText().lastIndexOf('Halvik') + 2);
    let text = '';
    await waitUntil(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /Mentions:/.test(text);
    }, 5_000, 'the entity hover');
    // the title, "Prime Minister Halvik" (marked by hand as well) and the last line: 3, not 4
    assert.match(text, /\*\*Mentions:\*\* 3 times in this document/);
    const total = Number(/· (\d+) times? in \d+ documents?/.exec(text)?.[1]);
    const node = ((await api.trees.entities.getChildren()) ?? []).find((n) => (n as { entityId?: string }).entityId === 'teodor-halvik') as { total?: number } | undefined;
    assert.equal(total, node?.total, 'the hover and the Entities view agree');
    assert.equal(api.store.sourceFor(report)!.root.corpus.mentionsOf('teodor-halvik').filter((m) => m.source === `${DIR}/report.txt`).length, 3);
  });

  // ---- 4 ----
  test('4. a new claim is "not yet assessed" by default, stores no status, and shows disputed once another source contradicts it', async () => {
    answer((a) => (a.title === 'Claim status' ? a.items[0] : labelled(a, (l) => l === 'Skip')));
    await select('Halvik declined to comment further');
    await vscode.commands.executeCommand(Commands.markClaim);
    assert.equal(asked[0].items[0].label, 'not yet assessed', 'the first choice');
    const made = (await annotations()).find((a) => a.quote === 'Halvik declined to comment further');
    assert.ok(made && made.kind === 'claim');
    assert.equal(made.status, undefined, 'no status stored');
    assert.equal(api.store.sourceFor(report)!.root.corpus.statusOf(`${DIR}/report.txt`, made), 'unverified');
    // another source contradicts it: derived, not stored
    await vscode.commands.executeCommand(Commands.linkClaim, { source: other.toString(), id: 'x1', rel: 'contradicts', target: { source: report.toString(), id: made.id } });
    await waitUntil(() => api.store.sourceFor(report)!.root.corpus.statusOf(`${DIR}/report.txt`, made) === 'disputed', 5_000, 'derived disputed');
    await waitUntil(async () => {
      try {
        return (await claimsRow(made.id)).parent !== undefined && ((await claimsRow(made.id)).parent as { status?: string }).status === 'disputed';
      } catch {
        return false;
      }
    }, 5_000, 'listed under Disputed');
    // and an assessed claim can go back to not yet assessed
    asked = [];
    answer((a) => (a.title === 'Claim status' ? labelled(a, (l) => l === 'not yet assessed') : labelled(a, (l) => l === 'Skip')));
    await vscode.commands.executeCommand(Commands.changeStatus, await sourcesRow('Claims', 'c1'));
    assert.equal((await byId('c1'))?.status, undefined);
  });

  // ---- 5 ----
  test('5. an orphan is one entry in Problems, where its words were, not at line 1', async () => {
    const sidecarUri = vscode.Uri.parse(report.toString() + '.annotations.yaml');
    const orphans = () => [...vscode.languages.getDiagnostics(report), ...vscode.languages.getDiagnostics(sidecarUri)].filter((d) => d.code === DiagnosticCodes.orphan);
    await waitUntil(() => orphans().length > 0, 5_000, 'the orphan warning');
    assert.equal(orphans().length, 1, orphans().map((d) => d.message).join(' | '));
    const onSource = vscode.languages.getDiagnostics(report).filter((d) => d.code === DiagnosticCodes.orphan);
    for (const d of onSource) assert.notEqual(d.range.start.line, 0, 'not on the first line');
    if (onSource[0]?.range.isEmpty) assert.equal(onSource[0].range.start.line, 6, 'where its words were');
  });

  // ---- 6 ----
  test('6. a source row counts distinct entities mentioned; its child says it lists the marked ones', async () => {
    const file = await fileNode();
    const row = await api.trees.sources.getTreeItem(file);
    assert.match(String(row.description), /\b2 entities\b/, 'Halvik and Meder are mentioned');
    const group = await childOf(api.trees.sources, file, 'Marked entities');
    const item = await api.trees.sources.getTreeItem(group);
    assert.equal(item.description, '1');
    const resolved = (await api.trees.sources.resolveTreeItem?.(item, group)) ?? item;
    const tip = resolved.tooltip instanceof vscode.MarkdownString ? resolved.tooltip.value : String(resolved.tooltip);
    assert.match(tip, /marked by hand/);
    assert.match(tip, /distinct entities mentioned in it \(2\)/);
  });

  // ---- 7 ----
  test('7. a folder without marginalia.yaml is offered Create Workspace File, and an empty registry is not "no registry"', async () => {
    const welcome = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.viewsWelcome as { view: string; contents: string; when: string }[]).find((w) => w.view === 'marginalia.entities');
    assert.ok(welcome && welcome.contents.includes(`(command:${Commands.createWorkspaceFile})`) && /!marginalia\.hasWorkspaceFile/.test(welcome.when));
    await vscode.workspace.fs.delete(registryUri);
    await waitUntil(() => api.trees.workspaceFileKnown === false, 10_000, 'no workspace file known');
    assert.equal(api.trees.entitiesView.message, undefined, 'the welcome (with its button) shows, not a message');
    assert.ok((api.trees.sources.fileCount ?? 0) > 0, 'while the folder has sources');
    await vscode.commands.executeCommand(Commands.createWorkspaceFile);
    await waitUntil(() => api.trees.workspaceFileKnown === true, 10_000, 'the workspace file is known');
    assert.doesNotMatch(api.trees.entitiesView.message ?? '', /No entity registry yet/);
    assert.match(api.trees.entitiesView.message ?? '', /No entities yet/);
  });

  // ---- 8 ----
  test('8. plain-text and Markdown sources wrap by default', async () => {
    const doc = await vscode.workspace.openTextDocument(report);
    assert.equal(doc.languageId, 'plaintext');
    assert.equal(vscode.workspace.getConfiguration('editor', doc).get('wordWrap'), 'on');
    assert.equal(vscode.workspace.getConfiguration('editor', { languageId: 'markdown' }).get('wordWrap'), 'on');
  });

  // ---- 9 ----
  test('9. claim cues are Hints (kept out of Problems) that say how to turn them off', async () => {
    const doc = await vscode.workspace.openTextDocument(report);
    await vscode.window.showTextDocument(doc);
    const cues = () => vscode.languages.getDiagnostics(report).filter((d) => d.code === DiagnosticCodes.claimCue);
    await waitUntil(() => cues().length > 0, 5_000, 'a cue on "According to officials"');
    for (const d of cues()) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Hint);
      assert.match(d.message, /marginalia\.detection\.claimCues/);
    }
  });

  // ---- 10 ----
  test('10. Mark Selection as Entity offers the entity the selection names first', async () => {
    answer(() => undefined);
    await select('Halvik', REPORT.indexOf('declined') - 10);
    await vscode.commands.executeCommand(Commands.markEntity);
    assert.equal(asked[0].items[0].label, 'Teodor Halvik', 'an alias: that entity first');
    assert.match(asked[0].items[1].label, /New entity/);
    asked = [];
    await select('Colonel');
    await vscode.commands.executeCommand(Commands.markEntity);
    assert.equal(asked[0].items[0].label, 'Ruslan Meder', 'part of an alias: that entity first');
  });

  test('10. a new alias can be marked ignore-case from the picker', async () => {
    answer((a) => (a.items[0]?.label === 'Ruslan Meder' ? a.items[0] : labelled(a, (l) => /ignoring case/.test(l))));
    await select('Colonel');
    await vscode.commands.executeCommand(Commands.markEntity);
    assert.match(await read(registryUri), /aliases: \[Meder, Colonel Meder, \{ ?text: Colonel, ignoreCase: true ?\}\]/);
    assert.equal((await annotations()).find((a) => a.quote === 'Colonel')?.entity, 'ruslan-meder');
  });

  test('10. a new entity’s aliases are written in block style', async () => {
    answer((a) => (a.kind === 'input' ? 'Old Lighthouse' : (labelled(a, (l) => /New entity/.test(l)) ?? labelled(a, (l) => l === 'place'))));
    await select('the old lighthouse');
    await vscode.commands.executeCommand(Commands.markEntity);
    assert.match(await read(registryUri), /\n {2}- id: old-lighthouse\n {4}name: Old Lighthouse\n {4}type: place\n {4}aliases:\n {6}- the old lighthouse\n/);
  });

  // issue 15: the first Mark Entity of a session on a large registry waited for the worker to read
  // the whole registry; it is read there while the analyst picks (sidecarWriter.ts readRegistryAhead)
  test('Mark Entity, from the palette and from the editor\'s context menu: the registry is read ahead in the editor\'s worker while the pick shows, then the new entity is added to it', async () => {
    const work = (api.writer as unknown as { work: { readRegistryAhead(text: string): void } }).work;
    const real = work.readRegistryAhead;
    const ahead: string[] = [];
    work.readRegistryAhead = (text: string) => {
      ahead.push(text);
      real.call(work, text);
    };
    try {
      for (const [surface, args, name] of [
        ['palette', [], 'Harbour Wall'],
        ['editor context menu', [report, { groupId: 0 }], 'Harbour Wall Trust'],
      ] as const) {
        asked = [];
        ahead.length = 0;
        const registry = await read(registryUri);
        let readAtPick = -1;
        answer((a) => {
          if (a.kind === 'input') return name;
          if (/as entity$/.test(a.title)) readAtPick = ahead.length;
          return labelled(a, (l) => /New entity/.test(l)) ?? labelled(a, (l) => l === 'organization');
        });
        await select('the harbour wall');
        await vscode.commands.executeCommand(Commands.markEntity, ...args);
        // the read is asynchronous: by the time the pick was answered it had reached the worker
        await waitUntil(() => ahead.length === 1, 5_000, `${surface}: the registry handed to the worker`);
        assert.ok(readAtPick >= 0, `${surface}: the pick was shown`);
        assert.equal(ahead[0], registry, `${surface}: the registry as it was on disk`);
        const id = name.toLowerCase().replace(/ /g, '-');
        assert.match(await read(registryUri), new RegExp(`\\n {2}- id: ${id}\\n {4}name: ${name}\\n {4}type: organization\\n`), `${surface}: the entity added`);
        assert.equal((await annotations()).filter((x) => x.entity === id).length, 1, `${surface}: and marked`);
      }
    } finally {
      work.readRegistryAhead = real;
    }
  });

  test('Reveal in Claims View from the palette (the claim under the cursor) and from a claim hover’s link, Reveal in Sources View from the palette; says when a filter hides the claim', async () => {
    const selectedId = () => (api.trees.claimsView.selection[0] as { annotation?: Annotation } | undefined)?.annotation?.id;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(Commands.revealInClaims);
    assert.match(api.shown.at(-1)?.text ?? '', /open a source document to reveal in the Claims view/);
    await selectPlaced('the pact was frozen', 'c1');
    await vscode.commands.executeCommand(Commands.revealInClaims);
    await waitUntil(() => selectedId() === 'c1', 5_000, 'c1 is selected in Claims');
    // the other source's claim, from its hover
    const doc = await vscode.workspace.openTextDocument(other);
    await vscode.window.showTextDocument(doc);
    let link: { args: unknown } | undefined;
    await waitUntil(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', other, doc.positionAt(OTHER.indexOf('never frozen')));
      const md = hovers.flatMap((h) => h.contents as vscode.MarkdownString[]).map((m) => m.value).join('\n');
      const m = new RegExp(`\\]\\(command:${Commands.revealInClaims.replace('.', '\\.')}\\?([^)\\s]*)\\)`).exec(md);
      link = m ? { args: JSON.parse(decodeURIComponent(m[1])) } : undefined;
      return link !== undefined;
    }, 5_000, 'the claim hover links to the Claims view');
    await vscode.commands.executeCommand(Commands.revealInClaims, link!.args);
    await waitUntil(() => selectedId() === 'x1', 5_000, 'x1 is selected in Claims');
    // Reveal in Sources View from the palette: the annotation under the cursor, after another row was selected
    // (the view follows a resting cursor after 250 ms: another row is selected once that is over)
    await selectPlaced('the pact was frozen', 'c1');
    await new Promise((r) => setTimeout(r, 500));
    await api.trees.reveal(report, 'n1', { focus: false });
    await waitUntil(() => (api.trees.sourcesView.selection[0] as { annotation?: Annotation } | undefined)?.annotation?.id === 'n1', 5_000, 'n1 is selected in Sources');
    await vscode.commands.executeCommand(Commands.revealInSources);
    await waitUntil(() => (api.trees.sourcesView.selection[0] as { annotation?: Annotation } | undefined)?.annotation?.id === 'c1', 5_000, 'c1 is selected in Sources');
    // a filter that hides the claim: the analyst is told, not left wondering
    await vscode.commands.executeCommand(Commands.filterViews, { status: ['refuted'] });
    try {
      await vscode.commands.executeCommand(Commands.revealInClaims, { source: report.toString(), id: 'c1' });
      assert.match(api.shown.at(-1)?.text ?? '', /filter hides “the pact was frozen”/);
    } finally {
      await vscode.commands.executeCommand(Commands.clearFilters);
    }
  });

  // ---- every menu path passes an argument its command understands ----
  test('every menu-contributed command understands the argument each of its menus passes', async function () {
    this.timeout(240_000);
    const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus as Record<string, { command: string; when?: string; group?: string }[]>;
    const claimRow = () => sourcesRow('Claims', 'c1');
    const orphanRow = () => sourcesRow('Claims', 'o1');
    const noteRow = () => sourcesRow('Notes', 'n1');
    const sidecarUri = vscode.Uri.parse(report.toString() + '.annotations.yaml');
    /** Per `menu command`: the argument that menu passes, and what shows the handler understood it. */
    const cases: Record<string, { arg: () => Promise<unknown[]>; check: () => Promise<void>; before?: () => Promise<unknown>; live?: true }> = {};
    /** Titles of the live quick picks (createQuickPick) the last `live` case opened; each is hidden once open. */
    let liveTitles: string[] = [];
    const onSelection = (cmd: string, check: () => Promise<void>) => {
      // Re-attach from the editor offers the live document's orphans: o1 must be one there (the
      // store's change after reset() reaches the live document a moment after the store has it)
      const before = cmd === Commands.reattach ? () => selectOrphaned('The storm damaged the harbour wall', 'o1') : () => select('the harbour wall');
      cases[`editor/context ${cmd}`] = { before, arg: async () => [report, { groupId: 0 }], check };
      cases[`commandPalette ${cmd}`] = { before, arg: async () => [], check };
    };
    const firstTitle = (re: RegExp) => async () => assert.match(asked[0]?.title ?? '(nothing asked)', re);
    onSelection(Commands.markEntity, firstTitle(/^Mark “the harbour wall” as entity/));
    onSelection(Commands.markClaim, firstTitle(/^Claim status$/));
    onSelection(Commands.addNote, firstTitle(/^Note on “the harbour wall”/));
    onSelection(Commands.reattach, async () => assert.equal((await byId('o1'))?.quote, 'The storm damaged the harbour wall'));
    const statusAsked = async () => {
      assert.equal(asked[0]?.title, 'Claim status');
      assert.equal(labelled(asked[0], (l) => l === 'disputed')?.description, '(current)', 'about c1');
    };
    for (const group of ['inline', '1_edit@2']) cases[`view/item/context ${Commands.changeStatus} ${group}`] = { arg: async () => [await claimRow()], check: statusAsked };
    cases[`view/item/context ${Commands.editNote}`] = { arg: async () => [await noteRow()], check: firstTitle(/^Note on “the old lighthouse”/) };
    cases[`view/item/context ${Commands.linkClaim}`] = { arg: async () => [await claimRow()], check: firstTitle(/^Link “the pact was frozen” to/) };
    cases[`view/item/context ${Commands.reattach}`] = {
      before: () => select('The storm damaged the harbour wall'),
      arg: async () => [await orphanRow()],
      check: async () => assert.equal((await byId('o1'))?.quote, 'The storm damaged the harbour wall'),
    };
    cases[`view/item/context ${Commands.deleteAnnotation}`] = { arg: async () => [await noteRow()], check: async () => assert.equal(await byId('n1'), undefined) };
    cases[`view/item/context ${Commands.openSidecar}`] = {
      arg: async () => [await fileNode()],
      check: async () => waitUntil(() => vscode.window.activeTextEditor?.document.uri.toString() === sidecarUri.toString(), 5_000, 'the sidecar is open'),
    };
    cases[`editor/title ${Commands.openSidecar}`] = { ...cases[`view/item/context ${Commands.openSidecar}`], arg: async () => [report, { groupId: 0 }] };
    cases[`view/item/context ${Commands.resolveConflict}`] = {
      arg: async () => [await fileNode()],
      check: async () => {
        const said = api.shown.at(-1);
        assert.ok(said && said.severity !== 'error', JSON.stringify(said));
        assert.doesNotMatch(said.text, /open the sidecar \(or its source\)/, 'the row named the file');
      },
    };
    const missingSidecar = uri('gone.txt.annotations.yaml');
    const relink = {
      before: async () => {
        await writeAndWait(missingSidecar, 'marginalia: 1\nsource: gone.txt\nannotations:\n  - {id: g1, kind: note, quote: the harbour wall, note: x}\n');
        await waitUntil(() => api.trees.sources.missingNode(missingSidecar) !== undefined, 10_000, 'the left-behind sidecar is listed');
      },
      arg: async () => [api.trees.sources.missingNode(missingSidecar)],
      check: async () => {
        assert.ok(asked.length > 0, `a target was asked for: ${JSON.stringify(api.shown.at(-1))}`);
        await vscode.workspace.fs.delete(missingSidecar);
      },
    };
    cases[`view/item/context ${Commands.relinkSidecar} inline`] = relink;
    cases[`view/item/context ${Commands.relinkSidecar} 1_edit@1`] = relink;
    // the brief: from the editor menu (the source's URI) of that source, from the view title of all
    const briefOpened = (whole: boolean) => async () => {
      await waitUntil(
        () => vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'untitled' && d.languageId === 'markdown' && d.getText().includes('the pact was frozen') && (whole || !d.getText().includes('other.txt'))),
        10_000,
        `the brief of ${whole ? 'the workspace' : 'this source'} is open`,
      );
    };
    cases[`editor/context ${Commands.openBrief}`] = { arg: async () => [report, { groupId: 0 }], check: briefOpened(false) };
    cases[`view/title ${Commands.openBrief}`] = { arg: async () => [], check: briefOpened(true) };
    cases[`view/title ${Commands.exportAnnotations}`] = { arg: async () => [], check: firstTitle(/export annotations as/) };
    // Import Annotations…: the view title asks for a format; the explorer passes the file's URI
    cases[`view/title ${Commands.importAnnotations}`] = { arg: async () => [], check: firstTitle(/import annotations from/) };
    const importFile = uri('notes.hypothesis.json');
    cases[`explorer/context ${Commands.importAnnotations}`] = {
      before: async () => {
        await writeAndWait(importFile, JSON.stringify({ rows: [{ id: 'hBugs000000000000000001', uri: 'https://example.org/r', text: 'x', target: [{ source: 'https://example.org/r', selector: [{ type: 'TextQuoteSelector', exact: 'the harbour wall' }] }] }] }));
        await vscode.window.showTextDocument(report);
      },
      arg: async () => [importFile, [importFile]],
      check: async () => {
        await waitUntil(async () => (await byId('hBugs000000000000000001')) !== undefined, 5_000, 'the Hypothesis row was imported onto the active source');
        await vscode.workspace.fs.delete(importFile);
      },
    };
    // Add Source… asks for files (dismissed here): the view title passes nothing
    const realOpen = vscode.window.showOpenDialog;
    let openAsked = 0;
    cases[`view/title ${Commands.addSource}`] = {
      before: async () => {
        openAsked = 0;
        (vscode.window as { showOpenDialog: unknown }).showOpenDialog = async () => {
          openAsked++;
          return undefined;
        };
      },
      arg: async () => [],
      check: async () => {
        (vscode.window as { showOpenDialog: unknown }).showOpenDialog = realOpen;
        assert.equal(openAsked, 1, 'the file picker was shown');
      },
    };
    // Confirm Claim Text on a claim row: the row names the claim (c1, whose words did not change)
    const confirmed = async () => assert.match(api.shown.at(-1)?.text ?? '', /“the pact was frozen” needs no review/);
    cases[`view/item/context ${Commands.confirmClaimText} inline`] = { arg: async () => [await claimRow()], check: confirmed };
    cases[`view/item/context ${Commands.confirmClaimText} 1_edit@0`] = { arg: async () => [await claimRow()], check: confirmed };
    // Resolve from a conflicted annotation's row: the row leads to its sidecar
    cases[`view/item/context ${Commands.resolveConflict} 1_edit@0`] = {
      arg: async () => [await claimRow()],
      check: async () => {
        const said = api.shown.at(-1);
        assert.ok(said && said.severity !== 'error', JSON.stringify(said));
        assert.match(said.text, /report\.txt/, `the row named its file: ${said.text}`);
      },
    };
    // the review loop (issue 11): verdicts and tags from a claim's row; thread menus pass the thread
    // (title) or a CommentReply (under the reply box); Find and the filters from the view titles
    const verdictIs = (state: string) => async () => waitUntil(async () => (await byId('c1'))?.review?.state === state, 5_000, `c1 ${state}`);
    for (const group of ['3_review@1', 'inline']) cases[`view/item/context ${Commands.approve} ${group}`] = { arg: async () => [await claimRow()], check: verdictIs('approved') };
    cases[`view/item/context ${Commands.reject}`] = { arg: async () => [await claimRow()], check: verdictIs('rejected') };
    cases[`view/item/context ${Commands.requestChanges}`] = {
      before: async () => answer((a) => (a.kind === 'input' ? 'Cite the order.' : undefined)),
      arg: async () => [await claimRow()],
      check: verdictIs('changes-requested'),
    };
    const threadOf = async () => {
      await vscode.commands.executeCommand(Commands.openThread, { source: report.toString(), id: 'c1' });
      await waitUntil(() => !!api.review.threads.threadOf(report, 'c1'), 5_000, 'the thread of c1');
      return api.review.threads.threadOf(report, 'c1')!;
    };
    const threadOpened = async () => {
      await waitUntil(() => !!api.review.threads.threadOf(report, 'c1'), 5_000, 'the thread of c1 is open');
      // c1 records no author: the thread says so rather than naming someone "unknown"
      assert.equal((api.review.threads.threadOf(report, 'c1')!.comments[0].author as vscode.CommentAuthorInformation).name, '(author not recorded)');
    };
    cases[`view/item/context ${Commands.openThread}`] = { arg: async () => [await claimRow()], check: threadOpened };
    cases[`editor/context ${Commands.openThread}`] = { before: () => select('the pact was frozen'), arg: async () => [report, { groupId: 0 }], check: threadOpened };
    cases[`comments/commentThread/title ${Commands.approve}`] = { arg: async () => [await threadOf()], check: verdictIs('approved') };
    cases[`comments/commentThread/title ${Commands.reject}`] = { arg: async () => [await threadOf()], check: verdictIs('rejected') };
    cases[`comments/commentThread/title ${Commands.requestChanges}`] = {
      before: async () => answer((a) => (a.kind === 'input' ? 'Cite the order.' : undefined)),
      arg: async () => [await threadOf()],
      check: verdictIs('changes-requested'),
    };
    cases[`comments/commentThread/context ${Commands.reply}`] = {
      arg: async () => [{ thread: await threadOf(), text: 'Which order?' }],
      check: async () => waitUntil(async () => (await byId('c1'))?.replies?.some((r) => r.text === 'Which order?') === true, 5_000, 'the reply is written'),
    };
    cases[`comments/commentThread/context ${Commands.requestChanges}`] = {
      arg: async () => [{ thread: await threadOf(), text: 'Cite the order.' }],
      check: verdictIs('changes-requested'),
    };
    cases[`view/item/context ${Commands.addTag}`] = {
      live: true,
      arg: async () => [await claimRow()],
      check: async () => assert.match(liveTitles[0] ?? '', /tag.*the pact was frozen/i, 'asks for a tag for c1'),
    };
    cases[`view/item/context ${Commands.removeTag}`] = {
      before: async () => {
        await api.writer.apply(report, [{ type: 'update', id: 'c1', set: { tags: ['pact'] } }], 'test tag');
        answer((a) => a.items.find((i) => i.label === 'pact') ?? (a.kind === 'input' ? 'pact' : undefined));
      },
      arg: async () => [await claimRow()],
      check: async () => waitUntil(async () => !(await byId('c1'))?.tags?.includes('pact'), 5_000, 'untagged'),
    };
    // Find shows a live quick pick over the corpus
    cases[`view/title ${Commands.findAnnotation}`] = { live: true, arg: async () => [], check: async () => assert.ok(liveTitles.length === 1, 'the find picker was shown') };
    cases[`view/title ${Commands.filterViews}`] = { before: async () => answer(() => undefined), arg: async () => [], check: async () => assert.ok(asked.length > 0, 'the filter picker was shown') };
    cases[`view/title ${Commands.clearFilters}`] = {
      before: async () => vscode.commands.executeCommand(Commands.filterViews, { status: ['refuted'] }),
      arg: async () => [],
      check: async () => assert.ok(!api.trees.claimsView.description, `no filter shown: ${api.trees.claimsView.description}`),
    };
    cases[`commandPalette ${Commands.clearFilters}`] = cases[`view/title ${Commands.clearFilters}`];
    // a source's own fields (issue 14): the row or the editor's URI names the source
    const reportSidecarUri = vscode.Uri.parse(report.toString() + '.annotations.yaml');
    const accepted = {
      before: async () => {
        // captured with other words: the row is flagged "changed since captured"
        const text = reportSidecar().replace('annotations:', `provenance:\n  sha256: "${'0'.repeat(64)}"\nannotations:`);
        await writeAndWait(reportSidecarUri, text);
        await waitUntil(async () => /\.changed\b/.test(String((await fileNode()).getTreeItem().contextValue)), 10_000, 'the row is flagged').catch(async (e) => {
          const entry = api.store.sourceFor(report)?.entry;
          throw new Error(`${e.message}: ${String((await fileNode()).getTreeItem().contextValue)} ${JSON.stringify(entry?.parsed?.problems)} ${JSON.stringify(entry?.parsed?.sidecar?.provenance)} ${readAs(entry, undefined, text)}`);
        });
      },
      arg: async () => [await fileNode()],
      check: async () => {
        const p = parseSidecar(await read(reportSidecarUri), 'x').sidecar!;
        assert.notEqual(p.provenance?.sha256, '0'.repeat(64), 'the new hash is recorded');
        assert.equal(p.history?.at(-1)?.field, 'provenance.sha256');
      },
    };
    cases[`view/item/context ${Commands.acceptSourceChange} inline`] = accepted;
    cases[`view/item/context ${Commands.acceptSourceChange} 1_edit@2`] = accepted;
    const gradeAsked = async () => assert.match(asked.find((a) => a.kind === 'pick')?.title ?? '', /^Reliability of report\.txt/, JSON.stringify(asked.map((a) => a.title)));
    cases[`view/item/context ${Commands.setSourceReliability}`] = { arg: async () => [await fileNode()], check: gradeAsked };
    cases[`editor/context ${Commands.setSourceReliability}`] = { arg: async () => [report, { groupId: 0 }], check: gradeAsked };
    // Reveal in Sources / Claims View: a row of the other view passes its node, the editor menu the URI
    // (the annotation under the cursor), and the view selects that annotation's row
    const selected = (view: () => vscode.TreeView<TreeNode>, id: string) => async () =>
      waitUntil(() => (view().selection[0] as { annotation?: Annotation } | undefined)?.annotation?.id === id, 5_000, `${id} is selected`).catch((e: Error) => {
        const shown = view().selection.map((n) => (n as { annotation?: Annotation }).annotation?.id ?? n.constructor.name);
        throw new Error(`${e.message}; selected: ${JSON.stringify(shown)}, visible: ${view().visible}`);
      });
    const inSources = selected(() => api.trees.sourcesView, 'c1');
    const inClaims = selected(() => api.trees.claimsView, 'c1');
    // each view first selects another row, so the check sees the command's own reveal
    const elsewhereInSources = async () => {
      await api.trees.reveal(report, 'n1', { focus: false });
      await selected(() => api.trees.sourcesView, 'n1')();
    };
    const elsewhereInClaims = async () => {
      assert.ok(await api.trees.revealClaim(other, 'x1', { focus: false }));
      await selected(() => api.trees.claimsView, 'x1')();
    };
    cases[`view/item/context ${Commands.revealInSources}`] = { before: elsewhereInSources, arg: async () => [await claimsRow('c1')], check: inSources };
    cases[`view/item/context ${Commands.revealInClaims}`] = { before: elsewhereInClaims, arg: async () => [await claimRow()], check: inClaims };
    cases[`editor/context ${Commands.revealInSources}`] = { before: () => selectPlaced('the pact was frozen', 'c1'), arg: async () => [report, { groupId: 0 }], check: inSources };
    cases[`editor/context ${Commands.revealInClaims}`] = {
      before: async () => {
        await elsewhereInClaims();
        await selectPlaced('the pact was frozen', 'c1');
      },
      arg: async () => [report, { groupId: 0 }],
      check: inClaims,
    };
    cases[`view/title ${Commands.refresh}`] = { arg: async () => [], check: async () => assert.ok(api.store.sourceFor(report)?.entry) };
    cases[`view/title ${Commands.undo}`] = {
      before: async () => {
        await api.writer.apply(report, [{ type: 'delete', id: 'n1' }], 'test delete');
      },
      arg: async () => [],
      check: async () => assert.ok(await byId('n1'), 'the delete was undone'),
    };

    const shape = (menu: string, m: { command: string; group?: string }) => {
      const keys = [`${menu} ${m.command} ${m.group}`, `${menu} ${m.command}`];
      return keys.find((k) => cases[k]);
    };
    const skipped = new Set([Commands.reveal, Commands.markCueAsClaim, Commands.setClaimWhen, Commands.setupGit, Commands.showMore]); // hidden from the palette (showMore: views-paging's suite) / writes git config (gitSetup's own suite)
    const ran: string[] = [];
    for (const [menu, entries] of Object.entries(menus)) {
      for (const m of entries) {
        if (skipped.has(m.command as never)) continue;
        const key = shape(menu, m);
        assert.ok(key, `no case for ${menu} ${m.command} (${m.group ?? ''}): add one`);
        const c = cases[key];
        asked = [];
        await reset();
        answer(() => undefined);
        let shownBefore = api.shown.length;
        try {
          await c.before?.();
          shownBefore = api.shown.length;
          const args = await c.arg();
          if (c.live) {
            // the command waits on a live quick pick: record it, then dismiss it as the analyst would
            const realCreate = vscode.window.createQuickPick;
            const created: vscode.QuickPick<vscode.QuickPickItem>[] = [];
            (vscode.window as { createQuickPick: unknown }).createQuickPick = () => {
              const q = realCreate<vscode.QuickPickItem>();
              created.push(q);
              return q;
            };
            try {
              const running = vscode.commands.executeCommand(m.command, ...args);
              await waitUntil(() => created.length > 0, 5_000, 'a quick pick is shown');
              liveTitles = created.map((q) => q.title ?? q.placeholder ?? '');
              for (const q of created) q.hide();
              await running;
            } finally {
              (vscode.window as { createQuickPick: unknown }).createQuickPick = realCreate;
            }
          } else await vscode.commands.executeCommand(m.command, ...args);
          const errors = api.shown.slice(shownBefore).filter((s) => s.severity === 'error');
          assert.deepEqual(errors, [], 'no error');
          await c.check();
        } catch (e) {
          // what the command said (an info or a warning is no error, but says why it did nothing)
          throw new Error(`${key}: ${e instanceof Error ? e.message : String(e)}; said: ${JSON.stringify(api.shown.slice(shownBefore).map((x) => `${x.severity}: ${x.text}`))}; asked: ${JSON.stringify(asked.map((a) => a.title))}`);
        }
        ran.push(key);
      }
    }
    assert.ok(ran.length >= 18, ran.join('\n'));
  });
});
