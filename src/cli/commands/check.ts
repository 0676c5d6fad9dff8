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
//
// Issue 15: 10,000 sidecars in about a second. Each file is checked by checkFile.ts, chunks of
// them in worker threads on a multi-core machine (checkChunks.ts), and the output streams as
// the reports come, in path order (checkOutput.ts), so memory stays flat with the corpus.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isSidecarPath, sidecarPathFor } from '../../core/format';
import { maxBytesFromMB, DEFAULT_MAX_FILE_MB } from '../../core/limits';
import type { Scope } from '../../node/corpusRoot';
import { repoRoot } from '../../node/git';
import { driverProblem } from '../../node/gitSetup';
import { displayPath, walkFiles, UsageError } from '../fsutil';
import type { Io } from '../io';
import { describeError, forTerminal } from '../output';
import { checkInOrder, checkPool, MIN_FOR_WORKERS, type CheckPool } from './checkChunks';
import type { SourceReport } from './checkFile';
import { HumanSink, JsonSink } from './checkOutput';

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
  // the worker threads start once the listing has found enough sidecars to need them, and load
  // their code while it lists the rest (a tenth of a second at 10,000 sidecars)
  let pool: CheckPool | null = null;
  let seen = 0;
  const wanted = (f: string) => {
    if (!isSidecarPath(f)) return false;
    if (++seen === MIN_FOR_WORKERS) pool = checkPool(seen);
    return true;
  };
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
        const found = walkFiles(abs, wanted, (dir, message) => walkErrors.push(unreadable(io, dir, message)));
        for (const f of found) if (!sidecars.has(f)) sidecars.set(f, scope);
      }
    }
  } catch (e) {
    await (pool as CheckPool | null)?.close();
    if (e instanceof UsageError) {
      io.err(`marginalia check: ${forTerminal(e.message)}\n`);
      return 2;
    }
    throw e;
  }

  const sink = opts.values.json ? new JsonSink(io) : new HumanSink(io);
  for (const r of walkErrors) sink.add(r);
  const sorted = [...sidecars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const maxBytes = maxBytesFromMB(maxSize === undefined ? undefined : Number(maxSize));
  await checkInOrder(sorted, { cwd: io.cwd, write: opts.values.write === true, maxBytes, json: opts.values.json === true }, (r) => sink.add(r), pool ?? checkPool(sorted.length));
  const tops = new Set([...sidecars.values()].map((s) => s.gitTop).filter((t): t is string => t !== null));
  const warnings: string[] = [];
  for (const top of tops) {
    const problem = await driverProblem(top);
    if (problem) warnings.push(`${displayPath(io.cwd, top) || '.'}: warning: ${problem}`);
  }
  sink.end(warnings);
  return sink.failed ? 1 : 0;
}

function unreadable(io: Io, dir: string, message: string): SourceReport {
  const shown = displayPath(io.cwd, dir);
  return { source: shown, sidecar: shown, errors: [{ line: 1, column: 1, message: `cannot list this folder: ${message}`, severity: 'error' }], annotations: [] };
}

