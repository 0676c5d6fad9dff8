// `marginalia merge`: the three-way merge of a sidecar or of marginalia.yaml by id, written to
// be git's merge driver (`%O %A %B -o %A --path %P`): exit 0 clean, 1 with conflicts left
// visible in the file, 2 when it cannot merge — then the output is not touched and git keeps
// the file as conflicted. The three inputs are git's temporary copies: each must be a regular
// file under the size cap and valid UTF-8 (anything else: exit 2, nothing written), and any
// exception while merging (a parser limit, a bug) is exit 2 with a message, never a stack trace.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_FILE_MB, maxBytesFromMB } from '../../core/limits';
import { mergeKindOf, mergeTexts } from '../../core/merge';
import type { Problem } from '../../core/types';
import { readCorpusFileSync } from '../../node/corpusFs';
import { displayPath, writeFileAtomic } from '../fsutil';
import { keepLineEnds } from '../../core/text/lineEnds';
import type { Io } from '../io';
import { describeError, forTerminal } from '../output';
import { describeConflicts, resolveCommand } from './resolve';

export const MERGE_HELP = `Usage: marginalia merge BASE OURS THEIRS [-o OUT] [--path P]
       marginalia merge --markers FILE

Merges two versions of a sidecar (*.annotations.yaml) or of marginalia.yaml three-way, by
annotation (or entity) id: what either side added is kept, a deletion applies when the other
side left the annotation alone, different fields changed on each side are both kept, tags,
links, aliases and cues merge as sets. The same field changed differently on both sides is a
conflict: the field keeps the ancestor's value and both values are stored under \`conflicts:\`
for the analyst to pick (\`marginalia resolve\`, or "Marginalia: Resolve Sidecar Conflict").
The result is the same whichever side is OURS. An empty BASE means there is no ancestor:
then nothing is deleted.

  -o, --output OUT  write the result to OUT (atomically); default: standard output
  --path P          the file's path in the repository (git's %P): marginalia.yaml merges as
                    the registry, anything else as a sidecar (default: from the content)
  --max-size MB     refuse inputs larger than this (default ${DEFAULT_MAX_FILE_MB})
  --markers FILE    rebuild FILE from git's conflict markers: the same as \`marginalia resolve FILE\`
  --help            show this help

As a git merge driver (\`marginalia git-setup\` writes both for you):
  .gitattributes:  *.annotations.yaml merge=marginalia
                   marginalia.yaml merge=marginalia
  git config merge.marginalia.driver 'marginalia merge %O %A %B -o %A --path %P'

Exit status: 0 merged cleanly, 1 merged with conflicts left in the file (listed on standard
error), 2 usage error or an input that does not parse (OUT is then left untouched).
`;

export async function mergeCommand(args: string[], io: Io): Promise<number> {
  try {
    return await mergeUnsafe(args, io);
  } catch (e) {
    io.err(`marginalia merge: cannot merge: ${describeError(e)}; nothing was written\n`);
    return 2;
  }
}

async function mergeUnsafe(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args,
      allowPositionals: true,
      options: { output: { type: 'string', short: 'o' }, path: { type: 'string' }, markers: { type: 'string' }, 'max-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.err(`marginalia merge: ${describeError(e)}\n\n${MERGE_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(MERGE_HELP);
    return 0;
  }
  if (opts.values.markers !== undefined) {
    if (opts.positionals.length || opts.values.output !== undefined) {
      io.err(`marginalia merge: --markers takes one FILE and rewrites it\n\n${MERGE_HELP}`);
      return 2;
    }
    return resolveCommand([opts.values.markers, ...(opts.values['max-size'] !== undefined ? ['--max-size', opts.values['max-size']] : [])], io);
  }
  if (opts.positionals.length !== 3) {
    io.err(`marginalia merge: expected BASE OURS THEIRS\n\n${MERGE_HELP}`);
    return 2;
  }
  const [basePath, oursPath, theirsPath] = opts.positionals.map((p) => path.resolve(io.cwd, p));
  const maxSize = opts.values['max-size'];
  if (maxSize !== undefined && !(Number(maxSize) > 0)) {
    io.err(`marginalia merge: --max-size takes a number of megabytes, not "${forTerminal(maxSize)}"\n`);
    return 2;
  }
  const limits = { maxBytes: maxBytesFromMB(maxSize === undefined ? undefined : Number(maxSize)) };
  const texts: string[] = [];
  for (const f of [basePath, oursPath, theirsPath]) {
    // git's own temporary files, anywhere: the rules here are regular file, size and UTF-8
    const read = readCorpusFileSync(path.parse(f).root, f, limits);
    if (!read.ok) {
      const shown = displayPath(io.cwd, f);
      io.err(`marginalia merge: ${forTerminal(shown)}:${read.line ?? 1}:${read.column ?? 1}: error: ${forTerminal(read.message.split(f).join(shown))}\n`);
      return 2;
    }
    texts.push(read.text);
  }
  const [baseText, oursText, theirsText] = texts;
  const out = opts.values.output === undefined ? undefined : path.resolve(io.cwd, opts.values.output);
  const name = opts.values.path ?? displayPath(io.cwd, out ?? oursPath);
  const kind = mergeKindOf(opts.values.path ?? out ?? oursPath, oursText);
  // git passes an empty file for %O when the file has no ancestor (added on both sides)
  const result = mergeTexts(kind, baseText.trim() === '' ? null : baseText, oursText, theirsText, name);
  if (result.text === null) {
    io.err(`marginalia merge: cannot merge ${forTerminal(name)}; it is left as it was:\n${formatProblems(result.problems)}`);
    return 2;
  }
  // with the line ends of our side, as the file is in this checkout (core/text/lineEnds.ts)
  const merged = keepLineEnds(oursText, result.text);
  if (out) writeFileAtomic(out, merged);
  else io.out(merged);
  if (result.problems.length) io.err(`marginalia merge: the merged ${forTerminal(name)} has problems to fix by hand:\n${formatProblems(result.problems)}`);
  if (result.conflicts) io.err(describeConflicts(name, result.details));
  return result.conflicts || result.problems.length ? 1 : 0;
}

function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `  ${forTerminal(p.file)}:${p.line}:${p.column}: ${p.severity}: ${forTerminal(p.message)}\n`).join('');
}
