// Reading files of a corpus as untrusted input, for the CLI and the extension alike (Node only,
// no `vscode`). A sidecar, source or registry is read only when, after every symlink is
// resolved, it is a regular file inside the corpus root and no larger than the cap; a FIFO, a
// device (/dev/zero, /dev/stdin) or a path that leads outside is refused with a reason. What a
// symlink leads to is never opened unless it is a regular file inside; a FIFO or device standing
// in a corpus folder itself (git cannot make one) may be opened, never blocking and never as a
// terminal, for fstat to refuse it unread. Bytes are decoded strictly: invalid UTF-8 is
// reported, not replaced.
//
// A path is checked, then opened: a folder swapped for a symlink in between (a checkout running
// beside an index) would lead the open elsewhere. Where the system can say what an open file
// descriptor names (Linux: /proc/self/fd), every read checks that too before reading a byte, so
// a file outside the corpus is never read, however the path changed meanwhile.
import { isUtf8 } from 'node:buffer';
import { constants, promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatSize } from '../core/limits';
import { plainTail } from '../core/text/posixPath';
import { decodeUtf8Strict } from '../core/text/utf8';
import type { FileText } from '../core/worker/docTexts';
import { sha256HexOfBytes } from './capture/provenance';

export type RefusedReason = 'missing' | 'outside' | 'not-file' | 'too-large' | 'encoding';

export type GuardedRead =
  | { ok: true; text: string; realPath: string }
  | { ok: false; reason: RefusedReason; message: string; line?: number; column?: number };

export interface ReadLimits {
  /** Files larger than this are refused. */
  maxBytes: number;
  /**
   * Synchronous reads only: directories resolved so far (path → real path), for reading many
   * files of the same folders (an index). A file is then opened by its folder's cached real
   * path, without following a symlink, instead of resolving every component again; a symlink
   * is resolved and checked as ever (readCachedSync). Only where the opened file can be checked (see the
   * header): if it is not the file the cache named (a folder replaced by a symlink since it was
   * resolved, the file renamed), the read is done again without the cache. The same files are
   * refused for the same reasons.
   */
  realDirs?: Map<string, string>;
  /** Synchronous reads only: told which file was read (statId), as fstat found it before the read; for a cache of reads (indexCache.ts). */
  onRead?: (id: string) => void;
}

/**
 * Which file `st` describes, and as what: device, inode, size, modification and change time.
 * Any write changes the change time, which no tool can set back: the same id is the same bytes.
 */
export function statId(st: fs.Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/** Whether `p` is `root` or inside it (both absolute, already resolved). */
export function isInside(root: string, p: string): boolean {
  // the usual case answered without path.relative (issue 15: with its resolve and normalise, a
  // tenth of an index worker's reading time): plain paths that cannot mean anything else
  if (POSIX && plainTail(root, p) !== null) return true;
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

const POSIX = path.sep === '/';

/** The root resolved through symlinks, or the root itself when it does not exist. */
export async function realRoot(root: string): Promise<string> {
  return fsp.realpath(root).catch(() => path.resolve(root));
}

export function realRootSync(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

/** Reads `file` of the corpus at `root` (pass `realRoot(root)`), or says why it will not. */
export async function readCorpusFile(root: string, file: string, limits: ReadLimits): Promise<GuardedRead> {
  return decodedRead(await readCorpusBytes(root, file, limits));
}

/**
 * The same rules without decoding: a large sidecar's bytes go to a worker as they are (issue 15:
 * decoding 3.8 MB and posting the text held the host ~100 ms). decodedRead makes them the read.
 */
export async function readCorpusBytes(root: string, file: string, limits: ReadLimits): Promise<GuardedBytes> {
  let real: string;
  try {
    real = await fsp.realpath(file);
  } catch {
    return refuse('missing', `not found: ${file}`);
  }
  if (!isInside(root, real)) return refuse('outside', `refused: ${file} leads outside the corpus (to ${real})`);
  let st: fs.Stats;
  try {
    st = await fsp.stat(real);
  } catch {
    return refuse('missing', `not found: ${file}`);
  }
  const kind = checkStat(file, st, limits);
  if (kind) return kind;
  let bytes: Buffer;
  // O_NONBLOCK: should the file be swapped for a FIFO after the stat, open() does not wait for a writer.
  const handle = await fsp.open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const opened = openedPath(handle.fd);
    if (opened !== null && !isInside(root, opened)) return refuse('outside', `refused: ${file} leads outside the corpus (to ${opened})`);
    const again = await handle.stat();
    const changed = checkStat(file, again, limits);
    if (changed) return changed;
    bytes = await readUpTo(handle, limits.maxBytes + 1, again.size);
  } finally {
    await handle.close();
  }
  if (bytes.length > limits.maxBytes) return tooLarge(file, bytes.length, limits);
  return { ok: true, bytes, realPath: real };
}

/** The same rules, synchronously (the CLI). */
export function readCorpusFileSync(root: string, file: string, limits: ReadLimits): GuardedRead {
  return decodedRead(readCorpusBytesSync(root, file, limits));
}

export type GuardedBytes = { ok: true; bytes: Buffer; realPath: string } | Extract<GuardedRead, { ok: false }>;

/**
 * A file's text by the same rules, synchronously, only when its bytes have the SHA-256 `sha256`:
 * the text a caller read there before and holds (an open document the editor's worker reads for
 * itself rather than be sent, core/worker/docTexts.ts); null when it is refused or not that text.
 */
export function readCorpusTextMatching(file: FileText): string | null {
  const r = readCorpusBytesSync(file.root, file.path, { maxBytes: file.maxBytes });
  if (!r.ok || sha256HexOfBytes(r.bytes) !== file.sha256) return null;
  const text = decodedRead(r);
  return text.ok ? text.text : null;
}

/**
 * The same rules, synchronously, without decoding: for scanners that work on UTF-8 bytes
 * (`marginalia entities`) and decide themselves what to do with invalid sequences.
 */
export function readCorpusBytesSync(root: string, file: string, limits: ReadLimits): GuardedBytes {
  if (limits.realDirs && CHECKS_OPENED) return readCachedSync(root, file, limits, limits.realDirs);
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return refuse('missing', `not found: ${file}`);
  }
  if (!isInside(root, real)) return refuse('outside', `refused: ${file} leads outside the corpus (to ${real})`);
  const st = fs.statSync(real, { throwIfNoEntry: false });
  if (!st) return refuse('missing', `not found: ${file}`);
  const kind = checkStat(file, st, limits);
  if (kind) return kind;
  const fd = fs.openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    // what was opened, whatever the path led to when it was checked
    const opened = openedPath(fd);
    if (opened !== null && !isInside(root, opened)) return refuse('outside', `refused: ${file} leads outside the corpus (to ${opened})`);
    return readOpened(file, fd, real, limits);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The read with the file's folder resolved once (ReadLimits.realDirs): the file is opened by its
 * folder's cached real path without following a symlink, and what was opened is checked (its
 * path as the kernel names it, then fstat: a regular file within the size limit). No lstat first:
 * the open says what the lstat did (a symlink fails it; a FIFO opens without blocking, and fstat
 * refuses it, as it refuses a folder), a syscall a file (issue 15). Anything unexpected (a
 * symlink, a folder swapped since it was resolved) is read the careful way instead.
 */
function readCachedSync(root: string, file: string, limits: ReadLimits, realDirs: Map<string, string>): GuardedBytes {
  const careful = () => readCorpusBytesSync(root, file, { maxBytes: limits.maxBytes, onRead: limits.onRead });
  const at = realPathIn(file, realDirs);
  if (!at) return refuse('missing', `not found: ${file}`);
  const { dir, real } = at;
  if (!isInside(root, real)) return careful(); // says which way it leads out
  let fd: number;
  try {
    fd = fs.openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | constants.O_NOFOLLOW);
  } catch (e) {
    // nothing there along the path as it is now (a source without a sidecar, the usual case)
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return refuse('missing', `not found: ${file}`);
    return careful(); // a symlink (ELOOP), a folder swapped for something else: resolved as it is now
  }
  try {
    if (openedPath(fd) !== real) {
      // the cached folder no longer leads there (replaced by a symlink since it was resolved)
      realDirs.delete(dir);
      return careful();
    }
    return readOpened(file, fd, real, limits);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Where `file` really is: its folder resolved through symlinks once for every file of a
 * `realDirs` map (a task's: a folder renamed later is resolved again), joined to its name; null
 * when the folder is not there. The index's reads open this path, and its kept reads are taken
 * again only for a file that resolves where the read found it (indexCache.ts), by this one rule.
 */
export function realPathIn(file: string, realDirs: Map<string, string>): { dir: string; real: string } | null {
  const dir = path.dirname(file);
  let realDir = realDirs.get(dir);
  if (realDir === undefined) {
    try {
      realDir = realpathSync(dir);
    } catch {
      return null;
    }
    realDirs.set(dir, realDir);
  }
  return { dir, real: path.join(realDir, path.basename(file)) };
}

/** An open file read whole, once fstat says it is still a regular file within the limit: up to the size it has. */
function readOpened(file: string, fd: number, real: string, limits: ReadLimits): GuardedBytes {
  const now = fs.fstatSync(fd);
  const changed = checkStat(file, now, limits);
  if (changed) return changed;
  const size = now.size;
  const buf = Buffer.allocUnsafe(Math.min(limits.maxBytes + 1, Math.max(size + 1, 1)));
  let n = 0;
  // a regular file is read up to the size the open file has: the read that would only say
  // "end of file" is left out (a syscall a file, issue 15); a file that says 0 (some file
  // systems do) is read to its end, and one that grows meanwhile is read as fstat found it
  while (n < buf.length && !(size > 0 && n === size)) {
    const r = fs.readSync(fd, buf, n, buf.length - n, null);
    if (r === 0) break;
    n += r;
  }
  const bytes = buf.subarray(0, n);
  if (bytes.length > limits.maxBytes) return tooLarge(file, bytes.length, limits);
  limits.onRead?.(statId(now));
  return { ok: true, bytes, realPath: real };
}

/** Whether this system says what an open file descriptor names (openedPath). */
const CHECKS_OPENED = process.platform === 'linux' && fs.existsSync('/proc/self/fd');

/** The path open file descriptor `fd` names now, as the kernel resolved it; null where the system cannot say. */
function openedPath(fd: number): string | null {
  if (!CHECKS_OPENED) return null;
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

function checkStat(file: string, st: fs.Stats, limits: ReadLimits): Extract<GuardedRead, { ok: false }> | null {
  if (!st.isFile()) return refuse('not-file', `refused: ${file} is not a regular file`);
  if (st.size > limits.maxBytes) return tooLarge(file, st.size, limits);
  return null;
}

function tooLarge(file: string, size: number, limits: ReadLimits): Extract<GuardedRead, { ok: false }> {
  return refuse('too-large', `refused: ${file} is ${formatSize(size)}, over the ${formatSize(limits.maxBytes)} limit (setting marginalia.files.maxSizeMB, or --max-size)`);
}

/** A guarded read's bytes as its text: strict UTF-8 (the one rule for every read), or the refusal that says where it is not. */
export function decodedRead(r: GuardedBytes): GuardedRead {
  return r.ok ? decoded(r.realPath, r.bytes) : r;
}

function decoded(real: string, bytes: Uint8Array): GuardedRead {
  // valid UTF-8 with no byte-order mark (which TextDecoder drops): the same text from Buffer's
  // decoder, about 1.5× faster than a fatal TextDecoder (issue 15: 20,000 files in `check`)
  if (Buffer.isBuffer(bytes) && typeof isUtf8 === 'function' && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) && isUtf8(bytes)) {
    return { ok: true, text: bytes.toString('utf8'), realPath: real };
  }
  const d = decodeUtf8Strict(bytes);
  if (d.ok) return { ok: true, text: d.text, realPath: real };
  return { ok: false, reason: 'encoding', message: d.message, line: d.line, column: d.column };
}

/**
 * One realpath(3) call where the platform's agrees with Node's own (Node's walks the path with an
 * lstat per folder: a third of `check`'s reading time on 10,000 sources, issue 15). On Windows
 * the native one may name a drive differently from the root's, so Node's is kept there.
 */
const realpathSync = process.platform === 'win32' ? fs.realpathSync : fs.realpathSync.native;

/** Reads at most `max` bytes; the first buffer fits the size stat gave (+1 to see growth), not 1 MB a file. */
async function readUpTo(handle: fsp.FileHandle, max: number, expected: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < max) {
    const want = total === 0 ? expected + 1 : 1 << 20;
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(want, 1 << 20, max - total)));
    const { bytesRead } = await handle.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    chunks.push(buf.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

function refuse(reason: RefusedReason, message: string): Extract<GuardedRead, { ok: false }> {
  return { ok: false, reason, message };
}

/**
 * Whether Marginalia may write `file`: its folder resolves inside the root, and the file, if it
 * exists, is a regular file and not a symlink (a rename would replace the link, but a symlinked
 * sidecar or .gitattributes is someone else's file; it is not ours to rewrite).
 */
export async function checkWritable(root: string, file: string): Promise<string | null> {
  const dir = await fsp.realpath(path.dirname(file)).catch(() => null);
  if (!dir || !isInside(root, dir)) return `refused: ${file} is outside the corpus`;
  const st = await fsp.lstat(file).catch(() => null);
  if (st && st.isSymbolicLink()) return `refused: ${file} is a symbolic link; Marginalia does not write through links`;
  if (st && !st.isFile()) return `refused: ${file} is not a regular file`;
  return null;
}
