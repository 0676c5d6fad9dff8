// A sidecar checked out on Windows (git's core.autocrlf) ends its lines with CRLF. A change made
// in the editor is written with the line ends the file has (core/text/lineEnds.ts, through the
// one guarded edit): the analyst's diff is the lines they changed, not every line of the file;
// and Undo gives the file back byte for byte. The editor's writes through the worker, as a user
// makes them (the status command), compared with the same change of an LF twin.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { Commands } from '../../src/extension/ids';
import { textHash } from '../../src/core/sourceEntry';
import { FixtureFolder, read, sidecarOf, UPDATE_MS } from './fixtureFolder';
import { waitUntil } from './wait';

let api: MarginaliaApi;

const SOURCE = 'The mayor of Aurel said the bridge would reopen in May.\n\nIn Aurel, nobody believed it.\n';
const sidecar = (name: string) =>
  ['marginalia: 1', `source: ${name}`, 'annotations:', '  - id: c1', '    kind: claim', '    quote: said the bridge would reopen in May', '    status: unverified', '', '  - id: n1', '    kind: note', '    quote: nobody believed it', '    note: check the council minutes', ''].join('\n');
const crlf = (s: string) => s.replace(/\n/g, '\r\n');
/** The text without what differs between two runs of the same change: the file's name and the time. */
const same = (s: string, name: string) => s.split(name).join('NAME').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'WHEN');

suite('line ends: a CRLF sidecar', () => {
  const folder = new FixtureFolder(() => api, 'line-ends-fixture');
  folder.forSuite((a) => (api = a));

  test('a status changed by command is written with CRLF, the same lines as in an LF file; Undo gives the bytes back', async function () {
    this.timeout(60_000);
    const windows = await folder.fixture(`${folder.dir}/windows.txt`, SOURCE, crlf(sidecar('windows.txt')));
    const unix = await folder.fixture(`${folder.dir}/unix.txt`, SOURCE, sidecar('unix.txt'));
    const written: string[] = [];
    for (const uri of [windows, unix]) {
      const before = await read(sidecarOf(uri));
      await vscode.commands.executeCommand(Commands.changeStatus, { source: uri.toString(), id: 'c1', status: 'disputed' });
      const held = api.store.sourceFor(uri)?.entry;
      const after = await read(sidecarOf(uri));
      // what the store took from the write is the file written (not read again as a change)
      assert.equal(held?.sidecarHash, textHash(after), 'the store holds the hash of the text written');
      assert.notEqual(after, before, 'written');
      assert.match(after, /status: disputed/);
      written.push(after);
    }
    const [cr, lf] = written;
    assert.ok(!/(?<!\r)\n/.test(cr), 'every line of the CRLF file ends with CRLF');
    assert.ok(!lf.includes('\r'), 'the LF file keeps line feeds');
    assert.equal(same(cr.replace(/\r\n/g, '\n'), 'windows.txt'), same(lf, 'unix.txt'), 'the same lines as the LF file');
    await waitUntil(() => api.store.sourceFor(windows)?.entry?.parsed?.sidecar?.annotations[0].status === 'disputed', UPDATE_MS, 'the store holds the change');

    // Undo (the LF file's change was the last: undone first)
    await vscode.commands.executeCommand(Commands.undo);
    await waitUntil(async () => (await read(sidecarOf(unix))) === sidecar('unix.txt'), UPDATE_MS, 'the LF file undone');
    await vscode.commands.executeCommand(Commands.undo);
    await waitUntil(async () => (await read(sidecarOf(windows))) === crlf(sidecar('windows.txt')), UPDATE_MS, 'the CRLF file undone to the same bytes');
  });
});
