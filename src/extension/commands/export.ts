// **Marginalia: Export…** and **Marginalia: Open Brief** (issue 10): the same exporters as
// `marginalia export` (src/core/export), fed from the store's corpus so what is exported is what
// the views show. Export… asks for a format, then a file (or, for brat, a folder); Open Brief
// shows the Markdown brief of the workspace, or of the current source, in VS Code's Markdown
// preview, from an untitled document (nothing written to disk). The brief's file text is inert
// Markdown (core/text/untrusted), so a note cannot become a link, image or command there.
// Palette: no argument. Editor context menu: the source's URI (Open Brief of that source).
// Tests and scripts may pass `{format, target}` to Export… to skip the dialogs. Both run in
// slices under a progress notification with Cancel (longWork.ts; issue 15).
import * as vscode from 'vscode';
import { exportInputSliced, renderExport, toBratSliced, type ExportFormat, type ExportInput } from '../../core/export';
import { Cancelled, inSlices } from './longWork';
import { utf8Sliced } from '../../core/text/utf8';
import type { Problem } from '../../core/types';
import type { CorpusRoot } from '../store/corpusStore';
import { Commands } from '../ids';
import { Refusal } from '../ui/messages';
import type { CommandDeps } from './deps';

type Handler = [string, (...args: unknown[]) => Promise<unknown>];

interface FormatChoice extends vscode.QuickPickItem {
  format: ExportFormat | 'csv-excel';
  ext: string;
  filter: string;
}

const FORMATS: FormatChoice[] = [
  { label: 'W3C Web Annotation (JSON-LD)', description: 'lossless: import gives the same sidecars back', format: 'w3c', ext: 'jsonld', filter: 'JSON-LD' },
  { label: 'Brief (HTML)', description: 'standalone, printable report for readers without VS Code', format: 'html', ext: 'html', filter: 'HTML' },
  { label: 'Brief (Markdown)', description: 'claims by status, evidence, entities, caveats', format: 'brief', ext: 'md', filter: 'Markdown' },
  { label: 'CSV', description: 'one row per annotation (RFC 4180, UTF-8)', format: 'csv', ext: 'csv', filter: 'CSV' },
  { label: 'CSV for Excel', description: 'byte-order mark, CRLF, formulas defused', format: 'csv-excel', ext: 'csv', filter: 'CSV' },
  { label: 'brat standoff (folder)', description: '.txt, .ann and annotation.conf per source', format: 'brat', ext: '', filter: '' },
];

export interface ExportArgs {
  format?: ExportFormat | 'csv-excel';
  /** The file (or folder, for brat) to write: skips the dialog. */
  target?: vscode.Uri;
}

export function exportCommands(deps: CommandDeps): Handler[] {
  return [
    [Commands.exportAnnotations, (arg?: unknown) => exportAnnotations(deps, isExportArgs(arg) ? arg : {})],
    [Commands.openBrief, (arg?: unknown) => openBrief(deps, arg instanceof vscode.Uri ? arg : undefined)],
  ];
}

const isExportArgs = (a: unknown): a is ExportArgs => typeof a === 'object' && a !== null && !(a instanceof vscode.Uri);

async function rootOf(deps: CommandDeps): Promise<CorpusRoot> {
  await deps.store.whenIndexed();
  const active = vscode.window.activeTextEditor?.document.uri;
  const ref = active ? deps.store.sourceFor(active) : undefined;
  if (ref) return ref.root;
  const roots = deps.store.allRoots();
  if (roots.length === 0) throw new Refusal('no Marginalia sources in this workspace');
  if (roots.length === 1) return roots[0];
  const picked = await vscode.window.showQuickPick(roots.map((r) => ({ label: vscode.workspace.asRelativePath(r.uri, true), root: r })), { title: 'Marginalia: export which corpus?' });
  if (!picked) throw new Cancelled();
  return picked.root;
}

async function inputOf(deps: CommandDeps, root: CorpusRoot, keep: (rel: string) => boolean = () => true, token?: vscode.CancellationToken): Promise<ExportInput> {
  const refused = new Map<string, Problem[]>();
  for (const [rel, p] of root.refused) refused.set(rel, [p]);
  // the store keeps only open sources' texts (issue 15): the others are read for the export
  const sources = root.corpus.all().filter((e) => keep(e.source));
  const [texts, sidecars] = await Promise.all([
    deps.store.textsOf(root, sources.filter((e) => e.readable).map((e) => e.source)),
    deps.store.textsOf(root, sources.filter((e) => e.sidecarLength !== null).map((e) => e.source), 'sidecar'),
  ]);
  return inSlices(exportInputSliced(root.corpus, keep, refused, (e) => ({ text: texts.get(e.source) ?? null, sidecarText: sidecars.get(e.source) ?? null })), token);
}

async function exportAnnotations(deps: CommandDeps, args: ExportArgs): Promise<vscode.Uri | undefined> {
  try {
    const root = await rootOf(deps);
    const choice = args.format ? FORMATS.find((f) => f.format === args.format) : await vscode.window.showQuickPick(FORMATS, { title: 'Marginalia: export annotations as…' });
    if (!choice) return undefined;
    const target = args.target ?? (await pickTarget(root, choice));
    if (!target) return undefined;
    const input = await deps.ui.progress(`Marginalia: exporting ${choice.label}…`, async (token) => {
      const input = await inputOf(deps, root, undefined, token);
      if (choice.format === 'brat') {
        const { files } = await inSlices(toBratSliced(input), token);
        for (const [rel, text] of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, ...rel.split('/')), await inSlices(utf8Sliced(text), token));
      } else {
        const pieces = await inSlices(renderExport(input, choice.format === 'csv-excel' ? 'csv' : choice.format, { excel: choice.format === 'csv-excel' }), token);
        await vscode.workspace.fs.writeFile(target, await inSlices(utf8Sliced(pieces), token));
      }
      return input;
    });
    const n = input.sources.reduce((k, s) => k + s.annotations.length, 0);
    const orphans = input.sources.reduce((k, s) => k + s.annotations.filter((a) => a.state === 'orphaned').length, 0);
    void deps.ui.info(`Marginalia: exported ${n} annotation${n === 1 ? '' : 's'}${orphans ? ` (${orphans} orphaned, marked as such)` : ''} to ${vscode.workspace.asRelativePath(target, false)}`);
    return target;
  } catch (e) {
    if (e instanceof Cancelled) return undefined;
    throw e;
  }
}

async function pickTarget(root: CorpusRoot, choice: FormatChoice): Promise<vscode.Uri | undefined> {
  if (choice.format === 'brat') {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: root.uri, openLabel: 'Export brat here', title: 'Marginalia: folder for the brat files' });
    return picked?.[0];
  }
  return vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(root.uri, `marginalia-export.${choice.ext}`), filters: { [choice.filter]: [choice.ext] }, title: 'Marginalia: export to' });
}

/** The brief in the Markdown preview; of one source when given (editor menu) or when no corpus-wide brief is asked. */
async function openBrief(deps: CommandDeps, uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  await deps.store.whenIndexed();
  const ref = uri ? deps.store.sourceFor(uri) : undefined;
  if (uri && !ref) throw new Refusal('this file is not a Marginalia source');
  let root: CorpusRoot;
  try {
    root = ref?.root ?? (await rootOf(deps));
  } catch (e) {
    if (e instanceof Cancelled) return undefined;
    throw e;
  }
  const scope = ref ? ref.rel : vscode.workspace.asRelativePath(root.uri, true) || 'the workspace';
  let markdown: string;
  try {
    markdown = await deps.ui.progress('Marginalia: writing the brief…', async (token) => {
      const input = await inputOf(deps, root, ref ? (rel) => rel === ref.rel : undefined, token);
      return (await inSlices(renderExport(input, 'brief', { scope }), token)).join('');
    });
  } catch (e) {
    if (e instanceof Cancelled) return undefined;
    throw e;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
  return doc;
}
