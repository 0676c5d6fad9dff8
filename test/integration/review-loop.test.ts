// The review loop in the real editor (issue 11): a thread appears at an annotation with replies;
// replying and approving from the thread write the sidecar as small diffs; approving from the
// hover link works; a later status change clears the approval; the Review view lists what awaits
// review with a badge; the Claims view's filter lists the right claims and clears; Find
// Annotation and Add/Remove Tag; each command through palette (no args), tree node, hover args
// and thread.
//
// The workspace is the runner's temp copy of sample/, shared with the other suites: fixtures go
// under review-loop-fixtures/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { parseSidecar } from '../../src/core/format';
import type { Annotation } from '../../src/core/types';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { FixtureFolder, read, UPDATE_MS, sidecarOf } from './fixtureFolder';
import { waitUntil } from './wait';

const FIXTURES = 'review-loop-fixtures';
let api: MarginaliaApi;
const files = new FixtureFolder(() => api, FIXTURES);
const fixture = (rel: string, source: string, sidecar: string) => files.fixture(rel, source, sidecar);

async function stored(uri: vscode.Uri, id: string): Promise<Annotation> {
  return parseSidecar(await read(sidecarOf(uri)), 'x').sidecar!.annotations.find((a) => a.id === id)!;
}

/** Lines added and removed between two texts (as a line diff counts them, order ignored). */
function diffSize(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
}

const TEXT = 'Officials said the convoy was turned back at the river. The minister denied it. Rain fell on Aurel.\n';
const Q1 = 'the convoy was turned back at the river';
const Q2 = 'The minister denied it';
const Q3 = 'Rain fell on Aurel';
const C1 = '01jrw00000000loop0c1';
const C2 = '01jrw00000000loop0c2';
const C3 = '01jrw00000000loop0c3';
const at = (q: string) => `start: ${TEXT.indexOf(q)}\n    end: ${TEXT.indexOf(q) + q.length}`;
const SIDECAR = `marginalia: 1
source: a.txt
reliability: C
annotations:
  - id: ${C1}
    kind: claim
    quote: ${Q1}
    ${at(Q1)}
    status: disputed
    credibility: 4
    tags: [border]
    author: Ana Analyst
    created: 2026-11-28T09:00:00Z
    replies:
      - {id: r0, by: Cleo Marsh, at: 2026-11-29T08:00:00Z, text: "[x](command:evil) $(verified)"}

  - id: ${C2}
    kind: claim
    quote: ${Q2}
    ${at(Q2)}
    status: refuted
    author: Ana Analyst

  - id: ${C3}
    kind: claim
    quote: ${Q3}
    ${at(Q3)}
    status: corroborated
    author: Ben Byrne
    review: {state: approved, by: Cleo Marsh, at: 2026-11-29T09:00:00Z}
`;

const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
async function kids(p: vscode.TreeDataProvider<TreeNode>, node?: TreeNode): Promise<TreeNode[]> {
  return (await p.getChildren(node)) ?? [];
}
/** The annotation a row shows (the tests' bundle has its own copy of the node classes: no instanceof). */
const annotationOf = (n: TreeNode): Annotation | undefined => (n as { annotation?: Annotation }).annotation;

/** Every annotation id a tree lists, at any depth. */
async function idsIn(p: vscode.TreeDataProvider<TreeNode>, node?: TreeNode): Promise<string[]> {
  const out: string[] = [];
  for (const k of await kids(p, node)) {
    const a = annotationOf(k);
    if (a) out.push(a.id);
    out.push(...(await idsIn(p, k)));
  }
  return out;
}

suite('review loop: threads, verdicts, replies, the Review view, find and filter', () => {
  let uri: vscode.Uri;

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await waitUntil(() => api.store.ready, UPDATE_MS, 'first index');
    await api.store.whenIndexed();
    await files.create();
  });

  setup(async () => {
    uri = await fixture(`${FIXTURES}/a.txt`, TEXT, SIDECAR);
  });

  teardown(async () => {
    await vscode.commands.executeCommand(Commands.clearFilters);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await files.remove();
  });

  test('a thread appears at an annotation with replies, its bodies inert, and follows the words as the text changes', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await waitUntil(() => !!api.review.threads.threadOf(uri, C1), UPDATE_MS, 'the thread of the claim with a reply');
    const thread = api.review.threads.threadOf(uri, C1)!;
    assert.equal(doc.getText(thread.range), Q1);
    assert.equal(thread.contextValue, 'thread.claim.not-reviewed');
    assert.match(thread.label ?? '', /Claim — disputed · not reviewed/);
    assert.equal(thread.comments.length, 2, 'the annotation, then the reply');
    const reply = thread.comments[1];
    assert.equal((reply.author as vscode.CommentAuthorInformation).name, 'Cleo Marsh');
    const md = reply.body as vscode.MarkdownString;
    assert.ok(!md.isTrusted, 'never trusted');
    assert.doesNotMatch(md.value, /\]\(command:/, 'no link');
    assert.doesNotMatch(md.value, /\$\(verified\)/, 'no icon');
    // C3 has a verdict: a thread too; C2 has neither
    assert.ok(api.review.threads.threadOf(uri, C3));
    assert.equal(api.review.threads.threadOf(uri, C2), undefined);
    // type before the claim: the thread moves with its words
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Late on Monday, '));
    await waitUntil(() => doc.getText(api.review.threads.threadOf(uri, C1)!.range) === Q1 && api.review.threads.threadOf(uri, C1)!.range!.start.character === 'Late on Monday, Officials said '.length, UPDATE_MS, 'the thread follows the anchor');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('reply and approve from the thread write the sidecar, one small diff each', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitUntil(() => !!api.review.threads.threadOf(uri, C1), UPDATE_MS, 'thread');
    const thread = api.review.threads.threadOf(uri, C1)!;
    const before = await read(sidecarOf(uri));
    // the reply box under the thread passes a CommentReply
    await vscode.commands.executeCommand(Commands.reply, { thread, text: 'The river post was closed.' });
    await waitUntil(async () => (await stored(uri, C1)).replies?.length === 2, UPDATE_MS, 'the reply is written');
    const replied = await read(sidecarOf(uri));
    const d1 = diffSize(before, replied);
    // one line when it fits, else one short block (a long author name): only the reply and the stamp
    assert.ok(d1.added.some((l) => / text: The river post was closed\.\}?$/.test(l)), d1.added.join('\n'));
    assert.ok(d1.added.length <= 7 && d1.removed.length === 0, `small diff:\n${d1.added.join('\n')}`);
    // the thread title's Approve passes the thread itself
    await vscode.commands.executeCommand(Commands.approve, thread);
    await waitUntil(async () => (await stored(uri, C1)).review?.state === 'approved', UPDATE_MS, 'approved');
    const approved = await read(sidecarOf(uri));
    const d2 = diffSize(replied, approved);
    assert.ok(d2.added.some((l) => /^ {4}review: \{state: approved, by: .+, at: .+\}$/.test(l)), d2.added.join('\n'));
    assert.ok(d2.added.length <= 9, `small diff:\n${d2.added.join('\n')}`);
    const a = await stored(uri, C1);
    assert.equal(a.review?.by, a.updatedBy, 'credited to the reviewer');
    await waitUntil(() => api.review.threads.threadOf(uri, C1)?.contextValue === 'thread.claim.approved', UPDATE_MS, 'the thread shows the verdict');
    assert.match(api.review.threads.threadOf(uri, C1)!.label ?? '', /approved by/);
    // Undo takes the approval back
    await vscode.commands.executeCommand(Commands.undo);
    await waitUntil(async () => (await stored(uri, C1)).review === undefined, UPDATE_MS, 'undone');
  });

  test('the hover shows the review state and its Approve link approves; a later status change clears the approval', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(TEXT.indexOf(Q2) + 3));
    const md = hovers.flatMap((h) => h.contents as vscode.MarkdownString[]).map((m) => m.value).join('\n');
    assert.match(md, /Not reviewed/);
    const links = [...md.matchAll(/\]\(command:([\w.]+)\?([^)\s]*)\)/g)].map((m) => ({ command: m[1], args: JSON.parse(decodeURIComponent(m[2])) }));
    const approve = links.find((l) => l.command === Commands.approve);
    assert.ok(approve, 'an Approve link');
    assert.deepEqual(Object.keys(approve.args).sort(), ['id', 'source']);
    for (const c of [Commands.reject, Commands.requestChanges, Commands.openThread]) assert.ok(links.some((l) => l.command === c), c);
    const trusted = hovers.flatMap((h) => h.contents as vscode.MarkdownString[]).find((m) => m.value.includes('Approve'))!.isTrusted as { enabledCommands: string[] };
    assert.ok(trusted.enabledCommands.includes(Commands.approve));
    await vscode.commands.executeCommand(approve.command, approve.args);
    await waitUntil(async () => (await stored(uri, C2)).review?.state === 'approved', UPDATE_MS, 'approved from the hover');
    const again = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(TEXT.indexOf(Q2) + 3));
    const plain = again.flatMap((h) => h.contents as vscode.MarkdownString[]).map((m) => m.value).join('\n').replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.match(plain, /Approved by .+, \d{4}-\d{2}-\d{2}/);
    // the analyst changes the status: the approval goes, the history says so
    await vscode.commands.executeCommand(Commands.changeStatus, { source: uri.toString(), id: C2, status: 'disputed' });
    await waitUntil(async () => (await stored(uri, C2)).status === 'disputed', UPDATE_MS, 'status changed');
    const a = await stored(uri, C2);
    assert.equal(a.review, undefined, 'back to not reviewed');
    assert.ok(a.history?.some((e) => e.field === 'review' && e.to === undefined && (e.from as { state: string }).state === 'approved'));
  });

  test('request changes and reject from the tree node; open a thread from the palette on the claim under the cursor', async () => {
    const claims = await idsIn(api.trees.claims);
    assert.ok(claims.includes(C2));
    const node = await findNode(api.trees.claims, C2);
    await vscode.commands.executeCommand(Commands.reject, node);
    await waitUntil(async () => (await stored(uri, C2)).review?.state === 'rejected', UPDATE_MS, 'rejected from the tree');
    // Request Changes from a script/hover with a reason: the reason becomes a reply
    await vscode.commands.executeCommand(Commands.requestChanges, { source: uri.toString(), id: C2, text: 'Cite the ministry statement.' });
    await waitUntil(async () => (await stored(uri, C2)).review?.state === 'changes-requested', UPDATE_MS, 'changes requested');
    assert.equal((await stored(uri, C2)).replies?.[0].text, 'Cite the ministry statement.');
    // palette, no args: the claim under the cursor
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.positionAt(TEXT.indexOf(Q2) + 2), doc.positionAt(TEXT.indexOf(Q2) + 2));
    await vscode.commands.executeCommand(Commands.openThread);
    assert.ok(api.review.threads.threadOf(uri, C2));
    assert.equal(api.review.threads.threadOf(uri, C2)!.collapsibleState, vscode.CommentThreadCollapsibleState.Expanded);
  });

  test('the Review view lists what awaits review by source with a badge; approved claims leave it', async () => {
    await waitUntil(async () => (await idsIn(api.review.view.tree)).includes(C1), UPDATE_MS, 'the Review view lists the claim');
    const ids = await idsIn(api.review.view.tree);
    assert.ok(ids.includes(C1) && ids.includes(C2), 'not reviewed');
    assert.ok(!ids.includes(C3), 'approved: awaits nothing');
    const groups = await kids(api.review.view.tree);
    const mine = groups.find((g) => label(api.review.view.tree.getTreeItem(g)) === `${FIXTURES}/a.txt`);
    assert.ok(mine, 'grouped by source');
    assert.ok((api.review.view.view.badge?.value ?? 0) >= 2, 'a badge counts them');
    const badge = api.review.view.view.badge!.value;
    await vscode.commands.executeCommand(Commands.approve, { source: uri.toString(), id: C1 });
    await waitUntil(async () => !(await idsIn(api.review.view.tree)).includes(C1), UPDATE_MS, 'approved leaves the view');
    assert.equal(api.review.view.view.badge?.value ?? 0, badge - 1);
  });

  test('filters on the Claims view: listed, described, cleared in one click', async () => {
    await vscode.commands.executeCommand(Commands.filterViews, { status: ['refuted'] });
    let ids = await idsIn(api.trees.claims);
    assert.ok(ids.includes(C2) && !ids.includes(C1) && !ids.includes(C3), ids.join(','));
    assert.match(api.trees.claimsView.description ?? '', /status: refuted/);
    await vscode.commands.executeCommand(Commands.filterViews, { review: ['approved'], tag: [] });
    ids = await idsIn(api.trees.claims);
    assert.ok(ids.includes(C3) && !ids.includes(C2));
    await vscode.commands.executeCommand(Commands.filterViews, { tag: ['border'], author: ['Ana Analyst'] });
    ids = await idsIn(api.trees.claims);
    assert.deepEqual(ids.filter((i) => [C1, C2, C3].includes(i)), [C1]);
    await vscode.commands.executeCommand(Commands.clearFilters);
    ids = await idsIn(api.trees.claims);
    assert.ok([C1, C2, C3].every((i) => ids.includes(i)));
    assert.ok(!api.trees.claimsView.description);
  });

  test('Find Annotation reveals the match of a word in a reply-less note or tag; Add and Remove Tag write tags', async () => {
    const found = await vscode.commands.executeCommand<{ annotation: Annotation } | undefined>(Commands.findAnnotation, { query: 'border convoy' });
    assert.equal(found?.annotation.id, C1);
    await waitUntil(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), UPDATE_MS, 'revealed');
    await vscode.commands.executeCommand(Commands.addTag, { source: uri.toString(), id: C2, tag: 'ministry' });
    await waitUntil(async () => (await stored(uri, C2)).tags?.includes('ministry') === true, UPDATE_MS, 'tagged');
    await vscode.commands.executeCommand(Commands.removeTag, { source: uri.toString(), id: C1, tag: 'border' });
    await waitUntil(async () => (await stored(uri, C1)).tags === undefined, UPDATE_MS, 'untagged');
  });

  test('from the palette the live list follows what is typed (each search in slices, the one a keystroke overtakes dropped)', async () => {
    // the picker the command creates, kept to type into as the analyst would
    const realCreate = vscode.window.createQuickPick;
    let qp: vscode.QuickPick<vscode.QuickPickItem & { found?: { annotation: Annotation } }> | undefined;
    (vscode.window as { createQuickPick: unknown }).createQuickPick = () => (qp = realCreate());
    try {
      const running = vscode.commands.executeCommand(Commands.findAnnotation);
      await waitUntil(() => (qp?.items.length ?? 0) > 1, UPDATE_MS, 'the picker lists the corpus');
      const all = qp!.items.length;
      qp!.value = 'convoy';
      qp!.value = 'convoy turned back';
      await waitUntil(() => qp!.busy === false && qp!.items.length < all && qp!.items.length > 0, UPDATE_MS, 'the list narrowed');
      assert.deepEqual(qp!.items.map((i) => i.found?.annotation.id), [C1], 'the one annotation with those words');
      qp!.value = '';
      await waitUntil(() => qp!.busy === false && qp!.items.length === all, UPDATE_MS, 'the whole list again');
      qp!.hide();
      assert.equal(await running, undefined, 'nothing picked');
    } finally {
      (vscode.window as { createQuickPick: unknown }).createQuickPick = realCreate;
    }
  });
});

async function findNode(p: vscode.TreeDataProvider<TreeNode>, id: string, node?: TreeNode): Promise<TreeNode | undefined> {
  for (const k of await kids(p, node)) {
    if (annotationOf(k)?.id === id) return k;
    const deeper = await findNode(p, id, k);
    if (deeper) return deeper;
  }
  return undefined;
}
