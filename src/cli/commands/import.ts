// `marginalia import FILE --format w3c|hypothesis|brat [--source PATH] [--dry-run]`: annotations
// made elsewhere into sidecars (issue 10). The imported file is untrusted input like anything
// from git: it is read size-capped and strictly decoded, each record goes through the format's
// rules and the anchoring (src/core/import/apply.ts), sources are only ever local files inside
// the corpus of the current folder (a path in the file cannot lead out of it), and every write
// is the guarded one: writeCorpusFile for a sidecar or registry that exists, a new sidecar only
// beside its source, in a folder inside the corpus, where no file (or link) is yet.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { addEntitiesToWorkspace, newWorkspaceText, parseWorkspace, sidecarPathFor, WORKSPACE_FILE } from '../../core/format';
import { applyImport, fromBrat, fromHypothesis, fromW3c, IMPORT_FORMATS, parseJson, type ImportBatch, type ImportFormat, type Incoming, type ItemResult } from '../../core/import';
import { DEFAULT_MAX_FILE_MB, maxBytesFromMB } from '../../core/limits';

import { isInside, readCorpusFileSync, realRootSync } from '../../node/corpusFs';
import { CorpusRoots } from '../../node/corpusRoot';
import { repoRoot } from '../../node/git';
import { createCorpusFile } from '../../node/createFile';
import { writeCorpusFile } from '../../node/writeAtomic';
import { displayPath } from '../fsutil';
import type { Io } from '../io';
import { describeError, forTerminal, safeJson } from '../output';

export const IMPORT_HELP = `Usage: marginalia import FILE --format w3c|hypothesis|brat [--source PATH] [--dry-run]

Attaches annotations made elsewhere to local sources, in their sidecars (created beside the
source when there is none). Positions in the file are hints: each annotation is placed by its
quote and context, and one that cannot be placed with confidence is kept as an orphan (without
offsets, never on the wrong words). An id already in the sidecar is updated, not duplicated:
importing the same file twice changes nothing.

  --format w3c         W3C Web Annotations (a Marginalia export, or any with a TextQuoteSelector);
                       each goes to the source its target names, relative to the current folder
  --format hypothesis  the JSON of the Hypothesis API search ({"rows": [...]}) or its export;
                       needs --source (the local copy of the page)
  --format brat        a brat .ann; the source is the .txt beside it unless --source; missing
                       registry entities are created from the span text (listed first)
  --source PATH        the local source every annotation goes to
  --base IRI           w3c: the --base the export was made with
  --uri URI            hypothesis: the page the local copy is of (default: the first row's)
  --all                hypothesis: take rows of every page, not only that one
  --dry-run            say what would change; write nothing
  --json               print {"sources":[{source, sidecar, written, items:[{origin, id, outcome,
                       quote, message}]}], "skipped":[{origin, reason}]}
  --max-size MB        refuse files larger than this (default ${DEFAULT_MAX_FILE_MB})
  --help               show this help

Exit status: 0 when every annotation was placed, kept as an orphan or already there; 1 when
any was refused or a file could not be read or written; 2 on usage errors.
`;

interface SourceReport {
  source: string;
  sidecar: string;
  written: boolean;
  items: ItemResult[];
  error?: string;
}

export async function importCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args, allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' }, source: { type: 'string' }, base: { type: 'string' }, uri: { type: 'string' }, all: { type: 'boolean' },
        'dry-run': { type: 'boolean', short: 'n' }, json: { type: 'boolean' }, 'max-size': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`marginalia import: ${describeError(e)}\n\n${IMPORT_HELP}`);
    return 2;
  }
  const v = opts.values;
  if (v.help) {
    io.out(IMPORT_HELP);
    return 0;
  }
  const usage = (m: string) => (io.err(`marginalia import: ${forTerminal(m)}\n`), 2);
  const format = v.format as ImportFormat | undefined;
  if (!format || !IMPORT_FORMATS.includes(format)) return usage(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  if (opts.positionals.length !== 1) return usage('give one FILE to import');
  if (format === 'hypothesis' && !v.source) return usage('--format hypothesis needs --source, the local copy of the page');
  if (v['max-size'] !== undefined && !(Number(v['max-size']) > 0)) return usage(`--max-size takes a number of megabytes, not "${v['max-size']}"`);
  const maxBytes = maxBytesFromMB(v['max-size'] === undefined ? undefined : Number(v['max-size']));
  const file = path.resolve(io.cwd, opts.positionals[0]);
  const read = readCorpusFileSync(realRootSync(path.dirname(file)), file, { maxBytes });
  if (!read.ok) return (io.err(`marginalia import: ${forTerminal(read.message)}\n`), 1);

  // the corpus every source must lie in: the current folder's (or --source's)
  const anchorDir = v.source ? path.dirname(path.resolve(io.cwd, v.source)) : format === 'brat' ? path.dirname(file) : io.cwd;
  const scope = { fallback: anchorDir, gitTop: await repoRoot(anchorDir) };
  const roots = new CorpusRoots();
  const { root, registry: registryFile } = roots.of(path.join(anchorDir, 'import'), scope);
  const registry = readRegistry(registryFile, root, maxBytes);

  let batch: ImportBatch;
  // the one local source every annotation goes to: --source, or for brat the .txt beside the .ann
  let forced = v.source ? path.resolve(io.cwd, v.source) : null;
  if (format === 'brat') {
    const txtFile = v.source ? path.resolve(io.cwd, v.source) : file.replace(/\.ann$/, '') + '.txt';
    const txt = readCorpusFileSync(root, txtFile, { maxBytes });
    if (!txt.ok) return (io.err(`marginalia import: ${forTerminal(txt.message)}\n`), 1);
    batch = fromBrat(read.text, txt.text, registry?.parsed.config ?? null);
    forced = txtFile;
  } else {
    const json = parseJson(read.text);
    if (!json.ok) return (io.err(`marginalia import: ${forTerminal(displayPath(io.cwd, file))}: ${forTerminal(json.message)}\n`), 1);
    batch = format === 'w3c' ? fromW3c(json.value, { base: v.base }) : fromHypothesis(json.value, { uri: v.uri, all: v.all === true });
  }
  const dry = v['dry-run'] === true;
  const lines: string[] = [];
  let failed = false;

  if (batch.newEntities.length) {
    lines.push(`${dry ? 'would add' : 'adding'} ${batch.newEntities.length} entit${batch.newEntities.length === 1 ? 'y' : 'ies'} to ${WORKSPACE_FILE}: ${batch.newEntities.map((e) => `${e.name} (${e.type}, ${e.id})`).join(', ')}`);
    if (!dry) {
      const refused = await addEntities(batch.newEntities, registryFile ?? path.join(root, WORKSPACE_FILE), registry, root, maxBytes);
      if (refused) {
        io.err(`marginalia import: entities not added, nothing imported: ${forTerminal(refused)}\n`);
        return 1;
      }
    }
  }

  // group by local source
  const groups = new Map<string, Incoming[]>();
  for (const item of batch.items) {
    const target = forced ?? (item.source === null ? null : localFile(io.cwd, item.source));
    if (target === null) {
      batch.skipped.push({ origin: item.origin, reason: item.source === null ? 'no source named: give --source' : `source ${item.source} is not a local path (give --source, or --base)` });
      continue;
    }
    const list = groups.get(target);
    if (list) list.push(item);
    else groups.set(target, [item]);
  }
  const reports: SourceReport[] = [];
  for (const [sourceFile, items] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const report = await importInto(sourceFile, items, batch, { io, root, maxBytes, dry });
    if (report.error || report.items.some((r) => r.outcome === 'refused')) failed = true;
    reports.push(report);
  }
  if (v.json) {
    io.out(safeJson({ sources: reports, skipped: batch.skipped, ...(batch.newEntities.length ? { newEntities: batch.newEntities } : {}) }) + '\n');
  } else {
    for (const l of lines) io.out(`${forTerminal(l)}\n`);
    printHuman(reports, batch, io, dry);
  }
  return failed ? 1 : 0;
}

interface Ctx {
  io: Io;
  root: string;
  maxBytes: number;
  dry: boolean;
}

async function importInto(sourceFile: string, items: Incoming[], batch: ImportBatch, ctx: Ctx): Promise<SourceReport> {
  const { io, root, maxBytes } = ctx;
  const sidecarFile = sidecarPathFor(sourceFile);
  const report: SourceReport = { source: displayPath(io.cwd, sourceFile), sidecar: displayPath(io.cwd, sidecarFile), written: false, items: [] };
  const fail = (message: string) => {
    report.error = message;
    report.items = items.map((i) => ({ origin: i.origin, id: String(i.record.id ?? ''), outcome: 'refused', quote: String(i.record.quote ?? ''), message }));
    return report;
  };
  const src = readCorpusFileSync(root, sourceFile, { maxBytes });
  if (!src.ok) return fail(src.reason === 'missing' ? `source not found: ${report.source}` : src.message);
  let existing: string | null = null;
  if (fs.lstatSync(sidecarFile, { throwIfNoEntry: false })) {
    const sc = readCorpusFileSync(root, sidecarFile, { maxBytes });
    if (!sc.ok) return fail(sc.message);
    existing = sc.text;
  }
  const seedKey = items[0].source;
  const seed = seedKey !== null ? batch.sidecarFields.get(seedKey) : undefined;
  const result = applyImport(path.basename(sourceFile), report.sidecar, src.text, existing, items, seed ?? {});
  report.items = result.items;
  if (result.problems.length) {
    report.error = result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('; ');
    return report;
  }
  if (result.text === null || ctx.dry) return report;
  const refused = existing !== null ? await writeCorpusFile(root, sidecarFile, existing, result.text, maxBytes) : await createCorpusFile(root, sidecarFile, result.text);
  if (refused) return fail(`not written: ${refused}`);
  report.written = true;
  return report;
}

/** A source path named by the imported file, resolved inside the current folder; null for URIs and absolute paths. */
function localFile(cwd: string, rel: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(rel) || path.isAbsolute(rel) || rel.includes('\0')) return null;
  const abs = path.resolve(cwd, rel);
  return isInside(path.resolve(cwd), abs) ? abs : null;
}

function readRegistry(file: string | null, root: string, maxBytes: number): { text: string; parsed: ReturnType<typeof parseWorkspace> } | null {
  if (!file) return null;
  const r = readCorpusFileSync(root, file, { maxBytes });
  return r.ok ? { text: r.text, parsed: parseWorkspace(r.text, file) } : null;
}

async function addEntities(entities: ImportBatch['newEntities'], file: string, registry: { text: string; parsed: ReturnType<typeof parseWorkspace> } | null, root: string, maxBytes: number): Promise<string | null> {
  const exists = fs.lstatSync(file, { throwIfNoEntry: false });
  if (exists && !registry) return `${file} cannot be read`;
  const before = registry?.text ?? newWorkspaceText();
  const parsed = parseWorkspace(before, file);
  if (!parsed.writable) return `${file} has errors; fix them first`;
  // all at once: one parse and one print, not one per entity
  const text = entities.length ? addEntitiesToWorkspace(parsed, entities.map((e) => ({ ...e, aliases: [] }))) : before;
  if (!parseWorkspace(text, file).writable) return 'the registry would not be valid';
  return registry ? writeCorpusFile(root, file, registry.text, text, maxBytes) : createCorpusFile(root, file, text);
}

function printHuman(reports: SourceReport[], batch: ImportBatch, io: Io, dry: boolean): void {
  const totals = { placed: 0, orphaned: 0, updated: 0, unchanged: 0, refused: 0 };
  for (const r of reports) {
    for (const i of r.items) totals[i.outcome]++;
    const verb = r.error ? '✗' : r.written ? (dry ? '~' : '✓') : dry && r.items.some((i) => i.outcome !== 'unchanged' && i.outcome !== 'refused') ? '~' : '·';
    io.out(`${verb} ${forTerminal(r.sidecar)}  ${count(r.items)}${dry ? ' (dry run: not written)' : r.written ? '' : '  (unchanged)'}\n`);
    if (r.error) io.out(`  error: ${forTerminal(r.error)}\n`);
    for (const i of r.items) {
      if (i.outcome === 'orphaned') io.out(`  orphaned ${forTerminal(i.origin)}: “${forTerminal(clip(i.quote))}” could not be placed with confidence; kept without offsets\n`);
      if (i.outcome === 'refused' && !r.error) io.out(`  refused ${forTerminal(i.origin)}: ${forTerminal(i.message ?? '')}\n`);
    }
  }
  for (const s of batch.skipped) io.out(`  skipped ${forTerminal(s.origin)}: ${forTerminal(s.reason)}\n`);
  io.out(`\n${totals.placed} placed, ${totals.orphaned} orphaned, ${totals.updated} updated, ${totals.unchanged} unchanged, ${batch.skipped.length} skipped, ${totals.refused} refused${dry ? ' (dry run)' : ''}\n`);
}

function count(items: ItemResult[]): string {
  const c = (o: string) => items.filter((i) => i.outcome === o).length;
  return `${c('placed')} placed, ${c('orphaned')} orphaned, ${c('updated')} updated, ${c('unchanged')} unchanged${c('refused') ? `, ${c('refused')} refused` : ''}`;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}

