// A source's own fields, set from where the analyst sees the source (issue 14):
//
// - Accept Source Change: a source whose text no longer matches `provenance.sha256` is flagged
//   "changed since captured" (the rule `marginalia check` warns with). Once someone has read the
//   new text, this records its hash as the captured one, with a sidecar `history` entry naming
//   who accepted it and the old and new hash.
// - Set Source Reliability…: the Admiralty grade (A–F) of the source, with a history entry.
//
// Both write through the one guarded path (writer.change → rebuild: re-read, refuse an
// unreadable or conflicted sidecar, compare-and-swap) and land on the Undo stack. Surfaces: the
// Sources view row (context menu; inline on flagged rows for Accept) passes the row, the editor
// context menu passes the file's URI, the palette passes nothing and gets a picker, and scripts
// may pass `{source, grade}`. Titles in pickers and messages are page text: forLabel/forMessage.
import * as vscode from 'vscode';
import { RELIABILITY } from '../../core/admiralty';
import { parseSidecar, serializeSidecar } from '../../core/format';
import { withAcceptedText, withReliability, RELIABILITY_GRADES } from '../../core/sources/edits';
import { citeSource, sourceByline, sourceTitle } from '../../core/sources/naming';
import { forLabel, forMessage } from '../../core/text/untrusted';
import { changedSinceCaptured, sha256Hex } from '../../node/capture/provenance';
import { Commands } from '../ids';
import type { SourceRef } from '../store/corpusStore';
import { maxFileBytes, readGuarded, resolveRoot } from '../store/guardedRead';
import { SidecarError } from '../store/sidecarWriter';
import { Refusal } from '../ui/messages';
import type { CommandDeps } from './deps';
import { inSlices } from './longWork';
import type { Sliced } from '../../core/slices';

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The source a surface named: a Sources row (`resourceUri`), a Uri, a URI string, or `{source}`. */
function uriFromArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const parse = (s: string) => {
    try {
      return vscode.Uri.parse(s, true);
    } catch {
      return undefined;
    }
  };
  if (typeof arg === 'string') return parse(arg);
  if (arg && typeof arg === 'object') {
    const o = arg as { resourceUri?: unknown; uri?: unknown; source?: unknown };
    if (o.resourceUri instanceof vscode.Uri) return o.resourceUri;
    if (o.source instanceof vscode.Uri) return o.source;
    if (typeof o.source === 'string') return parse(o.source);
    if (o.uri instanceof vscode.Uri) return o.uri;
  }
  return undefined;
}

function gradeFromArg(arg: unknown): string | undefined {
  const g = arg && typeof arg === 'object' ? (arg as { grade?: unknown }).grade : undefined;
  return typeof g === 'string' && RELIABILITY_GRADES.includes(g) ? g : undefined;
}

/** Every listed source of every corpus (with its text read), those `keep` says; in slices (10,000 sources and their labels are a picker's 100 ms, issue 15). */
function* sourcesWhere(deps: CommandDeps, keep: (ref: SourceRef) => boolean = () => true): Sliced<SourceRef[]> {
  const out: SourceRef[] = [];
  for (const root of deps.store.allRoots()) {
    const entries = root.corpus.all();
    for (let i = 0; i < entries.length; i++) {
      const ref = deps.store.sourceFor(deps.store.uriOf(root, entries[i].source));
      if (ref?.entry && keep(ref)) out.push(ref);
      if (i % 256 === 255) yield;
    }
  }
  return out;
}

function flagged(ref: SourceRef): boolean {
  const s = ref.entry?.parsed?.sidecar;
  // the store keeps a closed source's digest, not its text (issue 15)
  const seen = ref.entry?.text ?? (ref.entry?.sha256 ? { sha256: ref.entry.sha256 } : null);
  return !!s?.provenance && seen !== null && changedSinceCaptured(s, seen) !== null;
}

function describe(ref: SourceRef): string {
  return forMessage(sourceTitle(ref.rel, ref.entry?.parsed?.sidecar?.provenance), 80);
}

async function pickSource(deps: CommandDeps, refs: SourceRef[], title: string): Promise<SourceRef | undefined> {
  const items = await inSlices(sourceItems(refs));
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true });
  return picked?.ref;
}

/** A picker's items for these sources: titles, bylines and paths are page text (forLabel). */
function* sourceItems(refs: readonly SourceRef[]): Sliced<(vscode.QuickPickItem & { ref: SourceRef })[]> {
  const items: (vscode.QuickPickItem & { ref: SourceRef })[] = [];
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    const s = ref.entry?.parsed?.sidecar;
    items.push({
      label: forLabel(sourceTitle(ref.rel, s?.provenance), 100),
      description: forLabel([sourceByline(s?.provenance), s?.reliability ?? ''].filter(Boolean).join(' · '), 80),
      detail: forLabel(ref.rel, 120),
      ref,
    });
    if (i % 256 === 255) yield;
  }
  return items;
}

/** The source `arg` names (refused when it is not one), or one the analyst picks from `candidates`. */
async function target(deps: CommandDeps, arg: unknown, candidates: () => Sliced<SourceRef[]>, title: string, none: string): Promise<SourceRef | undefined> {
  await deps.store.whenIndexed();
  const uri = uriFromArg(arg);
  if (uri) {
    const ref = deps.store.sourceFor(uri);
    if (!ref?.entry) throw new Refusal(`${forMessage(vscode.workspace.asRelativePath(uri, false))} is not a Marginalia source`);
    return ref;
  }
  const list = await inSlices(candidates());
  if (list.length === 0) {
    void deps.ui.info(none);
    return undefined;
  }
  return pickSource(deps, list, title);
}

/** The sidecar as it is on disk now, refused when it cannot be written safely. */
function readWritable(current: string, ref: SourceRef) {
  const p = parseSidecar(current, ref.sidecarUri.fsPath);
  const bad = p.problems.find((e) => e.severity === 'error');
  if (!p.sidecar || !p.writable || bad) {
    throw new SidecarError(`${forMessage(vscode.workspace.asRelativePath(ref.sidecarUri, false))} was left untouched: ${bad ? forMessage(bad.message) : 'it cannot be read as a sidecar'}`, ref.sidecarUri, bad?.line, bad?.column);
  }
  return p as typeof p & { sidecar: NonNullable<typeof p.sidecar> };
}

async function acceptSourceChange(deps: CommandDeps, arg: unknown): Promise<boolean> {
  const ref = await target(deps, arg, () => sourcesWhere(deps, flagged), 'Accept the changed text of which source?', 'Marginalia: no source has changed since it was captured.');
  if (!ref) return false;
  const read = await readGuarded(await resolveRoot(ref.root.uri), ref.uri, maxFileBytes(ref.root.uri));
  if (!read.ok) throw new Refusal(forMessage(read.message));
  const hash = sha256Hex(read.text);
  const actor = { by: await deps.author.name(ref.uri), at: nowIso() };
  let accepted = false;
  await deps.writer.change(`accept the changed text of ${describe(ref)}`, async (c) => {
    await c.rebuild(ref.sidecarUri, async (current) => {
      const p = readWritable(current, ref);
      const next = withAcceptedText(p.sidecar, hash, actor);
      accepted = next !== null;
      return next ? serializeSidecar(next, p.doc) : undefined;
    });
  });
  if (!accepted) {
    const has = ref.entry?.parsed?.sidecar?.provenance?.sha256;
    void deps.ui.info(`Marginalia: ${describe(ref)} ${has ? 'is the text that was captured; nothing to accept' : 'has no captured hash (provenance.sha256); nothing to accept'}.`);
    return false;
  }
  void deps.ui.info(`Marginalia: accepted the current text of ${describe(ref)} as captured.`, 'Undo').then((choice) => {
    if (choice === 'Undo') void vscode.commands.executeCommand(Commands.undo);
  });
  return true;
}

async function setSourceReliability(deps: CommandDeps, arg: unknown): Promise<boolean> {
  const ref = await target(deps, arg, () => sourcesWhere(deps), 'Set the reliability of which source?', 'Marginalia: there are no sources yet.');
  if (!ref) return false;
  const now = ref.entry?.parsed?.sidecar?.reliability;
  let grade = gradeFromArg(arg);
  if (!grade) {
    const picked = await vscode.window.showQuickPick(
      RELIABILITY_GRADES.map((g) => ({ label: g, description: RELIABILITY[g], picked: g === now, grade: g })),
      { title: `Reliability of ${forLabel(citeSource(ref.rel, ref.entry?.parsed?.sidecar?.provenance), 80)} (Admiralty grade)`, placeHolder: now ? `Now ${now} (${RELIABILITY[now] ?? '?'})` : 'Not graded yet' },
    );
    if (!picked) return false;
    grade = picked.grade;
  }
  const actor = { by: await deps.author.name(ref.uri), at: nowIso() };
  let changed = false;
  await deps.writer.change(`set the reliability of ${describe(ref)} to ${grade}`, async (c) => {
    // no sidecar yet: an empty one first, then the grade (both on this Undo entry)
    if (!ref.entry?.sidecarLength) await c.sidecar(ref.uri, []);
    await c.rebuild(ref.sidecarUri, async (current) => {
      const p = readWritable(current, ref);
      const next = withReliability(p.sidecar, grade!, actor);
      changed = next !== null;
      return next ? serializeSidecar(next, p.doc) : undefined;
    });
  });
  if (changed) void deps.ui.info(`Marginalia: ${describe(ref)} is graded ${grade} (${RELIABILITY[grade]}).`);
  return changed;
}

export function sourceCommands(deps: CommandDeps): [string, (...args: unknown[]) => unknown][] {
  return [
    [Commands.acceptSourceChange, (arg) => acceptSourceChange(deps, arg)],
    [Commands.setSourceReliability, (arg) => setSourceReliability(deps, arg)],
  ];
}
