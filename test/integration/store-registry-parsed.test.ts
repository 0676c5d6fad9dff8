// Issue 15 in the real extension host: a workspace folder's large marginalia.yaml is parsed by
// the index's own first worker (node/registryParse.ts), which builds the registry's matcher
// straight after the parse, while the store lists the sources; the index's init names that parse
// (IndexInit.parsed) and the worker takes the matcher it built instead of building it again once
// the init has come, and the entities of its parse, which the host does not pack for it
// (indexInit.ts OWN_PARSE). The mentions every source gets are still the registry matcher's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { indexedApi } from './fixtureFolder';
import { waitUntil } from './wait';
import { invented, INVENTED } from './invented';

/** Over the store's threshold for index workers (100 sources). */
const COUNT = 150;

suite('store: a large workspace registry\'s matcher, built from its parse', () => {
  let api: MarginaliaApi;
  let dir: string;
  let registry: string;
  let original: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await indexedApi();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    registry = path.join(folder, 'marginalia.yaml');
    original = fs.readFileSync(registry, 'utf8');
    dir = fs.mkdtempSync(path.join(folder, 'parsed-'));
    for (let n = 0; n < COUNT; n++) fs.writeFileSync(path.join(dir, `p${n}.txt`), `Report ${n}: Parsedson${n} met Parsed Person ${INVENTED - 1 - n} on Monday.\n`);
    // listed, and the store quiet: the test's index is the next thing it does
    await api.store.reindex();
    await api.store.whenIndexed();
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    fs.writeFileSync(registry, original);
    fs.rmSync(dir, { recursive: true, force: true });
    await api.store.reindex();
  });

  test('the worker that parsed it takes the matcher it built then, and the mentions are the registry matcher\'s', async function () {
    this.timeout(120_000);
    assert.match(original, /^entities:\n/m, 'the sample registry lists its entities in a block');
    let seen = '';
    // the registry changed, and the index started, in one turn: a watcher's read of the new text
    // before the index would leave it nothing to parse (the same text is not parsed twice), so
    // each try writes a text of its own
    for (let attempt = 0; attempt < 5; attempt++) {
      // and an entity of its own: a registry the host keeps no matcher for (it keeps the last two asked for)
      const text = original.replace(/^entities:\n/m, `entities:\n${invented(INVENTED, 'parsed')}  - {id: try-${attempt}, name: Tryhard ${attempt}, type: other}\n`) + `# try ${attempt}\n`;
      assert.ok(text.length > 64 * 1024, 'large enough to be parsed by a worker');
      await api.store.whenIndexed();
      fs.writeFileSync(registry, text);
      await api.store.reindex();
      const workers = api.store.timings.workers;
      seen = JSON.stringify(workers?.workers ?? null);
      if (workers && Object.values(workers.workers).some((w) => w.fromParse > 0)) {
        // that worker took the registry's entities from its own parse too: the host packed them
        // for no worker but another it started (indexInit.ts OWN_PARSE; one on two cores), one
        // that read no source included
        const others = workers.given - 1;
        // this index's pool's (a registry reload beside it, the watcher's event for a write before, packs its own)
        assert.equal(workers.packedFull, others > 0, `the full init asked for by this index, with ${others} other workers`);
        break;
      }
      seen += ' (not taken)';
    }
    assert.ok(!seen.endsWith('(not taken)'), `a worker took the matcher it built from its parse in 5 indexes: ${seen}`);
    await api.store.whenIndexed();
    const root = api.store.allRoots()[0];
    assert.equal(root.corpus.entity(`parsed-person-${INVENTED - 1}`)?.name, `Parsed Person ${INVENTED - 1}`, 'the registry is the store\'s');
    for (const n of [0, 77, COUNT - 1]) {
      const entry = api.store.sourceFor(vscode.Uri.file(path.join(dir, `p${n}.txt`)))?.entry;
      assert.ok(entry?.readable, `p${n}.txt is indexed`);
      const mentions = root.corpus.mentions(entry);
      assert.deepEqual(mentions.map((m) => m.entity), [`parsed-person-${n}`, `parsed-person-${INVENTED - 1 - n}`], `p${n}.txt: its two invented people`);
      const text = await api.store.textOf({ root, rel: entry.source });
      assert.deepEqual(mentions, root.corpus.matcherFind(text!), `p${n}.txt: the worker's mentions are the host matcher's`);
    }
  });

  test('its parse is kept for the next session once the index that read it has ended, not in the middle of it', async function () {
    // issue 15: serialized with its fingerprint, a 5,000-entity registry's parse held the host 15 ms as a first index listed its sources
    this.timeout(120_000);
    await api.store.whenIndexed();
    // the index before (the test before's) keeps its own parse once it has ended: counted from
    // once that has landed, not while it may still (a race this test lost once in a full run)
    for (let last = -1; last !== api.store.counts.registryParsesKept; ) {
      last = api.store.counts.registryParsesKept;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const before = api.store.counts.registryParsesKept;
    let atReady = -1;
    const listening = api.store.onDidChange((change) => {
      if (change.all && !change.listOnly) atReady = api.store.counts.registryParsesKept; // the index's last change: it is ready
    });
    try {
      fs.writeFileSync(registry, original.replace(/^entities:\n/m, `entities:\n${invented(INVENTED, 'parsed')}`) + '# kept after the index\n');
      await api.store.reindex();
    } finally {
      listening.dispose();
    }
    assert.equal(atReady, before, 'nothing kept by the time the index is ready');
    await waitUntil(() => api.store.counts.registryParsesKept === before + 1, 10_000, 'the parse kept after it');
    assert.equal(api.store.allRoots()[0].corpus.entity('parsed-person-0')?.name, 'Parsed Person 0', 'the registry read is the store\'s');
  });
});
