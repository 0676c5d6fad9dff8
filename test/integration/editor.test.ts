// Highlights' companions in the real editor (issue #4): hovers for reviewers, diagnostics in
// Problems (sidecar errors, orphans, claim cues) with the "Mark as claim…" Quick Fix, spans that
// follow edits, and a malicious sidecar that must neither run anything nor lose data.
//
// The workspace is the runner's temp copy of sample/, shared with the other suites: the sample
// files are only read here; fixtures go under editor-fixtures/ and are deleted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Decorations } from '../../src/extension/editor/decorations';
import { CUE_PAGE } from '../../src/extension/editor/cueHints';
import type { WorkClient } from '../../src/extension/worker/workClient';
import { Commands, DiagnosticCodes, Settings } from '../../src/extension/ids';
import { waitUntil } from './wait';
import { readAs } from './storeRead';
import { indexedApi } from './fixtureFolder';

const FIXTURES = 'editor-fixtures';
const UPDATE_MS = 10_000;

let api: MarginaliaApi;
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const uriOf = (rel: string) => vscode.Uri.joinPath(folder(), ...rel.split('/'));

/** Every file this suite wrote, deleted one by one at the end (a folder delete is one event). */
const written = new Set<string>();

async function write(rel: string, text: string): Promise<vscode.Uri> {
  const uri = uriOf(rel);
  written.add(rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Writes a source and its sidecar, and waits until the store has read both. */
async function fixture(rel: string, source: string, sidecar: string | null): Promise<vscode.Uri> {
  if (sidecar !== null) await write(`${rel}.annotations.yaml`, sidecar);
  const uri = await write(rel, source);
  await waitUntil(() => {
    const e = api.store.sourceFor(uri)?.entry;
    return readAs(e, source, sidecar);
  }, UPDATE_MS, `the store reads ${rel}`);
  return uri;
}

async function open(rel: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(uriOf(rel));
}

/** The position `delta` characters into the first occurrence of `text`. */
function at(doc: vscode.TextDocument, text: string, delta = 1): vscode.Position {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `"${text}" is in ${doc.uri.path}`);
  return doc.positionAt(i + delta);
}

async function hover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.MarkdownString[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? new vscode.MarkdownString(c) : 'language' in c ? new vscode.MarkdownString(c.value) : c));
}

/** The markdown as a reader sees the text: escapes and entities undone. */
function plain(md: string): string {
  return md.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&#36;/g, '$').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

interface CommandLink {
  command: string;
  args: unknown;
}

/** Every markdown link in the hover; all must be `marginalia._reveal` with JSON arguments. */
function links(md: string): CommandLink[] {
  const out: CommandLink[] = [];
  for (const m of md.matchAll(/(?<!\\)\]\(([^)\s]*)/g)) {
    const target = m[1];
    const cmd = /^command:([\w.-]+)(?:\?(.*))?$/.exec(target);
    assert.ok(cmd, `link target is a command link: ${target}`);
    out.push({ command: cmd[1], args: cmd[2] === undefined ? undefined : JSON.parse(decodeURIComponent(cmd[2])) });
  }
  return out;
}

function revealLinks(mds: vscode.MarkdownString[]): { source: string; id?: string; start?: number; end?: number }[] {
  return mds
    .flatMap((m) => links(m.value))
    .filter((l) => l.command === Commands.reveal)
    .map((l) => l.args as { source: string; id?: string; start?: number; end?: number });
}

/** The commands a claim hover may link to besides reveal (extension/editor/markdown.ts ACTIONS). */
const HOVER_ACTIONS = new Set<string>([Commands.confirmClaimText, Commands.resolveConflict, Commands.approve, Commands.reject, Commands.requestChanges, Commands.openThread, Commands.revealInClaims]);

/** What no hover may contain, whatever the files say. */
function assertInert(mds: vscode.MarkdownString[]): void {
  for (const md of mds) {
    const v = md.value;
    // only Marginalia's own links: reveal, and the review actions a claim hover offers, each on
    // one annotation ({source, id}); and the hover trusts exactly the commands it links to
    const found = links(v);
    for (const l of found) {
      assert.ok(l.command === Commands.reveal || HOVER_ACTIONS.has(l.command), `only Marginalia's own links: ${l.command} in ${v}`);
      if (l.command !== Commands.reveal) assert.deepEqual(Object.keys(l.args as object).sort(), ['id', 'source'], 'an action names one annotation');
    }
    assert.doesNotMatch(v, /<[a-zA-Z!/?]/, 'no raw HTML');
    assert.doesNotMatch(v, /(?:https?|command|file|javascript):(?!marginalia\.[A-Za-z_]+\?)/i, 'no live URL or command outside Marginalia links');
    assert.doesNotMatch(v, /(?<![\\\w])www\./, 'no www autolink');
    assert.doesNotMatch(v, /\$\(terminal\)/, 'no theme icon from file content');
    assert.notEqual(md.isTrusted, true, 'never fully trusted');
    if (typeof md.isTrusted === 'object') assert.deepEqual([...md.isTrusted.enabledCommands].sort(), [...new Set([Commands.reveal, ...found.map((l) => l.command)])].sort(), 'trusts only the commands it links to');
    assert.notEqual(md.supportHtml, true, 'no HTML support');
  }
}

function diagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => code === undefined || d.code === code);
}

async function waitForDiagnostics(uri: vscode.Uri, code: string, what: string, until: (ds: vscode.Diagnostic[]) => boolean = (ds) => ds.length > 0): Promise<vscode.Diagnostic[]> {
  await waitUntil(() => until(diagnostics(uri, code)), UPDATE_MS, what);
  return diagnostics(uri, code);
}

/** Code points → UTF-16 length of the prefix, for writing sidecar offsets by hand. */
const codePoints = (s: string) => [...s].length;

suite('editor: hovers, diagnostics, live spans', () => {
  suiteSetup(async () => {
    api = await indexedApi();
    await vscode.workspace.fs.createDirectory(uriOf(FIXTURES));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const rel of written) await vscode.workspace.fs.delete(uriOf(rel), { useTrash: false });
    await waitUntil(
      () => !api.store.allRoots().some((r) => r.corpus.all().some((e) => e.source.startsWith(`${FIXTURES}/`))),
      UPDATE_MS,
      'fixtures leave the store',
    );
    await vscode.workspace.fs.delete(uriOf(FIXTURES), { recursive: true, useTrash: false });
    await vscode.workspace.getConfiguration().update(Settings.claimCues, undefined, vscode.ConfigurationTarget.Workspace);
  });

  // ---- highlights ---------------------------------------------------------------------------
  // A Decorations of the suite's own, on the extension's LiveDocuments: it draws what the
  // extension's draws, and tells what it drew.

  async function highlighted(rel: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; decorations: Decorations }> {
    const doc = await open(rel);
    const editor = await vscode.window.showTextDocument(doc);
    const decorations = new Decorations(api.live);
    await waitUntil(() => decorations.drawnIn(editor) !== undefined, UPDATE_MS, 'highlights drawn');
    return { doc, editor, decorations };
  }

  const words = (doc: vscode.TextDocument, ranges: readonly vscode.Range[]) => ranges.map((r) => doc.getText(r).replace(/\s+/g, ' '));

  test('highlights: claims by effective status, notes, entities by type (registry and annotations)', async () => {
    const { doc, editor, decorations } = await highlighted('troops-withdrawn-from-sovren.txt');
    try {
      const d = decorations.drawnIn(editor)!;
      assert.deepEqual(words(doc, d.claims.disputed), ['The last units of Tarvania’s 212th Motor Rifle Brigade left the Kareva airfield in the Sovren Valley on Monday, 9 November']);
      assert.deepEqual(words(doc, d.claims.refuted), ['about 1,800 personnel and 46 armoured vehicles had been withdrawn in stages since 2 November']);
      assert.deepEqual(words(doc, d.claims.unverified), ['The withdrawal was reportedly negotiated during a telephone call between Prime Minister Teodor Halvik and Tarvan President Arkady Stolberg on 30 October']);
      assert.deepEqual(words(doc, d.claims.corroborated), ['Kostrov has not confirmed the withdrawal.']);
      assert.deepEqual(words(doc, d.notes), ['“Whether they all went, nobody has told us.”']);
      assert.ok(d.ruler, 'overview-ruler marks by default');
      const has = (type: keyof typeof d.entities, text: string) => assert.ok(words(doc, d.entities[type]).includes(text), `${type}: ${text} in ${words(doc, d.entities[type]).join(' | ')}`);
      has('person', 'Ilona Várkonyi');
      has('person', 'The minister'); // an `entity` annotation
      has('place', 'Kareva airfield');
      has('organization', 'VeldPress');
      has('event', 'the Iron Meridian exercise');
    } finally {
      decorations.dispose();
    }

    // no status, contradicted from another source: drawn as disputed
    const a = 'Rain closed the pass on Monday.\n';
    await fixture(`${FIXTURES}/hl/a.txt`, a, 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: a1, kind: claim, quote: Rain closed the pass on Monday}\n');
    await fixture(`${FIXTURES}/hl/b.txt`, 'The pass stayed open all week.\n', 'marginalia: 1\nsource: b.txt\nannotations:\n  - {id: b1, kind: claim, quote: The pass stayed open all week, status: unverified, links: [{rel: contradicts, to: a.txt#a1}]}\n');
    const derived = await highlighted(`${FIXTURES}/hl/a.txt`);
    try {
      assert.deepEqual(words(derived.doc, derived.decorations.drawnIn(derived.editor)!.claims.disputed), ['Rain closed the pass on Monday']);
    } finally {
      derived.decorations.dispose();
    }
  });

  test('highlight settings turn each layer off, and the overview-ruler marks', async () => {
    const { editor, decorations } = await highlighted('troops-withdrawn-from-sovren.txt');
    const config = () => vscode.workspace.getConfiguration();
    const drawn = () => decorations.drawnIn(editor)!;
    const count = (r: Record<string, vscode.Range[]>) => Object.values(r).reduce((n, l) => n + l.length, 0);
    try {
      await config().update(Settings.overviewRuler, false, vscode.ConfigurationTarget.Workspace);
      await waitUntil(() => !drawn().ruler && count(drawn().claims) === 4, UPDATE_MS, 'claims without ruler marks');
      await config().update(Settings.highlightClaims, false, vscode.ConfigurationTarget.Workspace);
      await waitUntil(() => count(drawn().claims) === 0 && drawn().notes.length === 1, UPDATE_MS, 'claims off, notes on');
      await config().update(Settings.highlightNotes, false, vscode.ConfigurationTarget.Workspace);
      await waitUntil(() => drawn().notes.length === 0 && count(drawn().entities) > 0, UPDATE_MS, 'notes off, entities on');
      await config().update(Settings.highlightEntities, false, vscode.ConfigurationTarget.Workspace);
      await waitUntil(() => count(drawn().entities) === 0, UPDATE_MS, 'entities off');
    } finally {
      for (const key of [Settings.overviewRuler, Settings.highlightClaims, Settings.highlightNotes, Settings.highlightEntities]) {
        await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
      }
    }
    await waitUntil(() => drawn().ruler && count(drawn().claims) === 4 && drawn().notes.length === 1 && count(drawn().entities) > 0, UPDATE_MS, 'all layers back');
    decorations.dispose();
  });

  test('highlights follow an edit at once, and only mentions near the visible ranges are drawn', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `Line ${i}: the delegation flew to Kostrov.`);
    const quote = 'the delegation flew to Kostrov';
    const start = codePoints(`${lines[0].slice(0, 'Line 0: '.length)}`);
    await fixture(`${FIXTURES}/hl/long.txt`, `${lines.join('\n')}\n`, `marginalia: 1\nsource: long.txt\nannotations:\n  - {id: c1, kind: claim, quote: ${quote}, start: ${start}, end: ${start + codePoints(quote)}, status: refuted}\n`);
    const { doc, editor, decorations } = await highlighted(`${FIXTURES}/hl/long.txt`);
    try {
      const places = () => decorations.drawnIn(editor)!.entities.place;
      const near = (line: number) => places().some((r) => r.start.line === line);
      assert.ok(near(0), 'the first screen');
      assert.ok(places().length < 1000, `a window of the 3000 mentions, not all: ${places().length}`);
      editor.revealRange(new vscode.Range(2990, 0, 2990, 0), vscode.TextEditorRevealType.AtTop);
      await waitUntil(() => near(2990), UPDATE_MS, 'mentions drawn after scrolling to the end');
      assert.ok(!near(0), 'and the window moved');

      editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), 'Breaking. ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitUntil(() => words(doc, decorations.drawnIn(editor)!.claims.refuted)[0] === quote && doc.getText(places()[0]) === 'Kostrov', UPDATE_MS, 'highlights moved with the text');
      assert.equal(decorations.drawnIn(editor)!.claims.refuted[0].start.character, 'Breaking. Line 0: '.length);

      // typing a registry name highlights it; deleting a letter of it drops it
      const aurel = () => places().filter((r) => r.start.line === 1 && doc.getText(r) === 'Aurel');
      const typed = new vscode.WorkspaceEdit();
      typed.insert(doc.uri, doc.lineAt(1).range.end, ' Aurel');
      assert.ok(await vscode.workspace.applyEdit(typed));
      await waitUntil(() => aurel().length === 1, UPDATE_MS, 'the typed name is highlighted');
      const broken = new vscode.WorkspaceEdit();
      broken.delete(doc.uri, new vscode.Range(1, doc.lineAt(1).text.length - 1, 1, doc.lineAt(1).text.length));
      assert.ok(await vscode.workspace.applyEdit(broken));
      await waitUntil(() => aurel().length === 0 && !places().some((r) => r.start.line === 1 && doc.getText(r) === 'Aure'), UPDATE_MS, 'the broken name is not');
      assert.ok(places().some((r) => r.start.line === 1 && doc.getText(r) === 'Kostrov'), 'the other mention on the line stays');
    } finally {
      decorations.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('the keystroke rehearsal runs once for a registry and changes nothing the analyst sees', async () => {
    const { doc, editor, decorations } = await highlighted('troops-withdrawn-from-sovren.txt');
    try {
      // the session's first document built set it going a moment later (and a new registry
      // installed in an open one, store-registry-change.test.ts); opening more does not again
      await waitUntil(() => api.live.rehearsals >= 1, UPDATE_MS, 'the rehearsal ran');
      const rehearsed = api.live.rehearsals;
      const copy = (live = api.live.get(doc)!) => JSON.stringify({ annotations: live.annotations.map((s) => [s.start, s.end, s.annotation.id]), mentions: live.mentions, orphans: live.orphans.length });
      const before = copy();
      const drawn = JSON.stringify(decorations.drawnIn(editor));
      assert.ok(api.live.get(doc)!.mentions.length > 0, 'a source with mentions');
      let fired = 0;
      const listening = api.live.onDidChange(() => fired++);
      try {
        // this document's own rehearsal, run now (synchronously): it reads the document and holds nothing of it
        assert.equal(api.live.rehearse(doc), true);
        assert.equal(fired, 0, 'no change told');
        assert.equal(copy(), before, 'the live spans and mentions as they were');
        assert.equal(JSON.stringify(decorations.drawnIn(editor)), drawn, 'the highlights as they were');
        assert.equal(doc.isDirty, false);
      } finally {
        listening.dispose();
      }
      await highlighted('coup-plot-uncovered.txt').then((h) => h.decorations.dispose());
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(api.live.rehearsals, rehearsed, 'not again for another document with the same registry');
      // a file that is not a source has no live state to rehearse on
      const sidecar = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(doc.uri, '..', 'troops-withdrawn-from-sovren.txt.annotations.yaml'));
      assert.equal(api.live.rehearse(sidecar), false);
    } finally {
      decorations.dispose();
    }
  });

  // sameMentionsAround and the paragraph-wise cue scan are unit-tested in Node (test/unit/live-*.test.ts)

  // ---- hovers ----------------------------------------------------------------------------------

  test('entity hover: name, type, aliases, note, mention counts and links to the other documents', async () => {
    const doc = await open('troops-withdrawn-from-sovren.txt');
    const mds = await hover(doc, at(doc, 'present at Kareva', 'present at K'.length));
    const text = plain(mds.map((m) => m.value).join('\n'));
    assert.match(text, /\*\*Kareva airfield\*\* · place/);
    assert.match(text, /Also:\* Kareva · Kareva air base/);
    assert.match(text, /Airfield in the Sovren Valley where the 212th Motor Rifle Brigade was stationed\./);
    const counts = /\*\*Mentions:\*\* (\d+) times? in this document · (\d+) times? in (\d+) documents?/.exec(text);
    assert.ok(counts, text);
    const here = (doc.getText().match(/Kareva/g) ?? []).length;
    assert.equal(Number(counts[1]), here, 'every Kareva in this article');
    assert.ok(Number(counts[2]) > here && Number(counts[3]) >= 3, 'more mentions in other articles');
    assertInert(mds);

    const targets = revealLinks(mds);
    const sources = targets.map((t) => vscode.workspace.asRelativePath(vscode.Uri.parse(t.source)));
    assert.ok(sources.includes('analysis/satellite-images-kareva.txt'), sources.join());
    assert.ok(sources.includes('coup-plot-uncovered.txt'), sources.join());
    for (const t of targets) {
      const other = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.source));
      const words = t.id ? api.live.get(other)?.annotations.find((s) => s.annotation.id === t.id)?.annotation.quote : other.getText().slice(t.start, t.end);
      assert.match(words ?? '', /Kareva|the brigade|the institute/, `link into ${t.source} lands on the entity`);
    }
  });

  test('disputed claim hover: status, grades, note, author, dates and the contradicting evidence quoted', async () => {
    const doc = await open('troops-withdrawn-from-sovren.txt');
    const mds = await hover(doc, at(doc, 'The last units of Tarvania', 5));
    const claim = mds.find((m) => m.value.includes('Claim'));
    assert.ok(claim, 'a claim section');
    const text = plain(claim.value);
    assert.match(text, /\*\*Claim — disputed\*\*/);
    assert.match(text, /Credibility \*\*4\*\* — doubtful/);
    assert.match(text, /Source reliability \*\*C\*\* — fairly reliable/);
    assert.match(text, /Only the defence ministry says so; Kostrov has not confirmed a date\./);
    assert.match(text, /Sam Okafor · created 2026-11-11 · updated 2026-11-16/);
    assert.match(text, /\*\*Contradicts\*\* “Satellite images suggest Tarvan brigade never left Kareva” — .*analysis\/satellite-images-kareva\.txt.*\(claim, disputed\)/);
    assertInert(mds);

    // the pair links both ways (each contradicts the other): one piece of evidence, shown once
    assert.equal(revealLinks([claim]).length, 1, 'one evidence link');
    const [evidence] = revealLinks([claim]);
    const satellite = uriOf('analysis/satellite-images-kareva.txt');
    assert.deepEqual(evidence, { source: satellite.toString(), id: '01jf04p3vd' });
    // the link does what it says: opens the other article on the quoted words
    await vscode.commands.executeCommand(Commands.reveal, evidence);
    await waitUntil(() => vscode.window.activeTextEditor?.document.uri.toString() === satellite.toString(), UPDATE_MS, 'the evidence opens');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.getText(editor.selection), 'Satellite images suggest Tarvan brigade never left Kareva');
  });

  test('a claim contradicted from another source shows as disputed until assessed, with the backlink as evidence', async () => {
    const a = 'The port reopened on Friday.\n\nOfficials said the road was cleared.\n';
    const b = 'Photos show the port still closed on Saturday.\n';
    const aQuote = 'The port reopened on Friday';
    const bQuote = 'Photos show the port still closed on Saturday';
    await fixture(`${FIXTURES}/derived/a.txt`, a, `marginalia: 1\nsource: a.txt\nannotations:\n  - id: a1\n    kind: claim\n    quote: ${aQuote}\n    start: 0\n    end: ${codePoints(aQuote)}\n`);
    await fixture(
      `${FIXTURES}/derived/b.txt`,
      b,
      `marginalia: 1\nsource: b.txt\nannotations:\n  - id: b1\n    kind: claim\n    quote: ${bQuote}\n    status: corroborated\n    credibility: 2\n    links:\n      - {rel: contradicts, to: a.txt#a1}\n`,
    );
    const doc = await open(`${FIXTURES}/derived/a.txt`);
    const text = plain((await hover(doc, at(doc, 'port reopened'))).map((m) => m.value).join('\n'));
    assert.match(text, /\*\*Claim — disputed\*\* \*\(not assessed: disputed because a claim in another source contradicts it\)\*/);
    assert.match(text, new RegExp(`\\*\\*Contradicted by\\*\\* “${bQuote}” — .*${FIXTURES}/derived/b\\.txt.*\\(claim, corroborated\\)`));
  });

  test('note hover: text, author, date', async () => {
    const doc = await open('coup-plot-uncovered.txt');
    const mds = await hover(doc, at(doc, 'during the National Day parade', 3));
    const note = mds.find((m) => m.value.includes('Note'));
    assert.ok(note);
    const text = plain(note.value);
    assert.match(text, /\*\*Note\*\* · Tom Achterberg · created 2026-11-03/);
    assert.match(text, /The parade was cancelled \(pact-membership-frozen\.txt\), so the plot’s timeline rests on this date alone\./);
    assertInert(mds);
  });

  test('no hover outside annotations and mentions, nor in sidecars and non-sources', async () => {
    const doc = await open('troops-withdrawn-from-sovren.txt');
    assert.deepEqual(await hover(doc, at(doc, 'did not take questions', 2)), []);
    const sidecar = await vscode.workspace.openTextDocument(uriOf('troops-withdrawn-from-sovren.txt.annotations.yaml'));
    assert.deepEqual(await hover(sidecar, at(sidecar, 'The last units of Tarvania', 5)), []);
    const readme = await open('README.md');
    assert.deepEqual(await hover(readme, at(readme, 'Veldonia', 2)), []);
  });

  // ---- claim cues and the Quick Fix ----------------------------------------------------------

  test('claim cues: Hints on unassessed cue sentences, none on existing claims', async () => {
    const doc = await open('troops-withdrawn-from-sovren.txt');
    const cues = await waitForDiagnostics(doc.uri, DiagnosticCodes.claimCue, 'cue diagnostics');
    const official = cues.find((d) => doc.getText(d.range).startsWith('According to a defence ministry official'));
    assert.ok(official, `a cue on the anonymous official: ${cues.map((d) => doc.getText(d.range)).join(' | ')}`);
    assert.equal(official.severity, vscode.DiagnosticSeverity.Hint, 'quiet: Hints stay out of Problems (issue 9, bug 9)');
    assert.match(official.message, /marginalia\.detection\.claimCues/, 'says how to turn them off');
    assert.match(doc.getText(official.range), /on condition of anonymity/);
    const claims = api.live.get(doc)!.annotations.filter((s) => s.annotation.kind === 'claim');
    assert.ok(claims.some((c) => c.annotation.quote.includes('reportedly')), 'the sample has a claim with a cue in it');
    for (const d of cues) {
      const s = doc.offsetAt(d.range.start);
      const e = doc.offsetAt(d.range.end);
      assert.ok(!claims.some((c) => c.start < e && s < c.end), `cue "${doc.getText(d.range)}" overlaps a claim`);
    }
  });

  test('"Mark as claim…" Quick Fix on a cue passes the sentence to marginalia._markCueAsClaim', async () => {
    const doc = await open('troops-withdrawn-from-sovren.txt');
    const [cue] = await waitForDiagnostics(doc.uri, DiagnosticCodes.claimCue, 'cue diagnostics');
    // diagnostics reach the workbench's marker service asynchronously: ask until they have
    let fix: vscode.CodeAction | undefined;
    await waitUntil(async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, cue.range, vscode.CodeActionKind.QuickFix.value);
      fix = actions.find((a) => a.title === 'Mark as claim…');
      return fix !== undefined;
    }, UPDATE_MS, '"Mark as claim…" offered');
    assert.ok(fix);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind));
    assert.equal(fix.command?.command, Commands.markCueAsClaim);
    assert.deepEqual(fix.command?.arguments, [{ source: doc.uri.toString(), start: doc.offsetAt(cue.range.start), end: doc.offsetAt(cue.range.end) }]);
    // nothing on text without a cue
    const none = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 3));
    assert.ok(!none.some((a) => a.title === 'Mark as claim…'));
  });

  // A long source's hints go to VS Code in pages (CUE_PAGE each, a collection and a task apiece):
  // every cue shows once, an edit that moves every page's boundary leaves no hint behind or
  // twice, and a page left empty is cleared.
  test('claim cues of a long source: every cue once, through edits that shift the pages', async function () {
    this.timeout(60_000);
    const n = 2 * CUE_PAGE + 1;
    const text = Array.from({ length: n }, (_, i) => `Convoy ${i} reportedly crossed the river.`).join(' ') + '\n';
    const uri = await fixture(`${FIXTURES}/cue-pages.txt`, text, 'marginalia: 1\nsource: cue-pages.txt\nannotations: []\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const convoys = (ds: vscode.Diagnostic[]) => ds.map((d) => /^Convoy (\d+)/.exec(doc.getText(d.range))?.[1] ?? '?').sort((a, b) => Number(a) - Number(b));
    const expect = (skip: number[]) => Array.from({ length: n }, (_, i) => String(i)).filter((i) => !skip.includes(Number(i)));
    try {
      let cues = await waitForDiagnostics(uri, DiagnosticCodes.claimCue, `${n} cues`, (ds) => ds.length === n);
      assert.deepEqual(convoys(cues), expect([]), 'each convoy’s sentence once');
      // the first sentence loses its cue: every page after it starts one hint later, the last page empties
      const first = doc.getText().indexOf('reportedly');
      await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(first), doc.positionAt(first + 'reportedly'.length)), 'quietly'));
      cues = await waitForDiagnostics(uri, DiagnosticCodes.claimCue, `${n - 1} cues`, (ds) => ds.length === n - 1);
      await new Promise((r) => setTimeout(r, 600)); // no late page brings one back
      assert.deepEqual(convoys(diagnostics(uri, DiagnosticCodes.claimCue)), expect([0]));
      // and one in the middle of a page
      const mid = doc.getText().indexOf('reportedly', doc.getText().indexOf(`Convoy ${CUE_PAGE + 7} `));
      await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(mid), doc.positionAt(mid + 'reportedly'.length)), 'quietly'));
      await waitForDiagnostics(uri, DiagnosticCodes.claimCue, `${n - 2} cues`, (ds) => ds.length === n - 2);
      assert.deepEqual(convoys(diagnostics(uri, DiagnosticCodes.claimCue)), expect([0, CUE_PAGE + 7]));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  // issue 15: a source's 1 MB text was posted to the editor's worker at every pause in typing.
  // The worker reads a clean document's text from its file, and after that only the edits cross;
  // the hints are those of the text in the editor, through an event with two changes at once.
  test('claim cues follow edits: the worker reads the text from the file, then is sent only the edits', async function () {
    this.timeout(60_000);
    const text = 'Officials met on Monday.\n\nThe mayor reportedly left.\n\nThe council met later.\n';
    const uri = await fixture(`${FIXTURES}/cue-edits.txt`, text, 'marginalia: 1\nsource: cue-edits.txt\nannotations: []\n');
    const work = (api.writer as unknown as { work: WorkClient }).work;
    const sent: string[] = [];
    const real = work.cues;
    work.cues = async function (this: WorkClient, doc, version, length, from, cues) {
      const answer = await real.call(this, doc, version, length, from, cues);
      if (doc === uri.toString()) sent.push(`${Object.keys(from)[0]}${answer.need ? ' (needed whole)' : ''}`);
      return answer;
    };
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const hinted = (want: string[]) => waitForDiagnostics(uri, DiagnosticCodes.claimCue, want.join(' | '), (ds) => ds.map((d) => doc.getText(d.range)).sort().join(' | ') === [...want].sort().join(' | '));
    const endOf = (s: string) => doc.positionAt(doc.getText().indexOf(s) + s.length);
    try {
      await hinted(['The mayor reportedly left.']);
      assert.deepEqual(sent, ['file'], 'the clean document\'s text read from its file');
      // one event with two changes (two places edited at once), then another event
      await editor.edit((e) => {
        e.insert(endOf('Officials met on Monday.'), ' Talks allegedly failed.');
        e.insert(endOf('The council met later.'), ' Sources say it voted.');
      });
      const cue = doc.getText().indexOf('reportedly');
      await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(cue), doc.positionAt(cue + 'reportedly'.length)), 'quietly'));
      await hinted(['Talks allegedly failed.', 'Sources say it voted.']);
      assert.ok(sent.length >= 2 && sent.slice(1).every((s) => s === 'edits'), `after the first scan, only edits crossed: ${sent.join(', ')}`);
      // saved, the document clean again: the scans that follow still send the edits since (none)
      const before = sent.length;
      await doc.save();
      await editor.edit((e) => e.insert(endOf('Sources say it voted.'), ' It is unconfirmed.'));
      await hinted(['Talks allegedly failed.', 'Sources say it voted.', 'It is unconfirmed.']);
      assert.ok(sent.length > before && sent.every((s) => s !== 'whole' && !s.includes('needed')), `the text never crossed whole: ${sent.join(', ')}`);
    } finally {
      work.cues = real;
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('the claimCues setting turns cue diagnostics off and on', async () => {
    const doc = await open('troops-withdrawn-from-sovren.txt');
    await waitForDiagnostics(doc.uri, DiagnosticCodes.claimCue, 'cue diagnostics');
    await vscode.workspace.getConfiguration().update(Settings.claimCues, false, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(doc.uri, DiagnosticCodes.claimCue, 'cues gone', (ds) => ds.length === 0);
    await vscode.workspace.getConfiguration().update(Settings.claimCues, undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(doc.uri, DiagnosticCodes.claimCue, 'cues back');
  });

  // ---- sidecar problems and orphans ---------------------------------------------------------

  const header = 'marginalia: 1\nsource: report.txt\nannotations:\n';
  const brokenCases: { name: string; sidecar: string; at: [number, number][]; message: RegExp }[] = [
    { name: 'invalid value', sidecar: `${header}  - id: a1\n    kind: claim\n    quote: The minister resigned\n    status: maybe\n`, at: [[6, 12]], message: /unknown status "maybe"/ },
    { name: 'duplicate key', sidecar: `${header}  - id: a1\n    kind: claim\n    kind: note\n    quote: The minister resigned\n`, at: [[5, 4]], message: /Map keys must be unique/ },
    { name: 'bad YAML', sidecar: `${header}  - id: a1\n    kind: claim\n    quote: The minister: resigned\n`, at: [[5, 11]], message: /Nested mappings/ },
    {
      name: 'conflict markers',
      sidecar: `${header}<<<<<<< HEAD\n  - {id: a1, kind: claim, quote: The minister resigned, status: disputed}\n=======\n  - {id: a1, kind: claim, quote: The minister resigned, status: refuted}\n>>>>>>> theirs\n`,
      at: [[3, 0], [5, 0], [7, 0]],
      message: /conflict/,
    },
  ];
  for (const c of brokenCases) {
    test(`broken sidecar (${c.name}): errors in Problems at the exact place, and the file is never overwritten`, async () => {
      const rel = `${FIXTURES}/broken-${c.name.replace(/\W+/g, '-')}/report.txt`;
      const source = 'The minister resigned on Monday.\n';
      const uri = await fixture(rel, source, c.sidecar);
      const sidecarUri = uriOf(`${rel}.annotations.yaml`);
      const errors = await waitForDiagnostics(sidecarUri, DiagnosticCodes.sidecar, 'sidecar errors', (ds) => ds.length >= c.at.length);
      assert.deepEqual(errors.map((d) => [d.range.start.line, d.range.start.character]), c.at);
      for (const d of errors) assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.match(errors[0].message, c.message);

      // an annotation change is refused, and editing + saving the source rewrites nothing
      await assert.rejects(api.writer.apply(uri, [{ type: 'add', annotation: { id: 'n1', kind: 'note', quote: 'Monday', note: 'x' } }], 'test'));
      const doc = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), 'UPDATE: ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save());
      await waitUntil(() => api.store.sourceFor(uri)?.entry?.text === `UPDATE: ${source}`, UPDATE_MS, 'the store reads the saved source');
      assert.equal(await read(sidecarUri), c.sidecar, 'sidecar bytes unchanged');
      assert.equal(diagnostics(sidecarUri, DiagnosticCodes.sidecar).length, c.at.length, 'errors still shown');
    });
  }

  test('orphans after the source changes on disk: one warning, on the source where its words were, leading to its id in the sidecar', async () => {
    const rel = `${FIXTURES}/orphan/story.txt`;
    const quote = 'The harbour was closed on Monday after the storm';
    const before = `First paragraph.\n\n${quote}.\n\nLast paragraph.\n`;
    const start = codePoints('First paragraph.\n\n');
    const sidecar = `marginalia: 1\nsource: story.txt\nannotations:\n  - id: o1\n    kind: claim\n    quote: ${quote}\n    start: ${start}\n    end: ${start + codePoints(quote)}\n    status: unverified\n`;
    const uri = await fixture(rel, before, sidecar);
    const sidecarUri = uriOf(`${rel}.annotations.yaml`);
    assert.equal(api.store.sourceFor(uri)!.entry!.placements[0].result.state, 'anchored');
    assert.equal(diagnostics(uri, DiagnosticCodes.orphan).length, 0);

    await write(rel, 'First paragraph.\n\nSomething entirely different happened to nobody in particular.\n\nLast paragraph.\n');
    const [onSource] = await waitForDiagnostics(uri, DiagnosticCodes.orphan, 'orphan warning on the source');
    assert.equal(onSource.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(onSource.message, /Orphaned claim “The harbour was closed on Monday after the storm”/);
    // where its words were (line 3), not line 1 (issue 9, bug 5), and once: not again on the sidecar
    assert.deepEqual([onSource.range.start.line, onSource.range.start.character, onSource.range.isEmpty], [2, 0, true]);
    assert.equal(diagnostics(sidecarUri, DiagnosticCodes.orphan).length, 0);
    const [related] = onSource.relatedInformation ?? [];
    assert.equal(related?.location.uri.toString(), sidecarUri.toString());
    assert.deepEqual([related.location.range.start.line, related.location.range.start.character], [3, 8], 'at `o1` in `  - id: o1`');
    assert.equal(await read(sidecarUri), sidecar, 'an orphan is kept as written');

    // putting the words back clears both
    await write(rel, before);
    await waitForDiagnostics(uri, DiagnosticCodes.orphan, 'orphan warning gone', (ds) => ds.length === 0);
    assert.equal(diagnostics(sidecarUri, DiagnosticCodes.orphan).length, 0);
  });

  // ---- live spans --------------------------------------------------------------------------

  test('spans keep covering the same words while the document is edited (astral characters included)', async () => {
    const rel = `${FIXTURES}/live/emoji.txt`;
    const quote = 'said the bridge would reopen in May';
    const prefix = '🙂🙂 Intro line.\n\nThe mayor 🏛️ ';
    const source = `${prefix}${quote}.\n\nEnd.\n`;
    const start = codePoints(prefix);
    await fixture(rel, source, `marginalia: 1\nsource: emoji.txt\nannotations:\n  - id: l1\n    kind: claim\n    quote: ${quote}\n    start: ${start}\n    end: ${start + codePoints(quote)}\n    status: unverified\n`);
    const doc = await open(rel);
    await vscode.window.showTextDocument(doc);
    const span = () => api.live.get(doc)!.annotations.find((s) => s.annotation.id === 'l1')!;
    assert.equal(doc.getText().slice(span().start, span().end), quote);

    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '🚀 BREAKING: ');
    edit.insert(doc.uri, doc.positionAt(doc.getText().indexOf('The mayor')), 'Late on Sunday, ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.getText().slice(span().start, span().end), quote, 'after inserting before the claim');

    const inside = new vscode.WorkspaceEdit();
    inside.insert(doc.uri, doc.positionAt(span().start + 'said the bridge'.length), ' definitely');
    assert.ok(await vscode.workspace.applyEdit(inside));
    assert.equal(doc.getText().slice(span().start, span().end), 'said the bridge definitely would reopen in May', 'typing inside grows the span');

    const text = plain((await hover(doc, doc.positionAt(span().start + 2))).map((m) => m.value).join('\n'));
    assert.match(text, /\*\*Claim — unverified\*\*/, 'the hover follows the span');

    // undoing the edits one by one shifts the span back onto the same words
    await waitUntil(async () => {
      if (doc.isDirty) await vscode.commands.executeCommand('undo');
      return !doc.isDirty;
    }, UPDATE_MS, 'edits undone');
    assert.equal(doc.getText(), source);
    assert.equal(doc.getText().slice(span().start, span().end), quote);
  });

  test('a claim whose words were deleted is highlighted again after undo, and after revert', async () => {
    const rel = `${FIXTURES}/live/undo.txt`;
    const quote = 'The dam was breached at dawn';
    const source = `Overnight report.\n\n${quote}, officials said.\n`;
    const start = codePoints('Overnight report.\n\n');
    await fixture(rel, source, `marginalia: 1\nsource: undo.txt\nannotations:\n  - id: u1\n    kind: claim\n    quote: ${quote}\n    start: ${start}\n    end: ${start + codePoints(quote)}\n    status: disputed\n`);
    const doc = await open(rel);
    await vscode.window.showTextDocument(doc);
    const span = () => api.live.get(doc)?.annotations.find((s) => s.annotation.id === 'u1');
    const covers = () => {
      const s = span();
      return !!s && doc.getText().slice(s.start, s.end) === quote;
    };
    assert.ok(covers());
    const words = new vscode.Range(doc.positionAt(start), doc.positionAt(start + quote.length));

    const cut = new vscode.WorkspaceEdit();
    cut.delete(doc.uri, words);
    assert.ok(await vscode.workspace.applyEdit(cut));
    assert.equal(span(), undefined, 'no span while its words are gone');
    await vscode.commands.executeCommand('undo');
    await waitUntil(covers, UPDATE_MS, 'the claim is back after undo');

    const again = new vscode.WorkspaceEdit();
    again.delete(doc.uri, words);
    assert.ok(await vscode.workspace.applyEdit(again));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitUntil(() => !doc.isDirty, UPDATE_MS, 'reverted');
    await waitUntil(covers, UPDATE_MS, 'the claim is back after revert');
  });

  test('an orphan is looked for again after each edit, but not again for the same text: a registry change that leaves it as it was asks the worker nothing', async function () {
    this.timeout(60_000);
    const rel = `${FIXTURES}/live/orphan-retry.txt`;
    const placed = 'The ferry resumed service on Monday';
    const lost = 'The harbour master resigned in protest';
    const source = `Port bulletin.\n\n${placed}, the operator said.\n`;
    await fixture(rel, source, `marginalia: 1\nsource: orphan-retry.txt\nannotations:\n  - id: p1\n    kind: claim\n    quote: ${placed}\n    status: unverified\n  - id: o1\n    kind: claim\n    quote: ${lost}\n    status: disputed\n`);
    const doc = await open(rel);
    const editor = await vscode.window.showTextDocument(doc);
    const retries = api.live.orphanRetries;
    const before = { ...retries };
    await waitUntil(() => api.live.get(doc)?.orphans.some((a) => a.id === 'o1') === true, UPDATE_MS, 'the claim whose words are not in the text is an orphan');
    // a registry change places the open source again (its new mentions): its orphan is looked
    // for again, with the placed claim as evidence, in vain (its words are nowhere)
    const root = api.store.sourceFor(doc.uri)!.root;
    await api.writer.change('New entity', (c) => c.registry(root, { id: 'port-bulletin-ferry', name: 'Port Bulletin Ferry', type: 'organization', aliases: [] }));
    let asked: number;
    try {
      await waitUntil(() => retries.inVain > before.inVain, UPDATE_MS, 'the orphan looked for again once');
      asked = retries.asked;
    } finally {
      // and its Undo, which places the source again as well: the same annotations in the same text, not asked for again
      await api.writer.undo();
    }
    await waitUntil(() => retries.skipped > before.skipped, UPDATE_MS, 'the repeat of the orphan\'s vain retry skipped');
    assert.equal(retries.asked, asked, 'the worker not asked to anchor the same annotations in the same text again');
    assert.ok(api.live.get(doc)!.orphans.some((a) => a.id === 'o1'), 'still an orphan');
    // an edit brings its words back: looked for again, and found
    assert.ok(await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length), `${lost}, staff confirmed.\n`)));
    await waitUntil(() => api.live.get(doc)?.annotations.some((s) => s.annotation.id === 'o1' && doc.getText().slice(s.start, s.end) === lost) === true, UPDATE_MS, 'the orphan placed once its words are typed');
    assert.ok(retries.asked > asked, 'asked of the worker after the edit');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitUntil(() => !doc.isDirty, UPDATE_MS, 'reverted');
  });

  // ---- hostile input -----------------------------------------------------------------------

  test('a malicious sidecar runs nothing, links nowhere, injects no HTML, and is not overwritten', async () => {
    const rel = `${FIXTURES}/evil/article.txt`;
    const source = 'The council approved the budget on Tuesday, said the mayor.\n';
    const payload = '[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> <script>alert(1)</script> https://evil.example/x www.evil.example a@evil.example $(terminal)';
    const sidecar = [
      'marginalia: 1',
      'source: article.txt',
      'annotations:',
      '  - id: evil1',
      '    kind: claim',
      '    quote: The council approved the budget',
      '    status: disputed',
      `    note: ${JSON.stringify(payload)}`,
      `    author: ${JSON.stringify('<b>Mallory</b> [x](command:workbench.action.terminal.new)')}`,
      '    tags: ["<i>x</i>", "[t](command:workbench.action.terminal.new)"]',
      '    links:',
      '      - {rel: contradicts, to: "../../../../etc/passwd#x"}',
      '      - {rel: supports, to: "#evil2"}',
      '  - id: evil2',
      '    kind: note',
      '    quote: said the mayor',
      `    note: ${JSON.stringify('![pixel](https://evil.example/track.png) <script>alert(2)</script>\n    indented code?\n# heading')}`,
      '',
    ].join('\n');
    const uri = await fixture(rel, source, sidecar);
    const sidecarUri = uriOf(`${rel}.annotations.yaml`);
    const ref = api.store.sourceFor(uri)!;
    assert.equal(ref.root.corpus.resolve(ref.rel, { rel: 'contradicts', to: '../../../../etc/passwd#x' }).target, null, 'the traversal resolves to nothing');

    const doc = await vscode.workspace.openTextDocument(uri);
    const claim = await hover(doc, at(doc, 'council approved', 2));
    const note = await hover(doc, at(doc, 'said the mayor', 2));
    assertInert([...claim, ...note]);
    const text = plain(claim.map((m) => m.value).join('\n'));
    assert.ok(text.includes(payload.replace(/\s+/g, ' ')), 'the note is shown, as text');
    assert.match(text, /\*\*Contradicts\*\* \.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd#x — \*not found in this workspace\*/);
    for (const t of revealLinks([...claim, ...note])) {
      assert.ok(api.store.sourceFor(vscode.Uri.parse(t.source))?.entry, `reveal target ${t.source} is a known source`);
      assert.doesNotMatch(t.source, /passwd/);
    }
    assert.deepEqual(revealLinks(claim), [{ source: uri.toString(), id: 'evil2' }], 'the one link is the valid same-file link');

    // a billion-laughs sidecar is refused quickly and left as it is
    const bomb = ['marginalia: 1', 'source: bomb.txt', 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++) bomb.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    bomb.push('annotations:', '  - id: b1', '    kind: claim', '    quote: The bridge reopened', '    status: *l9', '');
    const bombUri = await fixture(`${FIXTURES}/evil/bomb.txt`, 'The bridge reopened.\n', bomb.join('\n'));
    const bombSidecar = uriOf(`${FIXTURES}/evil/bomb.txt.annotations.yaml`);
    const [refused] = await waitForDiagnostics(bombSidecar, DiagnosticCodes.sidecar, 'alias bomb reported');
    assert.match(refused.message, /alias|resource/i);
    await assert.rejects(api.writer.apply(bombUri, [{ type: 'add', annotation: { id: 'n1', kind: 'note', quote: 'bridge' } }], 'test'));
    const bombDoc = await vscode.workspace.openTextDocument(bombUri);
    assert.deepEqual(await hover(bombDoc, at(bombDoc, 'bridge')), []);

    assert.equal(await read(sidecarUri), sidecar, 'malicious sidecar unchanged');
    assert.equal(await read(bombSidecar), bomb.join('\n'), 'bomb unchanged');
  });
});
