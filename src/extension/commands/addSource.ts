// "Marginalia: Add Source…" (issue 14): the same capture as `marginalia add` — node/capture
// reads the page, PDF or text file and stores it in the corpus with its provenance, or, for a
// newer version of a document already there, replaces its text and re-anchors its
// annotations — then the store re-reads the files and the Sources view shows the source.
// From the palette a file picker asks for the inputs; a folder's Explorer menu (a Uri) says
// where they go; a script or test may pass `{files: string[], into?: string, clean?: boolean}`
// (paths). A text file that is a web page saved as text asks whether to keep the article only
// (`clean` answers for a script). Page text shown in notifications goes through Messages (made
// inert there).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TextDump } from '../../core/capture/textDump';
import { maxBytesFromMB } from '../../core/limits';
import { forLabel } from '../../core/text/untrusted';
import { capture, CaptureError } from '../../node/capture/capture';
import { articleOnly } from '../../node/capture/provenance';
import { storeCapture, StoreError, type Stored } from '../../node/capture/store';
import { CorpusRoots } from '../../node/corpusRoot';
import { repoRoot } from '../../node/git';
import { Commands, Settings } from '../ids';
import { Refusal } from '../ui/messages';
import type { CommandDeps } from './deps';

interface AddArgs {
  files?: unknown;
  into?: unknown;
  /** For a web page saved as text: true keeps the article only, false the whole text; absent asks. */
  clean?: unknown;
}

async function addSource(deps: CommandDeps, arg: unknown): Promise<Stored[]> {
  const folder = vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Add the source to which folder?' });
  if (!folder) return [];
  if (folder.uri.scheme !== 'file') throw new Refusal('sources can only be added to folders on this machine');
  let into = folder.uri.fsPath;
  let files: string[] = [];
  let clean: boolean | undefined;
  if (arg instanceof vscode.Uri) {
    // the Explorer's context menu: a folder to add into, or a saved page to add
    if (fs.statSync(arg.fsPath, { throwIfNoEntry: false })?.isDirectory()) into = arg.fsPath;
    else files = [arg.fsPath];
  } else if (typeof arg === 'object' && arg !== null) {
    const a = arg as AddArgs;
    if (Array.isArray(a.files)) files = a.files.filter((f): f is string => typeof f === 'string');
    if (typeof a.into === 'string') into = path.resolve(folder.uri.fsPath, a.into);
    if (typeof a.clean === 'boolean') clean = a.clean;
  }
  if (!files.length) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: true,
      openLabel: 'Add Source',
      title: 'Marginalia: Add Source — a saved web page, a PDF, or a text or Markdown file',
      filters: { 'Web pages, PDFs and text': ['html', 'htm', 'xhtml', 'pdf', 'txt', 'md'] },
    });
    files = (picked ?? []).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  }
  if (!files.length) return [];
  const mb = vscode.workspace.getConfiguration(undefined, folder.uri).get<number>(Settings.maxFileSize);
  const maxBytes = maxBytesFromMB(mb);
  const { root } = new CorpusRoots().of(path.join(into, 'x'), { fallback: folder.uri.fsPath, gitTop: await repoRoot(into) });
  const done: Stored[] = [];
  for (const file of files) {
    let stored: Stored;
    try {
      const whole = await capture(file, { cwd: folder.uri.fsPath, maxBytes });
      const keep = whole.pageDump ? clean ?? (await askArticleOnly(path.basename(file), whole.pageDump)) : false;
      if (keep === undefined) continue;
      const captured = keep ? articleOnly(whole) : whole;
      stored = await storeCapture(captured, { into, root, maxBytes, keepOriginal: false, now: new Date() });
    } catch (e) {
      if (e instanceof CaptureError || e instanceof StoreError) throw new Refusal(`cannot add ${path.basename(file)}: ${e.message}`);
      throw e;
    }
    done.push(stored);
    const uri = vscode.Uri.file(stored.source);
    await deps.store.refresh(uri);
    await deps.trees.reveal(uri, undefined, { focus: true });
    void deps.ui.info(`Marginalia: ${describe(stored)}`);
  }
  return done;
}

/** A web page saved as text: keep its article only (true), the whole text (false), or neither (undefined). */
async function askArticleOnly(name: string, dump: TextDump): Promise<boolean | undefined> {
  const items = [
    { label: 'Keep the article only', description: `drops ${dump.droppedBefore} lines of menus before the headline and ${dump.droppedAfter} after the article`, clean: true },
    { label: 'Keep the whole text', description: 'as it was saved, menus included', clean: false },
  ];
  // the file name is the analyst's own choice of file, shown as a plain label
  const picked = await vscode.window.showQuickPick(items, { title: `Marginalia: ${forLabel(name)} looks like a web page saved as text` });
  return picked?.clean;
}

function describe(s: Stored): string {
  const name = path.basename(s.source);
  if (s.kind === 'unchanged') return `${name} is already up to date.`;
  if (s.kind === 'created') return `added ${s.provenance.title ? `“${s.provenance.title}” as ` : ''}${name}.`;
  const c = s.counts;
  return `new version of ${name}: ${c.anchored + c.moved} annotations in place, ${c.fuzzy} adjusted, ${c.orphaned} orphaned${c.orphaned ? ' — re-attach them (⚠ in the Sources view)' : ''}.`;
}

export const addSourceCommands = (deps: CommandDeps): [string, (...args: unknown[]) => unknown][] => [[Commands.addSource, (arg) => addSource(deps, arg)]];
