// Which sources a change to one source can restyle (core/redraw/linkedSources.ts): the Sources
// view recounts those and no others (issue 15). Missing one would leave a row showing a stale
// "disputed"; the table walks the ways a `contradicts` link makes another source's claim disputed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contradictsTargets, LinkedSources } from '../../src/core/redraw/linkedSources';
import type { Annotation } from '../../src/core/types';

const claim = (id: string, links: { rel: 'contradicts' | 'supports'; to: string }[] = []): Annotation => ({ id, kind: 'claim', quote: 'q', links }) as Annotation;

test('contradictsTargets: the other sources a sidecar contradicts, resolved from its folder', () => {
  const CASES: [name: string, source: string, annotations: Annotation[], expected: string[]][] = [
    ['no links', 'a.txt', [claim('a1')], []],
    ['a contradiction in the same folder', 'a.txt', [claim('a1', [{ rel: 'contradicts', to: 'b.txt#b1' }])], ['b.txt']],
    ['resolved from the source\'s folder', 'news/a.txt', [claim('a1', [{ rel: 'contradicts', to: '../analysis/b.txt#b1' }])], ['analysis/b.txt']],
    ['supports restyles nothing', 'a.txt', [claim('a1', [{ rel: 'supports', to: 'b.txt#b1' }])], []],
    ['within the source itself: not another source', 'a.txt', [claim('a1', [{ rel: 'contradicts', to: 'a.txt#a2' }])], []],
    ['leaving the corpus: nothing', 'a.txt', [claim('a1', [{ rel: 'contradicts', to: '../../etc/b.txt#b1' }])], []],
    ['each target once', 'a.txt', [claim('a1', [{ rel: 'contradicts', to: 'b.txt#b1' }]), claim('a2', [{ rel: 'contradicts', to: 'b.txt#b2' }, { rel: 'contradicts', to: 'c.txt#c1' }])], ['b.txt', 'c.txt']],
  ];
  for (const [name, source, annotations, expected] of CASES) assert.deepEqual(contradictsTargets(source, annotations).sort(), expected, name);
});

test('LinkedSources: a change reaches the sources linked either way, before and after', () => {
  const g = new LinkedSources();
  const sorted = (s: Set<string>) => [...s].sort();
  assert.deepEqual(sorted(g.set('a', ['b'])), ['b'], 'a now contradicts b: b may be disputed');
  assert.deepEqual(sorted(g.set('c', [])), [], 'c links nowhere, nothing links to it');
  assert.deepEqual(sorted(g.set('b', [])), ['a'], 'b changed: a links into it (its target may have gone)');
  assert.deepEqual(sorted(g.set('a', ['c'])), ['b', 'c'], 'a moved its link from b to c: both');
  assert.deepEqual(sorted(g.set('b', [])), [], 'b is no longer linked from a');
  assert.deepEqual(sorted(g.set('a', [])), ['c'], 'a gone: what it linked into');
  assert.deepEqual(sorted(g.set('c', [])), [], 'and nothing is left linking to c');
});
