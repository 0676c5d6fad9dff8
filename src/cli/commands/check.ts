// `marginalia check`: validate every sidecar and re-anchor every annotation against its source.
// Built for CI and pre-commit hooks: exit 1 when anything is invalid or orphaned.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isSidecarPath, parseSidecar, serializeSidecar, sidecarPathFor } from '../../core/format';
import { sidecarConflicts } from '../../core/merge';
import { needsRefresh, placeAnnotations, refreshed, type Placement } from '../../core/placement';
import type { AnchorState, Problem } from '../../core/types';
import { displayPath, walkFiles, writeFileAtomic, UsageError } from '../fsutil';
import type { Io } from '../io';

export const CHECK_HELP = `Usage: marginalia check [PATH…] [--json] [--write]

Validates every sidecar (*.annotations.yaml) under the paths (default: the current folder) and
re-anchors each annotation against the current text of its source.

  --json    print {"sources":[{source, sidecar, errors, annotations:[{id, kind, state, start,
            end, confidence}]}]} (offsets in Unicode code points)
  --write   store the new offsets and context of moved and fuzzy annotations (orphans and
            invalid sidecars are never touched)
  --help    show this help

Exit status: 0 when every sidecar is valid, nothing is orphaned and no merge conflict is left
unresolved (see \`marginalia resolve\`), 1 otherwise, 2 on usage errors.
`;

interface SourceReport {
  source: string;
  sidecar: string;
  errors: { line: number; column: number; message: string; severity: Problem['severity'] }[];
  annotations: {
    id: string;
    kind: string;
    state: AnchorState;
    start: number | null;
    end: number | null;
    confidence: number;
    quote: string;
    suggestion?: { start: number; end: number; confidence: number };
  }[];
  written?: boolean;
  /** Merge conflicts still waiting for a pick (issue #5): they fail the check like errors. */
  conflicts?: number;
}

export async function checkCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, write: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia check: ${(e as Error).message}\n\n${CHECK_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(CHECK_HELP);
    return 0;
  }
  const roots = opts.positionals.length ? opts.positionals : ['.'];
  const sidecars = new Set<string>();
  try {
    for (const r of roots) {
      const abs = path.resolve(io.cwd, r);
      if (fs.statSync(abs, { throwIfNoEntry: false })?.isFile() && !isSidecarPath(abs)) {
        const sc = sidecarPathFor(abs);
        if (!fs.existsSync(sc)) throw new UsageError(`${r} has no sidecar (${path.basename(sc)})`);
        sidecars.add(sc);
      } else for (const f of walkFiles(abs, isSidecarPath)) sidecars.add(f);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`marginalia check: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const reports = [...sidecars].sort().map((f) => checkOne(f, io, opts.values.write === true));
  if (opts.values.json) io.out(JSON.stringify({ sources: reports.map(({ written, ...r }) => ({ ...r, ...(written ? { written } : {}) })) }) + '\n');
  else printHuman(reports, io);
  const bad = reports.some((r) => r.errors.some((e) => e.severity === 'error') || r.annotations.some((a) => a.state === 'orphaned') || r.conflicts);
  return bad ? 1 : 0;
}

function checkOne(sidecarFile: string, io: Io, write: boolean): SourceReport {
  const text = fs.readFileSync(sidecarFile, 'utf8');
  const parsed = parseSidecar(text, displayPath(io.cwd, sidecarFile));
  const sourceGuess = sidecarFile.slice(0, -'.annotations.yaml'.length);
  const report: SourceReport = {
    source: displayPath(io.cwd, parsed.sidecar ? path.join(path.dirname(sidecarFile), parsed.sidecar.source) : sourceGuess),
    sidecar: displayPath(io.cwd, sidecarFile),
    errors: parsed.problems.map(({ line, column, message, severity }) => ({ line, column, message, severity })),
    annotations: [],
  };
  if (!parsed.sidecar) return report;
  const conflicts = sidecarConflicts(parsed);
  if (conflicts.length) report.conflicts = conflicts.length;
  for (const c of conflicts.filter((x) => x.id === null)) {
    report.errors.push({ ...parsed.locate('conflicts'), message: `unresolved merge conflict on \`${c.conflict.field}\` — run \`marginalia resolve\``, severity: 'error' });
  }
  const sourceFile = path.join(path.dirname(sidecarFile), parsed.sidecar.source);
  let sourceText: string;
  try {
    sourceText = fs.readFileSync(sourceFile, 'utf8');
  } catch {
    report.errors.push({ ...parsed.locate('source'), message: `source file not found: ${parsed.sidecar.source}`, severity: 'error' });
    return report;
  }
  const placements = placeAnnotations(sourceText, parsed.sidecar.annotations);
  report.annotations = placements.map(({ annotation: a, result: r }) => ({
    id: a.id, kind: a.kind, state: r.state, start: r.start, end: r.end, confidence: round(r.confidence), quote: a.quote,
    ...(r.suggestion ? { suggestion: { ...r.suggestion, confidence: round(r.suggestion.confidence) } } : {}),
  }));
  if (write && parsed.writable) report.written = writeRefreshed(sidecarFile, text, parsed, sourceText, placements);
  return report;
}

function writeRefreshed(file: string, before: string, parsed: ReturnType<typeof parseSidecar>, source: string, placements: Placement[]): boolean {
  const updated = placements.map((p) => refreshed(source, p));
  if (!updated.some((a, i) => needsRefresh(a, placements[i].annotation))) return false;
  const out = serializeSidecar({ ...parsed.sidecar!, annotations: updated }, parsed.doc);
  return writeFileAtomic(file, out, before);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function printHuman(reports: SourceReport[], io: Io): void {
  const totals: Record<AnchorState, number> = { anchored: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  let invalid = 0;
  for (const r of reports) {
    const counts: Record<AnchorState, number> = { anchored: 0, moved: 0, fuzzy: 0, orphaned: 0 };
    for (const a of r.annotations) counts[a.state]++;
    for (const k of Object.keys(counts) as AnchorState[]) totals[k] += counts[k];
    const hasError = r.errors.some((e) => e.severity === 'error');
    if (hasError) invalid++;
    const mark = hasError || counts.orphaned || r.conflicts ? '✗' : '✓';
    const summary = hasError && r.annotations.length === 0 ? 'invalid' : describe(counts);
    const conflicts = r.conflicts ? `, ${r.conflicts} unresolved merge conflict${r.conflicts === 1 ? '' : 's'}` : '';
    io.out(`${mark} ${r.sidecar}  ${summary}${conflicts}${r.written ? '  (offsets updated)' : ''}\n`);
    for (const e of r.errors) io.out(`  ${r.sidecar}:${e.line}:${e.column}: ${e.severity}: ${e.message}\n`);
    for (const a of r.annotations) {
      if (a.state !== 'orphaned') continue;
      const hint = a.suggestion ? ` — maybe at ${a.suggestion.start}–${a.suggestion.end} (confidence ${a.suggestion.confidence})` : '';
      io.out(`  orphaned ${a.kind} ${a.id}: “${clip(a.quote)}” not found in ${r.source}${hint}\n`);
    }
  }
  const n = reports.reduce((s, r) => s + r.annotations.length, 0);
  const conflicts = reports.reduce((s, r) => s + (r.conflicts ?? 0), 0);
  io.out(`\n${reports.length} sidecar${reports.length === 1 ? '' : 's'}, ${n} annotation${n === 1 ? '' : 's'}: ${describe(totals)}${invalid ? `; ${invalid} invalid sidecar${invalid === 1 ? '' : 's'}` : ''}${conflicts ? `; ${conflicts} unresolved merge conflict${conflicts === 1 ? '' : 's'} (marginalia resolve)` : ''}\n`);
}

function describe(c: Record<AnchorState, number>): string {
  return `${c.anchored} anchored, ${c.moved} moved, ${c.fuzzy} fuzzy, ${c.orphaned} orphaned`;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}
