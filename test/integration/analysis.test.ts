// Issue 13 in the real extension host: each analysis view opens from the palette command, its
// page carries a strict CSP with a nonce and loads only the extension's bundled files, its model
// is what the sample corpus says, a cell set through the page's message handler is written to the
// sidecar with a history entry (and Undo), messages naming things that do not exist are dropped,
// and the views follow the store without a reload (a hidden one, once shown again).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar } from '../../src/core/format';
import type { MarginaliaApi } from '../../src/extension';
import type { AchPanel } from '../../src/extension/analysis/achPanel';
import { relativeLabels } from '../../src/extension/analysis/models';
import type { NetworkPanel } from '../../src/extension/analysis/networkPanel';
import type { TimelinePanel } from '../../src/extension/analysis/timelinePanel';
import { Commands, EXTENSION_ID, Settings, Webviews } from '../../src/extension/ids';
import { waitUntil } from './wait';

const decoder = new TextDecoder();
type Ach = { model: { columns: { id: string; score: number }[]; rows: { id: string; source: string; ratings: Record<string, string> }[] } };

suite('analysis views', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;
  const troops = () => vscode.Uri.joinPath(folder, 'troops-withdrawn-from-sovren.txt');
  const troopsSidecar = () => vscode.Uri.joinPath(folder, 'troops-withdrawn-from-sovren.txt.annotations.yaml');
  const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));
  /** Runs a view's Open command as the palette does and returns its panel. */
  const open = async <P extends AchPanel | NetworkPanel | TimelinePanel>(command: string, viewType: string) => {
    await vscode.commands.executeCommand(command);
    return api.analysis.panel<P>(viewType)!;
  };

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    folder = vscode.workspace.workspaceFolders![0].uri;
    await api.store.whenIndexed();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration().update(Settings.author, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('each view opens from the palette with a strict CSP (nonce, no remote, bundled files only)', async () => {
    for (const [id, viewType] of [[Commands.openAchMatrix, Webviews.ach], [Commands.openEntityNetwork, Webviews.network], [Commands.openTimeline, Webviews.timeline]]) {
      // what VS Code would send back to the workbench from the palette: nothing (a panel holds the store)
      assert.equal(await vscode.commands.executeCommand(id), undefined, id);
      const view = api.analysis.panel<AchPanel>(viewType)!;
      assert.ok(view?.panel, id);
      const html = view.panel.webview.html;
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1].replace(/&#39;/g, "'") ?? '';
      assert.match(csp, /default-src 'none'/, id);
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce && nonce.length >= 16, `${id}: a nonce`);
      // nothing but the nonce and the webview's own resource origin (cspSource)
      assert.doesNotMatch(csp.split(view.panel.webview.cspSource).join('SELF'), /unsafe-inline|unsafe-eval|https?:|\*|data:[^ ;]/, id);
      assert.deepEqual(csp.split(';').map((d) => d.trim().split(' ')[0]), ['default-src', 'script-src', 'style-src', 'font-src', 'img-src']);
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
      assert.equal(scripts.length, 1, id);
      assert.ok(scripts[0].includes(`nonce="${nonce}"`), `${id}: the one script carries the nonce`);
      for (const [, src] of html.matchAll(/(?:src|href)="([^"]+)"/g)) assert.ok(src.includes('/dist/webview/'), `${id}: ${src} is a bundled file`);
      assert.deepEqual(view.panel.webview.options.localResourceRoots?.map((u) => u.path.replace(/.*\/(dist\/webview)$/, '$1')), ['dist/webview']);
      await view.loaded;
      // a second "Open" brings the same panel forward
      await vscode.commands.executeCommand(id);
      assert.equal(api.analysis.panel(viewType), view, `${id}: one panel`);
    }
  });

  test('a view disposed by the extension itself, not by its tab, is forgotten: Open makes a new panel', async () => {
    const view = await open<TimelinePanel>(Commands.openTimeline, Webviews.timeline);
    view.dispose();
    assert.equal(api.analysis.panel(Webviews.timeline), undefined, 'no disposed panel kept');
    const again = await open<TimelinePanel>(Commands.openTimeline, Webviews.timeline);
    assert.ok(again && again !== view, 'a new panel');
    await again.loaded;
    assert.equal(api.analysis.panel(Webviews.timeline), again);
  });

  test('the ACH matrix: hypotheses from marginalia.yaml, ratings from the sidecars, weighted scores', async () => {
    const view = await open<AchPanel>(Commands.openAchMatrix, Webviews.ach);
    await view.loaded;
    const m = view.lastPosted as Ach;
    assert.deepEqual(m.model.columns.map((c) => c.id), ['h1', 'h2', 'h3']);
    const row = m.model.rows.find((r) => r.id === '01jf05a8nk')!;
    assert.deepEqual(row.ratings, { h1: 'II', h2: 'C', h3: 'CC' });
    assert.ok(m.model.columns[0].score > m.model.columns[1].score, 'full withdrawal has the most evidence against it');
  });

  test('setting an ACH cell through the page’s message handler writes the sidecar with history and is undoable', async () => {
    await vscode.workspace.getConfiguration().update(Settings.author, 'Ben Byrne', vscode.ConfigurationTarget.Workspace);
    const view = await open<AchPanel>(Commands.openAchMatrix, Webviews.ach);
    await view.loaded;
    const before = await read(troopsSidecar());
    await view.receive({ type: 'rate', source: troops().toString(), id: '01jdx5t7ca', hypothesis: 'h2', rating: 'II' });
    const after = parseSidecar(await read(troopsSidecar()), 'x').sidecar!.annotations.find((a) => a.id === '01jdx5t7ca')!;
    assert.deepEqual(after.hypotheses, { h1: 'I', h2: 'II', h3: 'C' });
    const last = after.history!.at(-1)!;
    assert.deepEqual([last.by, last.field, last.from, last.to], ['Ben Byrne', 'hypotheses', { h1: 'I', h2: 'N', h3: 'C' }, { h1: 'I', h2: 'II', h3: 'C' }]);
    // the view follows the store: the new rating reaches the page without a reload
    await waitUntil(() => (view.lastPosted as Ach).model.rows.find((r) => r.id === '01jdx5t7ca')?.ratings.h2 === 'II', 5000, 'the matrix updated');
    await vscode.commands.executeCommand(Commands.undo);
    await waitUntil(async () => (await read(troopsSidecar())) === before, 5000, 'undone to the same bytes');
  });

  test('a hidden panel computes nothing at a store change, and shows the change when shown again', async function () {
    this.timeout(75_000); // see below: a page shown again may take 30 s to start in code-server
    await vscode.workspace.getConfiguration().update(Settings.author, 'Ben Byrne', vscode.ConfigurationTarget.Workspace);
    const ach = await open<AchPanel>(Commands.openAchMatrix, Webviews.ach);
    await ach.loaded;
    const rated = (h2: string) => (ach.lastPosted as Ach).model.rows.find((r) => r.id === '01jdx5t7ca')?.ratings.h2 === h2;
    await waitUntil(() => rated('N'), 5000, 'the matrix as the sidecar rates it');
    // the timeline opened in the same group hides the matrix, and witnesses the change: both
    // panels hear the store at once and would compute after the same settling time
    const tl = await open<TimelinePanel>(Commands.openTimeline, Webviews.timeline);
    await tl.loaded;
    await waitUntil(() => !ach.panel.visible && tl.panel.visible, 5000, 'the matrix hidden behind the timeline');
    const before = await read(troopsSidecar());
    const [achComputed, tlComputed] = [ach.computed, tl.computed];
    await ach.receive({ type: 'rate', source: troops().toString(), id: '01jdx5t7ca', hypothesis: 'h2', rating: 'II' });
    await waitUntil(() => tl.computed > tlComputed, 5000, 'the visible timeline computed its model again');
    assert.equal(ach.computed, achComputed, 'the hidden matrix computed nothing');
    // shown again, its page asks for the model, which has the new rating
    ach.panel.reveal();
    // In code-server (this harness), a webview frame made again as its panel is shown sometimes
    // waits for a service worker `controllerchange` (VS Code's pre/index.html logs "Found
    // unexpected service worker controller") for about 30 s before its page runs: 30.7 s
    // measured, once in 7 runs of this suite; a new panel opened 3 s into that wait started 28.7 s
    // after the show, and "Developer: Reload Webviews" did not start it sooner. The panel is
    // shown (visible and active) meanwhile. The test waits for the page itself, and says when
    // it took that long.
    const shown = () => ach.computed > achComputed && rated('II');
    const t0 = Date.now();
    await waitUntil(shown, 60_000, 'the matrix shown with the new rating');
    if (Date.now() - t0 > 5000) console.warn(`analysis test: the ACH page shown again asked for its model ${Date.now() - t0} ms later (code-server's webview service worker)`);
    assert.equal(ach.computed, achComputed + 1, 'one model, for the page shown again');
    await vscode.commands.executeCommand(Commands.undo);
    await waitUntil(async () => (await read(troopsSidecar())) === before, 5000, 'undone to the same bytes');
  });

  test('a model overtaken by a newer one while it is computed is dropped: only the newer reaches the page', async () => {
    const view = await open<AchPanel>(Commands.openAchMatrix, Webviews.ach);
    await view.loaded;
    // the store settled after the tests before (a change posts a model 150 ms later)
    for (let before = -1; before !== view.computed; ) {
      before = view.computed;
      await new Promise((r) => setTimeout(r, 400));
    }
    const [computed, posted] = [view.computed, view.posted];
    // the page asks twice in a row (a sort order chosen, then another): both are computed in
    // slices, and the first, overtaken, is dropped at its next slice
    await Promise.all([view.receive({ type: 'order', order: 'source' }), view.receive({ type: 'order', order: 'diagnosticity' })]);
    await waitUntil(() => view.posted > posted, 5000, 'a model posted');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(view.computed, computed + 2, 'both were computed');
    assert.equal(view.posted, posted + 1, 'one was posted');
    const rows = (view.lastPosted as Ach).model.rows;
    const bySource = [...rows].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.id < b.id ? -1 : 1));
    assert.notDeepEqual(rows.map((r) => r.id), bySource.map((r) => r.id), 'the posted model is the later one, by diagnosticity, not by source');
  });

  test('messages naming what does not exist, or values off the scale, write nothing', async () => {
    const view = await open<AchPanel>(Commands.openAchMatrix, Webviews.ach);
    const before = await read(troopsSidecar());
    for (const msg of [
      { type: 'rate', source: troops().toString(), id: '01jdx5t7ca', hypothesis: 'h2', rating: 'maybe' },
      { type: 'rate', source: troops().toString(), id: '01jdx5t7ca', hypothesis: 'h9', rating: 'C' },
      { type: 'rate', source: troops().toString(), id: 'no-such-claim', hypothesis: 'h2', rating: 'C' },
      { type: 'rate', source: 'file:///etc/passwd', id: '01jdx5t7ca', hypothesis: 'h2', rating: 'C' },
      { type: 'rate', source: troops().toString(), id: '01jdx7w9gs', hypothesis: 'h2', rating: 'C' }, // a note, not a claim
      { type: 'rate', source: troops().toString(), id: { toString: () => '01jdx5t7ca' }, hypothesis: 'h2', rating: 'C' },
      { type: 'open', source: 'command:workbench.action.quit', id: 'x' },
      'rate',
      null,
    ]) await view.receive(msg);
    assert.equal(await read(troopsSidecar()), before);
  });

  test('a view opened computes its first model while its page loads, and posts it when the page asks: computed once', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(Commands.openTimeline);
    const tl = api.analysis.panel<TimelinePanel>(Webviews.timeline)!;
    // what the panel had computed when its page's first message (ready) came
    let computedAtReady = -1;
    const receive = tl.receive.bind(tl);
    tl.receive = (m: unknown) => {
      if (computedAtReady < 0 && (m as { type?: unknown } | null)?.type === 'ready') computedAtReady = tl.computed;
      return receive(m);
    };
    await tl.loaded;
    assert.equal(computedAtReady, 1, 'begun before the page asked');
    assert.equal(tl.computed, 1, 'and not computed again for it');
    assert.equal(tl.posted, 1, 'posted once');
    assert.ok((tl.lastPosted as { model?: unknown }).model, 'the model');
  });

  test('source labels asked once per folder are VS Code’s asRelativePath of each file, inside the workspace and out', () => {
    // the views label every source (10,000 at a time): VS Code's answer for one file of a
    // folder stands for the rest of it; every file, in any order, must read as VS Code reads it
    const sources = api.store.allRoots().flatMap((root) => root.corpus.all().map((e) => api.store.uriOf(root, e.source)));
    assert.ok(sources.length > 3, 'the sample has sources to label');
    const odd = [
      vscode.Uri.joinPath(folder, 'top.txt'),
      vscode.Uri.joinPath(folder, 'a', 'b', 'c', 'deep.txt'),
      vscode.Uri.joinPath(folder, 'a', 'b', 'c', 'deeper one.txt'),
      vscode.Uri.file('/elsewhere/outside.txt'),
      vscode.Uri.file('/elsewhere/outside-too.txt'),
      vscode.Uri.joinPath(folder, '..', 'beside.txt'),
      vscode.Uri.joinPath(folder, '..', 'beside-too.txt'),
      vscode.Uri.parse('untitled:Untitled-1'),
      vscode.Uri.parse('untitled:Untitled-2'),
    ];
    for (const include of [false, true]) {
      const label = relativeLabels(include);
      for (const uri of [...sources, ...odd, ...[...sources].reverse(), ...odd]) assert.equal(label(uri), vscode.workspace.asRelativePath(uri, include), `${uri.toString()} (workspace folder named: ${include})`);
    }
  });

  test('the ACH page is sent a page of rows and asks for more; every row counts in the scores; a count of rows from the page is read as untrusted', async function () {
    this.timeout(60_000);
    // a source with more claims than a page, each rated against h1
    const dir = vscode.Uri.joinPath(folder, 'ach-rows');
    const text = Array.from({ length: 260 }, (_, k) => `Report ${k} says the convoy ${k} moved.`).join('\n') + '\n';
    const claims = Array.from({ length: 260 }, (_, k) => `  - {id: r${k}, kind: claim, quote: "Report ${k} says the convoy ${k} moved.", hypotheses: {h1: ${k % 2 ? 'I' : 'C'}}}`).join('\n');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'convoys.txt'), new TextEncoder().encode(text));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'convoys.txt.annotations.yaml'), new TextEncoder().encode(`marginalia: 1\nsource: convoys.txt\nannotations:\n${claims}\n`));
    try {
      await waitUntil(() => api.store.sourceFor(vscode.Uri.joinPath(dir, 'convoys.txt'))?.entry?.parsed?.sidecar?.annotations.length === 260, 10_000, 'the claims read');
      const view = await open<AchPanel>(Commands.openAchMatrix, Webviews.ach);
      await view.loaded;
      type Shown = { model: { rows: { id: string; source: string }[]; rowCount: number; columns: { id: string; score: number }[] }; labels: Record<string, string> };
      const shown = () => view.lastPosted as Shown;
      const total = api.store.allRoots().reduce((n, r) => n + r.corpus.claims().length, 0);
      await view.receive({ type: 'rows', rows: 200 });
      assert.equal(shown().model.rows.length, 200, 'a page of rows');
      assert.equal(shown().model.rowCount, total, 'and how many there are');
      assert.deepEqual(Object.keys(shown().labels).sort(), [...new Set(shown().model.rows.map((r) => r.source))].sort(), 'the labels of the rows sent, no more');
      const scores = shown().model.columns.map((c) => c.score);
      await view.receive({ type: 'rows', rows: 400 });
      assert.equal(shown().model.rows.length, Math.min(400, total), 'the page asked for more');
      assert.deepEqual(shown().model.columns.map((c) => c.score), scores, 'the scores count every row either way');
      assert.ok(scores[0] >= 130 * 0.5 * 0.5, `h1's score counts the 130 inconsistent claims beyond the first page too (${scores[0]})`);
      for (const bad of [-5, 0, 3.5, '400', null, 1e12]) {
        await view.receive({ type: 'rows', rows: bad });
        assert.equal(shown().model.rows.length, bad === 1e12 ? total : 200, `rows: ${String(bad)}`);
      }
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
      await waitUntil(() => !api.store.sourceFor(vscode.Uri.joinPath(dir, 'convoys.txt'))?.entry, 10_000, 'the claims gone');
    }
  });

  test('the network and the timeline draw the sample corpus', async () => {
    const net = await open<NetworkPanel>(Commands.openEntityNetwork, Webviews.network);
    await net.loaded;
    const n = net.lastPosted as { model: { nodes: { id: string }[]; edges: { a: string; b: string; weight: number }[] } };
    assert.ok(n.model.nodes.some((x) => x.id === 'kareva-airfield'));
    assert.ok(n.model.edges.some((e) => e.a === 'kareva-airfield' && e.b === 'tarvan-212th-brigade'), 'Kareva and the 212th share a sentence');
    await net.receive({ type: 'filter', unit: 'sentence', types: ['place'], sources: [], minWeight: 1 });
    const places = net.lastPosted as { model: { nodes: { type: string }[] } };
    assert.ok(places.model.nodes.every((x) => x.type === 'place'));

    const tl = await open<TimelinePanel>(Commands.openTimeline, Webviews.timeline);
    await tl.loaded;
    const t = tl.lastPosted as { model: { items: { id: string; contested: boolean }[]; first: string } };
    assert.equal(t.model.first, '2026-09-01');
    assert.ok(t.model.items.find((i) => i.id === '01jdx2f8qw')?.contested, 'the withdrawal and the satellite claim are rivals on 9 November');
  });

  test('a link of the network lists its sentences: the words of each source at those code points', async () => {
    const net = await open<NetworkPanel>(Commands.openEntityNetwork, Webviews.network);
    await net.loaded;
    await net.receive({ type: 'filter', unit: 'sentence', types: [], sources: [], minWeight: 1 });
    const edge = (net.lastPosted as { model: { edges: { a: string; b: string; places: { source: string }[] }[] } }).model.edges.find((e) => e.a === 'kareva-airfield' && e.b === 'tarvan-212th-brigade')!;
    await net.receive({ type: 'edge', a: edge.a, b: edge.b });
    assert.equal(net.lastPlaces.length, edge.places.length);
    for (const p of net.lastPlaces) {
      // the sentence cut from the source by code points, as the first version did it
      const text = await read(vscode.Uri.parse(p.source, true));
      const words = [...text].slice(p.start, p.end).join('').replace(/\s+/g, ' ').trim();
      assert.equal(p.text, words.length > 400 ? `${words.slice(0, 399)}…` : words);
      assert.ok(p.text.length > 0);
    }
  });

  test('a claim whose sentence holds one date: the hover suggests it, the Quick Fix sets it (history, Undo)', async () => {
    const source = vscode.Uri.joinPath(folder, 'analysis', 'satellite-images-kareva.txt');
    const sidecar = vscode.Uri.joinPath(folder, 'analysis', 'satellite-images-kareva.txt.annotations.yaml');
    const doc = await vscode.workspace.openTextDocument(source);
    await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('had raised the images'));
    await waitUntil(async () => {
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', source, at)) as vscode.Hover[];
      return hovers.some((h) => h.contents.some((c) => (c as vscode.MarkdownString).value?.replace(/\\/g, '').includes('Date in this sentence:* 2026-11-13 — not set')));
    }, 10000, 'the hover offers 2026-11-13');
    const before = await read(sidecar);
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', source, new vscode.Range(at, at))) as vscode.CodeAction[];
    const fix = actions.find((a) => a.title === 'Set claim date: 2026-11-13');
    assert.ok(fix?.command, actions.map((a) => a.title).join(', '));
    // nothing is set until the analyst picks it
    assert.equal(await read(sidecar), before);
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    const claim = parseSidecar(await read(sidecar), 'x').sidecar!.annotations.find((a) => a.id === '01jf06x2qm')!;
    assert.equal(claim.when, '2026-11-13');
    assert.deepEqual([claim.history!.at(-1)!.field, claim.history!.at(-1)!.to], ['when', '2026-11-13']);
    // the command re-checks what it is given
    await vscode.commands.executeCommand(Commands.setClaimWhen, { source: source.toString(), id: '01jf06x2qm', when: 'soon' });
    assert.equal(parseSidecar(await read(sidecar), 'x').sidecar!.annotations.find((a) => a.id === '01jf06x2qm')!.when, '2026-11-13');
    await vscode.commands.executeCommand(Commands.undo);
    await waitUntil(async () => (await read(sidecar)) === before, 5000, 'undone');
  });
});
