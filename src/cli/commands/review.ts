// `marginalia review` (issue 11): what awaits a reviewer, as the Review view shows it — claims
// not reviewed yet, claims whose words changed since they were assessed, claims a reviewer sent
// back (changes requested), annotations holding an open merge conflict — grouped by source.
// Exit 1 when anything awaits review, so CI can hold a branch until the review is done;
// `--require approved` asks only that every disputed or refuted claim carries an approval.
//
// Files are found and read as `check` reads them (walkFiles, CorpusRoots, readCorpusFileSync:
// inside the corpus, size-capped, strict UTF-8); a sidecar that cannot be read is reported and
// counts as awaiting attention. Sources are grouped per corpus root in a core Corpus, so a claim
// contradicted by another source reads as disputed here as in the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { placementAt } from '../../core/byId';
import { Corpus } from '../../core/corpus';
import { isSidecarPath, parseSidecar, sidecarPathFor, SIDECAR_SUFFIX } from '../../core/format';
import { maxBytesFromMB } from '../../core/limits';
import { awaitingReview, AWAITING_LABEL, lacksRequiredApproval, reviewStateOf, type Awaiting } from '../../core/review/loop';
import { readCorpusFileSync } from '../../node/corpusFs';
import { CorpusRoots, type Scope } from '../../node/corpusRoot';
import { repoRoot } from '../../node/git';
import { displayPath, UsageError, walkFiles } from '../fsutil';
import type { Io } from '../io';
import { describeError, forTerminal, safeJson } from '../output';

export const REVIEW_HELP = `Usage: marginalia review [PATH…] [--json] [--require approved] [--max-size MB]

Lists what awaits review under the paths (default: the current folder), grouped by source:
claims not reviewed yet, claims whose words changed since they were assessed, claims whose
reviewer requested changes, and annotations with an unresolved merge conflict.

  --json              print {"sources":[{source, sidecar, errors, awaiting:[{id, kind, quote,
                      status, review, replies, reasons}]}], "missingApproval":[…]}
  --require approved  fail only when a disputed or refuted claim lacks an approval (CI)
  --max-size MB       refuse files larger than this
  --help              show this help

Exit status: 0 when nothing awaits review (with --require approved: when every disputed or
refuted claim is approved), 1 otherwise, 2 on usage errors.
`;

interface Item {
  id: string;
  kind: string;
  quote: string;
  status?: string;
  review: string;
  replies: number;
  reasons: Awaiting[];
}

interface Report {
  source: string;
  sidecar: string;
  errors: string[];
  awaiting: Item[];
  missingApproval: Item[];
}

export async function reviewCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, require: { type: 'string' }, 'max-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia review: ${describeError(e)}\n\n${REVIEW_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(REVIEW_HELP);
    return 0;
  }
  const require = opts.values.require;
  if (require !== undefined && require !== 'approved') {
    io.err(`marginalia review: --require takes "approved", not "${forTerminal(require)}"\n`);
    return 2;
  }
  const maxSize = opts.values['max-size'];
  if (maxSize !== undefined && !(Number(maxSize) > 0)) {
    io.err(`marginalia review: --max-size takes a number of megabytes, not "${forTerminal(maxSize)}"\n`);
    return 2;
  }
  const maxBytes = maxBytesFromMB(maxSize === undefined ? undefined : Number(maxSize));
  let found: Map<string, Scope>;
  const reports: Report[] = [];
  try {
    found = await discover(opts.positionals.length ? opts.positionals : ['.'], io, (dir, message) =>
      reports.push({ source: displayPath(io.cwd, dir), sidecar: displayPath(io.cwd, dir), errors: [`cannot list this folder: ${message}`], awaiting: [], missingApproval: [] }),
    );
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`marginalia review: ${forTerminal(e.message)}\n`);
      return 2;
    }
    throw e;
  }

  // one Corpus per corpus root, so contradictions across sources count
  const roots = new CorpusRoots();
  const corpora = new Map<string, Corpus>();
  const rows: { report: Report; corpus: Corpus; rel: string }[] = [];
  for (const [file, scope] of [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sidecar = displayPath(io.cwd, file);
    const sourceFile = file.slice(0, -SIDECAR_SUFFIX.length);
    const report: Report = { source: displayPath(io.cwd, sourceFile), sidecar, errors: [], awaiting: [], missingApproval: [] };
    reports.push(report);
    const { root } = roots.of(file, scope);
    const read = readCorpusFileSync(root, file, { maxBytes });
    if (!read.ok) {
      report.errors.push(read.message.split(file).join(sidecar));
      continue;
    }
    const parsed = parseSidecar(read.text, sidecar);
    for (const p of parsed.problems) if (p.severity === 'error') report.errors.push(`${p.line}:${p.column}: ${p.message}`);
    if (!parsed.sidecar) continue;
    const src = readCorpusFileSync(root, sourceFile, { maxBytes });
    const corpus = corpora.get(root) ?? new Corpus();
    corpora.set(root, corpus);
    const rel = toPosix(path.relative(root, sourceFile));
    corpus.update(rel, toPosix(path.relative(root, file)), { text: src.ok ? src.text : null, sidecarText: read.text, parsed });
    if (!src.ok) report.errors.push(src.reason === 'missing' ? `source file not found: ${path.basename(sourceFile)}` : `source ${src.message.split(sourceFile).join(report.source)}`);
    rows.push({ report, corpus, rel });
  }
  for (const { report, corpus, rel } of rows) {
    const entry = corpus.get(rel)!;
    const annotations = entry.parsed?.sidecar?.annotations ?? [];
    for (const [k, a] of annotations.entries()) {
      // a source that could not be read places nothing: judge the stored record alone
      const placement = placementAt(entry.placements, k, a.id) ?? { annotation: a, result: { state: 'orphaned' as const, start: null, end: null, confidence: 0 } };
      const status = a.kind === 'claim' ? corpus.statusOf(rel, a) : undefined;
      const item: Item = { id: a.id, kind: a.kind, quote: a.quote, ...(status ? { status } : {}), review: reviewStateOf(a), replies: a.replies?.length ?? 0, reasons: awaitingReview(placement) };
      if (item.reasons.length) report.awaiting.push(item);
      if (lacksRequiredApproval(a, status)) report.missingApproval.push(item);
    }
  }

  const strict = require === 'approved';
  if (opts.values.json) {
    const sources = reports.map(({ missingApproval: _, ...r }) => r);
    io.out(safeJson({ sources, missingApproval: reports.flatMap((r) => r.missingApproval.map((i) => ({ source: r.source, ...i }))) }) + '\n');
  } else printHuman(reports, io, strict);
  const errors = reports.some((r) => r.errors.length);
  const failing = strict ? reports.some((r) => r.missingApproval.length) : reports.some((r) => r.awaiting.length);
  return errors || failing ? 1 : 0;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

async function discover(paths: string[], io: Io, onError: (dir: string, message: string) => void): Promise<Map<string, Scope>> {
  const out = new Map<string, Scope>();
  for (const r of paths) {
    const abs = path.resolve(io.cwd, r);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) throw new UsageError(`${r}: no such file or folder`);
    const folder = st.isDirectory() ? abs : path.dirname(abs);
    const scope: Scope = { fallback: folder, gitTop: await repoRoot(folder) };
    if (!st.isDirectory() && !isSidecarPath(abs)) {
      const sc = sidecarPathFor(abs);
      if (!fs.lstatSync(sc, { throwIfNoEntry: false })) throw new UsageError(`${r} has no sidecar (${path.basename(sc)})`);
      out.set(sc, scope);
    } else for (const f of walkFiles(abs, isSidecarPath, onError)) if (!out.has(f)) out.set(f, scope);
  }
  return out;
}

function printHuman(reports: Report[], io: Io, strict: boolean): void {
  let awaiting = 0;
  let missing = 0;
  for (const r of reports) {
    for (const e of r.errors) io.out(`${forTerminal(r.sidecar)}: error: ${forTerminal(e)}\n`);
    const list = strict ? r.missingApproval : r.awaiting;
    if (!list.length) continue;
    io.out(`${forTerminal(r.source)}\n`);
    for (const i of list) {
      const why = strict ? `${i.status}, ${i.review === 'not-reviewed' ? 'not reviewed' : i.review.replace('-', ' ')}: needs an approval` : i.reasons.map((x) => AWAITING_LABEL[x]).join('; ');
      const replies = i.replies ? ` (${i.replies} repl${i.replies === 1 ? 'y' : 'ies'})` : '';
      io.out(`  ${forTerminal(i.id)} ${i.kind}${i.status ? ` · ${i.status}` : ''} “${forTerminal(clip(i.quote))}”: ${why}${replies}\n`);
    }
    awaiting += r.awaiting.length;
    missing += r.missingApproval.length;
  }
  if (strict) io.out(missing ? `${missing} disputed or refuted claim${missing === 1 ? '' : 's'} without an approval\n` : 'every disputed or refuted claim is approved\n');
  else io.out(awaiting ? `${awaiting} annotation${awaiting === 1 ? '' : 's'} awaiting review\n` : 'nothing awaits review\n');
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? one.slice(0, 59) + '…' : one;
}
