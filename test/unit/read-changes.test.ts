// Whether a re-read changed what the store holds for a source (src/extension/store/readChanges.ts):
// the store tells its listeners only then. A table of entries before and after a read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textHash, type SourceEntry } from '../../src/core/corpus';
import { readState, stateChanged } from '../../src/extension/store/readChanges';
import type { CorpusRoot, SourceRef } from '../../src/extension/store/storeTypes';

const TEXT = 'The minister said the talks would resume in Vienna.\n';
const SIDECAR = 'marginalia: 1\nsource: a.txt\nannotations: []\n';
const UNHASHED = -1;
const root = { missing: new Map(), refused: new Map() } as unknown as CorpusRoot;
const annotation = { id: 'v1', kind: 'note', quote: 'Vienna' };

function entry(over: Partial<SourceEntry> = {}): SourceEntry {
  return {
    source: 'a.txt',
    sidecarPath: 'a.txt.annotations.yaml',
    text: null,
    sidecarText: null,
    readable: true,
    sha256: 'abc',
    textHash: textHash(TEXT),
    sidecarLength: SIDECAR.length,
    sidecarHash: textHash(SIDECAR),
    parsed: { problems: [], conflictLines: [], sidecar: { annotations: [annotation] } } as unknown as SourceEntry['parsed'],
    placements: [{ annotation, result: { state: 'anchored', start: 44, end: 50, confidence: 1 } }] as SourceEntry['placements'],
    mentions: null,
    mentionsCarried: false,
    ...over,
  };
}
const ref = (e: SourceEntry | undefined, over: Partial<SourceRef> = {}) => ({ root, rel: 'a.txt', entry: e, ...over }) as SourceRef;

const CASES: [name: string, before: SourceRef | undefined, after: SourceRef | undefined, changed: boolean][] = [
  ['the same closed source, read anew (new objects, same content)', ref(entry()), ref(entry()), false],
  ['kept whole before, held by its hash after (closed meanwhile)', ref(entry({ text: TEXT, textHash: UNHASHED, sidecarText: SIDECAR, sidecarHash: UNHASHED })), ref(entry()), false],
  ['held by its hash before, kept whole after (opened: a save)', ref(entry()), ref(entry({ text: TEXT, textHash: UNHASHED, sidecarText: SIDECAR, sidecarHash: UNHASHED })), false],
  ['the same kept text, another string', ref(entry({ text: TEXT, textHash: UNHASHED })), ref(entry({ text: `${TEXT}`.slice(0), textHash: UNHASHED })), false],
  ['a kept text edited', ref(entry({ text: TEXT, textHash: UNHASHED })), ref(entry({ text: `${TEXT}More.\n`, textHash: UNHASHED })), true],
  ['a closed text changed', ref(entry()), ref(entry({ textHash: textHash(`${TEXT}More.\n`) })), true],
  ['kept before, another text held by its hash after', ref(entry({ text: TEXT, textHash: UNHASHED })), ref(entry({ textHash: textHash('other') })), true],
  ['the sidecar changed', ref(entry()), ref(entry({ sidecarHash: textHash('x'), sidecarLength: 1 })), true],
  ['an annotation placed elsewhere', ref(entry()), ref(entry({ placements: [{ annotation, result: { state: 'anchored', start: 40, end: 46, confidence: 1 } }] as SourceEntry['placements'] })), true],
  ['the sidecar now has a problem', ref(entry()), ref(entry({ parsed: { problems: [{ line: 1, column: 1, message: 'bad', severity: 'error' }], conflictLines: [], sidecar: null } as unknown as SourceEntry['parsed'] })), true],
  ['the source became unreadable', ref(entry()), ref(entry({ readable: false })), true],
  ['the source is gone', ref(entry()), ref(undefined), true],
  ['refused, with another reason', ref(undefined, { refused: { file: 'a.txt', line: 1, column: 1, message: 'too large', severity: 'error' } }), ref(undefined, { refused: { file: 'a.txt', line: 1, column: 1, message: 'not UTF-8', severity: 'error' } }), true],
  ['a sidecar left behind, read again: told of as before', ref(undefined, { missing: { source: 'a.txt', sidecarPath: 'a.txt.annotations.yaml', parsed: null } }), ref(undefined, { missing: { source: 'a.txt', sidecarPath: 'a.txt.annotations.yaml', parsed: null } }), true],
  ['in no corpus, before and after', undefined, undefined, false],
];

for (const [name, before, after, changed] of CASES) {
  test(`re-read: ${name} → ${changed ? 'told' : 'not told'}`, () => {
    assert.equal(stateChanged(readState(before), readState(after)), changed);
  });
}
