// Hostile analysis inputs (issue 8, "Bounded cost"): marginalia.yaml comes from git, so its
// hypotheses list is as long as anyone made it. The merge built each side's version of the
// list by scanning the clean hypotheses and the contested ids once per id (40,000 hypotheses
// both sides changed: 54.6 s, src/core/merge/hypotheses-merge.ts), and the ACH matrix scanned
// every claim once per hypothesis (16,000 × 16,000: 2.3 s, src/core/analysis/ach.ts).
import { achModel, type EvidenceInput } from '../../src/core/analysis/ach';
import { serializeSidecar } from '../../src/core/format';
import { mergeRegistryTexts, mergeSidecarTexts } from '../../src/core/merge';
import type { AchRating, Annotation, Hypothesis } from '../../src/core/types';
import type { Case } from '../hostile';
import { ENTITIES, makeEntities, registryYaml, rng } from './registry-gen';

const FILE = 'marginalia.yaml';

/** A registry with `n` hypotheses; `text(k)` is hypothesis k's text, `note(k)` its note if any. */
function registry(n: number, text: (k: number) => string, note: (k: number) => string | undefined = () => undefined): string {
  const lines = ['marginalia: 1', 'entities: []', 'hypotheses:'];
  for (let k = 0; k < n; k++) {
    const nb = note(k);
    lines.push(`  - {id: h${k}, text: ${text(k)}${nb !== undefined ? `, note: ${nb}` : ''}}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Both sides changed every hypothesis: the even ones differently (contested, the list becomes
 * one conflict offering each side's), the odd ones in different fields (merged cleanly).
 */
export function registryMergeCase(n: number): Case {
  const base = registry(n, (k) => `base ${k}`);
  const ours = registry(n, (k) => `ours ${k}`);
  const theirs = registry(n, (k) => (k % 2 === 0 ? `theirs ${k}` : `base ${k}`), (k) => (k % 2 === 0 ? undefined : `note ${k}`));
  return {
    label: `registry merge, ${n.toLocaleString('en-US')} hypotheses both sides changed (mergeRegistryTexts)`,
    run: () => {
      const r = mergeRegistryTexts(base, ours, theirs, FILE);
      return r.text === null ? `refused: ${r.problems[0]?.message}` : `${r.conflicts} conflict(s), ${(r.text.length / 1e3).toFixed(0)} KB written`;
    },
  };
}

/** `n` hypotheses and `n` claims, each claim rating three of them (and one unknown id). */
export function achCase(n: number): Case {
  const hypotheses: Hypothesis[] = Array.from({ length: n }, (_, k) => ({ id: `h${k}`, text: `Hypothesis ${k}` }));
  const scale: AchRating[] = ['CC', 'C', 'N', 'I', 'II'];
  const evidence: EvidenceInput[] = Array.from({ length: n }, (_, k) => ({
    source: `s${k % 50}.txt`,
    annotation: {
      id: `c${k}`,
      kind: 'claim',
      quote: `claim ${k}`,
      credibility: 1 + (k % 6),
      hypotheses: { [`h${k}`]: scale[k % 5], [`h${(k * 7 + 1) % n}`]: scale[(k + 3) % 5], [`h${(k * 13 + 5) % n}`]: scale[(k + 1) % 5], gone: 'II' },
    },
    status: k % 17 === 0 ? 'refuted' : 'unverified',
    reliability: 'ABCDEF'[k % 6],
  }));
  return {
    label: `ACH model, ${n.toLocaleString('en-US')} hypotheses × ${n.toLocaleString('en-US')} claims (achModel)`,
    run: () => {
      const m = achModel(hypotheses, evidence);
      const best = m.columns.filter((c) => c.rank === 1).length;
      return `${m.columns.length} columns, ${m.rows.length} rows, ${best} ranked first`;
    },
  };
}

/**
 * Not hostile, large: the benches' 5,000-entity registry (registry-gen.ts), one side renaming a
 * tenth of its entities and the other noting others, as two analysts' registries merge at scale.
 * Each side changes different entities: the merge takes each side's lines as written
 * (core/merge/registry-blocks.ts); the Documents' careful merge took 1.6-2.1 s.
 */
export function registryEditsCase(): Case {
  const rand = rng(15);
  const base = registryYaml(makeEntities(rand, (xs) => xs[Math.floor(rand() * xs.length)], new Set()), 'bench/lib/hostile-analysis.ts');
  let k = 0;
  const ours = base.replace(/^( {4}name: .*)$/gm, (line) => (k++ % 10 === 3 ? `${line} Jr` : line));
  const theirs = base.replace(/^( {2}- id: \S+7)$/gm, '$1\n    note: checked twice');
  return {
    label: `registry merge, ${ENTITIES.toLocaleString('en-US')} entities, each side editing others (mergeRegistryTexts)`,
    run: () => {
      const r = mergeRegistryTexts(base, ours, theirs, FILE);
      return r.text === null ? `refused: ${r.problems[0]?.message}` : `${r.conflicts} conflict(s), ${(r.text.length / 1e3).toFixed(0)} KB written`;
    },
  };
}

/**
 * Not hostile, large: one heavily annotated source's sidecar, `n` notes and claims (20,000 make
 * 6.3 MB here), one side noting a tenth of them and the other changing the status of a seventh,
 * some of them the same annotations (in other fields). The careful merge of the Documents took
 * 13.9-15.3 s; each side's own lines, and the writer's for an annotation both changed, 1.5 s
 * (core/merge/sidecar-blocks.ts).
 */
export function sidecarEditsCase(n: number): Case {
  const STATUSES = ['unverified', 'disputed', 'corroborated', 'refuted'] as const;
  const annotations: Annotation[] = Array.from({ length: n }, (_, k) => ({
    id: `01m${k.toString(36).padStart(8, '0')}`,
    kind: k % 3 === 0 ? 'note' : 'claim',
    quote: `the words of sentence ${k}, as the transcript has them`,
    prefix: `before ${k} `,
    suffix: ` after ${k}`,
    start: 50 * k,
    end: 50 * k + 40,
    ...(k % 3 === 0 ? { note: `Check sentence ${k} against the recording.` } : { status: STATUSES[k % 4] }),
    author: 'Sam Okafor',
    created: '2026-11-01T00:06:00Z',
    updated: '2026-11-01T00:06:00Z',
  }));
  const base = serializeSidecar({ marginalia: 1, source: 'transcript.txt', annotations });
  const ours = serializeSidecar({ marginalia: 1, source: 'transcript.txt', annotations: annotations.map((a, k) => (k % 10 === 3 ? { ...a, note: 'checked twice', updated: '2026-12-01T00:00:00Z' } : a)) });
  const theirs = serializeSidecar({ marginalia: 1, source: 'transcript.txt', annotations: annotations.map((a, k) => (k % 7 === 2 && a.kind === 'claim' ? { ...a, status: 'refuted' as const, updated: '2026-12-02T00:00:00Z' } : a)) });
  return {
    label: `sidecar merge, ${n.toLocaleString('en-US')} annotations (${(base.length / 1e6).toFixed(1)} MB), each side editing a few (mergeSidecarTexts)`,
    run: () => {
      const r = mergeSidecarTexts(base, ours, theirs, 'transcript.txt.annotations.yaml');
      return r.text === null ? `refused: ${r.problems[0]?.message}` : `${r.conflicts} conflict(s), ${(r.text.length / 1e6).toFixed(1)} MB written`;
    },
  };
}

export function analysisCases(): Case[] {
  return [registryMergeCase(40_000), registryEditsCase(), sidecarEditsCase(20_000), achCase(16_000)];
}
