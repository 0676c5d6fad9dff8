// Reading and writing through vscode.workspace.fs, so remote and virtual workspaces work.
// Reads go through the guarded read (guardedRead.ts): a file that is not a regular file inside
// its workspace folder, is over the size cap or is not UTF-8 is refused with an error naming it,
// never read (a FIFO would hang the caller) and never decoded lossily (a rewrite would lose bytes).
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { maxFileBytes, readGuarded, resolveRoot } from './guardedRead';

const encoder = new TextEncoder();

/** What a write takes: a text (written as UTF-8), or its UTF-8 bytes as they are. */
export type Contents = string | Uint8Array;

function bytesOf(text: Contents): Uint8Array {
  return typeof text === 'string' ? encoder.encode(text) : text;
}

/** A file Marginalia will not read (or write); the message names it and says why. */
export class FileRefusedError extends Error {
  constructor(
    message: string,
    readonly uri: vscode.Uri,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** The text of `uri`, or null when there is no such file; throws FileRefusedError when refused. */
export async function readText(uri: vscode.Uri): Promise<string | null> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const root = await resolveRoot(folder?.uri ?? vscode.Uri.joinPath(uri, '..'));
  const r = await readGuarded(root, uri, maxFileBytes(uri));
  if (r.ok) return r.text;
  if (r.reason === 'missing') return null;
  throw new FileRefusedError(r.line ? `${r.message} (line ${r.line}, column ${r.column})` : r.message, uri, r.line, r.column);
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes through a temporary sibling and a rename, so git, the editor and other tools see the
 * old file or the new one, never a torn write. On disk this is Node's rename(2): VS Code's
 * `workspace.fs.rename` with `overwrite` deletes the target first, which leaves a moment with
 * no file at all. Other file systems (remote, virtual) get the best their provider offers.
 */
export async function writeTextAtomic(uri: vscode.Uri, text: Contents): Promise<void> {
  if (uri.scheme === 'file') {
    await writeLocalAtomic(uri.fsPath, text);
    return;
  }
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const tmp = vscode.Uri.joinPath(uri, '..', `.${name}.${randomSuffix()}.tmp`);
  await vscode.workspace.fs.writeFile(tmp, bytesOf(text));
  try {
    await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
  } catch (e) {
    await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
    throw e;
  }
}

/** The text in a new temporary sibling of `file`, synced to disk; its path. */
async function writeTempSibling(file: string, text: Contents): Promise<string> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomSuffix()}.tmp`);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

async function writeLocalAtomic(file: string, text: Contents): Promise<void> {
  const tmp = await writeTempSibling(file, text);
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a file that must not exist yet (a sidecar re-linked to its new source): the text goes
 * to a temporary sibling, then link(2) gives it its name, which fails if that name is taken, so
 * nothing is ever overwritten, not even by a file created a moment before.
 */
export async function writeNewTextAtomic(uri: vscode.Uri, text: Contents): Promise<void> {
  if (uri.scheme !== 'file') {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const tmp = vscode.Uri.joinPath(uri, '..', `.${name}.${randomSuffix()}.tmp`);
    await vscode.workspace.fs.writeFile(tmp, bytesOf(text));
    try {
      await vscode.workspace.fs.rename(tmp, uri, { overwrite: false });
    } catch (e) {
      await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
      throw e;
    }
    return;
  }
  const file = uri.fsPath;
  const tmp = await writeTempSibling(file, text);
  try {
    await fs.link(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** Deletes a file (a sidecar moved to its new name). */
export async function deleteFile(uri: vscode.Uri): Promise<void> {
  if (uri.scheme === 'file') await fs.rm(uri.fsPath);
  else await vscode.workspace.fs.delete(uri);
}

const randomSuffix = () => Math.random().toString(36).slice(2, 10);

/** POSIX path of `uri` relative to `root`, or null when it is not inside it. */
export function relativePath(root: vscode.Uri, uri: vscode.Uri): string | null {
  if (root.scheme !== uri.scheme || root.authority !== uri.authority) return null;
  const base = root.path.endsWith('/') ? root.path : root.path + '/';
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : null;
}
