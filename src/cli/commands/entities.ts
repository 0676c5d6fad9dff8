// `marginalia entities`: every registry mention in every source under the paths. Built to scan
// a 50 MB corpus in about a second (bench/entities.ts): files are scanned as bytes, not decoded,
// and the JSON is streamed as bytes assembled from pieces encoded once per entity and source.
// Sources and registries are read only through corpusFs (issue 8): a regular file inside its
// corpus root, under the size cap; anything else is a problem naming the file, never opened.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isSidecarPath, parseWorkspaceQuick } from '../../core/format';
import { MentionMatcher, type MentionSink } from '../../core/mentions/matcher';
import type { Entity, Problem } from '../../core/types';
import { maxOf, pushAll } from '../../core/arrays';
import { maxBytesFromMB, DEFAULT_MAX_FILE_MB } from '../../core/limits';
import { readCorpusBytesSync, readCorpusFileSync } from '../../node/corpusFs';
import { CorpusRoots, type Scope } from '../../node/corpusRoot';
import { repoRoot } from '../../node/git';
import { displayPath, walkFiles, UsageError } from '../fsutil';
import type { Io } from '../io';
import { clip } from '../../core/text/untrusted';
import { describeError, forTerminal, safeJson } from '../output';
import { cooccurrenceOptions, printCooccurrence, type RegistryMentions } from './cooccurrence';

export const ENTITIES_HELP = `Usage: marginalia entities [PATH…] [--json] [--max-size MB]

Lists every mention of a registry entity (a name or alias from marginalia.yaml, found by
walking up from each source's folder) in every source under the paths (default: the current
folder). Sources are *.txt and *.md files; dot-folders, node_modules and sidecars are skipped;
a file named on the command line is always read.

  --json          print {"mentions":[{"entity", "source", "start", "end"}], "summary",
                  "problems"} (offsets in Unicode code points, end exclusive)
  --max-size MB   refuse sources and registries larger than this (default ${DEFAULT_MAX_FILE_MB})
  --cooccurrence  print pairs of entities named in the same sentence, with how often (the
                  Entity Network view's links); --json: {"unit","edges":[{"a","b","weight",
                  "places":[{"source","start","end"}]}]}
  --by UNIT       with --cooccurrence: sentence (default) or paragraph
  --min-weight N  with --cooccurrence: only pairs seen at least N times
  --help          show this help

Files are read only inside their corpus (the folder of the registry); a source or registry
that is a symlink leading outside it, a FIFO or a device, or too large is reported, not read.

Exit status: 0 on success, 1 when a source has no registry or its registry is invalid,
2 on usage errors.
`;

const SOURCE_EXTENSIONS = new Set(['.txt', '.md']);

function isSource(file: string): boolean {
  return SOURCE_EXTENSIONS.has(path.extname(file).toLowerCase()) && !isSidecarPath(file);
}

/** One marginalia.yaml, loaded once however many sources it covers. */
interface Registry {
  file: string;
  entities: readonly Entity[];
  /** Null when the file is invalid: its sources are not scanned. */
  matcher: MentionMatcher | null;
  /** Sources under this registry, scanned or not. */
  files: number;
  /** Per entity: its JSON up to the source's value, as UTF-8, built once. */
  prefixes: Buffer[];
  counts: Int32Array;
  /** Sources mentioning each entity; `lastFile` (the last source counted) avoids a set each. */
  sources: Int32Array;
  lastFile: Int32Array;
}

export async function entitiesCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'max-size': { type: 'string' }, cooccurrence: { type: 'boolean' }, by: { type: 'string' }, 'min-weight': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia entities: ${describeError(e)}\n\n${ENTITIES_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(ENTITIES_HELP);
    return 0;
  }
  const json = opts.values.json === true;
  const maxSize = opts.values['max-size'];
  if (maxSize !== undefined && !(Number(maxSize) > 0)) {
    io.err(`marginalia entities: --max-size takes a number of megabytes, not "${forTerminal(maxSize)}"\n`);
    return 2;
  }
  const cooc = opts.values.cooccurrence ? cooccurrenceOptions(opts.values.by, opts.values['min-weight'], json) : null;
  if (typeof cooc === 'string') {
    io.err(`marginalia entities: ${cooc}\n`);
    return 2;
  }
  const grouped = new Map<Registry, RegistryMentions>();
  // folders resolved once for the run (corpusFs.ts ReadLimits.realDirs): every file's read still checks what it opened
  const limits = { maxBytes: maxBytesFromMB(maxSize === undefined ? undefined : Number(maxSize)), realDirs: new Map<string, string>() };
  const problems: Problem[] = [];
  let found: Map<string, Scope>;
  try {
    found = await findSources(opts.positionals.length ? opts.positionals : ['.'], io.cwd, (dir, message) =>
      problems.push({ file: displayPath(io.cwd, dir), line: 0, column: 0, message: `cannot list this folder: ${message}`, severity: 'error' }),
    );
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`marginalia entities: ${forTerminal(e.message)}\n`);
    return 2;
  }
  const files = [...found.keys()];
  const roots = new CorpusRoots();
  const registries = new Map<string, Registry>();
  const registryOfDir = new Map<string, Registry | null>();
  const registryFor = (file: string): Registry | null => {
    const dir = path.dirname(file);
    let reg = registryOfDir.get(dir);
    if (reg !== undefined) return reg;
    const { root, registry: ws } = roots.of(file, found.get(file)!);
    reg = ws === null ? null : registries.get(ws) ?? loadRegistry(ws, root, limits.maxBytes, io.cwd, problems);
    if (reg) registries.set(reg.file, reg);
    registryOfDir.set(dir, reg);
    return reg;
  };

  let total = 0;
  let scanned = 0;
  const unregistered: string[] = [];
  const writer = json && !opts.values.cooccurrence ? new MentionWriter(io.out) : null;
  for (const file of files) {
    const reg = registryFor(file);
    if (!reg) {
      unregistered.push(file);
      continue;
    }
    reg.files++;
    const matcher = reg.matcher;
    if (!matcher) continue;
    const shown = displayPath(io.cwd, file);
    const read = readCorpusBytesSync(roots.of(file, found.get(file)!).root, file, limits);
    if (!read.ok) {
      problems.push({ file: shown, line: 1, column: 1, message: read.message.split(file).join(shown), severity: 'error' });
      continue;
    }
    const bytes = read.bytes;
    scanned++;
    // Scanning the bytes skips decoding, about a third of the time; a file that is not valid
    // UTF-8 is decoded (with U+FFFD for bad bytes) so its offsets match what editors show.
    const scan = isUtf8(bytes)
      ? (sink: MentionSink) => matcher.scanUtf8(bytes, sink)
      : (sink: MentionSink) => matcher.scan(bytes.toString('utf8'), sink);
    const { counts, sources, lastFile, prefixes } = reg;
    const fileNo = scanned;
    if (cooc) {
      let group = grouped.get(reg);
      if (!group) grouped.set(reg, (group = { entities: reg.entities, sources: [] }));
      const hits: { entity: string; start: number; end: number }[] = [];
      total += scan((k, start, end) => hits.push({ entity: reg.entities[k].id, start, end }));
      group.sources.push({ source: shown, text: bytes.toString('utf8'), hits });
    } else if (writer) {
      const source = Buffer.from(`${safeJson(shown)},"start":`);
      total += scan((k, start, end) => writer.mention(prefixes[k], source, start, end));
    } else {
      total += scan((k) => {
        counts[k]++;
        if (lastFile[k] !== fileNo) {
          lastFile[k] = fileNo;
          sources[k]++;
        }
      });
    }
  }

  if (unregistered.length) {
    const first = displayPath(io.cwd, unregistered[0]);
    const more = unregistered.length > 1 ? ` (and ${unregistered.length - 1} more)` : '';
    problems.push({ file: first, line: 0, column: 0, message: `no marginalia.yaml in this folder or above${more}`, severity: 'error' });
  }
  const failed = problems.some((p) => p.severity === 'error');
  if (cooc) printCooccurrence([...grouped.values()], cooc, io);
  else if (writer) {
    writer.flush();
    io.out(`\n],"summary":${safeJson({ sources: scanned, mentions: total })},"problems":${safeJson(problems)}}\n`);
  } else {
    printTable([...registries.values()], scanned, files.length - scanned, total, io);
  }
  for (const p of problems) io.err(formatProblem(p));
  return failed ? 1 : 0;
}

const END_KEY = Buffer.from(',"end":');

/**
 * The `--json` output, assembled as bytes from pieces encoded once per entity and per source.
 * Concatenating a string per mention cost more than finding the mentions; this writes a few
 * hundred bytes of digits and copies per mention and hands `out` a string per megabyte.
 */
class MentionWriter {
  private buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  private count = 0;

  constructor(private readonly out: (s: string) => void) {
    out('{"mentions":[');
  }

  mention(prefix: Buffer, source: Buffer, start: number, end: number): void {
    const need = prefix.length + source.length + 48;
    if (this.pos + need > this.buf.length) {
      this.flush();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need * 2);
    }
    const buf = this.buf;
    let pos = this.pos;
    if (this.count++ > 0) buf[pos++] = 0x2c; // ,
    buf[pos++] = 0x0a;
    pos += prefix.copy(buf, pos);
    pos += source.copy(buf, pos);
    pos = digits(buf, pos, start);
    pos += END_KEY.copy(buf, pos);
    pos = digits(buf, pos, end);
    buf[pos++] = 0x7d; // }
    this.pos = pos;
  }

  flush(): void {
    if (this.pos > 0) this.out(this.buf.toString('utf8', 0, this.pos));
    this.pos = 0;
  }
}

/** Writes a non-negative integer in decimal at `pos`; returns the position after it. */
function digits(buf: Buffer, pos: number, value: number): number {
  let len = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) len++;
  let p = pos + len;
  let v = value;
  do {
    buf[--p] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  } while (v > 0);
  return pos + len;
}

/** Each source under the paths, with the scope its corpus root is found in. */
async function findSources(paths: string[], cwd: string, onError: (dir: string, message: string) => void): Promise<Map<string, Scope>> {
  const out = new Map<string, Scope>();
  for (const r of paths) {
    const abs = path.resolve(cwd, r);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) throw new UsageError(`no such file or folder: ${r}`);
    const folder = st.isDirectory() ? abs : path.dirname(abs);
    const scope: Scope = { fallback: folder, gitTop: await repoRoot(folder) };
    // a file named on the command line is always read (under the same rules)
    const list = st.isDirectory() ? walkFiles(abs, isSource, onError) : [abs];
    for (const f of list) if (!out.has(f)) out.set(f, scope);
  }
  return out;
}

function loadRegistry(file: string, root: string, maxBytes: number, cwd: string, problems: Problem[]): Registry {
  const shown = displayPath(cwd, file);
  let entities: Entity[] = [];
  let ok = false;
  try {
    const read = readCorpusFileSync(root, file, { maxBytes });
    if (!read.ok) throw new Error(read.message.split(file).join(shown) + (read.line ? ` (line ${read.line}, column ${read.column})` : ''));
    const text = read.text;
    // the writer's shape read directly, its problems placed from it; anything else read carefully
    const parsed = parseWorkspaceQuick(text, shown);
    pushAll(problems, parsed.problems);
    if (parsed.config && !parsed.problems.some((p) => p.severity === 'error')) {
      entities = parsed.config.entities;
      ok = true;
    }
  } catch (e) {
    problems.push({ file: shown, line: 1, column: 1, message: `cannot read: ${(e as Error).message}`, severity: 'error' });
  }
  const matcher = ok ? new MentionMatcher(entities) : null;
  for (const w of matcher?.warnings ?? []) {
    problems.push({ file: shown, line: 0, column: 0, message: `entity "${clip(w.entity, 60)}", alias "${clip(w.alias, 60)}": ${w.message}`, severity: 'warning' });
  }
  return {
    file,
    entities,
    matcher,
    files: 0,
    prefixes: entities.map((e) => Buffer.from(`{"entity":${safeJson(e.id)},"source":`)),
    counts: new Int32Array(entities.length),
    sources: new Int32Array(entities.length),
    lastFile: new Int32Array(entities.length),
  };
}

function printTable(registries: Registry[], scanned: number, skipped: number, total: number, io: Io): void {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  let found = 0;
  let known = 0;
  for (const reg of registries) {
    const where = forTerminal(displayPath(io.cwd, reg.file));
    if (!reg.matcher) {
      io.out(`${where}: invalid (errors below); ${plural(reg.files, 'source')} not scanned\n\n`);
      continue;
    }
    known += reg.entities.length;
    const rows = reg.entities
      .map((e, k) => ({ e, n: reg.counts[k], s: reg.sources[k] }))
      .filter((r) => r.n > 0)
      .sort((a, b) => b.n - a.n || (a.e.id < b.e.id ? -1 : 1));
    found += rows.length;
    io.out(`${where}: ${plural(reg.entities.length, 'entity', 'entities')}, ${plural(reg.files, 'source')}\n`);
    if (!rows.length) {
      io.out('  no mentions\n\n');
      continue;
    }
    const w = Math.max(8, String(rows[0].n).length);
    const shown = rows.map((r) => ({ id: forTerminal(r.e.id), name: forTerminal(r.e.name) }));
    const idw = Math.min(40, maxOf(shown.map((r) => r.id.length), 6));
    const lines = [`  ${'MENTIONS'.padStart(w)}  ${'SOURCES'.padStart(7)}  ${'ENTITY'.padEnd(idw)}  NAME`];
    rows.forEach((r, i) => lines.push(`  ${String(r.n).padStart(w)}  ${String(r.s).padStart(7)}  ${shown[i].id.padEnd(idw)}  ${shown[i].name}`));
    io.out(lines.join('\n') + '\n\n');
  }
  const notScanned = skipped > 0 ? `; ${plural(skipped, 'source')} not scanned` : '';
  io.out(`${plural(total, 'mention')} of ${plural(found, 'entity', 'entities')} (of ${known} registered) in ${plural(scanned, 'source')}${notScanned}\n`);
}

function formatProblem(p: Problem): string {
  const at = p.line > 0 ? `${forTerminal(p.file)}:${p.line}:${p.column}` : forTerminal(p.file);
  return `${at}: ${p.severity}: ${forTerminal(p.message)}\n`;
}
