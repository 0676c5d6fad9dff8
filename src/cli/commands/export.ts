// `marginalia export [PATH…] --format w3c|brat|csv|brief|html [-o OUT]`: the corpus out of
// Marginalia (issue 10). Discovery is `check`'s: every sidecar under the paths, and the sources
// (.txt, .md but README/CHANGELOG) beside them or alone, read only through corpusFs (inside the
// corpus, size-capped, strict UTF-8). Nothing is dropped silently: an orphan is exported with
// its state, an unreadable file is named on stderr (and as a caveat in the brief).
// The formats themselves are pure functions in src/core/export.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Corpus } from '../../core/corpus';
import { EXPORT_FORMATS, exportInput, renderExport, toBrat, type ExportFormat, type ExportInput } from '../../core/export';
import { finish } from '../../core/slices';
import { isSidecarPath, parseSidecarQuick, parseWorkspaceQuick, sidecarPathFor, SIDECAR_SUFFIX } from '../../core/format';
import { DEFAULT_MAX_FILE_MB, maxBytesFromMB } from '../../core/limits';
import type { Problem } from '../../core/types';
import { readCorpusFileSync } from '../../node/corpusFs';
import { CorpusRoots, findWorkspaceFile, type Scope } from '../../node/corpusRoot';
import { repoRoot } from '../../node/git';
import { writeFileAtomic } from '../../node/writeAtomic';
import { displayPath, UsageError, walkFiles } from '../fsutil';
import type { Io } from '../io';
import { describeError, forTerminal } from '../output';

export const EXPORT_HELP = `Usage: marginalia export [PATH…] --format FORMAT [-o OUT] [options]

Exports the annotations of every source under the paths (default: the current folder).
Stdout unless -o. Orphaned annotations and open merge conflicts are exported with their
state, never dropped.

  --format w3c     one W3C Web Annotation JSON-LD document (an AnnotationCollection); each
                   annotation also carries its whole sidecar record (marginalia:annotation),
                   so \`marginalia import --format w3c\` gives back the same sidecars
  --format brat    brat standoff into the folder -o DIR: name.txt, name.ann, annotation.conf
  --format csv     one row per annotation (RFC 4180, UTF-8, header row)
  --format brief   a written report in Markdown: claims by status, evidence, entities, caveats
  --format html    the same brief as one standalone, printable HTML file
  -o, --output OUT the file to write (the folder for brat)
  --base IRI       w3c: make source and annotation IRIs absolute under this IRI
  --excel          csv: byte-order mark and CRLF for Excel; cells starting with = + - @ are
                   prefixed with ' so a spreadsheet does not run them as formulas
  --status S,…     brief/html: only claims with these statuses
  --tag T,…        brief/html: only claims with one of these tags
  --author A,…     brief/html: only claims by these people (author or last editor)
  --source P,…     every format: only these sources or folders (relative to the first PATH)
  --max-size MB    refuse files larger than this (default ${DEFAULT_MAX_FILE_MB})
  --help           show this help

Exit status: 0 when exported (unreadable files are named on stderr, and make it 1), 2 on
usage errors.
`;

const SOURCE_FILE = /\.(txt|md)$/i;
const NOT_A_SOURCE = /(^|\/)(README|CHANGELOG)\.md$/i;

export interface LoadedCorpus {
  input: ExportInput;
  /** The folder paths are relative to: the one folder given, else the current folder. */
  base: string;
  /** What could not be read, for stderr. */
  refused: string[];
}

/** Reads the corpus under `paths` the way `check` finds it; shared with `import`. */
export async function loadCorpus(paths: string[], io: Io, maxBytes: number, keepSource?: (rel: string) => boolean): Promise<LoadedCorpus> {
  const abs0 = path.resolve(io.cwd, paths[0] ?? '.');
  const st0 = fs.statSync(abs0, { throwIfNoEntry: false });
  const base = paths.length === 1 && st0?.isDirectory() ? abs0 : io.cwd;
  const found = new Map<string, Scope>();
  const refused: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(io.cwd, p);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    const folder = st?.isDirectory() ? abs : path.dirname(abs);
    const scope: Scope = { fallback: folder, gitTop: await repoRoot(folder) };
    const files = walkFiles(abs, (f) => isSidecarPath(f) || (SOURCE_FILE.test(f) && !NOT_A_SOURCE.test(f)), (dir, m) => refused.push(`${displayPath(io.cwd, dir)}: cannot list this folder: ${m}`));
    for (const f of files) {
      const source = isSidecarPath(f) ? f.slice(0, -SIDECAR_SUFFIX.length) : f;
      if (!found.has(source)) found.set(source, scope);
    }
  }
  const roots = new CorpusRoots();
  const limits = { maxBytes, realDirs: new Map<string, string>() }; // folders resolved once for the run (corpusFs.ts ReadLimits)
  const [firstSource, firstScope] = [...found][0] ?? [path.join(abs0, 'x'), { fallback: base, gitTop: await repoRoot(base) }];
  const registryFile = findWorkspaceFile(path.dirname(firstSource), firstScope.gitTop);
  let config = null;
  if (registryFile) {
    const read = readCorpusFileSync(roots.of(registryFile, firstScope).root, registryFile, limits);
    if (read.ok) {
      const ws = parseWorkspaceQuick(read.text, displayPath(io.cwd, registryFile));
      config = ws.config;
      for (const p of ws.problems) if (p.severity === 'error') refused.push(`${p.file}:${p.line}:${p.column}: ${p.message}`);
    } else refused.push(read.message);
  }
  const corpus = new Corpus(config);
  const problems = new Map<string, Problem[]>();
  for (const [file, scope] of [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const rel = relative(base, io.cwd, file);
    if (keepSource && !keepSource(rel)) continue;
    const { root } = roots.of(file, scope);
    const sidecarFile = sidecarPathFor(file);
    const src = readCorpusFileSync(root, file, limits);
    const text = src.ok ? src.text : null;
    const own: Problem[] = [];
    if (!src.ok && (src.reason !== 'missing' || fs.existsSync(sidecarFile))) {
      refused.push(src.message);
      own.push({ file: rel, line: src.line ?? 1, column: src.column ?? 1, message: src.reason === 'missing' ? 'source file not found' : src.message.split(file).join(rel), severity: 'error' });
    }
    let sidecarText: string | null = null;
    if (fs.lstatSync(sidecarFile, { throwIfNoEntry: false })) {
      const sc = readCorpusFileSync(root, sidecarFile, limits);
      if (sc.ok) sidecarText = sc.text;
      else {
        refused.push(sc.message);
        own.push({ file: rel + SIDECAR_SUFFIX, line: sc.line ?? 1, column: sc.column ?? 1, message: sc.message.split(sidecarFile).join(rel + SIDECAR_SUFFIX), severity: 'error' });
      }
    }
    const parsed = sidecarText === null ? null : parseSidecarQuick(sidecarText, rel + SIDECAR_SUFFIX);
    for (const p of parsed?.problems ?? []) if (p.severity === 'error') refused.push(`${p.file}:${p.line}:${p.column}: ${p.message}`);
    if (own.length) problems.set(rel, own);
    corpus.update(rel, rel + SIDECAR_SUFFIX, { text, sidecarText, parsed });
  }
  return { input: exportInput(corpus, () => true, problems), base, refused };
}

function relative(base: string, cwd: string, file: string): string {
  const rel = path.relative(base, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : displayPath(cwd, file);
}

const list = (v: string | string[] | undefined) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean));

export async function exportCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args, allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, base: { type: 'string' }, excel: { type: 'boolean' },
        status: { type: 'string', multiple: true }, tag: { type: 'string', multiple: true }, author: { type: 'string', multiple: true }, source: { type: 'string', multiple: true },
        'max-size': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`marginalia export: ${describeError(e)}\n\n${EXPORT_HELP}`);
    return 2;
  }
  const v = opts.values;
  if (v.help) {
    io.out(EXPORT_HELP);
    return 0;
  }
  const format = v.format as ExportFormat | undefined;
  const usage = (m: string) => (io.err(`marginalia export: ${forTerminal(m)}\n`), 2);
  if (!format || !EXPORT_FORMATS.includes(format)) return usage(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (format === 'brat' && !v.output) return usage('--format brat writes a folder: give it with -o DIR');
  if (v['max-size'] !== undefined && !(Number(v['max-size']) > 0)) return usage(`--max-size takes a number of megabytes, not "${v['max-size']}"`);
  if (v.base !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(v.base)) return usage('--base must be an absolute IRI, such as https://example.org/corpus/');
  const sources = list(v.source)?.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''));
  const keep = sources ? (rel: string) => sources.some((p) => p === '' || p === '.' || rel === p || rel.startsWith(p + '/')) : undefined;
  let loaded: LoadedCorpus;
  try {
    loaded = await loadCorpus(opts.positionals.length ? opts.positionals : ['.'], io, maxBytesFromMB(v['max-size'] === undefined ? undefined : Number(v['max-size'])), keep);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  for (const r of loaded.refused) io.err(`marginalia export: ${forTerminal(r)}\n`);
  const { input } = loaded;
  const out = v.output ? path.resolve(io.cwd, v.output) : null;
  const emit = (text: string) => {
    if (out) writeFileAtomic(out, text);
    else io.out(text);
  };
  const n = input.sources.reduce((k, s) => k + s.annotations.length, 0);
  const orphans = input.sources.reduce((k, s) => k + s.annotations.filter((a) => a.state === 'orphaned').length, 0);
  switch (format) {
    case 'w3c':
    case 'csv':
    case 'brief':
    case 'html': {
      const filter = { status: list(v.status), tag: list(v.tag), author: list(v.author) };
      emit(finish(renderExport(input, format, { base: v.base, excel: v.excel === true, filter, scope: scopeOf(opts.positionals, sources), atOnce: true })).join(''));
      break;
    }
    case 'brat': {
      const { files } = toBrat(input);
      for (const [rel, text] of files) {
        const file = path.join(out!, ...rel.split('/'));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        writeFileAtomic(file, text);
      }
      break;
    }
  }
  if (out) io.err(`marginalia export: ${n} annotation${n === 1 ? '' : 's'} from ${input.sources.length} source${input.sources.length === 1 ? '' : 's'} (${orphans} orphaned) → ${forTerminal(displayPath(io.cwd, out))}\n`);
  return loaded.refused.length ? 1 : 0;
}

function scopeOf(paths: string[], sources: string[] | undefined): string {
  const where = sources?.length ? sources.join(', ') : paths.length ? paths.join(', ') : 'the current folder';
  return where === '.' ? 'the current folder' : where;
}
