// Writing a file so that a reader (git, the editor, another tool) sees the old file or the new
// one, never half of one: a temporary file in the same folder, fsync, then a rename. Shared by
// the CLI and git-setup. The rename replaces a symlink rather than writing through it; callers
// refuse symlinked targets first (checkWritable), as they are someone else's file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

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
