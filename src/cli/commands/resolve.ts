// `marginalia resolve FILE`: after a merge, rebuild a sidecar (or marginalia.yaml) that git left
// with conflict markers — from git's index stages when it can, so the ancestor is known — and
// settle the conflicts the merge kept visible, one `--pick` at a time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findConflictMarkers } from '../../core/format';
import { listConflicts, mergeKindOf, mergeTexts, resolveText, splitConflictMarkers, type ConflictReport, type Pick } from '../../core/merge';
import { displayPath, writeFileAtomic } from '../fsutil';
import { unmergedStages } from '../../node/git';
import type { Io } from '../io';

export const RESOLVE_HELP = `Usage: marginalia resolve FILE [--pick ID/FIELD=N]…

Settles a sidecar (*.annotations.yaml) or marginalia.yaml after a merge.

When git left conflict markers in FILE (it merged without the Marginalia driver), FILE is
rebuilt with the Marginalia merge: from git's index stages (ancestor, ours, theirs) when FILE
is unmerged in a git repository, else from the two sides between the markers (and the ancestor
too when git wrote it: merge.conflictStyle diff3 or zdiff3; without it nothing is deleted).
Then the conflicts left in the file are listed, each value numbered.

  --pick ID/FIELD=N  keep value N of the conflict on FIELD of annotation (or entity) ID and
                     drop the conflict; '/FIELD=N' for a top-level one. Repeatable.
  --help             show this help

Exit status: 0 nothing left to resolve, 1 conflicts remain, 2 usage error or FILE could not
be rebuilt (it is then left untouched).
`;

export async function resolveCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, allowPositionals: true, options: { pick: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia resolve: ${(e as Error).message}\n\n${RESOLVE_HELP}`);
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
      io.err(`marginalia resolve: --pick takes ID/FIELD=N (N from 1), not "${p}"\n`);
      return 2;
    }
    picks.push({ id: m[1] === '' ? null : m[1], field: m[2], index: Number(m[3]) - 1 });
  }
  const file = path.resolve(io.cwd, opts.positionals[0]);
  const name = displayPath(io.cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`marginalia resolve: ${(e as Error).message}\n`);
    return 2;
  }
  const original = text;
  const kind = mergeKindOf(file, text);

  const markers = findConflictMarkers(text);
  if (markers.length) {
    const staged = await unmergedStages(file);
    const sides = staged ?? splitConflictMarkers(text);
    if (!sides) {
      io.err(`marginalia resolve: ${name}:${markers[0]}: the conflict markers do not pair up (<<<<<<< ======= >>>>>>>); fix them by hand\n`);
      return 2;
    }
    const merged = mergeTexts(kind, sides.base, sides.ours, sides.theirs, name);
    if (merged.text === null) {
      io.err(`marginalia resolve: cannot rebuild ${name}; it is left as it was:\n${merged.problems.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.message}\n`).join('')}`);
      return 2;
    }
    text = merged.text;
    const from = staged ? `git's index (${staged.base === null ? 'no ancestor' : 'ancestor'}, ours, theirs)` : `the conflict markers${sides.base === null ? ' (no ancestor recorded: nothing was deleted)' : ' (with the ancestor)'}`;
    io.out(`rebuilt ${name} from ${from}${staged ? `; \`git add ${name}\` when done` : ''}\n`);
  }
  if (picks.length) {
    try {
      text = resolveText(kind, text, name, picks);
    } catch (e) {
      io.err(`marginalia resolve: ${(e as Error).message}\n`);
      return 2;
    }
    io.out(`settled ${picks.length} conflict${picks.length === 1 ? '' : 's'} in ${name}\n`);
  }
  if (text !== original && !writeFileAtomic(file, text, original)) {
    io.err(`marginalia resolve: ${name} changed while it was being resolved; run again\n`);
    return 2;
  }
  const left = listConflicts(kind, text, name);
  if (!left.length) {
    if (!markers.length && !picks.length) io.out(`${name}: nothing to resolve\n`);
    return 0;
  }
  io.err(describeConflicts(name, left, 'resolve'));
  return 1;
}

/** One block per conflict with its numbered values, as `resolve --pick` takes them. */
export function describeConflicts(file: string, details: readonly ConflictReport[], command = 'merge'): string {
  const n = details.length;
  const blocks = details.map(({ id, conflict: c }) => {
    const whole = c.field === 'annotation' || c.field === 'entity';
    const head = id === null ? `top level · ${c.field}` : whole ? `${c.field} ${id}: deleted on one side, changed on the other` : `${id} · ${c.field}`;
    const base = 'base' in c && c.base !== undefined ? ` (was ${show(c.base)})` : '';
    const values = c.values.map((v, i) => {
      const who = [v.author, v.updated].filter(Boolean).join(', ');
      const value = v.deleted ? (whole ? 'delete it' : '(no value)') : 'value' in v ? show(v.value) : 'keep it as changed';
      return `    ${i + 1}) ${value}${who ? ` — ${who}` : ''}\n`;
    });
    return `  ${head}${base}:\n${values.join('')}    settle: marginalia resolve ${file} --pick '${id ?? ''}/${c.field}=N'\n`;
  });
  return `marginalia ${command}: ${n} conflict${n === 1 ? '' : 's'} left in ${file}, both values kept under \`conflicts:\` (or use "Marginalia: Resolve Sidecar Conflict"):\n${blocks.join('')}`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 70 ? s.slice(0, 67) + '…' : s;
}
