// A change to a source holding many annotations (issue 15): each view takes it in a turn of the
// event loop of its own after the store's event, not all in that event (views/laterViews.ts;
// one claim's status changed in a 20,000-annotation transcript held the host 60-145 ms there),
// and what every view then shows is what it shows rebuilt from the whole corpus. A change to a
// small source still reaches the views in the store's own event.
//
// Fixtures go under views-large-change/ in the runner's temp copy of sample/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Commands } from '../../src/extension/ids';
import { pendingReview } from '../../src/core/review/pending';
import { LARGE_CHANGE } from '../../src/core/slices';
import type { StatusNode } from '../../src/extension/views/claimNodes';
import type { NodeTreeProvider, TreeNode } from '../../src/extension/views/treeNode';
import { FixtureFolder } from './fixtureFolder';

let api: MarginaliaApi;

const CLAIMS = LARGE_CHANGE + 100;
const line = (n: number) => `Report ${n}: the minister said the port at Kestrel ${n} had reopened.\n`;
const TEXT = Array.from({ length: CLAIMS }, (_, n) => line(n)).join('');

function sidecar(source: string, count: number): string {
  const out = ['marginalia: 1', `source: ${source}`, 'annotations:'];
  for (let n = 0, at = 0; n < count; at += line(n).length, n++) {
    const quote = `the port at Kestrel ${n} had reopened`;
    const start = at + line(n).indexOf(quote);
    out.push(`  - {id: c${n}, kind: claim, quote: ${quote}, start: ${start}, end: ${start + quote.length}, status: unverified}`);
  }
  return out.join('\n') + '\n';
}

/** Every row the view lists, groups and their rows, as id, label and description. */
async function rows(p: NodeTreeProvider): Promise<string[]> {
  const out: string[] = [];
  for (const g of (await p.getChildren()) as TreeNode[]) {
    const item = await p.getTreeItem(g);
    out.push(`${item.id} | ${JSON.stringify(item.label)} | ${String(item.description ?? '')}`);
    for (const n of (await p.getChildren(g)) as TreeNode[]) {
      const row = await p.getTreeItem(n);
      out.push(`  ${row.id} | ${JSON.stringify(row.label)} | ${String(row.description ?? '')}`);
    }
  }
  return out;
}

/** Changes a claim's status by command and says which views redrew in the store's event for the source, and which after it. */
async function changeStatus(uri: vscode.Uri, id: string, status: string): Promise<{ inEvent: string[]; after: string[] }> {
  const inEvent: string[] = [];
  const after: string[] = [];
  let told = false;
  // The views subscribed to the store first: what they redraw in its event, they redraw in the
  // same run of code as this test's listener, before it. A redraw is held until the run ends (a
  // microtask clears it), so the listener sees those of its own run, not of other changes
  // (other suites' fixtures going) that came before the command's.
  let run: string[] = [];
  const fired = (view: string) => () => {
    if (told) return void after.push(view);
    if (!run.length) queueMicrotask(() => (run = []));
    run.push(view);
  };
  const subs = [
    api.trees.sources.onDidChangeTreeData(fired('sources')),
    api.trees.claims.onDidChangeTreeData(fired('claims')),
    api.review.view.tree.onDidChangeTreeData(fired('review')),
    api.store.onDidChange((c) => {
      if (told || c.all || !c.sources.some((u) => u.toString() === uri.toString())) return;
      inEvent.push(...run);
      told = true;
    }),
  ];
  try {
    await vscode.commands.executeCommand(Commands.changeStatus, { source: uri.toString(), id, status });
    await api.store.whenDrawn();
  } finally {
    for (const s of subs) s.dispose();
  }
  assert.ok(told, 'the store told of the change');
  return { inEvent, after };
}

suite('views: a change to a source of many annotations', () => {
  const folder = new FixtureFolder(() => api, 'views-large-change');
  folder.forSuite((a) => (api = a));

  test('reaches each view a turn after the store’s event, and every view shows what a full rebuild shows', async function () {
    this.timeout(90_000);
    const uri = await folder.fixture(`${folder.dir}/wire.txt`, TEXT, sidecar('wire.txt', CLAIMS));
    assert.equal(api.store.sourceFor(uri)?.entry?.placements.length, CLAIMS);
    await api.store.whenDrawn();

    const { inEvent, after } = await changeStatus(uri, 'c7', 'disputed');
    assert.deepEqual(inEvent, [], 'no view redrew in the store’s event');
    for (const view of ['sources', 'claims', 'review']) assert.ok(after.includes(view), `the ${view} view redrew after it (${after.join(', ')})`);

    const row = api.trees.claims.rowOf(uri.toString(), 'c7');
    assert.equal((row?.parent as StatusNode | undefined)?.status, 'disputed', 'the Claims view lists the claim under its new status');
    const file = api.trees.sources.fileNode(uri);
    assert.ok(file, 'the Sources view lists the source');
    const shown = await rows(api.trees.claims);
    api.trees.claims.update();
    assert.deepEqual(shown, await rows(api.trees.claims), 'the Claims view as a full rebuild lists it');
    const awaiting = api.store
      .allRoots()
      .flatMap((r) => r.corpus.all())
      .reduce((n, e) => n + api.review.view.tree.countOf(e), 0);
    assert.equal(api.review.view.view.badge?.value ?? 0, awaiting, 'the Review view’s badge counts what awaits review in the whole corpus');
  });

  // after a whole index the Review view's badge counts every source again, each without listing
  // its rows (core/review/pending.ts countPending): the number the rows would list
  test('after a Refresh the Review view’s badge is what the rule lists in the whole corpus, counted without listing rows', async function () {
    this.timeout(90_000);
    const uri = await folder.fixture(`${folder.dir}/desk.txt`, TEXT, sidecar('desk.txt', CLAIMS));
    const tree = api.review.view.tree;
    const tallies = tree.tallies;
    await vscode.commands.executeCommand(Commands.refresh);
    await api.store.whenIndexed();
    await api.store.whenDrawn();
    const listed = api.store
      .allRoots()
      .flatMap((r) => r.corpus.all())
      .reduce((n, e) => n + pendingReview(e.parsed?.sidecar?.annotations ?? [], e.placements).pending.length, 0);
    assert.ok(listed >= CLAIMS, `the corpus holds the fixture's ${CLAIMS} claims not reviewed (${listed})`);
    assert.equal(api.review.view.view.badge?.value, listed, 'the badge: what the rule lists in the whole corpus');
    assert.equal(tree.countOf(api.store.sourceFor(uri)!.entry!), CLAIMS, 'the large source’s own count');
    assert.ok(tree.tallies > tallies, 'the re-index’s sources counted without their rows');
  });

  test('whenDrawn, asked the moment an index ends, waits for the Review view’s whole count due in the task after', async function () {
    // the Review view and Problems count the corpus in a task after the index's last one
    // (ReviewView.refreshSoon): a caller awaiting the index and then whenDrawn (a test, the
    // bench's "drawn", the Git scan offer) was answered before that count had begun
    this.timeout(60_000);
    const tree = api.review.view.tree;
    let tallies = -1;
    let drawn: Promise<void> | undefined;
    // asked in the store's own event as the index ends (the earliest a caller can be told of it)
    const sub = api.store.onDidChange((c) => {
      if (!c.all || c.listOnly || drawn || !api.store.ready) return;
      tallies = tree.tallies;
      drawn = api.store.whenDrawn();
    });
    try {
      await api.store.reindex();
    } finally {
      sub.dispose();
    }
    assert.ok(drawn, 'the index ended with a whole change');
    await drawn;
    assert.ok(tree.tallies > tallies, 'the whole count ran before whenDrawn resolved');
    const listed = api.store
      .allRoots()
      .flatMap((r) => r.corpus.all())
      .reduce((n, e) => n + pendingReview(e.parsed?.sidecar?.annotations ?? [], e.placements).pending.length, 0);
    assert.equal(api.review.view.view.badge?.value, listed || undefined, 'the badge: what the rule lists in the whole corpus');
  });

  test('a change to a small source reaches the views in the store’s own event, as ever', async function () {
    this.timeout(60_000);
    const uri = await folder.fixture(`${folder.dir}/brief.txt`, TEXT.slice(0, line(0).length * 3), sidecar('brief.txt', 3));
    await api.store.whenDrawn();
    const { inEvent, after } = await changeStatus(uri, 'c1', 'refuted');
    assert.ok(inEvent.includes('claims') && inEvent.includes('sources'), `the Claims and Sources views redrew in the store’s event (in it: ${inEvent.join(', ')}; after: ${after.join(', ')})`);
    assert.equal((api.trees.claims.rowOf(uri.toString(), 'c1')?.parent as StatusNode | undefined)?.status, 'refuted');
  });
});
