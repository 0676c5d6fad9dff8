// Issue 15: the store tells its listeners (the views, Problems, the editors) of a source only
// when reading it again changed something. After every save it reads the saved source from disk
// although it took that very text from the document at once; that read used to tell everyone
// "changed" a second time, and each recounted or redrew the source for nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { FixtureFolder, UPDATE_MS } from './fixtureFolder';
import { waitUntil } from './wait';

const SOURCE = 'The minister said on Monday that the talks would resume in Vienna.\n';
const SIDECAR = (note: string) =>
  `marginalia: 1\nsource: talks.txt\nannotations:\n  - id: v1\n    kind: note\n    quote: Vienna\n    start: 59\n    end: 65\n    note: ${note}\n`;

let api: MarginaliaApi;

/**
 * The change events that named `uri` (or everything) while `during` ran and until the store had
 * read nothing for `quietMs`, each as 'all' or 'source' (with the time since the start, to say
 * which was which when a count is wrong).
 */
async function changesOf(uri: vscode.Uri, during: () => Promise<unknown>, reads: (n: number) => boolean, quietMs = 600): Promise<string[]> {
  const told: string[] = [];
  const t0 = Date.now();
  const sub = api.store.onDidChange((c) => {
    if (c.all || c.sources.some((u) => u.toString() === uri.toString())) told.push(`${c.all ? 'all' : 'source'} at ${Date.now() - t0} ms (reads ${api.store.counts.reads})`);
  });
  try {
    const before = api.store.counts.reads;
    await during();
    await waitUntil(() => reads(api.store.counts.reads - before), UPDATE_MS, 'the store reads the source again');
    let last = api.store.counts.reads;
    let since = Date.now();
    await waitUntil(() => {
      if (api.store.counts.reads !== last) [last, since] = [api.store.counts.reads, Date.now()];
      return Date.now() - since > quietMs;
    }, UPDATE_MS, 'the store is quiet');
    await api.store.whenIndexed();
  } finally {
    sub.dispose();
  }
  return told;
}

suite('store: a re-read that changes nothing', () => {
  const folder = new FixtureFolder(() => api, 'reread-fixture');

  folder.forSuite((a) => (api = a));

  test('a save tells the listeners once: its read from disk, which finds what the document gave, tells nothing', async function () {
    this.timeout(60_000);
    const uri = await folder.fixture(`${folder.dir}/saved.txt`, SOURCE, SIDECAR('first'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    // after every annotation: the sidecar stays as it is (a save that moves one writes it anew)
    await editor.edit((e) => e.insert(doc.positionAt(doc.getText().length), 'Talks resume on Friday.\n'));
    const told = await changesOf(uri, async () => assert.ok(await doc.save(), 'the save went ahead'), (n) => n >= 1);
    assert.equal(api.store.sourceFor(uri)?.entry?.text, doc.getText(), 'the store holds the saved text');
    assert.equal(told.length, 1, `one change for the save, none for the read that follows: ${told.join('; ')}`);
  });

  test('Refresh of an unchanged source tells nothing; of a changed one, its change', async function () {
    this.timeout(60_000);
    const uri = await folder.fixture(`${folder.dir}/talks.txt`, SOURCE, SIDECAR('first'));
    assert.deepEqual(await changesOf(uri, () => api.store.refresh(uri), (n) => n >= 1), [], 'nothing changed: nothing told');
    const sidecar = `${uri.fsPath}.annotations.yaml`;
    const changed = await changesOf(
      uri,
      async () => {
        fs.writeFileSync(sidecar, SIDECAR('second'));
        await api.store.refresh(uri);
      },
      (n) => n >= 1,
    );
    assert.ok(changed.length >= 1, 'a changed sidecar is told of');
    assert.equal(api.store.sourceFor(uri)?.entry?.parsed?.sidecar?.annotations[0]?.note, 'second');
  });
});
