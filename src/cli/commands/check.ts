// `marginalia check`: validate every sidecar and re-anchor every annotation against its source.
// Built for CI and pre-commit hooks: exit 1 when anything is invalid or orphaned.
//
// Sidecars arrive through git from anyone (issue 8). Each sidecar, and its source, is read only
// through corpusFs: a regular file inside its corpus root (see node/corpusRoot), under the size
// cap, valid UTF-8; a symlink leading outside, a FIFO or a device is refused with an error naming
// it, never opened. The source is always the sidecar's sibling (`a.txt.annotations.yaml` →
// `a.txt`), never the `source:` field, so the CLI and the editor anchor against the same text.
// Anything thrown while checking one sidecar becomes an error on that sidecar; the others are
// still checked. `--write` rewrites only a sidecar that was read cleanly and has no error.
//
// Issue 9: each annotation in --json carries what was judged and by whom (status, credibility,
// note, tags, author, updated, updatedBy), and a claim whose words changed since it was
// assessed (see core/placement) fails the check, is listed in text mode, and keeps its
// assessed quote under --write: only a person confirming the new words replaces it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isSidecarPath, parseSidecar, serializeSidecar, sidecarPathFor, SIDECAR_SUFFIX } from '../../core/format';
import { maxBytesFromMB, DEFAULT_MAX_FILE_MB } from '../../core/limits';
import { captureWarnings } from '../../node/capture/checkWarning';
import { sidecarConflicts } from '../../core/merge';
import { needsRefresh, placeAnnotations, refreshed, type Placement } from '../../core/placement';
import type { AnchorState, Annotation, Problem } from '../../core/types';
import { readCorpusFileSync } from '../../node/corpusFs';
import { CorpusRoots, type Scope } from '../../node/corpusRoot';
import { repoRoot } from '../../node/git';
import { driverProblem } from '../../node/gitSetup';
import { writeCorpusFile } from '../../node/writeAtomic';
import { displayPath, walkFiles, UsageError } from '../fsutil';
import type { Io } from '../io';
import { describeError, forTerminal, safeJson } from '../output';

export const CHECK_HELP = `Usage: marginalia check [PATH…] [--json] [--write] [--max-size MB]

Validates every sidecar (*.annotations.yaml) under the paths (default: the current folder) and
re-anchors each annotation against the current text of its source: the file beside it, named
as the sidecar without .annotations.yaml.

  --json          print {"sources":[{source, sidecar, errors, annotations:[{id, kind, state,
                  start, end, confidence, quote, status, credibility, note, tags, author,
                  updated, updatedBy, review, replies, needsReview, assessedQuote,
                  currentQuote}]}]} (replies: how many; offsets
                  in Unicode code points; absent fields are left out)
  --write         store the new offsets and context of moved and fuzzy annotations (orphans
                  and sidecars with any error are never touched; a claim that needs review
                  keeps its assessed quote)
  --max-size MB   refuse sources and sidecars larger than this (default ${DEFAULT_MAX_FILE_MB})
  --help          show this help

Files are read only inside their corpus: the folder of the nearest marginalia.yaml (not above
the git repository), else the git repository, else the PATH given. A sidecar or source that is
a symlink leading outside it, a FIFO or a device, too large, or not valid UTF-8 is reported as
an error and never read or rewritten.

A claim needs review when its words changed since it was assessed: placed, but the letters or
digits at its place differ from its stored quote ("are directed" → "are not directed"; white
space, quote marks, dashes and case do not count). Confirm the new words in VS Code (Confirm
Claim Text) or re-assess the claim.

Exit status: 0 when every sidecar is valid, nothing is orphaned, no claim needs review and no
merge conflict is left unresolved (see \`marginalia resolve\`), 1 otherwise, 2 on usage errors.
`;

interface SourceReport {
  source: string;
  sidecar: string;
  errors: { line: number; column: number; message: string; severity: Problem['severity'] }[];
  annotations: ({
    id: string;
    kind: string;
    state: AnchorState;
    start: number | null;
    end: number | null;
    confidence: number;
    quote: string;
    suggestion?: { start: number; end: number; confidence: number };
  } & Assessment & Review)[];
  written?: boolean;
  /** Merge conflicts still waiting for a pick (issue #5): they fail the check like errors. */
  conflicts?: number;
}

/** What was judged, and by whom (issue 9, bug 11): the fields a script or CI needs besides the place. */
type Assessment = Partial<Pick<Annotation, 'status' | 'credibility' | 'note' | 'tags' | 'author' | 'updated' | 'updatedBy' | 'review'>> & { replies?: number };
const ASSESSMENT = ['status', 'credibility', 'note', 'tags', 'author', 'updated', 'updatedBy', 'review'] as const;

/** A claim whose words changed since it was assessed (see core/placement). */
type Review = Partial<Pick<Placement, 'needsReview' | 'assessedQuote' | 'currentQuote'>>;

function assessment(a: Annotation): Assessment {
  const out: Record<string, unknown> = {};
  for (const k of ASSESSMENT) if (a[k] !== undefined) out[k] = a[k];
  // the review loop (issue 11): the verdict as stored, and how many replies the thread holds
  if (a.replies?.length) out.replies = a.replies.length;
  return out as Assessment;
}

interface Run {
  io: Io;
  write: boolean;
  maxBytes: number;
  roots: CorpusRoots;
}

export async function checkCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, write: { type: 'boolean' }, 'max-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia check: ${describeError(e)}\n\n${CHECK_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(CHECK_HELP);
    return 0;
  }
  const maxSize = opts.values['max-size'];
  if (maxSize !== undefined && !(Number(maxSize) > 0)) {
    io.err(`marginalia check: --max-size takes a number of megabytes, not "${forTerminal(maxSize)}"\n`);
    return 2;
  }
  const paths = opts.positionals.length ? opts.positionals : ['.'];
  const sidecars = new Map<string, Scope>();
  const walkErrors: SourceReport[] = [];
  try {
    for (const r of paths) {
      const abs = path.resolve(io.cwd, r);
      const st = fs.statSync(abs, { throwIfNoEntry: false });
      const folder = st?.isDirectory() ? abs : path.dirname(abs);
      const scope: Scope = { fallback: folder, gitTop: await repoRoot(folder) };
      if (st && !st.isDirectory() && !isSidecarPath(abs)) {
        const sc = sidecarPathFor(abs);
        if (!fs.lstatSync(sc, { throwIfNoEntry: false })) throw new UsageError(`${r} has no sidecar (${path.basename(sc)})`);
        sidecars.set(sc, scope);
      } else {
        const found = walkFiles(abs, isSidecarPath, (dir, message) => walkErrors.push(unreadable(io, dir, message)));
        for (const f of found) if (!sidecars.has(f)) sidecars.set(f, scope);
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`marginalia check: ${forTerminal(e.message)}\n`);
      return 2;
    }
    throw e;
  }

  const run: Run = { io, write: opts.values.write === true, maxBytes: maxBytesFromMB(maxSize === undefined ? undefined : Number(maxSize)), roots: new CorpusRoots() };
  const reports: SourceReport[] = [...walkErrors];
  for (const [file, scope] of [...sidecars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) reports.push(await checkSafely(file, scope, run));
  const tops = new Set([...sidecars.values()].map((s) => s.gitTop).filter((t): t is string => t !== null));
  const warnings: string[] = [];
  for (const top of tops) {
    const problem = await driverProblem(top);
    if (problem) warnings.push(`${displayPath(io.cwd, top) || '.'}: warning: ${problem}`);
  }
  if (opts.values.json) io.out(safeJson({ sources: reports.map(({ written, ...r }) => ({ ...r, ...(written ? { written } : {}) })), ...(warnings.length ? { warnings } : {}) }) + '\n');
  else {
    printHuman(reports, io);
    for (const w of warnings) io.out(`${forTerminal(w)}\n`);
  }
  const bad = reports.some((r) => r.errors.some((e) => e.severity === 'error') || r.annotations.some((a) => a.state === 'orphaned' || a.needsReview) || r.conflicts);
  return bad ? 1 : 0;
}

function unreadable(io: Io, dir: string, message: string): SourceReport {
  const shown = displayPath(io.cwd, dir);
  return { source: shown, sidecar: shown, errors: [{ line: 1, column: 1, message: `cannot list this folder: ${message}`, severity: 'error' }], annotations: [] };
}

/** One sidecar; whatever goes wrong (a parser limit, a bug) is an error on it, never the end of the run. */
async function checkSafely(sidecarFile: string, scope: Scope, run: Run): Promise<SourceReport> {
  try {
    return await checkOne(sidecarFile, scope, run);
  } catch (e) {
    const sidecar = displayPath(run.io.cwd, sidecarFile);
    return { source: displayPath(run.io.cwd, sourceOf(sidecarFile)), sidecar, errors: [{ line: 1, column: 1, message: `could not be checked: ${e instanceof Error ? e.message : String(e)}`, severity: 'error' }], annotations: [] };
  }
}

const sourceOf = (sidecarFile: string) => sidecarFile.slice(0, -SIDECAR_SUFFIX.length);

async function checkOne(sidecarFile: string, scope: Scope, run: Run): Promise<SourceReport> {
  const { io } = run;
  const sidecar = displayPath(io.cwd, sidecarFile);
  const sourceFile = sourceOf(sidecarFile);
  const source = displayPath(io.cwd, sourceFile);
  const report: SourceReport = { source, sidecar, errors: [], annotations: [] };
  const { root } = run.roots.of(sidecarFile, scope);
  const limits = { maxBytes: run.maxBytes };
  const read = readCorpusFileSync(root, sidecarFile, limits);
  if (!read.ok) {
    report.errors.push({ line: read.line ?? 1, column: read.column ?? 1, message: named(read.message, sidecarFile, sidecar), severity: 'error' });
    return report;
  }
  const text = read.text;
  const parsed = parseSidecar(text, sidecar);
  report.errors.push(...parsed.problems.map(({ line, column, message, severity }) => ({ line, column, message, severity })));
  if (!parsed.sidecar) return report;
  const conflicts = sidecarConflicts(parsed);
  if (conflicts.length) report.conflicts = conflicts.length;
  for (const c of conflicts.filter((x) => x.id === null)) {
    report.errors.push({ ...parsed.locate('conflicts'), message: `unresolved merge conflict on \`${c.conflict.field}\` — run \`marginalia resolve\``, severity: 'error' });
  }
  const src = readCorpusFileSync(root, sourceFile, limits);
  if (!src.ok) {
    const where = parsed.locate('source');
    const message = src.reason === 'missing' ? `source file not found: ${path.basename(sourceFile)}` : `source ${named(src.message, sourceFile, source)}${src.line ? ` (line ${src.line}, column ${src.column} of the source)` : ''}`;
    report.errors.push({ ...where, message, severity: 'error' });
    return report;
  }
  const sourceText = src.text;
  report.errors.push(...captureWarnings(parsed, sourceText));
  const placements = placeAnnotations(sourceText, parsed.sidecar.annotations);
  report.annotations = placements.map(({ annotation: a, result: r, needsReview, assessedQuote, currentQuote }) => ({
    id: a.id, kind: a.kind, state: r.state, start: r.start, end: r.end, confidence: round(r.confidence), quote: a.quote,
    ...(r.suggestion ? { suggestion: { ...r.suggestion, confidence: round(r.suggestion.confidence) } } : {}),
    ...assessment(a),
    ...(needsReview ? { needsReview, assessedQuote, currentQuote } : {}),
  }));
  const clean = !report.errors.some((e) => e.severity === 'error');
  if (run.write && parsed.writable && clean) {
    const refused = await writeRefreshed(root, sidecarFile, text, parsed, sourceText, placements, run.maxBytes);
    if (refused === null) report.written = true;
    else if (refused !== false) report.errors.push({ line: 1, column: 1, message: `not rewritten: ${named(refused, sidecarFile, sidecar)}`, severity: 'warning' });
  }
  return report;
}

/** corpusFs names files by the path it was given; show the path as the rest of the output does. */
const named = (message: string, file: string, shown: string) => message.split(file).join(shown);

/** Null when written, false when nothing needed writing, else why it was not written. */
async function writeRefreshed(root: string, file: string, before: string, parsed: ReturnType<typeof parseSidecar>, source: string, placements: Placement[], maxBytes: number): Promise<string | null | false> {
  const updated = placements.map((p) => refreshed(source, p));
  if (!updated.some((a, i) => needsRefresh(a, placements[i].annotation))) return false;
  const out = serializeSidecar({ ...parsed.sidecar!, annotations: updated }, parsed.doc);
  return writeCorpusFile(root, file, before, out, maxBytes);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function printHuman(reports: SourceReport[], io: Io): void {
  const totals: Record<AnchorState, number> = { anchored: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  let invalid = 0;
  let reviews = 0;
  for (const r of reports) {
    const counts: Record<AnchorState, number> = { anchored: 0, moved: 0, fuzzy: 0, orphaned: 0 };
    for (const a of r.annotations) counts[a.state]++;
    for (const k of Object.keys(counts) as AnchorState[]) totals[k] += counts[k];
    const hasError = r.errors.some((e) => e.severity === 'error');
    if (hasError) invalid++;
    const review = r.annotations.filter((a) => a.needsReview).length;
    reviews += review;
    const mark = hasError || counts.orphaned || review || r.conflicts ? '✗' : '✓';
    const summary = hasError && r.annotations.length === 0 ? 'invalid' : describe(counts);
    const conflicts = r.conflicts ? `, ${r.conflicts} unresolved merge conflict${r.conflicts === 1 ? '' : 's'}` : '';
    const reviewing = review ? `, ${review} claim${review === 1 ? '' : 's'} to review` : '';
    io.out(`${mark} ${forTerminal(r.sidecar)}  ${summary}${reviewing}${conflicts}${r.written ? '  (offsets updated)' : ''}\n`);
    for (const e of r.errors) io.out(`  ${forTerminal(r.sidecar)}:${e.line}:${e.column}: ${e.severity}: ${forTerminal(e.message)}\n`);
    for (const a of r.annotations) {
      if (a.state !== 'orphaned') continue;
      const hint = a.suggestion ? ` — maybe at ${a.suggestion.start}–${a.suggestion.end} (confidence ${a.suggestion.confidence})` : '';
      io.out(`  orphaned ${forTerminal(a.kind)} ${forTerminal(a.id)}: “${forTerminal(clip(a.quote))}” not found in ${forTerminal(r.source)}${hint}\n`);
    }
    for (const a of r.annotations) {
      if (!a.needsReview) continue;
      const status = a.status ? ` (${forTerminal(a.status)})` : '';
      io.out(`  needs review: claim ${forTerminal(a.id)}${status} at ${a.start}–${a.end} in ${forTerminal(r.source)}: its words changed since it was assessed: “${forTerminal(clip(a.assessedQuote ?? ''))}” → “${forTerminal(clip(a.currentQuote ?? ''))}”\n`);
    }
  }
  const n = reports.reduce((s, r) => s + r.annotations.length, 0);
  const conflicts = reports.reduce((s, r) => s + (r.conflicts ?? 0), 0);
  io.out(`\n${reports.length} sidecar${reports.length === 1 ? '' : 's'}, ${n} annotation${n === 1 ? '' : 's'}: ${describe(totals)}${reviews ? `; ${reviews} claim${reviews === 1 ? '' : 's'} to review (words changed since assessed)` : ''}${invalid ? `; ${invalid} invalid sidecar${invalid === 1 ? '' : 's'}` : ''}${conflicts ? `; ${conflicts} unresolved merge conflict${conflicts === 1 ? '' : 's'} (marginalia resolve)` : ''}\n`);
}

function describe(c: Record<AnchorState, number>): string {
  return `${c.anchored} anchored, ${c.moved} moved, ${c.fuzzy} fuzzy, ${c.orphaned} orphaned`;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}
