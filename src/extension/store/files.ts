// Reading and writing through vscode.workspace.fs, so remote and virtual workspaces work.
import * as vscode from 'vscode';

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
 * old file or the new one, never a torn write.
 */
export async function writeTextAtomic(uri: vscode.Uri, text: string): Promise<void> {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const rand = Math.random().toString(36).slice(2, 10);
  const tmp = vscode.Uri.joinPath(uri, '..', `.${name}.${rand}.tmp`);
  await vscode.workspace.fs.writeFile(tmp, encoder.encode(text));
  try {
    await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
  } catch (e) {
    await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
    throw e;
  }
}

/** POSIX path of `uri` relative to `root`, or null when it is not inside it. */
export function relativePath(root: vscode.Uri, uri: vscode.Uri): string | null {
  if (root.scheme !== uri.scheme || root.authority !== uri.authority) return null;
  const base = root.path.endsWith('/') ? root.path : root.path + '/';
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : null;
}
