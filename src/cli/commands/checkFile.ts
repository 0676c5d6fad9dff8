// `marginalia check` on one sidecar: read it and its source through corpusFs, validate it,
// re-anchor every annotation, and rewrite the offsets under --write. Split from check.ts so a
// worker thread (checkWorker.ts) runs the same code as the main thread (issue 15): the report
// is plain data, the same wherever it was made.
//
// Sidecars are read the fast way (parseSidecarQuick: js-yaml, several times faster than the
// careful parser on 10,000 files), which returns only a file its rules find nothing in, and
// parses anything else carefully, so problems and positions are the careful parser's own. The
// careful parser is kept where its Document is needed: under --write (comments and order are
// kept), and for a file with merge conflicts on the file itself (`conflicts:` at the top).
import * as path from 'node:path';
import { parseSidecar, parseSidecarQuick, serializeSidecar, SIDECAR_SUFFIX } from '../../core/format';
import { captureWarnings } from '../../node/capture/checkWarning';
import { sidecarConflicts } from '../../core/merge';
import { needsRefresh, placeAnnotations, refreshed, type Placement } from '../../core/placement';
import type { AnchorState, Annotation, Problem } from '../../core/types';
import { readCorpusFileSync } from '../../node/corpusFs';
import { CorpusRoots, type Scope } from '../../node/corpusRoot';
import { writeCorpusFile } from '../../node/writeAtomic';
import { displayPath } from '../fsutil';
import { pushAll } from '../../core/arrays';

export interface SourceReport {
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

/** What checking one file needs; plain data but for the roots, which each thread builds. */
export interface FileRun {
  /** Paths are shown relative to it. */
  cwd: string;
  write: boolean;
  maxBytes: number;
  roots: CorpusRoots;
  /**
   * Folders resolved so far (corpusFs.ts ReadLimits.realDirs), kept across the files of a run: a
   * file is then found with one lstat instead of realpath and stat (a third of `check`'s
   * reading time at 10,000 sources); every read still checks the file it opened.
   */
  realDirs?: Map<string, string>;
  /** The folder of the last file checked, and its root. */
  last?: { dir: string; scope: Scope; root: string };
}

/** parseSidecar's result, the fast way when the careful parser's Document is not needed. */
function readSidecar(text: string, file: string, write: boolean) {
  return write || TOP_CONFLICTS.test(text) ? parseSidecar(text, file) : parseSidecarQuick(text, file);
}
// sidecarConflicts reads conflicts on the file itself from the Document
const TOP_CONFLICTS = /^["']?conflicts["']?[ \t]*:/m;

/**
 * The corpus root of `file`: the sorted list brings a folder's files one after another, so the
 * last answer is kept (CorpusRoots resolves each path again before its own cache).
 */
function rootOf(run: FileRun, file: string, scope: Scope): string {
  const last = run.last;
  const dir = file.slice(0, file.lastIndexOf(path.sep) + 1);
  if (last && last.dir === dir && last.scope.fallback === scope.fallback && last.scope.gitTop === scope.gitTop) return last.root;
  const { root } = run.roots.of(file, scope);
  if (path.isAbsolute(file)) run.last = { dir, scope, root };
  return root;
}

/** One sidecar; whatever goes wrong (a parser limit, a bug) is an error on it, never the end of the run. */
export async function checkSafely(sidecarFile: string, scope: Scope, run: FileRun): Promise<SourceReport> {
  try {
    return await checkOne(sidecarFile, scope, run);
  } catch (e) {
    const sidecar = displayPath(run.cwd, sidecarFile);
    return { source: displayPath(run.cwd, sourceOf(sidecarFile)), sidecar, errors: [{ line: 1, column: 1, message: `could not be checked: ${e instanceof Error ? e.message : String(e)}`, severity: 'error' }], annotations: [] };
  }
}

const sourceOf = (sidecarFile: string) => sidecarFile.slice(0, -SIDECAR_SUFFIX.length);

async function checkOne(sidecarFile: string, scope: Scope, run: FileRun): Promise<SourceReport> {
  const sidecar = displayPath(run.cwd, sidecarFile);
  const sourceFile = sourceOf(sidecarFile);
  const source = displayPath(run.cwd, sourceFile);
  const report: SourceReport = { source, sidecar, errors: [], annotations: [] };
  const root = rootOf(run, sidecarFile, scope);
  const limits = { maxBytes: run.maxBytes, realDirs: run.realDirs };
  const read = readCorpusFileSync(root, sidecarFile, limits);
  if (!read.ok) {
    report.errors.push({ line: read.line ?? 1, column: read.column ?? 1, message: named(read.message, sidecarFile, sidecar), severity: 'error' });
    return report;
  }
  const text = read.text;
  const parsed = readSidecar(text, sidecar, run.write);
  pushAll(report.errors, parsed.problems.map(({ line, column, message, severity }) => ({ line, column, message, severity })));
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
  pushAll(report.errors, captureWarnings(parsed, sourceText));
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

