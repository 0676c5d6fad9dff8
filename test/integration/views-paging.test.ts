// Long lists a page at a time (issue 15, core/redraw/paging.ts): a Claims group or the Review
// view's sources list a page and one "Show N more…" row; the row's click (marginalia._showMore,
// passed the row) grows that list; a change inside the page redraws only the group and keeps its
// size; a reveal of a claim beyond the page grows it. The live trees' page size is set to 3 here
// (the sample corpus has more claims than that in a group) and put back at the end.
//
// Fixtures go under views-paging/ in the runner's temp copy of sample/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { PAGE_SIZE } from '../../src/core/redraw/paging';
import { Commands } from '../../src/extension/ids';
import type { NodeTreeProvider, TreeNode } from '../../src/extension/views/treeNode';
import { FixtureFolder, UPDATE_MS, indexedApi } from './fixtureFolder';
import { waitUntil } from './wait';

const FIXTURES = 'views-paging';
const PAGE = 3;
const CLAIMS = 8;

let api: MarginaliaApi;
const fixtures = new FixtureFolder(() => api, FIXTURES);

const idOf = (p: NodeTreeProvider, n: TreeNode) => (p.getTreeItem(n) as vscode.TreeItem).id ?? '?';
const children = async (p: NodeTreeProvider, n?: TreeNode) => ((await p.getChildren(n)) ?? []) as TreeNode[];
const group = async (id: string) => (await children(api.trees.claims)).find((g) => idOf(api.trees.claims, g) === id);

/** Every item a group lists: its id, and whether it is the "more" row (with its label and click). */
async function listed(p: NodeTreeProvider, parent?: TreeNode): Promise<{ ids: string[]; more?: vscode.TreeItem }> {
  const items = (await children(p, parent)).map((n) => p.getTreeItem(n) as vscode.TreeItem);
  const more = items.find((i) => i.id?.startsWith('more:'));
  return { ids: items.filter((i) => i !== more).map((i) => i.id ?? '?'), more };
}

/** What a click on the row runs, as the workbench runs it (its command with its arguments: the row). */
const click = (item: vscode.TreeItem) => vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));

suite('long lists a page at a time: a "Show N more…" row', () => {
  let uri: vscode.Uri;
  suiteSetup(async () => {
    api = await indexedApi();
    await fixtures.create();
    const lines = Array.from({ length: CLAIMS }, (_, i) => `Claim number ${i} holds.`);
    const sidecar = `marginalia: 1\nsource: many.txt\nannotations:\n${lines.map((l, i) => `  - {id: c${i}, kind: claim, quote: ${l.slice(0, -1)}, status: unverified}\n`).join('')}`;
    uri = await fixtures.fixture(`${FIXTURES}/many.txt`, lines.join('\n') + '\n', sidecar);
    api.trees.claims.paging.pageSize = PAGE;
    api.review.view.tree.paging.pageSize = 1;
  });

  suiteTeardown(async () => {
    api.trees.claims.paging.pageSize = PAGE_SIZE;
    api.review.view.tree.paging.pageSize = PAGE_SIZE;
    await fixtures.remove();
  });

  test('a Claims group longer than a page lists the page and a "more" row whose click grows it; the palette does nothing', async () => {
    const claims = api.trees.claims;
    await waitUntil(async () => !!(await group('status:unverified')), UPDATE_MS, 'the unverified group is listed');
    const g = (await group('status:unverified'))!;
    const total = Number((claims.getTreeItem(g) as vscode.TreeItem).description);
    assert.ok(total >= CLAIMS, `the group counts every claim (${total})`);
    let l = await listed(claims, g);
    assert.equal(l.ids.length, PAGE, 'one page of claims');
    assert.ok(l.more, 'then the "more" row');
    assert.equal(l.more.label, `Show ${PAGE} more…`);
    assert.equal(l.more.description, `${total - PAGE} not listed`);
    assert.equal(l.more.id, 'more:status:unverified');
    assert.equal(l.more.command?.command, Commands.showMore);
    const firstPage = l.ids;

    // the palette (no argument): nothing happens, nothing fails
    const messages = api.shown.length;
    await vscode.commands.executeCommand(Commands.showMore);
    assert.deepEqual((await listed(claims, g)).ids, firstPage);
    assert.equal(api.shown.length, messages, 'no message');

    // the row's click: the group (and only it) is redrawn, one page longer, the first page's rows kept
    const fired: unknown[] = [];
    const sub = claims.onDidChangeTreeData((e) => fired.push(e));
    try {
      await click(l.more);
    } finally {
      sub.dispose();
    }
    assert.deepEqual(fired, [g], 'the group is redrawn');
    l = await listed(claims, g);
    assert.equal(l.ids.length, Math.min(total, 2 * PAGE), 'a page more');
    assert.deepEqual(l.ids.slice(0, PAGE), firstPage, 'rows keep their ids');
    while (l.more) {
      await click(l.more);
      l = await listed(claims, g);
    }
    assert.equal(l.ids.length, total, 'every claim, and no "more" row');
    for (let i = 0; i < CLAIMS; i++) assert.ok(l.ids.some((id) => id.endsWith(`#c${i}`)), `c${i} listed`);
  });

  test('a change inside the page redraws only the group and keeps its size; a reveal beyond the page grows it', async () => {
    const claims = api.trees.claims;
    claims.paging.pageSize = PAGE; // every list back to one page
    const g = (await group('status:unverified'))!;
    // the fixture's first claim, in the group's (grown) page
    assert.equal(await api.trees.revealClaim(uri, 'c0', { focus: false }), true);
    const grown = (await listed(claims, g)).ids.length;
    const inPage = (await listed(claims, g)).ids.find((x) => x.endsWith('#c0'));
    assert.ok(inPage, 'c0 is in the page');
    const id = 'c0';

    const fired: unknown[] = [];
    const sub = claims.onDidChangeTreeData((e) => fired.push(e));
    try {
      await vscode.commands.executeCommand(Commands.changeStatus, { source: uri.toString(), id, status: 'disputed' });
      await waitUntil(async () => !(await listed(claims, g)).ids.includes(inPage), UPDATE_MS, 'the claim left the group');
    } finally {
      sub.dispose();
    }
    const nodes = fired.flatMap((e) => (Array.isArray(e) ? e : [e]));
    assert.ok(nodes.length > 0 && !nodes.includes(undefined), 'the groups, never the whole tree');
    assert.deepEqual(nodes.map((n) => idOf(claims, n as TreeNode)).sort(), ['status:disputed', 'status:unverified']);
    assert.equal((await listed(claims, g)).ids.length, grown, 'the group keeps the size it grew to');

    // a reveal of the group's last claim, beyond its page
    claims.paging.pageSize = PAGE;
    const all = Number((claims.getTreeItem(g) as vscode.TreeItem).description);
    assert.ok(all > PAGE);
    const last = `c${CLAIMS - 1}`;
    assert.ok(!(await listed(claims, g)).ids.some((x) => x.endsWith(`#${last}`)), 'the last claim is beyond the page');
    assert.equal(await api.trees.revealClaim(uri, last, { focus: false }), true);
    assert.ok((await listed(claims, g)).ids.some((x) => x.endsWith(`#${last}`)), 'the group grew to include it');
    await waitUntil(() => api.trees.claimsView.selection.some((n) => idOf(claims, n).endsWith(`#${last}`)), UPDATE_MS, 'the claim is selected');
  });

  test('the Review view lists its sources a page at a time, and the "more" row grows the list', async () => {
    const review = api.review.view.tree;
    await waitUntil(async () => (await listed(review)).more !== undefined, UPDATE_MS, 'more sources than a page await review');
    let l = await listed(review);
    assert.equal(l.ids.length, 1, 'one source');
    assert.match(String(l.more!.label), /^Show 1 more…$/);
    const total = l.ids.length + Number(String(l.more!.description).replace(/\D/g, ''));
    await click(l.more!);
    l = await listed(review);
    assert.equal(l.ids.length, 2, 'a page more');
    review.paging.pageSize = total;
    l = await listed(review);
    assert.equal(l.ids.length, total);
    assert.equal(l.more, undefined, 'all listed: no "more" row');
    assert.ok(l.ids.includes(`review:${uri.toString()}`), 'the fixture source awaits review');
  });

  test('the Review view lists a source\'s rows a page at a time too, and its "more" row grows that source\'s list only', async () => {
    const review = api.review.view.tree;
    review.paging.pageSize = PAGE;
    // its group, wherever the top level's page ends
    const mine = () => review.groups().find((g) => idOf(review, g) === `review:${uri.toString()}`);
    await waitUntil(() => !!mine(), UPDATE_MS, 'the fixture source awaits review');
    const g = mine()!;
    assert.equal((review.getTreeItem(g) as vscode.TreeItem).description, `${CLAIMS} awaiting`, 'the group counts every row');
    let l = await listed(review, g);
    assert.equal(l.ids.length, PAGE, 'one page of its rows');
    assert.equal(l.more?.label, `Show ${PAGE} more…`);
    assert.equal(l.more?.description, `${CLAIMS - PAGE} not listed`);
    const fired: unknown[] = [];
    const sub = review.onDidChangeTreeData((e) => fired.push(e));
    try {
      await click(l.more!);
      l = await listed(review, g);
      assert.equal(l.ids.length, 2 * PAGE, 'a page more');
      assert.deepEqual(fired, [g], 'only that source\'s group is redrawn');
      await click(l.more!);
      l = await listed(review, g);
      assert.equal(l.ids.length, CLAIMS);
      assert.equal(l.more, undefined, 'all listed: no "more" row');
    } finally {
      sub.dispose();
    }
  });
});

suite('long lists a page at a time: Sources folders and Entities', () => {
  suiteSetup(async () => {
    api = await indexedApi();
  });

  teardown(() => {
    api.trees.sources.paging.pageSize = PAGE_SIZE;
    api.trees.entities.paging.pageSize = PAGE_SIZE;
  });

  test('Sources: a folder longer than a page lists the page and a "more" row; its click grows it; a reveal beyond the page grows it', async () => {
    const sources = api.trees.sources;
    const all = await listed(sources);
    assert.ok(all.ids.length > 2 && !all.more, `the sample lists more than two rows at the top (${all.ids.length})`);
    sources.paging.pageSize = 2;
    let l = await listed(sources);
    assert.deepEqual(l.ids, all.ids.slice(0, 2), 'the first page, ids kept');
    assert.ok(l.more, 'then the "more" row');
    assert.equal(l.more.label, `Show ${Math.min(2, all.ids.length - 2)} more…`);
    const fired: unknown[] = [];
    const sub = sources.onDidChangeTreeData((e) => fired.push(e));
    try {
      await click(l.more);
    } finally {
      sub.dispose();
    }
    assert.deepEqual(fired, [undefined], 'the top level is listed again');
    l = await listed(sources);
    assert.deepEqual(l.ids, all.ids.slice(0, 4));

    // a reveal of the last file of the top level, beyond the page
    sources.paging.pageSize = 1;
    const last = sources.listedFiles().find((f) => all.ids[all.ids.length - 1] === (sources.getTreeItem(f) as vscode.TreeItem).id);
    assert.ok(last, 'the top level ends with a file');
    await api.trees.reveal(last.uri, undefined, { focus: false });
    assert.ok((await listed(sources)).ids.includes(all.ids[all.ids.length - 1]), 'the top level grew to include it');
    await waitUntil(() => api.trees.sourcesView.selection.some((n) => idOf(sources, n) === all.ids[all.ids.length - 1]), UPDATE_MS, 'the file is selected');
  });

  test('Entities: the list lists a page and a "more" row; its click grows it; showEntity grows it to an entity beyond the page', async () => {
    const entities = api.trees.entities;
    const all = await listed(entities);
    assert.ok(all.ids.length > 2 && !all.more, `the sample lists more than two entities (${all.ids.length})`);
    entities.paging.pageSize = 2;
    let l = await listed(entities);
    assert.deepEqual(l.ids, all.ids.slice(0, 2));
    assert.ok(l.more);
    await click(l.more);
    l = await listed(entities);
    assert.deepEqual(l.ids, all.ids.slice(0, 4));
    entities.paging.pageSize = 1;
    const lastId = all.ids[all.ids.length - 1];
    const node = ((await children(entities)) as unknown[]).length && entities.showEntity(lastId.slice(lastId.lastIndexOf('#') + 1));
    assert.ok(node, 'the entity is found');
    assert.ok((await listed(entities)).ids.includes(lastId), 'the list grew to include it');
  });
});
