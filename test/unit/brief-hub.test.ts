// The brief of a hub claim (issue 8, bounded cost): each claim linking to a hub showed the hub's
// status in its evidence, and the hub's derived status reads all of the hub's backlinks, so a
// brief of a hub with 40,000 backlinks took 4 s and 80,000 took 13 s. The brief now asks each
// claim's status once; what it shows is unchanged: every status in it is the corpus's own
// statusOf for that claim (what the brief asked each time before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus } from '../../src/core/corpus';
import { buildBrief, exportInput } from '../../src/core/export';
import type { Annotation } from '../../src/core/types';

interface Doc {
  text: string;
  /** Sidecar lines under `annotations:`, as the writer lays them out. */
  annotations: string[];
}

function corpusOf(docs: Record<string, Doc>): Corpus {
  const corpus = new Corpus(null);
  for (const [source, d] of Object.entries(docs)) {
    corpus.update(source, `${source}.annotations.yaml`, { text: d.text, sidecarText: ['marginalia: 1', `source: ${source}`, 'annotations:', ...d.annotations].join('\n') + '\n' });
  }
  corpus.settleLinks();
  return corpus;
}

const claim = (id: string, quote: string, start: number, extra: string[] = []) => [`  - id: ${id}`, '    kind: claim', `    quote: ${quote}`, `    start: ${start}`, `    end: ${start + quote.length}`, ...extra];
const linkTo = (rel: string, to: string) => ['    links:', `      - {rel: ${rel}, to: ${to}}`];

/** `n` claims of spokes.txt supporting hub.txt#h; zz.txt contradicts it, and so does another claim of hub.txt itself. */
function hub(n: number, contradicted = true): Corpus {
  const lines: string[] = [];
  const spokes: string[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const q = `Spoke ${i} agrees.`;
    spokes.push(...claim(`s${i}`, q, at, linkTo('supports', 'hub.txt#h')));
    lines.push(q);
    at += q.length + 1;
  }
  return corpusOf({
    'hub.txt': { text: 'The hub claim. Its own doubt.\n', annotations: [...claim('h', 'The hub claim.', 0), ...claim('own', 'Its own doubt.', 15, linkTo('contradicts', 'hub.txt#h'))] },
    'spokes.txt': { text: lines.join('\n') + '\n', annotations: spokes },
    ...(contradicted ? { 'zz.txt': { text: 'It never happened.\n', annotations: claim('z', 'It never happened.', 0, ['    status: corroborated', ...linkTo('contradicts', 'hub.txt#h')]) } } : {}),
  });
}

/** Every claim of the brief, by `source#id`. */
function claimsOf(b: ReturnType<typeof buildBrief>) {
  return new Map(b.groups.flatMap((g) => g.claims).map((c) => [`${c.source}#${c.id}`, c]));
}

/** The annotation behind an evidence item (by source and quote: quotes are distinct here). */
function annotationsByQuote(corpus: Corpus): Map<string, { source: string; annotation: Annotation }> {
  const out = new Map<string, { source: string; annotation: Annotation }>();
  for (const e of corpus.all()) for (const a of e.parsed?.sidecar?.annotations ?? []) out.set(`${e.source}\0${a.quote}`, { source: e.source, annotation: a });
  return out;
}

test('a hub claim contradicted from another source is disputed, in its own entry and in each of its 3,000 supporters’ evidence', () => {
  const n = 3000;
  const corpus = hub(n);
  const b = buildBrief(exportInput(corpus));
  const claims = claimsOf(b);
  const h = claims.get('hub.txt#h')!;
  assert.equal(h.status, 'disputed');
  assert.equal(h.derived, true, 'not assessed: derived from the contradiction');
  assert.equal(b.groups[0].status, 'disputed');
  assert.ok(b.groups[0].claims.some((c) => c.id === 'h'), 'listed first, with what a reader must not miss');
  // against first: zz.txt (another source, corroborated) and hub.txt's own claim (incoming, same source)
  assert.deepEqual(
    h.evidence.filter((e) => e.side === 'against').map((e) => [e.source, e.direction, e.quote, e.status]),
    [
      ['hub.txt', 'incoming', 'Its own doubt.', 'unverified'],
      ['zz.txt', 'incoming', 'It never happened.', 'corroborated'],
    ],
  );
  const support = h.evidence.filter((e) => e.side === 'for');
  assert.equal(support.length, n);
  assert.ok(support.every((e, i) => e.rel === 'supports' && e.direction === 'incoming' && e.source === 'spokes.txt' && e.quote === `Spoke ${i} agrees.` && e.status === 'unverified'));
  for (let i = 0; i < n; i++) {
    const s = claims.get(`spokes.txt#s${i}`)!;
    assert.equal(s.status, 'unverified');
    assert.deepEqual(s.evidence, [{ side: 'for', rel: 'supports', direction: 'outgoing', source: 'hub.txt', quote: 'The hub claim.', status: 'disputed' }]);
  }
  // the claim of hub.txt contradicting its own source's claim disputes nothing (same source)
  assert.equal(claims.get('hub.txt#own')!.status, 'unverified');
  assert.equal(b.counts.claims, n + 3);
});

test('every status in a hub’s brief is what corpus.statusOf says for that claim, as the brief asked it each time before', () => {
  for (const contradicted of [true, false]) {
    const corpus = hub(500, contradicted);
    const byQuote = annotationsByQuote(corpus);
    const b = buildBrief(exportInput(corpus));
    let statuses = 0;
    for (const c of claimsOf(b).values()) {
      const self = byQuote.get(`${c.source}\0${c.quote}`)!;
      assert.equal(c.status, corpus.statusOf(self.source, self.annotation));
      for (const e of c.evidence) {
        const t = byQuote.get(`${e.source}\0${e.quote}`)!;
        assert.equal(e.status, corpus.statusOf(t.source, t.annotation), `${c.id} → ${e.source} ${e.quote}`);
        statuses++;
      }
    }
    assert.equal(statuses, 2 * 500 + (contradicted ? 2 : 0) + 2);
    assert.equal(claimsOf(b).get('hub.txt#h')!.status, contradicted ? 'disputed' : 'unverified');
    // a status filter sees the same statuses
    const only = buildBrief(exportInput(corpus), { status: ['disputed'] });
    assert.deepEqual([...claimsOf(only).keys()], contradicted ? ['hub.txt#h'] : []);
  }
});

test('two claims that share an id in one sidecar each keep their own status in the brief', () => {
  const corpus = corpusOf({
    'a.txt': { text: 'First one. Second one.\n', annotations: [...claim('d', 'First one.', 0, ['    status: refuted']), ...claim('d', 'Second one.', 11)] },
    'b.txt': { text: 'Against.\n', annotations: claim('x', 'Against.', 0, linkTo('contradicts', 'a.txt#d')) },
  });
  const b = buildBrief(exportInput(corpus));
  const mine = b.groups.flatMap((g) => g.claims).filter((c) => c.source === 'a.txt');
  const byQuote = annotationsByQuote(corpus);
  assert.deepEqual(
    mine.map((c) => [c.quote, c.status]),
    mine.map((c) => [c.quote, corpus.statusOf('a.txt', byQuote.get(`a.txt\0${c.quote}`)!.annotation)]),
  );
  assert.equal(mine.find((c) => c.quote === 'First one.')?.status, 'refuted');
});

test('a brief asks each claim’s status of the corpus once, however many claims link to it', () => {
  // the hub's own status reads all of its backlinks: asked once per supporter, a brief of a hub
  // with 80,000 backlinks took 13 s (the bench's hostile rows time it)
  const n = 3000;
  const corpus = hub(n);
  const asked = new Map<string, number>();
  const statusOf = corpus.statusOf.bind(corpus);
  corpus.statusOf = (source, a) => {
    asked.set(`${source}#${a.id}`, (asked.get(`${source}#${a.id}`) ?? 0) + 1);
    return statusOf(source, a);
  };
  const claims = claimsOf(buildBrief(exportInput(corpus)));
  assert.equal(claims.get('hub.txt#h')!.status, 'disputed');
  assert.equal(claims.get(`spokes.txt#s${n - 1}`)!.evidence[0].status, 'disputed');
  assert.equal(asked.get('hub.txt#h'), 1);
  assert.deepEqual([...asked.values()].filter((k) => k > 1), []);
});
