// Writing a file so that a reader (git, the editor, another tool) sees the old file or the new
// one, never half of one: a temporary file in the same folder, fsync, then a rename. Shared by
// the CLI and git-setup. The rename replaces a symlink rather than writing through it; callers
// refuse symlinked targets first (checkWritable), as they are someone else's file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkWritable, readCorpusFileSync } from './corpusFs';
import { keepLineEnds } from '../core/text/lineEnds';

/**
 * Writes `text` to `file` atomically. When `expected` is given and the file no longer holds
 * it, nothing is written and false is returned: someone changed it meanwhile.
 */
export function writeFileAtomic(file: string, text: string, expected?: string): boolean {
  if (expected !== undefined) {
    const now = fs.readFileSync(file, 'utf8');
    if (now !== expected) return false;
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx');
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return true;
}

/**
 * The one guarded write of a corpus file: only a regular file inside `root` that is not a
 * symlink, and only while it still holds `expected` (read again under the same rules, so a
 * file swapped for a FIFO cannot hang the check), with `expected`'s line ends
 * (core/text/lineEnds.ts). Returns null when written, else why not.
 */
export async function writeCorpusFile(root: string, file: string, expected: string, text: string, maxBytes: number): Promise<string | null> {
  const refused = await checkWritable(root, file);
  if (refused) return refused;
  const now = readCorpusFileSync(root, file, { maxBytes });
  if (!now.ok) return now.message;
  if (now.text !== expected) return `${file} changed meanwhile; left as it is`;
  writeFileAtomic(file, keepLineEnds(expected, text)); // with the line ends it has (a checkout on Windows)
  return null;
}
