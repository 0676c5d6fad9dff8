// Reading and writing through vscode.workspace.fs, so remote and virtual workspaces work.
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export async function readText(uri: vscode.Uri): Promise<string | null> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'EntryNotFound')) return null;
    throw e;
  }
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
export async function writeTextAtomic(uri: vscode.Uri, text: string): Promise<void> {
  if (uri.scheme === 'file') {
    await writeLocalAtomic(uri.fsPath, text);
    return;
  }
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const tmp = vscode.Uri.joinPath(uri, '..', `.${name}.${randomSuffix()}.tmp`);
  await vscode.workspace.fs.writeFile(tmp, encoder.encode(text));
  try {
    await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
  } catch (e) {
    await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
    throw e;
  }
}

async function writeLocalAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomSuffix()}.tmp`);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

const randomSuffix = () => Math.random().toString(36).slice(2, 10);

/** POSIX path of `uri` relative to `root`, or null when it is not inside it. */
export function relativePath(root: vscode.Uri, uri: vscode.Uri): string | null {
  if (root.scheme !== uri.scheme || root.authority !== uri.authority) return null;
  const base = root.path.endsWith('/') ? root.path : root.path + '/';
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : null;
}
