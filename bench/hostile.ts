// Hostile inputs (issue 8, "Bounded cost"): tiny shared files crafted to make Marginalia's core
// do quadratic work. Each case times, in this process, the core function the CLI and the
// extension call (placeAnnotations for `check` and the editor, the mention matcher for
// `entities` and decorations, the cue finder for claim cues). Target: under 2 s each. Prints
// figures; nothing here is asserted.
//
// Run alone with `npm run bench -- hostile`.
import { Backlinks } from '../src/core/backlinks';
import { findCueSentences } from '../src/core/cues';
import { parseSidecar, serializeSidecar } from '../src/core/format';
import { placeAnnotations } from '../src/core/placement';
import { shiftPlacements } from '../src/core/live/shiftPlacements';
import { MentionMatcher } from '../src/core/mentions/matcher';
import type { Annotation, Entity } from '../src/core/types';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildHostileFolder } from '../test/fixtures/hostile-folder';
import { table } from './lib/anchor-score';
import { analysisCases } from './lib/hostile-analysis';
import { captureCases } from './lib/hostile-capture';
import { reviewCases } from './lib/hostile-review';
import { yamlCases } from './lib/hostile-yaml';

const TARGET_S = 2;

export interface Case {
  label: string;
  run: () => string;
}

export async function benchHostile(): Promise<void> {
  const rows: string[][] = [];
  // each group's inputs made just before its cases run, and let go after: a case timed while
  // another group's megabytes are held pays for their garbage collection
  for (const group of [hostileCases, reviewCases, captureCases, yamlCases, analysisCases]) {
    for (const c of group()) {
      const t0 = performance.now();
      const outcome = c.run();
      const s = (performance.now() - t0) / 1000;
      rows.push([c.label, `${s.toFixed(3)} s`, s < TARGET_S ? 'met' : 'NOT met', outcome]);
    }
  }
  console.log(table(['hostile input', 'time', `< ${TARGET_S} s`, 'outcome'], rows));
  console.log('\nThe built CLI (dist/cli.js) end to end, as CI runs it:');
  console.log(table(['command', 'wall time', 'target', 'exit'], cliRows()));
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
  // …and 400 of them, each with its own context: each searched the whole text again and sorted
  // its 40,000 places (issue 15)
  const manyNotes: Annotation[] = Array.from({ length: 400 }, (_, k) => {
    const start = k * 97 * sentence.length + 1;
    return { id: `m${k}`, kind: 'claim', quote: 'the cat', prefix: `zz${k}`, suffix: 'yy', start, end: start + 7 };
  });
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

  // (c) 40,000 sources whose claims all contradict one claim (a hub, or a corpus made to be
  // one), read in a shuffled order, then half of them changed (a pull): the backlinks' index
  const hub = () => {
    const sources = Array.from({ length: 40_000 }, (_, k) => `desk-${k % 50}/s${k}.txt`);
    const annotations = new Map(sources.map((s, k): [string, Annotation[]] => [s, [{ id: `c${k}`, kind: 'claim', quote: 'q', links: [{ rel: 'contradicts', to: '../hub.txt#h1' }] }]]));
    const links = new Backlinks((s) => annotations.get(s));
    const shuffled = sources.map((s, k) => [(k * 7919) % sources.length, s] as const).sort((x, y) => x[0] - y[0]).map(([, s]) => s);
    for (const s of shuffled) links.changed(s);
    links.settle();
    for (const s of shuffled.slice(0, 20_000)) links.changed(s);
    return `${links.of('hub.txt', 'h1').length} backlinks`;
  };

  // (d) 16,000 annotations crowded into 4 KB: 800 words, twenty notes on each, every stored
  // offset one off (so the anchoring places them, not the verbatim check); each annotation's view
  // of its neighbours scanned every one within 4,096 stored offsets, in every round (issue 15)
  const crowded = () => {
    const offsets: number[] = [];
    let crowdText = '';
    for (let k = 0; k < 800; k++) {
      offsets.push(crowdText.length);
      crowdText += `w${k} `;
    }
    const crowd: Annotation[] = Array.from({ length: 16_000 }, (_, k) => {
      const w = k % 800;
      return { id: `c${k}`, kind: 'note', quote: `w${w}`, start: offsets[w] + 1, end: offsets[w] + 1 + `w${w}`.length };
    });
    const states = placeAnnotations(crowdText, crowd).map((p) => p.result.state);
    return `${states.filter((s) => s === 'orphaned').length}/${states.length} orphaned`;
  };
  // (e) 3,000 claims nested inside one another (each holds the next) over 11 KB of distinct
  // words, offsets one off: each was held by every claim before it
  const nested = () => {
    const nestText = Array.from({ length: 2000 }, (_, k) => `w${k}`).join(' ');
    const claims: Annotation[] = Array.from({ length: 3000 }, (_, k) => {
      const start = k;
      const end = nestText.length - k;
      return { id: `n${k}`, kind: 'claim', quote: nestText.slice(start, end), start: start + 1, end: end + 1 };
    });
    const states = placeAnnotations(nestText, claims).map((p) => p.result.state);
    return `${states.filter((s) => s === 'orphaned').length}/${states.length} orphaned`;
  };

  // (f) the same nesting in a periodic text: each long quote stands at hundreds of places
  const periodic = () => {
    const text = 'ab '.repeat(1344);
    const claims: Annotation[] = Array.from({ length: 2000 }, (_, k) => ({ id: `p${k}`, kind: 'claim', quote: text.slice(k, text.length - k), start: k + 1, end: text.length - k + 1 }));
    const states = placeAnnotations(text, claims).map((p) => p.result.state);
    return `${states.filter((s) => s === 'orphaned').length}/${states.length} orphaned`;
  };

  // (g) a save after every paragraph of a 1 MB source was rewritten through its 19,000
  // annotations: the placements carried across the edits (what the store tries first on a save),
  // else the full anchoring; each orphan searched the edits' new text for its words (issue 15)
  const rewritten = () => {
    const paras: string[] = [];
    const after: string[] = [];
    const annotations: Annotation[] = [];
    let at = 0;
    for (let i = 0; i < 1900; i++) {
      let para = '';
      for (let k = 0; k < 10; k++) {
        const word = `zq${i.toString(36)}y${k}x`;
        annotations.push({ id: `r${i}-${k}`, kind: 'claim', quote: word, start: at + para.length, end: at + para.length + word.length });
        para += `${word} said the minister met the envoy. `;
      }
      para += '\nAn unchanged line between paragraphs keeps them apart from one another.\n';
      paras.push(para);
      after.push(para.replace(/zq[0-9a-z]+y\dx said the minister met the envoy\. /g, 'Rewritten sentence with other words entirely. '));
      at += para.length;
    }
    const before = paras.join('');
    const next = after.join('');
    const placements = shiftPlacements(before, next, placeAnnotations(before, annotations)) ?? placeAnnotations(next, annotations);
    return `${placements.filter((p) => p.result.state === 'orphaned').length}/${placements.length} orphaned`;
  };

  // (h) one claim over a whole long text with two letters edited inside: the approximate search
  // aligned the whole quote at every unit (its length squared; 83 s at 550 KB, issue 15)
  const longClaim = (text: string) => () => {
    const quote = text.slice(0, 1000) + 'XX' + text.slice(1002);
    const [p] = placeAnnotations(text, [{ id: 'l', kind: 'claim', quote, start: 1, end: text.length + 1 }]);
    return `${p.result.state} ${p.result.start}–${p.result.end}`;
  };
  const longWords = Array.from({ length: 80_000 }, (_, k) => `w${k}`).join(' ');
  // distinct characters: a mask per character and block was 370 MB at 55,000 (issue 15)
  const longCjk = Array.from({ length: 50_000 }, (_, k) => String.fromCharCode(0x4e00 + ((k * 7919) % 20_000)) + (k % 10 === 9 ? '。' : '')).join('');
  // (i) five claims on a name with 40,000 units of context each side: each side was aligned in
  // full at every place judged (33 s, issue 15)
  const longContext = () => {
    const text = (Array.from({ length: 20_000 }, (_, k) => `w${k}`).join(' ') + ' Pashinyan said. ').repeat(5);
    const claims: Annotation[] = Array.from({ length: 5 }, (_, k) => ({ id: `x${k}`, kind: 'claim', quote: 'Pashinyan', prefix: 'q'.repeat(40_000), suffix: 'z'.repeat(40_000), start: 5 }));
    const states = placeAnnotations(text, claims).map((p) => p.result.state);
    return `${states.filter((s) => s === 'orphaned').length}/${states.length} orphaned`;
  };

  // (j) one claim of 12 KB in a periodic text, its context the period: each of the thousands of
  // places the prefix ends was paired with each place the suffix begins within reach, and the
  // text between read, to look for the claim rewritten (issue 15)
  const periodicContext = () => {
    const quote = Array.from({ length: 1500 }, (_, k) => `w${k}`).join(' ');
    const around = 'ab '.repeat(2000);
    const text = around + quote + ' ' + around;
    const [p] = placeAnnotations(text, [{ id: 'c', kind: 'claim', quote, prefix: 'ab '.repeat(11), suffix: ' ab'.repeat(11), start: around.length + 2 }]);
    return `${p.result.state} ${p.result.start}`;
  };

  // (k) a sidecar whose 8,000 annotations each keep a reply thread on one line: each kept line
  // was put back by searching the whole printed file for its placeholder (22 s, issue 15)
  const threads = () => {
    let file = 'marginalia: 1\nsource: a.txt\nannotations:\n';
    for (let k = 0; k < 8000; k++) file += `  - id: a${k}\n    kind: note\n    quote: q${k}\n    replies: [{id: r${k}, by: bob, at: '2024-01-01', text: hello}]\n`;
    const p = parseSidecar(file, 'a.txt.annotations.yaml');
    const out = serializeSidecar(p.sidecar!, p.doc);
    return `${(out.length / 1e6).toFixed(1)} MB written`;
  };

  return [
    { label: '8,000 one-line reply threads, sidecar read and written again (parseSidecar, serializeSidecar)', run: threads },
    { label: '19,000 annotated words rewritten in 1 MB, then saved (shiftPlacements, else placeAnnotations)', run: rewritten },
    { label: '1 claim of 12 KB amid 4,000 copies of its context (placeAnnotations)', run: periodicContext },
    { label: '1 claim over 550 KB, two letters edited inside (placeAnnotations)', run: longClaim(longWords) },
    { label: '1 claim over 55,000 distinct CJK characters, two edited (placeAnnotations)', run: longClaim(longCjk) },
    { label: '5 claims on a name with 40,000 units of context each side (placeAnnotations)', run: longContext },
    { label: '16,000 notes crowded into 4 KB, offsets one off (placeAnnotations)', run: crowded },
    { label: '2,000 claims nested over a periodic 4 KB, offsets one off (placeAnnotations)', run: periodic },
    { label: '3,000 claims nested over 11 KB, offsets one off (placeAnnotations)', run: nested },
    { label: '520 KB repeated sentence, 10 notes without offsets (placeAnnotations)', run: placed(notes(false)) },
    { label: '520 KB repeated sentence, 10 notes with offsets (placeAnnotations)', run: placed(notes(true)) },
    { label: '520 KB repeated sentence, 400 notes with offsets (placeAnnotations)', run: placed(manyNotes) },
    { label: '100 KB alias over 200 KB source (MentionMatcher.scan)', run: mentions(words + 'end', false) },
    { label: '100 KB alias over 200 KB source (MentionMatcher.scanUtf8)', run: mentions(words + 'end', true) },
    { label: '100 KB alias of distinct characters (MentionMatcher build + scan)', run: mentions(distinct, false) },
    {
      label: '100 KB claim cue over 200 KB source (findCueSentences)',
      run: () => `${findCueSentences(text, [words + 'end']).length} cue sentences`,
    },
    {
      // V8's sentence segmenter is quadratic in the length it is given: one line of 1 MB
      label: '1 MB of cue sentences on one line (findCueSentences)',
      run: () => `${findCueSentences('It reportedly held. '.repeat(50_000)).length} cue sentences`,
    },
    { label: '40,000 sources contradicting one claim, read, then half changed (Backlinks)', run: hub },
  ];
}

/**
 * `check` and `entities` of the built CLI as a user runs them: on a folder holding only the
 * repeated sentence and its ten notes, on a registry with a 100 KB alias, and on the folder
 * mixing every hostile file of issue 8 (target there: exit 1 within 10 s).
 */
function cliRows(): string[][] {
  const cli = path.join(__dirname, '..', 'dist', 'cli.js');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-bench-hostile-'));
  try {
    const cats = path.join(base, 'cats');
    fs.mkdirSync(cats);
    fs.writeFileSync(path.join(cats, 'cats.txt'), 'the cat sat. '.repeat(40_000));
    fs.writeFileSync(path.join(cats, 'cats.txt.annotations.yaml'), `marginalia: 1\nsource: cats.txt\nannotations:\n${Array.from({ length: 10 }, (_, i) => `  - {id: c${i}, kind: note, quote: the cat, prefix: zz, suffix: yy}\n`).join('')}`);
    const alias = path.join(base, 'alias');
    fs.mkdirSync(alias);
    fs.writeFileSync(path.join(alias, 'marginalia.yaml'), `marginalia: 1\nentities:\n  - id: long\n    name: Long\n    type: other\n    aliases: [${'a'.repeat(100_000)}]\n`);
    fs.writeFileSync(path.join(alias, 'source.txt'), `${'a'.repeat(100_000)} `.repeat(2));
    const { dir: mixed } = buildHostileFolder(path.join(base, 'mixed'));
    const timed = (label: string, cwd: string, args: string[], target: number): string[] => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
      const s = (performance.now() - t0) / 1000;
      return [label, `${s.toFixed(2)} s`, `< ${target} s ${s < target ? 'met' : 'NOT met'}`, r.signal ? `killed (${r.signal})` : String(r.status)];
    };
    return [
      timed('check: 520 KB repeated sentence, 10 short notes', cats, ['check'], TARGET_S),
      timed('entities: 100 KB alias over 200 KB', alias, ['entities'], TARGET_S),
      timed('check: every hostile file of issue 8 together', mixed, ['check'], 10),
    ];
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
