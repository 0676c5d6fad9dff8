// `marginalia entities`: every registry mention in every source under the paths. Built to scan
// a 50 MB corpus in about a second (bench/entities.ts): files are scanned as bytes, not decoded,
// and the JSON is streamed as bytes assembled from pieces encoded once per entity and source.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isSidecarPath, parseWorkspace, readWorkspaceFast } from '../../core/format';
import { MentionMatcher, type MentionSink } from '../../core/registry/matcher';
import type { Entity, Problem } from '../../core/types';
import { displayPath, findWorkspaceFile, walkFiles, UsageError } from '../fsutil';
import type { Io } from '../io';

export const ENTITIES_HELP = `Usage: marginalia entities [PATH…] [--json]

Lists every mention of a registry entity (a name or alias from marginalia.yaml, found by
walking up from each source's folder) in every source under the paths (default: the current
folder). Sources are *.txt and *.md files; dot-folders, node_modules and sidecars are skipped;
a file named on the command line is always read.

  --json    print {"mentions":[{"entity", "source", "start", "end"}], "summary", "problems"}
            (offsets in Unicode code points, end exclusive)
  --help    show this help

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
    opts = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia entities: ${(e as Error).message}\n\n${ENTITIES_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(ENTITIES_HELP);
    return 0;
  }
  const json = opts.values.json === true;
  let files: string[];
  try {
    files = findSources(opts.positionals.length ? opts.positionals : ['.'], io.cwd);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`marginalia entities: ${e.message}\n`);
    return 2;
  }

  const problems: Problem[] = [];
  const registries = new Map<string, Registry>();
  const registryOfDir = new Map<string, Registry | null>();
  const registryFor = (file: string): Registry | null => {
    const dir = path.dirname(file);
    let reg = registryOfDir.get(dir);
    if (reg !== undefined) return reg;
    const ws = findWorkspaceFile(dir);
    reg = ws === null ? null : registries.get(ws) ?? loadRegistry(ws, io.cwd, problems);
    if (reg) registries.set(reg.file, reg);
    registryOfDir.set(dir, reg);
    return reg;
  };

  let total = 0;
  let scanned = 0;
  const unregistered: string[] = [];
  const writer = json ? new MentionWriter(io.out) : null;
  for (const file of files) {
    const reg = registryFor(file);
    if (!reg) {
      unregistered.push(file);
      continue;
    }
    reg.files++;
    const matcher = reg.matcher;
    if (!matcher) continue;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      problems.push({ file: displayPath(io.cwd, file), line: 0, column: 0, message: `cannot read: ${(e as Error).message}`, severity: 'error' });
      continue;
    }
    scanned++;
    // Scanning the bytes skips decoding, about a third of the time; a file that is not valid
    // UTF-8 is decoded (with U+FFFD for bad bytes) so its offsets match what editors show.
    const scan = isUtf8(bytes)
      ? (sink: MentionSink) => matcher.scanUtf8(bytes, sink)
      : (sink: MentionSink) => matcher.scan(bytes.toString('utf8'), sink);
    const { counts, sources, lastFile, prefixes } = reg;
    const fileNo = scanned;
    if (writer) {
      const source = Buffer.from(`${JSON.stringify(displayPath(io.cwd, file))},"start":`);
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
  if (writer) {
    writer.flush();
    io.out(`\n],"summary":${JSON.stringify({ sources: scanned, mentions: total })},"problems":${JSON.stringify(problems)}}\n`);
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

function findSources(roots: string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const r of roots) {
    const abs = path.resolve(cwd, r);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) throw new UsageError(`no such file or folder: ${r}`);
    if (st.isFile()) out.add(abs);
    else for (const f of walkFiles(abs, isSource)) out.add(f);
  }
  return [...out];
}

function loadRegistry(file: string, cwd: string, problems: Problem[]): Registry {
  const shown = displayPath(cwd, file);
  let entities: Entity[] = [];
  let ok = false;
  try {
    const text = fs.readFileSync(file, 'utf8');
    // a clean registry takes the fast path; anything doubtful is read again with positions
    const fast = readWorkspaceFast(text);
    if (fast) {
      entities = fast.entities;
      ok = true;
    } else {
      const parsed = parseWorkspace(text, shown);
      problems.push(...parsed.problems);
      if (parsed.config && !parsed.problems.some((p) => p.severity === 'error')) {
        entities = parsed.config.entities;
        ok = true;
      }
    }
  } catch (e) {
    problems.push({ file: shown, line: 0, column: 0, message: `cannot read: ${(e as Error).message}`, severity: 'error' });
  }
  const matcher = ok ? new MentionMatcher(entities) : null;
  for (const w of matcher?.warnings ?? []) {
    problems.push({ file: shown, line: 0, column: 0, message: `entity "${w.entity}", alias "${w.alias}": ${w.message}`, severity: 'warning' });
  }
  return {
    file,
    entities,
    matcher,
    files: 0,
    prefixes: entities.map((e) => Buffer.from(`{"entity":${JSON.stringify(e.id)},"source":`)),
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
    const where = displayPath(io.cwd, reg.file);
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
    const idw = Math.min(40, Math.max(6, ...rows.map((r) => r.e.id.length)));
    const lines = [`  ${'MENTIONS'.padStart(w)}  ${'SOURCES'.padStart(7)}  ${'ENTITY'.padEnd(idw)}  NAME`];
    for (const r of rows) lines.push(`  ${String(r.n).padStart(w)}  ${String(r.s).padStart(7)}  ${r.e.id.padEnd(idw)}  ${r.e.name}`);
    io.out(lines.join('\n') + '\n\n');
  }
  const notScanned = skipped > 0 ? `; ${plural(skipped, 'source')} not scanned` : '';
  io.out(`${plural(total, 'mention')} of ${plural(found, 'entity', 'entities')} (of ${known} registered) in ${plural(scanned, 'source')}${notScanned}\n`);
}

function formatProblem(p: Problem): string {
  const at = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return `${at}: ${p.severity}: ${p.message}\n`;
}
