// A generated corpus for the entity scanning bench (issue #2): ~50 MB in a few hundred files,
// 5,000 entities with 10,000 names and aliases, and a known number of mentions.
//
// The text is sentences of the real articles in ../shared/corpus, resampled, with entity
// mentions spliced in place of words, then reflowed at 78 columns the way saved articles are
// (so a two-word name sometimes breaks across a line). Entity names are built from invented
// stems that occur nowhere in the articles, one stem per entity, so every mention in the
// output is one the generator put there: the expected count is exact.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEntities, registryYaml, rng, zipfPicker } from './registry-gen';

export interface EntitiesCorpus {
  dir: string;
  /** Every name and alias, one a line, for `rg -F -f`. */
  aliasesFile: string;
  files: number;
  bytes: number;
  entities: number;
  patterns: number;
  /** Mentions spliced in: what `marginalia entities` must find. */
  expected: number;
  /** Of those, mentions broken across a line or in another case: invisible to `rg -F`. */
  wrapped: number;
  otherCase: number;
}

/** Bump when the generator changes, so a stale cache is rebuilt. */
const VERSION = 3;
const FILES = 300;
const TARGET_BYTES = 50 * 1024 * 1024;
/** Mentions per sentence on average: a name every 20-odd words, as in wire copy. */
const MENTIONS_PER_SENTENCE = 0.9;



export function loadOrBuildEntitiesCorpus(cacheRoot: string, articlesDir: string): EntitiesCorpus {
  const dir = path.join(cacheRoot, `entities-v${VERSION}`);
  const meta = path.join(dir, 'corpus.json');
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as EntitiesCorpus;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'articles'), { recursive: true });

  const articles = fs
    .readdirSync(articlesDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => fs.readFileSync(path.join(articlesDir, f), 'utf8'));
  if (!articles.length) throw new Error(`no articles in ${articlesDir}`);
  const seg = new Intl.Segmenter('en', { granularity: 'sentence' });
  const sentences = articles.flatMap((a) =>
    [...seg.segment(a)].map((s) => s.segment.replace(/\s+/g, ' ').trim()).filter((s) => s.split(' ').length >= 6),
  );
  const vocabulary = new Set(articles.join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u));

  const rand = rng(0x6d617267);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const entities = makeEntities(rand, pick, vocabulary);

  const popular = zipfPicker(entities, rand, 0.8);

  let expected = 0;
  let wrapped = 0;
  let otherCase = 0;
  const mention = (): string => {
    const e = popular();
    expected++;
    let m = rand() < 0.5 ? e.name : e.alias;
    if (m === e.alias && e.ignoreCase && rand() < 0.5) {
      otherCase++;
      m = rand() < 0.5 ? m[0].toUpperCase() + m.slice(1) : m.toUpperCase();
    }
    const r = rand();
    // Possessives: the registry lists "Stem", the text says "Stem’s" (or "Stem's").
    return r < 0.08 ? `${m}’s` : r < 0.1 ? `${m}'s` : m;
  };
  const sentence = (): string => {
    const words = pick(sentences).split(' ');
    let n = Math.floor(MENTIONS_PER_SENTENCE * 2 * rand() + rand());
    while (n-- > 0) {
      const k = Math.floor(rand() * words.length);
      // Replace a plain word, keeping its trailing punctuation: "coup," → "Mention,".
      const m = /^(\p{L}+)([,.;:!?]?)$/u.exec(words[k]);
      if (m && !words[k].includes('\u0000')) words[k] = `\u0000${mention()}\u0000${m[2]}`;
    }
    if (rand() < 0.003) words.push('📰');
    return words.join(' ');
  };

  const perFile = TARGET_BYTES / FILES;
  let bytes = 0;
  for (let f = 0; f < FILES; f++) {
    const paras: string[] = [];
    let size = 0;
    while (size < perFile) {
      const parts: string[] = [];
      const count = 2 + Math.floor(rand() * 5);
      for (let s = 0; s < count; s++) parts.push(sentence());
      const { text, breaks } = reflow(parts.join(' '), 78);
      wrapped += breaks;
      paras.push(text);
      size += Buffer.byteLength(text) + 2;
    }
    const body = paras.join('\n\n') + '\n';
    const sub = path.join(dir, 'articles', `desk-${String(f % 12).padStart(2, '0')}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `article-${String(f).padStart(3, '0')}.${f % 10 === 9 ? 'md' : 'txt'}`), body);
    bytes += Buffer.byteLength(body);
  }

  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), registryYaml(entities, 'bench/lib/entities-corpus.ts'));
  const aliasesFile = path.join(dir, 'aliases.txt');
  fs.writeFileSync(aliasesFile, entities.flatMap((e) => [e.name, e.alias]).join('\n') + '\n');
  const corpus: EntitiesCorpus = {
    dir: path.join(dir, 'articles'),
    aliasesFile,
    files: FILES,
    bytes,
    entities: entities.length,
    patterns: entities.length * 2,
    expected,
    wrapped,
    otherCase,
  };
  fs.writeFileSync(meta, JSON.stringify(corpus, null, 2));
  return corpus;
}

/**
 * Greedy line filling at `width`. Mentions arrive wrapped in NUL marks; the marks are removed
 * here, and a mention the line break falls inside is counted (rg -F cannot see it).
 */
function reflow(text: string, width: number): { text: string; breaks: number } {
  const lines: string[] = [];
  let line = '';
  let inside = false;
  let broke = false;
  let breaks = 0;
  for (const word of text.split(' ')) {
    const marks = word.split('\u0000').length - 1;
    const plain = word.replaceAll('\u0000', '');
    if (line && line.length + 1 + plain.length > width) {
      lines.push(line);
      line = plain;
      if (inside && !broke) {
        breaks++;
        broke = true;
      }
    } else line = line ? `${line} ${plain}` : plain;
    if (marks % 2 === 1) {
      inside = !inside;
      broke = false;
    }
  }
  if (line) lines.push(line);
  return { text: lines.join('\n'), breaks };
}

