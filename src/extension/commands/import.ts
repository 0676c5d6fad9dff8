// **Marginalia: Import Annotations…** (issue 10's other half in the editor): the same importers
// as `marginalia import` (src/core/import), written through the extension's one guarded write
// path, all on one Undo entry. The imported file is untrusted like a sidecar from git: it is
// read size-capped and strictly decoded, confined to its own folder; every record goes through
// the format's rules and the anchoring (positions are hints; what cannot be placed with
// confidence stays an orphan); a source it names must be a source of the corpus (a path cannot
// lead out of it); what is said about it is neutralised by the messages class.
// Palette and the Sources view title: no argument (asks for a format, a file and, for
// Hypothesis, the local source). Explorer context menu on a .jsonld, .json or .ann file: its
// URI (the format from the file). Tests and scripts pass `{format, file, source?}`. A JSON file
// is decoded, parsed and taken apart in the editor's worker, its records sent back in parts, and
// written under a progress notification (issue 15).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sidecarPathFor } from '../../core/format';
import { applyImport, fromBrat, fromHypothesisSliced, fromW3cSliced, jsonFormatOf, parseJson, type ImportBatch, type ImportFormat, type Incoming, type ItemResult } from '../../core/import';
import { isObj } from '../../core/import/batch';
import { decodeUtf8Strict } from '../../core/text/utf8';
import type { Problem } from '../../core/types';
import { forLabel } from '../../core/text/untrusted';
import { readCorpusBytes } from '../../node/corpusFs';
import type { CorpusRoot, SourceRef } from '../store/corpusStore';
import { maxFileBytes, readGuarded, resolveRoot } from '../store/guardedRead';
import { Commands } from '../ids';
import { Refusal } from '../ui/messages';
import type { CommandDeps } from './deps';
import { Cancelled, inSlices } from './longWork';

type Handler = [string, (...args: unknown[]) => Promise<unknown>];

export interface ImportArgs {
  format?: ImportFormat;
  /** The file to import: skips the dialog. */
  file?: vscode.Uri;
  /** The local source every annotation goes to (Hypothesis; brat when not the .txt beside the .ann). */
  source?: vscode.Uri;
}

/** What one import did, as the message says it (returned for tests and scripts). */
export interface ImportSummary {
  placed: number;
  orphaned: number;
  updated: number;
  unchanged: number;
  refused: number;
  skipped: number;
  written: string[];
  /** Why records or sidecars were refused, one line each (file text already inert in the message). */
  reasons: string[];
}

const FORMATS: (vscode.QuickPickItem & { format: ImportFormat; filters: Record<string, string[]> })[] = [
  { label: 'W3C Web Annotation (JSON-LD)', description: 'a Marginalia export, or any with a TextQuoteSelector', format: 'w3c', filters: { 'JSON-LD': ['jsonld', 'json'] } },
  { label: 'Hypothesis (JSON)', description: 'its API search or its export; onto one local source', format: 'hypothesis', filters: { JSON: ['json'] } },
  { label: 'brat standoff (.ann)', description: 'onto the .txt beside it; missing entities are added to the registry', format: 'brat', filters: { brat: ['ann'] } },
];

export function importCommands(deps: CommandDeps): Handler[] {
  return [[Commands.importAnnotations, (arg?: unknown) => importAnnotations(deps, argsOf(arg))]];
}

function argsOf(arg: unknown): ImportArgs {
  if (arg instanceof vscode.Uri) return { file: arg };
  if (!isObj(arg)) return {};
  const a = arg as Record<string, unknown>;
  return {
    format: FORMATS.some((f) => f.format === a.format) ? (a.format as ImportFormat) : undefined,
    file: a.file instanceof vscode.Uri ? a.file : undefined,
    source: a.source instanceof vscode.Uri ? a.source : undefined,
  };
}

async function importAnnotations(deps: CommandDeps, args: ImportArgs): Promise<ImportSummary | undefined> {
  try {
    await deps.store.whenIndexed();
    const format = args.format ?? (args.file ? undefined : (await vscode.window.showQuickPick(FORMATS, { title: 'Marginalia: import annotations from…' }))?.format);
    if (!args.file && !format) return undefined;
    const file = args.file ?? (await pickFile(deps, FORMATS.find((f) => f.format === format)!));
    const name = path.basename(file.fsPath);
    const bytes = await readImported(file);
    // brat: an .ann beside its .txt; else JSON, whose format the explorer's file tells itself
    const brat = (format ?? (file.path.endsWith('.ann') ? 'brat' : undefined)) === 'brat';
    const ann = brat ? textOf(name, bytes) : undefined;
    const records = brat ? undefined : await recordsOf(deps, name, bytes, format === 'brat' ? undefined : format);
    const chosen = records?.format ?? 'brat';
    const target = await targetOf(deps, chosen, file, args.source);
    // not cancellable: its writes are one Undo entry, which Undo takes back whole
    return await deps.ui.progress(`Marginalia: importing ${name}…`, async () => {
      const batch = records?.batch ?? (await bratBatch(ann!, target!));
      return apply(deps, batch, target, name);
    }, false);
  } catch (e) {
    if (e instanceof Cancelled) return undefined;
    throw e;
  }
}

async function pickFile(deps: CommandDeps, choice: (typeof FORMATS)[number]): Promise<vscode.Uri> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: choice.filters, defaultUri: deps.store.allRoots()[0]?.uri, openLabel: 'Import', title: `Marginalia: import ${choice.label}` });
  if (!picked?.[0]) throw new Cancelled();
  return picked[0];
}

/** The file's bytes: confined to its own folder and size-capped, like any file from elsewhere (decoded, strictly, where it is read). */
async function readImported(file: vscode.Uri): Promise<Uint8Array> {
  if (file.scheme !== 'file') throw new Refusal('only local files can be imported');
  const r = await readCorpusBytes(path.dirname(file.fsPath), file.fsPath, { maxBytes: maxFileBytes(file) });
  if (!r.ok) throw new Refusal(`${path.basename(file.fsPath)} was not imported: ${r.message}`);
  return r.bytes;
}

/**
 * A JSON file's records (W3C or Hypothesis; the format told from the file when not given),
 * decoded, parsed and taken apart in the editor's worker (issue 15: a whole corpus's export is
 * 22 MB, whose JSON.parse alone held the host ~100 ms); here, in slices, without one.
 */
async function recordsOf(deps: CommandDeps, name: string, bytes: Uint8Array, format: 'w3c' | 'hypothesis' | undefined): Promise<{ format: 'w3c' | 'hypothesis'; batch: ImportBatch }> {
  if (deps.work && bytes.length > 0) {
    const answer = await deps.work.importRecords(bytes, format);
    if ('refused' in answer) throw new Refusal(answer.encoding ? `${name} was not imported: ${answer.refused}` : `${name}: ${answer.refused}`);
    return answer;
  }
  const text = textOf(name, bytes);
  const json = parseJson(text);
  if (!json.ok) throw new Refusal(`${name}: ${json.message}`);
  const chosen = format ?? jsonFormatOf(json.value);
  return { format: chosen, batch: await inSlices(chosen === 'w3c' ? fromW3cSliced(json.value) : fromHypothesisSliced(json.value)) };
}

/** Strict UTF-8, as every read: a file that is not is refused, where it is not. */
function textOf(name: string, bytes: Uint8Array): string {
  const d = decodeUtf8Strict(bytes);
  if (!d.ok) throw new Refusal(`${name} was not imported: ${d.message}`);
  return d.text;
}

/** The source every annotation goes to (brat, Hypothesis: asked for when not given), or null (W3C: each names its own). */
async function targetOf(deps: CommandDeps, format: ImportFormat, file: vscode.Uri, source: vscode.Uri | undefined): Promise<SourceRef | null> {
  if (format === 'brat') {
    const beside = vscode.Uri.file(file.fsPath.replace(/\.ann$/, '') + '.txt');
    return sourceRef(deps, source ?? beside) ?? (await pickSource(deps, `Marginalia: the source ${path.basename(file.fsPath)} annotates`));
  }
  if (format === 'w3c') return source ? mustBeSource(deps, source) : null;
  return source ? mustBeSource(deps, source) : sourceRef(deps, vscode.window.activeTextEditor?.document.uri) ?? (await pickSource(deps, 'Marginalia: the local copy of the page these Hypothesis annotations are on'));
}

/** A brat .ann's records against the text of its source. */
async function bratBatch(ann: string, ref: SourceRef): Promise<ImportBatch> {
  const txt = await readGuarded(await resolveRoot(ref.root.uri), ref.uri, maxFileBytes(ref.root.uri));
  if (!txt.ok) throw new Refusal(`${ref.rel} cannot be read: ${txt.message}`);
  return fromBrat(ann, txt.text, ref.root.registry?.config ?? null);
}

function sourceRef(deps: CommandDeps, uri: vscode.Uri | undefined): SourceRef | undefined {
  const ref = uri ? deps.store.sourceFor(uri) : undefined;
  return ref?.entry ? ref : undefined;
}

function mustBeSource(deps: CommandDeps, uri: vscode.Uri): SourceRef {
  const ref = sourceRef(deps, uri);
  if (!ref) throw new Refusal(`${vscode.workspace.asRelativePath(uri, false)} is not a Marginalia source`);
  return ref;
}

async function pickSource(deps: CommandDeps, title: string): Promise<SourceRef> {
  const refs = deps.store.allRoots().flatMap((root) => root.corpus.all().map((e) => e.source).sort().map((rel) => deps.store.sourceFor(deps.store.uriOf(root, rel))).filter((r): r is SourceRef => !!r?.entry));
  if (refs.length === 0) throw new Refusal('no Marginalia sources in this workspace to import onto');
  // a path is a file name from git: shown as a plain label, never a codicon
  const picked = await vscode.window.showQuickPick(refs.map((ref) => ({ label: forLabel(ref.rel), ref })), { title });
  if (!picked) throw new Cancelled();
  return picked.ref;
}

/** Groups by source, then one guarded write per sidecar, all on one Undo entry, and one message. */
async function apply(deps: CommandDeps, batch: ImportBatch, forced: SourceRef | null, fileName: string): Promise<ImportSummary> {
  const sum: ImportSummary = { placed: 0, orphaned: 0, updated: 0, unchanged: 0, refused: 0, skipped: batch.skipped.length, written: [], reasons: batch.skipped.map((s) => `skipped ${s.origin}: ${s.reason}`) };
  const groups = new Map<SourceRef, Incoming[]>();
  const byRel = new Map<string, SourceRef>();
  for (const item of batch.items) {
    const ref = forced ?? namedSource(deps, item.source, byRel);
    if (!ref) {
      sum.skipped++;
      sum.reasons.push(`skipped ${item.origin}: ${item.source === null ? 'it names no source' : `${item.source} is not a source of this corpus`}`);
      continue;
    }
    const group = groups.get(ref);
    if (group) group.push(item);
    else groups.set(ref, [item]);
  }
  await deps.writer.change(`Import ${fileName}`, async (change) => {
    // in one edit of the registry: one at a time, each re-read of it re-read the corpus
    if (forced && batch.newEntities.length) await change.registry(forced.root, batch.newEntities.map((e) => ({ ...e, aliases: [] })));
    for (const [ref, items] of groups) {
      const sourceText = await readGuarded(await resolveRoot(ref.root.uri), ref.uri, maxFileBytes(ref.root.uri));
      if (!sourceText.ok) {
        count(sum, items.map((i) => refused(i, sourceText.message)));
        continue;
      }
      const seedKey = items[0].source;
      const seed = seedKey !== null ? batch.sidecarFields.get(seedKey) : undefined;
      const sidecarUri = vscode.Uri.file(sidecarPathFor(ref.uri.fsPath));
      let items2: ItemResult[] = [];
      let problems: Problem[] = [];
      const written = await change.imported(sidecarUri, (current) => {
        const r = applyImport(path.basename(ref.uri.fsPath), ref.rel + '.annotations.yaml', sourceText.text, current, items, seed ?? {});
        items2 = r.items;
        problems = r.problems;
        return r.text ?? undefined;
      });
      count(sum, items2);
      for (const p of problems.slice(0, 3)) sum.reasons.push(`${ref.rel}.annotations.yaml:${p.line}:${p.column}: ${p.message}`);
      if (written) sum.written.push(ref.rel);
    }
  });
  say(deps, sum, fileName);
  return sum;
}

function namedSource(deps: CommandDeps, rel: string | null, cache: Map<string, SourceRef>): SourceRef | undefined {
  if (rel === null || /^[a-z][a-z0-9+.-]*:/i.test(rel) || rel.startsWith('/') || rel.includes('\0') || rel.split(/[\\/]/).includes('..')) return undefined;
  const hit = cache.get(rel);
  if (hit) return hit;
  for (const root of deps.store.allRoots() as readonly CorpusRoot[]) {
    const ref = sourceRef(deps, deps.store.uriOf(root, rel));
    if (ref) {
      cache.set(rel, ref);
      return ref;
    }
  }
  return undefined;
}

const refused = (i: Incoming, message: string): ItemResult => ({ origin: i.origin, id: String(i.record.id ?? ''), outcome: 'refused', quote: String(i.record.quote ?? ''), message });

function count(sum: ImportSummary, items: readonly ItemResult[]): void {
  for (const i of items) {
    sum[i.outcome]++;
    if (i.outcome === 'refused') sum.reasons.push(`refused ${i.origin}: ${i.message ?? ''}`);
  }
}

function say(deps: CommandDeps, sum: ImportSummary, fileName: string): void {
  const counts = `${sum.placed} placed, ${sum.orphaned} orphaned (kept without a place), ${sum.updated} updated, ${sum.unchanged} unchanged, ${sum.skipped} skipped, ${sum.refused} refused`;
  const where = sum.written.length ? ` into ${sum.written.length === 1 ? sum.written[0] : `${sum.written.length} sources`}` : '';
  const why = sum.reasons.length ? ` — ${sum.reasons.slice(0, 3).join('; ')}${sum.reasons.length > 3 ? `; and ${sum.reasons.length - 3} more` : ''}` : '';
  const text = `Marginalia: imported ${fileName}${where}: ${counts}${why}`;
  if (sum.refused || (sum.skipped && !sum.written.length)) void deps.ui.warn(text);
  else void deps.ui.info(text);
}
