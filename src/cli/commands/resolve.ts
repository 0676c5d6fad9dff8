// `marginalia resolve FILE`: after a merge, rebuild a sidecar (or marginalia.yaml) that git left
// with conflict markers — from git's index stages when it can, so the ancestor is known — and
// settle the conflicts the merge kept visible, one `--pick` at a time.
//
// FILE came through git (issue 8): it is read only as a regular file inside its corpus, under
// the size cap, as valid UTF-8, and written back only through the guarded write, and only when
// the result still parses; every value quoted from it is printed through forTerminal, and the
// suggested `--pick` command lines are shell-quoted, since people paste them.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findConflictMarkers, parseSidecarQuick, parseWorkspaceQuick } from '../../core/format';
import { lineTextProblem } from '../../core/format/rules/text';
import { DEFAULT_MAX_FILE_MB, maxBytesFromMB } from '../../core/limits';
import type { Actor } from '../../core/ops';
import { listConflicts, mergeKindOf, mergeTexts, resolveText, splitConflictMarkers, type ConflictReport, type MergeKind, type Pick } from '../../core/merge';
import { readCorpusFileSync } from '../../node/corpusFs';
import { CorpusRoots } from '../../node/corpusRoot';
import { configGet, repoRoot, unmergedStages } from '../../node/git';
import { writeCorpusFile } from '../../node/writeAtomic';
import { displayPath } from '../fsutil';
import type { Io } from '../io';
import { describeError, forTerminal, shellQuote } from '../output';

export const RESOLVE_HELP = `Usage: marginalia resolve FILE [--pick ID/FIELD=N]…

Settles a sidecar (*.annotations.yaml) or marginalia.yaml after a merge.

When git left conflict markers in FILE (it merged without the Marginalia driver), FILE is
rebuilt with the Marginalia merge: from git's index stages (ancestor, ours, theirs) when FILE
is unmerged in a git repository, else from the two sides between the markers (and the ancestor
too when git wrote it: merge.conflictStyle diff3 or zdiff3; without it nothing is deleted).
Then the conflicts left in the file are listed, each value numbered.

  --pick ID/FIELD=N  keep value N of the conflict on FIELD of annotation (or entity) ID and
                     drop the conflict; '/FIELD=N' for a top-level one. Repeatable.
                     In a sidecar the pick is credited to you (git config user.name):
                     updated, updatedBy and a history entry on the annotation.
  --max-size MB      refuse a FILE larger than this (default ${DEFAULT_MAX_FILE_MB})
  --help             show this help

Exit status: 0 nothing left to resolve, 1 conflicts remain, 2 usage error or FILE could not
be rebuilt (it is then left untouched).
`;

export async function resolveCommand(args: string[], io: Io): Promise<number> {
  try {
    return await resolveUnsafe(args, io);
  } catch (e) {
    // a parser limit or a bug on this one file: said plainly, FILE left as it was
    io.err(`marginalia resolve: ${describeError(e)}; the file is left as it was\n`);
    return 2;
  }
}

async function resolveUnsafe(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, allowPositionals: true, options: { pick: { type: 'string', multiple: true }, 'max-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia resolve: ${describeError(e)}\n\n${RESOLVE_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(RESOLVE_HELP);
    return 0;
  }
  if (opts.positionals.length !== 1) {
    io.err(`marginalia resolve: expected one FILE\n\n${RESOLVE_HELP}`);
    return 2;
  }
  const picks: Pick[] = [];
  for (const p of opts.values.pick ?? []) {
    const m = /^(.*)\/([^/=]+)=(\d+)$/.exec(p);
    if (!m || Number(m[3]) < 1) {
      io.err(`marginalia resolve: --pick takes ID/FIELD=N (N from 1), not "${forTerminal(p)}"\n`);
      return 2;
    }
    picks.push({ id: m[1] === '' ? null : m[1], field: m[2], index: Number(m[3]) - 1 });
  }
  const maxSize = opts.values['max-size'];
  if (maxSize !== undefined && !(Number(maxSize) > 0)) {
    io.err(`marginalia resolve: --max-size takes a number of megabytes, not "${forTerminal(maxSize)}"\n`);
    return 2;
  }
  const maxBytes = maxBytesFromMB(maxSize === undefined ? undefined : Number(maxSize));
  const file = path.resolve(io.cwd, opts.positionals[0]);
  const name = displayPath(io.cwd, file);
  const shown = forTerminal(name);
  const dir = path.dirname(file);
  const { root } = new CorpusRoots().of(file, { fallback: dir, gitTop: await repoRoot(dir) });
  const read = readCorpusFileSync(root, file, { maxBytes });
  if (!read.ok) {
    io.err(`marginalia resolve: ${shown}:${read.line ?? 1}:${read.column ?? 1}: error: ${forTerminal(read.message.split(file).join(name))}\n`);
    return 2;
  }
  let text = read.text;
  const original = text;
  const kind = mergeKindOf(file, text);

  const markers = findConflictMarkers(text);
  if (markers.length) {
    const staged = await unmergedStages(file);
    if (staged && [staged.base ?? '', staged.ours, staged.theirs].some((t) => t.length > maxBytes)) throw new Error(`a side of ${name} in git's index is over the ${maxBytes}-byte limit`);
    const sides = staged ?? splitConflictMarkers(text);
    if (!sides) {
      io.err(`marginalia resolve: ${shown}:${markers[0]}: the conflict markers do not pair up (<<<<<<< ======= >>>>>>>); fix them by hand\n`);
      return 2;
    }
    const merged = mergeTexts(kind, sides.base, sides.ours, sides.theirs, name);
    if (merged.text === null) {
      io.err(`marginalia resolve: cannot rebuild ${shown}; it is left as it was:\n${merged.problems.map((p) => `  ${forTerminal(p.file)}:${p.line}:${p.column}: ${forTerminal(p.message)}\n`).join('')}`);
      return 2;
    }
    text = merged.text;
    const from = staged ? `git's index (${staged.base === null ? 'no ancestor' : 'ancestor'}, ours, theirs)` : `the conflict markers${sides.base === null ? ' (no ancestor recorded: nothing was deleted)' : ' (with the ancestor)'}`;
    io.out(`rebuilt ${shown} from ${from}${staged ? `; \`git add ${forTerminal(shellQuote(name))}\` when done` : ''}\n`);
  }
  if (picks.length) {
    try {
      text = resolveText(kind, text, name, picks, await resolver(dir));
    } catch (e) {
      io.err(`marginalia resolve: ${describeError(e)}\n`);
      return 2;
    }
    io.out(`settled ${picks.length} conflict${picks.length === 1 ? '' : 's'} in ${shown}\n`);
  }
  if (text !== original) {
    const invalid = firstError(kind, text, name);
    if (invalid) {
      io.err(`marginalia resolve: the result would not be a valid ${kind === 'registry' ? 'registry' : 'sidecar'} (${forTerminal(invalid)}); ${shown} is left as it was\n`);
      return 2;
    }
    const refused = await writeCorpusFile(root, file, original, text, maxBytes);
    if (refused) {
      io.err(`marginalia resolve: ${forTerminal(refused.split(file).join(name))}; run again\n`);
      return 2;
    }
  }
  const left = listConflicts(kind, text, name);
  if (!left.length) {
    if (!markers.length && !picks.length) io.out(`${shown}: nothing to resolve\n`);
    return 0;
  }
  io.err(describeConflicts(name, left, 'resolve'));
  return 1;
}

/** Who settles the conflicts: git's user.name where FILE is, now; none when git does not say. */
async function resolver(dir: string): Promise<Actor | undefined> {
  const by = (await configGet(dir, 'user.name'))?.trim();
  if (!by || lineTextProblem(by)) return undefined;
  return { by, at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** The first error a reader would report in `text`, or null when it reads cleanly. */
function firstError(kind: MergeKind, text: string, name: string): string | null {
  const problems = kind === 'registry' ? parseWorkspaceQuick(text, name).problems : parseSidecarQuick(text, name).problems;
  const p = problems.find((x) => x.severity === 'error');
  return p ? `line ${p.line}, column ${p.column}: ${p.message}` : null;
}

/** One block per conflict with its numbered values, as `resolve --pick` takes them. */
export function describeConflicts(file: string, details: readonly ConflictReport[], command = 'merge'): string {
  const n = details.length;
  const blocks = details.map(({ id, conflict: c }) => {
    const whole = c.field === 'annotation' || c.field === 'entity';
    const [fid, fField] = [forTerminal(id ?? ''), forTerminal(c.field)];
    const head = id === null ? `top level · ${fField}` : whole ? `${fField} ${fid}: deleted on one side, changed on the other` : `${fid} · ${fField}`;
    const base = 'base' in c && c.base !== undefined ? ` (was ${show(c.base)})` : '';
    const values = c.values.map((v, i) => {
      // who set this value and when (from the history, see reportConflicts)
      const who = forTerminal([v.author ? `set by ${v.author}` : undefined, v.updated].filter(Boolean).join(', '));
      const value = v.deleted ? (whole ? 'delete it' : '(no value)') : 'value' in v ? show(v.value) : 'keep it as changed';
      return `    ${i + 1}) ${value}${who ? ` — ${who}` : ''}\n`;
    });
    return `  ${head}${base}:\n${values.join('')}    settle: marginalia resolve ${forTerminal(shellQuote(file))} --pick ${forTerminal(shellQuote(`${id ?? ''}/${c.field}=N`))}\n`;
  });
  return `marginalia ${command}: ${n} conflict${n === 1 ? '' : 's'} left in ${forTerminal(file)}, both values kept under \`conflicts:\` (or use "Marginalia: Resolve Sidecar Conflict"):\n${blocks.join('')}`;
}

function show(v: unknown): string {
  const s = forTerminal(JSON.stringify(v) ?? String(v));
  return s.length > 70 ? s.slice(0, 67) + '…' : s;
}
