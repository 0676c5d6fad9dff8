// Assessments where reviewers look (issue 9), in the real editor: the hover says who set a
// claim's status and what it replaced, and how far each piece of evidence can be trusted; a
// claim whose words changed is highlighted, diffed in the hover, listed in Problems and in the
// views, keeps its assessed quote when the source is saved, and Confirm Claim Text accepts the
// new words from the hover link, the tree and the palette; a merge conflict shows in the hover
// (each value, who, when, Resolve), in the highlights, in Problems by its quote and at the top
// of the Claims view.
//
// The workspace is the runner's temp copy of sample/, shared with the other suites: fixtures go
// under review-fixtures/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { parseSidecar } from '../../src/core/format';
import { Decorations } from '../../src/extension/editor/decorations';
import { Commands, DiagnosticCodes, EXTENSION_ID } from '../../src/extension/ids';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { FixtureFolder, read, UPDATE_MS } from './fixtureFolder';
import { waitUntil } from './wait';

const FIXTURES = 'review-fixtures';
let api: MarginaliaApi;
const files = new FixtureFolder(() => api, FIXTURES);
const uriOf = (rel: string) => files.uriOf(rel);
const fixture = (rel: string, source: string, sidecar: string) => files.fixture(rel, source, sidecar);

// ---- the fixtures -------------------------------------------------------------------------

const ASSESSED = 'the units are directed by the Kremlin';
const CURRENT = 'the units are not directed by the Kremlin';
const ID = '01jrv0000000reviewed';
const REVIEW_TEXT = `Officials said ${CURRENT}, according to the statement.\n`;
/** A disputed claim, set so by Ben after Ana created it unverified; the source has since changed its words. */
const reviewSidecar = `marginalia: 1
source: a.txt
reliability: C
annotations:
  - id: ${ID}
    kind: claim
    quote: ${ASSESSED}
    prefix: "Officials said "
    suffix: ", according to the statement.\\n"
    start: 15
    end: ${15 + ASSESSED.length}
    status: disputed
    credibility: 4
    author: Ana Analyst
    created: 2026-11-28T09:00:00Z
    updated: 2026-11-29T10:00:00Z
    updatedBy: Ben Byrne
    history:
      - {at: 2026-11-29T10:00:00Z, by: Ben Byrne, field: status, from: unverified, to: disputed}
`;
const EVIDENCE_TEXT = 'Intercepts show the units take orders from Moscow.\n';
const EVIDENCE_QUOTE = 'Intercepts show the units take orders from Moscow';
const evidenceSidecar = `marginalia: 1
source: b.txt
reliability: B
annotations:
  - id: 01jrv00000000evidence
    kind: claim
    quote: ${EVIDENCE_QUOTE}
    start: 0
    end: ${EVIDENCE_QUOTE.length}
    status: corroborated
    credibility: 2
    links:
      - {rel: contradicts, to: a.txt#${ID}}
`;

const CONFLICT_QUOTE = 'The curfew ends at midnight';
const CONFLICT_ID = '01jrv0000000conflict';
const CONFLICT_TEXT = `${CONFLICT_QUOTE}, the mayor said.\n`;
const conflictSidecar = `marginalia: 1
source: c.txt
annotations:
  - id: ${CONFLICT_ID}
    kind: claim
    quote: ${CONFLICT_QUOTE}
    start: 0
    end: ${CONFLICT_QUOTE.length}
    status: unverified
    author: Irena Podolská
    created: 2026-11-20T08:00:00Z
    conflicts:
      - field: status
        base: unverified
        values:
          - value: corroborated
            author: Tom Achterberg
            updated: 2026-11-23T08:00:00Z
          - value: disputed
    history:
      - {at: 2026-11-22T09:00:00Z, by: Irena Podolská, field: status, from: unverified, to: disputed}
`;

/** The claim that needs review, in `name` (a.txt, which the evidence in b.txt contradicts, unless said). */
const review = (name = 'a.txt') => fixture(`${FIXTURES}/${name}`, REVIEW_TEXT, reviewSidecar.replace('source: a.txt', `source: ${name}`));

// ---- reading what the extension shows --------------------------------------------------------

async function hover(doc: vscode.TextDocument, text: string): Promise<vscode.MarkdownString[]> {
  // a document the previous test had open may still hold the text from before the fixture was rewritten
  await waitUntil(() => doc.getText().includes(text), UPDATE_MS, `"${text}" is in ${doc.uri.path}`);
  const i = doc.getText().indexOf(text);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(i + 2));
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? new vscode.MarkdownString(c) : 'language' in c ? new vscode.MarkdownString(c.value) : c));
}

/** The markdown as a reader sees the text: escapes and entities undone. */
const plain = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&#36;/g, '$').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function commandLinks(md: string): { command: string; args: unknown }[] {
  return [...md.matchAll(/(?<!\\)\]\(command:([\w.-]+)\?([^)\s]*)\)/g)].map((m) => ({ command: m[1], args: JSON.parse(decodeURIComponent(m[2])) }));
}

const diagnostics = (uri: vscode.Uri, code: string) => vscode.languages.getDiagnostics(uri).filter((d) => d.code === code);

async function kids(p: vscode.TreeDataProvider<TreeNode>, node?: TreeNode): Promise<TreeNode[]> {
  return (await p.getChildren(node)) ?? [];
}
const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

async function claimsGroups(): Promise<{ label: string; node: TreeNode }[]> {
  const groups = await kids(api.trees.claims);
  return Promise.all(groups.map(async (node) => ({ label: label(await api.trees.claims.getTreeItem(node)), node })));
}

/** The Claims view's item for a claim, by its id, with its node. */
async function claimItem(id: string): Promise<{ node: TreeNode; item: vscode.TreeItem; group: string } | undefined> {
  for (const g of await claimsGroups()) {
    for (const node of await kids(api.trees.claims, g.node)) {
      if ((node as { id?: string }).id === id) return { node, item: await api.trees.claims.getTreeItem(node), group: g.label };
    }
  }
  return undefined;
}

async function storedClaim(uri: vscode.Uri, id = ID) {
  const p = parseSidecar(await read(vscode.Uri.joinPath(uri, '..', uri.path.slice(uri.path.lastIndexOf('/') + 1) + '.annotations.yaml')), 'x');
  return p.sidecar!.annotations.find((a) => a.id === id)!;
}

/** After Confirm Claim Text: the sidecar holds the new words, the assessment is kept, nothing is flagged. */
async function assertConfirmed(uri: vscode.Uri): Promise<void> {
  await waitUntil(async () => (await storedClaim(uri)).quote === CURRENT, UPDATE_MS, 'the sidecar holds the new words');
  const a = await storedClaim(uri);
  assert.equal(a.status, 'disputed', 'the assessment stands');
  assert.equal(a.credibility, 4);
  assert.equal(a.start, 15);
  assert.equal(a.end, 15 + CURRENT.length);
  // credited to whoever confirmed it, as a change of `quote`
  const entry = a.history?.at(-1);
  assert.equal(entry?.field, 'quote');
  assert.equal(entry?.from, ASSESSED);
  assert.equal(entry?.to, CURRENT);
  assert.ok(entry?.by, 'someone confirmed it');
  assert.equal(a.updatedBy, entry?.by);
  await waitUntil(() => diagnostics(uri, DiagnosticCodes.needsReview).length === 0, UPDATE_MS, 'Problems no longer lists it');
}

suite('review: who set it, words that changed, conflicts', () => {
  const realPick = vscode.window.showQuickPick;

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await waitUntil(() => api.store.ready, UPDATE_MS, 'first index');
    await api.store.whenIndexed();
    await files.create();
    await fixture(`${FIXTURES}/b.txt`, EVIDENCE_TEXT, evidenceSidecar);
    await fixture(`${FIXTURES}/c.txt`, CONFLICT_TEXT, conflictSidecar);
  });

  teardown(async () => {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = realPick;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await files.remove();
  });

  test('hover trail: who set the status and what it replaced; each piece of evidence with its credibility and source reliability', async () => {
    const uri = await review();
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = plain((await hover(doc, 'Kremlin')).map((m) => m.value).join('\n'));
    assert.match(text, /disputed — set by Ben Byrne, 29 Nov 2026 \(was unverified, Ana Analyst, 28 Nov\)/);
    assert.match(text, new RegExp(`\\*\\*Contradicted by\\*\\* “${EVIDENCE_QUOTE}” — .*\\(claim, corroborated\\) · credibility 2 \\(probably true\\) · source reliability B \\(usually reliable\\)`));
  });

  test('needs review: a distinct highlight, the whole word diff and a Confirm link in the hover, a warning in Problems naming the quote', async () => {
    const uri = await review();
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const decorations = new Decorations(api.live);
    try {
      await waitUntil(() => (decorations.drawnIn(editor)?.needsReview.length ?? 0) === 1, UPDATE_MS, 'the needs-review highlight');
      assert.equal(doc.getText(decorations.drawnIn(editor)!.needsReview[0]), CURRENT);
      assert.deepEqual(decorations.drawnIn(editor)!.claims.disputed.map((r) => doc.getText(r)), [CURRENT], 'still drawn as disputed too');
    } finally {
      decorations.dispose();
    }

    const mds = await hover(doc, 'Kremlin');
    const claim = mds.find((m) => m.value.includes('Needs review'));
    assert.ok(claim, 'the hover says the claim needs review');
    assert.ok(claim.value.includes('the units are **not** directed by the Kremlin'), `the diff, whole: ${claim.value}`);
    assert.deepEqual(commandLinks(claim.value).filter((l) => l.command === Commands.confirmClaimText), [{ command: Commands.confirmClaimText, args: { source: uri.toString(), id: ID } }]);
    const trusted = (claim.isTrusted as { enabledCommands: string[] }).enabledCommands;
    assert.ok(trusted.includes(Commands.confirmClaimText), 'trusted for confirm');
    assert.deepEqual(trusted.filter((c) => ![Commands.reveal, Commands.confirmClaimText, Commands.approve, Commands.reject, Commands.requestChanges, Commands.openThread, Commands.revealInClaims].includes(c as never)), [], 'trusted for reveal, confirm, the review actions and Reveal in Claims View only');

    const [d] = await (async () => {
      await waitUntil(() => diagnostics(uri, DiagnosticCodes.needsReview).length === 1, UPDATE_MS, 'Problems lists it');
      return diagnostics(uri, DiagnosticCodes.needsReview);
    })();
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(d.range), CURRENT, 'on the claim’s words');
    assert.ok(d.message.includes(`“${ASSESSED}”`), d.message);
    assert.ok(!d.message.includes(ID), 'never by its id');

    const found = await claimItem(ID);
    assert.ok(found, 'listed in the Claims view');
    assert.match(String(found.item.contextValue), /^annotation\.claim\b.*\.needsReview\b/);
    assert.match(String(found.item.description), /needs review/);
  });

  test('needs review: saving the source keeps the assessed quote (offsets and context move)', async () => {
    // a file of its own: a.txt is open from the tests before, and rewritten on disk under that
    // open document VS Code refuses the save ("File Modified Since") until its watcher has
    // caught up (a flaky CI run)
    const uri = await review('saved.txt');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Update. '));
    await doc.save();
    await waitUntil(async () => (await storedClaim(uri)).start === 15 + 'Update. '.length, UPDATE_MS, 'offsets brought up to date on save');
    assert.equal((await storedClaim(uri)).quote, ASSESSED, 'the assessed words stay until confirmed');
    await waitUntil(() => diagnostics(uri, DiagnosticCodes.needsReview).length === 1, UPDATE_MS, 'still needs review');
  });

  test('Confirm Claim Text from the hover link (args object)', async () => {
    const uri = await review();
    const doc = await vscode.workspace.openTextDocument(uri);
    // the open document is placed in the worker thread (issue 15): until its answer comes the
    // hover shows the state the previous test left, so ask until the claim shows as needing review
    let link: ReturnType<typeof commandLinks>[number] | undefined;
    await waitUntil(async () => {
      link = (await hover(doc, 'Kremlin')).flatMap((m) => commandLinks(m.value)).find((l) => l.command === Commands.confirmClaimText);
      return !!link;
    }, UPDATE_MS, 'the hover offers Confirm Claim Text');
    assert.ok(link);
    await vscode.commands.executeCommand(link.command, link.args);
    await assertConfirmed(uri);
  });

  test('Confirm Claim Text from the Claims view (tree node, context menu and inline button)', async () => {
    const uri = await review();
    await waitUntil(async () => !!(await claimItem(ID))?.item.contextValue?.includes('needsReview'), UPDATE_MS, 'the tree shows it');
    const { node } = (await claimItem(ID))!;
    await vscode.commands.executeCommand(Commands.confirmClaimText, node);
    await assertConfirmed(uri);
    await waitUntil(async () => !(await claimItem(ID))?.item.contextValue?.includes('needsReview'), UPDATE_MS, 'the tree no longer flags it');
  });

  test('Confirm Claim Text from the palette: a pick of the claims that need review', async () => {
    const uri = await review();
    let offered: string[] = [];
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly { label: string; description?: string }[]) => {
      offered = items.map((i) => i.label);
      return items.find((i) => i.label === CURRENT);
    };
    await vscode.commands.executeCommand(Commands.confirmClaimText);
    assert.ok(offered.includes(CURRENT), `offered: ${offered.join(' | ')}`);
    assert.ok(!offered.includes(CONFLICT_QUOTE), 'only claims that need review');
    await assertConfirmed(uri);
  });

  test('conflict: each value with who set it and when, and a Resolve link, in the hover; a highlight; Problems by quote; Conflicts first in the Claims view', async () => {
    const uri = uriOf(`${FIXTURES}/c.txt`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const decorations = new Decorations(api.live);
    try {
      await waitUntil(() => (decorations.drawnIn(editor)?.conflicts.length ?? 0) === 1, UPDATE_MS, 'the conflict highlight');
      assert.equal(doc.getText(decorations.drawnIn(editor)!.conflicts[0]), CONFLICT_QUOTE);
    } finally {
      decorations.dispose();
    }

    const mds = await hover(doc, 'curfew');
    const md = mds.find((m) => m.value.includes('Merge conflict'));
    assert.ok(md, 'the hover shows the conflict');
    const text = plain(md.value);
    assert.match(text, /Merge conflict on `status`.*stays “?unverified/);
    assert.match(text, /\*\*corroborated\*\* — set by Tom Achterberg, 23 Nov 2026/);
    assert.doesNotMatch(text, /unverified — set by/, 'no trail credits the ancestor’s value to whoever set another');
    // this side's value names nobody: the history says who set it, and when
    assert.match(text, /\*\*disputed\*\* — set by Irena Podolská, 22 Nov 2026/);
    assert.deepEqual(commandLinks(md.value).filter((l) => l.command === Commands.resolveConflict), [{ command: Commands.resolveConflict, args: { source: uri.toString(), id: CONFLICT_ID } }]);

    await waitUntil(() => diagnostics(uri, DiagnosticCodes.conflict).length === 1, UPDATE_MS, 'Problems lists the conflict');
    const [d] = diagnostics(uri, DiagnosticCodes.conflict);
    assert.equal(doc.getText(d.range), CONFLICT_QUOTE);
    assert.ok(d.message.includes(`“${CONFLICT_QUOTE}”`), d.message);
    assert.ok(!d.message.includes(CONFLICT_ID), 'never by its id');

    const groups = await claimsGroups();
    assert.equal(groups[0].label, 'Conflicts', `groups: ${groups.map((g) => g.label).join(', ')}`);
    const found = await claimItem(CONFLICT_ID);
    assert.equal(found?.group, 'Conflicts');
    assert.match(String(found?.item.contextValue), /\.conflict\b/);
  });

  test('Resolve from the conflict hover link settles it', async () => {
    const uri = uriOf(`${FIXTURES}/c.txt`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const link = (await hover(doc, 'curfew')).flatMap((m) => commandLinks(m.value)).find((l) => l.command === Commands.resolveConflict);
    assert.ok(link);
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly { label: string }[]) => items.find((i) => i.label === 'corroborated');
    await vscode.commands.executeCommand(link.command, link.args);
    await waitUntil(async () => (await storedClaim(uri, CONFLICT_ID)).status === 'corroborated', UPDATE_MS, 'the picked value stays');
    assert.equal((await storedClaim(uri, CONFLICT_ID)).conflicts, undefined);
    await waitUntil(async () => (await claimsGroups())[0]?.label !== 'Conflicts', UPDATE_MS, 'the Conflicts group goes');
  });
});
