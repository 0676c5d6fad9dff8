// What the analysis views' WebviewPanelSerializers read back after a restart (issue 13): the
// view state VS Code kept from the page's setState. That state came from a page and sits in the
// workspace's storage, so it is read as untrusted: anything off its fixed set falls back to the
// default, numbers are clamped, lists are capped and keep only strings. The restore itself
// (Developer: Reload Window, each panel back with its state) is the UI test
// test/e2e/analysis-restore.test.mjs.
import * as assert from 'node:assert/strict';
import { readAchState } from '../../src/extension/analysis/achPanel';
import { readNetworkState } from '../../src/extension/analysis/networkPanel';
import { readTimelineState } from '../../src/extension/analysis/timelinePanel';

suite('analysis views: saved state read back after a restart', () => {
  test('the ACH row order: one of two, else most diagnostic first', () => {
    const cases: [unknown, string][] = [
      [{ order: 'source' }, 'source'],
      [{ order: 'diagnosticity' }, 'diagnosticity'],
      [{ order: 'SOURCE' }, 'diagnosticity'],
      [{ order: '<img src=x onerror=alert(1)>' }, 'diagnosticity'],
      [{ order: ['source'] }, 'diagnosticity'],
      [{ order: { toString: () => 'source' } }, 'diagnosticity'],
      [undefined, 'diagnosticity'],
      [null, 'diagnosticity'],
      ['source', 'diagnosticity'],
    ];
    for (const [saved, order] of cases) assert.deepEqual(readAchState(saved), { order, rows: 200 }, JSON.stringify(saved));
  });

  test('the ACH rows shown: a whole number from a page (200) up, capped, else a page', () => {
    const cases: [unknown, number][] = [
      [{ rows: 400 }, 400],
      [{ rows: 200 }, 200],
      [{ rows: 199 }, 200],
      [{ rows: -1 }, 200],
      [{ rows: 250.5 }, 200],
      [{ rows: '400' }, 200],
      [{ rows: Infinity }, 200],
      [{ rows: 1e12 }, 1_000_000],
      [{ rows: null }, 200],
      [{ order: 'source' }, 200],
    ];
    for (const [saved, rows] of cases) assert.equal(readAchState(saved).rows, rows, JSON.stringify(saved));
  });

  test('the timeline rows: by source or by entity, else by source', () => {
    const cases: [unknown, string][] = [
      [{ groupBy: 'entity' }, 'entity'],
      [{ groupBy: 'source' }, 'source'],
      [{ groupBy: 'kind' }, 'source'],
      [{ groupBy: 1 }, 'source'],
      [undefined, 'source'],
      [[], 'source'],
    ];
    for (const [saved, groupBy] of cases) assert.deepEqual(readTimelineState(saved), { groupBy }, JSON.stringify(saved));
  });

  test('the network filters: unit from its set, weight an integer in 1–1000, lists of strings, capped', () => {
    assert.deepEqual(readNetworkState({ unit: 'paragraph', sources: ['file:///w/a.txt'], types: ['place'], minWeight: 2 }), { unit: 'paragraph', sources: ['file:///w/a.txt'], types: ['place'], minWeight: 2 });
    assert.deepEqual(readNetworkState(undefined), { unit: 'sentence', sources: [], types: [], minWeight: 1 });
    const weights: [unknown, number][] = [[0, 1], [-5, 1], [2.5, 1], ['3', 1], [1e9, 1000], [Number.NaN, 1], [Infinity, 1], [7, 7]];
    for (const [minWeight, expected] of weights) assert.equal(readNetworkState({ minWeight }).minWeight, expected, String(minWeight));
    assert.equal(readNetworkState({ unit: 'word' }).unit, 'sentence');
    const hostile = readNetworkState({ sources: [1, null, { a: 1 }, 'x'.repeat(5000), 'file:///w/b.txt', ...Array(6000).fill('s')], types: ['person', 'y'.repeat(300), 42] });
    assert.equal(hostile.sources[0], 'file:///w/b.txt', 'non-strings and overlong strings dropped');
    assert.ok(hostile.sources.length <= 5000, `at most 5,000 sources (${hostile.sources.length})`);
    assert.deepEqual(hostile.types, ['person']);
  });
});
