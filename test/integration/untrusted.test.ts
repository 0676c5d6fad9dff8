// Issue 8, reproductions 1 and 8 in the real extension host: sidecars written to attack the
// analyst who opens them. Whatever Marginalia shows (notifications, hovers) must carry no live
// `command:` link and draw no codicon from file text, and an expected failure must be a message,
// not an error thrown to VS Code (which would add a modal "Command … resulted in an error").
// Messages are read from `api.shown`: every notification goes through extension/ui/messages.ts,
// which in Test mode records what it showed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/extension/ids';
import type { Shown } from '../../src/extension/ui/messages';
import { waitUntil } from './wait';
import { readAs } from './storeRead';

const DIR = 'hostile-fixtures';
const UPDATE_MS = 10_000;
const PAYLOAD = 'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22touch%20PWNED%5Cn%22%7D';
const SOURCE = 'The cat sat on the mat. Officials said the crossing had reopened.\n';

/** VS Code's notification link syntax (linkedText.ts): what would become clickable. */
const LIVE_LINK = /\[[^\]]*\]\((?:https?:\/\/|command:|file:)[^)\s]+/i;
/**
 * Whether the markdown renderer would draw `$(name)`: it looks for icons after markdown's
 * backslash escapes are undone (entities are decoded later, by the browser).
 */
const drawsIcon = (md: string, name: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1').includes(`$(${name})`);

suite('untrusted file text', () => {
  let api: MarginaliaApi;
  const written: vscode.Uri[] = [];
  const uriOf = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, DIR, ...(name ? [name] : []));
  const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

  async function write(name: string, text: string): Promise<vscode.Uri> {
    const uri = uriOf(name);
    written.push(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  /** A source and its sidecar, read by the store. */
  async function fixture(name: string, sidecar: string): Promise<{ source: vscode.Uri; sidecar: vscode.Uri }> {
    const side = await write(`${name}.annotations.yaml`, sidecar);
    const source = await write(name, SOURCE);
    await waitUntil(() => readAs(api.store.sourceFor(source)?.entry, undefined, sidecar), UPDATE_MS, `the store reads ${name}`);
    return { source, sidecar: side };
  }

  async function select(source: vscode.Uri, text: string): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(source));
    const start = editor.document.getText().indexOf(text);
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + text.length));
    return editor;
  }

  /** Runs a command; it must not throw (VS Code would add its own modal with the raw text). */
  async function run(command: string, ...args: unknown[]): Promise<Shown[]> {
    const before = api.shown.length;
    await vscode.commands.executeCommand(command, ...args);
    return api.shown.slice(before);
  }

  function assertNothingLive(shown: Shown[]): void {
    for (const m of shown) {
      for (const t of [m.text, m.detail ?? '', ...m.items]) assert.doesNotMatch(t, LIVE_LINK, `no live link in: ${t}`);
    }
  }

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    assert.ok(api?.shown, 'in ExtensionMode.Test, activate() returns the test seams');
    await api.store.whenIndexed();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // one file at a time (a folder delete is one event), then the folder, once the store let go
    for (const uri of written) await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
    await waitUntil(() => !api.store.allRoots().some((r) => r.corpus.all().some((e) => e.source.startsWith(`${DIR}/`))), UPDATE_MS, 'fixtures leave the store');
    await vscode.workspace.fs.delete(uriOf(''), { recursive: true, useTrash: false });
  });

  test('Add Note on a source whose sidecar holds a command link: one error naming the file, line and column, no live link, sidecar untouched', async () => {
    const text = `marginalia: "[Repair this sidecar](${PAYLOAD})"\nsource: version.txt\nannotations: []\n`;
    const { source, sidecar } = await fixture('version.txt', text);
    await select(source, 'The cat sat');
    const shown = await run(Commands.addNote, { note: 'a note' });
    assertNothingLive(shown);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0].severity, 'error');
    assert.match(shown[0].text, /version\.txt\.annotations\.yaml .*line 1, column \d+/);
    assert.match(shown[0].text, /Repair this sidecar/, 'the words are still there to read');
    assert.deepEqual(shown[0].items, ['Open Sidecar']);
    assert.equal(await read(sidecar), text, 'an unreadable sidecar is never overwritten');
  });

  test('Delete Annotation on a quote holding a command link: the “deleted … Undo” message has no live link', async () => {
    const quote = '[Undo](command:workbench.view.scm)';
    const { source } = await fixture('quote.txt', `marginalia: 1\nsource: quote.txt\nannotations:\n  - {id: q1, kind: note, quote: "${quote}", note: x}\n`);
    const shown = await run(Commands.deleteAnnotation, { source: source.toString(), id: 'q1' });
    assertNothingLive(shown);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].text, /deleted note “\[Undo\] \(command:workbench\.view\.scm\)”/);
    assert.deepEqual(shown[0].items, ['Undo']);
    await vscode.commands.executeCommand(Commands.undo);
  });

  test('Resolve Sidecar Conflict where one side’s kind holds a command link: a message, not a thrown error, and the file is kept', async () => {
    const text = [
      'marginalia: 1',
      'source: conflict.txt',
      'annotations:',
      '  - id: c1',
      '<<<<<<< HEAD',
      '    kind: claim',
      '=======',
      '    kind: "[Run](command:workbench.view.scm)"',
      '>>>>>>> theirs',
      '    quote: The cat sat',
      '',
    ].join('\n');
    const { source, sidecar } = await fixture('conflict.txt', text);
    const shown = await run(Commands.resolveConflict, source);
    assertNothingLive(shown);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0].severity, 'error');
    assert.match(shown[0].text, /conflict\.txt\.annotations\.yaml: one side of the merge cannot be read \(line 5, column \d+: unknown kind/);
    assert.deepEqual(shown[0].items, ['Open Sidecar']);
    assert.equal(await read(sidecar), text);
  });

  test('hovers draw no codicon from a note or an author, and link nowhere (reproduction 8)', async () => {
    const { source } = await fixture(
      'badge.txt',
      'marginalia: 1\nsource: badge.txt\nannotations:\n  - {id: b1, kind: note, quote: The cat sat, note: "$(verified-filled) checked by the desk [ok](command:workbench.view.scm)", author: "A. Analyst $(verified-filled)"}\n',
    );
    const doc = await vscode.workspace.openTextDocument(source);
    await waitUntil(() => (api.live.get(doc)?.annotations.length ?? 0) === 1, UPDATE_MS, 'the note is placed');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', source, doc.positionAt(2));
    const values = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(values, /checked by the desk/);
    assert.ok(!drawsIcon(values, 'verified-filled'), `no codicon from file text in: ${values}`);
    assert.doesNotMatch(values, /\]\(command:(?!marginalia\._reveal)/);
  });
});
