// The Sources, Entities and Claims views and the status-bar item, inside the real VS Code
// (issue #4, "Views"). Trees are read through their providers, exactly as the workbench reads
// them; expectations are computed from the files on disk with the core, never from the store
// the views read, so a view that drifts from the files fails here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Corpus } from '../../src/core/corpus';
import { parseWorkspace, sidecarPathFor } from '../../src/core/format';
import { MentionMatcher } from '../../src/core/mentions/matcher';
import { sourceByline } from '../../src/core/sources/naming';
import { changedSinceCaptured } from '../../src/node/capture/provenance';
import type { ClaimStatus } from '../../src/core/types';
import type { MarginaliaApi } from '../../src/extension';
import { Colors, Commands, EXTENSION_ID, Views } from '../../src/extension/ids';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { waitUntil } from './wait';

type Provider = vscode.TreeDataProvider<TreeNode>;

const STATUS_ORDER: ClaimStatus[] = ['disputed', 'refuted', 'unverified', 'corroborated'];
const decoder = new TextDecoder();
const encoder = new TextEncoder();

let api: MarginaliaApi;
let folder: vscode.Uri;

// ---- reading a tree as the workbench does -------------------------------------------------------

async function kids(p: Provider, node?: TreeNode): Promise<TreeNode[]> {
  return (await p.getChildren(node)) ?? [];
}

/** The item with its tooltip resolved, as when the user hovers it. */
async function itemOf(p: Provider, node: TreeNode): Promise<vscode.TreeItem> {
  const item = await p.getTreeItem(node);
  return (await p.resolveTreeItem?.(item, node, new vscode.CancellationTokenSource().token)) ?? item;
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function child(p: Provider, parent: TreeNode | undefined, label: string): Promise<TreeNode> {
  for (const n of await kids(p, parent)) if (labelOf(await p.getTreeItem(n)) === label) return n;
  throw new Error(`no child "${label}"; have: ${(await labels(p, parent)).join(', ')}`);
}

async function labels(p: Provider, parent?: TreeNode): Promise<string[]> {
  return Promise.all((await kids(p, parent)).map(async (n) => labelOf(await p.getTreeItem(n))));
}

/** `label — description [contextValue]`, indented, for the whole tree. */
async function dump(p: Provider, parent?: TreeNode, depth = 0, maxChildren = Infinity): Promise<string[]> {
  const out: string[] = [];
  for (const n of (await kids(p, parent)).slice(0, maxChildren)) {
    const item = await p.getTreeItem(n);
    const icon = item.iconPath instanceof vscode.ThemeIcon ? ` $(${item.iconPath.id})` : '';
    out.push(`${'  '.repeat(depth)}${labelOf(item)}${item.description ? ` — ${item.description}` : ''}  [${item.contextValue ?? ''}]${icon}`);
    if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) out.push(...(await dump(p, n, depth + 1, maxChildren)));
  }
  return out;
}

/** The path `a/b/c.txt` in the Sources view. */
async function sourceNode(rel: string): Promise<TreeNode> {
  let node: TreeNode | undefined;
  const parts = rel.split('/');
  for (const part of parts.slice(0, -1)) node = await child(api.trees.sources, node, part);
  // a captured source is listed by its title (issue 14): the file is found by its URI
  const uri = vscode.Uri.joinPath(folder, rel).toString();
  for (const n of await kids(api.trees.sources, node)) if ((await api.trees.sources.getTreeItem(n)).resourceUri?.toString() === uri) return n;
  throw new Error(`no row for ${rel}; have: ${(await labels(api.trees.sources, node)).join(', ')}`);
}

// ---- what the files say, computed independently of the store ----------------------------------

async function read(uri: vscode.Uri): Promise<string | null> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

/** The sources as the default include/exclude settings define them, workspace-relative. */
async function diskSources(): Promise<string[]> {
  const found = await vscode.workspace.findFiles('**/*.{txt,md}', '{**/node_modules/**,**/README.md,**/CHANGELOG.md}');
  return found.map((u) => vscode.workspace.asRelativePath(u, false)).sort();
}

async function diskCorpus(): Promise<Corpus> {
  const registryText = await read(vscode.Uri.joinPath(folder, 'marginalia.yaml'));
  const corpus = new Corpus(registryText === null ? null : parseWorkspace(registryText, 'marginalia.yaml').config);
  for (const rel of await diskSources()) {
    const uri = vscode.Uri.joinPath(folder, rel);
    corpus.update(rel, sidecarPathFor(rel), { text: await read(uri), sidecarText: await read(vscode.Uri.joinPath(folder, sidecarPathFor(rel))) });
  }
  return corpus;
}

/** The description the Sources view should give a source, from the disk corpus. */
function expectedDescription(corpus: Corpus, rel: string): string {
  const e = corpus.get(rel)!;
  const entities = new Set(corpus.matcherFind(e.text!).map((m) => m.entity));
  let orphans = 0;
  let notes = 0;
  const claims = new Map<ClaimStatus, number>();
  for (const p of e.placements) {
    const a = p.annotation;
    if (p.result.state === 'orphaned' || p.result.start === null) orphans++;
    else if (a.kind === 'entity' && a.entity) entities.add(a.entity);
    if (a.kind === 'note') notes++;
    if (a.kind === 'claim') claims.set(corpus.statusOf(rel, a), (claims.get(corpus.statusOf(rel, a)) ?? 0) + 1);
  }
  return [
    // a captured source's publisher and date, its reliability grade, and whether its text changed since (issue 14)
    sourceByline(e.parsed?.sidecar?.provenance),
    e.parsed?.sidecar?.reliability,
    e.parsed?.sidecar?.provenance && e.text !== null && changedSinceCaptured(e.parsed.sidecar, e.text) && '⚠ changed since captured',
    orphans && `⚠ ${orphans} orphaned`,
    entities.size && `${entities.size} ${entities.size === 1 ? 'entity' : 'entities'}`,
    ...STATUS_ORDER.map((s) => claims.get(s) && `${claims.get(s)} ${s}`),
    notes && `${notes} ${notes === 1 ? 'note' : 'notes'}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** What a MarkdownString reads as, roughly: escapes and emphasis dropped. */
function plain(md: vscode.MarkdownString): string {
  return md.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1').replace(/\*\*/g, '');
}

async function writeSidecar(rel: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder, sidecarPathFor(rel));
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  return uri;
}

async function descriptionOf(rel: string): Promise<string | undefined> {
  const item = await api.trees.sources.getTreeItem(await sourceNode(rel));
  return typeof item.description === 'string' ? item.description : undefined;
}

// ---------------------------------------------------------------------------------------------

suite('views', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = (await extension.activate()) as MarginaliaApi;
    await waitUntil(() => api.store.ready, 15_000, 'the store has indexed the workspace');
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
    if (process.env.MARGINALIA_VIEWS_DUMP) {
      const tag = process.env.MARGINALIA_TEST_LOG_TAG ?? '';
      for (const [name, p, max] of [['Sources', api.trees.sources, Infinity], ['Entities', api.trees.entities, 3], ['Claims', api.trees.claims, Infinity]] as const) {
        console.log(`${tag}--- ${name}`);
        for (const line of await dump(p, undefined, 0, max)) console.log(`${tag}${line}`);
      }
    }
  });

  test('Sources lists folders first, then files, each with its counts from the files on disk', async () => {
    const sources = await diskSources();
    const corpus = await diskCorpus();
    const top = await labels(api.trees.sources);
    const folders = [...new Set(sources.filter((s) => s.includes('/')).map((s) => s.slice(0, s.indexOf('/'))))].sort();
    const files = sources.filter((s) => !s.includes('/')).sort();
    assert.deepEqual(top, [...folders, ...files]);
    assert.ok(folders.includes('analysis') && files.length >= 4, `the sample's layout: ${top.join(', ')}`);
    for (const rel of sources) {
      const node = await sourceNode(rel);
      const item = await itemOf(api.trees.sources, node);
      assert.equal(item.description, expectedDescription(corpus, rel), `${rel}: description`);
      assert.equal(item.resourceUri?.toString(), vscode.Uri.joinPath(folder, rel).toString(), `${rel}: resourceUri (file-icon theme)`);
      const hasSidecar = corpus.get(rel)!.sidecarText !== null;
      const annotated = (corpus.get(rel)!.parsed?.sidecar?.annotations.length ?? 0) > 0;
      const captured = corpus.get(rel)!.parsed?.sidecar?.provenance ? '.captured' : '';
      assert.equal(item.contextValue, hasSidecar ? `source.hasSidecar${captured}` : 'source', `${rel}: contextValue`);
      assert.equal(item.iconPath, vscode.ThemeIcon.File, `${rel}: the file-icon theme's icon, no warning icon, on a healthy source`);
      assert.equal(item.collapsibleState !== vscode.TreeItemCollapsibleState.None, annotated, `${rel}: expandable when annotated`);
    }
    // the sample's troops article, read by a reviewer: its reliability grade and a disputed claim
    const troops = await itemOf(api.trees.sources, await sourceNode('troops-withdrawn-from-sovren.txt'));
    assert.match(String(troops.description), /\b1 disputed\b/);
    assert.ok(troops.tooltip instanceof vscode.MarkdownString);
    assert.ok(!troops.tooltip.isTrusted, 'tooltips built from sidecars are never trusted');
    assert.match(plain(troops.tooltip), /Source reliability: C \(fairly reliable\)/);
  });

  test('a source lists its annotations by kind, labelled by quote, each revealing itself by id', async () => {
    const rel = 'troops-withdrawn-from-sovren.txt';
    const uri = vscode.Uri.joinPath(folder, rel);
    const corpus = await diskCorpus();
    const annotations = corpus.get(rel)!.parsed!.sidecar!.annotations;
    const file = await sourceNode(rel);
    const groups = await labels(api.trees.sources, file);
    const kinds = (['claim', 'entity', 'note'] as const).filter((k) => annotations.some((a) => a.kind === k));
    assert.deepEqual(groups, kinds.map((k) => ({ claim: 'Claims', entity: 'Marked entities', note: 'Notes' })[k]));

    const claimsGroup = await child(api.trees.sources, file, 'Claims');
    const claims = await kids(api.trees.sources, claimsGroup);
    assert.equal(claims.length, annotations.filter((a) => a.kind === 'claim').length);
    const disputed = annotations.find((a) => a.id === '01jdx2f8qw')!;
    const item = await itemOf(api.trees.sources, claims[0]);
    assert.ok(disputed.quote.replace(/\s+/g, ' ').startsWith(labelOf(item).replace(/…$/, '')), `label is the clipped quote: ${labelOf(item)}`);
    assert.ok(labelOf(item).length <= 60);
    assert.equal(item.description, 'disputed');
    assert.equal(item.contextValue, 'annotation.claim.disputed');
    assert.ok(/^annotation\.claim\b/.test(item.contextValue!), 'matches the changeStatus menu regex');
    assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.color instanceof vscode.ThemeColor);
    assert.equal(item.iconPath.color.id, Colors.claimBorder('disputed'));
    assert.equal(item.command?.command, Commands.reveal);
    assert.deepEqual(item.command?.arguments, [{ source: uri.toString(), id: disputed.id }]);
    assert.ok(item.tooltip instanceof vscode.MarkdownString && !item.tooltip.isTrusted);

    const note = await itemOf(api.trees.sources, (await kids(api.trees.sources, await child(api.trees.sources, file, 'Notes')))[0]);
    assert.equal(note.contextValue, 'annotation.note');
    const entity = await itemOf(api.trees.sources, (await kids(api.trees.sources, await child(api.trees.sources, file, 'Marked entities')))[0]);
    assert.equal(entity.contextValue, 'annotation.entity');
    assert.equal(entity.description, corpus.entity(annotations.find((a) => a.kind === 'entity')!.entity!)!.name, 'an entity annotation shows its entity');
  });

  test('Claims groups every claim by status, disputed first', async () => {
    const corpus = await diskCorpus();
    const expected = new Map<ClaimStatus, string[]>();
    for (const c of corpus.claims()) expected.set(c.status, [...(expected.get(c.status) ?? []), `${c.source}#${c.annotation.id}`]);
    const groups = await kids(api.trees.claims);
    const got = await Promise.all(groups.map(async (g) => labelOf(await api.trees.claims.getTreeItem(g)).toLowerCase()));
    assert.deepEqual(got, STATUS_ORDER.filter((s) => expected.has(s)));
    assert.equal(got[0], 'disputed', 'the sample has disputed claims, and they come first');
    for (const [i, status] of got.entries()) {
      const items = await Promise.all((await kids(api.trees.claims, groups[i])).map((n) => api.trees.claims.getTreeItem(n)));
      const ids = items.map((it) => {
        const arg = it.command?.arguments?.[0] as { source: string; id: string };
        assert.equal(it.command?.command, Commands.reveal);
        assert.ok(it.contextValue?.startsWith(`annotation.claim.${status}`), `${it.contextValue} under ${status}`);
        return `${vscode.workspace.asRelativePath(vscode.Uri.parse(arg.source), false)}#${arg.id}`;
      });
      assert.deepEqual(ids.sort(), expected.get(status as ClaimStatus)!.sort(), `${status} claims`);
    }
  });

  test('each entity counts the mentions the registry matcher finds, plus its entity annotations', async () => {
    const registry = parseWorkspace((await read(vscode.Uri.joinPath(folder, 'marginalia.yaml')))!, 'marginalia.yaml').config!;
    const matcher = new MentionMatcher(registry.entities);
    const corpus = await diskCorpus();
    const expected = new Map<string, Map<string, Set<string>>>();
    const add = (entity: string, rel: string, span: string) => {
      const docs = expected.get(entity) ?? new Map<string, Set<string>>();
      expected.set(entity, docs.set(rel, (docs.get(rel) ?? new Set()).add(span)));
    };
    for (const rel of await diskSources()) {
      const text = (await read(vscode.Uri.joinPath(folder, rel)))!;
      for (const m of matcher.find(text)) add(m.entity, rel, `${m.start}:${m.end}`);
      for (const p of corpus.get(rel)!.placements) {
        if (p.annotation.kind === 'entity' && p.result.start !== null && p.result.state !== 'orphaned') add(p.annotation.entity!, rel, `${p.result.start}:${p.result.end}`);
      }
    }
    const nodes = await kids(api.trees.entities);
    assert.equal(nodes.length, new Set([...registry.entities.map((e) => e.id), ...expected.keys()]).size, 'one node per entity');
    let previous = Infinity;
    for (const node of nodes) {
      const item = await api.trees.entities.getTreeItem(node);
      const entity = registry.entities.find((e) => e.name === labelOf(item))!;
      assert.ok(entity, `${labelOf(item)} is a registry entity`);
      const docs = expected.get(entity.id) ?? new Map();
      const total = [...docs.values()].reduce((n, s) => n + s.size, 0);
      assert.equal(item.description, total ? `${total} ${total === 1 ? 'mention' : 'mentions'} · ${docs.size} ${docs.size === 1 ? 'source' : 'sources'}` : 'no mentions', entity.id);
      assert.ok(total <= previous, 'most mentioned first');
      previous = total;
    }
    // one entity all the way down: documents with per-document counts, then each mention
    const varkonyi = nodes[(await labels(api.trees.entities)).indexOf('Ilona Várkonyi')];
    const docs = await kids(api.trees.entities, varkonyi);
    const want = expected.get('ilona-varkonyi')!;
    assert.equal(docs.length, want.size);
    for (const doc of docs) {
      const item = await api.trees.entities.getTreeItem(doc);
      const rel = vscode.workspace.asRelativePath(item.resourceUri!, false);
      assert.match(String(item.description), new RegExp(`^${want.get(rel)!.size} mentions?\\b`), rel);
      const text = (await read(item.resourceUri!))!;
      for (const m of await kids(api.trees.entities, doc)) {
        const mi = await api.trees.entities.getTreeItem(m);
        const label = mi.label as vscode.TreeItemLabel;
        const arg = mi.command!.arguments![0] as { source: string; start?: number; end?: number; id?: string };
        assert.equal(arg.source, item.resourceUri!.toString());
        const shown = label.label.slice(...(label.highlights![0] as [number, number]));
        if (arg.id !== undefined) assert.equal(mi.contextValue, 'annotation.entity');
        else assert.equal(shown, text.slice(arg.start, arg.end).replace(/\s+/g, ' '), 'the highlighted words are the mention the command selects');
      }
    }
  });

  test('an entity added to marginalia.yaml is counted in the closed sources naming it, and drawn in one opened then; removed, it goes', async () => {
    // a registry change keeps a closed source's mentions until it is read again; that read had
    // kept them as they were when the text was the same, so an added entity was never counted
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const registryUri = vscode.Uri.joinPath(folder, 'marginalia.yaml');
    const original = (await read(registryUri))!;
    const added = original.replace(/^cues:/m, '  - id: weekday-monday\n    name: Monday (weekday)\n    type: event\n    aliases: [Monday]\ncues:');
    assert.notEqual(added, original, 'the sample registry lists its cues after its entities');
    const matcher = new MentionMatcher(parseWorkspace(added, 'marginalia.yaml').config!.entities);
    const perSource = new Map<string, number>();
    for (const rel of await diskSources()) {
      const n = matcher.find((await read(vscode.Uri.joinPath(folder, rel)))!).filter((m) => m.entity === 'weekday-monday').length;
      if (n) perSource.set(rel, n);
    }
    const total = [...perSource.values()].reduce((a, b) => a + b, 0);
    assert.ok(perSource.size >= 2, 'the sample names Monday in several sources');
    const row = async () => {
      for (const n of await kids(api.trees.entities)) {
        const item = await api.trees.entities.getTreeItem(n);
        if (labelOf(item) === 'Monday (weekday)') return item;
      }
      return undefined;
    };
    const rel = 'troops-withdrawn-from-sovren.txt';
    try {
      await vscode.workspace.fs.writeFile(registryUri, encoder.encode(added));
      const want = `${total} mentions · ${perSource.size} sources`;
      await waitUntil(async () => (await row())?.description === want, 10_000, `Entities: Monday (weekday) — ${want}`);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, rel));
      await vscode.window.showTextDocument(doc);
      const monday = () => api.live.get(doc)?.mentions.filter((m) => m.entity === 'weekday-monday').map((m) => doc.getText(new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end))));
      assert.deepEqual(monday(), Array(perSource.get(rel)).fill('Monday'), 'the opened source holds the added entity\'s mentions');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.writeFile(registryUri, encoder.encode(original));
      await waitUntil(async () => (await row()) === undefined && api.store.allRoots().every((r) => !r.corpus.entity('weekday-monday')), 10_000, 'the registry is back');
    }
  });

  test('a sidecar written on disk updates only its source, and an orphan shows a warning', async () => {
    const rel = 'pact-membership-frozen.txt';
    const quote = 'Veldonia would suspend its participation in the Eastern Collective Security Pact';
    assert.ok((await read(vscode.Uri.joinPath(folder, rel)))!.includes(quote), 'the sample still says it');
    const before = await descriptionOf(rel);
    const badgeBefore = api.trees.sourcesView.badge?.value ?? 0;
    const disputedBefore = (await kids(api.trees.claims, (await kids(api.trees.claims))[0])).length;
    const events: (TreeNode | TreeNode[] | undefined)[] = [];
    const listener = api.trees.sources.onDidChangeTreeData((e) => events.push(e));
    const sidecar = await writeSidecar(
      rel,
      [
        'marginalia: 1',
        `source: ${rel}`,
        'annotations:',
        '  - id: viewtest01',
        '    kind: claim',
        `    quote: ${JSON.stringify(quote)}`,
        '    status: disputed',
        '  - id: viewtest02',
        '    kind: note',
        '    quote: "words that are nowhere in this article"',
        '    note: "[click me](command:workbench.action.quit) <img src=x onerror=alert(1)>"',
        '',
      ].join('\n'),
    );
    try {
      await waitUntil(async () => /⚠ 1 orphaned/.test((await descriptionOf(rel)) ?? ''), 5_000, 'the orphan shows in the description');
      const file = await sourceNode(rel);
      const item = await itemOf(api.trees.sources, file);
      assert.match(String(item.description), /^⚠ 1 orphaned · \d+ entities · 1 disputed · 1 note$/);
      assert.equal(item.contextValue, 'source.hasSidecar.hasOrphans');
      assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'warning', 'a warning icon');
      assert.match((item.tooltip as vscode.MarkdownString).value, /1 orphaned annotation/);
      assert.equal(api.trees.sourcesView.badge?.value, badgeBefore + 1, 'the view badge counts the orphan');

      const note = (await kids(api.trees.sources, await child(api.trees.sources, file, 'Notes')))[0];
      const noteItem = await itemOf(api.trees.sources, note);
      assert.equal(noteItem.contextValue, 'annotation.note.orphaned');
      assert.ok(/\.orphaned\b/.test(noteItem.contextValue!), 'matches the re-attach menu regex');
      assert.match(String(noteItem.description), /^⚠ orphaned/);
      const tip = noteItem.tooltip as vscode.MarkdownString;
      assert.ok(!tip.isTrusted && !tip.supportHtml, 'untrusted, no HTML');
      assert.doesNotMatch(tip.value, /\]\(command:/, 'a link in a note is escaped, not rendered');
      assert.doesNotMatch(tip.value, /<img/, 'HTML in a note is escaped');

      // only this file's item was re-rendered: no full refresh of the view
      assert.ok(events.length > 0, 'the view was told');
      assert.ok(events.every((e) => e !== undefined), 'never a full refresh for one file');
      assert.ok(events.flat().includes(file), 'the file node itself was refreshed');

      await waitUntil(async () => (await kids(api.trees.claims, (await kids(api.trees.claims))[0])).length === disputedBefore + 1, 5_000, 'Claims lists the new disputed claim');
    } finally {
      listener.dispose();
      await vscode.workspace.fs.delete(sidecar);
    }
    await waitUntil(async () => (await descriptionOf(rel)) === before, 5_000, 'back to the description it had');
    assert.equal(api.trees.sourcesView.badge?.value ?? 0, badgeBefore);
  });

  test('a sidecar with git conflict markers is flagged, with its problem listed', async () => {
    const rel = 'opposition-rally-aurel.txt';
    const before = await descriptionOf(rel);
    const sidecar = await writeSidecar(rel, ['marginalia: 1', `source: ${rel}`, '<<<<<<< HEAD', 'annotations: []', '=======', 'annotations: [ ]', '>>>>>>> theirs', ''].join('\n'));
    try {
      await waitUntil(async () => /merge conflict/.test((await descriptionOf(rel)) ?? ''), 5_000, 'the conflict shows');
      const file = await sourceNode(rel);
      const item = await itemOf(api.trees.sources, file);
      assert.ok(/^source\b.*\.conflict\b/.test(item.contextValue!), `${item.contextValue} matches the resolve-conflict menu regex`);
      assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'error');
      const [problem] = await kids(api.trees.sources, file);
      const p = await api.trees.sources.getTreeItem(problem);
      assert.match(labelOf(p), /conflict/);
      assert.equal(p.contextValue, 'problem.error');
      assert.equal((p.command?.arguments?.[0] as vscode.Uri).toString(), sidecar.toString(), 'opens the sidecar');
    } finally {
      await vscode.workspace.fs.delete(sidecar);
    }
    await waitUntil(async () => (await descriptionOf(rel)) === before, 5_000, 'back to the description it had');
  });

  test('while a sidecar holds git conflict markers its annotations stay on screen, read-only, from both sides', async () => {
    const rel = 'opposition-rally-aurel.txt';
    const uri = vscode.Uri.joinPath(folder, rel);
    const text = (await read(uri))!;
    const quote = (n: number) => text.split(/\s+/).slice(n, n + 4).join(' ');
    const sidecar = await writeSidecar(
      rel,
      [
        'marginalia: 1',
        `source: ${rel}`,
        'annotations:',
        '<<<<<<< HEAD',
        `  - {id: ours1, kind: note, quote: ${JSON.stringify(quote(0))}, note: ours}`,
        '=======',
        `  - {id: theirs1, kind: note, quote: ${JSON.stringify(quote(8))}, note: theirs}`,
        '>>>>>>> theirs',
        '',
      ].join('\n'),
    );
    try {
      await waitUntil(() => (api.store.sourceFor(uri)?.entry?.placements.length ?? 0) === 2, 5_000, 'both sides\' annotations are placed');
      const entry = api.store.sourceFor(uri)!.entry!;
      assert.deepEqual(entry.placements.map((p) => p.annotation.id).sort(), ['ours1', 'theirs1']);
      assert.equal(entry.parsed?.writable, false, 'read-only until resolved');
      assert.ok(
        vscode.languages.getDiagnostics(sidecar).some((d) => /merge conflicts: its annotations are shown read-only/.test(d.message)),
        'Problems says so, and how to settle it',
      );
      // a change is refused, the file left as git wrote it
      const bytes = await read(sidecar);
      await vscode.commands.executeCommand(Commands.deleteAnnotation, { source: uri.toString(), id: 'ours1' });
      assert.equal(await read(sidecar), bytes, 'never written');
    } finally {
      await vscode.workspace.fs.delete(sidecar);
    }
  });

  test('reveal selects a source, then one of its annotations, in the Sources view', async () => {
    const uri = vscode.Uri.joinPath(folder, 'analysis/satellite-images-kareva.txt');
    await api.trees.reveal(uri, undefined, { focus: false });
    await waitUntil(() => api.trees.sourcesView.selection.length === 1, 5_000, 'a selection');
    assert.equal(api.trees.sourcesView.selection[0], await sourceNode('analysis/satellite-images-kareva.txt'));
    await api.trees.reveal(uri, '01jf05a8nk', { focus: false });
    await waitUntil(() => (api.trees.sourcesView.selection[0] as { id?: string } | undefined)?.id === '01jf05a8nk', 5_000, 'the annotation selected');
    const item = await api.trees.sources.getTreeItem(api.trees.sourcesView.selection[0]);
    assert.equal(item.contextValue, 'annotation.claim.corroborated');
  });

  test('while the Sources view is visible, it follows the cursor to the annotation under it', async () => {
    const uri = vscode.Uri.joinPath(folder, 'analysis/satellite-images-kareva.txt');
    await api.trees.reveal(uri, undefined, { focus: false });
    await waitUntil(() => api.trees.sourcesView.visible, 5_000, 'the Sources view is visible');
    const editor = await vscode.window.showTextDocument(uri);
    const at = editor.document.getText().indexOf('had raised the images with the prime minister');
    assert.ok(at > 0);
    editor.selection = new vscode.Selection(editor.document.positionAt(at + 4), editor.document.positionAt(at + 4));
    await waitUntil(() => (api.trees.sourcesView.selection[0] as { id?: string } | undefined)?.id === '01jf06x2qm', 5_000, 'the annotation under the cursor selected');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('several corpora: each is a root of its own in Sources and Entities', async () => {
    const nested = vscode.Uri.joinPath(folder, 'analysis', 'marginalia.yaml');
    const folderName = vscode.workspace.workspaceFolders![0].name;
    await vscode.workspace.fs.writeFile(nested, encoder.encode('marginalia: 1\nentities:\n  - id: halden\n    name: Halden Institute\n    type: organization\n'));
    try {
      await waitUntil(async () => (await labels(api.trees.sources)).join() === [folderName, 'analysis'].join(), 10_000, 'two corpus roots at the top');
      const [main, analysis] = await kids(api.trees.sources);
      assert.equal((await api.trees.sources.getTreeItem(analysis)).description, '1 entity');
      assert.equal((await api.trees.sources.getTreeItem(main)).description, `${parseWorkspace((await read(vscode.Uri.joinPath(folder, 'marginalia.yaml')))!, 'x').config!.entities.length} entities`);
      assert.deepEqual(await labels(api.trees.sources, analysis), ['satellite-images-kareva.txt']);
      assert.ok(!(await labels(api.trees.sources, main)).includes('analysis'), 'the nested corpus is not also a folder of the outer one');
      // reveal walks up through the root node
      await api.trees.reveal(vscode.Uri.joinPath(folder, 'analysis/satellite-images-kareva.txt'), '01jf04p3vd', { focus: false });
      await waitUntil(() => (api.trees.sourcesView.selection[0] as { id?: string } | undefined)?.id === '01jf04p3vd', 5_000, 'revealed under its root');

      await waitUntil(async () => (await labels(api.trees.entities)).join() === [folderName, 'analysis'].join(), 5_000, 'Entities by corpus');
      const [, analysisEntities] = await kids(api.trees.entities);
      const [halden] = await kids(api.trees.entities, analysisEntities);
      const item = await api.trees.entities.getTreeItem(halden);
      assert.equal(labelOf(item), 'Halden Institute');
      const text = (await read(vscode.Uri.joinPath(folder, 'analysis/satellite-images-kareva.txt')))!;
      const n = text.split('Halden Institute').length - 1;
      assert.equal(item.description, `${n} ${n === 1 ? 'mention' : 'mentions'} · 1 source`);
    } finally {
      await vscode.workspace.fs.delete(nested);
      await waitUntil(() => api.store.allRoots().every((r) => r.uri.path !== vscode.Uri.joinPath(folder, 'analysis').path || r.registry === null), 5_000, 'the store saw the deletion');
      await api.store.reindex();
    }
    await waitUntil(async () => (await labels(api.trees.sources))[0] === 'analysis', 10_000, 'one corpus again, its folders at the top');
  });

  test('the status bar shows the active source’s counts and hides for other files', async function () {
    const statusBar = api.statusBar;
    const rel = 'troops-withdrawn-from-sovren.txt';
    const corpus = await diskCorpus();
    const claims = corpus.get(rel)!.parsed!.sidecar!.annotations.filter((a) => a.kind === 'claim');
    const disputed = claims.filter((a) => corpus.statusOf(rel, a) === 'disputed').length;
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, rel));
    await waitUntil(() => statusBar.item.text.startsWith(`$(bookmark) ${claims.length} claims · `), 5_000, `status bar: ${statusBar.item.text}`);
    assert.match(statusBar.item.text, new RegExp(`\\$\\(warning\\) ${disputed} disputed`));
    assert.ok(statusBar.visible);
    const command = statusBar.item.command as vscode.Command;
    assert.equal(command.command, `${Views.sources}.focus`);
    await vscode.commands.executeCommand(command.command); // resolves only for a command that exists
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'marginalia.yaml'));
    await waitUntil(() => !statusBar.visible, 5_000, 'hidden for a file that is not a source');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
