// Hostile inputs to review and reporting (issue 8, "Bounded cost"): a sidecar whose conflicts
// are each credited from a long history, and a brief of a hub claim that tens of thousands of
// claims link to. Both were quadratic: every conflict value read the whole history again
// (creditFor), and every claim linking to the hub asked the hub's derived status, which reads
// all of the hub's backlinks. Each case times, in this process, the core function `marginalia
// check` / the merge driver and `marginalia export --format brief` call. Seeded by index only,
// no randomness; the inputs are built when the cases are listed, not in the timed part.
import { Corpus } from '../../src/core/corpus';
import { buildBrief, exportInput } from '../../src/core/export';
import { parseSidecarQuick } from '../../src/core/format';
import { listConflicts, reportConflicts, sidecarConflicts, type MergedSidecar } from '../../src/core/merge';
import type { Annotation, FieldConflict, HistoryEntry } from '../../src/core/types';
import type { Case } from '../hostile';

const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('.000Z', 'Z');

/**
 * One claim with `n` history entries (notes and tags, alternately, by seven analysts) and `n`
 * conflict values: half set by some entry of the history (an early one as often as a late one),
 * half by none, so the old scan read all of the history for those.
 */
export function creditedSidecar(n: number): MergedSidecar {
  const history: HistoryEntry[] = [];
  for (let i = 0; i < n; i++) {
    const note = i % 2 === 0;
    history.push({
      at: at(i),
      by: `Analyst ${i % 7}`,
      field: note ? 'note' : 'tags',
      ...(i > 1 ? { from: note ? `note ${i - 2}` : [`t${i - 2}`, 'seen'] } : {}),
      to: note ? `note ${i}` : [`t${i}`, 'seen'],
    });
  }
  const conflicts: FieldConflict[] = [];
  for (let k = 0; k < n / 2; k++) {
    const j = (k * 7919) % n; // an entry anywhere in the history
    const note = j % 2 === 0;
    conflicts.push({
      field: note ? 'note' : 'tags',
      values: [
        { value: note ? `note ${j}` : [`t${j}`, 'seen'], author: 'someone' },
        { value: note ? `never noted ${k}` : [`never ${k}`], author: 'someone else' },
      ],
    });
  }
  const claim: Annotation = { id: 'c1', kind: 'claim', quote: 'the claim', author: 'Analyst 0', created: at(0), history, conflicts };
  return { marginalia: 1, source: 'a.txt', annotations: [claim] };
}

function creditedCount(reports: ReturnType<typeof reportConflicts>): string {
  let values = 0;
  let byHistory = 0;
  for (const r of reports) {
    for (const v of r.conflict.values) {
      values++;
      if (typeof v.author === 'string' && v.author.startsWith('Analyst ')) byHistory++;
    }
  }
  return `${reports.length} conflicts, ${byHistory}/${values} values credited from history`;
}

/**
 * `creditedSidecar(n)` as its file reads, written here line by line as serializeSidecar writes
 * it (which takes seconds over megabytes: the cases are listed before anything is timed).
 */
export function creditedSidecarText(n: number): string {
  const s = creditedSidecar(n);
  const a = s.annotations[0];
  const flow = (v: unknown) => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  const out = ['marginalia: 1', 'source: a.txt', 'annotations:', `  - id: ${a.id}`, `    kind: ${a.kind}`, `    quote: ${a.quote}`, `    author: ${a.author}`, `    created: ${a.created}`, '    history:'];
  for (const e of a.history ?? []) out.push(`      - {at: ${e.at}, by: ${e.by}, field: ${e.field}, ${'from' in e ? `from: ${flow(e.from)}, ` : ''}to: ${flow(e.to)}}`);
  out.push('    conflicts:');
  for (const c of a.conflicts ?? []) {
    out.push(`      - field: ${c.field}`, '        values:');
    for (const v of c.values) {
      if (Array.isArray(v.value)) out.push('          - value:', ...v.value.map((x) => `              - ${x}`));
      else out.push(`          - value: ${v.value}`);
      out.push(`            author: ${v.author}`);
    }
  }
  return out.join('\n') + '\n';
}

/**
 * A hub claim (no status of its own) that `n` claims of `spokes.txt` support, and one claim of
 * `zz.txt` contradicts (last in path order: the hub's derived status reads every backlink before
 * finding it). Read into a Corpus as the CLI reads a folder.
 */
export function hubCorpus(n: number): Corpus {
  const corpus = new Corpus(null);
  corpus.update('hub.txt', 'hub.txt.annotations.yaml', {
    text: 'The hub claim.\n',
    sidecarText: 'marginalia: 1\nsource: hub.txt\nannotations:\n  - id: h\n    kind: claim\n    quote: The hub claim.\n    start: 0\n    end: 14\n',
  });
  const lines: string[] = [];
  const yaml = ['marginalia: 1', 'source: spokes.txt', 'annotations:'];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const line = `Spoke number ${i} agrees.`;
    yaml.push(`  - id: s${i}`, '    kind: claim', `    quote: ${line}`, `    start: ${offset}`, `    end: ${offset + line.length}`, '    links:', '      - {rel: supports, to: hub.txt#h}');
    lines.push(line);
    offset += line.length + 1;
  }
  corpus.update('spokes.txt', 'spokes.txt.annotations.yaml', { text: lines.join('\n') + '\n', sidecarText: yaml.join('\n') + '\n' });
  corpus.update('zz.txt', 'zz.txt.annotations.yaml', {
    text: 'It never happened.\n',
    sidecarText:
      'marginalia: 1\nsource: zz.txt\nannotations:\n  - id: z\n    kind: claim\n    quote: It never happened.\n    start: 0\n    end: 18\n    status: corroborated\n    links:\n      - {rel: contradicts, to: hub.txt#h}\n',
  });
  corpus.settleLinks();
  return corpus;
}

function briefCase(n: number): Case {
  const input = exportInput(hubCorpus(n));
  return {
    label: `brief of a hub claim with ${n.toLocaleString('en')} backlinks`,
    run: () => {
      const b = buildBrief(input);
      const claims = b.groups.flatMap((g) => g.claims);
      const hub = claims.find((c) => c.id === 'h');
      const showDisputed = claims.filter((c) => c.evidence.some((e) => e.source === 'hub.txt' && e.status === 'disputed')).length;
      return `${b.counts.claims} claims; hub ${hub?.status}, ${hub?.evidence.length} evidence; ${showDisputed} claims show it disputed`;
    },
  };
}

export function reviewCases(): Case[] {
  const sidecar = creditedSidecar(32_000);
  // `marginalia check` of 16,000 entries: 3.3 MB, parsing it is most of the time
  const text = creditedSidecarText(16_000);
  return [
    {
      label: 'conflicts credited from history: 32,000 entries, 32,000 values (reportConflicts)',
      run: () => creditedCount(reportConflicts(sidecar)),
    },
    {
      // what Resolve lists (on the extension host): no positions, the writer's shape read directly
      label: `Resolve's conflict list of a ${(text.length / 1e6).toFixed(1)} MB sidecar: 16,000 entries, 16,000 values (listConflicts, parse included)`,
      run: () => creditedCount(listConflicts('sidecar', text, 'a.txt.annotations.yaml')),
    },
    {
      // what `check` reads: its warnings are reported with their lines, placed from the writer's shape (subsetPlaces)
      label: `check's reading of the same sidecar, warnings at their lines (parseSidecarQuick; sidecarConflicts)`,
      run: () => creditedCount(sidecarConflicts(parseSidecarQuick(text, 'a.txt.annotations.yaml'))),
    },
    briefCase(40_000),
    briefCase(80_000),
  ];
}
