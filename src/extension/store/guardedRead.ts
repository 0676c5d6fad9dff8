// Every file the extension reads from a corpus comes through here (issue 8: shared files are
// hostile). On disk it is src/node/corpusFs.ts: after every symlink is resolved the file must be
// a regular file inside the corpus root and under the size cap, or it is refused with a reason
// and never opened, so a FIFO cannot leave indexing waiting and /dev/zero cannot fill memory.
// Other file systems (remote, virtual) get the same rules as far as their provider can tell:
// a regular file, under the cap, strict UTF-8.
import * as vscode from 'vscode';
import { maxBytesFromMB, formatSize } from '../../core/limits';
import { decodedRead, readCorpusBytes, readCorpusFileSync, realRootSync, type GuardedBytes, type GuardedRead } from '../../node/corpusFs';
import { Settings } from '../ids';

export type { GuardedBytes, GuardedRead } from '../../node/corpusFs';
export { decodedRead } from '../../node/corpusFs';
export type Refusal = Extract<GuardedRead, { ok: false }>;

/** The `marginalia.files.maxSizeMB` setting for this folder, in bytes. */
export function maxFileBytes(scope?: vscode.Uri): number {
  return maxBytesFromMB(vscode.workspace.getConfiguration(undefined, scope).get<number>(Settings.maxFileSize));
}

/**
 * The root as the read checks it: resolved through symlinks (a `file:` root), else as is. On
 * disk, synchronously: a few system calls, once a root an index, where the asynchronous
 * realpath came back 170-210 ms later on an index of 10,000 sources (its turn of an event loop
 * busy with the views' first draw), and the index workers, ready, waited for it (issue 15).
 */
export function resolveRoot(root: vscode.Uri): Promise<string> {
  return Promise.resolve(root.scheme === 'file' ? realRootSync(root.fsPath) : root.path);
}

/**
 * Reads `uri` of the corpus whose root resolves to `realRootPath` (from resolveRoot), or says
 * why not. Never throws: an error of the file system is a refusal naming the file.
 */
export async function readGuarded(realRootPath: string, uri: vscode.Uri, maxBytes: number): Promise<GuardedRead> {
  return decodedRead(await readGuardedBytes(realRootPath, uri, maxBytes));
}

/**
 * readGuarded without the decoding (the same rules, the same refusals): a large sidecar's
 * bytes go to the editor's worker as they are (largeSidecars.ts LARGE_SIDECAR); `decodedRead`
 * makes them readGuarded's answer.
 */
export async function readGuardedBytes(realRootPath: string, uri: vscode.Uri, maxBytes: number): Promise<GuardedBytes> {
  const name = vscode.workspace.asRelativePath(uri, false);
  try {
    if (uri.scheme === 'file') {
      const r = await readCorpusBytes(realRootPath, uri.fsPath, { maxBytes });
      // messages name the file as the analyst knows it, not by its absolute path
      return r.ok ? r : { ...r, message: r.message.split(uri.fsPath).join(name) };
    }
    return await bytesThroughProvider(uri, name, maxBytes);
  } catch (e) {
    return { ok: false, reason: 'not-file', message: `cannot read ${name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * readGuarded for one small file of the disk, synchronously: an index reads its registries so
 * (issue 15: the asynchronous read of a 450 KB registry took 170-190 ms at activation, waiting
 * its turns of an event loop busy with every extension's start, against ~2 ms of reading). The
 * root is resolved here. Null for another file system: read it with readGuarded.
 */
export function readGuardedSync(root: vscode.Uri, uri: vscode.Uri, maxBytes: number): GuardedRead | null {
  if (uri.scheme !== 'file' || root.scheme !== 'file') return null;
  const name = vscode.workspace.asRelativePath(uri, false);
  try {
    const r = readCorpusFileSync(realRootSync(root.fsPath), uri.fsPath, { maxBytes });
    return r.ok ? r : { ...r, message: r.message.split(uri.fsPath).join(name) };
  } catch (e) {
    return { ok: false, reason: 'not-file', message: `cannot read ${name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function bytesThroughProvider(uri: vscode.Uri, name: string, maxBytes: number): Promise<GuardedBytes> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return { ok: false, reason: 'missing', message: `not found: ${name}` };
  }
  if (!(stat.type & vscode.FileType.File)) return { ok: false, reason: 'not-file', message: `refused: ${name} is not a regular file` };
  const tooLarge = (size: number): Refusal => ({
    ok: false,
    reason: 'too-large',
    message: `refused: ${name} is ${formatSize(size)}, over the ${formatSize(maxBytes)} limit (setting marginalia.files.maxSizeMB)`,
  });
  if (stat.size > maxBytes) return tooLarge(stat.size);
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.length > maxBytes) return tooLarge(bytes.length);
  return { ok: true, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), realPath: uri.path };
}
