// Hostile inputs (issue 8, "Bounded cost"): tiny shared files crafted to make Marginalia's core
// do quadratic work. Each case times, in this process, the core function the CLI and the
// extension call (placeAnnotations for `check` and the editor, the mention matcher for
// `entities` and decorations, the cue finder for claim cues). Target: under 2 s each. Prints
// figures; nothing here is asserted.
//
// Run alone with `npm run bench -- hostile`.
import { findCueSentences } from '../src/core/cues';
import { placeAnnotations } from '../src/core/placement';
import { MentionMatcher } from '../src/core/registry/matcher';
import type { Annotation, Entity } from '../src/core/types';
import { table } from './lib/anchor-score';

const TARGET_S = 2;

export interface Case {
  label: string;
  run: () => string;
}

export async function benchHostile(): Promise<void> {
  const rows: string[][] = [];
  for (const c of hostileCases()) {
    const t0 = performance.now();
    const outcome = c.run();
    const s = (performance.now() - t0) / 1000;
    rows.push([c.label, `${s.toFixed(3)} s`, s < TARGET_S ? 'met' : 'NOT met', outcome]);
  }
  console.log(table(['hostile input', 'time', `< ${TARGET_S} s`, 'outcome'], rows));
}

export function hostileCases(): Case[] {
  // (a) 520 KB of one repeated sentence; ten notes on "the cat" whose stored context is
  // nowhere: 40,000 equally good places each.
  const sentence = 'the cat sat. ';
  const source = sentence.repeat(40_000);
  const notes = (withOffsets: boolean): Annotation[] =>
    Array.from({ length: 10 }, (_, k) => ({
      id: `n${k}`,
      kind: 'claim',
      quote: 'the cat',
      prefix: 'zz',
      suffix: 'yy',
      ...(withOffsets ? { start: k * 997 * sentence.length, end: k * 997 * sentence.length + 7 } : {}),
    }));
  const placed = (notesIn: Annotation[]) => () => {
    const states = placeAnnotations(source, notesIn).map((p) => p.result.state);
    const orphans = states.filter((s) => s === 'orphaned').length;
    return `${orphans}/${states.length} orphaned`;
  };

  // (b) a registry name of 100 KB that the text follows for most of its length from every
  // word start, over a 200 KB source.
  const words = 'word '.repeat(20_000);
  const text = 'word '.repeat(40_000);
  const registry = (alias: string): Entity[] => [
    { id: 'bomb', name: 'Bomb', type: 'other', aliases: [{ text: alias }, { text: alias.toUpperCase(), ignoreCase: true }] },
    { id: 'word', name: 'word', type: 'other', aliases: [] },
  ];
  const mentions = (alias: string, utf8: boolean) => () => {
    const matcher = new MentionMatcher(registry(alias));
    const bytes = Buffer.from(text);
    const count = utf8 ? matcher.scanUtf8(bytes, () => {}) : matcher.scan(text, () => {});
    return `${count} mentions`;
  };
  // 100 KB of distinct characters: every one a class of its own in the matcher's tables.
  const distinct = Array.from({ length: 50_000 }, (_, k) => String.fromCharCode(0x4e00 + (k % 20_000), 0x61 + (k % 26))).join('');

  return [
    { label: '520 KB repeated sentence, 10 notes without offsets (placeAnnotations)', run: placed(notes(false)) },
    { label: '520 KB repeated sentence, 10 notes with offsets (placeAnnotations)', run: placed(notes(true)) },
    { label: '100 KB alias over 200 KB source (MentionMatcher.scan)', run: mentions(words + 'end', false) },
    { label: '100 KB alias over 200 KB source (MentionMatcher.scanUtf8)', run: mentions(words + 'end', true) },
    { label: '100 KB alias of distinct characters (MentionMatcher build + scan)', run: mentions(distinct, false) },
    {
      label: '100 KB claim cue over 200 KB source (findCueSentences)',
      run: () => `${findCueSentences(text, [words + 'end']).length} cue sentences`,
    },
  ];
}
