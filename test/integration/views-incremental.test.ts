// The Claims, Entities and Review views kept per source (issue 15): a change to one source redraws the
// groups whose claims came or went and the rows that changed, never the whole tree, and the
// Entities view only the entities whose mentions changed; what the views show afterwards is what
// a full rebuild shows (same ids, order, labels, counts).
//
// Fixtures go under views-incremental/ in the runner's temp copy of sample/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { parseSidecar } from '../../src/core/format';
import { placeAnnotations } from '../../src/core/placement';
import { Commands } from '../../src/extension/ids';
import type { NodeTreeProvider, TreeNode } from '../../src/extension/views/treeNode';
import { FixtureFolder, UPDATE_MS, indexedApi } from './fixtureFolder';
import { waitUntil } from './wait';

const FIXTURES = 'views-incremental';
type Fired = TreeNode | TreeNode[] | undefined | null | void;

let api: MarginaliaApi;
const fixtures = new FixtureFolder(() => api, FIXTURES);

/** Every row the view lists, depth first (Claims: groups and claims; Entities: the top level), as id, label and description. */
async function rows(p: NodeTreeProvider, depth: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (nodes: TreeNode[], d: number) => {
    for (const n of nodes) {
      const item = await p.getTreeItem(n);
      const label = typeof item.label === 'string' ? item.label : item.label?.label;
      out.push(`${'  '.repeat(d)}${item.id} | ${label} | ${String(item.description ?? '')}`);
      if (d + 1 < depth) await walk((await p.getChildren(n)) as TreeNode[], d + 1);
    }
  };
  await walk((await p.getChildren()) as TreeNode[], 0);
  return out;
}

/** What the view shows now, then after it rebuilds from the whole corpus: they must be the same. */
async function sameAsFullRebuild(p: NodeTreeProvider & { update(): void }, depth: number, what: string): Promise<void> {
  const kept = await rows(p, depth);
  p.update();
  assert.deepEqual(kept, await rows(p, depth), `${what}: as a full rebuild`);
}

/**
 * Runs `change` until the store reports only `uri` for it (the watcher may report a fixture's
 * earlier writes a moment late; such an attempt cannot tell) and returns what each view fired.
 */
async function changeOnly(uri: vscode.Uri, attempts: (() => Promise<void>)[]): Promise<{ claims: Fired[]; entities: Fired[]; review: Fired[] }> {
  for (const change of attempts) {
    const claims: Fired[] = [];
    const entities: Fired[] = [];
    const review: Fired[] = [];
    const reported = new Set<string>();
    const subs = [
      api.trees.claims.onDidChangeTreeData((e) => claims.push(e)),
      api.trees.entities.onDidChangeTreeData((e) => entities.push(e)),
      api.review.view.tree.onDidChangeTreeData((e) => review.push(e)),
      api.store.onDidChange((c) => (c.all ? reported.add('*') : c.sources.forEach((u) => reported.add(u.toString())))),
    ];
    try {
      await change();
      // the views update in the store's own event (they subscribed first)
      await waitUntil(() => reported.size > 0, UPDATE_MS, 'the store reported the change');
      if (reported.size === 1 && reported.has(uri.toString())) return { claims, entities, review };
    } finally {
      for (const s of subs) s.dispose();
    }
  }
  assert.fail(`the store reported other sources with ${uri.toString()} in every attempt`);
}

const flat = (fired: Fired[]) => fired.flatMap((e) => (Array.isArray(e) ? e : [e]));
const treeIdOf = (n: TreeNode | undefined | null | void) => (n ? (n.getTreeItem().id ?? '?') : 'the whole tree');

suite('views kept per source: a one-source change redraws what changed', () => {
  suiteSetup(async () => {
    api = await indexedApi();
    await fixtures.create();
  });

  suiteTeardown(async () => {
    await fixtures.remove();
  });

  test('Claims: a status change (command with args, sidecar on disk) redraws the two groups it moves between; a note redraws its row; Entities fire nothing', async () => {
    const sidecar = (s1: string, note = '') => `marginalia: 1\nsource: moves.txt\nannotations:\n  - {id: m1, kind: claim, quote: Snow fell in Aurel, status: ${s1}${note}}\n`;
    const uri = await fixtures.fixture(`${FIXTURES}/moves.txt`, 'Snow fell in Aurel.\n', sidecar('disputed'));
    const claims = api.trees.claims;
    // the sample corpus has disputed, refuted and corroborated claims of its own: no group appears or empties
    const groups = async () => ((await claims.getChildren()) as TreeNode[]).map(treeIdOf);
    await waitUntil(async () => (await rows(claims, 2)).some((r) => r.includes(`#m1 |`)), UPDATE_MS, 'the claim is listed');
    const before = await groups();
    await rows(api.trees.entities, 1); // shown: it keeps its rows from now on
    await rows(api.review.view.tree, 2);
    for (const g of ['status:disputed', 'status:refuted', 'status:corroborated']) assert.ok(before.includes(g), `the sample lists ${g}`);
    const listedUnder = async (status: string) => (await rows(claims, 2)).join('\n').includes(`status:${status}`) && (await claims.getChildren(((await claims.getChildren()) as TreeNode[]).find((g) => treeIdOf(g) === `status:${status}`)!) as TreeNode[]).some((n) => treeIdOf(n).endsWith('#m1'));

    // by command, with an args object (as a hover link runs it)
    let fired = await changeOnly(uri, [0, 1, 2].map((k) => () => vscode.commands.executeCommand(Commands.changeStatus, { source: uri.toString(), id: 'm1', status: k % 2 ? 'disputed' : 'refuted' }) as Promise<void>));
    await waitUntil(async () => (await listedUnder('refuted')) || (await listedUnder('disputed')), UPDATE_MS, 'the claim moved');
    let nodes = flat(fired.claims);
    assert.ok(nodes.length > 0 && !nodes.includes(undefined), `the groups, never the whole tree: ${nodes.map(treeIdOf).join(', ')}`);
    assert.deepEqual(nodes.map(treeIdOf).sort(), ['status:disputed', 'status:refuted'], 'the two groups the claim moved between');
    assert.deepEqual(flat(fired.entities), [], 'no mention changed: the Entities view redraws nothing');
    // not yet reviewed before and after: the Review view redraws that source's group only
    assert.deepEqual(flat(fired.review).map(treeIdOf), [`review:${uri.toString()}`], 'the Review view: the source\'s group');
    await sameAsFullRebuild(claims, 2, 'Claims after the command');
    await sameAsFullRebuild(api.review.view.tree, 2, 'Review after the command');

    // on disk, as a pull writes it
    fired = await changeOnly(uri, ['corroborated', 'refuted', 'corroborated'].map((s) => async () => void (await fixtures.replace(`${FIXTURES}/moves.txt.annotations.yaml`, sidecar(s)))));
    nodes = flat(fired.claims);
    assert.ok(nodes.length > 0 && !nodes.includes(undefined), 'the groups, never the whole tree');
    assert.ok(nodes.map(treeIdOf).every((id) => /^status:(disputed|refuted|corroborated)$/.test(id)), `only the groups it moved between: ${nodes.map(treeIdOf).join(', ')}`);
    await sameAsFullRebuild(claims, 2, 'Claims after the write');

    // a note: the claim stays in its group; only its row is redrawn
    const status = (await listedUnder('corroborated')) ? 'corroborated' : 'refuted';
    fired = await changeOnly(uri, ['one', 'two', 'three'].map((n) => async () => void (await fixtures.replace(`${FIXTURES}/moves.txt.annotations.yaml`, sidecar(status, `, note: ${n}`)))));
    nodes = flat(fired.claims);
    assert.ok(nodes.length > 0, 'the row is redrawn');
    assert.ok(nodes.every((n) => treeIdOf(n).endsWith('#m1')), `its row only: ${nodes.map(treeIdOf).join(', ')}`);
    await sameAsFullRebuild(claims, 2, 'Claims after the note');
  });

  test('Review: a source gaining its first claim to review enters the list at its place, and leaves it with its last; as a full rebuild', async () => {
    const sidecar = (kind: 'claim' | 'note', note: string) => `marginalia: 1\nsource: enters.txt\nannotations:\n  - {id: e1, kind: ${kind}, quote: Rain fell in Aurel, note: ${note}}\n`;
    const uri = await fixtures.fixture(`${FIXTURES}/enters.txt`, 'Rain fell in Aurel.\n', sidecar('note', 'first'));
    const review = api.review.view.tree;
    const listed = async () => (await rows(review, 1)).some((r) => r.startsWith(`review:${uri.toString()} |`));
    await waitUntil(async () => (await rows(api.trees.claims, 2)).length > 0, UPDATE_MS, 'indexed');
    assert.equal(await listed(), false, 'a note only: nothing to review in it');
    assert.ok((await rows(review, 1)).length > 0, 'the sample has sources to review');
    await rows(review, 2); // shown: it keeps its rows from now on

    // each attempt another text, so that each is a change the watcher reports
    let fired = await changeOnly(uri, ['a', 'b', 'c'].map((n) => async () => void (await fixtures.replace(`${FIXTURES}/enters.txt.annotations.yaml`, sidecar('claim', n)))));
    await waitUntil(listed, UPDATE_MS, 'the source is listed once it has a claim to review');
    assert.ok(flat(fired.review).includes(undefined), 'the top level redrawn');
    await sameAsFullRebuild(review, 2, 'Review with the source entered');

    fired = await changeOnly(uri, ['a', 'b', 'c'].map((n) => async () => void (await fixtures.replace(`${FIXTURES}/enters.txt.annotations.yaml`, sidecar('note', n)))));
    await waitUntil(async () => !(await listed()), UPDATE_MS, 'the source left the list with its last claim to review');
    assert.ok(flat(fired.review).includes(undefined), 'the top level redrawn');
    await sameAsFullRebuild(review, 2, 'Review with the source gone');
  });

  test('Entities: a new mention in one source redraws that entity (or the list when the counts reorder it), and counts as a full rebuild does', async () => {
    const entities = api.trees.entities;
    const uri = await fixtures.fixture(`${FIXTURES}/mentions.txt`, 'A quiet day.\n', 'marginalia: 1\nsource: mentions.txt\nannotations: []\n');
    await rows(entities, 1);
    await rows(api.trees.claims, 2);
    const fired = await changeOnly(uri, ['Colonel Meder spoke.\n', 'Colonel Meder spoke twice; Meder.\n', 'Colonel Meder spoke.\n'].map((text) => async () => void (await fixtures.replace(`${FIXTURES}/mentions.txt`, text))));
    const nodes = flat(fired.entities);
    assert.ok(nodes.length > 0, 'the Entities view redraws');
    if (!nodes.includes(undefined)) assert.deepEqual([...new Set(nodes.map(treeIdOf))].map((id) => id.replace(/^.*#/, '')), ['ruslan-meder'], 'the entity whose mentions changed, only');
    assert.deepEqual(flat(fired.claims), [], 'no claim changed: the Claims view redraws nothing');
    await sameAsFullRebuild(entities, 1, 'Entities after the mention');
  });

  // issue 15: a command's write on a closed source comes back from the worker as the change from
  // the read the store holds (core/live/sidecarDelta.ts): what the store holds after it is the
  // read of the file written, and the annotations the command did not touch are the very objects
  // it held (the views tell those rows unchanged by identity)
  test('a command on a closed source: the store holds the read of the file written, the untouched annotations as the objects it held', async () => {
    const text = 'Rain fell on Aurel.\n';
    // each with its offsets and context, as Marginalia writes them: verbatim where it points
    const claims = ['Rain', 'fell', 'on', 'Aurel']
      .map((quote, i) => {
        const start = text.indexOf(quote);
        const selector = `quote: ${quote}, prefix: ${JSON.stringify(text.slice(0, start))}, suffix: ${JSON.stringify(text.slice(start + quote.length))}, start: ${start}, end: ${start + quote.length}`;
        return `  - {id: c${i + 1}, kind: claim, ${selector}, status: unverified}\n`;
      })
      .join('');
    const uri = await fixtures.fixture(`${FIXTURES}/held.txt`, text, `marginalia: 1\nsource: held.txt\nannotations:\n${claims}`);
    const held = () => api.store.sourceFor(uri)?.entry?.parsed?.sidecar?.annotations ?? [];
    await waitUntil(() => held().length === 4, UPDATE_MS, 'the source is indexed');
    assert.equal(api.store.sourceFor(uri)?.entry?.text, null, 'closed: its text is not kept');
    const before = held();
    const asChange = api.writer.readsAsChange;
    const unread = api.store.counts.placedUnread;
    await vscode.commands.executeCommand(Commands.changeStatus, { source: uri.toString(), id: 'c3', status: 'refuted' });
    assert.equal(api.writer.readsAsChange, asChange + 1, 'the read came as the change from the held one');
    assert.equal(api.store.counts.placedUnread, unread + 1, 'placed without reading the text again');
    const after = held();
    const onDisk = parseSidecar(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri.with({ path: `${uri.path}.annotations.yaml` }))), 'held.txt.annotations.yaml').sidecar!;
    assert.deepEqual(after, onDisk.annotations, 'the read of the file written');
    // placed as a read of both files places them (a closed source: without reading its text again when it need not)
    const placed = (api.store.sourceFor(uri)?.entry?.placements ?? []).map((p) => [p.annotation.id, p.result.state, p.result.start, p.result.end]);
    assert.deepEqual(placed, placeAnnotations(text, onDisk.annotations).map((p) => [p.annotation.id, p.result.state, p.result.start, p.result.end]));
    assert.equal(after[2].status, 'refuted');
    assert.ok(after[2].history?.length, 'the change is recorded');
    for (const i of [0, 1, 3]) assert.equal(after[i], before[i], `${after[i].id} is the object held`);
  });
});

