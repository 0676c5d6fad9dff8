// Mark Entity and New Entity, and their Undo, as text edits of marginalia.yaml
// (core/format/registryAppend.ts): the new entities' lines after the list's last entity, and
// taken out again, every other byte kept, reading back to what the Document edit gives;
// anything it does not make is left to the Document edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addEntitiesToWorkspace, parseWorkspace } from '../../src/core/format';
import { appendEntities, listReads, readAhead, removeEntities } from '../../src/core/format/registryAppend';
import { readWorkspaceFast } from '../../src/core/format/workspace-fast';
import { addToRegistryText, isUnwritable, removeFromRegistryText } from '../../src/core/format/registryEdits';
import type { Entity } from '../../src/core/types';

const F = 'marginalia.yaml';
const config = (text: string) => parseWorkspace(text, F);

/** The one property: the Document edit's registry, and the file as it was around the new lines. */
function asDocumentEdit(before: string, entities: Entity[]): boolean {
  const appended = appendEntities(before, entities);
  if (!appended) return false;
  const careful = addEntitiesToWorkspace(parseWorkspace(before, F), entities);
  const read = config(appended.text);
  assert.deepEqual(read.problems.filter((p) => p.severity === 'error'), [], appended.text);
  assert.deepEqual(read.config, config(careful).config, appended.text);
  assert.deepEqual(appended.config, read.config);
  // every byte of the file kept: the text is the old one with lines put in at one place
  const { text } = appended;
  let head = 0;
  while (head < before.length && text[head] === before[head]) head++;
  let tail = 0;
  while (tail < before.length - head && text[text.length - 1 - tail] === before[before.length - 1 - tail]) tail++;
  assert.equal(head + tail, before.length, `more than an insertion:\n${text}`);
  return true;
}

const ana = '# the team’s registry\nmarginalia: 1\nentities:\n  - id: ana\n    name: Ana\n    type: person\n    aliases: [Ani]\n';
const vardan: Entity = { id: 'vardan', name: 'Vardan Petrosyan', type: 'person', aliases: [{ text: 'Petrosyan' }, { text: 'the minister', ignoreCase: true }], note: 'Two lines\nof note' };
const unit: Entity = { id: 'fifth', name: ' Fifth Brigade: "the unit" # not a comment', type: 'organization', aliases: [] };

test('new entities after the last one: the text the Document edit writes, for a registry it printed', () => {
  const r = addToRegistryText(ana, F, [vardan, unit]);
  assert.ok(!isUnwritable(r));
  assert.equal(r.text, addEntitiesToWorkspace(parseWorkspace(ana, F), [vardan, unit]));
  assert.deepEqual(r.added, config(r.text).config!.entities.slice(1).map((entity) => ({ kind: 'entity', entity })));
  assert.ok(asDocumentEdit(ana, [vardan, unit]));
});

const kept: [string, string][] = [
  ['comments and empty lines after the list, then more keys', 'marginalia: 1\n# people first\nentities:\n  - id: ana # no: a comment after a value is js-yaml\'s\n    name: Ana\n'.replace(' # no: a comment after a value is js-yaml\'s', '') + '    type: person\n\n  # the list ends here\n\n# claim cues of this desk\ncues: [it is understood]\nhypotheses:\n  - {id: h1, text: It was staged}\n'],
  ['a list at its key\'s column, no final line break', 'marginalia: 1\nentities:\n- id: ana\n  name: Ana\n  type: person\n  aliases:\n  - Ani'],
  ['an entity in flow style, then a note in a block', 'marginalia: 1\nentityTypes: [unit]\nentities:\n  - {id: b, name: Fifth Brigade, type: unit, aliases: [the brigade]}\n  - id: v\n    name: Vardan\n    note: |-\n      first line\n\n      # not a comment\n'],
];
for (const [name, text] of kept) {
  test(`new entities after the last one, every other byte kept: ${name}`, () => {
    assert.ok(asDocumentEdit(text, [vardan]), 'appended');
    assert.ok(asDocumentEdit(text, [vardan, unit]), 'appended');
  });
}

test('new entities in a registry with CRLF line ends (a checkout on Windows): their lines end the same way, and Undo gives the file back', () => {
  const crlf = ana.replace(/\n/g, '\r\n');
  assert.ok(asDocumentEdit(crlf, [vardan, unit]));
  const r = addToRegistryText(crlf, F, [vardan, unit]);
  assert.ok(!isUnwritable(r));
  assert.doesNotMatch(r.text, /[^\r]\n/, 'no line ends in a bare line feed');
  const undone = removeFromRegistryText(r.text, F, r.added);
  assert.ok(!isUnwritable(undone));
  assert.equal(undone.text, crlf);
});

const left: [string, string, Entity[]][] = [
  ['an empty list in flow style (a new registry)', 'marginalia: 1\nentities: []\n', [vardan]],
  ['a list in flow style', 'marginalia: 1\nentities: [{id: a, name: A}]\n', [vardan]],
  ['an id the registry has (its aliases are added)', ana, [{ ...vardan, id: 'ana' }]],
  ['an id given twice', ana, [vardan, { ...unit, id: 'vardan' }]],
  ['a registry with an error', 'marginalia: 1\nentities:\n  - {id: a, name: A, type: planet}\n', [vardan]],
  ['conflict markers', 'marginalia: 1\nentities:\n<<<<<<< ours\n  - {id: a, name: A}\n=======\n  - {id: a, name: B}\n>>>>>>> theirs\n', [vardan]],
  ['a block scalar keeping its last empty lines', 'marginalia: 1\nentities:\n  - id: a\n    name: A\n    note: |+\n      kept\n\n', [vardan]],
  ['an entity whose type the registry does not know', ana, [{ ...vardan, type: 'planet' }]],
];
for (const [name, text, entities] of left) {
  test(`left to the Document edit: ${name}`, () => {
    assert.equal(appendEntities(text, entities), undefined);
    // which still does what it did
    const r = addToRegistryText(text, F, entities);
    if (!isUnwritable(r)) assert.deepEqual(config(r.text).config, config(addEntitiesToWorkspace(parseWorkspace(text, F), entities)).config);
  });
}

// generated registries and entities: whatever is appended reads as the Document edit's registry
// a name or an alias is one line (a line break is an error, left to the Document edit); a note
// may have several. An alias over a line long with ignoreCase is printed as a flow mapping over
// lines, left to the Document edit too (not generated: it would only lower the count).
const word = fc.constantFrom('x', 'the brigade', 'said: he', '"quoted"', 'C# 1', ' lead', 'trail ', 'null', '- item', 'Rieshösil', "it's", 'a'.repeat(120) + ' b');
const note = fc.oneof(word, fc.constantFrom('line\nbreak', 'two\n\nparagraphs\n', 'the convoy was turned back at the river by the minister’s own guard, or so the ministry said a week later'));
const entity = (id: string) =>
  fc.record({ id: fc.constant(id), name: word, type: fc.constantFrom('person', 'organization', 'event'), aliases: fc.array(fc.record({ text: word.filter((w) => w.length < 100), ignoreCase: fc.boolean() }).map((a) => (a.ignoreCase ? a : { text: a.text })), { maxLength: 2 }), note: fc.option(note, { nil: undefined }) }).map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as Entity);
const registry = fc
  .record({
    existing: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 3 }).chain((ids) => fc.tuple(...ids.map(entity))),
    column: fc.constantFrom(0, 2, 4),
    after: fc.constantFrom('', '\n', '\n# end of the list\n', '  # indented\n\n', 'cues: [x]\n', '\n# cues\ncues:\n  - it is said\n'),
    before: fc.constantFrom('', '# registry\n', 'entityTypes: [unit]\n'),
  })
  .map(({ existing, column, after, before }) => {
    const printed = addEntitiesToWorkspace(parseWorkspace('marginalia: 1\nentities: []\n', F), existing).replace(/^entities:\n/m, 'entities:\n');
    const shifted = printed.replace(/^( *)(?=[- ]*\w)/gm, (s) => (s.length ? ' '.repeat(s.length - 2 + column) : s)).replace(/^entities:\n/m, 'entities:\n');
    return `${before}${shifted}${after}`;
  });

test('generated registries and entities: appended, the Document edit\'s registry and the rest of the file kept', () => {
  let appended = 0;
  fc.assert(
    fc.property(registry, fc.uniqueArray(fc.constantFrom('n1', 'n2', 'n3'), { minLength: 1, maxLength: 3 }).chain((ids) => fc.tuple(...ids.map(entity))), (text, entities) => {
      if (asDocumentEdit(text, entities)) appended++;
    }),
    { numRuns: 1000, seed: 15 },
  );
  assert.ok(appended > 800, `only ${appended} of 1000 appended`);
});

test('Undo of Mark Entity takes its lines out as text: the file as it was, byte for byte', () => {
  for (const [, text] of [['', ana], ...kept]) {
    const r = addToRegistryText(text, F, [vardan, unit]);
    assert.ok(!isUnwritable(r));
    const undone = removeFromRegistryText(r.text, F, r.added);
    assert.ok(!isUnwritable(undone) && undone.text !== undefined);
    assert.deepEqual(undone.notes, []);
    // a file without a final line break gets one with the entity, and keeps it
    assert.equal(undone.text, text.endsWith('\n') ? text : `${text}\n`);
  }
});

test('Undo as text: an entity changed since stays, with the Document edit\'s notes; the rest goes', () => {
  const r = addToRegistryText(ana, F, [vardan, unit]);
  assert.ok(!isUnwritable(r));
  const meanwhile = r.text.replace('name: Vardan Petrosyan', 'name: Vardan P.');
  const undone = removeFromRegistryText(meanwhile, F, r.added);
  assert.ok(!isUnwritable(undone) && undone.text !== undefined);
  assert.deepEqual(undone.notes, ['entity “Vardan Petrosyan” was changed since it was added, and was left in the registry']);
  assert.deepEqual(config(undone.text).config!.entities.map((e) => e.id), ['ana', 'vardan']);
  assert.ok(undone.text.startsWith(ana), 'the rest of the file kept');
  // the other way round: the one already gone is noted, the other taken out
  const gone = removeFromRegistryText(ana + r.text.slice(ana.length).replace(/ {2}- id: fifth[^]*$/, ''), F, r.added);
  assert.ok(!isUnwritable(gone));
  assert.deepEqual(gone.notes, [`entity “${unit.name}” is no longer in the registry`]);
  assert.equal(gone.text, ana);
});

test('generated registries: any entities taken out as text read as the registry without them; Undo of an append gives the file back', () => {
  let removed = 0;
  fc.assert(
    fc.property(registry, fc.uniqueArray(fc.constantFrom('n1', 'n2', 'n3'), { minLength: 1, maxLength: 3 }).chain((ids) => fc.tuple(...ids.map(entity))), fc.array(fc.nat(5), { maxLength: 3 }), (text, entities, picks) => {
      const r = addToRegistryText(text, F, entities);
      if (isUnwritable(r)) return;
      const all = config(r.text).config!.entities;
      const ids = new Set(picks.map((k) => all[k % all.length].id));
      const out = removeEntities(r.text, ids);
      if (out) {
        removed++;
        assert.deepEqual(config(out.text).config, { ...config(r.text).config!, entities: all.filter((e) => !ids.has(e.id)) }, out.text);
        assert.deepEqual(config(out.text).problems.filter((p) => p.severity === 'error'), []);
      }
      const undone = removeFromRegistryText(r.text, F, r.added);
      assert.ok(!isUnwritable(undone) && undone.text !== undefined);
      assert.deepEqual(config(undone.text).config, config(text).config);
      if (appendEntities(text, entities)) assert.equal(undone.text, text.endsWith('\n') ? text : `${text}\n`);
    }),
    { numRuns: 500, seed: 16 },
  );
  assert.ok(removed > 250, `only ${removed} of 500 taken out as text`);
});

// One parse of the registry per edit (issue 15): the list read back from what an edit wrote is
// the next edit's when that edit is of the same text (an Undo, a second addition), and its
// config goes with the answer when it read with no finding (work.ts parsedOf).
test('an Undo, or a second addition, of the text an edit wrote reads it no more; a text changed meanwhile is read as it is', () => {
  const reads = () => listReads.count;
  const first = reads();
  const r = addToRegistryText(ana, F, [vardan]);
  assert.ok(!isUnwritable(r));
  assert.equal(reads() - first, 2, 'the registry read, and the new text read back');
  const undone = removeFromRegistryText(r.text, F, r.added);
  assert.ok(!isUnwritable(undone));
  assert.equal(undone.text, ana);
  assert.equal(reads() - first, 3, 'the text the addition wrote not read again: only the new one read back');
  const again = addToRegistryText(undone.text!, F, [unit]);
  assert.ok(!isUnwritable(again));
  assert.equal(reads() - first, 4);
  assert.deepEqual(config(again.text).config!.entities.map((e) => e.id), ['ana', 'fifth']);
  // someone changed the file since: read as it is now, the change kept
  const meanwhile = again.text.replace('name: Ana', 'name: Ana K.');
  const gone = removeFromRegistryText(meanwhile, F, again.added);
  assert.ok(!isUnwritable(gone));
  assert.equal(reads() - first, 6);
  assert.equal(gone.text, ana.replace('name: Ana', 'name: Ana K.'));
});

test('a text edit\'s answer carries the config the fast reader gives for the new text, only when it reads with no finding', () => {
  const r = addToRegistryText(ana, F, [vardan, unit]);
  assert.ok(!isUnwritable(r) && r.clean);
  assert.deepEqual(r.clean, readWorkspaceFast(r.text));
  const undone = removeFromRegistryText(r.text, F, r.added);
  assert.ok(!isUnwritable(undone) && undone.clean);
  assert.deepEqual(undone.clean, readWorkspaceFast(undone.text!));
  // a merge conflict left in the registry: a warning, not an error; edited as text, read again by the store
  const conflicted = `${ana}  - id: aurel\n    name: Aurel\n    type: place\n    conflicts:\n      - field: name\n        values:\n          - value: Aurel\n          - value: Aurél\n`;
  const c = addToRegistryText(conflicted, F, [vardan]);
  assert.ok(!isUnwritable(c));
  assert.ok(c.text.startsWith(conflicted), 'edited as text');
  assert.equal(c.clean, undefined);
  assert.equal(readWorkspaceFast(c.text), null);
  const back = removeFromRegistryText(c.text, F, c.added);
  assert.ok(!isUnwritable(back));
  assert.equal(back.text, conflicted);
  assert.equal(back.clean, undefined);
});

test('a registry read ahead (Mark Entity\'s pick showing): the addition of that same text takes its list; of another text, reads that one', () => {
  const reads = () => listReads.count;
  readAhead(ana);
  const first = reads();
  const r = addToRegistryText(ana, F, [vardan]);
  assert.ok(!isUnwritable(r));
  assert.equal(reads() - first, 1, 'only the new text read back');
  assert.deepEqual(config(r.text).config!.entities.map((e) => e.id), ['ana', 'vardan']);
  // the file changed between the read ahead and the edit: the edit reads it as it is
  readAhead(ana);
  const changed = ana.replace('name: Ana', 'name: Ana K.');
  const second = reads();
  const c = addToRegistryText(changed, F, [vardan]);
  assert.ok(!isUnwritable(c));
  assert.equal(reads() - second, 2);
  assert.ok(c.text.startsWith(changed), 'the change kept');
});
