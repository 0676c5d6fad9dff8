// The one loop every extension write runs (issue 9; the git extension funnels every repository
// operation through one `run()` the same way): read the file's bytes now through the guarded
// read → refuse it if refused or unparseable (the caller's `compute` says so) → compute the new
// text from what is on disk now → compare-and-swap: read again, and only if nobody wrote in
// between write atomically, else start again from their version (bounded). A file that was
// there and vanished meanwhile is not recreated: someone deleted it on purpose (a git checkout,
// a colleague), and recreating it would resurrect their deletion with one entry in it.
import * as vscode from 'vscode';
import { forMessage } from '../../core/text/untrusted';
import { checkWritable } from '../../node/corpusFs';
import { fullTurn } from '../../core/slices';
import { writeNewTextAtomic, writeTextAtomic, type Contents } from './files';
import { keepLineEnds } from '../../core/text/lineEnds';
import { decodedRead, maxFileBytes, readGuardedBytes, resolveRoot, type GuardedBytes, type Refusal } from './guardedRead';
import { SidecarError } from './writeErrors';

const MAX_ATTEMPTS = 5;

export interface EditTarget {
  uri: vscode.Uri;
  /** The corpus root the file must stay inside (reads and writes are confined to it). */
  root: vscode.Uri;
  /** May the file be created when it is not there at the first read? */
  create: boolean;
}

/**
 * The new text from the text on disk now (null: no file), or undefined when there is nothing
 * to write. Throws SidecarError (or another located refusal) to refuse: nothing is written.
 */
export type Compute<R> = (current: string | null) => Promise<{ text: string; result: R } | undefined> | { text: string; result: R } | undefined;

/**
 * Compute over the file's bytes as read (null: no file), never decoded on the host: the new
 * contents as a text or as its UTF-8 bytes. For a computation that runs elsewhere (a worker,
 * which decodes and refuses a file that is not UTF-8 itself): a 4 MB sidecar decoded here,
 * posted as a string and answered with one held the host's thread for tens of ms each way, and
 * left 8 MB strings to collect (issue 15).
 */
export type ComputeBytes<R> = (current: Uint8Array | null) => Promise<{ text: Contents; result: R } | undefined>;

export interface Written<R> {
  before: string | null;
  after: string;
  result: R;
}

/** Runs between the read and the compare-and-swap (a test seam to interleave an outside writer). */
export type BeforeWrite = (uri: vscode.Uri) => Promise<void>;

/** Where the seam is looked up on every attempt (a test removes it once it has run). */
export interface Seams {
  readonly beforeWrite: BeforeWrite | undefined;
}

export async function guardedEdit<R>(target: EditTarget, compute: Compute<R>, seams?: Seams): Promise<Written<R> | undefined> {
  const written = await editLoop(target, (uri, bytes) => decodedText(uri, bytes), compute, seams);
  return written && { before: written.before, after: written.after as string, result: written.result };
}

/** guardedEdit handing `compute` the bytes read (ComputeBytes); the same loop, reads, refusals and compare-and-swap. */
export async function guardedEditBytes<R>(target: EditTarget, compute: ComputeBytes<R>, seams?: Seams): Promise<{ after: Contents; result: R } | undefined> {
  return editLoop(target, (_, bytes) => bytes, compute, seams);
}

async function editLoop<C, R>(target: EditTarget, contents: (uri: vscode.Uri, bytes: Buffer) => C, compute: (current: C | null) => Promise<{ text: Contents; result: R } | undefined> | { text: Contents; result: R } | undefined, seams?: Seams): Promise<{ before: C | null; after: Contents; result: R } | undefined> {
  const { uri } = target;
  let sawFile = false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const bytes = (await readBytes(target.root, uri))?.bytes ?? null;
    if (bytes === null && (sawFile || !target.create)) {
      throw new SidecarError(sawFile ? `${nameOf(uri)} was deleted while Marginalia was writing it; it was not recreated` : `${nameOf(uri)} does not exist`, uri);
    }
    if (bytes !== null) sawFile = true;
    const current = bytes === null ? null : contents(uri, bytes);
    // the decoding of a large file and the computing (its text posted to a worker) in two turns
    // of the event loop, not one long stall of the host's thread (issue 15: 4 MB, ~60 ms)
    await fullTurn();
    const next = await compute(current);
    if (next === undefined) return undefined;
    await seams?.beforeWrite?.(uri);
    if (!(await holdsStill(target.root, uri, bytes))) continue;
    await refuseUnwritable(target.root, uri);
    if (current === null) {
      // a file that must not exist yet: link(2) fails if it appeared meanwhile, and we start again
      try {
        await writeNewTextAtomic(uri, next.text);
      } catch (e) {
        if (await appeared(target.root, uri)) continue;
        throw e;
      }
      return { before: current, after: next.text, result: next.result };
    }
    // written with the line ends the file has (core/text/lineEnds.ts: a checkout on Windows)
    const after = keepLineEnds(bytes, next.text);
    await writeTextAtomic(uri, after);
    return { before: current, after, result: next.result };
  }
  throw new SidecarError(`${nameOf(uri)} kept changing while Marginalia tried to write it; try again`, uri);
}

/** The file's text through the guarded read; null when there is none; refused → SidecarError. */
export async function readForWrite(root: vscode.Uri, uri: vscode.Uri): Promise<string | null> {
  const r = await readBytes(root, uri);
  return r === null ? null : decodedText(uri, r.bytes);
}

/** Bytes read through the guarded read as its text; not UTF-8 → SidecarError (the read's refusal). */
function decodedText(uri: vscode.Uri, bytes: Buffer): string {
  const d = decodedRead({ ok: true, bytes, realPath: uri.fsPath });
  if (!d.ok) throw refused(uri, d);
  return d.text;
}

/**
 * The compare-and-swap's test: the file holds the very bytes read (none: there is still none).
 * Bytes, not the text decoded again (issue 15: a 4 MB sidecar's second decoding and comparison
 * were 20-40 ms of the extension host's thread per change). The same bytes are the same text;
 * other bytes are a change, even if they would decode to the same text (a spurious retry).
 */
async function holdsStill(root: vscode.Uri, uri: vscode.Uri, bytes: Uint8Array | null): Promise<boolean> {
  const r = await readBytes(root, uri);
  return r === null || bytes === null ? r === bytes : r.bytes.equals(bytes);
}

/** The file's bytes through the guarded read; null when there is none; refused → SidecarError. */
async function readBytes(root: vscode.Uri, uri: vscode.Uri): Promise<Extract<GuardedBytes, { ok: true }> | null> {
  const r = await readGuardedBytes(await resolveRoot(root), uri, maxFileBytes(root));
  if (r.ok) return r;
  if (r.reason === 'missing') return null;
  throw refused(uri, r);
}

function refused(uri: vscode.Uri, r: Refusal): SidecarError {
  return new SidecarError(`${nameOf(uri)} was left untouched: ${forMessage(r.message)}`, uri, r.line, r.column);
}

async function appeared(root: vscode.Uri, uri: vscode.Uri): Promise<boolean> {
  try {
    return (await readForWrite(root, uri)) !== null;
  } catch {
    return true;
  }
}

/** Refuses a file that is a symbolic link or whose folder leads outside the corpus. */
export async function refuseUnwritable(root: vscode.Uri, uri: vscode.Uri): Promise<void> {
  if (uri.scheme !== 'file') return;
  const refusal = await checkWritable(await resolveRoot(root), uri.fsPath);
  if (refusal) throw new SidecarError(`${nameOf(uri)} was left untouched: ${forMessage(refusal.split(uri.fsPath).join(vscode.workspace.asRelativePath(uri, false)))}`, uri);
}

/** A file's name for a message: workspace-relative, inert (no links, one line). */
export function nameOf(uri: vscode.Uri): string {
  return forMessage(vscode.workspace.asRelativePath(uri, false));
}
