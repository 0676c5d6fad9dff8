// Hostile analysis inputs (issue 8, "Bounded cost"): marginalia.yaml comes from git, so its
// hypotheses list is as long as anyone made it. The merge built each side's version of the
// list by scanning the clean hypotheses and the contested ids once per id (40,000 hypotheses
// both sides changed: 54.6 s, src/core/merge/hypotheses-merge.ts), and the ACH matrix scanned
// every claim once per hypothesis (16,000 × 16,000: 2.3 s, src/core/analysis/ach.ts).
import { achModel, type EvidenceInput } from '../../src/core/analysis/ach';
import { mergeRegistryTexts } from '../../src/core/merge';
import type { AchRating, Hypothesis } from '../../src/core/types';
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

export function analysisCases(): Case[] {
  return [registryMergeCase(40_000), registryEditsCase(), achCase(16_000)];
}
