// Every annotating command end to end in the real extension host: run it on a selection, then
// check the bytes written to the sidecar (and to marginalia.yaml), undo, and the guarantees
// the writer gives (invalid sidecars untouched, outside writes kept).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar, parseWorkspace, serializeSidecar } from '../../src/core/format';
import type { Annotation, Sidecar } from '../../src/core/types';
import type { MarginaliaApi } from '../../src/extension';
import { Commands, EXTENSION_ID, Settings } from '../../src/extension/ids';
import { waitUntil } from './wait';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

const BRIEF = [
  'Briefing: the Lisková crossing',
  '',
  'Officials in Aurel said on Tuesday that the crossing at Lisková had reopened. According to a source close to the border service, two convoys were turned back overnight.',
  '',
  'The Halden Institute could not confirm the report. Its director said the satellite passes were “inconclusive”.',
  '',
].join('\n');

suite('commands', () => {
  let api: MarginaliaApi;
  let folder: vscode.Uri;
  let source: vscode.Uri;
  let sidecar: vscode.Uri;

  const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));
  const readSidecar = async (): Promise<Sidecar> => {
    const p = parseSidecar(await read(sidecar), sidecar.fsPath);
    assert.ok(p.sidecar && p.writable, p.problems.map((x) => x.message).join('; '));
    return p.sidecar;
  };
  const byQuote = async (quote: string): Promise<Annotation> => {
    const a = (await readSidecar()).annotations.find((x) => x.quote === quote);
    assert.ok(a, `an annotation on “${quote}”`);
    return a;
  };

  async function select(text: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(source);
    const editor = await vscode.window.showTextDocument(doc);
    const start = doc.getText().indexOf(text);
    assert.ok(start >= 0, text);
    editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(start + text.length));
    return editor;
  }

  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as MarginaliaApi;
    await api.store.whenIndexed();
    folder = vscode.workspace.workspaceFolders![0].uri;
    // a new folder too: sources arriving in folders git creates must be picked up
    source = vscode.Uri.joinPath(folder, 'briefs', 'liskova-crossing.txt');
    sidecar = vscode.Uri.joinPath(folder, 'briefs', 'liskova-crossing.txt.annotations.yaml');
    await vscode.workspace.getConfiguration().update(Settings.author, 'Test Analyst', vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.writeFile(source, encoder.encode(BRIEF));
    await waitUntil(() => api.store.sourceFor(source)?.entry !== undefined, 10_000, 'the new source is indexed');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration().update(Settings.author, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('Mark Selection as Claim writes a new sidecar with quote, context, offsets, status, author and dates', async () => {
    await select('two convoys were turned back overnight');
    await vscode.commands.executeCommand(Commands.markClaim, { status: 'disputed', credibility: 4 });
    const text = await read(sidecar);
    assert.match(text, /^marginalia: 1\nsource: liskova-crossing\.txt\nannotations:\n {2}- id: [0-9a-z]{20}\n {4}kind: claim\n {4}quote: two convoys were turned back overnight\n/);
    const a = await byQuote('two convoys were turned back overnight');
    const cpStart = Array.from(BRIEF.slice(0, BRIEF.indexOf(a.quote))).length;
    assert.deepEqual(
      { prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end, status: a.status, credibility: a.credibility, author: a.author },
      { prefix: Array.from(BRIEF.slice(0, BRIEF.indexOf(a.quote))).slice(-32).join(''), suffix: Array.from(BRIEF.slice(BRIEF.indexOf(a.quote) + a.quote.length)).slice(0, 32).join(''), start: cpStart, end: cpStart + a.quote.length, status: 'disputed', credibility: 4, author: 'Test Analyst' },
    );
    assert.equal(a.prefix!.length, 32);
    assert.match(a.created!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(a.created, a.updated);
    assert.ok(text.endsWith('\n') && !text.includes('\r'));
    // the store and the live document know it at once: the highlight needs no rescan
    const doc = await vscode.workspace.openTextDocument(source);
    assert.ok(api.live.get(doc)?.annotations.some((s) => s.annotation.id === a.id));
  });

  test('a second annotation adds only its own lines to the file', async () => {
    const before = (await read(sidecar)).split('\n');
    await select('Officials in Aurel');
    await vscode.commands.executeCommand(Commands.addNote, { note: 'Which officials?\nThe ministry or the city?' });
    const after = (await read(sidecar)).split('\n');
    // every old line is still there, in order; the new ones form one block
    let i = 0;
    const added: string[] = [];
    for (const line of after) {
      if (i < before.length && line === before[i]) i++;
      else added.push(line);
    }
    assert.equal(i, before.length, 'no old line changed');
    assert.ok(added.some((l) => l.includes('kind: note')));
    assert.ok(added.includes('    note: |-') && added.includes('      Which officials?'), added.join('\n'));
    const note = await byQuote('Officials in Aurel');
    assert.equal(note.note, 'Which officials?\nThe ministry or the city?');
  });

  test('Edit Note and Change Claim Status update one annotation; a status change is a small diff', async () => {
    const claim = await byQuote('two convoys were turned back overnight');
    const before = (await read(sidecar)).split('\n');
    await vscode.commands.executeCommand(Commands.changeStatus, { source: source.toString(), id: claim.id, status: 'refuted' });
    const after = (await read(sidecar)).split('\n');
    // issue 9: the change is credited (updatedBy) and recorded (one history entry); nothing else moves
    const added = after.filter((l) => /^ {4}(updatedBy|history):|^ {6}- \{at: /.test(l));
    assert.deepEqual(added.map((l) => l.trim().split(/[:,]/)[0]), ['updatedBy', 'history', '- {at'], added.join('\n'));
    assert.match(added[2], /by: Test Analyst, field: status, from: disputed, to: refuted\}$/);
    const kept = after.filter((l) => !added.includes(l));
    const changed = before.map((l, k) => (l === kept[k] ? null : [l, kept[k]])).filter(Boolean) as string[][];
    assert.equal(before.length, kept.length);
    // `updated` changes too unless the whole test ran within one second of the creation
    const fields = changed.map(([a]) => a.trim().split(':')[0]).sort();
    assert.ok(fields.join() === 'status' || fields.join() === 'status,updated', fields.join());
    assert.deepEqual(changed.find(([a]) => a.includes('status')), ['    status: disputed', '    status: refuted']);
    assert.equal((await byQuote(claim.quote)).credibility, 4, 'credibility kept');
    const note = await byQuote('Officials in Aurel');
    await vscode.commands.executeCommand(Commands.editNote, { source: source.toString(), id: note.id, note: 'The city council.' });
    assert.equal((await byQuote('Officials in Aurel')).note, 'The city council.');
  });

  test('Link Claim writes a relative link to a claim in another folder, and the target shows the contradiction', async () => {
    const claim = await byQuote('two convoys were turned back overnight');
    const targetUri = vscode.Uri.joinPath(folder, 'analysis', 'satellite-images-kareva.txt');
    const target = api.store.sourceFor(targetUri)!.entry!.parsed!.sidecar!.annotations.find((a) => a.kind === 'claim')!;
    await vscode.commands.executeCommand(Commands.linkClaim, { source: source.toString(), id: claim.id, rel: 'contradicts', target: { source: targetUri.toString(), id: target.id } });
    assert.deepEqual((await byQuote(claim.quote)).links, [{ rel: 'contradicts', to: `../analysis/satellite-images-kareva.txt#${target.id}` }]);
    // the store has the link once it has taken the write in: at once, or by a read under way
    // (one full run of five failed when this was checked at once; not reproduced alone)
    const linked = () => {
      const ref = api.store.sourceFor(targetUri)!;
      return ref.root.corpus.backlinks(ref.rel, target.id).some((b) => b.annotation.id === claim.id && b.rel === 'contradicts');
    };
    await waitUntil(linked, 10_000, 'the target’s backlink');
  });

  test('Mark Selection as Entity: an existing entity with a new alias, and a new entity added to marginalia.yaml', async () => {
    const registryUri = vscode.Uri.joinPath(folder, 'marginalia.yaml');
    await select('the crossing at Lisková');
    await vscode.commands.executeCommand(Commands.markEntity, { name: 'Lisková crossing', type: 'place' });
    let reg = parseWorkspace(await read(registryUri), 'marginalia.yaml');
    const created = reg.config!.entities.find((e) => e.id === 'liskova-crossing');
    assert.deepEqual(created, { id: 'liskova-crossing', name: 'Lisková crossing', type: 'place', aliases: [{ text: 'the crossing at Lisková' }] });
    assert.ok((await read(registryUri)).startsWith('#'), 'the registry’s comments survive');
    assert.equal((await byQuote('the crossing at Lisková')).entity, 'liskova-crossing');

    await select('Its director');
    await vscode.commands.executeCommand(Commands.markEntity, { entity: 'halden-institute', alias: true });
    reg = parseWorkspace(await read(registryUri), 'marginalia.yaml');
    assert.ok(reg.config!.entities.find((e) => e.id === 'halden-institute')!.aliases.some((a) => a.text === 'Its director'));
    // the registry change reaches every source: the new alias is now a mention here
    const doc = await vscode.workspace.openTextDocument(source);
    await waitUntil(() => api.live.get(doc)?.mentions.some((m) => m.entity === 'liskova-crossing') === true, 5_000, 'mentions of the new entity');

    // a new entity whose name makes an id already taken: the first free numbered one
    await select('satellite passes');
    await vscode.commands.executeCommand(Commands.markEntity, { name: 'Liskova Crossing', type: 'event' });
    reg = parseWorkspace(await read(registryUri), 'marginalia.yaml');
    assert.deepEqual(reg.config!.entities.find((e) => e.name === 'Liskova Crossing'), { id: 'liskova-crossing-2', name: 'Liskova Crossing', type: 'event', aliases: [{ text: 'satellite passes' }] });
    assert.equal((await byQuote('satellite passes')).entity, 'liskova-crossing-2');
  });

  test('Delete Annotation removes it and Undo puts the file back byte for byte', async () => {
    const before = await read(sidecar);
    const note = await byQuote('Officials in Aurel');
    await vscode.commands.executeCommand(Commands.deleteAnnotation, { source: source.toString(), id: note.id });
    assert.ok(!(await readSidecar()).annotations.some((a) => a.id === note.id));
    await vscode.commands.executeCommand(Commands.undo);
    assert.equal(await read(sidecar), before);
  });

  test('Re-attach Orphan: after the text changes on disk, the orphan is attached to the selection', async () => {
    const claim = await byQuote('two convoys were turned back overnight');
    const rewritten = BRIEF.replace('two convoys were turned back overnight', 'several lorries waited for hours');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.writeFile(source, encoder.encode(rewritten));
    await waitUntil(() => api.store.sourceFor(source)?.entry?.placements.find((p) => p.annotation.id === claim.id)?.result.state === 'orphaned', 5_000, 'the claim is orphaned');
    // the editor's copy of the file follows the disk on its own schedule
    await waitUntil(async () => (await vscode.workspace.openTextDocument(source)).getText().includes('several lorries'), 5_000, 'the document reloaded');
    await select('several lorries waited for hours');
    await vscode.commands.executeCommand(Commands.reattach, { source: source.toString(), id: claim.id });
    const a = await byQuote('several lorries waited for hours');
    assert.equal(a.id, claim.id);
    assert.equal(a.status, 'refuted', 'everything else kept');
    await waitUntil(() => api.store.sourceFor(source)?.entry?.placements.find((p) => p.annotation.id === claim.id)?.result.state === 'anchored', 5_000, 'anchored again');
  });

  test('a write that lands between Marginalia’s read and its write is kept (concurrent writers)', async () => {
    const outside = { id: 'outside-1', kind: 'note' as const, quote: 'Halden Institute', note: 'added by a script' };
    api.writer.beforeWrite = async (uri) => {
      api.writer.beforeWrite = undefined; // once
      // the sidecar the tests before made; run alone, none yet: the script creates it
      const text = await read(uri).catch(() => undefined);
      const p = text === undefined ? undefined : parseSidecar(text, uri.fsPath);
      const theirs = p ? { ...p.sidecar!, annotations: [...p.sidecar!.annotations, outside] } : { marginalia: 1 as const, source: 'liskova-crossing.txt', annotations: [outside] };
      await vscode.workspace.fs.writeFile(uri, encoder.encode(serializeSidecar(theirs, p?.doc)));
    };
    await select('could not confirm the report');
    await vscode.commands.executeCommand(Commands.markClaim, { status: 'unverified', credibility: null });
    const ids = (await readSidecar()).annotations.map((a) => a.id);
    assert.ok(ids.includes('outside-1'), 'the outside write survived');
    assert.ok((await readSidecar()).annotations.some((a) => a.quote === 'could not confirm the report'), 'and so did ours');
  });

  test('an invalid sidecar is never overwritten: the command says so with the line and column, and throws nothing', async () => {
    const broken = (await read(sidecar)).replace('status: refuted', 'status: [refuted');
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode(broken));
    await select('Officials in Aurel');
    const before = api.shown.length;
    await vscode.commands.executeCommand(Commands.markClaim, { status: 'disputed', credibility: null });
    const shown = api.shown.slice(before);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].severity, 'error');
    assert.match(shown[0].text, /has errors and was left untouched: line \d+, column \d+/);
    assert.deepEqual(shown[0].items, ['Open Sidecar']);
    assert.equal(await read(sidecar), broken);
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode(broken.replace('status: [refuted', 'status: refuted')));
    await waitUntil(() => api.store.sourceFor(source)?.entry?.parsed?.writable === true, 5_000, 'the repaired sidecar is read again');
  });

  test('saving an edited source brings the sidecar’s offsets and context up to date', async () => {
    const claim = await byQuote('several lorries waited for hours');
    const doc = await vscode.workspace.openTextDocument(source);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'UPDATED 14:00 — '));
    assert.equal((await byQuote(claim.quote)).start, claim.start, 'nothing written before the save');
    assert.equal(await doc.save(), true, 'saved');
    assert.ok((await read(source)).startsWith('UPDATED'), 'on disk');
    await waitUntil(async () => (await byQuote(claim.quote)).start === claim.start! + 'UPDATED 14:00 — '.length, 10_000, 'offsets updated on save');
    const after = await byQuote(claim.quote);
    assert.equal(after.end, claim.end! + 'UPDATED 14:00 — '.length);
    assert.equal(after.status, claim.status);
    await waitUntil(() => api.store.sourceFor(source)?.entry?.placements.every((p) => p.result.state === 'anchored') === true, 5_000, 'every annotation anchored against the saved file');
  });

  test('Open Sidecar opens it beside the source', async () => {
    await vscode.window.showTextDocument(source);
    await vscode.commands.executeCommand(Commands.openSidecar);
    await waitUntil(() => vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === sidecar.toString()), 5_000, 'sidecar editor');
    const ed = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === sidecar.toString())!;
    assert.notEqual(ed.viewColumn, vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === source.toString())!.viewColumn);
  });

  test('Nest Sidecars sets the Explorer nesting patterns for the source extensions', async () => {
    await vscode.commands.executeCommand(Commands.nestSidecars);
    const c = vscode.workspace.getConfiguration('explorer.fileNesting');
    assert.equal(c.get('enabled'), true);
    const patterns = c.get<Record<string, string>>('patterns')!;
    assert.match(patterns['*.txt'], /\$\{capture\}\.txt\.annotations\.yaml/);
    await vscode.commands.executeCommand(Commands.nestSidecars);
    assert.equal(c.get<Record<string, string>>('patterns')!['*.txt'].split('annotations.yaml').length, 2, 'idempotent');
  });
});
