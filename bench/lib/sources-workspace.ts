// The sources workspace at scale (issue 15): 10,000 short articles with sidecars in 100 desk
// folders under the same 5,000-entity registry as the 2,000-source workspace of
// vscode-workspaces.ts, made the same way (sentences of ../shared/corpus with registry names
// spliced in, claims, notes and entity annotations on them), about 5 annotations a source:
// 50,000 in all. Both the CLI rows (`marginalia check --json`, `entities --json`) and the
// 10,000-source session in VS Code read it. Seeded, and cached under bench/.cache/.
// MARGINALIA_BENCH_FLAT=1 puts every source in one folder instead (20,001 entries: the walk's
// batched read of a large folder, node/walkFolder.ts), cached apart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serializeSidecar } from '../../src/core/format';
import { makeEntities, registryYaml, rng } from './registry-gen';
import { annotate, Prose } from './vscode-workspaces';

/** Bump when the generator changes, so a stale cache is rebuilt. */
const VERSION = 1;
const DESKS = 100;

export interface SourcesWorkspace {
  dir: string;
  files: number;
  /** Bytes of source text, and of text and sidecars together. */
  bytes: number;
  withSidecars: number;
  annotations: number;
  entities: number;
}

export function loadOrBuildSourcesWorkspace(cacheRoot: string, articlesDir: string, count = 10_000): SourcesWorkspace {
  const desks = process.env.MARGINALIA_BENCH_FLAT ? 1 : DESKS;
  const root = path.join(cacheRoot, `sources-${count}${desks === 1 ? '-flat' : ''}-v${VERSION}`);
  const meta = path.join(root, 'workspace.json');
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as SourcesWorkspace;
  fs.rmSync(root, { recursive: true, force: true });

  const articles = fs.existsSync(articlesDir)
    ? fs.readdirSync(articlesDir).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(articlesDir, f), 'utf8'))
    : [];
  if (!articles.length) throw new Error(`no articles in ${articlesDir}: the bench samples its prose from them`);
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const sentences = articles.flatMap((a) =>
    [...segmenter.segment(a)].map((s) => s.segment.replace(/\s+/g, ' ').trim()).filter((s) => s.split(' ').filter((w) => /\p{L}/u.test(w)).length >= 6),
  );
  const vocabulary = new Set(articles.join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u));
  const rand = rng(0x76736364); // the registry of vscode-workspaces.ts: the same seed, the same entities
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const entities = makeEntities(rand, pick, vocabulary);
  const prose = new Prose(rand, pick, sentences, entities);

  const dir = path.join(root, 'sources');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'marginalia.yaml'), registryYaml(entities, 'bench/lib/sources-workspace.ts'));
  let bytes = 0;
  let withSidecars = 0;
  let annotations = 0;
  const claims: { rel: string; id: string }[] = [];
  for (let f = 0; f < count; f++) {
    const desk = `desk-${String(f % desks).padStart(3, '0')}`;
    const name = `article-${String(f).padStart(5, '0')}.txt`;
    const rel = `${desk}/${name}`;
    prose.startFile();
    const paras: string[] = [];
    const n = 3 + Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) paras.push(prose.paragraph(2 + Math.floor(rand() * 4)));
    const body = paras.join('\n') + '\n';
    fs.mkdirSync(path.join(dir, desk), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), body);
    const list = annotate(body, prose.spans, 2 + Math.floor(rand() * 7), rand, pick, { rel, claims: claims.length > 2000 ? claims.slice(-2000) : claims });
    annotations += list.length;
    for (const a of list) if (a.kind === 'claim') claims.push({ rel, id: a.id });
    const sidecar = serializeSidecar({ marginalia: 1, source: name, annotations: list });
    fs.writeFileSync(path.join(dir, `${rel}.annotations.yaml`), sidecar);
    bytes += Buffer.byteLength(body);
    withSidecars += Buffer.byteLength(body) + Buffer.byteLength(sidecar);
  }
  const result: SourcesWorkspace = { dir, files: count, bytes, withSidecars, annotations, entities: entities.length };
  fs.writeFileSync(meta, JSON.stringify(result, null, 2));
  return result;
}
